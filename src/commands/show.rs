//! `plan show`: one measure in full (with its status and notes), or a whole
//! section laid out as the document lays it out.

use crate::cli::{FormatArg, PartyArg};
use crate::error::Result;
use crate::model::progress::Tracker;
use crate::model::resolve::Target;
use crate::view::detail::{MeasureDetail, SectionDetail};

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
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = ctx.load_plan()?;
    let target = ctx.resolve_target(&plan, &args.target, args.party.party.as_deref())?;
    let notes = ctx.load_notes(&plan)?;
    let tracker = Tracker::new(&notes, None);
    let format = args.format.format;
    let out = match target {
        Target::Section(section) => {
            SectionDetail::new(&plan, section, &tracker).render(&ctx.ui, format)?
        }
        Target::Measure(resolved) => {
            MeasureDetail::new(&plan, resolved.measure, &resolved.id, &notes, &tracker)
                .render(&ctx.ui, format)?
        }
    };
    ctx.ui.print(&out);
    Ok(())
}
