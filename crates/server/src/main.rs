//! `zoneops`: serve the platform, migrate, load the demo zone, manage users, back up, check.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use zoneops_app::{Ctx, setup};
use zoneops_server::{Config, open_db, start};

#[derive(Parser)]
#[command(name = "zoneops", version, about = "ZoneOps — 开发区运营平台")]
struct Cli {
    /// Settings file (default ./zoneops.toml when present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Data directory of the embedded SQLite database.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// `postgres://user@host/db` (or `sqlite://file`) instead of the data directory.
    #[arg(long, global = true, env = "ZONEOPS_DATABASE_URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the console.
    Serve {
        #[arg(long)]
        listen: Option<String>,
        /// Load the demo zone first when the database is empty; the login page lists its accounts.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending schema migrations.
    Migrate,
    /// Load the demo zone into an empty database.
    Demo {
        #[arg(long, default_value_t = 800)]
        enterprises: usize,
        #[arg(long, default_value_t = 2022)]
        seed: u64,
        /// The load date (default today): the demo's activity runs up to it.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
        /// Projects in total (0: in proportion to the zone); `--projects 20000` for benchmarks.
        #[arg(long, default_value_t = 0)]
        projects: usize,
        /// Promotion staff accounts (0: three per park and the demo account).
        #[arg(long, default_value_t = 0)]
        investors: usize,
        /// Service-desk tickets in total (0: about one per enterprise a year).
        #[arg(long, default_value_t = 0)]
        tickets: usize,
        /// First month of the monthly records (YYYYMM, at most 202001 for the article's figures).
        #[arg(long, default_value_t = 202001)]
        from_month: i32,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Consistent online copy of the SQLite database to OUT.
    Backup { out: PathBuf },
    /// Schema version and integrity of the database.
    Check,
    /// The audit trail's hash chain.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// Print the OpenAPI document (the one served at /api/v1/openapi.json) to standard output.
    Openapi,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk each zone's chain; names the first row altered, deleted or inserted out of place
    /// (exit 1), or prints how many rows verify (exit 0).
    Verify {
        /// Only this zone (its code).
        #[arg(long)]
        zone: Option<String>,
    },
    /// Print each zone's chain head (place and hash): keep it elsewhere to anchor the chain.
    Head {
        #[arg(long)]
        zone: Option<String>,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password comes from ZONEOPS_PASSWORD or is asked for.
    Add {
        name: String,
        #[arg(long, required = true)]
        role: Vec<String>,
        /// zone | own | park:CODE | dept:CODE | enterprise:CREDIT_CODE
        #[arg(long, default_value = "zone")]
        scope: String,
        /// Zone code; when the database has no zone yet it is created with this code and name.
        #[arg(long)]
        zone: Option<String>,
        #[arg(long, default_value = "经济技术开发区")]
        zone_name: String,
    },
    /// Set a new password (ZONEOPS_PASSWORD or asked for); ends the user's sessions.
    Passwd { name: String },
    /// Clear a lock left by failed logins.
    Unlock { name: String },
    /// Remove a user's second factor (lost phone and recovery codes); the user enrols again.
    ResetSecondFactor { name: String },
}

fn password_from_env_or_prompt() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var("ZONEOPS_PASSWORD") {
        return Ok(p);
    }
    eprint!("密码 / Password: ");
    std::io::stderr().flush().ok();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn today_in_china() -> chrono::NaiveDate {
    zoneops_domain::zone_time::day(chrono::Utc::now())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZONEOPS_LOG").unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let mut config = Config::load(cli.config.as_deref()).map_err(|e| anyhow::anyhow!("configuration: {e}"))?;
    if !config.settings.tiers().is_valid() {
        bail!("configuration: settings.tiers_yuan must rise strictly (yi < shiyi < baiyi)");
    }
    if let Some(d) = cli.data_dir {
        config.data_dir = d;
    }
    if cli.database_url.is_some() {
        config.database_url = cli.database_url;
    }
    match cli.command {
        Command::Openapi => {
            let doc = zoneops_server::routes::openapi().to_pretty_json()?;
            println!("{doc}");
        }
        Command::Serve { listen, demo } => {
            if let Some(l) = listen {
                config.listen = l;
            }
            let db = open_db(&config).await.with_context(|| format!("opening {}", config.redacted_database()))?;
            if demo && zoneops_db::demo::is_empty(&db).await? {
                load_demo(&db, &zoneops_app::demo::DemoOptions { today: today_in_china(), ..Default::default() })
                    .await?;
            }
            let ctx = Ctx::new(db.clone(), config.settings.clone(), demo).with_secret_key(config.secret_key()?);
            let running = start(config, ctx).await?;
            if demo {
                demo_robot_receiver(&running).await?;
            }
            zoneops_server::memory::spawn_release_when_idle(db);
            println!("ZoneOps listening on http://{}", running.addr);
            if demo {
                println!("Demo accounts (password {}):", zoneops_app::demo::DEMO_PASSWORD);
                for (user, desc, role, _) in zoneops_db::demo::DEMO_ACCOUNTS {
                    println!("  {user:<10} {role:<10} {desc}");
                }
            }
            std::io::stdout().flush().ok();
            tokio::select! {
                _ = running.task => {}
                _ = tokio::signal::ctrl_c() => { eprintln!("shutting down"); }
            }
        }
        Command::Migrate => {
            let db = open_db(&config).await?;
            let (applied, pending) = db.schema_status().await?;
            println!("schema up to date: {} migrations applied, {} pending", applied.len(), pending.len());
        }
        Command::Demo { enterprises, seed, today, projects, investors, tickets, from_month } => {
            if !(1..=12).contains(&(from_month % 100)) || from_month < 190001 {
                bail!("--from-month must be YYYYMM, got {from_month}");
            }
            let db = open_db(&config).await?;
            let opts = zoneops_app::demo::DemoOptions {
                seed,
                enterprises,
                projects,
                investors,
                tickets,
                first_month: from_month,
                today: today.unwrap_or_else(today_in_china),
            };
            load_demo(&db, &opts).await?;
        }
        Command::User { action } => {
            let db = open_db(&config).await?;
            let policy = &config.settings.password;
            match action {
                UserCommand::Add { name, role, scope, zone, zone_name } => {
                    let existing = zoneops_db::reference::zones(db.conn()).await?;
                    let zone_id = match (&zone, existing.first()) {
                        (None, Some(z)) => z.id,
                        _ => setup::ensure_zone(&db, zone.as_deref().unwrap_or("zone"), &zone_name).await?,
                    };
                    let reach = setup::parse_scope(&db, zone_id, &scope).await?;
                    let password = password_from_env_or_prompt()?;
                    let id = setup::add_user(&db, policy, zone_id, &name, &password, &role, &reach).await?;
                    println!("user {name} created (id {id})");
                }
                UserCommand::Passwd { name } => {
                    let password = password_from_env_or_prompt()?;
                    setup::set_password(&db, policy, &name, &password).await?;
                    println!("password of {name} changed");
                }
                UserCommand::Unlock { name } => {
                    setup::unlock(&db, &name).await?;
                    println!("{name} unlocked");
                }
                UserCommand::ResetSecondFactor { name } => {
                    setup::reset_second_factor(&db, &name).await?;
                    println!("second factor of {name} removed; it enrols again at the next login");
                }
            }
        }
        Command::Backup { out } => {
            let db = open_db(&config).await?;
            db.backup_sqlite(&out).await?;
            println!("backup written to {}", out.display());
        }
        Command::Check => {
            let db = open_db(&config).await?;
            let (applied, pending) = db.schema_status().await?;
            println!(
                "schema: {} applied, {} pending ({})",
                applied.len(),
                pending.len(),
                applied.last().map(String::as_str).unwrap_or("-")
            );
            let mut problems = db.integrity().await?;
            problems.extend(zoneops_db::indicator::verify_summaries(db.conn()).await?);
            problems.extend(zoneops_app::ticket_sla::verify(&db, chrono::Utc::now()).await?);
            let chains = zoneops_db::audit::verify_zones(db.conn(), None).await?.unwrap_or_default();
            for chain in &chains {
                if let Some(p) = chain.problems.first() {
                    problems.push(format!("audit chain of zone {}: {}", chain.zone_code, describe(p)));
                }
            }
            let rows: u64 = chains.iter().map(|c| c.rows).sum();
            println!("audit chain: {rows} rows verified in {} zones", chains.len());
            if !pending.is_empty() {
                problems.push(format!("{} migrations pending", pending.len()));
            }
            if problems.is_empty() {
                println!("integrity: ok");
            } else {
                for p in &problems {
                    println!("problem: {p}");
                }
                bail!("{} problems found", problems.len());
            }
        }
        Command::Audit { action } => {
            let db = open_db(&config).await?;
            match action {
                AuditCommand::Verify { zone } => audit_verify(&db, zone.as_deref()).await?,
                AuditCommand::Head { zone } => {
                    let Some(chains) = zoneops_db::audit::verify_zones(db.conn(), zone.as_deref()).await? else {
                        bail!("no zone with code {}", zone.unwrap_or_default());
                    };
                    for c in chains {
                        println!("{}\t{}\t{}", c.zone_code, c.head_seq, c.head_hash);
                    }
                }
            }
        }
    }
    Ok(())
}

/// One problem of a chain: the row, its place, what is wrong.
fn describe(p: &zoneops_db::audit::Problem) -> String {
    let kind = match p.kind {
        zoneops_db::audit::ProblemKind::Altered => "altered",
        zoneops_db::audit::ProblemKind::Deleted => "deleted",
        zoneops_db::audit::ProblemKind::Inserted => "inserted out of place",
    };
    let row = p.row_id.map_or_else(|| "end of chain".to_owned(), |id| format!("row {id}"));
    let seq = p.seq.map_or_else(|| "no sequence".to_owned(), |s| format!("sequence {s}"));
    format!("{row} ({seq}) {kind}: {}", p.message)
}

async fn audit_verify(db: &zoneops_db::Db, zone: Option<&str>) -> anyhow::Result<()> {
    let Some(chains) = zoneops_db::audit::verify_zones(db.conn(), zone).await? else {
        bail!("no zone with code {}", zone.unwrap_or_default());
    };
    let broken: Vec<_> = chains.iter().filter(|c| !c.intact()).collect();
    for c in &broken {
        for (i, p) in c.problems.iter().enumerate() {
            let lead = if i == 0 { "first problem" } else { "then" };
            println!("zone {}: {lead}: {}", c.zone_code, describe(p));
        }
    }
    if !broken.is_empty() {
        bail!("audit chain broken in {} of {} zones", broken.len(), chains.len());
    }
    let rows: u64 = chains.iter().map(|c| c.rows).sum();
    for c in &chains {
        println!(
            "zone {}: {} rows verified (sequence {}–{}), head {}",
            c.zone_code,
            c.rows,
            c.base_seq + 1,
            c.head_seq,
            if c.head_hash.is_empty() { "-" } else { &c.head_hash }
        );
    }
    println!("audit chain intact: {rows} rows in {} zones", chains.len());
    Ok(())
}

/// `serve --demo`: the demo robot posts to this server's own receiver (机器人消息（演示）), at
/// a URL with a fresh token on each start, the one loopback URL the robots may call.
async fn demo_robot_receiver(running: &zoneops_server::Running) -> anyhow::Result<()> {
    let addr = running.addr;
    let ip = match addr.ip() {
        std::net::IpAddr::V4(v4) if v4.is_unspecified() => std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        std::net::IpAddr::V6(v6) if v6.is_unspecified() => std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let token: String = (0..24).map(|_| format!("{:x}", rand::random::<u8>() & 0xf)).collect();
    let url = format!("http://{}/api/v1/demo/robot-inbox/{token}", std::net::SocketAddr::new(ip, addr.port()));
    let ctx = &running.state.ctx;
    let _ = ctx.settings.demo_robot_receiver.set(url.clone());
    zoneops_app::demo::ensure_demo_robot(ctx, &url).await?;
    Ok(())
}

async fn load_demo(db: &zoneops_db::Db, opts: &zoneops_app::demo::DemoOptions) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    eprintln!("loading the demo zone ({} enterprises, up to {}) …", opts.enterprises, opts.today);
    let report = zoneops_app::demo::load(db, opts, |done, total| {
        if done == total || done % 5000 < 250 {
            eprintln!("  {done}/{total} enterprises");
        }
    })
    .await?;
    eprintln!(
        "demo zone loaded: {} enterprises, {} indicator records, {} projects, {} leads, {} activities, {} tickets in {:.1}s",
        report.enterprises,
        report.indicators,
        report.projects,
        report.leads,
        report.activities,
        report.tickets,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
