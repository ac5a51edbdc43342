//! The command line: global flags and the subcommands. Each flag is defined
//! once here or in its command's file, and that one definition feeds
//! `--help`, the man page and the shell completions.

pub mod args;
pub mod complete;
pub mod help;

pub use args::{BomArg, FilterArgs, FormatArg, PartiesArg, PartyArg, SectionsArg};

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

/// Without a plan at hand; `help::describe` names the plan's year and
/// parties when there is one.
const ABOUT: &str = "Track a joint implementation plan kept as TOML files in git";

pub(crate) const LONG_ABOUT: &str = "\
Track a joint implementation plan kept as TOML files in git: list and show
its measures, record progress notes against them, print status tables and
reports, render and import the plan document, and check the plan files in CI.

The plan is a directory of TOML files (plan/plan.toml and one file per
section), found with --plan, PLAN_DIR, or by searching upward for plan/plan.toml.

Measure IDs: 2.tcci.イ (canonical), 2.イ (party from --party, PLAN_PARTY or
the plan's default_party), 2.東商.い, 2.TCCI.i, ２．イ; a sub-item is 2.tmg.イ.1.";

const EXAMPLES: &str = "\
Examples:
  plan list --party tcci              measures of 東京商工会議所
  plan list --grep テレワーク --format json
  plan show 2.イ                      one measure in full
  plan show 6                         a whole section, as the document lays it out
  plan note 2.イ \"セミナー実施\"         record progress
  plan status --format markdown       the table for a report
  plan report --format html -o r.html the progress report for managers
  plan check                          validate the plan files (for CI)

Exit codes: 0 success; 1 problems found (check, fmt --check);
2 usage error or bad input (bad argument, unknown ID), nothing written;
3 plan files unreadable or invalid; 4 internal error (a bug: please report).";

#[derive(Debug, Parser)]
#[command(
    name = "plan",
    version = VERSION,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = EXAMPLES,
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
    Diff(commands::diff::Args),
    Serve(commands::serve::Args),
    Sync(commands::sync::Args),
}
