//! Issue #13, section 1: one regression test per finding, each named after
//! what it proves. Every run has a deadline, so a hang fails the test
//! instead of stalling it; none asserts a duration.

mod common;
mod support;

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use support::*;

/// `plan --plan DIR ARGS…` as a std command (test environment, テスト as author).
fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = std_plan(dir);
    c.args(args);
    c
}

/// The section file of `number` in a plan directory (`04-life-work-balance.toml`).
fn section_file(dir: &Path, number: u32) -> PathBuf {
    let prefix = format!("{number:02}-");
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        })
        .unwrap_or_else(|| panic!("section file {prefix}… in {}", dir.display()))
}

/// The read commands that load the plan (and the notes, where they use them).
const READ_COMMANDS: [&[&str]; 5] = [
    &["list"],
    &["status"],
    &["log"],
    &["show", "2.tmg.イ"],
    &["render"],
];

/// Appends bytes to a file.
fn append(path: &Path, bytes: &[u8]) {
    let mut f = fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(bytes).unwrap();
}

/// `plan log --format json` (every note in force).
fn logged(dir: &Path) -> Vec<serde_json::Value> {
    let run = run(&mut cmd(dir, &["log", "--format", "json"]));
    run.expect_code(0, "plan log");
    serde_json::from_str(&run.stdout).unwrap()
}

/// An error of `plan check --format json`: code, file, line.
type Problem = (String, String, Option<u64>);

/// The exit code of `plan check --format json` and the errors it reports.
fn check_errors(dir: &Path) -> (Option<i32>, Vec<Problem>) {
    let run = run(&mut cmd(dir, &["check", "--format", "json"]));
    assert_no_crash(&run, "plan check");
    let all: Vec<serde_json::Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("check --format json is JSON ({e}): {}", run.stdout));
    let errors = all
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64(),
            )
        })
        .collect();
    (run.code, errors)
}

#[test]
fn lone_carriage_return_is_a_located_syntax_error_not_a_crash() {
    let s = copy_plan();
    let dir = s.plan_dir();
    let plan_toml = dir.join("plan.toml");
    let original = fs::read(&plan_toml).unwrap();

    // plan.toml holding a single carriage return.
    fs::write(&plan_toml, "\r").unwrap();
    let check = run(&mut cmd(&dir, &["check"]));
    assert_no_crash(&check, "check");
    check.expect_code(1, "check");
    assert!(
        check.stdout.contains("error[P001]") && check.stdout.contains("plan.toml:1:1"),
        "{check:?}"
    );
    for args in READ_COMMANDS
        .iter()
        .chain([&["note", "2.tmg.イ", "x"][..]].iter())
    {
        let r = run(&mut cmd(&dir, args));
        assert_no_crash(&r, &args.join(" "));
        r.expect_code(3, &args.join(" "));
        assert!(r.stderr.contains("plan.toml:1:1"), "{args:?}: {r:?}");
    }

    // A section file ending in `number = 4\r`.
    fs::write(&plan_toml, original).unwrap();
    let file = section_file(&dir, 4);
    fs::write(&file, "number = 4\r").unwrap();
    let check = run(&mut cmd(&dir, &["check"]));
    assert_no_crash(&check, "check");
    check.expect_code(1, "check");
    assert!(
        check.stdout.contains("04-life-work-balance.toml:1:11"),
        "{check:?}"
    );
    let in_section_4: [&[&str]; 5] = [
        &["list"],
        &["status"],
        &["log"],
        &["show", "4.tmg.ア"],
        &["render"],
    ];
    for args in in_section_4 {
        let r = run(&mut cmd(&dir, args));
        assert_no_crash(&r, &args.join(" "));
        r.expect_code(3, &args.join(" "));
        assert!(r.stderr.contains("04-life-work-balance.toml:1:11"), "{r:?}");
    }
    // Commands about another section read only its files.
    run(&mut cmd(&dir, &["show", "2.tmg.イ"])).expect_code(0, "show 2.tmg.イ");
}

#[test]
fn huge_stale_days_and_section_ranges_are_answered_without_walking_them() {
    let dir = shipped_plan();
    let all = run(&mut cmd(&dir, &["list", "--format", "ids"]));
    all.expect_code(0, "list");
    assert_eq!(all.stdout.lines().count(), 51);
    for args in [
        &["list", "--format", "ids", "--stale", "100000000"][..],
        &["list", "--format", "ids", "--stale", "4294967295"],
        &["list", "--format", "ids", "--section", "1-4294967295"],
        &["list", "--format", "ids", "--section", "0-4294967295"],
    ] {
        let r = run(&mut cmd(&dir, args));
        assert_no_crash(&r, &args.join(" "));
        r.expect_code(0, &args.join(" "));
        assert_eq!(r.stdout, all.stdout, "{args:?}");
    }
    let status = run(&mut cmd(
        &dir,
        &["status", "--section", "1-4294967295", "--format", "json"],
    ));
    status.expect_code(0, "status");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&status.stdout).unwrap();
    let total = rows
        .iter()
        .find(|r| r["party"] == "all" && r["section"].is_null());
    assert_eq!(total.unwrap()["measures"], 51, "{rows:?}");
    // Out of range, or past u32: a usage error, never a walk or a panic.
    for args in [
        &["list", "--section", "4294967295"][..],
        &["list", "--section", "7-4294967295"],
        &["list", "--stale", "4294967296"],
        &["note", "1-4294967295.tcci.ア", "x"],
        &["log", "1-4294967295.tcci.ア"],
    ] {
        let r = run(&mut cmd(&dir, args));
        assert_no_crash(&r, &args.join(" "));
        r.expect_code(2, &args.join(" "));
    }
}

