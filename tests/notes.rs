//! `plan note`: recording progress notes, the notes files it appends to, the
//! statuses notes set, and what happens with bad input, many writers at once
//! and a torn last line.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::process::Stdio;

use common::*;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;

/// The status of a measure in `plan list --format json`.
fn status_of(scratch: &Scratch, id: &str) -> String {
    str_field(&measure_json(&scratch.plan_dir(), id), "status").to_string()
}

/// The only note in the log.
fn only_note(scratch: &Scratch) -> Value {
    let notes = log_json(&scratch.plan_dir());
    assert_eq!(notes.len(), 1, "{notes:?}");
    notes.into_iter().next().unwrap()
}

#[test]
fn note_on_a_short_id_records_against_the_default_party_and_says_so() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .args(["note", "2.イ", "セミナー実施"])
        .assert()
        .success()
        .stdout(
            contains("2.tmg.イ").and(contains("企業におけるテレワークの導入・定着に向けた支援")),
        )
        .stderr(contains("2.tcci.イ"));
    let note = only_note(&scratch);
    assert_eq!(note["id"], "2.tmg.イ");
    assert_eq!(note["text"], "セミナー実施");
    assert_eq!(note["author"], AUTHOR);
    assert!(note["status"].is_null());
}

#[test]
fn note_with_a_status_sets_the_measure_status() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .args(["note", "2.tcci.イ", "東商新聞で告知", "--status", "active"])
        .assert()
        .success()
        .stdout(contains("2.tcci.イ").and(contains("Status: active")))
        // Years after FY2021, a note dated today is recorded with a word.
        .stderr(contains("outside the plan's fiscal year 2021"));
    let note = only_note(&scratch);
    assert_eq!(note["id"], "2.tcci.イ");
    assert_eq!(note["status"], "active");
    assert_eq!(status_of(&scratch, "2.tcci.イ"), "active");
    // The other party's measure with the same label is untouched.
    assert_eq!(status_of(&scratch, "2.tmg.イ"), "planned");
}

#[test]
fn at_takes_a_date_as_that_day_in_tokyo_and_keeps_it_a_date() {
    let scratch = copy_plan();
    scratch.note(&["2.tcci.イ", "告知", "--at", "2021-06-15"]);
    let note = only_note(&scratch);
    // Stored as the date that was given …
    assert!(
        scratch.notes_text(2).contains(", at = 2021-06-15, "),
        "{}",
        scratch.notes_text(2)
    );
    // … counted from the start of that day in the plan's zone …
    assert_eq!(note["at"], "2021-06-15T00:00:00+09:00");
    assert_eq!(note["day_only"], true);
    // … and shown as a date, not as 00:00.
    let log = stdout_of(scratch.plan().arg("log"));
    assert!(log.contains("2021-06-15 "), "{log}");
    assert!(!log.contains("00:00"), "{log}");
}

#[test]
fn at_takes_a_time_with_an_offset_as_given() {
    let scratch = copy_plan();
    scratch.note(&["2.tcci.イ", "告知", "--at", "2021-06-15T10:00:00+09:00"]);
    assert_eq!(only_note(&scratch)["at"], "2021-06-15T10:00:00+09:00");

    let scratch = copy_plan();
    scratch.note(&["2.tcci.イ", "告知", "--at", "2021-06-15T10:00:00Z"]);
    assert_eq!(only_note(&scratch)["at"], "2021-06-15T10:00:00+00:00");

    // A local time without offset is Tokyo time.
    let scratch = copy_plan();
    scratch.note(&["2.tcci.イ", "告知", "--at", "2021-06-15T10:00"]);
    assert_eq!(only_note(&scratch)["at"], "2021-06-15T10:00:00+09:00");
}

#[test]
fn note_without_at_is_dated_now() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.ア", "今日"]);
    let at = str_field(&only_note(&scratch), "at").to_string();
    let at = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
    let age = chrono::Utc::now().signed_duration_since(at);
    assert!(
        age >= chrono::Duration::zero() && age < chrono::Duration::minutes(5),
        "{at}"
    );
    assert_eq!(at.offset().local_minus_utc(), 9 * 3600);
}

