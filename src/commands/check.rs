//! `plan check`: validate every plan and notes file and report every problem
//! in one run, for people, for scripts and for GitHub Actions.

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::error::{Error, Result};
use crate::files::store;
use crate::view::output;

use super::Context;

/// How `plan check` reports problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line and a caret
    #[default]
    Human,
    /// A JSON array of {severity, code, message, file, line, column, help}
    Json,
    /// GitHub Actions workflow commands (::error file=…,line=…::…)
    Github,
}

/// Validate the plan files (for CI and before you push)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan check                          every problem, with file:line:col
  plan check --format github          annotations on the pull request diff
  plan check --format json | jq '.[] | select(.severity == \"error\")'
  plan check --deny-warnings          fail on warnings too

Exit codes: 0 no errors; 1 errors found (or warnings, with --deny-warnings);
2 usage or I/O error (e.g. no plan found). Codes are listed in docs/ci.md.")]
pub struct Args {
    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: CheckFormat,

    /// Treat warnings as errors (exit 1 when there are any)
    #[arg(long, short = 'D')]
    pub deny_warnings: bool,
}

/// Every problem in the plan at `dir`: plan files, then notes files.
pub fn diagnose(dir: &std::path::Path) -> (Vec<Diagnostic>, usize) {
    let loaded = crate::files::load::load_checked(dir);
    let mut diagnostics = loaded.diagnostics;
    let mut files = 1 + crate::files::load::section_paths(dir).map_or(0, |p| p.len());
    if let Some(plan) = &loaded.plan {
        files += store::notes_files(dir).len();
        let (_, notes_problems) = store::load_notes(plan, !loaded.complete);
        diagnostics.extend(notes_problems);
    }
    diagnostic::sort(&mut diagnostics);
    (diagnostics, files)
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let dir = ctx.plan_dir()?;
    let (diagnostics, files) = diagnose(&dir);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let lang = ctx.lang();
    match args.format {
        CheckFormat::Human => {
            for d in &diagnostics {
                let rendered = d.render_human(lang, ctx.ui.color);
                ctx.ui.println(&rendered);
                ctx.ui.println("");
            }
            let summary = match lang {
                crate::i18n::Lang::En => format!(
                    "plan check: {errors} error{}, {warnings} warning{} in {files} file{}",
                    plural(errors),
                    plural(warnings),
                    plural(files)
                ),
                crate::i18n::Lang::Ja => {
                    format!("plan check: {files} ファイル中 エラー {errors} 件、警告 {warnings} 件")
                }
            };
            ctx.ui.println(&summary);
        }
        CheckFormat::Json => {
            let rows: Vec<_> = diagnostics.iter().map(Diagnostic::to_json).collect();
            ctx.ui.print(&output::json(&rows)?);
        }
        CheckFormat::Github => {
            for d in &diagnostics {
                ctx.ui.println(&d.render_github());
            }
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        return Err(Error::Problems);
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
