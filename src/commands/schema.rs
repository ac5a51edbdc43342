//! `plan schema`: the JSON Schema of the plan files, derived from the model,
//! for TOML editors (taplo, Even Better TOML) to validate as users type.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::files::schema::{plan_schema, section_schema};
use crate::source::display_path;
use crate::view::output;

use super::Context;

/// Which file's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// plan.toml
    Plan,
    /// A section file (01-….toml)
    Section,
}

/// Print the JSON Schema of plan.toml or of a section file
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan schema section                  the schema of a section file
  plan schema plan > plan.schema.json
  plan schema --write                  refresh plan/schema/*.schema.json

The shipped files start with `#:schema ./schema/….schema.json`, which taplo
and the Even Better TOML extension for VS Code follow to validate as you type.")]
pub struct Args {
    /// Which schema to print
    #[arg(value_enum, required_unless_present = "write")]
    pub kind: Option<Kind>,

    /// Write both schemas into the plan's schema/ directory instead
    #[arg(long)]
    pub write: bool,
}

/// The schema files a plan directory carries, with their contents.
pub fn schema_files(plan_dir: &std::path::Path) -> Result<Vec<(PathBuf, String)>> {
    let dir = plan_dir.join("schema");
    Ok(vec![
        (dir.join("plan.schema.json"), output::json(&plan_schema())?),
        (
            dir.join("section.schema.json"),
            output::json(&section_schema())?,
        ),
    ])
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    if args.write {
        let plan_dir = ctx.plan_dir()?;
        for (path, content) in schema_files(&plan_dir)? {
            let shown = display_path(&path).display().to_string();
            let fail = |e: std::io::Error| {
                Error::io_on(
                    crate::i18n::Text::new("cannot write", "に書き込めません"),
                    &path,
                    &e,
                )
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(fail)?;
            }
            crate::files::atomic::write_file(&path, content.as_bytes())?;
            let line = text!(en: "wrote {shown}", ja: "{shown} を書き出しました");
            ctx.ui.println(line.get(ctx.lang()));
        }
        return Ok(());
    }
    let schema = match args.kind {
        Some(Kind::Plan) => plan_schema(),
        _ => section_schema(),
    };
    ctx.ui.print(&output::json(&schema)?);
    Ok(())
}
