//! `plan status`: counts of measures by status, per section and party, with
//! totals; progress = done ÷ (measures − dropped).

mod common;

use common::*;
use predicates::str::contains;
use serde_json::{Value, json};

/// A copy of the plan with notes in sections 1, 2, 4 and 6.
fn plan_with_progress() -> Scratch {
    let scratch = copy_plan();
    for args in [
        // Section 1, 東商: two done, one dropped, one untouched.
        &[
            "1.tcci.ア",
            "完了",
            "--status",
            "done",
            "--at",
            "2021-06-15T10:00:00+09:00",
        ][..],
        &[
            "1.tcci.イ",
            "完了",
            "--status",
            "done",
            "--at",
            "2021-07-15T10:00:00+09:00",
        ],
        &[
            "1.tcci.ウ",
            "中止",
            "--status",
            "dropped",
            "--at",
            "2021-05-20T10:00:00+09:00",
        ],
        // Section 2, 都: ア active then done; イ active, with a note on a sub-item.
        &[
            "2.tmg.ア",
            "着手",
            "--status",
            "active",
            "--at",
            "2021-05-01T10:00:00+09:00",
        ],
        &[
            "2.tmg.ア",
            "完了",
            "--status",
            "done",
            "--at",
            "2021-09-01T10:00:00+09:00",
        ],
        &[
            "2.tmg.イ",
            "着手",
            "--status",
            "active",
            "--at",
            "2021-06-01T10:00:00+09:00",
        ],
        &[
            "2.tmg.イ.3",
            "セミナー開催",
            "--status",
            "done",
            "--at",
            "2021-06-10T10:00:00+09:00",
        ],
        // Section 4, 東商: a note that sets no status.
        &["4.tcci.エ", "相談対応", "--at", "2021-08-15T10:00:00+09:00"],
        // Section 6, 都: on hold.
        &[
            "6.tmg.キ",
            "保留",
            "--status",
            "blocked",
            "--at",
            "2021-07-01T10:00:00+09:00",
        ],
    ] {
        scratch.note(args);
    }
    scratch
}

/// One status row: section, party, measures, done, active, planned,
/// blocked, dropped, percent, progress, notes, last note (JSON null or a
/// string).
#[allow(clippy::too_many_arguments)]
fn row(
    section: Option<u32>,
    party: &str,
    measures: u32,
    done: u32,
    active: u32,
    planned: u32,
    blocked: u32,
    dropped: u32,
    percent: u32,
    progress: u32,
    notes: u32,
    last: Option<&str>,
) -> Value {
    json!({
        "section": section,
        "party": party,
        "measures": measures,
        "done": done,
        "active": active,
        "planned": planned,
        "blocked": blocked,
        "dropped": dropped,
        "percent": percent,
        "progress": progress,
        "notes": notes,
        "last_note_at": last,
    })
}

/// The rows without their titles (checked separately), for comparison.
fn without_titles(rows: &[Value]) -> Vec<Value> {
    rows.iter()
        .map(|r| {
            let mut r = r.clone();
            r.as_object_mut().unwrap().remove("title");
            r
        })
        .collect()
}

fn status_json(scratch: &Scratch, args: &[&str]) -> Vec<Value> {
    json_array_of(
        scratch
            .plan()
            .arg("status")
            .args(args)
            .args(["--format", "json"]),
    )
}

const SEP: Option<&str> = Some("2021-09-01T10:00:00+09:00");
const JUL15: Option<&str> = Some("2021-07-15T10:00:00+09:00");
const AUG15: Option<&str> = Some("2021-08-15T10:00:00+09:00");
const JUL01: Option<&str> = Some("2021-07-01T10:00:00+09:00");

