//! Corrections are notes too: `plan note --amend KEY` and `--retract KEY`
//! append a line that supersedes or withdraws an earlier note, and the
//! status, the log and `plan show` follow.

mod common;

use common::*;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

/// `plan log --all --format json` of a scratch plan.
fn all_notes(scratch: &Scratch) -> Vec<Value> {
    json_array_of(scratch.plan().args(["log", "--all", "--format", "json"]))
}

/// The short key of the only note with this text.
fn short_key(scratch: &Scratch, text: &str) -> String {
    let notes = all_notes(scratch);
    let found: Vec<&Value> = notes.iter().filter(|n| n["text"] == text).collect();
    assert_eq!(found.len(), 1, "{notes:?}");
    str_field(found[0], "short_key").to_string()
}

fn status(scratch: &Scratch, id: &str) -> String {
    str_field(&measure_json(&scratch.plan_dir(), id), "status").to_string()
}

#[test]
fn a_retraction_restores_the_earlier_status() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tmg.ア",
        "運営開始",
        "--status",
        "active",
        "--at",
        "2021-05-01",
    ]);
    scratch.note(&[
        "2.tmg.ア",
        "誤って中止",
        "--status",
        "dropped",
        "--at",
        "2021-06-01",
    ]);
    assert_eq!(status(&scratch, "2.tmg.ア"), "dropped");
    let key = short_key(&scratch, "誤って中止");
    scratch
        .plan_as_author()
        .args(["note", "--retract", &key, "--reason", "別の取組の記録"])
        .assert()
        .success()
        .stdout(contains(format!("Withdrew note {key} on 2.tmg.ア")));
    assert_eq!(status(&scratch, "2.tmg.ア"), "active");
    // The log hides the withdrawn note and shows it with --all.
    let log = log_json(&scratch.plan_dir());
    let texts: Vec<&str> = log.iter().map(|n| str_field(n, "text")).collect();
    assert_eq!(texts, ["運営開始"]);
    let all = all_notes(&scratch);
    assert_eq!(all.len(), 3);
    let withdrawn = all.iter().find(|n| n["text"] == "誤って中止").unwrap();
    let retraction = all.iter().find(|n| n["retracts"].is_string()).unwrap();
    assert_eq!(withdrawn["retracted_by"], retraction["key"]);
    assert_eq!(retraction["text"], "別の取組の記録");
    assert_eq!(retraction["retracts"], withdrawn["key"]);
    // Retracting the retraction brings the note back.
    let undo = str_field(retraction, "short_key").to_string();
    scratch.note(&["--retract", &undo]);
    assert_eq!(status(&scratch, "2.tmg.ア"), "dropped");
}

#[test]
fn an_amendment_replaces_the_note_and_keeps_what_it_does_not_change() {
    let scratch = copy_plan();
    scratch.note(&[
        "4.tmg.ア",
        "認定企業 20 社",
        "--status",
        "active",
        "--at",
        "2021-06-15",
    ]);
    let key = short_key(&scratch, "認定企業 20 社");
    scratch
        .plan_as_author()
        .args(["note", "--amend", &key, "認定企業 21 社"])
        .assert()
        .success()
        .stdout(contains(format!("Corrected note {key} on 4.tmg.ア")));
    let log = log_json(&scratch.plan_dir());
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["text"], "認定企業 21 社");
    assert_eq!(log[0]["status"], "active", "the status is kept");
    assert_eq!(
        log[0]["at"], "2021-06-15T00:00:00+09:00",
        "the date is kept"
    );
    assert_eq!(log[0]["day_only"], true);
    // A second amendment, of the amendment, changes the status.
    let second = str_field(&log[0], "short_key").to_string();
    scratch.note(&["--amend", &second, "--status", "done"]);
    assert_eq!(status(&scratch, "4.tmg.ア"), "done");
    let all = all_notes(&scratch);
    assert_eq!(all.len(), 3);
    let current = str_field(&log_json(&scratch.plan_dir())[0], "key").to_string();
    let superseded: Vec<&Value> = all
        .iter()
        .filter(|n| n["superseded_by"].is_string())
        .collect();
    assert_eq!(superseded.len(), 2);
    assert!(
        superseded
            .iter()
            .all(|n| n["superseded_by"] == current.as_str())
    );
    // Every line is appended: the file grew by one line per correction.
    assert_eq!(note_lines(&scratch.notes_text(4)).len(), 3);
}

