//! The `thidua` command: serve the API, migrate the database, print the
//! OpenAPI document, manage settings and user accounts.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use thidua::config::Config;
use thidua::{api, app, cli, telemetry};

#[derive(Parser)]
#[command(name = "thidua", version, about = "REST API for the emulation movement of plan 05/KH-UBND")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (the default). Settings come from THIDUA_* and DATABASE_URL.
    Serve {
        /// On an empty database, load the demo of plan 05/KH-UBND first.
        #[arg(long)]
        demo: bool,
    },
    /// Load the demo: xã Đại Thắng, its units, one user per role, and plan
    /// 05/KH-UBND with its 16 criteria. Loading twice changes nothing.
    Demo {
        /// Then record the 2025 reorganisation (tỉnh Ninh Bình, the new xã
        /// Liên Minh): 2023's units close and their users may only read.
        #[arg(long)]
        reorganise: bool,
    },
    /// Render every paper of the database — each campaign's Tờ trình and
    /// results report, each nomination's achievement report, each council
    /// meeting's minutes, each Quyết định and its Giấy khen, as DOCX and
    /// PDF — into a folder.
    Papers {
        /// The folder to write into (made if missing).
        #[arg(long, default_value = "papers")]
        out: std::path::PathBuf,
    },
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Read or change service-wide settings.
    Settings {
        #[command(subcommand)]
        action: SettingsAction,
    },
    /// Manage user accounts (passwords are read from standard input).
    User {
        #[command(subcommand)]
        action: UserAction,
    },
}

#[derive(Subcommand)]
enum UserAction {
    /// List every account.
    List,
    /// Create an account; its password is the first line of standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// admin, office, chairman, reporter or district.
        #[arg(long)]
        role: String,
        /// The code of the org unit the account belongs to.
        #[arg(long)]
        org_unit: String,
        /// Where the deadline reminders of the unit's reports are e-mailed (optional).
        #[arg(long)]
        email: Option<String>,
    },
    /// Set an account's password from the first line of standard input.
    Passwd { username: String },
}

#[derive(Subcommand)]
enum SettingsAction {
    /// List every setting the service knows, with its value in force.
    List,
    /// Print one setting's value in force (its default when none is stored).
    Get { key: String },
    /// Store a value of a known setting, which must keep the setting's rule.
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
    let result = match cli.command.unwrap_or(Command::Serve { demo: false }) {
        Command::Serve { demo } => {
            if demo { cli::demo(&config, true, false) } else { Ok(()) }.and_then(|()| serve(config))
        }
        Command::Demo { reorganise } => cli::demo(&config, false, reorganise),
        Command::Papers { out } => cli::papers(&config, &out),
        Command::Migrate => migrate(&config),
        Command::Settings { action } => match action {
            SettingsAction::List => cli::settings_list(&config),
            SettingsAction::Get { key } => cli::settings_get(&config, &key),
            SettingsAction::Set { key, value } => cli::settings_set(&config, &key, &value),
        },
        Command::User { action } => match action {
            UserAction::List => cli::user_list(&config),
            UserAction::Create { username, display_name, role, org_unit, email } => {
                let input = std::io::stdin().lock();
                cli::user_create(&config, &username, &display_name, &role, &org_unit, email.as_deref(), input)
            }
            UserAction::Passwd { username } => cli::user_passwd(&config, &username, std::io::stdin().lock()),
        },
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
