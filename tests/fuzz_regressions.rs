//! Every input the fuzzers found a crash with (tests/fuzz_regressions/<target>/),
//! replayed through the same code the fuzz target runs (fuzz/harness.rs),
//! so a fixed crash stays fixed without nightly or cargo-fuzz.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

/// Runs `target` on each saved input of `tests/fuzz_regressions/<name>/`,
/// naming the file that fails.
fn replay(name: &str, target: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(name);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let outcome = std::panic::catch_unwind(|| target(&bytes));
        assert!(outcome.is_ok(), "{} fails again", file.display());
    }
}

#[test]
fn loader_inputs_that_crashed_it_load() {
    replay("load", harness::load);
}

#[test]
fn notes_inputs_that_crashed_the_reader_are_read() {
    replay("notes", harness::notes);
}

#[test]
fn ids_that_crashed_resolution_resolve_or_fail_cleanly() {
    replay("ids", harness::ids);
}

#[test]
fn dates_that_crashed_the_grammar_parse_or_fail_cleanly() {
    replay("dates", harness::dates);
}

#[test]
fn plans_that_crashed_plan_check_are_checked() {
    replay("check", harness::check);
}
