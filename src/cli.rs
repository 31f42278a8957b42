//! The operator's commands that work on the database directly (no server):
//! settings and user accounts. Passwords are read from standard input, never
//! from the command line, so they stay out of shell history and `ps`.
//!
//! The commands that change a record call the use cases the API calls, as
//! the operator at the machine ([`Caller::system`]): the same rules apply,
//! and every change is audited with the actor `system`.

use std::io::BufRead;

use crate::app;
use crate::auth::passwords::Passwords;
use crate::config::Config;
use crate::db::{self, Db, DbConnection};
use crate::demo;
use crate::domain::page::{MAX_LIMIT, Page};
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::model::settings::SettingInput;
use crate::model::users::{NewUser, PasswordReset};
use crate::service::{self, Caller};

fn connect(config: &Config) -> Result<DbConnection, String> {
    app::prepare_database(config).map_err(|e| e.to_string())?;
    db::connect_once(&config.database, config.db_timeout).map_err(|e| e.to_string())
}

/// A use case's refusal in the command's words: the problem's detail, then
/// each field error the detail does not already say.
fn refused(error: ApiError) -> String {
    let problem = error.problem();
    let mut message = problem.detail.clone();
    for e in problem.errors.iter().filter(|e| !problem.detail.contains(&e.message)) {
        message.push_str(&format!("\n  {}: {}", e.field, e.message));
    }
    message
}

/// Runs a use case that takes the pool and the hasher (those that set a
/// password hash it outside the write transaction) on a runtime of its own.
fn run_use_case<T>(
    config: &Config,
    work: impl AsyncFnOnce(&Db, &Passwords) -> Result<T, ApiError>,
) -> Result<T, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let (db, passwords) = (Db::new(config), Passwords::new(config.auth.argon2));
    runtime.block_on(work(&db, &passwords)).map_err(refused)
}

/// The first line of `input` (standard input), without its line ending.
fn read_password(mut input: impl BufRead) -> Result<String, String> {
    let mut line = String::new();
    input.read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err("give the password on standard input, e.g. `printf '%s\\n' \"$PW\" | thidua user …`".to_owned());
    }
    Ok(password)
}

/// Every known setting and its value in force, through the use case
/// `GET /api/v1/settings` calls.
pub fn settings_list(config: &Config) -> Result<(), String> {
    let mut conn = connect(config)?;
    let caller = Caller::system("cli");
    let list = service::settings::list(&mut conn, &caller, Page::new(Some(MAX_LIMIT), None)).map_err(refused)?;
    for s in list.items {
        println!("{}\t{}", s.key, s.value);
    }
    Ok(())
}

/// The value in force of a known setting, through the use case
/// `GET /api/v1/settings/{key}` calls.
pub fn settings_get(config: &Config, key: &str) -> Result<(), String> {
    let mut conn = connect(config)?;
    let caller = Caller::system("cli");
    let setting = service::settings::get(&mut conn, &caller, key).map_err(refused)?;
    println!("{}", setting.value);
    Ok(())
}

