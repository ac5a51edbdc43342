//! Dates that cannot poison the year: the date rules of `plan note`, the
//! plan's time zone whatever the machine's, and one date grammar for
//! `--at`, `--since`, `--until` and `--as-of`.

mod common;

use common::*;
use predicates::str::contains;

#[test]
fn a_mistyped_year_is_refused_and_nothing_is_written() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .args([
            "note",
            "3.tmg.イ",
            "イベント中止",
            "-s",
            "dropped",
            "--at",
            "2201-07-10",
        ])
        .assert()
        .code(2)
        .stderr(contains("--at 2201-07-10 is in the future"))
        .stderr(contains("--allow-future"));
    for at in ["2030-01-01", "2019-01-01"] {
        scratch
            .plan_as_author()
            .args(["note", "3.tmg.イ", "x", "--at", at])
            .assert()
            .code(2);
    }
    scratch
        .plan_as_author()
        .args(["note", "3.tmg.イ", "x", "--at", "2019-01-01"])
        .assert()
        .stderr(contains(
            "outside the plan's fiscal year 2021 (2021-04-01 … 2022-03-31)",
        ))
        .stderr(contains("--force"));
    assert!(!scratch.notes_dir().exists());
    // With --force, a date outside the year is recorded; with --allow-future,
    // a planned event, which sets no status before its day.
    scratch.note(&["3.tmg.イ", "前年度の準備", "--at", "2021-03-20", "--force"]);
    scratch.note(&[
        "3.tmg.イ",
        "イベント予定",
        "--status",
        "done",
        "--at",
        "2200-01-01",
        "--allow-future",
        "--force",
    ]);
    let measure = measure_json(&scratch.plan_dir(), "3.tmg.イ");
    assert_eq!(
        measure["status"], "planned",
        "a future note sets nothing yet"
    );
    assert_eq!(log_json(&scratch.plan_dir()).len(), 2);
}

#[test]
fn times_mean_the_plan_zone_whatever_the_machine_zone() {
    let scratch = copy_plan();
    scratch
        .plan_as_author()
        .env("TZ", "UTC")
        .args(["note", "2.tmg.ア", "朝の会議", "--at", "2021-06-15T10:00"])
        .assert()
        .success();
    assert!(
        scratch
            .notes_text(2)
            .contains("at = 2021-06-15T10:00:00+09:00"),
        "{}",
        scratch.notes_text(2)
    );
    // A date alone is that day in Tokyo, shown as a date.
    scratch
        .plan_as_author()
        .env("TZ", "America/Los_Angeles")
        .args(["note", "2.tmg.ア", "終日", "--at", "2021-06-16"])
        .assert()
        .success();
    let log = stdout_of(scratch.plan().env("TZ", "UTC").arg("log"));
    assert!(log.contains("2021-06-15 10:00"), "{log}");
    assert!(log.contains("2021-06-16 "), "{log}");
    assert!(!log.contains("2021-06-16 00:00"), "{log}");
    // Notes without --at are dated now, with Tokyo's offset, even on a UTC machine.
    scratch
        .plan_as_author()
        .env("TZ", "UTC")
        .args(["note", "2.tmg.ア", "今"])
        .assert()
        .success();
    let last = scratch.notes_text(2).lines().last().unwrap().to_string();
    assert!(last.contains("+09:00"), "{last}");
    // --as-of a day means the end of that day in Tokyo.
    let status = |as_of: &str| {
        json_array_of(scratch.plan().env("TZ", "UTC").args([
            "status",
            "--by",
            "measure",
            "--section",
            "2",
            "--as-of",
            as_of,
            "--format",
            "json",
        ]))
    };
    let notes_on = |rows: &[serde_json::Value]| {
        rows.iter().find(|r| r["id"] == "2.tmg.ア").unwrap()["notes"].clone()
    };
    assert_eq!(notes_on(&status("2021-06-14")), 0);
    assert_eq!(notes_on(&status("2021-06-15")), 1);
    assert_eq!(notes_on(&status("2021-06-16")), 2);
}

#[test]
fn every_date_form_is_understood_and_an_impossible_date_says_why() {
    let scratch = copy_plan();
    for (i, at) in [
        "2021-06-15",
        "2021/6/15",
        "２０２１－０６－１５",
        "令和3年6月15日",
        "令和３年６月１５日",
        "R3.6.15",
        "2021-06-15 09:30",
    ]
    .iter()
    .enumerate()
    {
        scratch.note(&["5.tmg.ア", &format!("記録{i}"), "--at", at]);
    }
    let days: Vec<String> = log_json(&scratch.plan_dir())
        .iter()
        .map(|n| str_field(n, "at")[..10].to_string())
        .collect();
    assert_eq!(days, vec!["2021-06-15"; 7]);
    // Ranges: a month is the whole month.
    scratch.note(&["5.tmg.ア", "7月", "--at", "2021-07-31"]);
    scratch.note(&["5.tmg.ア", "8月", "--at", "2021-08-01"]);
    let july = json_array_of(scratch.plan().args([
        "log",
        "--since",
        "2021-07",
        "--until",
        "令和3年7月",
        "--format",
        "json",
    ]));
    assert_eq!(july.len(), 1);
    assert_eq!(july[0]["text"], "7月");
    for (input, why) in [
        ("2021-06-31", "June has 30 days"),
        ("2022-02-29", "2022 is not a leap year"),
        ("2021-13-01", "there is no month 13"),
        ("sometime", "is not a date"),
    ] {
        scratch
            .plan_as_author()
            .args(["note", "5.tmg.ア", "x", "--at", input])
            .assert()
            .code(2)
            .stderr(contains(why));
    }
}

#[test]
fn a_date_only_note_is_a_day_wherever_it_is_shown() {
    // Found by the README's tour: plan show said "last: 2021-09-30 00:00"
    // of a note recorded with --at 2021-09-30, a time nobody gave.
    let scratch = copy_plan();
    scratch.note(&["4.tmg.ア", "認定企業を公表", "--at", "2021-09-30"]);
    let out = stdout_of(scratch.plan().args(["show", "4.tmg.ア"]));
    assert!(out.contains("(last: 2021-09-30)"), "{out}");
    assert!(!out.contains("00:00"), "{out}");
    let out = stdout_of(
        scratch
            .plan()
            .args(["--date-style", "wareki", "show", "4.tmg.ア"]),
    );
    assert!(out.contains("(last: 令和3年9月30日)"), "{out}");
    // A note with a time keeps it.
    scratch.note(&["4.tmg.ア", "説明会", "--at", "2021-10-01T14:00"]);
    let out = stdout_of(scratch.plan().args(["show", "4.tmg.ア"]));
    assert!(out.contains("(last: 2021-10-01 14:00)"), "{out}");
}