#[test]
fn status_json_has_a_row_per_section_and_party_and_totals() {
    let scratch = plan_with_progress();
    let rows = status_json(&scratch, &[]);
    assert_eq!(
        without_titles(&rows),
        vec![
            row(Some(1), "tmg", 2, 0, 0, 2, 0, 0, 0, 0, 0, None),
            // 2 done of 4 − 1 dropped = 66.7 % → 67.
            row(Some(1), "tcci", 4, 2, 0, 1, 0, 1, 67, 67, 3, JUL15),
            // The sub-item's note counts as a note, not as a measure's status;
            // progress counts it: (1 done + ¼ of イ's sub-items) / 4 = 31 %.
            row(Some(2), "tmg", 4, 1, 1, 2, 0, 0, 25, 31, 4, SEP),
            row(Some(2), "tcci", 6, 0, 0, 6, 0, 0, 0, 0, 0, None),
            row(Some(3), "tmg", 3, 0, 0, 3, 0, 0, 0, 0, 0, None),
            row(Some(3), "tcci", 4, 0, 0, 4, 0, 0, 0, 0, 0, None),
            row(Some(4), "tmg", 6, 0, 0, 6, 0, 0, 0, 0, 0, None),
            row(Some(4), "tcci", 4, 0, 0, 4, 0, 0, 0, 0, 1, AUG15),
            row(Some(5), "tmg", 3, 0, 0, 3, 0, 0, 0, 0, 0, None),
            row(Some(5), "tcci", 3, 0, 0, 3, 0, 0, 0, 0, 0, None),
            row(Some(6), "tmg", 7, 0, 0, 6, 1, 0, 0, 0, 1, JUL01),
            row(Some(6), "tcci", 5, 0, 0, 5, 0, 0, 0, 0, 0, None),
            // 1 / 25 = 4 %; 2 / 25 = 8 %; 3 / 50 = 6 %; progress 1.25 / 25 = 5 %,
            // 3.25 / 50 = 6.5 → 7 %.
            row(None, "tmg", 25, 1, 1, 22, 1, 0, 4, 5, 5, SEP),
            row(None, "tcci", 26, 2, 0, 23, 0, 1, 8, 8, 4, AUG15),
            row(None, "all", 51, 3, 1, 45, 1, 1, 6, 7, 9, SEP),
        ]
    );
    assert_eq!(rows[2]["title"], "テレワークの推進");
    assert!(rows[14]["title"].is_null());
}

#[test]
fn status_of_an_untouched_plan_is_all_planned() {
    let rows = json_array_of(plan(&shipped_plan()).args(["status", "--format", "json"]));
    assert_eq!(rows.len(), 15);
    let all = rows.last().unwrap();
    assert_eq!(
        without_titles(std::slice::from_ref(all)),
        [row(None, "all", 51, 0, 0, 51, 0, 0, 0, 0, 0, None)]
    );
}

#[test]
fn status_by_party_has_a_row_per_party_and_the_total() {
    let scratch = plan_with_progress();
    let rows = status_json(&scratch, &["--by", "party"]);
    assert_eq!(
        without_titles(&rows),
        vec![
            row(None, "tmg", 25, 1, 1, 22, 1, 0, 4, 5, 5, SEP),
            row(None, "tcci", 26, 2, 0, 23, 0, 1, 8, 8, 4, AUG15),
            row(None, "all", 51, 3, 1, 45, 1, 1, 6, 7, 9, SEP),
        ]
    );
}

#[test]
fn status_by_measure_has_a_row_per_measure_with_its_status() {
    let scratch = plan_with_progress();
    let rows = status_json(&scratch, &["--by", "measure"]);
    assert_eq!(rows.len(), 51);
    let get = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(get("2.tmg.ア")["status"], "done");
    assert_eq!(get("2.tmg.ア")["notes"], 2);
    assert_eq!(get("2.tmg.イ")["status"], "active");
    assert_eq!(get("2.tmg.イ")["notes"], 2);
    assert_eq!(get("1.tcci.ウ")["status"], "dropped");
    assert_eq!(get("6.tmg.キ")["status"], "blocked");
    assert_eq!(get("4.tcci.エ")["status"], "planned");
    assert_eq!(get("4.tcci.エ")["notes"], 1);
    let ids = lines_of(&stdout_of(scratch.plan().args([
        "status",
        "--by",
        "measure",
        "--party",
        "tcci",
        "--section",
        "2",
        "--format",
        "ids",
    ])));
    assert_eq!(
        ids,
        [
            "2.tcci.ア",
            "2.tcci.イ",
            "2.tcci.ウ",
            "2.tcci.エ",
            "2.tcci.オ",
            "2.tcci.カ"
        ]
    );
}

#[test]
fn status_for_one_party_has_no_all_row() {
    let scratch = plan_with_progress();
    let rows = status_json(&scratch, &["--party", "tcci"]);
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().all(|r| r["party"] == "tcci"), "{rows:?}");
    assert_eq!(
        without_titles(&rows[6..]),
        [row(None, "tcci", 26, 2, 0, 23, 0, 1, 8, 8, 4, AUG15)]
    );
    assert_eq!(
        without_titles(&rows[..1]),
        [row(Some(1), "tcci", 4, 2, 0, 1, 0, 1, 67, 67, 3, JUL15)]
    );
}