/// Stores a value of a known setting, through the use case `PUT /api/v1/settings/{key}` calls.
pub fn settings_set(config: &Config, key: &str, value: &str) -> Result<(), String> {
    let mut conn = connect(config)?;
    let caller = Caller::system("cli");
    let input = SettingInput { value: value.to_owned() };
    let stored = db::write_transaction(&mut conn, |conn| service::settings::put(conn, &caller, key, input))
        .map_err(|e| format!("cannot set {key:?}: {}", refused(e)))?;
    println!("{} = {}", stored.key, stored.value);
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

/// Creates a user bound to the unit with `unit_code`, with an optional
/// e-mail address, through the use case `POST /api/v1/users` calls; the
/// password is the first line of `input`.
pub fn user_create(
    config: &Config,
    username: &str,
    display_name: &str,
    role: &str,
    unit_code: &str,
    email: Option<&str>,
    input: impl BufRead,
) -> Result<(), String> {
    let role: Role = role.parse().map_err(|rule| format!("the role {rule}"))?;
    let password = read_password(input)?;
    let mut conn = connect(config)?;
    let unit = db::org_units::get_by_code(&mut conn, unit_code)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no org unit has the code {unit_code:?}"))?;
    let new = NewUser {
        username: username.to_owned(),
        display_name: display_name.to_owned(),
        role,
        org_unit_id: unit.id,
        password,
        email: email.map(str::to_owned),
    };
    let caller = Caller::system("cli");
    let user = run_use_case(config, async |db, passwords| service::users::create(db, passwords, &caller, new).await)
        .map_err(|e| format!("cannot create the user {username:?}: {e}"))?;
    println!("created {} ({}) in {}", user.username, user.role, unit.name);
    Ok(())
}

/// Sets a user's password to the first line of `input`, through the use case
/// `POST /api/v1/users/{id}/password` calls; their tokens are revoked.
pub fn user_passwd(config: &Config, username: &str, input: impl BufRead) -> Result<(), String> {
    let username = username.trim().to_lowercase();
    let new_password = read_password(input)?;
    let mut conn = connect(config)?;
    let (user, _, _) = db::users::credentials(&mut conn, &username)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no user has the username {username:?}"))?;
    let caller = Caller::system("cli");
    let reset = PasswordReset { new_password };
    run_use_case(config, async |db, passwords| {
        service::users::reset_password(db, passwords, &caller, &user.id, reset).await
    })
    .map_err(|e| format!("cannot set the password of {username:?}: {e}"))?;
    println!("password of {username} changed; their sign-ins are revoked");
    Ok(())
}

/// Loads the demo (with `only_if_empty`, only into a database that holds
/// nothing yet) and prints the demo accounts' passwords; with `reorganise`,
/// records the 2025 reorganisation after it.
pub fn demo(config: &Config, only_if_empty: bool, reorganise: bool) -> Result<(), String> {
    let mut conn = connect(config)?;
    if only_if_empty && !demo::is_empty(&mut conn).map_err(|e| e.to_string())? {
        tracing::info!("the database holds data already; the demo is not loaded");
        return Ok(());
    }
    let loaded = demo::load(&mut conn, config).map_err(|e| e.to_string())?;
    let approved = run_use_case(config, async |db, _| demo::results::load(db, Default::default()).await)
        .map_err(|e| format!("cannot enter the demo's 2023 results: {e}"))?;
    if approved > 0 {
        println!("Entered and approved {approved} reports of 2023.");
    }
    let posted = run_use_case(config, async |db, _| demo::commendations::load(db, Default::default()).await)
        .map_err(|e| format!("cannot enter the demo's commendations: {e}"))?;
    if posted > 0 {
        println!("Entered plan 05's award rules, the council, 3 complaints and {posted} posted nominations.");
    }
    let reorganised = reorganise
        && run_use_case(config, async |db, _| demo::reorganisation::load(db).await)
            .map_err(|e| format!("cannot record the demo's 2025 reorganisation: {e}"))?;
    if reorganised {
        println!(
            "Recorded the 2025 reorganisation: tỉnh Ninh Bình and xã Liên Minh (successor of xã Liên Minh, \
             Vĩnh Hào and Đại Thắng) from 2025-07-01."
        );
    }
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

/// Writes every paper of the database into `out`, as DOCX and PDF, through
/// the use cases the API calls, as the operator: each campaign's proposal
/// (`TTr-…`) and results report (`BC-…`) for the whole campaign, each
/// nomination's achievement report (`BCTT-…`), each council meeting's
/// minutes (`BB-…`), each award decision (`QD-…`, drafts included) and its
/// Giấy khen (`GK-…`, every line).
pub fn papers(config: &Config, out: &std::path::Path) -> Result<(), String> {
    use crate::model::award_decisions::AwardDecisionFilter;
    use crate::model::campaigns::CampaignFilter;
    use crate::model::council::CouncilMeetingFilter;
    use crate::model::documents::DocumentFormat;
    use crate::model::nominations::NominationFilter;
    use crate::service::documents::{File, achievement, certificate, decision, minutes, proposal, results};

    let mut conn = connect(config)?;
    let caller = Caller::system("cli");
    let caches = service::Caches::default();
    std::fs::create_dir_all(out).map_err(|e| format!("cannot make {}: {e}", out.display()))?;
    let page = || Page::new(Some(MAX_LIMIT), None);
    let campaigns = service::campaigns::records::list(
        &mut conn,
        &caller,
        CampaignFilter { status: None, code: None, q: None, updated_since: None },
        page().into(),
    )
    .map_err(refused)?;
    let nominations = service::nominations::records::list(
        &mut conn,
        &caller,
        NominationFilter {
            campaign_id: None,
            status: None,
            subject_kind: None,
            award_type_id: None,
            year: None,
            org_unit_id: None,
            updated_since: None,
        },
        page().into(),
    )
    .map_err(refused)?;
    let meetings =
        service::council::meetings::list(&mut conn, &caller, CouncilMeetingFilter { status: None, year: None }, page())
            .map_err(refused)?;
    let filter = AwardDecisionFilter { year: None, status: None, campaign_id: None, award_type_id: None };
    let decisions = service::award_decisions::records::list(&mut conn, &caller, filter, page()).map_err(refused)?;
    let mut written = 0;
    for format in [DocumentFormat::Docx, DocumentFormat::Pdf] {
        let mut files: Vec<File> = Vec::new();
        for c in &campaigns.items {
            files.push(proposal::proposal(&mut conn, &caller, &c.id, None, format).map_err(refused)?);
            // A draft campaign has no results yet.
            if c.status != crate::domain::campaign::CampaignStatus::Draft {
                files.push(
                    results::results(&mut conn, &caller, &caches.scoreboards, &c.id, None, format).map_err(refused)?,
                );
            }
        }
        for n in &nominations.items {
            files.push(achievement::achievement(&mut conn, &caller, &caches, &n.id, format).map_err(refused)?);
        }
        for m in &meetings.items {
            files.push(minutes::minutes(&mut conn, &caller, &m.id, format).map_err(refused)?);
        }
        for d in &decisions.items {
            files.push(decision::decision(&mut conn, &caller, &d.id, format).map_err(refused)?);
            files.push(certificate::for_decision(&mut conn, &caller, &d.id, format).map_err(refused)?);
        }
        for file in files {
            let path = out.join(&file.name);
            std::fs::write(&path, &file.bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("{}", path.display());
            written += 1;
        }
    }
    if written == 0 {
        println!("No campaign, nomination, meeting or award decision in the database: nothing rendered.");
    }
    Ok(())
}
