//! What each fuzz target runs on one input, shared by the cargo-fuzz
//! targets (`fuzz/fuzz_targets/`) and the regression test that replays
//! every saved crash (`tests/fuzz_regressions.rs`), so a fixed crash stays
//! fixed under stable `cargo test`.
//!
//! Each function must not panic on any input; the assertions in them are
//! the properties a fuzzer should break if it can.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate};

use plan::diagnostic::Diagnostic;
use plan::files::format::{FileKind, format};
use plan::files::noteline;
use plan::files::notes::{Notebook, Options};
use plan::i18n::Lang;
use plan::model::date::Zone;
use plan::model::plan::Plan;
use plan::model::resolve::{PartyDefault, PartySource};

/// The separator of the files within one input (a NUL byte: plan files
/// are text, and splitting on one byte is easy for a fuzzer to find).
pub const SEPARATOR: u8 = 0;

/// The shipped plan directory, from the root crate or from `fuzz/`.
pub fn shipped() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [here.join("plan"), here.join("../plan")]
        .into_iter()
        .find(|p| p.join("plan.toml").is_file())
        .expect("the shipped plan is beside the fuzz crate")
}

/// A fixed "now" inside the shipped plan's fiscal year, so runs repeat.
fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2021-10-01T12:00:00+09:00").unwrap()
}

fn tokyo() -> Zone {
    Zone::named("Asia/Tokyo").unwrap()
}

/// A scratch directory for this process, emptied before each input.
fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// A fresh copy of the shipped plan's files (`<tmp>/plan/`, with an empty
/// `notes/`): the temporary directory and the plan directory.
pub fn copy_of_shipped() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("plan");
    std::fs::create_dir_all(dir.join("notes")).unwrap();
    for entry in std::fs::read_dir(shipped()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    (root, dir)
}

/// A copy of the shipped plan and the plan loaded from it, for this process.
fn shipped_copy() -> (&'static Path, &'static Plan) {
    static PLAN: OnceLock<(tempfile::TempDir, PathBuf, Plan)> = OnceLock::new();
    let (_, dir, plan) = PLAN.get_or_init(|| {
        let (root, dir) = copy_of_shipped();
        let plan = plan::files::load::load(&dir).expect("the shipped plan loads");
        (root, dir, plan)
    });
    (dir, plan)
}

/// Renders a diagnostic every way `plan check` can, as the program would.
fn render(d: &Diagnostic) {
    for lang in [Lang::En, Lang::Ja] {
        let human = d.render_human(lang, false);
        let _ = d.render_human(lang, true);
        assert!(!human.contains('\u{1b}'), "raw ESC in {human:?}");
    }
    let github = d.render_github();
    assert!(!github.contains('\u{1b}'), "raw ESC in {github:?}");
    serde_json::to_string(&d.to_json()).unwrap();
}

/// Writes `parts` as files of a fresh plan directory under the scratch one.
fn write_plan(parts: &[(&str, &[u8])]) -> PathBuf {
    let dir = scratch().join("plan");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("notes")).unwrap();
    for (name, bytes) in parts {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    dir
}

/// `plan fmt` must give a fixed point: formatting its output changes nothing.
fn format_is_idempotent(bytes: &[u8], kind: FileKind) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(once) = format(text, kind) {
        let twice = format(&once, kind).expect("formatted text parses");
        assert_eq!(once, twice, "fmt is not idempotent on {text:?}");
    }
}

/// (a) The plan loader on plan.toml and section files: the input is
/// plan.toml, then each section file, separated by [`SEPARATOR`].
pub fn load(data: &[u8]) {
    let mut parts = data.split(|b| *b == SEPARATOR);
    let plan_toml = parts.next().unwrap_or_default();
    let names: Vec<String> = (1..=6).map(|n| format!("{n:02}-s.toml")).collect();
    let mut files = vec![("plan.toml", plan_toml)];
    for (name, bytes) in names.iter().zip(parts) {
        files.push((name, bytes));
    }
    let dir = write_plan(&files);
    let loaded = plan::files::load::load_checked(&dir);
    for d in &loaded.diagnostics {
        render(d);
    }
    if let Some(plan) = &loaded.plan {
        let _ = plan.all_ids();
        for m in plan.measures() {
            let _ = m.id().to_string();
        }
    }
    format_is_idempotent(plan_toml, FileKind::Plan);
    for (_, bytes) in &files[1..] {
        format_is_idempotent(bytes, FileKind::Section);
    }
}

/// Every error of a line points inside it, on character boundaries.
fn spans_are_inside(line: &str, errors: &[noteline::LineError]) {
    for e in errors {
        assert!(
            e.span.start <= e.span.end
                && e.span.end <= line.len()
                && line.is_char_boundary(e.span.start)
                && line.is_char_boundary(e.span.end),
            "span {:?} outside {line:?}",
            e.span
        );
    }
}

