//! `plan status`: the table managers look at — per section and party, how
//! many measures are done, under way, planned, on hold or dropped.

use crate::cli::{CsvArg, FormatArg, PartiesArg, SectionsArg};
use crate::error::Result;
use crate::i18n::Lang;
use crate::model::era::fiscal_year_label;
use crate::model::plan::Plan;
use crate::model::progress::Progress;
use crate::view::measure::{MeasureRow, measure_grid, measure_ids};
use crate::view::output::{self, Format};
use crate::view::status::StatusTable;
use crate::view::ui::Ui;

use super::{Context, Kept};

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
  plan status --as-of {fy}-09-30       as it stood at the end of September
  plan status --format markdown        to paste into a report
  plan status --format csv --bom > status.csv   for Excel

Done% is done ÷ (measures − dropped). Prog% (progress) also counts sub-items:
the mean share done of the measures not dropped (3 of 4 sub-items done is ¾).")]
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

    #[command(flatten)]
    pub csv: CsvArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let format = args.format.format;
    let output = args.csv.output(format)?;
    let (plan, book) = ctx.plan_and_notes()?;
    let filter = ctx.filter(&plan, &args.parties.input_with(&args.sections))?;
    let as_of = ctx.as_of(&plan, args.as_of.as_deref())?;
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
    if format == Format::Markdown {
        let heading = markdown_heading(&ctx.ui, &plan, as_of.unwrap_or(ctx.today()));
        ctx.ui.print(&heading);
    }
    match args.by {
        By::Measure => output::emit(
            &mut ctx.ui,
            output,
            || MeasureRow::all(&measures, &tracker),
            |ui| Kept::new(measure_grid(ui, &plan, &measures, &tracker, false)),
            || measure_ids(&measures, false),
        ),
        By::Section | By::Party => {
            let t = if args.by == By::Section {
                StatusTable::by_section(&ctx.ui, &plan, &filter, &measures, &parties, &tracker)
            } else {
                StatusTable::by_party(&ctx.ui, &plan, &measures, &parties, &tracker)
            };
            // Markdown gets a row per section and party, not stacked lines.
            let grid = if format == Format::Markdown {
                &t.flat
            } else {
                &t.grid
            };
            output::emit(&mut ctx.ui, output, || &t.records, |_| grid, || &t.ids)
        }
    }
}

/// The heading of `plan status --format markdown`: the fiscal year, the
/// plan's title and the day the counts stand at.
fn markdown_heading(ui: &Ui, plan: &Plan, as_of: chrono::NaiveDate) -> String {
    let year = fiscal_year_label(plan.info.fiscal_year, ui.lang);
    let title = crate::report::escape::markdown(&plan.info.title);
    let day = ui.date(as_of);
    match ui.lang {
        Lang::En => format!("### {year} {title}: status as of {day}\n\n"),
        Lang::Ja => format!("### {year} {title}：{day} 時点の状況\n\n"),
    }
}