/// A note line as `plan note` writes it, cut `cut` bytes before its end.
fn torn_line(cut: usize) -> Vec<u8> {
    let line = "\"20210701T100000+0900-00000000deadbeef\" = { id = \"2.tmg.ア\", at = 2021-07-01T10:00:00+09:00, author = \"テスト\", text = \"途中で切れた記録三\" }";
    let bytes = line.as_bytes();
    bytes[..bytes.len() - cut].to_vec()
}

#[test]
fn torn_last_line_or_cut_character_is_one_diagnostic_and_check_fix_removes_only_it() {
    // Cut after `三"` + ` }` … and cut inside 三 (its last byte missing).
    for (what, tail) in [
        ("a torn line", torn_line(9)),
        ("a cut character", torn_line(5)),
    ] {
        if what == "a cut character" {
            assert!(
                std::str::from_utf8(&tail).is_err(),
                "the cut is mid-character"
            );
        }
        let s = copy_plan();
        let dir = s.plan_dir();
        s.note(&["2.tmg.イ", "一つ目", "--at", "2021-06-15"]);
        s.note(&["2.tmg.ウ", "二つ目", "--at", "2021-06-16"]);
        let before = fs::read(s.notes_file(2)).unwrap();
        append(&s.notes_file(2), &tail);
        let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
        let place = format!("02.toml:{line}:");

        // Read commands warn at the line and go on with the other notes.
        for args in READ_COMMANDS.iter().filter(|a| a[0] != "render") {
            let r = run(&mut cmd(&dir, args));
            assert_no_crash(&r, what);
            r.expect_code(0, &format!("{what}: {args:?}"));
            assert!(r.stderr.contains(&place), "{what}: {args:?}: {r:?}");
        }
        let texts: Vec<_> = logged(&dir).iter().map(|n| n["text"].clone()).collect();
        assert_eq!(texts, ["二つ目", "一つ目"], "{what}");

        // plan check: exactly one error, at that line.
        let (code, errors) = check_errors(&dir);
        assert_eq!(code, Some(1), "{what}");
        assert_eq!(errors.len(), 1, "{what}: {errors:?}");
        assert_eq!(errors[0].0, "P045", "{what}: {errors:?}");
        assert!(errors[0].1.ends_with("02.toml"), "{what}: {errors:?}");
        assert_eq!(errors[0].2, Some(line), "{what}: {errors:?}");

        // --fix shows the line, removes it, and leaves the file as it was.
        let fix = run(&mut cmd(&dir, &["check", "--fix"]));
        assert_no_crash(&fix, what);
        fix.expect_code(0, what);
        assert!(
            fix.stdout.contains("removed the torn last line")
                && fix.stdout.contains("途中で切れた"),
            "{what}: {fix:?}"
        );
        assert_eq!(fs::read(s.notes_file(2)).unwrap(), before, "{what}");
        assert_eq!(check_errors(&dir), (Some(0), vec![]), "{what}");
    }
}

#[test]
fn check_fix_never_removes_a_note_appended_meanwhile() {
    let s = copy_plan();
    let dir = s.plan_dir();
    s.note(&["2.tmg.イ", "最初", "--at", "2021-06-15"]);
    let rounds = 12;
    for round in 0..rounds {
        append(&s.notes_file(2), &torn_line(9));
        // The two race for the file's lock; either order must keep the note.
        let mut fix = cmd(&dir, &["check", "--fix"]);
        let text = format!("同時の記録 {round}");
        let mut note = cmd(&dir, &["note", "2.tmg.イ", &text, "--at", "2021-06-20"]);
        let (fixed, noted) = std::thread::scope(|scope| {
            let fixed = scope.spawn(|| run(&mut fix));
            let noted = scope.spawn(|| run(&mut note));
            (fixed.join().unwrap(), noted.join().unwrap())
        });
        assert_no_crash(&fixed, "check --fix");
        noted.expect_code(0, "plan note");
    }
    let texts: HashSet<String> = logged(&dir)
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect();
    for round in 0..rounds {
        assert!(texts.contains(&format!("同時の記録 {round}")), "{texts:?}");
    }
    assert_eq!(texts.len(), rounds + 1);
}

/// A text of `n` characters of Japanese.
fn long_text(n: usize) -> String {
    "記録の本文".chars().cycle().take(n).collect()
}

/// `plan note ARGS…` with a file-size limit of `blocks` (512 or 1024 bytes
/// each, as the shell counts) and SIGXFSZ ignored, so a write past it fails
/// with EFBIG as a full disk fails with ENOSPC.
fn note_with_size_limit(dir: &Path, blocks: usize, args: &[&str]) -> Run {
    let mut inner = cmd(dir, &["note"]);
    inner.args(args);
    let mut sh = through_sh(
        "trap '' XFSZ; ulimit -f \"$PLAN_TEST_BLOCKS\" || exit 99; exec \"$@\"",
        &inner,
    );
    sh.env("PLAN_TEST_BLOCKS", blocks.to_string());
    run(&mut sh)
}