#[test]
fn keys_are_found_by_any_unique_part_and_ambiguity_lists_the_candidates() {
    let scratch = copy_plan();
    for text in ["一", "二", "三"] {
        scratch.note(&["1.tmg.ア", text, "--at", "2021-06-01"]);
    }
    let notes = all_notes(&scratch);
    // Every key starts with the same recording time: a prefix of it is ambiguous.
    let common_part = &str_field(&notes[0], "key")[..8];
    scratch
        .plan_as_author()
        .args(["note", "--retract", common_part])
        .assert()
        .code(2)
        .stderr(contains(format!("`{common_part}` matches 3 notes")))
        .stderr(contains("give more of the key"));
    // Issue 19: the candidates are lines, not a literal `\n`, in both languages.
    for (lang, head) in [
        ("en", "matches 3 notes:"),
        ("ja", "一致する記録が 3 件あります:"),
    ] {
        let out = scratch
            .plan_as_author()
            .args(["--lang", lang, "note", "--retract", common_part])
            .assert()
            .code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(!stderr.contains("\\n"), "{lang}: {stderr}");
        let lines: Vec<&str> = stderr.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.ends_with(head))
            .unwrap_or_else(|| panic!("{lang}: {stderr}"));
        for line in &lines[at + 1..at + 4] {
            assert!(line.starts_with("  "), "{lang}: {stderr}");
            let key = line.split_whitespace().next().unwrap();
            assert!(
                notes.iter().any(|n| str_field(n, "key") == key),
                "{lang}: {stderr}"
            );
        }
    }
    scratch
        .plan_as_author()
        .args(["note", "--amend", "nosuchkey", "x"])
        .assert()
        .code(2)
        .stderr(contains("no note has the key `nosuchkey`"))
        .stderr(contains("plan log --all"));
    // The table of the log shows the short key people type.
    let table = stdout_of(scratch.plan().arg("log"));
    for n in &notes {
        assert!(table.contains(str_field(n, "short_key")), "{table}");
    }
    assert_eq!(
        note_lines(&scratch.notes_text(1)).len(),
        3,
        "nothing written"
    );
}

#[test]
fn a_withdrawn_note_cannot_be_amended_or_retracted_again() {
    let scratch = copy_plan();
    scratch.note(&["1.tmg.ア", "記録", "--at", "2021-06-01"]);
    let key = short_key(&scratch, "記録");
    scratch.note(&["--retract", &key]);
    for flag in ["--amend", "--retract"] {
        scratch
            .plan_as_author()
            .args(["note", flag, &key, "x"])
            .assert()
            .code(2)
            .stderr(contains("was withdrawn by"))
            .stderr(contains("retract the retraction"));
    }
    assert_eq!(note_lines(&scratch.notes_text(1)).len(), 2);
}

#[test]
fn show_and_log_carry_evidence_links_in_every_format() {
    let scratch = copy_plan();
    let url = "https://www.metro.tokyo.lg.jp/press/2021/06/15.html";
    std::fs::create_dir_all(scratch.root.path().join("docs")).unwrap();
    std::fs::write(scratch.root.path().join("docs/seminar.pdf"), b"%PDF").unwrap();
    scratch
        .plan_as_author()
        .current_dir(scratch.root.path())
        .args(["note", "2.tmg.イ", "セミナー実施", "--at", "2021-06-15"])
        .args(["--link", url, "--link", "docs/seminar.pdf"])
        .assert()
        .success();
    let log = log_json(&scratch.plan_dir());
    assert_eq!(
        log[0]["links"],
        serde_json::json!([url, "docs/seminar.pdf"])
    );
    for args in [
        vec!["log"],
        vec!["log", "--format", "markdown"],
        vec!["log", "--format", "csv"],
        vec!["show", "2.tmg.イ"],
        vec!["show", "2.tmg.イ", "--format", "markdown"],
        vec!["show", "2.tmg.イ", "--format", "json"],
    ] {
        let out = stdout_of(scratch.plan().args(&args));
        assert!(out.contains(url), "{args:?}:\n{out}");
    }
    // A link that is not an http(s) URL or a path inside the repository is refused.
    for bad in [
        "javascript:alert(1)",
        "/etc/passwd",
        "../outside.pdf",
        "file:///x",
    ] {
        scratch
            .plan_as_author()
            .args(["note", "2.tmg.イ", "x", "--link", bad])
            .assert()
            .code(2)
            .stderr(contains("--link"));
    }
    assert_eq!(note_lines(&scratch.notes_text(2)).len(), 1);
}

