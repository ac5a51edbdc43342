//! `plan list`: one row per measure, filtered by party, section, text,
//! status and staleness.

use crate::cli::{CsvArg, FilterArgs, FormatArg};
use crate::error::Result;
use crate::view::measure::{MeasureRow, measure_grid, measure_ids};
use crate::view::output;

use super::{Context, Kept};

/// List the plan's measures
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan list                            every measure
  plan list --party tcci               only 東京商工会議所 (also: TCCI, 東商)
  plan list --section 2-4 --items      sections 2 to 4, with ・ sub-items
  plan list --grep テレワーク --format json
  plan list --status active --status blocked
  plan list --stale 30                 no note for 30 days
  plan list --format ids               canonical IDs, one per line")]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Show ・ sub-items as indented rows
    #[arg(long)]
    pub items: bool,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub csv: CsvArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let output = args.csv.output(args.format.format)?;
    let (plan, book) = ctx.plan_and_notes()?;
    let filter = ctx.filter(&plan, &args.filter.input())?;
    let tracker = ctx.tracker(&plan, &book, None);
    let measures = filter.measures(&plan, |m| tracker.measure(m.index));
    output::emit(
        &mut ctx.ui,
        output,
        || MeasureRow::all(&measures, &tracker),
        |ui| Kept::new(measure_grid(ui, &plan, &measures, &tracker, args.items)),
        || measure_ids(&measures, args.items),
    )
}