#[test]
fn author_comes_from_the_flag_before_the_environment() {
    let scratch = copy_plan();
    scratch.note(&["2.tcci.イ", "告知", "--author", "山田"]);
    assert_eq!(only_note(&scratch)["author"], "山田");

    let scratch = copy_plan();
    scratch
        .plan()
        .env("PLAN_AUTHOR", "佐藤")
        .args(["note", "2.tcci.イ", "告知"])
        .assert()
        .success();
    assert_eq!(only_note(&scratch)["author"], "佐藤");
}

#[test]
fn japanese_status_is_stored_as_its_english_key() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .args(["note", "2.tcci.イ", "完了", "--status", "実施済"])
        .assert()
        .success()
        .stdout(contains("Status: done"));
    assert_eq!(only_note(&scratch)["status"], "done");
    assert!(scratch.notes_text(2).contains("status = \"done\""));
    assert_eq!(status_of(&scratch, "2.tcci.イ"), "done");
}

#[test]
fn status_alone_is_a_note() {
    let scratch = copy_plan();
    scratch.note(&["1.tmg.ア", "--status", "保留"]);
    let note = only_note(&scratch);
    assert_eq!(note["status"], "blocked");
    assert_eq!(note["text"], "");
}

#[test]
fn text_from_stdin_keeps_its_line_breaks_on_one_line_of_the_file() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .args(["note", "2.tmg.イ", "-"])
        .write_stdin("一行目\n二行目\n")
        .assert()
        .success();
    let lines = note_lines(&scratch.notes_text(2)).len();
    assert_eq!(lines, 1, "{}", scratch.notes_text(2));
    // The trailing newline of the input is dropped; the inner one stays.
    assert_eq!(only_note(&scratch)["text"], "一行目\n二行目");
}

#[test]
fn note_on_a_sub_item_counts_for_its_measure_but_keeps_its_own_status() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .args([
            "note",
            "2.tmg.イ.3",
            "体験型セミナー開催",
            "--status",
            "done",
        ])
        .assert()
        .success()
        .stdout(contains("2.tmg.イ.3").and(contains("地域におけるテレワーク体験型セミナーの実施")));
    assert_eq!(only_note(&scratch)["id"], "2.tmg.イ.3");
    let item = show_json(&scratch.plan_dir(), "2.tmg.イ.3");
    assert_eq!(item["item"]["status"], "done");
    assert_eq!(item["item"]["notes"], 1);
    let measure = measure_json(&scratch.plan_dir(), "2.tmg.イ");
    assert_eq!(measure["notes"], 1);
    // One of four sub-items done: the measure is under way.
    assert_eq!(measure["status"], "active");
    let shown = stdout_of(scratch.plan().args(["show", "2.tmg.イ"]));
    assert!(shown.contains("1 of 4 sub-items done"), "{shown}");
}

