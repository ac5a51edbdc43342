//! `plan check` on a corpus of broken plans (tests/corpus/<case>/plan): for
//! every case and every output format, the diagnostics and the exit code are
//! compared with reviewed snapshots (tests/snapshots/).

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

/// Runs `plan check` in the case directory, so paths print as `plan/…`.
fn check(case: &Path, format: &str) -> String {
    let output = Command::cargo_bin("plan")
        .unwrap()
        .current_dir(case)
        .args([
            "--plan", "plan", "--lang", "en", "check", "--format", format,
        ])
        .env("NO_COLOR", "1")
        .env("PLAN_CONFIG", common::NO_USER_CONFIG)
        .env_remove("PLAN_DIR")
        .output()
        .unwrap();
    format!(
        "exit: {}\n{}{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn every_case_matches_its_snapshots_in_every_format() {
    let cases = cases();
    assert!(cases.len() >= 20, "corpus incomplete: {cases:?}");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        for format in ["human", "json", "github"] {
            insta::assert_snapshot!(format!("{name}@{format}"), check(&case, format));
        }
    }
}

#[test]
fn every_code_has_a_case_in_the_corpus() {
    let mut seen = String::new();
    for case in cases() {
        seen.push_str(&check(&case, "json"));
    }
    for code in plan::diagnostic::Code::ALL {
        // P060 is about a document given to `plan import`, not about plan
        // files: tests/import.rs covers it.
        if *code == plan::diagnostic::Code::Document {
            continue;
        }
        assert!(
            seen.contains(&format!("\"{}\"", code.as_str())),
            "no corpus case reports {}",
            code.as_str()
        );
    }
}
