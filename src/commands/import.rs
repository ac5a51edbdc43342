//! `plan import`: a year's plan document (its text or its PDF) into a plan
//! directory in the repository's format.

use std::path::PathBuf;

use crate::document::{import, layout, pdf, write};
use crate::error::Result;
use crate::files::load::{PLAN_FILE, load};
use crate::i18n::Text;
use crate::settings::plan_dir_at;
use crate::source::display_path;

use super::Context;

/// Read a plan document (text or PDF) into a new plan directory
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan import plan-fy{next}.pdf --out plan-{next}       needs pdftotext (poppler-utils)
  plan import plan-fy{next}.txt --out plan-{next}       text as extracted from the PDF
  plan import plan-fy{next}.txt --out plan --force    replace a plan that has no notes yet
  plan import doc.txt --out new --like archive/{prev} parties and file names from that plan

The document's title, preamble, sections, 内容, measures and ・ sub-items become
the plan files; its dates become fiscal_year, effective and agreement.date.
What a document does not say (party keys, English names, default party,
settings, file names) comes from --like DIR, else the plan already in --out,
else the current plan. Problems are reported with the document's line
numbers, all in one run, and nothing is written (exit 2).

--force replaces only a plan directory (plan.toml, section files, schema/,
.gitattributes) without notes; for a plan with notes, use
`plan rollover DOCUMENT` to start a new fiscal year.")]
pub struct Args {
    /// The plan document: text extracted from its PDF, or the PDF itself
    #[arg(value_name = "DOCUMENT")]
    pub document: PathBuf,

    /// The plan directory to write; it must be new or empty unless --force
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Replace the plan in --out (a plan directory without notes)
    #[arg(long)]
    pub force: bool,

    /// Stop pdftotext after this many seconds (a PDF that never ends)
    #[arg(long, value_name = "SECONDS", default_value_t = pdf::DEFAULT_TIMEOUT_SECS,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// Take parties, default party, settings and file names from this plan
    #[arg(long, value_name = "DIR")]
    pub like: Option<PathBuf>,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    write::check_target(&args.out, args.force)?;
    let reference_dir = match &args.like {
        Some(dir) => plan_dir_at(dir)?,
        None if args.out.join(PLAN_FILE).is_file() => args.out.clone(),
        None => ctx.plan_dir().map_err(|e| {
            e.help(Text::new(
                "a document does not name its parties' keys: pass --like DIR with a plan to take them from",
                "文書には主体のキーが書かれていません。参照する計画を --like DIR で指定してください",
            ))
        })?,
    };
    let reference = load(&reference_dir)?;
    let limit = std::time::Duration::from_secs(args.timeout);
    let imported = ctx.read_document(&args.document, limit, &reference, "import")?;
    let replaced = write::write_plan_dir(&args.out, &layout::files(&imported), args.force)?;
    let out = display_path(&args.out).display().to_string();
    if let Some(left) = &replaced.left_behind {
        let left = display_path(left).display().to_string();
        ctx.ui.note(&text!(
            en: "the old plan could not be removed entirely: what is left of it is in `{left}`",
            ja: "元の計画をすべては削除できませんでした。残りは `{left}` にあります",
        ));
    }
    let doc = display_path(&args.document).display().to_string();
    ctx.ui
        .println(import::summary(&imported, &doc, &out).get(ctx.lang()));
    Ok(())
}