#[test]
fn full_disk_leaves_every_notes_file_byte_for_byte_and_exits_2() {
    if !have("sh") {
        return;
    }
    let s = copy_plan();
    let dir = s.plan_dir();
    s.note(&["1.tmg.ア", "短い記録", "--at", "2021-06-01"]);
    for i in 0..6 {
        s.note(&["2.tmg.イ", &long_text(400 + i), "--at", "2021-06-02"]);
    }
    let one = fs::read(s.notes_file(1)).unwrap();
    let two = fs::read(s.notes_file(2)).unwrap();
    // Room for a little more than 02.toml: the long note's write is cut
    // short part way (a partial write), then fails.
    let blocks = two.len() / 512 + 1;
    let r = note_with_size_limit(
        &dir,
        blocks,
        &["2.tmg.イ", &long_text(8000), "--at", "2021-06-03"],
    );
    assert_ne!(r.code, Some(99), "the shell could not set the limit");
    assert_no_crash(&r, "note on a full disk");
    r.expect_code(2, "note on a full disk");
    assert!(
        r.stderr.contains("cannot write") && r.stderr.contains("02.toml"),
        "{r:?}"
    );
    assert!(r.stderr.contains("nothing was recorded"), "{r:?}");
    assert_eq!(fs::read(s.notes_file(2)).unwrap(), two);

    // One note on two sections: 01.toml is written first and fits, 02.toml
    // cannot grow at all; 01.toml is cut back, so neither keeps the note.
    let blocks = one.len() / 512 + 2;
    assert!(
        two.len() > blocks * 1024,
        "02.toml is over the limit in any unit"
    );
    let r = note_with_size_limit(
        &dir,
        blocks,
        &["1.tmg.ア,2.tmg.イ", "両方に", "--at", "2021-06-04"],
    );
    assert_no_crash(&r, "note on two files");
    r.expect_code(2, "note on two files");
    assert!(r.stderr.contains("02.toml"), "{r:?}");
    assert_eq!(fs::read(s.notes_file(1)).unwrap(), one);
    assert_eq!(fs::read(s.notes_file(2)).unwrap(), two);
    assert_eq!(check_errors(&dir), (Some(0), vec![]));
}