#[test]
fn notes_file_has_one_self_contained_line_per_note() {
    let scratch = copy_plan();
    let section_file = scratch.plan_dir().join("02-telework.toml");
    let before: BTreeMap<String, Vec<u8>> = fs::read_dir(scratch.plan_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    let section_before = fs::read(&section_file).unwrap();

    scratch.note(&["2.イ", "セミナー実施"]);
    scratch.note(&["2.tcci.イ", "東商新聞で告知", "--status", "active"]);
    scratch.note(&["2.tcci.イ", "告知", "--at", "2021-06-15"]);
    scratch.note(&[
        "2.tcci.イ",
        "告知（時刻つき）",
        "--at",
        "2021-06-15T10:00:00+09:00",
    ]);
    scratch.note(&["2.tcci.ウ", "見学会", "--author", "山田"]);
    scratch.note(&["2.tcci.エ", "誘導", "--status", "実施済"]);
    scratch.note(&["2.tmg.イ.3", "引用符 \" と \\ と\tタブ"]);
    scratch
        .plan_as_author()
        .args(["note", "2.tmg.イ", "-"])
        .write_stdin("一行目\n二行目\n")
        .assert()
        .success();

    let text = scratch.notes_text(2);
    assert!(
        text.starts_with('#'),
        "the file starts with its comment: {text}"
    );
    assert!(text.ends_with('\n'));
    let lines = note_lines(&text);
    assert_eq!(lines.len(), 8, "{text}");
    let mut keys = BTreeSet::new();
    for line in &lines {
        let (key, fields) = parse_note_line(line);
        assert!(keys.insert(key), "keys are unique: {text}");
        assert!(fields["id"].as_str().unwrap().starts_with("2."));
    }
    // The whole file is TOML too, and holds the same notes.
    let whole: toml::Table = toml::from_str(&text).unwrap();
    assert_eq!(whole.keys().cloned().collect::<BTreeSet<_>>(), keys);
    assert_eq!(log_json(&scratch.plan_dir()).len(), 8);

    // Only the notes file was written: the plan files are byte for byte the same.
    assert_eq!(fs::read(&section_file).unwrap(), section_before);
    for (path, bytes) in before {
        assert_eq!(fs::read(&path).unwrap(), bytes, "{path}");
    }
    assert!(!scratch.notes_file(1).exists());
    let files: Vec<_> = fs::read_dir(scratch.notes_dir()).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn notes_go_to_the_file_of_their_section() {
    let scratch = copy_plan();
    scratch.note(&["1.tmg.ア", "a"]);
    scratch.note(&["6.tcci.オ", "b"]);
    scratch.note(&["6.tmg.ア.2", "c"]);
    assert_eq!(note_lines(&scratch.notes_text(1)).len(), 1);
    assert_eq!(note_lines(&scratch.notes_text(6)).len(), 2);
    assert!(!scratch.notes_file(2).exists());
}

/// Bad `plan note` arguments with a fragment of the error each must print.
const BAD_NOTES: [(&[&str], &str); 9] = [
    (&["2.キ", "x"], "no measure `2.キ`"),
    (&["9.イ", "x"], "no such section"),
    (&["2.xyz.イ", "x"], "unknown party `xyz`"),
    (&["foo", "x"], "is not a measure ID"),
    (
        &["2.イ", "x", "--status", "finsihed"],
        "unknown status `finsihed`",
    ),
    (
        &["2.イ", "x", "--at", "yesterdayish"],
        "--at: `yesterdayish` is not a date",
    ),
    (&["2.イ"], "nothing to record"),
    (&["2.イ", ""], "nothing to record"),
    (&["2.イ", "  "], "nothing to record"),
];

#[test]
fn rejected_note_creates_no_notes_directory() {
    for (args, message) in BAD_NOTES {
        let scratch = copy_plan();
        scratch
            .plan_as_author()
            .arg("note")
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(message));
        assert!(!scratch.notes_dir().exists(), "{args:?}");
    }
}

#[test]
fn rejected_note_leaves_the_notes_file_unchanged() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.ア", "最初の記録", "--at", "2021-06-01"]);
    let before = fs::read(scratch.notes_file(2)).unwrap();
    for (args, message) in BAD_NOTES {
        scratch
            .plan_as_author()
            .arg("note")
            .args(args)
            .assert()
            .code(2)
            .stderr(contains(message));
        assert_eq!(fs::read(scratch.notes_file(2)).unwrap(), before, "{args:?}");
    }
    // Empty standard input is no text either.
    scratch
        .plan_as_author()
        .args(["note", "2.イ", "-"])
        .write_stdin("\n")
        .assert()
        .code(2)
        .stderr(contains("nothing to record"));
    assert_eq!(fs::read(scratch.notes_file(2)).unwrap(), before);
    assert_eq!(fs::read_dir(scratch.notes_dir()).unwrap().count(), 1);
}

#[test]
fn read_only_plan_directory_is_refused() {
    let scratch = copy_plan();
    let _restore = chmod(&scratch.plan_dir(), 0o555);
    scratch
        .plan_as_author()
        .args(["note", "2.tmg.イ", "セミナー実施"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("read-only").and(contains("not recorded")));
    assert!(!scratch.notes_dir().exists());
    // Reading still works.
    scratch.plan().arg("list").assert().success();
}

#[test]
fn read_only_notes_directory_is_refused_and_its_file_kept() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.ア", "最初の記録", "--at", "2021-06-01"]);
    let before = fs::read(scratch.notes_file(2)).unwrap();
    let _restore = chmod(&scratch.notes_dir(), 0o555);
    scratch
        .plan_as_author()
        .args(["note", "2.tmg.イ", "二件目"])
        .assert()
        .code(2)
        .stderr(contains("read-only"));
    assert_eq!(fs::read(scratch.notes_file(2)).unwrap(), before);
    assert!(!scratch.notes_file(1).exists());
}

