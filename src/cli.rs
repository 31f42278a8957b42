//! The operator's commands that work on the database directly (no server):
//! settings and user accounts. Passwords are read from standard input, never
//! from the command line, so they stay out of shell history and `ps`.

use std::io::BufRead;

use crate::app;
use crate::auth::passwords::hash_blocking;
use crate::config::Config;
use crate::db::{self, DbConnection};
use crate::demo;
use crate::domain::accounts::{check_username, role_fits_unit};
use crate::domain::page::{MAX_LIMIT, Page};
use crate::domain::role::Role;
use crate::domain::text::check_name;
use crate::domain::{password, settings};

fn connect(config: &Config) -> Result<DbConnection, String> {
    app::prepare_database(config).map_err(|e| e.to_string())?;
    db::connect_once(&config.database, config.db_timeout).map_err(|e| e.to_string())
}

/// The first line of standard input, without its line ending.
fn read_password() -> Result<String, String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err("give the password on standard input, e.g. `printf '%s\\n' \"$PW\" | thidua user …`".to_owned());
    }
    Ok(password)
}

pub fn settings_list(config: &Config) -> Result<(), String> {
    let mut conn = connect(config)?;
    let (items, _) = db::settings::list(&mut conn, Page::new(Some(MAX_LIMIT), None)).map_err(|e| e.to_string())?;
    for s in items {
        println!("{}\t{}", s.key, s.value);
    }
    Ok(())
}

pub fn settings_get(config: &Config, key: &str) -> Result<(), String> {
    let mut conn = connect(config)?;
    match db::settings::get(&mut conn, key).map_err(|e| e.to_string())? {
        Some(s) => {
            println!("{}", s.value);
            Ok(())
        }
        None => Err(format!("no setting has the key {key:?}")),
    }
}

pub fn settings_set(config: &Config, key: &str, value: &str) -> Result<(), String> {
    settings::check_key(key).map_err(|rule| format!("the key {key:?} {rule}"))?;
    let mut conn = connect(config)?;
    db::write_transaction(&mut conn, |conn| db::settings::put(conn, key, value)).map_err(|e| e.to_string())?;
    println!("{key} = {value}");
    Ok(())
}

pub fn user_list(config: &Config) -> Result<(), String> {
    let mut conn = connect(config)?;
    // Every path starts with '/': the whole tree.
    let filter = db::users::Filter { within: "/".to_owned(), ..Default::default() };
    let mut offset = 0;
    loop {
        let (users, total) =
            db::users::list(&mut conn, &filter, Page::new(Some(MAX_LIMIT), Some(offset))).map_err(|e| e.to_string())?;
        for u in &users {
            let state = if u.active { "active" } else { "inactive" };
            println!("{}\t{}\t{}\t{}", u.username, u.role, state, u.display_name);
        }
        offset += users.len() as u64;
        if users.is_empty() || offset >= total {
            return Ok(());
        }
    }
}

/// Creates a user bound to the unit with `unit_code`; the password comes from standard input.
pub fn user_create(
    config: &Config,
    username: &str,
    display_name: &str,
    role: &str,
    unit_code: &str,
) -> Result<(), String> {
    let username = check_username(username).map_err(|rule| format!("the username {rule}"))?;
    let display_name = check_name(display_name, 200).map_err(|rule| format!("the display name {rule}"))?;
    let role: Role = role.parse().map_err(|rule| format!("the role {rule}"))?;
    let password = read_password()?;
    password::check_strength(&password, &username).map_err(|rule| format!("the password {rule}"))?;
    let mut conn = connect(config)?;
    let unit = db::org_units::get_by_code(&mut conn, unit_code)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no org unit has the code {unit_code:?}"))?;
    if !role_fits_unit(role, unit.kind) {
        return Err(format!("a {role} cannot be bound to a {} unit", unit.kind));
    }
    let hash = hash_blocking(config.auth.argon2, &password)?;
    let id = uuid::Uuid::now_v7().to_string();
    let new = db::users::NewUser {
        id: &id,
        username: &username,
        display_name: &display_name,
        role: role.as_str(),
        org_unit_id: &unit.id,
        password_hash: &hash,
    };
    db::write_transaction(&mut conn, |conn| db::users::insert(conn, new)).map_err(|e| match e {
        db::DbError::UniqueViolation(_) => format!("the username {username:?} is taken"),
        other => other.to_string(),
    })?;
    println!("created {username} ({role}) in {}", unit.name);
    Ok(())
}

/// Sets a user's password from standard input; their tokens are revoked.
pub fn user_passwd(config: &Config, username: &str) -> Result<(), String> {
    let username = username.trim().to_lowercase();
    let password = read_password()?;
    password::check_strength(&password, &username).map_err(|rule| format!("the password {rule}"))?;
    let mut conn = connect(config)?;
    let (user, _, _) = db::users::credentials(&mut conn, &username)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no user has the username {username:?}"))?;
    let hash = hash_blocking(config.auth.argon2, &password)?;
    db::write_transaction(&mut conn, |conn| db::users::set_password(conn, &user.id, &hash))
        .map_err(|e| e.to_string())?;
    println!("password of {username} changed; their sign-ins are revoked");
    Ok(())
}

/// Loads the demo (with `only_if_empty`, only into a database that holds
/// nothing yet) and prints the demo accounts' passwords.
pub fn demo(config: &Config, only_if_empty: bool) -> Result<(), String> {
    let mut conn = connect(config)?;
    if only_if_empty && !demo::is_empty(&mut conn).map_err(|e| e.to_string())? {
        tracing::info!("the database holds data already; the demo is not loaded");
        return Ok(());
    }
    let loaded = demo::load(&mut conn, config).map_err(|e| e.to_string())?;
    if loaded.created_units == 0 && !loaded.created_campaign && loaded.new_users.is_empty() {
        println!("The demo is loaded already; nothing changed.");
        return Ok(());
    }
    println!(
        "Loaded the demo: {} org units, campaign {} ({}).",
        loaded.created_units,
        demo::CAMPAIGN_CODE,
        if loaded.created_campaign { "created, active" } else { "already there" }
    );
    if !loaded.new_users.is_empty() {
        println!("Demo accounts (demo only — these passwords are shown once):");
        for (username, role, password) in &loaded.new_users {
            println!("  {username:<12} {:<9} {password}", role.as_str());
        }
    }
    Ok(())
}
