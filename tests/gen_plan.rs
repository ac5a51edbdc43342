//! The benchmark plan generator (`cargo run --example gen-plan`): a small
//! generated plan is valid, canonical and complete, and reproducible.

mod common;

// The generator is an example; its code is shared with the scale benchmark.
#[allow(dead_code)]
#[path = "../examples/gen-plan/generate.rs"]
mod generate;

use std::fs;
use std::path::Path;

use common::{json_array_of, plan, shipped_plan};
use generate::{Options, generate};

fn small(seed: u64) -> Options {
    Options {
        sections: 3,
        measures: 4,
        notes: 50,
        seed,
    }
}

/// Whether two directory trees hold the same files with the same bytes
/// (`diff -r` finds none that differ).
fn same_tree(a: &Path, b: &Path) -> bool {
    let out = std::process::Command::new("diff")
        .args(["-r", "-q"])
        .arg(a)
        .arg(b)
        .output()
        .expect("diff runs");
    match out.status.code() {
        Some(0) => true,
        Some(1) => false,
        _ => panic!("diff failed: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

#[test]
fn a_small_generated_plan_passes_check_and_lists_every_measure() {
    let out = tempfile::tempdir().unwrap();
    let summary = generate(&shipped_plan(), out.path(), &small(7)).unwrap();
    let dir = out.path().join("plan");
    assert_eq!(summary.measures, 12);
    assert_eq!(summary.notes, 50);

    let problems = json_array_of(plan(&dir).args(["check", "--format", "json"]));
    assert!(problems.is_empty(), "plan check found: {problems:#?}");
    plan(&dir)
        .args(["check", "--deny-warnings"])
        .assert()
        .success();
    plan(&dir).args(["fmt", "--check"]).assert().success();

    let measures = json_array_of(plan(&dir).args(["list", "--format", "json"]));
    assert_eq!(measures.len(), 12);
    let per_party = |party: &str| measures.iter().filter(|m| m["party"] == party).count();
    assert_eq!((per_party("tmg"), per_party("tcci")), (6, 6));
    // Every line, corrections included (plan log alone shows the notes in force).
    let notes = json_array_of(plan(&dir).args(["log", "--all", "--format", "json"]));
    assert_eq!(notes.len(), 50);

    let plan_toml = fs::read_to_string(dir.join("plan.toml")).unwrap();
    let shipped_toml = fs::read_to_string(shipped_plan().join("plan.toml")).unwrap();
    assert!(
        !plan_toml.contains("[check]"),
        "no allow-list of FY2021's IDs"
    );
    assert!(
        shipped_toml.starts_with(&plan_toml[..plan_toml.find("[settings]").unwrap()]),
        "plan.toml keeps the shipped header"
    );
    for name in [
        ".gitattributes",
        "schema/plan.schema.json",
        "schema/section.schema.json",
    ] {
        assert_eq!(
            fs::read(dir.join(name)).unwrap(),
            fs::read(shipped_plan().join(name)).unwrap(),
            "{name} is copied"
        );
    }
    let names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for n in 1..=3 {
        assert!(
            names.iter().any(|f| f.starts_with(&format!("0{n}-"))),
            "a file for section {n} in {names:?}"
        );
        assert!(dir.join(format!("notes/0{n}.toml")).is_file());
    }
}

#[test]
fn notes_files_start_like_the_ones_plan_note_writes() {
    let scratch = common::copy_plan();
    scratch.note(&["2.イ", "セミナー実施", "--at", "2021-06-15"]);
    let written = scratch.notes_text(2);
    let header: String = written
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!header.is_empty());

    let out = tempfile::tempdir().unwrap();
    generate(&shipped_plan(), out.path(), &small(3)).unwrap();
    let generated = fs::read_to_string(out.path().join("plan/notes/01.toml")).unwrap();
    assert!(generated.starts_with(&header), "{generated}");
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    generate(&shipped_plan(), a.path(), &small(1)).unwrap();
    generate(&shipped_plan(), b.path(), &small(1)).unwrap();
    generate(&shipped_plan(), c.path(), &small(2)).unwrap();
    assert!(same_tree(a.path(), b.path()), "two runs with seed 1 differ");
    assert!(
        !same_tree(a.path(), c.path()),
        "seeds 1 and 2 give the same plan"
    );
}

#[test]
fn bad_options_are_errors_that_write_nothing() {
    let cases = [
        (
            Options {
                sections: 0,
                ..small(1)
            },
            "--sections",
        ),
        (
            Options {
                measures: 0,
                ..small(1)
            },
            "--measures",
        ),
        (
            Options {
                measures: 93,
                ..small(1)
            },
            "--measures",
        ),
        (
            Options {
                notes: generate::MAX_NOTES + 1,
                ..small(1)
            },
            "--notes",
        ),
    ];
    for (opts, flag) in cases {
        let out = tempfile::tempdir().unwrap();
        let err = generate(&shipped_plan(), out.path(), &opts).unwrap_err();
        assert!(err.to_string().contains(flag), "{opts:?}: {err}");
        assert!(!out.path().join("plan").exists(), "{opts:?} wrote files");
    }

    // 46 labels per party is the most; 92 measures fit two parties.
    let out = tempfile::tempdir().unwrap();
    let full = Options {
        sections: 1,
        measures: 92,
        notes: 0,
        seed: 1,
    };
    generate(&shipped_plan(), out.path(), &full).unwrap();
    let problems =
        json_array_of(plan(&out.path().join("plan")).args(["check", "--format", "json"]));
    assert!(problems.is_empty(), "plan check found: {problems:#?}");

    // An existing plan is never overwritten.
    let err = generate(&shipped_plan(), out.path(), &small(1)).unwrap_err();
    assert!(err.to_string().contains("already has files"), "{err}");

    // A directory that is not a plan to draw from.
    let out = tempfile::tempdir().unwrap();
    let err = generate(out.path(), out.path(), &small(1)).unwrap_err();
    assert!(err.to_string().contains("cannot load the plan"), "{err}");
}

/// Every notes file under `dir` (recursively), by path.
fn notes_files_under(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            notes_files_under(&path, found);
        } else if path.parent().is_some_and(|p| p.ends_with("notes"))
            && path.extension().is_some_and(|e| e == "toml")
        {
            found.push(path);
        }
    }
}