#[test]
fn link_paths_are_read_from_the_current_directory_and_must_name_a_file() {
    let scratch = copy_plan();
    let root = scratch.root.path();
    std::fs::create_dir_all(root.join("evidence")).unwrap();
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("evidence/poster.pdf"), b"%PDF").unwrap();
    // Each note says where it was typed from, so none repeats another.
    let note_from = |dir: &std::path::Path, link: &str| {
        let mut cmd = scratch.plan_as_author();
        let text = format!("ポスター掲示（{link} から）");
        cmd.current_dir(dir).args([
            "note",
            "2.tmg.イ",
            &text,
            "--at",
            "2021-06-15",
            "--link",
            link,
        ]);
        cmd
    };
    // From sub/, ../evidence/poster.pdf is inside the repository: stored
    // from the root, as anyone reading the repository finds it.
    note_from(&root.join("sub"), "../evidence/poster.pdf")
        .assert()
        .success();
    let log = log_json(&scratch.plan_dir());
    assert_eq!(log[0]["links"], serde_json::json!(["evidence/poster.pdf"]));
    // The same from the root, and by an absolute path inside it.
    note_from(root, "evidence/poster.pdf").assert().success();
    let absolute = root.join("evidence/poster.pdf");
    note_from(&root.join("sub"), absolute.to_str().unwrap())
        .assert()
        .success();
    let links: Vec<String> = log_json(&scratch.plan_dir())
        .iter()
        .map(|n| n["links"][0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(links, ["evidence/poster.pdf"; 3]);
    let before = scratch.notes_text(2);
    // A missing file, a path that is missing from here, a host name, and
    // a file outside the repository are refused, and nothing is written.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x.pdf"), b"%PDF").unwrap();
    let outside = outside.path().join("x.pdf");
    for (dir, link, says) in [
        (root.to_path_buf(), "evidence/missing.pdf", "no such file"),
        (root.join("sub"), "evidence/poster.pdf", "no such file"),
        (
            root.to_path_buf(),
            "www.example.org",
            "--link https://www.example.org",
        ),
        (root.to_path_buf(), "tokyo-cci.or.jp/news", "web address"),
        (
            root.to_path_buf(),
            outside.to_str().unwrap(),
            "outside the repository",
        ),
    ] {
        note_from(&dir, link)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(says));
    }
    note_from(root, "www.example.org")
        .env("PLAN_LANG", "ja")
        .assert()
        .code(2)
        .stderr(contains("Web アドレス"));
    assert_eq!(scratch.notes_text(2), before, "nothing written");
}

#[test]
fn bad_input_writes_nothing_and_says_what_to_do() {
    let scratch = copy_plan();
    let cases: [(&[&str], &str); 5] = [
        (&["2.tmg.ア", "認定企業", "20", "社"], "put it in quotes"),
        (&["2.tmg.ア", "x", "--author", ""], "--author is empty"),
        (&["2.tmg.ア", "x", "--author", "  "], "--author is empty"),
        (&["1.tcci.ア", "2.tcci.ア"], "is a measure ID"),
        (&["1.tcci.ア,9.tcci.ア", "x"], "no such section"),
    ];
    for (args, message) in cases {
        scratch
            .plan_as_author()
            .arg("note")
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(message));
    }
    assert!(!scratch.notes_dir().exists(), "nothing was written");
    // A text that starts with `-` works after `--`; an ID-like text too.
    scratch.note(&["2.tmg.ア", "--at", "2021-06-01", "--", "-5% の削減"]);
    scratch.note(&["1.tcci.ア", "--at", "2021-06-01", "--", "2.tcci.ア"]);
    let texts: Vec<String> = log_json(&scratch.plan_dir())
        .iter()
        .map(|n| str_field(n, "text").to_string())
        .collect();
    assert!(texts.contains(&"-5% の削減".to_string()), "{texts:?}");
    assert!(texts.contains(&"2.tcci.ア".to_string()), "{texts:?}");
}

