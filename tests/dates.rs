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

#[test]
fn an_era_year_the_era_never_reached_is_refused_with_its_real_name() {
    let scratch = copy_plan();
    // 平成 ended on 2019-04-30: 平成33年 is 令和3年, and 令和 began on 5-01.
    for (flag, input, why) in [
        (
            "--since",
            "H33.8.2",
            "2021-08-02 is not in 平成33年: 平成 ended on 2019-04-30 (2021-08-02 is in 令和3年)",
        ),
        ("--until", "平成31年5月1日", "(2019-05-01 is in 令和元年)"),
        ("--since", "令和元年4月", "令和 began on 2019-05-01"),
    ] {
        scratch
            .plan()
            .args(["log", flag, input])
            .assert()
            .code(2)
            .stdout("")
            .stderr(contains(why));
    }
    scratch
        .plan_as_author()
        .args(["note", "5.tmg.ア", "x", "--at", "H33.8.2"])
        .assert()
        .code(2)
        .stderr(contains("平成 ended on 2019-04-30"));
    assert!(!scratch.notes_dir().exists(), "nothing was written");
    // The last day of 平成 and the first of 令和 are days.
    for input in ["H31.4.30", "平成31年4月", "R1.5.1", "令和元年5月"] {
        scratch
            .plan()
            .args(["log", "--since", input])
            .assert()
            .success();
    }
}

#[test]
fn the_at_error_suggests_only_forms_at_takes() {
    let scratch = copy_plan();
    for input in ["sometime", "2021-06x", "R3.6.15 noon"] {
        let out = scratch
            .plan_as_author()
            .args(["note", "5.tmg.ア", "x", "--at", input])
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8(out).unwrap();
        assert!(err.contains("is not a date or time"), "{input}: {err}");
        assert!(err.contains("2021-06-15T10:00"), "{input}: {err}");
        // --at refuses a month, so it must not suggest one.
        assert!(!err.contains("2021-06,"), "{input}: {err}");
    }
    // --since takes a month, and says so.
    scratch
        .plan()
        .args(["log", "--since", "sometime"])
        .assert()
        .code(2)
        .stderr(contains("2021-06,"));
}

#[test]
fn a_note_from_a_clock_a_few_minutes_fast_passes_note_and_check_alike() {
    // One rule for `plan note` and `plan check`: a moment up to a few
    // minutes ahead is clock skew, not the future. The plan is moved to
    // the current fiscal year so that now is inside it.
    let scratch = copy_plan();
    let today = today_in_tokyo();
    let fy = if chrono::Datelike::month(&today) >= 4 {
        chrono::Datelike::year(&today)
    } else {
        chrono::Datelike::year(&today) - 1
    };
    let toml = scratch.plan_dir().join("plan.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let text = text
        .replace("fiscal_year = 2021", &format!("fiscal_year = {fy}"))
        .replace("effective = 2021-04-01", &format!("effective = {fy}-04-01"));
    std::fs::write(&toml, text).unwrap();
    let ahead = (chrono::Utc::now() + chrono::Duration::minutes(3))
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap())
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    scratch.note(&["5.tmg.ア", "数分進んだ時計で記録", "--at", &ahead]);
    scratch
        .plan()
        .args(["check", "--deny-warnings"])
        .assert()
        .success()
        .stdout(contains("0 errors, 0 warnings"));
    // Beyond the skew, both call it the future.
    let later = (chrono::Utc::now() + chrono::Duration::minutes(30))
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap())
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    scratch
        .plan_as_author()
        .args(["note", "5.tmg.ア", "x", "--at", &later])
        .assert()
        .code(2)
        .stderr(contains("is in the future"));
    scratch.note(&["5.tmg.ア", "予定", "--at", &later, "--allow-future"]);
    scratch
        .plan()
        .args(["check", "--deny-warnings"])
        .assert()
        .code(1)
        .stdout(contains("is dated in the future"));
}
