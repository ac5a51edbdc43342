//! `plan diff`: what changed between two plans — two directories (a year
//! and the next), or a git revision of the current plan and another.

use crate::document::diff::diff;
use crate::document::diff_report::{self, Format};
use crate::document::revision;
use crate::error::{Error, Result};
use crate::files::load::load;
use crate::model::plan::Plan;
use crate::settings::plan_dir_at;

use super::Context;

/// Show what changed between two plans (directories or git revisions)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan diff archive/{prev} plan          last year's plan against this year's
  plan diff HEAD~10                    the current plan ten commits ago against now
  plan diff v{prev} .                    a tag against the working tree
  plan diff archive/{prev} plan --format json

OLD and NEW are plan directories (or repositories with plan/ in them), or
git revisions of the current plan; NEW defaults to the current plan.
Measures are paired by section and label, and by text where labels shifted.
Exit codes: 0 the plans are the same; 1 they differ; 2 bad input;
3 a plan's files are invalid.")]
pub struct Args {
    /// The earlier plan: a directory or a git revision of the current plan
    #[arg(value_name = "OLD")]
    pub old: String,

    /// The later plan [default: the current plan]
    #[arg(value_name = "NEW")]
    pub new: Option<String>,

    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: Format,
}

/// A plan from a directory or a revision (kept alive while it is compared).
fn plan_of(arg: &str, ctx: &Context) -> Result<(Plan, Option<tempfile::TempDir>)> {
    let path = std::path::Path::new(arg);
    if path.is_dir() {
        return Ok((load(&plan_dir_at(path)?)?, None));
    }
    let dir = revision::plan_at(&ctx.plan_dir()?, arg)?;
    Ok((load(dir.path())?, Some(dir)))
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let (old, _old_dir) = plan_of(&args.old, ctx)?;
    let (new, new_name, _new_dir) = match &args.new {
        Some(arg) => {
            let (plan, dir) = plan_of(arg, ctx)?;
            (plan, arg.clone(), dir)
        }
        None => {
            let dir = ctx.plan_dir()?;
            let name = crate::source::display_path(&dir).display().to_string();
            (load(&dir)?, name, None)
        }
    };
    let result = diff(&old, &args.old, &new, &new_name);
    let text = match args.format {
        Format::Table => diff_report::table(&result, ctx.ui.color),
        Format::Markdown => diff_report::markdown(&result),
        Format::Json => {
            let mut json =
                serde_json::to_string_pretty(&result).map_err(|e| Error::Other(e.into()))?;
            json.push('\n');
            json
        }
    };
    ctx.ui.print(&text);
    if result.equal {
        Ok(())
    } else {
        Err(Error::Problems)
    }
}
