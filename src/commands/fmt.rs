//! `plan fmt`: rewrite plan files into the canonical layout, keeping
//! comments; `--check` only reports what would change.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::files::format::{FileKind, format};
use crate::files::load::{PLAN_FILE, section_paths};
use crate::i18n::Text;
use crate::source::{SourceFile, display_path};

use super::Context;

/// Rewrite plan files in canonical layout (comments are kept)
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan fmt               rewrite plan.toml and the section files in place
  plan fmt --check       exit 1 and show a diff if any file would change (for CI)

Notes files are never touched: they are append-only logs.")]
pub struct Args {
    /// Do not write; show what would change and exit 1 if anything would
    #[arg(long)]
    pub check: bool,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    let dir = ctx.plan_dir()?;
    let mut files: Vec<(PathBuf, FileKind)> = vec![(dir.join(PLAN_FILE), FileKind::Plan)];
    let sections = section_paths(&dir)
        .map_err(|e| Error::io_on(Text::new("cannot list", "を一覧できません"), &dir, &e))?;
    files.extend(sections.into_iter().map(|p| (p, FileKind::Section)));

    let mut changed = Vec::new();
    let mut errors = Vec::new();
    for (path, kind) in &files {
        // Read as the loader reads: a FIFO, a device or a huge file is a
        // problem to report, not something to wait on or fill memory with.
        let mut found = Vec::new();
        let source = crate::files::load::read_plan_file(&dir, path, &mut found);
        errors.extend(found.into_iter().filter(|d| d.is_error()));
        let Some(source) = source else {
            continue;
        };
        let text = if source.bom {
            format!("\u{feff}{}", source.text)
        } else {
            source.text
        };
        match format(&text, *kind) {
            Ok(formatted) if formatted != text => changed.push((path.clone(), text, formatted)),
            Ok(_) => {}
            Err(e) => {
                let source = SourceFile::new(display_path(path), text);
                errors.push(crate::files::load::syntax_error(&source, &e));
            }
        }
    }
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let lang = ctx.lang();
    if args.check {
        for (path, old, new) in &changed {
            let shown = display_path(path).display().to_string();
            let diff = similar::TextDiff::from_lines(old, new)
                .unified_diff()
                .context_radius(2)
                .header(&shown, &format!("{shown} (formatted)"))
                .to_string();
            ctx.ui.print(&crate::text::escape_control_keep_lines(&diff));
        }
        let n = changed.len();
        let summary = match lang {
            crate::i18n::Lang::En if n == 0 => {
                format!("plan fmt: all {} files are canonical", files.len())
            }
            crate::i18n::Lang::En => format!(
                "plan fmt: {n} file{} would be reformatted (run `plan fmt`)",
                if n == 1 { "" } else { "s" }
            ),
            crate::i18n::Lang::Ja if n == 0 => {
                format!("plan fmt: {} ファイルすべて整形済みです", files.len())
            }
            crate::i18n::Lang::Ja => {
                format!("plan fmt: {n} ファイルが整形されます（`plan fmt` を実行してください）")
            }
        };
        ctx.ui.println(&summary);
        return if n == 0 { Ok(()) } else { Err(Error::Problems) };
    }
    for (path, _, new) in &changed {
        crate::files::atomic::write_file(path, new.as_bytes())?;
        let shown = display_path(path).display().to_string();
        let line = text!(en: "formatted {shown}", ja: "{shown} を整形しました");
        ctx.ui.println(line.get(lang));
    }
    if changed.is_empty() {
        let line = Text::new("plan fmt: nothing to change", "plan fmt: 変更はありません");
        ctx.ui.println(line.get(lang));
    }
    Ok(())
}
