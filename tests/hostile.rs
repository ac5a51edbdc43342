//! A hostile repository: one plan (built here, in a directory whose name
//! is a terminal escape) with every trick of issue #13 — escape codes and
//! C1 controls in texts, keys, authors and file names, bidi and zero-width
//! characters, 100 KB lines, a torn tail, conflict markers, and in its
//! broken form FIFOs, device links and link loops. Every read command in
//! every format runs against it under a deadline: none may hang, crash,
//! let a raw control character out in a human format, or print bad JSON.

mod common;
mod support;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use support::*;

/// An OSC "set window title" sequence: what an attacker would hide.
const OSC: &str = "\u{1b}]0;owned\u{7}";
/// Invisible and bidi characters that make text read differently.
const INVISIBLE: &str = "\u{200b}\u{200d}\u{feff}\u{ad}\u{2028}\u{2029}\u{61c}\u{202e}\u{2067}";

/// A note line with raw C1 controls (TOML allows them raw in strings) and
/// escaped C0 ones, in every field a person sees.
fn hostile_notes() -> String {
    let mut text = String::from(plan::files::store::HEADER);
    let evil = format!("\u{9b}31m\u{85}{INVISIBLE}");
    for (i, id) in ["2.tmg.ア", "2.tmg.イ.1", "2.tcci.イ"].iter().enumerate() {
        text.push_str(&format!(
            "\"k{i}\\u001b[2J{evil}\" = {{ id = \"{id}\", at = 2021-06-1{i}T10:00:00+09:00, author = \"\\u001b]0;x\\u0007{evil}\", status = \"active\", text = \"\\u001b[31m赤\\r\\n\\u0000{evil}\", links = [\"https://example.org/a\"] }}\n"
        ));
    }
    // A 100 KB note.
    text.push_str(&format!(
        "\"long\" = {{ id = \"2.tmg.ウ\", at = 2021-07-01, author = \"a\", text = \"{}\" }}\n",
        "長".repeat(35_000)
    ));
    // A raw ESC (not allowed in TOML): a line readers skip with a warning.
    text.push_str(
        "\"raw\" = { id = \"2.tmg.ア\", at = 2021-07-02, author = \"\u{1b}[5m\", text = \"x\" }\n",
    );
    // Conflict markers, and 100 KB of garbage on one line.
    text.push_str("<<<<<<< HEAD\n=======\n>>>>>>> b\n");
    text.push_str(&format!("{}\n", "\u{1b}x".repeat(50_000)));
    // A torn tail cut inside a character.
    text.push_str("\"torn\" = { id = \"2.tmg.ア\", at = 2021-07-03, author = \"a\", text = \"切");
    text.pop();
    text
}

/// Builds the plan: `broken` adds the tricks that make it unreadable.
fn hostile_plan(broken: bool) -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join(format!("{OSC}{INVISIBLE}")).join("plan");
    copy_dir(&shipped_plan(), &dir);
    // Invisible and bidi characters, and a 100 KB text, in the plan itself.
    let file = dir.join("02-telework.toml");
    let text = fs::read_to_string(&file).unwrap();
    let text = text
        .replacen(
            "東京テレワーク推進センターの運営",
            &format!("東京{INVISIBLE}テレワーク推進センターの運営"),
            1,
        )
        .replacen(
            "テレワークの推進\"",
            &format!("テレワーク{INVISIBLE}の推進\""),
            1,
        )
        .replacen("見学会の実施", &"見学会".repeat(34_000), 1);
    fs::write(&file, text).unwrap();
    fs::create_dir_all(dir.join("notes")).unwrap();
    let notes = hostile_notes();
    let bytes = notes.as_bytes();
    // Cut the last character in half.
    fs::write(dir.join("notes/02.toml"), &bytes[..bytes.len() - 1]).unwrap();
    fs::write(
        dir.join(format!("notes/{OSC}.toml")),
        "\"k\" = \u{1b}[31m\n",
    )
    .unwrap();
    if broken {
        let fifo = dir.join("notes/03.toml");
        if have("mkfifo") {
            mkfifo(&fifo);
            mkfifo(&dir.join("07-fifo.toml"));
        }
        std::os::unix::fs::symlink("/dev/zero", dir.join("notes/04.toml")).unwrap();
        std::os::unix::fs::symlink("/proc/self/fd/0", dir.join("notes/05.toml")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join("08-zero.toml")).unwrap();
        std::os::unix::fs::symlink("/proc/self/fd/0", dir.join("09-stdin.toml")).unwrap();
        std::os::unix::fs::symlink("loop.toml", dir.join("loop.toml")).unwrap();
        fs::write(
            dir.join(format!("{OSC}.toml")),
            format!(
                "number = 10\ntitle = \"{OSC}\"\n{}\n",
                "\u{1b}".repeat(100_000)
            ),
        )
        .unwrap();
    }
    (root, dir)
}

