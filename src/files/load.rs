//! Finding a plan directory and reading its files into the model, collecting
//! every problem on the way (syntax, schema, structure) as diagnostics.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::error::{Error, Result};
use crate::files::read::{OUTSIDE, PLAN_FILE_LIMIT, ReadError, leaves, read_limited};
use crate::files::schema;
use crate::i18n::Text;
use crate::model::plan::{Plan, PlanInfo, Section, SectionFile};
use crate::source::{SourceFile, display_path};

/// The file that marks a plan directory.
pub const PLAN_FILE: &str = "plan.toml";

/// A file read, parsed and checked against its schema.
struct Parsed<T> {
    source: SourceFile,
    value: Option<T>,
}

/// Reads a plan file's text, reporting unreadable, odd and oversized
/// files, bad encodings and BOMs.
pub fn read_source(path: &Path, out: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    let bytes = match read_limited(path, PLAN_FILE_LIMIT) {
        Ok(b) => b,
        Err(e) => {
            out.push(unreadable(path, &e));
            return None;
        }
    };
    match SourceFile::from_bytes(path, bytes) {
        Ok(source) => {
            if source.bom {
                out.push(
                    Diagnostic::at(
                        Code::Bom,
                        Text::new(
                            "file starts with a UTF-8 byte order mark",
                            "ファイルの先頭に UTF-8 の BOM があります",
                        ),
                        &source,
                        0..0,
                    )
                    .with_help(Text::new(
                        "save the file as UTF-8 without BOM",
                        "BOM なしの UTF-8 で保存してください",
                    )),
                );
            }
            Some(source)
        }
        Err(bad) => {
            let shown = display_path(path);
            let offset = bad.offset;
            let mut d = Diagnostic::new(
                Code::Encoding,
                text!(
                    en: "file is not valid UTF-8 (invalid byte at offset {offset})",
                    ja: "UTF-8 として読めません（{offset} バイト目が不正）",
                ),
                Some(Location {
                    file: shown,
                    position: Some(crate::diagnostic::Position {
                        line: bad.line,
                        column: bad.column,
                        highlight: bad.line_text.len()..bad.line_text.len(),
                        line_text: bad.line_text,
                    }),
                }),
            );
            d = d.with_help(Text::new(
                "save the file as UTF-8 (plan files cannot be Shift_JIS or another encoding)",
                "UTF-8 で保存してください（Shift_JIS など他の文字コードは使えません）",
            ));
            out.push(d);
            None
        }
    }
}

/// [`read_source`] for a file of the plan in `dir`, which is only read
/// from inside it: a link out of the plan directory is refused.
pub fn read_plan_file(dir: &Path, path: &Path, out: &mut Vec<Diagnostic>) -> Option<SourceFile> {
    if leaves(dir, path) {
        out.push(unreadable(path, &ReadError::NotAFile(OUTSIDE)));
        return None;
    }
    read_source(path, out)
}

/// The diagnostic for a file that could not be read.
pub fn unreadable(path: &Path, e: &ReadError) -> Diagnostic {
    let shown = display_path(path);
    match e {
        ReadError::TooLarge { limit, .. } => {
            let mib = limit / (1024 * 1024);
            Diagnostic::in_file(
                Code::TooLarge,
                text!(en: "file not read: {e}", ja: "ファイルを読みませんでした: {e}"),
                &shown,
            )
            .with_help(text!(
                en: "plan files are small text files; one over {mib} MiB is not a plan file (check what was committed)",
                ja: "計画ファイルは小さなテキストです。{mib} MiB を超えるものは計画ファイルではありません（コミット内容を確認してください）",
            ))
        }
        ReadError::NotAFile(_) => Diagnostic::in_file(
            Code::Unreadable,
            text!(en: "file not read: {e}", ja: "ファイルを読みませんでした: {e}"),
            &shown,
        )
        .with_help(Text::new(
            "plan reads regular files only: replace it with the file itself",
            "plan は通常のファイルだけを読みます。ファイルそのものに置き換えてください",
        )),
        ReadError::Io(io) => Diagnostic::in_file(
            Code::Unreadable,
            text!(en: "cannot read file: {io}", ja: "ファイルを読めません: {io}"),
            &shown,
        ),
    }
}

