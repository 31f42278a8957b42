//! Integration tests: the real server over HTTP, on SQLite by default and on
//! PostgreSQL when `THIDUA_TEST_DATABASE_URL` names a server.

mod support;

mod audit_admin;
mod audit_trail;
mod award_decisions;
mod awards;
mod campaigns;
mod changes;
mod check_order;
mod cli;
mod commendation_loop;
mod complaints;
mod cors;
mod council;
mod demo;
mod docs;
mod documents;
mod errors;
mod evidence;
mod health;
mod idempotency;
mod imports;
mod matrix;
mod metrics;
mod migrations;
mod nominations;
mod org_tree;
mod outage;
mod papers;
mod preconditions;
mod proxies;
mod readme;
mod reminders;
mod reorganisation;
mod reports;
mod scoreboard;
mod scoreboard_totals;
mod search;
mod settings;
mod strict_inputs;
mod tokens;
mod updated_since;
mod webhooks;
mod webhooks_crash;
mod writes;