#[test]
fn status_is_set_by_the_latest_note_in_time_not_in_the_file() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tmg.ア",
        "完了",
        "--status",
        "done",
        "--at",
        "2021-07-01T09:00:00+09:00",
    ]);
    // Recorded later, but dated earlier: it does not override the newer status.
    scratch.note(&[
        "2.tmg.ア",
        "着手",
        "--status",
        "active",
        "--at",
        "2021-06-01T09:00:00+09:00",
    ]);
    assert_eq!(status_of(&scratch, "2.tmg.ア"), "done");
    // A note without a status changes nothing.
    scratch.note(&["2.tmg.ア", "報告のみ", "--at", "2021-08-01T09:00:00+09:00"]);
    assert_eq!(status_of(&scratch, "2.tmg.ア"), "done");
    // A newer status does.
    scratch.note(&[
        "2.tmg.ア",
        "保留",
        "--status",
        "blocked",
        "--at",
        "2021-09-01T09:00:00+09:00",
    ]);
    assert_eq!(status_of(&scratch, "2.tmg.ア"), "blocked");
    // Time, not text order of the offsets: 2021-09-01T01:00+00:00 is later
    // than 2021-09-01T09:00+09:00 (= 00:00 UTC).
    scratch.note(&[
        "2.tmg.ア",
        "再開",
        "--status",
        "active",
        "--at",
        "2021-09-01T01:00:00+00:00",
    ]);
    assert_eq!(status_of(&scratch, "2.tmg.ア"), "active");
    let m = measure_json(&scratch.plan_dir(), "2.tmg.ア");
    assert_eq!(m["notes"], 5);
    assert_eq!(m["last_note_at"], "2021-09-01T01:00:00+00:00");
}

#[test]
fn show_json_has_status_notes_and_history_newest_first() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tmg.イ",
        "着手",
        "--status",
        "active",
        "--at",
        "2021-06-01",
    ]);
    scratch.note(&[
        "2.tmg.イ.3",
        "セミナー開催",
        "--status",
        "done",
        "--at",
        "2021-07-01",
    ]);
    scratch.note(&["2.tcci.イ", "別の主体", "--at", "2021-08-01"]);
    let shown = json_of(scratch.plan().args(["show", "2.イ", "--format", "json"]));
    assert_eq!(shown["id"], "2.tmg.イ");
    assert_eq!(shown["status"], "active");
    assert_eq!(shown["notes"], 2);
    assert_eq!(shown["last_note_at"], "2021-07-01T00:00:00+09:00");
    let history = shown["history"].as_array().unwrap();
    let ids: Vec<&str> = history.iter().map(|n| str_field(n, "id")).collect();
    assert_eq!(ids, ["2.tmg.イ.3", "2.tmg.イ"]);
    assert_eq!(history[0]["text"], "セミナー開催");
    assert_eq!(history[1]["author"], AUTHOR);
    let items = shown["item_status"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[2]["id"], "2.tmg.イ.3");
    assert_eq!(items[2]["status"], "done");
    assert_eq!(items[0]["status"], "planned");
}

#[test]
fn list_status_filter_picks_measures_by_current_status() {
    let scratch = copy_plan();
    scratch.note(&[
        "2.tcci.イ",
        "告知",
        "--status",
        "active",
        "--at",
        "2021-06-01",
    ]);
    scratch.note(&[
        "4.tmg.イ",
        "開催準備",
        "--status",
        "active",
        "--at",
        "2021-06-01",
    ]);
    scratch.note(&["5.tmg.ウ", "完了", "--status", "done", "--at", "2021-06-01"]);
    // Once active, now done: no longer active.
    scratch.note(&[
        "1.tmg.ア",
        "着手",
        "--status",
        "active",
        "--at",
        "2021-06-01",
    ]);
    scratch.note(&["1.tmg.ア", "完了", "--status", "done", "--at", "2021-07-01"]);
    let list = |args: &[&str]| {
        lines_of(&stdout_of(
            scratch
                .plan()
                .arg("list")
                .args(args)
                .args(["--format", "ids"]),
        ))
    };
    assert_eq!(list(&["--status", "active"]), ["2.tcci.イ", "4.tmg.イ"]);
    assert_eq!(list(&["--status", "実施中"]), ["2.tcci.イ", "4.tmg.イ"]);
    assert_eq!(list(&["--status", "done"]), ["1.tmg.ア", "5.tmg.ウ"]);
    assert_eq!(
        list(&["--status", "active", "--status", "done"]),
        ["1.tmg.ア", "2.tcci.イ", "4.tmg.イ", "5.tmg.ウ"]
    );
    assert_eq!(list(&["--status", "planned"]).len(), 51 - 4);
    scratch
        .plan()
        .args(["list", "--status", "finsihed"])
        .assert()
        .code(2)
        .stderr(contains("unknown status `finsihed`"));
}