/// Parses a source as TOML, checks it against the model's schema, and reads
/// it into the model when it is valid.
fn parse<T: DeserializeOwned + schema::WithinLimits>(
    source: SourceFile,
    schema: fn() -> &'static schemars::Schema,
    out: &mut Vec<Diagnostic>,
) -> Parsed<T> {
    // serde first, straight from the text (`toml`'s deserializer builds
    // no editable tree, unlike `toml_edit`): a file it reads whole and
    // within the schema's limits has nothing the schema walk would report,
    // so the walk (with its located diagnostics) runs only for a file with
    // something wrong.
    if let Ok(v) = toml::from_str::<T>(&source.text)
        && v.within_limits()
    {
        return Parsed {
            source,
            value: Some(v),
        };
    }
    // Parsed again, as a tree with spans: only for a file with a problem,
    // which is rare.
    let doc = match toml_edit::Document::parse(source.text.clone()) {
        Ok(doc) => doc,
        Err(e) => {
            out.push(syntax_error(&source, &e));
            return Parsed {
                source,
                value: None,
            };
        }
    };
    // The schema is derived only now: a plan without problems never needs it.
    let problems = schema::validate(doc.as_table(), schema());
    let value = if problems.is_empty() {
        match toml_edit::de::from_document::<T>(doc) {
            Ok(v) => Some(v),
            Err(e) => {
                // The schema accepted what serde refused: still the user's
                // file to fix, so point at it rather than fail obscurely.
                out.push(Diagnostic::at(
                    Code::InvalidValue,
                    Text::same(e.message().to_string()),
                    &source,
                    e.span().unwrap_or(0..0),
                ));
                None
            }
        }
    } else {
        // Read on without the unknown keys, so a typo does not hide the
        // structural problems of the rest of the file. (The plan is still
        // invalid: the problems below are errors.)
        schema::without_unknown_keys(&source.text, &problems)
            .and_then(|t| toml::from_str::<T>(&t).ok())
    };
    for p in problems {
        let span = p.span.unwrap_or(0..0);
        let mut d = Diagnostic::at(p.code, p.message, &source, span);
        d.help = p.help;
        out.push(d);
    }
    Parsed { source, value }
}

/// A TOML syntax error, located by the parser's span. The caret is drawn
/// from the span by display width, so it stays under the right character
/// even after full-width text.
pub fn syntax_error(source: &SourceFile, e: &toml_edit::TomlError) -> Diagnostic {
    let message = e.message().trim().to_string();
    let span = e.span().unwrap_or(0..0);
    Diagnostic::at(
        Code::Syntax,
        Text::new(
            format!("TOML syntax error: {message}"),
            format!("TOML の構文エラー: {message}"),
        ),
        source,
        span,
    )
    .with_help(Text::new(
        "fix the TOML at the marked spot (strings need double quotes; each key once per table)",
        "示した箇所の TOML を直してください（文字列は二重引用符で囲む、キーはテーブル内で一度だけ）",
    ))
}

/// A plan loaded as far as it could be, with every problem found on the way.
pub struct Loaded {
    /// The plan as far as it could be read: `None` when plan.toml could
    /// not be; without the section files that could not be, unless `complete`.
    pub plan: Option<Plan>,
    /// Every file was read into the model (there may still be errors).
    pub complete: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// How many section files were listed (read or not).
    pub section_files: usize,
}

/// The number a section file's name starts with (`02-telework.toml` → 2).
fn number_in_name(name: &std::ffi::OsStr) -> Option<u32> {
    let name = name.to_str()?;
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    name[..digits].parse().ok()
}

/// The section files of a plan directory: every `*.toml` beside `plan.toml`.
pub fn section_paths(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    crate::files::read::toml_files(std::fs::read_dir(dir)?, |name| name != PLAN_FILE)
}

/// The section files whose names start with a number `wanted` accepts.
fn numbered_section_paths(
    dir: &Path,
    wanted: impl Fn(u32) -> bool,
) -> std::io::Result<Vec<PathBuf>> {
    crate::files::read::toml_files(std::fs::read_dir(dir)?, |name| {
        name != PLAN_FILE && number_in_name(name).is_some_and(&wanted)
    })
}

/// Reads every file of the plan in `dir`, checking syntax, schema and
/// structure. The plan is returned as far as it could be read, even with
/// errors, so `plan check` can go on to check the notes against it.
pub fn load_checked(dir: &Path) -> Loaded {
    load_from(dir, None)
}