/// Every read command in each of its formats.
fn read_commands() -> Vec<(Vec<&'static str>, Format)> {
    let mut out = Vec::new();
    for (args, formats) in [
        (
            vec!["list"],
            &["table", "json", "csv", "tsv", "markdown", "ids"][..],
        ),
        (vec!["list", "--items"], &["table", "json", "markdown"]),
        (vec!["show", "2.tmg.ア"], &["table", "json", "markdown"]),
        (vec!["show", "2.tmg.イ.1"], &["table", "json"]),
        (vec!["show", "2"], &["table", "json", "markdown"]),
        (vec!["log"], &["table", "json", "csv", "markdown"]),
        (vec!["log", "--all"], &["table", "json"]),
        (vec!["status"], &["table", "json", "csv", "markdown"]),
        (vec!["status", "--by", "measure"], &["table", "json"]),
        (vec!["status", "--by", "party"], &["table"]),
        (vec!["check"], &["human", "json", "github"]),
        (vec!["render"], &["text", "markdown", "html"]),
        (vec!["config"], &["table", "json"]),
    ] {
        for f in formats {
            let mut a = args.clone();
            a.extend(["--format", f]);
            let kind = match *f {
                "json" => Format::Json,
                "csv" | "tsv" => Format::Data,
                _ => Format::Human,
            };
            out.push((a, kind));
        }
    }
    out.push((vec!["--lang", "ja", "list"], Format::Human));
    out.push((vec!["--lang", "ja", "check"], Format::Human));
    out.push((
        vec!["--lang", "ja", "--date-style", "wareki", "log"],
        Format::Human,
    ));
    out.push((vec!["fmt", "--check"], Format::Human));
    out
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Format {
    /// What people read on a terminal: no raw control characters.
    Human,
    /// JSON: must parse.
    Json,
    /// CSV and TSV: data, kept as it is (see the README).
    Data,
}

/// Runs every read command on the plan and checks each run.
fn run_all(dir: &Path, expect_success: bool) {
    for (args, format) in read_commands() {
        let what = args.join(" ");
        let r = run_with_deadline(std_plan(dir).args(&args), Input::OpenPipe, DEADLINE);
        assert_no_crash(&r, &what);
        assert_clean(&r.stderr, &format!("{what}: stderr"));
        match format {
            Format::Human => assert_clean(&r.stdout, &format!("{what}: stdout")),
            Format::Json if r.code == Some(0) || args[0] == "check" => {
                serde_json::from_str::<serde_json::Value>(&r.stdout)
                    .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", r.stdout));
            }
            _ => {}
        }
        let reads_plan_only = args.iter().any(|a| matches!(*a, "check" | "fmt"));
        if expect_success && !reads_plan_only {
            assert_eq!(r.code, Some(0), "{what}: {}", r.stderr);
        }
        // `show 2…` reads section 2's files only, which the tricks spare.
        let section_2_only = args[0] == "show" && args.get(1).is_some_and(|a| a.starts_with('2'));
        if !expect_success && section_2_only {
            assert_eq!(r.code, Some(0), "{what}: {}", r.stderr);
        } else if !expect_success && args[0] != "config" {
            assert!(matches!(r.code, Some(1..=3)), "{what}: {r:?}");
        }
        r.expect_peak_below(256 << 20, &what);
    }
}

#[test]
fn every_read_command_survives_the_hostile_plan_that_loads() {
    let (_root, dir) = hostile_plan(false);
    run_all(&dir, true);
    // The data is there, escaped: the C1 CSI of the notes and the
    // invisible characters of the plan show as text.
    let log = run(std_plan(&dir).args(["log"]));
    assert!(log.stdout.contains("\\u{9b}31m"), "{}", log.stdout);
    let list = run(std_plan(&dir).args(["list"]));
    assert!(list.stdout.contains("東京\\u{200b}"), "{}", list.stdout);
    let log = run(std_plan(&dir).args(["log", "--format", "json"]));
    let notes: Vec<serde_json::Value> = serde_json::from_str(&log.stdout).unwrap();
    assert_eq!(notes.len(), 4, "three hostile notes and the long one");
}

#[cfg(target_os = "linux")]
#[test]
fn every_read_command_survives_the_broken_hostile_plan() {
    let (_root, dir) = hostile_plan(true);
    run_all(&dir, false);
}