#[test]
fn status_for_one_section_totals_that_section_only() {
    let scratch = plan_with_progress();
    let rows = status_json(&scratch, &["--section", "2"]);
    assert_eq!(
        without_titles(&rows),
        vec![
            row(Some(2), "tmg", 4, 1, 1, 2, 0, 0, 25, 31, 4, SEP),
            row(Some(2), "tcci", 6, 0, 0, 6, 0, 0, 0, 0, 0, None),
            row(None, "tmg", 4, 1, 1, 2, 0, 0, 25, 31, 4, SEP),
            row(None, "tcci", 6, 0, 0, 6, 0, 0, 0, 0, 0, None),
            // 1 / 10.
            row(None, "all", 10, 1, 1, 8, 0, 0, 10, 13, 4, SEP),
        ]
    );
}

#[test]
fn status_as_of_a_date_replays_only_the_notes_up_to_it() {
    let scratch = plan_with_progress();
    scratch
        .plan()
        .args(["status", "--as-of", "2021-06-30", "--format", "json"])
        .assert()
        .success()
        .stderr(contains("status as of 2021-06-30"));
    let rows = status_json(&scratch, &["--as-of", "2021-06-30"]);
    let june = Some("2021-06-15T10:00:00+09:00");
    let june10 = Some("2021-06-10T10:00:00+09:00");
    assert_eq!(
        without_titles(&rows[..4]),
        vec![
            row(Some(1), "tmg", 2, 0, 0, 2, 0, 0, 0, 0, 0, None),
            // 1.tcci.イ was done on 7-15, after the date: 1 / 3 → 33 %.
            row(Some(1), "tcci", 4, 1, 0, 2, 0, 1, 33, 33, 2, june),
            // 2.tmg.ア was still active; its 9-01 note is not counted.
            row(Some(2), "tmg", 4, 0, 2, 2, 0, 0, 0, 6, 3, june10),
            row(Some(2), "tcci", 6, 0, 0, 6, 0, 0, 0, 0, 0, None),
        ]
    );
    assert_eq!(
        without_titles(&rows[12..]),
        vec![
            row(None, "tmg", 25, 0, 2, 23, 0, 0, 0, 1, 3, june10),
            row(None, "tcci", 26, 1, 0, 24, 0, 1, 4, 4, 2, june),
            row(None, "all", 51, 1, 2, 47, 0, 1, 2, 3, 5, june),
        ]
    );
    // The day itself counts: as of 2021-09-01, 2.tmg.ア is done.
    let rows = status_json(&scratch, &["--as-of", "2021-09-01"]);
    assert_eq!(rows[2]["done"], 1);
    // Before any note, everything is planned.
    let rows = status_json(&scratch, &["--as-of", "2021-04-01"]);
    assert_eq!(
        without_titles(&rows[14..]),
        [row(None, "all", 51, 0, 0, 51, 0, 0, 0, 0, 0, None)]
    );
}

#[test]
fn status_as_of_a_bad_date_is_a_usage_error() {
    plan(&shipped_plan())
        .args(["status", "--as-of", "someday"])
        .assert()
        .code(2)
        .stderr(contains("--as-of: `someday` is not a date"));
}

#[test]
fn status_as_of_a_day_before_the_fiscal_year_says_so() {
    // Allowed (the plan before its year), but never silent zeros.
    plan(&shipped_plan())
        .args(["status", "--as-of", "2020-09-30"])
        .assert()
        .success()
        .stderr(contains(
            "--as-of 2020-09-30 is before FY2021, which begins 2021-04-01",
        ))
        .stderr(contains("a mistyped year?"));
    plan(&shipped_plan())
        .args(["--lang", "ja", "status", "--as-of", "2020-09-30"])
        .assert()
        .success()
        .stderr(contains("の始まり（2021-04-01）より前です"));
    let quiet = plan(&shipped_plan())
        .args(["status", "--as-of", "2021-04-01"])
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    assert!(
        !String::from_utf8(quiet).unwrap().contains("before FY2021"),
        "the first day of the year is in it"
    );
}