#[test]
fn two_hundred_parallel_notes_three_rounds_are_all_kept_with_unique_keys() {
    let s = copy_plan();
    let dir = s.plan_dir();
    let ids = run(&mut cmd(&dir, &["list", "--items", "--format", "ids"]));
    let ids: Vec<String> = ids.stdout.lines().map(str::to_string).collect();
    assert!(ids.len() > 51, "sub-items are listed too: {ids:?}");
    let (rounds, writers) = (3, 200);
    for round in 0..rounds {
        let mut children: Vec<_> = (0..writers)
            .map(|i| {
                let id = &ids[(round * writers + i) % ids.len()];
                let text = format!("並行 {round}-{i}");
                cmd(&dir, &["note", id, &text, "--at", "2021-07-01T10:00"])
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for (i, child) in children.iter_mut().enumerate() {
            let status = child.wait().unwrap();
            assert!(status.success(), "writer {round}-{i} failed: {status}");
        }
    }
    let notes = logged(&dir);
    assert_eq!(notes.len(), rounds * writers);
    let keys: HashSet<&str> = notes.iter().map(|n| n["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), rounds * writers, "keys are unique");
    let texts: HashSet<&str> = notes.iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert_eq!(texts.len(), rounds * writers);
    for args in READ_COMMANDS {
        run(&mut cmd(&dir, args)).expect_code(0, &args.join(" "));
    }
    assert_eq!(check_errors(&dir), (Some(0), vec![]));
}

/// Replaces `path` with an odd file: a FIFO, or a link to `target`.
fn make_odd(path: &Path, kind: &str) {
    let _ = fs::remove_file(path);
    match kind {
        "fifo" => mkfifo(path),
        target => std::os::unix::fs::symlink(target, path).unwrap(),
    }
}

#[cfg(target_os = "linux")]
#[test]
fn fifo_and_device_links_as_notes_or_section_files_are_refused_without_hanging() {
    if !have("mkfifo") {
        return;
    }
    for kind in ["fifo", "/dev/zero", "/proc/self/fd/0"] {
        for notes in [true, false] {
            let s = copy_plan();
            let dir = s.plan_dir();
            s.note(&["2.tmg.イ", "記録", "--at", "2021-06-15"]);
            let odd = if notes {
                s.notes_file(2)
            } else {
                section_file(&dir, 3)
            };
            make_odd(&odd, kind);
            let name = odd.file_name().unwrap().to_string_lossy().into_owned();
            let what = format!("{kind} as {name}");
            // Standard input is a pipe nobody writes: reading it would block.
            let go = |args: &[&str]| {
                let r = run_with_deadline(&mut cmd(&dir, args), Input::OpenPipe, DEADLINE);
                assert_no_crash(&r, &what);
                r.expect_peak_below(128 << 20, &format!("{what}: {args:?}"));
                r
            };
            let check = go(&["check"]);
            check.expect_code(1, &what);
            assert!(
                check.stdout.contains(&name) && check.stdout.contains("not a regular file"),
                "{what}: {check:?}"
            );
            // The measure whose files include the odd one.
            let id = if notes { "2.tmg.イ" } else { "3.tmg.ア" };
            for args in [&["status"][..], &["list"], &["log"], &["show", id]] {
                let r = go(args);
                r.expect_code(3, &what);
                assert!(r.stderr.contains(&name), "{what}: {args:?}: {r:?}");
            }
            let note = go(&["note", id, "x", "--at", "2021-06-16"]);
            note.expect_code(if notes { 2 } else { 3 }, &what);
            assert!(note.stderr.contains(&name), "{what}: {note:?}");
            if !notes {
                // One odd section file does not lock out the others.
                go(&["show", "2.tmg.イ"]).expect_code(0, &what);
                go(&["note", "2.tmg.イ", "x", "--at", "2021-06-16"]).expect_code(0, &what);
            }
        }
    }
}

#[test]
fn note_through_a_link_out_of_the_plan_directory_writes_nothing_outside() {
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("outside.toml");
    let s = copy_plan();
    let dir = s.plan_dir();
    fs::create_dir(s.notes_dir()).unwrap();
    std::os::unix::fs::symlink(&outside, s.notes_file(2)).unwrap();
    let note = |text: &str| {
        run(&mut cmd(
            &dir,
            &["note", "2.tmg.ア", text, "--at", "2021-06-15"],
        ))
    };

    // The link leads nowhere yet: nothing may be created there.
    let r = note("x");
    r.expect_code(2, "link to nothing");
    assert!(
        r.stderr.contains("02.toml") && r.stderr.contains("not recorded"),
        "{r:?}"
    );
    assert!(!outside.exists(), "the outside file was created");

    // The link leads to a file: it is neither written nor read.
    fs::write(&outside, "SECRET=hunter2\n\"torn").unwrap();
    let r = note("x");
    r.expect_code(2, "link to a file outside");
    assert!(r.stderr.contains("outside the plan directory"), "{r:?}");
    for args in [
        &["check"][..],
        &["check", "--fix"],
        &["check", "--format", "github"],
    ] {
        let r = run(&mut cmd(&dir, args));
        r.expect_code(1, &args.join(" "));
        assert!(
            r.stdout.contains("P004") && !r.said().contains("hunter2"),
            "{r:?}"
        );
    }
    let r = run(&mut cmd(&dir, &["status"]));
    r.expect_code(3, "status");
    assert!(!r.said().contains("hunter2"), "{r:?}");
    assert_eq!(
        fs::read_to_string(&outside).unwrap(),
        "SECRET=hunter2\n\"torn"
    );

    // A section file linked out of the plan is not read either.
    std::os::unix::fs::symlink(&outside, dir.join("07-secret.toml")).unwrap();
    let r = run(&mut cmd(&dir, &["check"]));
    r.expect_code(1, "check");
    assert!(
        r.stdout.contains("07-secret.toml") && !r.said().contains("hunter2"),
        "{r:?}"
    );
    fs::remove_file(dir.join("07-secret.toml")).unwrap();

    // The notes directory itself a link out of the plan.
    fs::remove_file(s.notes_file(2)).unwrap();
    fs::remove_dir(s.notes_dir()).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), s.notes_dir()).unwrap();
    let r = note("x");
    r.expect_code(2, "notes/ linked out");
    assert!(r.stderr.contains("outside the plan directory"), "{r:?}");
    assert!(!elsewhere.path().join("02.toml").exists());
}

#[test]
fn unreadable_notes_directory_fails_check_and_read_commands() {
    let mut cases = vec!["a plain file", "a link to itself", "a link loop"];
    if !is_root() {
        cases.push("mode 000");
    } else {
        skipped("the chmod 000 case is left out: running as root (root reads anyway)");
    }
    for case in cases {
        let s = copy_plan();
        let dir = s.plan_dir();
        let notes = s.notes_dir();
        let mut _restore = None;
        match case {
            "a plain file" => fs::write(&notes, "not a directory\n").unwrap(),
            "a link to itself" => std::os::unix::fs::symlink("notes", &notes).unwrap(),
            "a link loop" => {
                std::os::unix::fs::symlink("loop", dir.join("loop")).unwrap();
                std::os::unix::fs::symlink("loop", &notes).unwrap();
            }
            _ => {
                s.note(&["2.tmg.イ", "記録", "--at", "2021-06-15"]);
                _restore = Some(chmod(&notes, 0o000));
            }
        }
        let check = run(&mut cmd(&dir, &["check"]));
        assert_no_crash(&check, case);
        check.expect_code(1, case);
        assert!(
            check.stdout.contains("error[P004]") && check.stdout.contains("notes"),
            "{case}: {check:?}"
        );
        for args in READ_COMMANDS.iter().filter(|a| a[0] != "render") {
            let r = run(&mut cmd(&dir, args));
            assert_no_crash(&r, case);
            r.expect_code(3, &format!("{case}: {args:?}"));
            assert!(r.stderr.contains("P004"), "{case}: {r:?}");
        }
        let r = run(&mut cmd(
            &dir,
            &["note", "2.tmg.イ", "x", "--at", "2021-06-16"],
        ));
        assert_no_crash(&r, case);
        assert!(matches!(r.code, Some(2 | 3)), "{case}: {r:?}");
    }
}

#[test]
fn escape_sequences_never_reach_the_terminal_raw() {
    let invisible = "\u{200b}\u{200d}\u{feff}\u{ad}\u{2028}\u{2029}\u{61c}\u{202e}\u{2066}";
    let title = "\u{1b}]0;pwned\u{7}";
    let s = copy_plan();
    let dir = s.plan_dir();
    // Texts with invisible and bidi characters, in a note and in the plan.
    s.note(&[
        "2.tmg.イ",
        &format!("見えない{invisible}文字"),
        "--at",
        "2021-06-15",
    ]);
    let file = section_file(&dir, 2);
    let text = fs::read_to_string(&file).unwrap();
    let changed = text.replacen(
        "東京テレワーク推進センターの運営",
        &format!("東京テレワーク{invisible}推進センターの運営"),
        1,
    );
    assert_ne!(changed, text);
    fs::write(&file, changed).unwrap();
    // A raw ESC in a notes file, and a notes file named with a title escape.
    append(
        &s.notes_file(2),
        "\"k\" = { id = \"2.tmg.ア\", at = 2021-06-15, author = \"\u{1b}[2J\", text = \"x\" }\n"
            .as_bytes(),
    );
    fs::write(
        s.notes_dir().join(format!("{title}.toml")),
        "\"\u{1b}]0;x\u{7}\" = broken \u{9b}31m\n",
    )
    .unwrap();
    let mut runs = vec![];
    for args in [
        &["check"][..],
        &["check", "--format", "github"],
        &["--lang", "ja", "check"],
        &["list"],
        &["list", "--format", "markdown"],
        &["show", "2.tmg.ア"],
        &["show", "2"],
        &["log"],
        &["status", "--by", "measure"],
        &["render"],
        &["render", "--format", "markdown"],
        &["note", "2.tmg.ア", "x", "--at", "2021-06-15"],
    ] {
        runs.push((args.join(" "), run(&mut cmd(&dir, args))));
    }
    // A section file named with a title escape makes the plan invalid.
    fs::write(dir.join(format!("{title}.toml")), "number = 7\n").unwrap();
    for args in [&["check"][..], &["check", "--format", "github"], &["list"]] {
        runs.push((
            format!("{} (escape-named section)", args.join(" ")),
            run(&mut cmd(&dir, args)),
        ));
    }
    // Hostile arguments: clap and plan echo them back.
    let bad_plan = format!("/nonexistent/{title}\u{9b}31m");
    runs.push((
        "--plan".into(),
        run(std_plan(Path::new(&bad_plan)).arg("list")),
    ));
    for lang in ["en", "ja"] {
        let mut c = cmd(&dir, &["--lang", "\u{9b}31m\u{1b}[5m", "list"]);
        c.env("PLAN_LANG", lang);
        runs.push((format!("--lang with C1 ({lang})"), run(&mut c)));
        let mut c = cmd(&dir, &["list", "--party", "\u{1b}]0;x\u{7}"]);
        c.env("PLAN_LANG", lang);
        runs.push((format!("--party with OSC ({lang})"), run(&mut c)));
    }
    let mut c = cmd(&dir, &["config"]);
    c.env("PLAN_AUTHOR", format!("{title}{invisible}"));
    runs.push(("config".into(), run(&mut c)));
    for (what, r) in &runs {
        assert_no_crash(r, what);
        assert_clean(&r.stdout, &format!("{what}: stdout"));
        assert_clean(&r.stderr, &format!("{what}: stderr"));
    }
    // The escapes are shown, not dropped.
    let list = &runs.iter().find(|(w, _)| w == "list").unwrap().1;
    assert!(list.stdout.contains("\\u{200b}"), "{}", list.stdout);
    let github = &runs
        .iter()
        .find(|(w, _)| w == "check --format github")
        .unwrap()
        .1;
    assert!(github.stdout.contains("::error"), "{}", github.stdout);
}

#[test]
fn oversized_section_file_is_p005_unread_and_a_50_mb_notes_file_is_read_in_proportion() {
    let s = copy_plan();
    let dir = s.plan_dir();
    // A 51 MB section file (over the 1 MiB limit): refused, never read.
    let big = dir.join("07-huge.toml");
    {
        let mut f = std::io::BufWriter::new(fs::File::create(&big).unwrap());
        let line = format!("# {}\n", "x".repeat(1021));
        for _ in 0..51 * 1024 {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    assert!(fs::metadata(&big).unwrap().len() > 51_000_000);
    let check = run(&mut cmd(&dir, &["check"]));
    check.expect_code(1, "check");
    assert!(
        check.stdout.contains("error[P005]") && check.stdout.contains("07-huge.toml"),
        "{check:?}"
    );
    check.expect_peak_below(32 << 20, "check of a 100 MB section file");
    let list = run(&mut cmd(&dir, &["list"]));
    list.expect_code(3, "list");
    assert!(list.stderr.contains("P005"), "{list:?}");
    fs::remove_file(&big).unwrap();

    // A 50 MB notes file (under the 512 MiB notes limit): read, every note
    // counted, in memory proportionate to the file.
    fs::create_dir(s.notes_dir()).unwrap();
    let ids = ["2.tmg.ア", "2.tmg.イ", "2.tcci.イ", "2.tmg.イ.3"];
    let mut count = 0u64;
    {
        let mut f = std::io::BufWriter::new(fs::File::create(s.notes_file(2)).unwrap());
        let mut size = 0;
        while size < 50 << 20 {
            let line = format!(
                "\"20210615T100000+0900-{count:016x}\" = {{ id = \"{}\", at = 2021-06-15T10:00:00+09:00, author = \"山田\", text = \"セミナー実施 {count} 回目の記録、参加者多数\" }}\n",
                ids[count as usize % ids.len()]
            );
            f.write_all(line.as_bytes()).unwrap();
            size += line.len();
            count += 1;
        }
    }
    let size = fs::metadata(s.notes_file(2)).unwrap().len();
    let status = run_with_deadline(
        &mut cmd(&dir, &["status", "--format", "json"]),
        Input::Null,
        LONG_DEADLINE,
    );
    status.expect_code(0, "status");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&status.stdout).unwrap();
    let total = rows
        .iter()
        .find(|r| r["party"] == "all" && r["section"].is_null());
    assert_eq!(total.unwrap()["notes"], count);
    status.expect_peak_below(4 * size, &format!("status of a {size}-byte notes file"));
    let log = run_with_deadline(
        &mut cmd(&dir, &["log", "-n", "1", "--format", "json"]),
        Input::Null,
        LONG_DEADLINE,
    );
    log.expect_code(0, "log");
    log.expect_peak_below(4 * size, &format!("log of a {size}-byte notes file"));
}

#[test]
fn release_profile_unwinds_and_a_cli_panic_exits_4_with_an_honest_message() {
    // `plan serve` answers a bug in one page with a 500 by catching the
    // panic, which needs the release profile to unwind (an abort would end
    // the server); the debug build these tests run unwinds too, so what
    // they prove holds for the release binary.
    let root = repo_root();
    let manifest: toml::Table =
        toml::from_str(&fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let panic = manifest["profile"]["release"]
        .get("panic")
        .and_then(|p| p.as_str());
    assert!(
        panic.is_none_or(|p| p == "unwind"),
        "the release profile must unwind, not {panic:?}"
    );
    let hook = fs::read_to_string(root.join("src/error.rs")).unwrap();
    let hook = &hook[hook.find("pub fn report_panics").expect("the hook")..];
    let hook = &hook[..hook.find("\n}\n").unwrap()];
    assert!(
        !hook.contains("eprintln!("),
        "a hook that can panic (closed stderr) aborts with 134"
    );
    let main = fs::read_to_string(root.join("src/main.rs")).unwrap();
    let body = &main[main.find("fn main()").unwrap()..];
    let first = body.lines().nth(1).unwrap().trim();
    assert_eq!(
        first, "plan::error::report_panics();",
        "the hook is installed before anything can panic"
    );
    // And it works: a CLI panic exits 4 with the message …
    let mut c = cmd(&repo_root(), &["list"]);
    c.env("PLAN_TEST_PANIC", "1");
    let r = run(&mut c);
    assert_eq!(r.code, Some(4), "{r:?}");
    assert!(
        r.stderr.contains("internal error")
            && r.stderr.contains("please report")
            && r.stderr.contains("(nothing was written)"),
        "{r:?}"
    );
    // … and still exits 4 when its stderr is a pipe nobody reads (EPIPE):
    // the read end is closed before the child starts, so every write to
    // stderr fails, whatever the timing.
    let mut c = cmd(&repo_root(), &["list"]);
    c.env("PLAN_TEST_PANIC", "1");
    let status = c
        .stdout(std::process::Stdio::null())
        .stderr(broken_pipe())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(4), "with a broken stderr: {status:?}");
}

/// The write end of a pipe whose read end is already closed: writing to it
/// fails with EPIPE at once.
fn broken_pipe() -> std::process::Stdio {
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: pipe(2) fills two new descriptors, which we then own.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0, "pipe(2)");
    // SAFETY: fds[0] is ours and closed once; fds[1] is handed to Stdio.
    unsafe {
        libc::close(fds[0]);
        std::process::Stdio::from(std::os::fd::OwnedFd::from_raw_fd(fds[1]))
    }
}

/// The type of a file, as `ls -l` shows it: `-`, `d`, `l`, `c`, `p`.
fn file_type(path: &Path) -> char {
    use std::os::unix::fs::FileTypeExt;
    let t = fs::symlink_metadata(path).unwrap().file_type();
    match () {
        _ if t.is_symlink() => 'l',
        _ if t.is_dir() => 'd',
        _ if t.is_char_device() => 'c',
        _ if t.is_fifo() => 'p',
        _ => '-',
    }
}

#[test]
fn output_onto_a_device_a_pipe_or_a_link_writes_through_it_and_replaces_nothing() {
    let scratch = copy_plan();
    let dir = scratch.root.path();
    let rendered = run(&mut cmd(&scratch.plan_dir(), &["render"]));
    rendered.expect_code(0, "plan render");

    // A device of one's own (as /dev/null is): stays a device.
    let null = dir.join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        for args in [
            &["render", "-o"][..],
            &["report", "--format", "html", "-o"][..],
            &["report", "--format", "xlsx", "-o"][..],
        ] {
            let mut c = cmd(&scratch.plan_dir(), args);
            run(c.arg(&null)).expect_code(0, "-o DEVICE");
            assert_eq!(file_type(&null), 'c', "{args:?} replaced the device");
        }
    } else {
        common::skipped("mknod is not permitted here: the device case runs on /dev/null below");
    }

    // A named pipe: its reader gets the document, it stays a pipe.
    assert!(have("mkfifo"));
    let fifo = dir.join("fifo");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
    };
    let mut c = cmd(&scratch.plan_dir(), &["render", "-o"]);
    run(c.arg(&fifo)).expect_code(0, "-o FIFO");
    assert_eq!(reader.join().unwrap(), rendered.stdout);
    assert_eq!(file_type(&fifo), 'p');
    // … and one that nobody reads is an error at once, not a hang.
    let mut c = cmd(&scratch.plan_dir(), &["render", "-o"]);
    let lonely = run(c.arg(&fifo));
    lonely.expect_code(2, "-o FIFO without a reader");
    assert!(lonely.stderr.contains("nothing reads it"), "{lonely:?}");
    assert_eq!(file_type(&fifo), 'p');

    // A link to this process's standard output (what /dev/stdout is).
    let stdout_link = dir.join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout_link).unwrap();
    let mut c = cmd(&scratch.plan_dir(), &["render", "-o"]);
    let through = run(c.arg(&stdout_link));
    through.expect_code(0, "-o LINK-TO-STDOUT");
    assert_eq!(through.stdout, rendered.stdout);
    assert_eq!(file_type(&stdout_link), 'l');

    // A link to a file: the link stays, the file it points to is written.
    fs::create_dir(dir.join("site")).unwrap();
    fs::write(dir.join("site/plan.html"), "old").unwrap();
    let link = dir.join("plan.html");
    std::os::unix::fs::symlink("site/plan.html", &link).unwrap();
    let mut c = cmd(&scratch.plan_dir(), &["render", "-o"]);
    run(c.arg(&link)).expect_code(0, "-o LINK");
    assert_eq!(file_type(&link), 'l');
    assert_eq!(
        fs::read_to_string(dir.join("site/plan.html")).unwrap(),
        rendered.stdout
    );
    // A link to nothing and a directory are refused, nothing written.
    let dangling = dir.join("dangling.html");
    std::os::unix::fs::symlink("missing/plan.html", &dangling).unwrap();
    let mut c = cmd(&scratch.plan_dir(), &["render", "-o"]);
    run(c.arg(&dangling)).expect_code(2, "-o DANGLING");
    assert!(!dir.join("missing").exists());
    let mut c = cmd(&scratch.plan_dir(), &["render", "-o"]);
    run(c.arg(dir.join("site"))).expect_code(2, "-o DIRECTORY");
}

