//! thidua: the REST API that runs an administrative-reform emulation
//! movement (plan 05/KH-UBND, xã Đại Thắng). The binary in `main.rs` is a
//! thin CLI over this library, which the integration tests use directly.

pub mod api;
pub mod app;
pub mod auth;
pub mod bootstrap;
pub mod cache;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod http;
pub mod model;
pub mod service;
pub mod state;
pub mod storage;
pub mod telemetry;