#[test]
fn status_markdown_has_a_heading_and_a_row_per_section_and_party() {
    let scratch = plan_with_progress();
    let out =
        stdout_of(
            scratch
                .plan()
                .args(["status", "--as-of", "2021-09-30", "--format", "markdown"]),
        );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "### FY2021 東京における働き方改革推進等に関する連携協定に基づく実施計画: status as of 2021-09-30",
        "{out}"
    );
    assert_eq!(lines[1], "");
    assert_eq!(
        lines[2],
        "| Sec | Title | Party | All | Done | Actv | Plan | Blkd | Drop | Done% | Prog% | Notes | Last |"
    );
    assert!(lines[3].starts_with("| ---: | --- | --- |"), "{out}");
    let table = &lines[2..];
    let body = &table[2..];
    assert_eq!(
        body.len(),
        6 * 2 + 3,
        "a row per section and party, then 3 totals:\n{out}"
    );
    let columns = table[0].matches(" |").count();
    for line in table {
        assert!(line.starts_with('|') && line.ends_with('|'), "{line}");
        assert_eq!(line.matches(" |").count(), columns, "{line}");
        assert!(!line.contains("<br>"), "stacked cells: {line}");
        assert!(!line.contains('#') && !line.contains(".."), "a bar: {line}");
    }
    assert_eq!(
        body[1],
        "| 1 | 「働き方改革」の取組の推進 | TCCI | 4 | 2 | 0 | 1 | 0 | 1 | 67% | 67% | 3 | 2021-07-15 |"
    );
    assert_eq!(
        body[2],
        "| 2 | テレワークの推進 | TMG | 4 | 1 | 1 | 2 | 0 | 0 | 25% | 31% | 4 | 2021-09-01 |"
    );
    assert_eq!(
        body[14],
        "|  | Total | All | 51 | 3 | 1 | 45 | 1 | 1 | 6% | 7% | 9 | 2021-09-01 |"
    );
    let ja = stdout_of(scratch.plan().args([
        "--lang", "ja", "status", "--by", "party", "--as-of", "2021-09", "--format", "markdown",
    ]));
    assert!(
        ja.starts_with("### 令和3年度（2021年度） 東京における働き方改革推進等に関する連携協定に基づく実施計画：2021-09-30 時点の状況\n\n| 主体 | 取組 | 済 | 中 | 未 | 保 | 止 | 達成率 | 進捗率 | 件数 | 最終更新 |\n"),
        "{ja}"
    );
    assert!(
        ja.contains("\n| 都 | 25 | 1 | 1 | 22 | 1 | 0 | 4% | 5% | 5 | 2021-09-01 |\n"),
        "{ja}"
    );
    // Without --as-of, the heading names today.
    let today = stdout_of(scratch.plan().args(["status", "--format", "markdown"]));
    let day = today_in_tokyo().format("%Y-%m-%d").to_string();
    assert!(
        today
            .lines()
            .next()
            .unwrap()
            .ends_with(&format!("status as of {day}")),
        "{today}"
    );
}

#[test]
fn status_table_fits_80_columns_in_english_and_japanese() {
    let scratch = plan_with_progress();
    for lang in ["en", "ja"] {
        for by in ["section", "party", "measure"] {
            let out = stdout_of(
                scratch
                    .plan()
                    .env("COLUMNS", "80")
                    .args(["--lang", lang, "status", "--by", by]),
            );
            assert!(
                max_width(&out) <= 80,
                "--lang {lang} --by {by}: {:#?}",
                lines_wider_than(&out, 80)
            );
        }
    }
    let ja = stdout_of(
        scratch
            .plan()
            .env("COLUMNS", "80")
            .args(["--lang", "ja", "status"]),
    );
    let header = ja.lines().next().unwrap();
    for word in ["節", "主体", "進捗"] {
        assert!(header.contains(word), "{header}");
    }
    assert!(ja.contains("合計") && ja.contains("東商"), "{ja}");
}

#[test]
fn status_table_shows_progress_bars_and_totals() {
    let scratch = plan_with_progress();
    let out = stdout_of(scratch.plan().args(["status", "--by", "party"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2 + 3, "{out}");
    let words: Vec<&str> = lines[0].split_whitespace().collect();
    assert_eq!(
        words,
        [
            "Party", "All", "Done", "Actv", "Plan", "Blkd", "Drop", "Done%", "Prog%", "Notes",
            "Last"
        ]
    );
    // Done% as a bar and a percent, then Prog% (weighted by sub-items).
    assert!(
        lines[2].starts_with("TMG")
            && lines[2].contains(" ....   4%  ")
            && lines[2].contains(" 5% "),
        "{out}"
    );
    assert!(
        lines[3].starts_with("TCCI")
            && lines[3].contains(" ....   8%  ")
            && lines[3].contains(" 8% "),
        "{out}"
    );
    assert!(
        lines[4].starts_with("All")
            && lines[4].contains(" ....   6%  ")
            && lines[4].contains(" 7% "),
        "{out}"
    );
    assert!(lines[4].contains("2021-09-01"), "{out}");
}