#[test]
fn output_to_dev_null_and_dev_stdout_works_and_leaves_them_as_they_are() {
    let scratch = copy_plan();
    let rendered = run(&mut cmd(&scratch.plan_dir(), &["render"]));
    let null_before = fs::symlink_metadata("/dev/null").unwrap();
    let stdout_before = fs::read_link("/dev/stdout").ok();
    run(&mut cmd(
        &scratch.plan_dir(),
        &["render", "-o", "/dev/null"],
    ))
    .expect_code(0, "-o /dev/null");
    run(&mut cmd(
        &scratch.plan_dir(),
        &["report", "--format", "xlsx", "-o", "/dev/null"],
    ))
    .expect_code(0, "report -o /dev/null");
    let null_after = fs::symlink_metadata("/dev/null").unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!(file_type(Path::new("/dev/null")), 'c');
    assert_eq!(null_after.ino(), null_before.ino());
    let through = run(&mut cmd(
        &scratch.plan_dir(),
        &["render", "-o", "/dev/stdout"],
    ));
    through.expect_code(0, "-o /dev/stdout");
    assert_eq!(through.stdout, rendered.stdout);
    assert_eq!(fs::read_link("/dev/stdout").ok(), stdout_before);
    // Standard output redirected to a file with >>: appended to, not replaced.
    let log = scratch.root.path().join("log.txt");
    fs::write(&log, "before\n").unwrap();
    let inner = cmd(&scratch.plan_dir(), &["render", "-o", "/dev/stdout"]);
    let mut sh = through_sh(&format!("\"$@\" >> '{}'", log.display()), &inner);
    run(&mut sh).expect_code(0, "-o /dev/stdout >> FILE");
    assert_eq!(
        fs::read_to_string(&log).unwrap(),
        format!("before\n{}", rendered.stdout)
    );
    // Not only for root: another user can write to /dev/null too.
    if is_root() && have("setpriv") {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(plan_bin())
            .arg("--plan")
            .arg(shipped_plan())
            .args(["render", "-o", "/dev/null"])
            .env("PLAN_CONFIG", NO_USER_CONFIG)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn files_written_by_output_follow_the_umask() {
    let scratch = copy_plan();
    use std::os::unix::fs::PermissionsExt;
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        for args in [&["render"][..], &["report", "--format", "html"][..]] {
            let out = scratch.root.path().join(format!("out-{umask}.html"));
            let mut inner = cmd(&scratch.plan_dir(), args);
            inner.arg("-o").arg(&out);
            let mut sh = through_sh(&format!("umask {umask}; exec \"$@\""), &inner);
            run(&mut sh).expect_code(0, "-o FILE");
            let got = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
            assert_eq!(got, mode, "umask {umask}, {args:?}: {got:o}");
            fs::remove_file(&out).unwrap();
        }
    }
    // An existing file keeps its mode.
    let out = scratch.root.path().join("kept.html");
    fs::write(&out, "old").unwrap();
    fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).unwrap();
    let mut c = cmd(&scratch.plan_dir(), &["render", "-o"]);
    run(c.arg(&out)).expect_code(0, "-o EXISTING");
    assert_eq!(
        fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn a_new_notes_file_is_made_durable_with_its_directory() {
    if !have("strace") {
        return;
    }
    let scratch = copy_plan();
    let log = scratch.root.path().join("strace.log");
    for round in ["notes/ and 02.toml are new", "03.toml is new"] {
        let id = if round.starts_with("notes") {
            "2.tmg.イ"
        } else {
            "3.tmg.ア"
        };
        let inner = cmd(&scratch.plan_dir(), &["note", id, "セミナー実施"]);
        let mut traced = Command::new("strace");
        traced
            .args(["-f", "-e", "trace=openat,close,fsync,fdatasync", "-o"])
            .arg(&log)
            .arg(inner.get_program())
            .args(inner.get_args());
        for (k, v) in inner.get_envs() {
            match v {
                Some(v) => traced.env(k, v),
                None => traced.env_remove(k),
            };
        }
        run(&mut traced).expect_code(0, round);
        let trace = fs::read_to_string(&log).unwrap();
        // Every directory that gained an entry is opened and fsync'ed.
        let dirs: Vec<PathBuf> = if round.starts_with("notes") {
            vec![scratch.plan_dir(), scratch.notes_dir()]
        } else {
            vec![scratch.notes_dir()]
        };
        for dir in dirs {
            assert!(
                synced_while_open(&trace, &dir),
                "{round}: no fsync of {}:\n{trace}",
                dir.display()
            );
        }
    }
}

/// Whether the trace opens `dir` and calls fsync on that descriptor
/// before closing it.
fn synced_while_open(trace: &str, dir: &Path) -> bool {
    let opened = format!("openat(AT_FDCWD, \"{}\"", dir.display());
    let lines: Vec<&str> = trace.lines().collect();
    lines.iter().enumerate().any(|(i, line)| {
        let Some(fd) = line
            .contains(&opened)
            .then(|| line.rsplit("= ").next())
            .flatten()
            .and_then(|fd| fd.trim().parse::<u32>().ok())
        else {
            return false;
        };
        for later in &lines[i + 1..] {
            if later.contains(&format!("fsync({fd})")) {
                return true;
            }
            if later.contains(&format!("close({fd})")) {
                return false;
            }
        }
        false
    })
}

#[test]
fn a_panic_after_a_write_does_not_claim_nothing_was_written() {
    let scratch = copy_plan();
    let mut c = cmd(
        &scratch.plan_dir(),
        &["note", "2.tmg.イ", "書いた後の不具合", "--at", "2021-06-01"],
    );
    c.env("PLAN_TEST_PANIC", "after-command")
        .env("PLAN_AUTHOR", AUTHOR);
    let r = run(&mut c);
    assert_eq!(r.code, Some(4), "{r:?}");
    assert!(
        scratch.notes_text(2).contains("書いた後の不具合"),
        "the note was written before the panic"
    );
    assert!(!r.stderr.contains("nothing was written"), "{}", r.stderr);
    assert!(
        r.stderr.contains("files may have been changed") && r.stderr.contains("git status"),
        "{}",
        r.stderr
    );
    // A command that wrote nothing still says so.
    let mut c = cmd(&scratch.plan_dir(), &["list"]);
    c.env("PLAN_TEST_PANIC", "after-command");
    let r = run(&mut c);
    assert_eq!(r.code, Some(4), "{r:?}");
    assert!(r.stderr.contains("(nothing was written)"), "{}", r.stderr);
}

#[test]
fn every_writer_of_the_users_files_says_so_before_writing() {
    // The panic hook says "nothing was written" only while no writer has
    // called `plan::error::about_to_write()`: a source file that changes
    // files must call it (or be listed here with why it need not).
    let exempt = [
        // Writes only into a temporary directory of its own.
        "src/document/revision.rs",
        // Writes only the cache in the user's cache directory, never a
        // file of the plan.
        "src/files/cache.rs",
    ];
    let writes = [
        "File::create",
        "fs::write(",
        ".persist(",
        ".set_len(",
        "fs::rename(",
        ".append(true)",
        ".write(true)",
    ];
    let mut missing = Vec::new();
    let mut stack = vec![repo_root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            // Unit tests may write their own scratch files.
            let code = text.split("#[cfg(test)]").next().unwrap();
            let code = code.split("#[cfg(all(test").next().unwrap();
            let rel = path.strip_prefix(repo_root()).unwrap();
            let rel = rel.to_string_lossy();
            if writes.iter().any(|w| code.contains(w))
                && !code.contains("about_to_write()")
                && !exempt.contains(&rel.as_ref())
            {
                missing.push(rel.into_owned());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "writers that do not call about_to_write: {missing:?}"
    );
}