#[test]
fn stale_filter_leaves_out_measures_with_a_recent_note() {
    let scratch = copy_plan();
    let ten_days_ago = (today_in_tokyo() - chrono::Duration::days(10)).to_string();
    scratch.note(&["2.tmg.ア", "今日の記録"]);
    scratch.note(&["2.tmg.イ", "昔の記録", "--at", "2021-06-01"]);
    // Outside the fiscal year of the shipped plan: --force says it is meant.
    scratch.note(&["3.tmg.ア", "十日前の記録", "--at", &ten_days_ago, "--force"]);
    // A note on a sub-item is activity on its measure.
    scratch.note(&["6.tmg.ア.2", "今日の小項目の記録"]);
    let stale = |days: &str| {
        lines_of(&stdout_of(
            scratch
                .plan()
                .args(["list", "--stale", days, "--format", "ids"]),
        ))
    };
    let thirty = stale("30");
    assert_eq!(thirty.len(), 51 - 3, "{thirty:?}");
    for recent in ["2.tmg.ア", "3.tmg.ア", "6.tmg.ア"] {
        assert!(!thirty.contains(&recent.to_string()), "{recent}");
    }
    assert!(thirty.contains(&"2.tmg.イ".to_string()));
    assert!(
        thirty.contains(&"1.tmg.ア".to_string()),
        "no note at all is stale"
    );
    let five = stale("5");
    assert_eq!(five.len(), 51 - 2, "{five:?}");
    assert!(five.contains(&"3.tmg.ア".to_string()));
}

