//! `plan check`: validate every plan and notes file and report every problem
//! in one run, for people, for scripts and for GitHub Actions.

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::error::{Error, Result};
use chrono::{DateTime, FixedOffset};

use crate::files::allow::Allowed;
use crate::files::notes::{Notebook, Options};
use crate::model::date::Zone;
use crate::view::output;

use super::{Context, Kept};

/// How `plan check` reports problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics with the source line and a caret
    #[default]
    Human,
    /// A JSON array of {severity, code, message, file, line, column, help, allowed, reason}
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
  plan check --fix                    remove a torn last line left by a crash

Exit codes: 0 no errors; 1 errors found (or warnings, with --deny-warnings);
2 usage or I/O error (e.g. no plan found). Codes are listed in docs/ci.md.")]
pub struct Args {
    /// Output format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: CheckFormat,

    /// Treat warnings as errors (exit 1 when there are any)
    #[arg(long, short = 'D')]
    pub deny_warnings: bool,

    /// Remove a torn last line (an interrupted write) from notes files, showing it first
    #[arg(long)]
    pub fix: bool,
}

/// What `plan check` found in a plan.
pub struct Diagnosis {
    /// Every problem, plan files then notes files, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings plan.toml's `[check] allow` accepts.
    pub allowed: Vec<Allowed>,
    /// How many files were read.
    pub files: usize,
    /// The notes as read (for `--fix`).
    pub book: Option<Kept<Notebook>>,
}

/// Every problem in the plan at `dir`: plan files, then notes files.
pub fn diagnose(dir: &std::path::Path, zone: Zone, now: DateTime<FixedOffset>) -> Diagnosis {
    let loaded = crate::files::load::load_checked(dir);
    let mut diagnostics = loaded.diagnostics;
    let mut files = 1 + loaded.section_files;
    let mut book = None;
    let mut allowed = Vec::new();
    let plan = loaded.plan.map(Kept::new);
    if let Some(plan) = &plan {
        // No text kept: the checks read again the few lines they quote.
        let options = Options {
            check: true,
            partial: !loaded.complete,
            ..Options::default()
        };
        let notes = Notebook::read(plan, zone, now, options);
        files += notes.files.len() + notes.unreadable.len();
        diagnostics.extend(notes.unreadable.iter().cloned());
        diagnostics.extend(notes.diagnostics.iter().cloned());
        book = Some(Kept::new(notes));
        if loaded.complete {
            crate::files::lineage::check(plan, &mut diagnostics);
        }
        let work = crate::files::rollover::work_dir(dir);
        if std::fs::symlink_metadata(&work).is_ok() {
            let shown = crate::source::display_path(&work);
            diagnostics.push(
                Diagnostic::in_file(
                    crate::diagnostic::Code::RolloverInterrupted,
                    crate::i18n::Text::new(
                        "a plan rollover is running or was interrupted: its working folder is here",
                        "plan rollover が実行中か中断されています（作業フォルダがあります）",
                    ),
                    &shown,
                )
                .with_help(crate::i18n::Text::new(
                    "if none is running, run `plan rollover --resume` to finish (or undo) it",
                    "実行中でなければ `plan rollover --resume` で完了（または取り消し）してください",
                )),
            );
        }
        (diagnostics, allowed) = crate::files::allow::apply(plan, diagnostics);
    }
    diagnostic::sort(&mut diagnostics);
    Diagnosis {
        diagnostics,
        allowed,
        files,
        book,
    }
}

/// One problem in `plan check --format json`: the diagnostic, and whether
/// plan.toml allows it (with its reason).
#[derive(serde::Serialize)]
struct JsonProblem {
    #[serde(flatten)]
    diagnostic: crate::diagnostic::JsonDiagnostic,
    allowed: bool,
    reason: Option<String>,
}

/// Removes torn last lines, showing each first; says what it did.
fn fix(ctx: &mut Context, book: &Notebook) -> Result<()> {
    let plan_dir = ctx.plan_dir()?;
    for file in book.torn_files() {
        let Some(section) = crate::files::store::section_of(&file.path) else {
            continue;
        };
        let path = crate::files::store::notes_path(&plan_dir, section);
        if let Some(removed) =
            crate::files::store::cut_torn_tail(&path, crate::files::store::is_torn)?
        {
            let shown = crate::text::escape_control(&file.path.display().to_string()).into_owned();
            let line = crate::text::escape_control(&String::from_utf8_lossy(&removed)).into_owned();
            let message = text!(
                en: "removed the torn last line of {shown}:\n  {line}",
                ja: "{shown} の途切れた最後の行を削除しました:\n  {line}",
            );
            ctx.ui.println(message.get(ctx.lang()));
        }
    }
    Ok(())
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let dir = ctx.plan_dir()?;
    let mut found = diagnose(&dir, ctx.zone(), ctx.now());
    if args.fix
        && let Some(book) = &found.book
        && book.torn_files().next().is_some()
    {
        fix(ctx, book)?;
        found = diagnose(&dir, ctx.zone(), ctx.now());
    }
    let Diagnosis {
        diagnostics,
        allowed,
        files,
        ..
    } = found;
    let n_allowed = allowed.len();
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
                    "plan check: {errors} error{}, {warnings} warning{}{} in {files} file{}",
                    plural(errors),
                    plural(warnings),
                    if n_allowed > 0 {
                        format!(" ({n_allowed} more allowed by plan.toml [check])")
                    } else {
                        String::new()
                    },
                    plural(files)
                ),
                crate::i18n::Lang::Ja => {
                    let more = if n_allowed > 0 {
                        format!("（ほかに plan.toml [check] で許可済み {n_allowed} 件）")
                    } else {
                        String::new()
                    };
                    format!(
                        "plan check: {files} ファイル中 エラー {errors} 件、警告 {warnings} 件{more}"
                    )
                }
            };
            ctx.ui.println(&summary);
        }
        CheckFormat::Json => {
            let mut rows: Vec<JsonProblem> = diagnostics
                .iter()
                .map(|d| JsonProblem {
                    diagnostic: d.to_json(),
                    allowed: false,
                    reason: None,
                })
                .collect();
            rows.extend(allowed.iter().map(|a| JsonProblem {
                diagnostic: a.diagnostic.to_json(),
                allowed: true,
                reason: Some(a.reason.clone()),
            }));
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