/// Reads plan.toml and the section files (all of them, or those whose
/// names start with one of `only`'s numbers), checking what can be checked
/// of them (numbering needs every file, so a selection is never complete).
fn load_from(dir: &Path, only: Option<&[u32]>) -> Loaded {
    let mut diagnostics = Vec::new();
    let read = |path: &Path, out: &mut Vec<Diagnostic>| read_plan_file(dir, path, out);
    let info = read(&dir.join(PLAN_FILE), &mut diagnostics)
        .map(|s| parse::<PlanInfo>(s, schema::plan_schema, &mut diagnostics));
    let listed = match only {
        Some(numbers) => numbered_section_paths(dir, |n| numbers.contains(&n)),
        None => section_paths(dir),
    };
    let paths = match listed {
        Ok(p) => p,
        Err(e) => {
            let shown = display_path(dir);
            diagnostics.push(Diagnostic::in_file(
                Code::Unreadable,
                text!(en: "cannot list the plan directory: {e}", ja: "計画ディレクトリを一覧できません: {e}"),
                &shown,
            ));
            Vec::new()
        }
    };
    let mut sections: Vec<Parsed<Section>> = Vec::new();
    // A file that cannot be read leaves the plan incomplete: its section
    // must not show up as a gap in the numbering as well.
    let mut unread = false;
    let parsed = crate::files::parallel::map(&paths, |path| {
        let mut found = Vec::new();
        let section =
            read(path, &mut found).map(|s| parse::<Section>(s, schema::section_schema, &mut found));
        (section, found)
    });
    for (section, found) in parsed {
        diagnostics.extend(found);
        match section {
            Some(section) => sections.push(section),
            None => unread = true,
        }
    }

    let Some(info) = info else {
        return Loaded {
            plan: None,
            complete: false,
            diagnostics,
            section_files: paths.len(),
        };
    };
    let mut read = Vec::new();
    let mut complete = info.value.is_some() && !unread && only.is_none();
    for parsed in sections {
        match parsed.value {
            Some(section) => read.push(SectionFile {
                source: parsed.source,
                section,
            }),
            None => complete = false,
        }
    }
    // Sections in number order, as the plan keeps them.
    read.sort_by_key(|file| file.section.number);
    let files = read;
    if paths.is_empty() {
        let shown = display_path(dir);
        diagnostics.push(
            Diagnostic::in_file(
                Code::NoSections,
                Text::new("the plan has no section files", "節ファイルがありません"),
                &shown,
            )
            .with_help(Text::new(
                "add one file per section beside plan.toml, named after its number: 01-….toml",
                "plan.toml と同じディレクトリに、節ごとに番号で始まるファイル（01-….toml）を置いてください",
            )),
        );
    }
    let plan = info
        .value
        .map(|pi| Plan::new(dir.to_path_buf(), pi, info.source, files));
    if let Some(plan) = &plan {
        crate::files::rules::check_plan(plan, complete, &mut diagnostics);
    }
    Loaded {
        plan,
        complete,
        diagnostics,
        section_files: paths.len(),
    }
}

/// Reads plan.toml and the section files whose numbers `wanted` accepts
/// with serde alone: no schema walk, no rules, no notes, and a file that
/// does not read is left out rather than reported. For shell completion,
/// which runs on every key press: it offers what can be read, and costs one
/// file when the typed ID names its section (`500.` at 1,000 sections).
/// The files are still read as every plan file is (regular files inside
/// the plan directory, within the size limit).
pub fn load_unchecked(dir: &Path, wanted: impl Fn(u32) -> bool + Sync) -> Option<Plan> {
    let mut ignored = Vec::new();
    let info_source = read_plan_file(dir, &dir.join(PLAN_FILE), &mut ignored)?;
    let info: PlanInfo = toml::from_str(&info_source.text).ok()?;
    let paths = numbered_section_paths(dir, &wanted).ok()?;
    let sections = crate::files::parallel::map(&paths, |path| {
        let source = read_plan_file(dir, path, &mut Vec::new())?;
        let section = toml::from_str::<Section>(&source.text).ok()?;
        Some(SectionFile { source, section })
    });
    let sections = sections.into_iter().flatten().collect();
    Some(Plan::new(dir.to_path_buf(), info, info_source, sections))
}

/// Loads the plan for a command: any error in the plan files fails the
/// command with every diagnostic (warnings are left to `plan check`).
pub fn load(dir: &Path) -> Result<Plan> {
    accept(load_checked(dir), true)
}

/// Loads plan.toml and only the given sections' files, for commands about
/// one measure or section (`plan show 2.イ`, `plan note 2.イ …`), so their
/// cost does not grow with the plan. When a file is not named after its
/// number (or is missing), the whole plan is loaded instead, so every
/// problem is still found and reported as `load` would.
pub fn load_sections(dir: &Path, numbers: &[u32]) -> Result<Plan> {
    let loaded = load_from(dir, Some(numbers));
    let found = loaded.plan.as_ref().is_some_and(|p| {
        p.sections.len() == numbers.len() && numbers.iter().all(|n| p.section(*n).is_some())
    });
    if !found {
        return load(dir);
    }
    accept(loaded, false)
}

/// The plan when nothing is wrong with what was read, else every error.
fn accept(loaded: Loaded, needs_all: bool) -> Result<Plan> {
    let has_error = loaded.diagnostics.iter().any(Diagnostic::is_error);
    match loaded.plan {
        Some(plan) if (loaded.complete || !needs_all) && !has_error => Ok(plan),
        _ => {
            let mut errors: Vec<Diagnostic> = loaded
                .diagnostics
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect();
            crate::diagnostic::sort(&mut errors);
            Err(Error::Invalid(errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_plan_loads_with_only_the_known_warnings() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
        let loaded = load_checked(&dir);
        let found: Vec<String> = loaded
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code.as_str(), d.message.en))
            .collect();
        assert_eq!(
            found,
            vec![
                "P033 6.tmg.イ repeats the text of 6.tmg.ア.2",
                "P033 6.tmg.カ repeats the text of 6.tmg.ア.3",
            ]
        );
        assert!(loaded.complete);
        let plan = loaded.plan.unwrap();
        assert_eq!(plan.sections.len(), 6);
        assert_eq!(plan.measures().count(), 51);
        // The index finds every measure by the ID it shows.
        for m in plan.measures() {
            assert_eq!(plan.find(&m.id().to_string()), Some(m.index), "{}", m.id());
        }
    }
}