#[test]
fn one_note_on_several_measures_is_one_line_each_and_all_or_nothing() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .args([
            "note",
            "1-6.tcci.ア",
            "メールマガジン6月号で周知",
            "--at",
            "2021-06-10",
        ])
        .assert()
        .success()
        .stdout(contains("Recorded against 6.tcci.ア"));
    for section in 1..=6 {
        let lines = note_lines(&scratch.notes_text(section)).len();
        assert_eq!(lines, 1, "section {section}");
    }
    let keys: std::collections::BTreeSet<String> = log_json(&scratch.plan_dir())
        .iter()
        .map(|n| str_field(n, "key").to_string())
        .collect();
    assert_eq!(keys.len(), 6, "one key per note");
    // The comma form, and JSON of several notes as an array.
    let out = stdout_of(scratch.plan_as_author().args([
        "note",
        "1.tcci.ア,3.tcci.ア",
        "東商新聞に掲載",
        "--at",
        "2021-06-11",
        "--format",
        "json",
    ]));
    let recorded: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(ids_of(&recorded), ["1.tcci.ア", "3.tcci.ア"]);
    // One unknown ID writes none of them.
    let before: Vec<String> = (1..=6).map(|s| scratch.notes_text(s)).collect();
    scratch
        .plan_as_author()
        .args([
            "note",
            "1.tcci.ア,2.tcci.ヲ,3.tcci.ア",
            "x",
            "--at",
            "2021-06-12",
        ])
        .assert()
        .code(2)
        .stderr(contains("no measure `2.tcci.ヲ`"));
    let after: Vec<String> = (1..=6).map(|s| scratch.notes_text(s)).collect();
    assert_eq!(before, after);
}

/// The notes files' text, to prove that a refusal wrote nothing.
fn all_notes_text(scratch: &Scratch) -> String {
    (1..=12).map(|s| scratch.notes_text(s)).collect()
}

#[test]
fn an_id_beside_amend_or_retract_is_refused_with_the_command_that_moves_the_note() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.ウ", "見学会を開催", "--at", "2021-06-01"]);
    let key = short_key(&scratch, "見学会を開催");
    let before = all_notes_text(&scratch);
    for args in [
        vec!["note", "--amend", &key, "2.tcci.カ"],
        vec!["note", "2.tcci.カ", "--amend", &key],
        vec!["note", "2.tmg.ウ", "--retract", &key],
        vec!["note", "--retract", &key, "2.tmg.ウ"],
    ] {
        scratch
            .plan_as_author()
            .args(&args)
            .assert()
            .code(2)
            .stderr(contains("is a measure ID"))
            .stderr(contains(format!("plan note --amend {key} --move-to")));
    }
    assert_eq!(all_notes_text(&scratch), before, "nothing written");
    // After `--`, the text is taken as written.
    scratch.note(&["--amend", &key, "--", "2.tcci.カ"]);
    assert_eq!(log_json(&scratch.plan_dir())[0]["text"], "2.tcci.カ");
}

