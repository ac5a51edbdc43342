//! The command line: global flags and the subcommands. Each flag is defined
//! once here or in its command's file, and that one definition feeds
//! `--help`, the man page and the shell completions.

pub mod args;
pub mod complete;
pub mod help;

pub use args::{CsvArg, FilterArgs, FormatArg, PartiesArg, PartyArg, SectionsArg};

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;
use crate::i18n::Lang;
use crate::model::date::DateStyle;
use crate::settings::{ColorChoice, Flags};

/// The version with the commit it was built from: `0.1.0 (abc123def)`.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("PLAN_GIT_COMMIT"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "plan",
    version = VERSION,
    about = crate::words::en::ABOUT,
    long_about = crate::words::en::LONG_ABOUT,
    after_help = crate::words::en::EXAMPLES,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Plan directory (holding plan.toml), or a repository with plan/ in it [default: PLAN_DIR, else the nearest plan/ above]
    #[arg(long, global = true, value_name = "DIR")]
    pub plan: Option<PathBuf>,

    /// UI language [default: PLAN_LANG, else the locale, else en]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// How to show dates [default: PLAN_DATE_STYLE, else iso]
    #[arg(long, global = true, value_enum, value_name = "STYLE")]
    pub date_style: Option<DateStyle>,

    /// When to use colour [default: never with NO_COLOR set, else auto: on a terminal]
    #[arg(long, global = true, value_enum, value_name = "WHEN")]
    pub color: Option<ColorChoice>,

    /// Do not send long output through $PAGER
    #[arg(long, global = true)]
    pub no_pager: bool,
}

impl GlobalArgs {
    /// The flags that settings are resolved from.
    pub fn flags(&self) -> Flags {
        Flags {
            plan: self.plan.clone(),
            lang: self.lang,
            date_style: self.date_style,
            color: self.color,
            no_pager: self.no_pager,
        }
    }
}

/// The global flags read straight from the arguments, before clap parses
/// them, so that help and usage errors already speak the right language.
/// Anything odd is left for clap to report.
pub fn early_flags(args: &[std::ffi::OsString]) -> Flags {
    let mut flags = Flags::default();
    let mut words = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (word.to_string(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| words.next().map(|w| w.to_string()))
        };
        match name.as_str() {
            "--lang" => flags.lang = value().and_then(|v| clap::ValueEnum::from_str(&v, true).ok()),
            "--plan" => flags.plan = value().map(PathBuf::from),
            "--date-style" => {
                flags.date_style = value().and_then(|v| clap::ValueEnum::from_str(&v, true).ok())
            }
            "--color" => {
                flags.color = value().and_then(|v| clap::ValueEnum::from_str(&v, true).ok())
            }
            "--no-pager" => flags.no_pager = true,
            _ => {}
        }
    }
    flags
}

#[derive(Debug, Subcommand)]
pub enum Command {
    List(commands::list::Args),
    Show(commands::show::Args),
    Note(commands::note::Args),
    Log(commands::log::Args),
    History(commands::history::Args),
    Status(commands::status::Args),
    Check(commands::check::Args),
    Fmt(commands::fmt::Args),
    Schema(commands::schema::Args),
    Completions(commands::completions::Args),
    Man(commands::man::Args),
    Config(commands::config::Args),
    Render(commands::render::Args),
    Report(commands::report::Args),
    Import(commands::import::Args),
    Rollover(commands::rollover::Args),
    Diff(commands::diff::Args),
    Serve(commands::serve::Args),
    Sync(commands::sync::Args),
    User(commands::user::Args),
}
