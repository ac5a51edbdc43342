//! `plan show`: one measure in full (with its status and notes), or a whole
//! section laid out as the document lays it out.

use crate::cli::{CsvArg, FormatArg, PartyArg};
use crate::error::Result;
use crate::files::notes::Options;
use crate::model::resolve::Target;
use crate::view::detail::{MeasureDetail, SectionDetail};
use crate::view::log::{LogQuery, Scope};

use super::Context;

/// Show a measure, a sub-item or a whole section
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan show 2.イ              2.tmg.イ (the default party), with its notes
  plan show 2.tcci.イ         the same label of 東京商工会議所
  plan show 2.東商.i          the same, by short name and romaji
  plan show 2.tmg.イ.1        one ・ sub-item
  plan show 6                 section 6 as the document lays it out
  plan show 2.イ --format json")]
pub struct Args {
    /// A measure ID (2.イ, 2.tcci.イ, 2.tmg.イ.1) or a section number (2)
    #[arg(value_name = "ID|SECTION", add = crate::cli::complete::ids())]
    pub target: String,

    #[command(flatten)]
    pub party: PartyArg,

    #[command(flatten)]
    pub format: FormatArg,

    #[command(flatten)]
    pub csv: CsvArg,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan_for(&[&args.target])?;
    let target = ctx.resolve_target(&plan, &args.target, args.party.party.as_deref())?;
    let format = args.csv.output(args.format.format)?;
    let out = match target {
        Target::Section(section) => {
            let options = Options {
                section: Some(section.number),
                ..Options::default()
            };
            let book = ctx.notebook(&plan, options)?;
            let tracker = ctx.tracker(&plan, &book, None);
            SectionDetail::new(&plan, section, &tracker).render(&ctx.ui, format)?
        }
        Target::Measure(resolved) => {
            let options = Options {
                section: Some(resolved.measure.section.number),
                keep_text: true,
                ..Options::default()
            };
            let book = ctx.notebook(&plan, options)?;
            let tracker = ctx.tracker(&plan, &book, None);
            let query = LogQuery {
                scope: Scope::of_measure(&resolved),
                ..LogQuery::default()
            };
            let history = query.select(&plan, &book, ctx.zone());
            MeasureDetail::new(&plan, resolved.measure, &resolved.id, history, &tracker)
                .render(&ctx.ui, format)?
        }
    };
    ctx.ui.print(&out);
    Ok(())
}
