//! `plan status`: the table managers look at — per section and party, how
//! many measures are done, under way, planned, on hold or dropped.

use chrono::NaiveDate;

use crate::cli::{FormatArg, PartiesArg, SectionsArg};
use crate::error::Result;
use crate::files::notes::Options;
use crate::model::filter::FilterInput;
use crate::model::progress::Progress;
use crate::model::when::span_arg;
use crate::view::measure::{MeasureRow, measure_grid};
use crate::view::output;
use crate::view::status::StatusTable;

use super::Context;

/// How `plan status` groups measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum By {
    /// One row per section, a line per party, and totals
    #[default]
    Section,
    /// One row per party, and the total
    Party,
    /// One row per measure
    Measure,
}

/// Show how far the plan has come
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan status                          per section, each party on its own line
  plan status --by party
  plan status --by measure --party tcci --section 2
  plan status --as-of 2021-09-30       as it stood at the end of September
  plan status --format markdown        to paste into a report

Progress is done ÷ (measures − dropped).")]
pub struct Args {
    /// Group by section, party or measure
    #[arg(long, value_enum, default_value_t)]
    pub by: By,

    #[command(flatten)]
    pub parties: PartiesArg,

    #[command(flatten)]
    pub sections: SectionsArg,

    /// Status as it stood at the end of this date, replaying notes up to it
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    #[command(flatten)]
    pub format: FormatArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    let input = FilterInput {
        parties: &args.parties.party,
        sections: &args.sections.section,
        ..FilterInput::default()
    };
    let filter = ctx.filter(&plan, &input)?;
    let today = ctx.zone().day_of(ctx.now());
    let as_of: Option<NaiveDate> = args
        .as_of
        .as_deref()
        .map(|d| span_arg("--as-of", d, today).map(|s| s.last()))
        .transpose()?;
    let book = ctx.notebook(&plan, Options::default())?;
    let tracker = ctx.tracker(&plan, &book, as_of);
    let measures = filter.measures(&plan, |_| Progress::default());
    let parties: Vec<&str> = plan
        .party_keys()
        .filter(|p| filter.keeps_party(p))
        .collect();
    if let Some(day) = as_of {
        let when = ctx.ui.date(day);
        ctx.ui
            .note(&text!(en: "status as of {when}", ja: "{when} 時点の状況"));
    }
    let format = args.format.format;
    match args.by {
        By::Measure => {
            let records = MeasureRow::all(&measures, &tracker);
            let ids: Vec<String> = records.iter().map(|r| r.id.clone()).collect();
            let grid = measure_grid(&ctx.ui, &plan, &measures, &tracker, false);
            output::emit(&mut ctx.ui, format, &records, &grid, &ids)
        }
        By::Section => {
            let t = StatusTable::by_section(&ctx.ui, &plan, &filter, &measures, &parties, &tracker);
            output::emit(&mut ctx.ui, format, &t.records, &t.grid, &t.ids)
        }
        By::Party => {
            let t = StatusTable::by_party(&ctx.ui, &plan, &measures, &parties, &tracker);
            output::emit(&mut ctx.ui, format, &t.records, &t.grid, &t.ids)
        }
    }
}
