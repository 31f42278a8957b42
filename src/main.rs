//! The `thidua` command: serve the API, migrate the database, print the
//! OpenAPI document, read and write settings.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use thidua::config::Config;
use thidua::{api, app, db, domain, telemetry};

#[derive(Parser)]
#[command(name = "thidua", version, about = "REST API for the emulation movement of plan 05/KH-UBND")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default). Settings come from THIDUA_* and DATABASE_URL.
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Read or change service-wide settings.
    Settings {
        #[command(subcommand)]
        action: SettingsAction,
    },
}

#[derive(Subcommand)]
enum SettingsAction {
    /// List every stored setting.
    List,
    /// Print one setting's value.
    Get { key: String },
    /// Store a value under a key.
    Set { key: String, value: String },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        // Needs no settings and no database.
        print!("{}", api::openapi::document_json());
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("thidua: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_format);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config),
        Command::Migrate => migrate(&config),
        Command::Settings { action } => settings(&config, action),
        Command::Openapi => unreachable!("handled above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("thidua: {message}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config) -> Result<(), String> {
    actix_web::rt::System::new().block_on(async move {
        let running = app::start(config).await.map_err(|e| e.to_string())?;
        running.server.await.map_err(|e| format!("the server stopped: {e}"))?;
        tracing::info!("stopped");
        Ok(())
    })
}

fn migrate(config: &Config) -> Result<(), String> {
    let applied = app::prepare_database(config).map_err(|e| e.to_string())?;
    println!("{} migration(s) applied to {}", applied.len(), config.database.redacted());
    for version in applied {
        println!("  {version}");
    }
    Ok(())
}

fn settings(config: &Config, action: SettingsAction) -> Result<(), String> {
    app::prepare_database(config).map_err(|e| e.to_string())?;
    let mut conn = db::connect_once(&config.database, config.db_timeout).map_err(|e| e.to_string())?;
    match action {
        SettingsAction::List => {
            let page = domain::page::Page::new(Some(domain::page::MAX_LIMIT), None);
            let (items, _) = db::settings::list(&mut conn, page).map_err(|e| e.to_string())?;
            for s in items {
                println!("{}\t{}", s.key, s.value);
            }
        }
        SettingsAction::Get { key } => match db::settings::get(&mut conn, &key).map_err(|e| e.to_string())? {
            Some(s) => println!("{}", s.value),
            None => return Err(format!("no setting has the key {key:?}")),
        },
        SettingsAction::Set { key, value } => {
            domain::settings::check_key(&key).map_err(|rule| format!("the key {key:?} {rule}"))?;
            db::write_transaction(&mut conn, |conn| db::settings::put(conn, &key, &value))
                .map_err(|e| e.to_string())?;
            println!("{key} = {value}");
        }
    }
    Ok(())
}
