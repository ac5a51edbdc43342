//! `plan report` on a scratch plan with notes (see
//! `common::plan_with_report_notes`): what the report says as of a day,
//! in Markdown, HTML and Excel, and where it writes. The renderers on a
//! hand-made report are tested in `tests/report/`; Chromium opens the
//! command's HTML in `report_browser.rs`.

mod common;

use calamine::{Data, DataType, Reader};
use chrono::NaiveDate;
use common::workbook::{open as workbook, row as sheet_row, sheet, text};
use common::*;
use predicates::str::contains;

const SCRIPT: &str = "<script>alert(1)</script>";

/// `plan report ARGS` (split at spaces) on the scratch plan.
fn report(scratch: &Scratch, args: &str) -> String {
    stdout_of(scratch.plan().arg("report").args(args.split_whitespace()))
}

/// The report without its generation time, the one line that changes
/// from run to run.
fn without_generated(doc: &str) -> String {
    doc.lines()
        .filter(|l| !l.contains("**Generated**") && !l.contains("**作成日時**"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The cells of the Markdown table row that starts with these cells.
fn row(doc: &str, start: &[&str]) -> Vec<String> {
    let prefix = format!("| {} |", start.join(" | "));
    let found: Vec<&str> = doc.lines().filter(|l| l.starts_with(&prefix)).collect();
    assert_eq!(found.len(), 1, "one row starts with {prefix}:\n{doc}");
    let line = found[0];
    line[2..line.len() - 2]
        .split(" | ")
        .map(str::to_string)
        .collect()
}

/// `plan report ARGS` is a usage error (exit 2) that says `message` and
/// prints nothing.
fn refused(scratch: &Scratch, args: &[&str], message: &str) {
    scratch
        .plan()
        .arg("report")
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(message));
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

#[test]
fn markdown_names_the_plan_the_fiscal_year_and_the_day() {
    let scratch = plan_with_report_notes();
    let doc = report(&scratch, "--as-of 2021-09-30");
    let head: Vec<&str> = doc.lines().take(6).collect();
    assert_eq!(head[0], "# FY2021 implementation plan: progress report");
    assert_eq!(
        head[2],
        "- **Plan**: 東京における働き方改革推進等に関する連携協定に基づく実施計画"
    );
    assert_eq!(head[3], "- **Fiscal year**: FY2021");
    assert_eq!(head[4], "- **As of**: 2021-09-30");
    assert!(head[5].starts_with("- **Generated**: 20"), "{doc}");

    let ja =
        stdout_of(
            scratch
                .plan()
                .args(["--lang", "ja", "report", "--as-of", "令和3年9月30日"]),
        );
    assert!(ja.starts_with("# 令和3年度 実施計画 進捗報告\n"), "{ja}");
    assert!(ja.contains("- **年度**: 令和3年度（2021年度）\n"), "{ja}");
    assert!(ja.contains("- **基準日**: 2021-09-30\n"), "{ja}");
    assert!(ja.contains("### 都の取組") && ja.contains("### 東京商工会議所の取組"));
}

#[test]
fn each_measure_has_its_status_last_note_and_latest_result() {
    let scratch = plan_with_report_notes();
    let doc = report(&scratch, "--as-of 2021-09-30");
    assert_eq!(
        row(&doc, &["2.tmg.ア"])[2..],
        ["● done", "2021-09-15", "通年で運営", "2"]
    );
    // Its status comes from its sub-items, and the report says so.
    let four = row(&doc, &["2.tmg.イ"]);
    assert_eq!(
        four[2..],
        [
            "◐ active<br>2 of 4 sub-items done",
            "2021-07-01",
            "宣言企業 100 社",
            "2"
        ]
    );
    assert!(
        four[1].contains("<br>・「テレワーク東京ルール実践企業」宣言制度の普及（● done）<br>・テレワークの導入や運用時の課題解決の支援（○ planned）"),
        "{four:?}"
    );
    // A status-only note sets the status; the result is the last text.
    assert_eq!(
        row(&doc, &["5.tmg.ア"])[2..],
        ["● done", "2021-06-30", "説明会を開催", "2"]
    );
    assert_eq!(
        row(&doc, &["1.tcci.ウ"])[2..],
        ["✕ dropped", "2021-05-20", "中止となった", "1"]
    );
    assert_eq!(row(&doc, &["2.tcci.ア"])[2..], ["○ planned", "-", "-", "0"]);
    let ja = stdout_of(
        scratch
            .plan()
            .args(["--lang", "ja", "report", "--as-of", "2021-09-30"]),
    );
    assert_eq!(
        row(&ja, &["2.tmg.イ"])[2],
        "◐ 実施中<br>小項目4件中2件が実施済"
    );
}

#[test]
fn retracted_notes_never_appear_and_amended_ones_show_the_version_in_force() {
    let scratch = plan_with_report_notes();
    for format in ["markdown", "html"] {
        let doc = report(
            &scratch,
            &format!("--as-of 2021-09-30 --notes all --format {format}"),
        );
        assert!(
            !doc.contains("誤って記録した完了"),
            "{format}: a retracted note"
        );
        assert!(!doc.contains("別の取組の記録"), "{format}: the retraction");
        assert!(!doc.contains("20 社"), "{format}: an amended version");
        assert!(doc.contains("認定企業 21 社を公表"), "{format}");
        assert!(
            doc.contains("https://www.hataraku.metro.tokyo.lg.jp/"),
            "{format}: the amendment keeps the link"
        );
    }
    let doc = report(&scratch, "--as-of 2021-09-30 --notes all");
    // The retracted note set nothing and counts as no note.
    assert_eq!(row(&doc, &["6.tcci.ア"])[2..], ["○ planned", "-", "-", "0"]);
    assert_eq!(
        row(&doc, &["4.tmg.ア"])[2..],
        ["● done", "2021-08-20", "認定企業 21 社を公表", "1"]
    );
    // Every note, oldest first, with its author, the sub-item it is on,
    // its status and its link.
    let notes = doc
        .split("- **2.tmg.イ**\n")
        .nth(1)
        .expect("the notes of 2.tmg.イ");
    let lines: Vec<&str> = notes.lines().take(2).collect();
    assert_eq!(
        lines,
        [
            "  - 2021-06-10 10:00 · 佐藤 · 2.tmg.イ.3 · ● done: 地域セミナー開催（3回）",
            "  - 2021-07-01 10:00 · テスト · 2.tmg.イ.1 · ● done: 宣言企業 100 社",
        ]
    );
    assert!(
        doc.contains("  - 2021-08-20 17:00 · テスト · ● done: 認定企業 21 社を公表 [https://www.hataraku.metro.tokyo.lg.jp/](https://www.hataraku.metro.tokyo.lg.jp/)\n"),
        "{doc}"
    );
    // A date-only note is shown without a time; a status-only one, without text.
    assert!(doc.contains("  - 2021-06-30 · テスト · ● done\n"), "{doc}");
    // Without --notes all, only the latest result.
    let latest = report(&scratch, "--as-of 2021-09-30");
    assert!(!latest.contains("推進センター開所"), "{latest}");
}

#[test]
fn as_of_replays_the_notes_up_to_that_day() {
    let scratch = plan_with_report_notes();
    let june = report(&scratch, "--as-of 2021-06-30");
    let september = report(&scratch, "--as-of 2021-09-30");
    // 2.tmg.ア became done on 09-15.
    assert_eq!(
        row(&june, &["2.tmg.ア"])[2..],
        ["◐ active", "2021-05-01", "推進センター開所", "1"]
    );
    assert_eq!(row(&september, &["2.tmg.ア"])[2], "● done");
    // Sub-item 1 was done on 07-01.
    assert_eq!(
        row(&june, &["2.tmg.イ"])[2],
        "◐ active<br>1 of 4 sub-items done"
    );
    assert_eq!(row(&june, &["4.tmg.ア"])[2..], ["○ planned", "-", "-", "0"]);
    assert_eq!(
        row(&june, &["2", "テレワークの推進", "東京都"])[3..],
        ["4", "0", "2", "2", "0", "0", "0%", "6%"]
    );
    assert_eq!(
        row(&september, &["2", "テレワークの推進", "東京都"])[3..],
        ["4", "1", "1", "2", "0", "0", "25%", "38%"]
    );
    // A month means its last day.
    assert_eq!(
        without_generated(&report(&scratch, "--as-of 2021-06")),
        without_generated(&june)
    );
    refused(
        &scratch,
        &["--as-of", "2021-06-31"],
        "--as-of: 2021-06-31 does not exist",
    );
}

#[test]
fn the_summary_counts_as_plan_status_does() {
    let scratch = plan_with_report_notes();
    let doc = report(&scratch, "--as-of 2021-09-30");
    let status =
        json_array_of(
            scratch
                .plan()
                .args(["status", "--as-of", "2021-09-30", "--format", "json"]),
        );
    assert_eq!(status.len(), 6 * 2 + 3);
    let names = |p: &str| match p {
        "tmg" => "東京都",
        "tcci" => "東京商工会議所",
        _ => "All",
    };
    for s in &status {
        let start: Vec<String> = match s["section"].as_u64() {
            Some(n) => vec![n.to_string(), str_field(s, "title").to_string()],
            None => vec![String::new(), "**Total**".into()],
        };
        let mut start: Vec<&str> = start.iter().map(String::as_str).collect();
        start.push(names(str_field(s, "party")));
        let counts: Vec<String> = [
            "measures", "done", "active", "planned", "blocked", "dropped",
        ]
        .iter()
        .map(|k| s[*k].to_string())
        .chain(
            ["percent", "progress"]
                .iter()
                .map(|k| format!("{}%", s[*k])),
        )
        .collect();
        assert_eq!(row(&doc, &start)[3..], counts, "{s}");
    }
    // By hand: 都 has 3 done (2.ア, 4.ア, 5.ア) and 2.イ half done of 25;
    // 東商 one dropped; all 3 done of 50 live measures, progress 3.5 / 50.
    assert_eq!(
        row(&doc, &["", "**Total**", "東京都"])[3..],
        ["25", "3", "1", "21", "0", "0", "12%", "14%"]
    );
    assert_eq!(
        row(&doc, &["", "**Total**", "All"])[3..],
        ["51", "3", "2", "45", "0", "1", "6%", "7%"]
    );
}

#[test]
fn the_timeline_has_a_point_per_month_up_to_the_day() {
    let scratch = plan_with_report_notes();
    let doc = report(&scratch, "--as-of 2021-09-30");
    let timeline: Vec<Vec<String>> = ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]
        .iter()
        .map(|m| row(&doc, &[&format!("{m} 2021")])[1..].to_vec())
        .collect();
    // Done (cumulative) and active at each month's end, of 51; the
    // retracted done of 07-20 never counts.
    let expected = [
        ["0", "0"],
        ["0", "1"],
        ["1", "2"],
        ["1", "2"],
        ["2", "3"],
        ["3", "2"],
    ];
    for (got, want) in timeline.iter().zip(expected) {
        assert_eq!(got[..2], want);
        assert_eq!(got[2], "51");
    }
    assert!(!doc.contains("| Oct 2021 |"), "{doc}");
    // Mid-month, the last point is that day.
    let mid = report(&scratch, "--as-of 2021-09-10");
    assert_eq!(row(&mid, &["Sep 2021"])[1..3], ["2", "3"]);
    // After the fiscal year, its twelve months; before it, none.
    let after = report(&scratch, "--as-of 2022-06-30");
    assert_eq!(row(&after, &["Mar 2022"])[1..], ["3", "2", "51"]);
    assert_eq!(
        after.matches(" 2021 | ").count() + after.matches(" 2022 | ").count(),
        12
    );
    assert!(!after.contains("| Apr 2022 |"), "{after}");
    let before = report(&scratch, "--as-of 2021-03-31");
    // Before the year: allowed, with a note (not silent zeros).
    scratch
        .plan()
        .args(["report", "--as-of", "2021-03-31"])
        .assert()
        .success()
        .stderr(contains("--as-of 2021-03-31 is before FY2021"));
    assert!(
        !before.contains("## Progress over the fiscal year"),
        "{before}"
    );
    assert_eq!(row(&before, &["2.tmg.ア"])[2], "○ planned");
}

#[test]
fn a_period_without_notes_shows_every_measure_planned() {
    let scratch = plan_with_report_notes();
    let doc = report(&scratch, "--as-of 2021-04-30");
    assert_eq!(
        row(&doc, &["", "**Total**", "All"])[3..],
        ["51", "0", "0", "51", "0", "0", "0%", "0%"]
    );
    assert_eq!(row(&doc, &["Apr 2021"])[1..], ["0", "0", "51"]);
    assert!(!doc.contains("| May 2021 |"));
    assert_eq!(row(&doc, &["2.tmg.ア"])[2..], ["○ planned", "-", "-", "0"]);
    assert!(!doc.contains(SCRIPT) && !doc.contains("&lt;script"));
    // A plan without any notes, in every format.
    let empty = copy_plan();
    for format in ["markdown", "html"] {
        let out = stdout_of(empty.plan().args(["report", "--format", format]));
        assert!(out.contains("2.tmg.イ"), "{format}");
    }
    empty
        .plan()
        .args(["report", "--format", "xlsx"])
        .assert()
        .success();
}

#[test]
fn hostile_text_stays_text_in_every_format() {
    let scratch = plan_with_report_notes();
    let args = "--as-of 2021-09-30 --notes all";
    let md = report(&scratch, args);
    assert!(!md.contains("<script"), "{md}");
    assert_eq!(
        row(&md, &["3.tcci.ア"])[4],
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    );
    let html = report(&scratch, &format!("{args} --format html"));
    assert!(!html.contains("<script"), "a script element");
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    let path_arg = path.to_str().unwrap();
    scratch
        .plan()
        .arg("report")
        .args(args.split_whitespace())
        .args(["--format", "xlsx", "--output", path_arg])
        .assert()
        .success();
    let mut book = workbook(&std::fs::read(&path).unwrap());
    let measures = sheet(&mut book, "Measures");
    assert_eq!(text(&sheet_row(&measures, "3.tcci.ア")[7]), SCRIPT);
}

#[test]
fn the_workbook_holds_the_measures_and_the_summary_as_values() {
    let scratch = plan_with_report_notes();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.xlsx");
    scratch
        .plan()
        .args([
            "--lang",
            "ja",
            "report",
            "--format",
            "xlsx",
            "--as-of",
            "2021-09-30",
        ])
        .arg("--output")
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let mut book = workbook(&std::fs::read(&path).unwrap());
    assert_eq!(book.sheet_names(), ["概要", "取組"]);
    let measures = sheet(&mut book, "取組");
    assert_eq!(measures.height(), 1 + 51);
    let four = sheet_row(&measures, "2.tmg.イ");
    assert_eq!(four[1], Data::Float(2.0));
    assert_eq!(text(&four[2]), "東京都");
    assert_eq!(text(&four[5]), "実施中");
    assert_eq!(four[6].as_date(), Some(day(2021, 7, 1)));
    assert_eq!(text(&four[7]), "宣言企業 100 社");
    assert_eq!(four[8], Data::Float(2.0));
    assert_eq!(
        text(&four[4]).lines().nth(2),
        Some("・地域におけるテレワーク体験型セミナーの実施（実施済）")
    );
    let amended = sheet_row(&measures, "4.tmg.ア");
    assert_eq!(text(&amended[5]), "実施済");
    assert_eq!(text(&amended[7]), "認定企業 21 社を公表");
    assert_eq!(sheet_row(&measures, "6.tcci.ア")[6], Data::Empty);

    let summary = sheet(&mut book, "概要");
    let rows: Vec<&[Data]> = summary.rows().collect();
    assert_eq!(text(&rows[0][0]), "令和3年度 実施計画 進捗報告");
    assert_eq!(text(&rows[3][0]), "基準日: 2021-09-30");
    let numbers = |r: &[Data]| -> Vec<f64> {
        r[3..]
            .iter()
            .map(|c| c.get_float().unwrap_or(f64::NAN))
            .collect()
    };
    let data = &rows[7..];
    assert_eq!(data.len(), 15);
    // Section 2, 都: 4 measures, 1 done, 1 active, 2 planned; 25 %, 38 %.
    assert_eq!(
        (data[2][0].clone(), text(&data[2][2])),
        (Data::Float(2.0), "東京都")
    );
    assert_eq!(numbers(data[2]), [4.0, 1.0, 1.0, 2.0, 0.0, 0.0, 0.25, 0.38]);
    assert_eq!((text(&data[14][1]), text(&data[14][2])), ("合計", "計"));
    assert_eq!(
        numbers(data[14]),
        [51.0, 3.0, 2.0, 45.0, 0.0, 1.0, 0.06, 0.07]
    );

    // With every note, a sheet of notes in force, under the sub-item's ID.
    let all = dir.path().join("all.xlsx");
    scratch
        .plan()
        .args([
            "report",
            "--format",
            "xlsx",
            "--notes",
            "all",
            "--as-of",
            "2021-09-30",
        ])
        .arg("-o")
        .arg(&all)
        .assert()
        .success();
    let mut book = workbook(&std::fs::read(&all).unwrap());
    let notes = sheet(&mut book, "Notes");
    assert_eq!(notes.height(), 1 + 9, "ten notes recorded, one retracted");
    let ids: Vec<&str> = notes.rows().skip(1).map(|r| text(&r[0])).collect();
    assert!(
        ids.contains(&"2.tmg.イ.3") && !ids.contains(&"6.tcci.ア"),
        "{ids:?}"
    );
}

#[test]
fn the_notes_sheet_holds_real_dates_and_formulas_stay_text() {
    let scratch = copy_plan();
    scratch.note(&[
        "--at",
        "2021-06-15T10:30",
        "2.イ",
        "--",
        "=HYPERLINK(\"http://x\")",
    ]);
    scratch.note(&["--at", "2021-06-16", "2.ア", "--", "-10% の削減"]);
    scratch.note(&[
        "--at",
        "2021-06-17T09:00",
        "2.ア",
        "@SUM(1+1)",
        "--author",
        "+81",
    ]);
    let out = scratch
        .plan()
        .args([
            "--lang", "ja", "report", "--format", "xlsx", "--notes", "all",
        ])
        .args(["--as-of", "2021-09-30"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut book = workbook(&out);
    let notes = sheet(&mut book, "記録");
    let header: Vec<&str> = notes.rows().next().unwrap().iter().map(text).collect();
    assert_eq!(header[1], "日時");
    let at = |id: &str, text_: &str| {
        notes
            .rows()
            .find(|r| text(&r[0]) == id && text(&r[4]) == text_)
            .unwrap_or_else(|| panic!("{id} {text_}"))
            .to_vec()
    };
    // Date cells, not text: with the time, or a date alone.
    let timed = at("2.tmg.イ", "=HYPERLINK(\"http://x\")");
    assert!(timed[1].is_datetime(), "{:?}", timed[1]);
    assert_eq!(
        timed[1].as_datetime(),
        day(2021, 6, 15).and_hms_opt(10, 30, 0),
        "{:?}",
        timed[1]
    );
    let dated = at("2.tmg.ア", "-10% の削減");
    assert!(dated[1].is_datetime(), "{:?}", dated[1]);
    assert_eq!(dated[1].as_date(), Some(day(2021, 6, 16)));
    // Cells that would be formulas in a CSV are strings in the workbook.
    let signed = at("2.tmg.ア", "@SUM(1+1)");
    assert_eq!(text(&signed[2]), "+81");
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name}: no formula"
        );
    }
}

#[test]
fn the_report_writes_dates_in_the_chosen_date_style() {
    let scratch = plan_with_report_notes();
    let args = [
        "--lang",
        "ja",
        "report",
        "--as-of",
        "2021-09-30",
        "--notes",
        "all",
    ];
    let by_flag = |format: &str| {
        stdout_of(
            scratch
                .plan()
                .args(["--date-style", "wareki"])
                .args(args)
                .args(["--format", format]),
        )
    };
    let by_env = |format: &str| {
        stdout_of(
            scratch
                .plan()
                .env("PLAN_DATE_STYLE", "wareki")
                .args(args)
                .args(["--format", format]),
        )
    };
    for doc in [by_flag("markdown"), by_env("markdown")] {
        assert!(doc.contains("- **基準日**: 令和3年9月30日"), "{doc}");
        assert!(
            doc.lines().any(|l| l.starts_with("- **作成日時**: 令和")),
            "{doc}"
        );
        // The measure's last note (2021-07-01) and its notes' dates.
        assert_eq!(row(&doc, &["2.tmg.イ"])[3], "令和3年7月1日", "{doc}");
        assert!(!doc.contains("2021-07-01"), "{doc}");
    }
    for page in [by_flag("html"), by_env("html")] {
        assert!(page.contains("<dd>令和3年9月30日</dd>"), "as of");
        assert!(page.contains("<td>令和3年7月1日</td>"), "last note");
        assert!(!page.contains("2021-07-01"), "no ISO date is left");
    }
    // ISO stays the default.
    let doc = report(&scratch, "--as-of 2021-09-30");
    assert!(doc.contains("- **As of**: 2021-09-30"), "{doc}");
}

#[test]
fn every_bar_of_the_completion_chart_names_its_party() {
    let scratch = plan_with_report_notes();
    for lang in ["ja", "en"] {
        let page = stdout_of(
            scratch
                .plan()
                .args(["--lang", lang, "report", "--format", "html"]),
        );
        let labels: Vec<&str> = page
            .split(r#"text-anchor="end" font-size="11">"#)
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .collect();
        assert_eq!(labels.len(), 6 * 2 + 2 + 1, "{lang}: {labels:?}");
        let unique: std::collections::BTreeSet<&str> = labels.iter().copied().collect();
        assert_eq!(unique.len(), labels.len(), "{lang}: {labels:?}");
        let section3: Vec<&&str> = labels.iter().filter(|l| l.starts_with("3 ")).collect();
        assert_eq!(section3.len(), 2, "{labels:?}");
        assert!(section3[0].ends_with(" · 都"), "{section3:?}");
        assert!(section3[1].ends_with(" · 東商"), "{section3:?}");
    }
}

#[test]
fn a_workbook_goes_to_a_file_or_a_pipe_never_a_terminal() {
    let scratch = plan_with_report_notes();
    // Piped: the workbook's bytes.
    let out = scratch
        .plan()
        .args(["report", "--format", "xlsx"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(out.starts_with(b"PK\x03\x04"), "a zip");
    let mut book = workbook(&out);
    assert_eq!(book.sheet_names(), ["Summary", "Measures"]);
    assert_eq!(sheet(&mut book, "Measures").height(), 1 + 51);
    // On a terminal: a usage error, and nothing written.
    if !installed("script", "bsdutils") {
        return;
    }
    let bin = plan_bin();
    let shown = std::process::Command::new("script")
        .args([
            "-qec",
            &format!(
                "{} --plan {} report --format xlsx; echo exit=$?",
                bin.display(),
                scratch.plan_dir().display()
            ),
            "/dev/null",
        ])
        .env("NO_COLOR", "1")
        .env("PLAN_CONFIG", NO_USER_CONFIG)
        .env_remove("PLAN_LANG")
        .env("LANG", "C")
        .output()
        .expect("script(1) from util-linux");
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.contains("exit=2"), "{shown}");
    assert!(shown.contains("an Excel workbook is binary"), "{shown}");
    assert!(!shown.contains("PK"), "{shown}");
}

#[test]
fn output_replaces_the_file_at_once_and_leaves_nothing_else() {
    let scratch = plan_with_report_notes();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.md");
    std::fs::write(&path, "an older report\n").unwrap();
    scratch
        .plan()
        .args(["report", "--as-of", "2021-09-30", "--output"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        without_generated(&written),
        without_generated(&report(&scratch, "--as-of 2021-09-30"))
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["report.md"], "no temporary file left behind");
    // A directory that does not exist: exit 2, nothing written.
    let missing = dir.path().join("missing/report.html");
    let args = ["--format", "html", "--output", &missing.to_string_lossy()];
    refused(&scratch, &args, "cannot write");
}

#[test]
fn party_and_section_narrow_the_report() {
    let scratch = plan_with_report_notes();
    let doc = report(&scratch, "--as-of 2021-09-30 --party 東商 --section 2-3");
    assert!(
        doc.contains("## 2 テレワークの推進") && doc.contains("## 3 "),
        "{doc}"
    );
    assert!(!doc.contains("## 1 ") && !doc.contains("## 4 "), "{doc}");
    assert!(
        !doc.contains("### 都の取組") && !doc.contains("2.tmg."),
        "{doc}"
    );
    assert_eq!(
        row(&doc, &["", "**Total**", "東京商工会議所"])[3..],
        ["10", "0", "1", "9", "0", "0", "0%", "0%"]
    );
    assert!(!doc.contains("| All |"), "one party: no all-party total");
    // The timeline counts the measures covered.
    assert_eq!(row(&doc, &["Sep 2021"])[1..], ["0", "1", "10"]);
    refused(&scratch, &["--section", "9"], "`9` is not a section");
}

#[test]
fn html_has_the_charts_and_each_measure_anchored_with_its_status() {
    let scratch = plan_with_report_notes();
    let html = report(&scratch, "--format html --as-of 2021-09-30");
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<title>FY2021 implementation plan: progress report</title>"));
    assert_eq!(
        html.matches("<svg").count(),
        2 + 5,
        "two charts, five legend swatches"
    );
    let measure = |id: &str| {
        let start = html
            .find(&format!(r#"<tr class="measure" id="m-{id}">"#))
            .unwrap_or_else(|| panic!("no row for {id}"));
        let end = html[start..].find("</tr>").unwrap() + start;
        html[start..end].to_string()
    };
    assert!(measure("2.tmg.ア").contains(r#"<span class="status st-done">"#));
    let four = measure("2.tmg.イ");
    assert!(
        four.contains(r#"<td><span class="status st-active">"#),
        "{four}"
    );
    assert!(
        four.contains(r#"<span class="origin">2 of 4 sub-items done</span>"#),
        "{four}"
    );
    assert!(measure("6.tcci.ア").contains(r#"<span class="status st-planned">"#));
    assert_eq!(html.matches(r#"<tr class="measure""#).count(), 51);
}