#[test]
fn a_note_moves_to_another_measure_with_its_text_date_and_status() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tmg.ウ",
        "見学会を開催",
        "--status",
        "active",
        "--at",
        "2021-06-01",
    ]);
    let key = short_key(&scratch, "見学会を開催");
    scratch
        .plan_as_author()
        .args(["note", "--amend", &key, "--move-to", "2.tcci.カ"])
        .assert()
        .success()
        .stdout(contains("Moved the note to 2.tcci.カ"));
    // Each measure read alone (plan show reads one section's notes).
    let old = show_json(&scratch.plan_dir(), "2.tmg.ウ");
    assert_eq!(old["status"], "planned", "{old}");
    assert_eq!(old["history"], serde_json::json!([]), "{old}");
    let new = show_json(&scratch.plan_dir(), "2.tcci.カ");
    assert_eq!(new["status"], "active", "{new}");
    let log = log_json(&scratch.plan_dir());
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["id"], "2.tcci.カ");
    assert_eq!(log[0]["text"], "見学会を開催");
    assert!(
        str_field(&log[0], "at").starts_with("2021-06-01"),
        "{log:?}"
    );
    scratch.plan().arg("check").assert().success();
    // With a new text, the moved note carries it.
    let moved = str_field(&log[0], "short_key").to_string();
    scratch.note(&["--amend", &moved, "--move-to", "2.tcci.オ", "見学会（2回）"]);
    let log = log_json(&scratch.plan_dir());
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        (&log[0]["id"], &log[0]["text"]),
        (&"2.tcci.オ".into(), &"見学会（2回）".into())
    );
    // Moving onto the measure it is on is refused.
    let now = str_field(&log[0], "short_key").to_string();
    scratch
        .plan_as_author()
        .args(["note", "--amend", &now, "--move-to", "2.tcci.オ"])
        .assert()
        .code(2)
        .stderr(contains("already on 2.tcci.オ"));
}

#[test]
fn correcting_an_older_version_is_refused_naming_the_newest() {
    let scratch = copy_plan();
    // A (date wrong) → B (date fixed) → C (status set).
    scratch.note(&["5.tmg.ア", "説明会", "--at", "2021-05-01"]);
    let a = short_key(&scratch, "説明会");
    scratch.note(&["--amend", &a, "--at", "2021-07-01"]);
    let b = str_field(&log_json(&scratch.plan_dir())[0], "short_key").to_string();
    scratch.note(&["--amend", &b, "--status", "done"]);
    let c = str_field(&log_json(&scratch.plan_dir())[0], "short_key").to_string();
    let before = all_notes_text(&scratch);
    for flag in ["--amend", "--retract"] {
        scratch
            .plan_as_author()
            .args(["note", flag, &a, "説明会（訂正）"])
            .assert()
            .code(2)
            .stderr(contains(c.as_str()))
            .stderr(contains("--allow-superseded"));
    }
    assert_eq!(all_notes_text(&scratch), before, "nothing written");
    // The version in force is untouched: date fixed, status set, and the
    // note counts in a report as of its (fixed) date.
    let log = log_json(&scratch.plan_dir());
    assert_eq!(log.len(), 1);
    assert!(str_field(&log[0], "at").starts_with("2021-07-01"));
    assert_eq!(log[0]["status"], "done");
    // Amending the newest keeps what was fixed before.
    scratch.note(&["--amend", &c, "説明会（訂正）"]);
    let log = log_json(&scratch.plan_dir());
    assert_eq!(log.len(), 1);
    assert!(
        str_field(&log[0], "at").starts_with("2021-07-01"),
        "{log:?}"
    );
    assert_eq!(
        (&log[0]["status"], &log[0]["text"]),
        (&"done".into(), &"説明会（訂正）".into())
    );
    // Meant on purpose: a new version of the one in force, from A's content;
    // one chain, no fork.
    let newest = str_field(&log[0], "key").to_string();
    scratch.note(&["--amend", &a, "--allow-superseded", "説明会（A から）"]);
    let log = log_json(&scratch.plan_dir());
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["amends"], newest.as_str());
    assert!(
        str_field(&log[0], "at").starts_with("2021-05-01"),
        "{log:?}"
    );
    let check = scratch.plan().arg("check").assert().success();
    let out = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(!out.contains("P051"), "{out}");
}

