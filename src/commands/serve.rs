//! `plan serve`: the plan as web pages on this machine, for people who do
//! not use a terminal (see [`crate::web`]).

use std::path::PathBuf;

use crate::error::Result;
use crate::model::account::Role;
use crate::settings::{Flags, Settings, Source};
use crate::web::app::{self, Options};
use crate::web::snapshot::Cache;

use super::Context;

/// Serve the plan as web pages (on this machine only, by default)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan serve                      http://127.0.0.1:8040/ on this machine only
  plan serve --open               and open it in the browser
  plan serve --read-only          no forms: nothing can be recorded
  plan serve --port 0             any free port (printed at start)
  plan serve --host 0.0.0.0 --read-only   other machines too (a warning says so)
  plan serve --sync 5m            plan sync at start and every 5 minutes
  plan serve --host 0.0.0.0 --accounts ~/.config/plan/accounts.toml \
             --tls-cert cert.pem --tls-key key.pem     an office server with logins
  plan serve --accounts FILE --auth-header Remote-User --trusted-proxy 127.0.0.1
                                  behind nginx/Caddy with single sign-on

Beyond loopback, plan serve needs --accounts or --auth-header (or --read-only),
and password login needs TLS or a trusted proxy in front: see docs/deploy.md.

Edits made outside the server (git pull, plan note) show on the next page
load. Ctrl-C stops it (requests under way get up to 5 s).")]
pub struct Args {
    /// The address to listen on; anything but loopback lets other machines in
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub host: String,

    /// The port to listen on (0: any free port)
    #[arg(long, value_name = "PORT", default_value_t = 8040)]
    pub port: u16,

    /// Show the plan without forms, and refuse every write
    #[arg(long)]
    pub read_only: bool,

    /// Open the page in the desktop's browser
    #[arg(long)]
    pub open: bool,

    /// Seconds a connection has to send a request's headers (and an idle
    /// connection stays open)
    #[arg(long, value_name = "SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// Sync with git (plan sync) at start and then every INTERVAL: 30s, 5m, 1h
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    pub sync: Option<std::time::Duration>,

    /// Require login with the users of this accounts file (plan user add) [env: PLAN_ACCOUNTS]
    #[arg(long, value_name = "FILE")]
    pub accounts: Option<PathBuf>,

    /// Take the signed-in user from this header of a trusted proxy (single sign-on)
    #[arg(long, value_name = "HEADER", requires = "trusted_proxy")]
    pub auth_header: Option<String>,

    /// The proxy's address: the only peer whose --auth-header is believed (repeatable)
    #[arg(long, value_name = "ADDR", requires = "auth_header")]
    pub trusted_proxy: Vec<std::net::IpAddr>,

    /// The role of a proxy's user missing from the accounts file (else refused)
    #[arg(long, value_enum, value_name = "ROLE", requires = "auth_header")]
    pub default_role: Option<Role>,

    /// Serve HTTPS with this PEM certificate chain
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// The PEM private key of --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

fn parse_interval(input: &str) -> std::result::Result<std::time::Duration, String> {
    crate::web::sync::parse_interval(input)
        .ok_or_else(|| "give a time such as 30s, 5m or 1h (at least 1s)".to_string())
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan_dir = ctx.plan_dir()?;
    let flags = flags_of(&ctx.settings, plan_dir.clone());
    let options = Options {
        host: args.host,
        port: args.port,
        read_only: args.read_only,
        open: args.open,
        header_timeout: std::time::Duration::from_secs(args.header_timeout),
        sync: args.sync,
        accounts: accounts_of(args.accounts, ctx)?,
        auth_header: args.auth_header,
        trusted_proxies: args.trusted_proxy,
        default_role: args.default_role,
        tls: args.tls_cert.zip(args.tls_key),
    };
    if args.sync.is_some() {
        crate::files::git::Repo::at(&plan_dir)?;
    }
    app::serve(Cache::new(flags, plan_dir), ctx.lang(), options)
}

/// `--accounts FILE`, else `PLAN_ACCOUNTS` (never the default file: a
/// server requires login only when told to), refused inside the plan
/// repository.
fn accounts_of(flag: Option<PathBuf>, ctx: &Context) -> Result<Option<PathBuf>> {
    let chosen = match flag {
        Some(path) => Some(path),
        None => ctx
            .settings
            .accounts(None)
            .filter(|s| matches!(s.source, Source::Env(_)))
            .map(|s| s.value),
    };
    if let Some(path) = &chosen {
        let plan_dir = ctx.plan_dir()?;
        crate::files::accounts::outside_repository(
            path,
            &crate::files::evidence::repository_root(&plan_dir),
        )?;
    }
    Ok(chosen)
}

/// The flags the settings were resolved from, so every reload resolves
/// them as this command did (and always finds the same plan).
fn flags_of(settings: &Settings, plan_dir: std::path::PathBuf) -> Flags {
    let flag = |source: &Source| matches!(source, Source::Flag(_));
    Flags {
        plan: Some(plan_dir),
        lang: flag(&settings.lang.source).then_some(settings.lang.value),
        date_style: flag(&settings.date_style.source).then_some(settings.date_style.value),
        color: flag(&settings.color.source).then_some(settings.color.value),
        no_pager: flag(&settings.pager.source),
    }
}
