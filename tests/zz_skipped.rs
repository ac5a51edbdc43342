//! The last test binary of a `cargo test` run (cargo runs integration
//! tests in name order): it lists every test that skipped a check in this
//! run — a program it drives was missing (Chromium, GNU time, git …) — so
//! that such a machine does not look all green. Each skip was also said as
//! it happened; see `common::skipped`. Under CI=true a missing program
//! fails its test instead, so this list is empty there.

mod common;

use std::fs;
use std::io::Write;
use std::time::{Duration, SystemTime};

#[test]
fn zz_report_the_tests_skipped_in_this_run() {
    let dir = common::skip_dir();
    let log = dir.join(format!("{}.log", common::run_id()));
    // Records left by runs that never got here (one test file run alone).
    for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > Duration::from_secs(24 * 3600));
        if old && entry.path() != log {
            let _ = fs::remove_file(entry.path());
        }
    }
    let Ok(text) = fs::read_to_string(&log) else {
        return;
    };
    let _ = fs::remove_file(&log);
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort_unstable();
    lines.dedup();
    let mut report = format!(
        "\n{} check(s) were SKIPPED in this run (install what they need; under CI=true they fail):\n",
        lines.len()
    );
    for line in &lines {
        report.push_str("  ");
        report.push_str(line.trim_start_matches("SKIPPED "));
        report.push('\n');
    }
    // Past the harness's capture, like the skips themselves.
    let _ = std::io::stderr().write_all(report.as_bytes());
}
