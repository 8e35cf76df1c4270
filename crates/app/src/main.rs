//! `schoolbrug`: the school platform's binary. `serve` starts a school (SQLite in
//! `./schoolbrug-data/` unless told otherwise); `migrate`, `school create` and `demo`
//! prepare its database.

mod application;
mod commands;
mod database;
mod logging;
mod server;
mod settings;
mod worker;

use clap::{Parser, Subcommand};

use crate::application::Application;
use crate::settings::{DataArgs, MailArgs, ServeArgs};

// A request allocates and frees many small buffers (headers, rows, JSON) on the tokio
// threads; mimalloc's thread-local free lists do that with less CPU than glibc's malloc
// (docs/benchmarks.md, sign-in 5).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "schoolbrug",
    version,
    about = "Schoolbrug: the bridge between school and home"
)]
struct Cli {
    #[command(flatten)]
    data: DataArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve the web pages and the JSON API (and forward mail).
    Serve {
        #[command(flatten)]
        serve: ServeArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Only forward mail from the outbox (for deployments that run it apart).
    Worker {
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Manage schools.
    School {
        #[command(subcommand)]
        command: SchoolCommand,
    },
    /// Create a demo school with classes, pupils, co-accounts and staff.
    Demo,
}

#[derive(Subcommand, Debug)]
enum SchoolCommand {
    /// Create a school and its first administrator; prints the admin's one-time code.
    Create {
        /// Short name, used in sign-in when an installation has several schools.
        #[arg(long)]
        slug: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// The first administrator's username.
        #[arg(long)]
        admin: String,
        /// IANA time zone (default Europe/Brussels).
        #[arg(long)]
        time_zone: Option<String>,
        /// Print `{"school_id","admin_id","code","expires_at"}` as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    logging::init();
    let result = match cli.command {
        Command::Serve { serve, mail } => serve_until_stopped(&cli.data, &serve, &mail).await,
        Command::Worker { mail } => work_until_stopped(&cli.data, &mail).await,
        Command::Migrate => commands::migrate(&cli.data).await,
        Command::School {
            command:
                SchoolCommand::Create {
                    slug,
                    name,
                    admin,
                    time_zone,
                    json,
                },
        } => commands::create_school(&cli.data, &slug, &name, &admin, time_zone, json).await,
        Command::Demo => commands::demo(&cli.data).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("schoolbrug: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn serve_until_stopped(
    data: &DataArgs,
    serve: &ServeArgs,
    mail: &MailArgs,
) -> anyhow::Result<()> {
    let app = Application::build(data, serve, mail).await?;
    let address = app.address()?;
    println!("Schoolbrug listens on http://{address}/");
    if let Some(link) = app.setup_link() {
        println!(
            "No school yet. Create the first school and its administrator here (the link works once, for 24 hours, while no school exists):"
        );
        println!("  {link}");
    }
    app.run_until_stopped().await
}

async fn work_until_stopped(data: &DataArgs, mail: &MailArgs) -> anyhow::Result<()> {
    let database = database::Database::open(&data.database()?).await?;
    let public_url = mail
        .public_url
        .clone()
        .unwrap_or_else(|| "http://127.0.0.1:8080".to_owned());
    let forwarder =
        database.forwarder(worker::mailer(mail)?, &public_url, mail.keep_sent_mail_days);
    let stop = worker::Stop::default();
    let running = tokio::spawn(worker::run(
        forwarder,
        stop.clone(),
        worker::Wake::default(),
    ));
    println!("Schoolbrug worker forwards the outbox; stop it with Ctrl-C or SIGTERM.");
    application::shutdown_signal().await;
    stop.stop();
    running
        .await
        .map_err(|e| anyhow::anyhow!("worker failed: {e}"))?;
    Ok(())
}
