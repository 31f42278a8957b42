//! The scoreboard's use cases: the board and its preview, a unit's
//! explanation, the counted values, the district's roll-up. Each authorises
//! itself and reads only; the boards are computed in SQL (`compute`) and kept
//! while their campaign is unchanged (`cache`).
//!
//! Who uses whom: `board`, `explain` and `rollup` read boards through
//! `cache`, which computes them with `compute`; `values` uses `compute`'s
//! counted periods; `results` lends the approved board and a unit's
//! explanation to the nominations. No file imports one that imports it.

pub mod board;
pub mod cache;
mod compute;
pub mod explain;
pub mod results;
pub mod rollup;
pub mod values;

pub use cache::ScoreboardCache;
