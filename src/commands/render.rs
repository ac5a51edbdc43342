//! `plan render`: the plan's official document, rebuilt from the data.

use std::path::PathBuf;

use crate::document::render::Format;
use crate::error::Result;

use super::Context;

/// Write the plan out as its official document (text, Markdown or HTML)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan render                              the document as plain text
  plan render --format html -o plan.html   one printable page, every measure anchored
  plan render --format markdown            for a report (anchors like #m-2.tmg.イ)
  plan --plan archive/{prev} render          an earlier year's document

Dates and numerals ({wafy}（{fy} 年度）, 平成 29 年 11 月 30 日) are written
from fiscal_year, effective and agreement.date in plan.toml.")]
pub struct Args {
    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,

    /// Write to FILE instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let plan = crate::files::load::load(&ctx.plan_dir()?)?;
    let text = crate::document::render::render_plan(&plan, args.format)?;
    match &args.output {
        Some(path) => crate::document::write::write_file(path, &text),
        None => {
            ctx.ui.print(&text);
            Ok(())
        }
    }
}
