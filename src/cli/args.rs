//! Flags several subcommands share, each defined once and flattened into
//! the commands that take it, so its help and completion never differ.

use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::model::filter::FilterInput;
use crate::view::output::{Format, Output};

/// `--format`.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArg {
    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

/// `--bom` and `--raw`, for the commands whose CSV people open in Excel
/// and scripts read.
#[derive(Debug, Clone, clap::Args)]
pub struct CsvArg {
    /// Start CSV/TSV with a UTF-8 byte-order mark, Japanese headers under --lang ja, and date-times Excel reads
    #[arg(long)]
    pub bom: bool,

    /// CSV/TSV cells exactly as recorded: no ' before a cell starting with =, +, -, @, tab or CR
    #[arg(long)]
    pub raw: bool,
}

impl CsvArg {
    /// The format with its CSV options, and a usage error when either is
    /// asked for with a format other than CSV or TSV.
    pub fn output(&self, format: Format) -> Result<Output> {
        let flag = match (self.bom, self.raw) {
            (true, _) => "--bom",
            (false, true) => "--raw",
            (false, false) => "",
        };
        if !flag.is_empty() && !matches!(format, Format::Csv | Format::Tsv) {
            return Err(Error::usage(Text::new(
                format!("{flag} only applies to --format csv or --format tsv"),
                format!("{flag} は --format csv または --format tsv にだけ使えます"),
            )));
        }
        Ok(Output {
            format,
            raw: self.raw,
            excel: self.bom,
        })
    }
}

/// `--party` naming the party of a short ID (`2.イ`).
#[derive(Debug, Clone, clap::Args)]
pub struct PartyArg {
    /// Party for an ID that names none [default: PLAN_PARTY, else `party` in the user config, else the plan's default_party]
    #[arg(long, short, value_name = "PARTY", add = super::complete::parties())]
    pub party: Option<String>,
}

/// `--party`, repeatable, selecting parties.
#[derive(Debug, Clone, clap::Args)]
pub struct PartiesArg {
    /// Only this party's measures (tmg, tcci, 都, 東商 …); repeatable
    #[arg(long, short, value_name = "PARTY", add = super::complete::parties())]
    pub party: Vec<String>,
}

/// `--section`, repeatable, selecting sections (`-S`: `-s` is `--status`
/// in every command).
#[derive(Debug, Clone, clap::Args)]
pub struct SectionsArg {
    /// Only these sections: 2, 2-4 or 1,3; repeatable
    #[arg(long, short = 'S', value_name = "N")]
    pub section: Vec<String>,
}

/// Every measure filter of `plan list`.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    #[command(flatten)]
    pub parties: PartiesArg,

    #[command(flatten)]
    pub sections: SectionsArg,

    /// Only measures whose text or sub-items contain TEXT (case and width folded: expo finds ＥＸＰＯ)
    #[arg(long, short, value_name = "TEXT")]
    pub grep: Option<String>,

    /// Only measures with this status (planned, active, done, blocked, dropped, or 未着手 …), or a list (blocked,dropped); repeatable
    #[arg(long, short, value_name = "STATUS", add = super::complete::statuses())]
    pub status: Vec<String>,

    /// Only measures with no note in the last DAYS days
    #[arg(long, value_name = "DAYS")]
    pub stale: Option<u32>,
}

impl FilterArgs {
    pub fn input(&self) -> FilterInput<'_> {
        FilterInput {
            parties: &self.parties.party,
            sections: &self.sections.section,
            statuses: &self.status,
            grep: self.grep.as_deref(),
            stale_days: self.stale,
        }
    }
}

impl PartiesArg {
    /// Only the party filter.
    pub fn input(&self) -> FilterInput<'_> {
        FilterInput {
            parties: &self.party,
            ..FilterInput::default()
        }
    }

    /// The party and section filters.
    pub fn input_with<'a>(&'a self, sections: &'a SectionsArg) -> FilterInput<'a> {
        FilterInput {
            sections: &sections.section,
            ..self.input()
        }
    }
}