/// (b) The note line parser on each line, then the notes reader on the
/// whole input as `notes/02.toml` of the shipped plan.
pub fn notes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if let Err(errors) = noteline::parse(line) {
            spans_are_inside(line, &errors);
        }
        for field in noteline::FIELDS {
            let span = noteline::field_span(line, field);
            assert!(span.start <= span.end && span.end <= line.len());
            let key = noteline::key_span(line, field);
            assert!(key.start <= key.end && key.end <= line.len());
        }
    }
    let (dir, plan) = shipped_copy();
    std::fs::write(dir.join("notes/02.toml"), data).unwrap();
    read_notes(plan);
}

fn read_notes(plan: &Plan) {
    let options = Options {
        keep_text: true,
        check: true,
        ..Options::default()
    };
    let book = Notebook::read(plan, tokyo(), now(), options);
    for d in book.diagnostics.iter().chain(&book.unreadable) {
        render(d);
    }
    for i in 0..book.entries.len() {
        if book.in_force(i) {
            // A note that counts can be shown in full.
            let note = book.note(plan, i).expect("a note in force decodes");
            let line = noteline::write(&note);
            assert!(noteline::parse(line.trim_end_matches('\n')).is_ok());
        }
    }
    let tracker = plan::model::progress::Tracker::new(plan, book.events(plan), Some(now()));
    for m in plan.measures() {
        let _ = tracker.measure(m.index).status();
    }
}

/// (c) Measure IDs, sections, parties and statuses as typed on the command line.
pub fn ids(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (_, plan) = shipped_copy();
    let _ = plan::model::id::MeasureId::parse_canonical(input);
    let _ = plan::model::id::split(input);
    for (party, source) in [("tmg", PartySource::Default), ("tcci", PartySource::Chosen)] {
        let default = PartyDefault { party, source };
        match plan.resolve(input, default) {
            Ok(r) => {
                // What resolves is a measure of the plan, in canonical form
                // that resolves to itself.
                assert!(plan.contains(&r.id), "{} is not in the plan", r.id);
                let again = plan.resolve(&r.id.to_string(), default).unwrap();
                assert_eq!(again.id, r.id);
            }
            Err(e) => {
                let _ = e.into_error(plan);
            }
        }
        if let Err(e) = plan.resolve_target(input, default) {
            let _ = e.into_error(plan);
        }
    }
    let _ = plan.find_party(input);
    let _ = plan::model::filter::parse_sections(plan, &[input.to_string()]);
    let _ = plan::model::filter::parse_status(input);
}

/// (d) The date grammar of `--at`, `--since`, `--until`, `--as-of`.
pub fn dates(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let days = [
        NaiveDate::from_ymd_opt(2021, 6, 15).unwrap(),
        NaiveDate::from_ymd_opt(2019, 5, 1).unwrap(),
        NaiveDate::MIN,
        NaiveDate::MAX,
    ];
    let zones = [
        "Asia/Tokyo",
        "UTC",
        "America/New_York",
        "Pacific/Kiritimati",
    ];
    for today in days {
        if let Ok(span) = plan::model::when::parse_span(input, today) {
            assert!(span.first() <= span.last(), "{span:?}");
        }
        for zone in zones {
            let zone = Zone::named(zone).unwrap();
            if let Ok(at) = plan::model::when::parse_moment(input, zone, today) {
                let _ = at.start(zone);
            }
        }
    }
}

/// (e) `plan check` end to end on a directory: plan.toml, notes/01.toml,
/// notes/02.toml, then section files, separated by [`SEPARATOR`].
pub fn check(data: &[u8]) {
    let mut parts = data.split(|b| *b == SEPARATOR);
    let fixed = ["plan.toml", "notes/01.toml", "notes/02.toml"];
    let names: Vec<String> = (1..=6).map(|n| format!("{n:02}-s.toml")).collect();
    let mut files: Vec<(&str, &[u8])> = Vec::new();
    for name in fixed
        .iter()
        .copied()
        .chain(names.iter().map(String::as_str))
    {
        match parts.next() {
            Some(bytes) => files.push((name, bytes)),
            None => break,
        }
    }
    let dir = write_plan(&files);
    let plan::commands::check::Diagnosis {
        diagnostics, book, ..
    } = plan::commands::check::diagnose(&dir, tokyo(), now());
    for d in &diagnostics {
        render(d);
    }
    if let (Some(book), Ok(plan)) = (book, plan::files::load::load(&dir)) {
        for i in 0..book.entries.len() {
            if book.in_force(i) {
                assert!(book.note(&plan, i).is_some());
            }
        }
    }
}