#[test]
fn sixty_four_notes_written_at_once_are_all_kept() {
    let scratch = copy_plan();
    // Half on one measure, half spread over sections 1, 3, 5 and 6.
    let spread: Vec<String> = all_measures(&scratch.plan_dir())
        .iter()
        .map(|m| str_field(m, "id").to_string())
        .filter(|id| ["1.", "3.", "5.", "6."].iter().any(|s| id.starts_with(s)))
        .chain(["4.tmg.ア.1".to_string()])
        .collect();
    assert_eq!(spread.len(), 32);
    let targets: Vec<String> = (0..64)
        .map(|i| {
            if i % 2 == 0 {
                "2.tmg.イ".to_string()
            } else {
                spread[i / 2].clone()
            }
        })
        .collect();
    // Every process reads its text from standard input, so each waits there
    // (plan loaded, ID resolved) until its input is closed; all 64 are
    // started first, then released together, to append at the same moment.
    let mut children: Vec<_> = targets
        .iter()
        .map(|id| {
            std_plan(&scratch.plan_dir())
                .args(["note", id, "-"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("plan starts")
        })
        .collect();
    let mut inputs: Vec<_> = children
        .iter_mut()
        .map(|c| c.stdin.take().unwrap())
        .collect();
    for (i, input) in inputs.iter_mut().enumerate() {
        input
            .write_all(format!("同時記録 {i:02}\n").as_bytes())
            .unwrap();
    }
    drop(inputs);
    for (i, child) in children.into_iter().enumerate() {
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "note {i} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    let notes = log_json(&scratch.plan_dir());
    assert_eq!(notes.len(), 64);
    let texts: BTreeSet<&str> = notes.iter().map(|n| str_field(n, "text")).collect();
    let expected: BTreeSet<String> = (0..64).map(|i| format!("同時記録 {i:02}")).collect();
    assert_eq!(
        texts,
        expected.iter().map(String::as_str).collect::<BTreeSet<_>>()
    );
    for note in &notes {
        let i: usize = str_field(note, "text")[13..].parse().unwrap();
        assert_eq!(note["id"], targets[i].as_str(), "{note}");
    }

    let mut keys = BTreeSet::new();
    let mut lines = 0;
    for entry in fs::read_dir(scratch.notes_dir()).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let whole: Result<toml::Table, _> = toml::from_str(&text);
        assert!(
            whole.is_ok(),
            "{} is not TOML: {:?}",
            path.display(),
            whole.err()
        );
        assert_eq!(text.matches("# Progress notes").count(), 1, "{text}");
        for line in note_lines(&text) {
            let (key, _) = parse_note_line(line);
            assert!(keys.insert(key.clone()), "key {key} is used twice");
            lines += 1;
        }
    }
    assert_eq!(lines, 64);
    assert_eq!(keys.len(), 64);
    let log_keys: BTreeSet<String> = notes
        .iter()
        .map(|n| str_field(n, "key").to_string())
        .collect();
    assert_eq!(log_keys, keys);
}

#[test]
fn torn_last_line_is_reported_with_its_location_and_later_notes_still_work() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.ア", "最初の記録", "--at", "2021-06-01"]);
    let torn = "\"20210701T100000+0900-deadbeef\" = { id = \"2.tmg.ア\", at = 2021-07-01T10:00:00+09:00, au";
    let mut text = scratch.notes_text(2);
    text.push_str(torn);
    fs::write(scratch.notes_file(2), &text).unwrap();
    let torn_line = text.lines().count();

    // Reading goes on: the torn line is skipped with a warning at its place,
    // and the other notes still count.
    let output = scratch
        .plan()
        .arg("log")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(String::from_utf8_lossy(&output.stdout).contains("最初の記録"));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let location = format!("02.toml:{torn_line}:");
    let at = stderr
        .find(&location)
        .unwrap_or_else(|| panic!("stderr names {location}:\n{stderr}"));
    let column: usize = stderr[at + location.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap();
    assert!((1..=torn.chars().count() + 1).contains(&column), "{stderr}");
    assert!(
        stderr.contains("P045") && stderr.contains("cut short"),
        "{stderr}"
    );

    // Recording still works: the torn line (never acknowledged) is cut and
    // the new note takes its place.
    scratch
        .plan_as_author()
        .args(["note", "2.tmg.ア", "中断後の記録", "--at", "2021-07-02"])
        .assert()
        .success();
    let after = scratch.notes_text(2);
    let kept = &text[..text.len() - torn.len()];
    assert!(
        after.starts_with(kept),
        "earlier lines are kept as they were"
    );
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines.len(), torn_line);
    let (_, fields) = parse_note_line(lines[torn_line - 1]);
    assert_eq!(fields["text"].as_str(), Some("中断後の記録"));

    // Both good notes count, and the file is clean again.
    let notes = log_json(&scratch.plan_dir());
    let texts: Vec<&str> = notes.iter().map(|n| str_field(n, "text")).collect();
    assert_eq!(texts, ["中断後の記録", "最初の記録"]);
    scratch
        .plan()
        .arg("check")
        .assert()
        .success()
        .stdout(contains("P045").not());
}

#[test]
fn statuses_take_the_words_officers_use_and_never_guess_across_meanings() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.ア", "x", "-s", "完了", "--at", "2021-06-01"]);
    assert_eq!(status_of(&scratch, "2.tmg.ア"), "done");
    scratch.note(&["2.tmg.ウ", "x", "-s", "延期", "--at", "2021-06-01"]);
    assert_eq!(status_of(&scratch, "2.tmg.ウ"), "blocked");
    scratch.note(&[
        "2.tmg.エ",
        "x",
        "--status",
        "in-progress",
        "--at",
        "2021-06-01",
    ]);
    assert_eq!(status_of(&scratch, "2.tmg.エ"), "active");
    // One kanji off is another meaning: no guess, the list of statuses.
    let out = scratch
        .plan_as_author()
        .args(["note", "2.tmg.ア", "x", "-s", "完成"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("unknown status `完成`"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
    // A Latin typo gets its guess.
    scratch
        .plan_as_author()
        .args(["note", "2.tmg.ア", "x", "-s", "doen"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `done`?"));
    // -s is --status in list too.
    let done = lines_of(&stdout_of(
        scratch
            .plan()
            .args(["list", "-s", "done", "--format", "ids"]),
    ));
    assert_eq!(done, ["2.tmg.ア"]);
}