#[test]
fn the_fast_note_parser_and_the_toml_parser_agree_on_every_generated_and_corpus_line() {
    use plan::files::noteline::{parse_fast, parse_toml};
    let out = tempfile::tempdir().unwrap();
    let options = Options {
        notes: 2000,
        ..small(11)
    };
    generate(&shipped_plan(), out.path(), &options).unwrap();
    let mut files = Vec::new();
    notes_files_under(out.path(), &mut files);
    let generated = files.len();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    notes_files_under(&corpus, &mut files);
    assert!(generated >= 3 && files.len() > generated, "{files:?}");
    let (mut fast_lines, mut generated_lines) = (0, 0);
    for (i, path) in files.iter().enumerate() {
        let bytes = fs::read(path).unwrap();
        // Corpus files hold torn and undecodable lines on purpose.
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            if line.trim_start().starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if i < generated {
                generated_lines += 1;
            }
            if let Some(fast) = parse_fast(line) {
                fast_lines += 1;
                assert_eq!(Ok(fast), parse_toml(line), "{}: {line}", path.display());
            }
        }
    }
    assert!(
        generated_lines >= 2000,
        "{generated_lines} generated note lines"
    );
    assert!(
        fast_lines >= generated_lines,
        "the fast path took only {fast_lines} of {generated_lines} generated lines"
    );
}

#[test]
fn a_table_of_thousands_of_measures_lists_each_once_in_order() {
    // Over 4,096 measures and 8,192 rows with their sub-items: both are
    // made into rows, and measured, on several threads.
    let out = tempfile::tempdir().unwrap();
    let options = Options {
        sections: 280,
        measures: 20,
        notes: 2_000,
        seed: 5,
    };
    generate(&shipped_plan(), out.path(), &options).unwrap();
    let dir = out.path().join("plan");
    for items in [false, true] {
        let with = |args: &[&str]| {
            let mut cmd = plan(&dir);
            cmd.args(args);
            if items {
                cmd.arg("--items");
            }
            let out = cmd.output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let ids: Vec<String> = with(&["list", "--format", "ids"])
            .lines()
            .map(str::to_string)
            .collect();
        assert!(
            ids.len() > if items { 8_192 } else { 4_096 },
            "{}",
            ids.len()
        );
        let table = with(&["list"]);
        // Each row's first cell, below the header and its rule.
        let shown: Vec<String> = table
            .lines()
            .skip(2)
            .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
            .collect();
        assert_eq!(shown, ids, "items {items}");
    }
}