#[test]
fn the_same_note_twice_is_refused_unless_forced_and_check_lists_it() {
    let scratch = copy_plan();
    let args = ["2.tmg.ア", "セミナー実施", "--at", "2021-06-15"];
    scratch.note(&args);
    let key = key_of(&scratch, "セミナー実施");
    let before = all_notes_text(&scratch);
    scratch
        .plan_as_author()
        .arg("note")
        .args(args)
        .assert()
        .code(2)
        .stderr(contains(key.as_str()))
        .stderr(contains("--force"));
    assert_eq!(all_notes_text(&scratch), before, "nothing written");
    // Another day, another text or another status is another note.
    scratch.note(&["2.tmg.ア", "セミナー実施", "--at", "2021-06-16"]);
    scratch.note(&[
        "2.tmg.ア",
        "セミナー実施",
        "--at",
        "2021-06-15",
        "--status",
        "done",
    ]);
    scratch
        .plan()
        .arg("check")
        .assert()
        .success()
        .stdout(contains("P052").not());
    // --force records it, and plan check lists it as a warning.
    scratch.note(&["--force"].iter().chain(&args).copied().collect::<Vec<_>>());
    let out = scratch.plan().arg("check").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("P052") && text.contains(&key), "{text}");
}

/// Issue 19: options typed after `--` and the text were suggested inside
/// the quotes. The suggestion puts them before `--`, and running it records
/// the note with its date.
#[test]
fn options_after_the_dashes_are_suggested_before_them() {
    let scratch = copy_plan();
    for lang in ["en", "ja"] {
        let out = scratch
            .plan_as_author()
            .args([
                "--lang",
                lang,
                "note",
                "5.tcci.ウ",
                "--",
                "-10% 削減",
                "--at",
                "2021-10-25",
            ])
            .assert()
            .code(2);
        let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(stderr.contains("`--at`"), "{stderr}");
        let suggestion = stderr
            .lines()
            .find_map(|l| l.trim().split_once(": plan note ").map(|(_, s)| s))
            .unwrap_or_else(|| panic!("{stderr}"));
        assert_eq!(
            suggestion, "5.tcci.ウ --at 2021-10-25 -- \"-10% 削減\"",
            "{stderr}"
        );
    }
    assert!(!scratch.notes_dir().exists(), "nothing was written");
    // The suggestion, run as the shell would split it, records the note.
    scratch.note(&["5.tcci.ウ", "--at", "2021-10-25", "--", "-10% 削減"]);
    let notes = log_json(&scratch.plan_dir());
    assert_eq!(str_field(&notes[0], "text"), "-10% 削減");
    assert!(
        str_field(&notes[0], "at").starts_with("2021-10-25"),
        "{notes:?}"
    );
    // Unquoted words with an option among them: the option stays outside.
    let out = scratch
        .plan_as_author()
        .args(["note", "5.tcci.ウ", "--", "セミナー", "実施", "-s", "done"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("plan note 5.tcci.ウ -s done \"セミナー 実施\""),
        "{stderr}"
    );
}

#[test]
fn keys_written_with_an_escape_are_read_as_their_text_and_corrections_find_them() {
    // A note's key (and the key an amendment names) is kept as a place in
    // the file's text; one written with an escape is not there as it reads.
    let scratch = copy_plan();
    std::fs::create_dir_all(scratch.notes_dir()).unwrap();
    std::fs::write(
        scratch.notes_dir().join("02.toml"),
        concat!(
            "\"k\\u0031\" = { id = \"2.tmg.ア\", at = 2021-05-01, author = \"a\", text = \"one\", status = \"active\" }\n",
            "'k2' = { id = \"2.tmg.ア\", at = 2021-05-02, author = \"a\", text = \"two\", status = \"done\", amends = \"k\\u0031\" }\n",
        ),
    )
    .unwrap();
    let notes = all_notes(&scratch);
    let by_text = |text: &str| notes.iter().find(|n| n["text"] == text).unwrap();
    assert_eq!(by_text("one")["key"], "k1", "{notes:?}");
    assert_eq!(by_text("one")["superseded_by"], "k2", "{notes:?}");
    assert_eq!(by_text("two")["amends"], "k1", "{notes:?}");
    assert_eq!(
        stdout_of(scratch.plan().args(["log", "--all", "--format", "ids"])),
        "k2\nk1\n"
    );
    // Commands that do not keep the files' text (status) find them too.
    assert_eq!(status(&scratch, "2.tmg.ア"), "done");
    scratch.plan().arg("check").assert().success();
}
