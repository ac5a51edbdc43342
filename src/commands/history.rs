//! `plan history`: one measure through the fiscal years, following the
//! lineage `plan rollover` records back through `archive/`.

use crate::cli::{CsvArg, FormatArg, PartyArg};
use crate::error::Result;
use crate::files::lineage::history;
use crate::view::history::{HistoryRow, history_grid};
use crate::view::output;

use super::Context;

/// Follow a measure through the fiscal years
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan history 2.tmg.エ                 this year's 2.tmg.エ and what it continues
  plan history 2.エ --format json

Each row is one fiscal year, oldest first: the measure's ID that year, how it
changed from the year before (new, same, renumbered, reworded), its status at
the end of that year (this year: now) and its notes that year. The years come
from archive/<year>/ beside plan/, linked by `continues` (plan rollover).")]
pub struct Args {
    /// The measure (this year's ID)
    #[arg(value_name = "ID", add = crate::cli::complete::ids())]
    pub id: String,

    #[command(flatten)]
    pub party: PartyArg,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub csv: CsvArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let output = args.csv.output(args.format.format)?;
    let plan = ctx.load_plan_for(&[&args.id])?;
    let resolved = ctx.resolve(&plan, &args.id, args.party.party.as_deref())?;
    let years = history(&plan, &resolved.id, ctx.zone(), ctx.now());
    output::emit(
        &mut ctx.ui,
        output,
        || years.iter().map(HistoryRow::new).collect::<Vec<_>>(),
        |ui| history_grid(ui, &years),
        || years.iter().map(|y| y.id.clone()).collect::<Vec<_>>(),
    )
}
