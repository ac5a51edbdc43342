//! `report::markdown`: structure that survives any data, one summary row per
//! section and party, notes only when asked for, both languages.

use plan::i18n::Lang;
use plan::report::{NotesMode, markdown};

use crate::sample::{self, FOUR_ITEMS, SCRIPT};

/// A table row's cells, split at the pipes that are not escaped.
fn cells(line: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            c => {
                if let Some(last) = cells.last_mut() {
                    last.push(c);
                }
            }
        }
        escaped = c == '\\' && !escaped;
    }
    // Drop what is outside the leading and trailing pipes.
    cells.remove(0);
    cells.pop();
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// Every table in the document: its lines, header first.
fn tables(doc: &str) -> Vec<Vec<&str>> {
    let mut tables: Vec<Vec<&str>> = Vec::new();
    let mut in_table = false;
    for line in doc.lines() {
        if line.starts_with('|') {
            if !in_table {
                tables.push(Vec::new());
            }
            if let Some(t) = tables.last_mut() {
                t.push(line);
            }
            in_table = true;
        } else {
            in_table = false;
        }
    }
    tables
}

/// The lines of the section under `heading` (up to the next `## `).
fn under<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?} in\n{doc}"));
    let rest = &doc[start + heading.len()..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn the_summary_has_one_row_per_section_and_party_then_the_totals() {
    let doc = markdown::render(&sample::report(Lang::Ja, NotesMode::Latest));
    let summary = under(&doc, "## 概要");
    let table = &tables(summary)[0];
    assert_eq!(
        cells(table[0]),
        [
            "節",
            "節名",
            "主体",
            "取組数",
            "● 実施済",
            "◐ 実施中",
            "○ 未着手",
            "‖ 保留",
            "✕ 中止",
            "達成率",
            "進捗率"
        ]
    );
    let rows = &table[2..];
    assert_eq!(rows.len(), 6 * 2 + 2 + 1, "{summary}");
    assert!(rows.iter().all(|r| !r.contains("<br>")), "no stacked cells");
    // Section 2, 都: ア done, イ active (3 of its 4 sub-items done), ウ planned.
    assert_eq!(
        cells(rows[2]),
        [
            "2",
            "テレワークの推進",
            "東京都",
            "3",
            "1",
            "1",
            "1",
            "0",
            "0",
            "33%",
            "58%"
        ]
    );
    assert_eq!(
        cells(rows[3])[..4],
        ["2", "テレワークの推進", "東京商工会議所", "2"]
    );
    // Totals: 19 measures, 5 done, 1 dropped → 5 ÷ 18.
    assert_eq!(
        cells(rows[14]),
        [
            "",
            "**合計**",
            "計",
            "19",
            "5",
            "5",
            "7",
            "1",
            "1",
            "27%",
            "34%"
        ]
    );
    assert_eq!(cells(rows[12])[..4], ["", "**合計**", "東京都", "12"]);
}

#[test]
fn the_heading_names_the_year_the_day_and_when_it_was_made() {
    let doc = markdown::render(&sample::report(Lang::Ja, NotesMode::Latest));
    let top: Vec<&str> = doc.lines().take(6).collect();
    assert_eq!(top[0], "# 令和3年度 実施計画 進捗報告");
    assert!(
        top.contains(&"- **年度**: 令和3年度（2021年度）"),
        "{top:?}"
    );
    assert!(top.contains(&"- **基準日**: 2021-10-31"));
    assert!(top.contains(&"- **作成日時**: 2021-11-01 09:30 +09:00"));
}

#[test]
fn each_measure_shows_status_last_note_latest_result_and_sub_items() {
    let doc = markdown::render(&sample::report(Lang::Ja, NotesMode::Latest));
    let row = doc
        .lines()
        .find(|l| l.starts_with(&format!("| {FOUR_ITEMS} |")))
        .expect("a row for 2.tmg.イ");
    let c = cells(row);
    assert!(
        c[1].starts_with("イ　企業におけるテレワークの導入・定着に向けた支援<br>"),
        "{row}"
    );
    assert_eq!(c[1].matches("<br>・").count(), 4);
    assert!(c[1].contains("・テレワークの機器導入経費補助（○ 未着手）"));
    assert!(c[1].contains("・地域におけるテレワーク体験型セミナーの実施（● 実施済）"));
    assert_eq!(c[2], "◐ 実施中<br>小項目4件中3件が実施済");
    assert_eq!(c[3], "2021-07-01");
    assert_eq!(c[4], "地域セミナー開催（3回）");
    assert_eq!(c[5], "2");
    // A measure without notes.
    let quiet = doc
        .lines()
        .find(|l| l.starts_with("| 2.tmg.ウ |"))
        .expect("2.tmg.ウ");
    assert_eq!(cells(quiet)[2..], ["○ 未着手", "-", "-", "0"]);
}

#[test]
fn hostile_text_stays_text_and_every_table_keeps_its_columns() {
    for mode in [NotesMode::Latest, NotesMode::All] {
        let doc = markdown::render(&sample::report(Lang::Ja, mode));
        assert!(!doc.contains(SCRIPT), "raw <script> in {mode:?}");
        assert!(!doc.contains("<b>"));
        assert!(doc.contains("告知文を差し替え &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(doc.contains("認定企業 20 社を公表 \"&amp;'"));
        // Control characters are shown, never passed through.
        assert!(!doc.contains(['\u{1b}', '\u{7}', '\u{202E}']));
        assert!(
            doc.contains("延期\\\\u{1b}\\[31m\\\\u{7}\\\\u{202e}逆"),
            "{doc}"
        );
        // The note full of Markdown stays inside its cell.
        assert!(doc.contains("\\| \\# 見出しではない<br>\\- 箇条でもない<br>\\*強調\\* でもない"));
        for table in tables(&doc) {
            let width = cells(table[0]).len();
            for line in &table {
                assert_eq!(cells(line).len(), width, "{line}");
            }
        }
        // Only the renderer's own lines start a heading or a list.
        for line in doc.lines() {
            if line.starts_with('#') {
                assert!(
                    line.starts_with("# ") || line.starts_with("## ") || line.starts_with("### "),
                    "{line}"
                );
            }
        }
    }
}

#[test]
fn every_note_shows_only_when_asked_for_in_date_order() {
    let latest = markdown::render(&sample::report(Lang::Ja, NotesMode::Latest));
    assert!(
        !latest.contains("セミナー実施"),
        "an older note in the Latest report"
    );
    assert!(!latest.contains("\n記録:\n"));

    let all = markdown::render(&sample::report(Lang::Ja, NotesMode::All));
    let older = all
        .find("  - 2021-06-15 10:00 · 山田 · ◐ 実施中: セミナー実施")
        .expect("the first note of 2.tmg.イ");
    let newer = all
        .find("  - 2021-07-01 10:00 · 佐藤: 地域セミナー開催（3回）")
        .expect("the second note of 2.tmg.イ");
    assert!(older < newer);
    assert!(
        all.contains(&sample::long_note()),
        "the 2,000-character note in full"
    );
    assert!(
        all.contains("&lt;b&gt;鈴木&lt;/b&gt;"),
        "the author escaped"
    );
    // A web link is a link; anything else is text.
    assert!(all.contains(
        " [https://www.hataraku.metro.tokyo.lg.jp/](https://www.hataraku.metro.tokyo.lg.jp/)"
    ));
    assert!(all.contains(" (javascript:alert(1))"));
    assert!(!all.contains("](javascript"));
}

#[test]
fn english_uses_english_words_and_keeps_the_plans_japanese() {
    let doc = markdown::render(&sample::report(Lang::En, NotesMode::All));
    assert!(doc.starts_with("# FY2021 implementation plan: progress report\n"));
    assert!(doc.contains("## Summary\n"));
    assert!(doc.contains("| Sec | Title | Party | Measures | ● done | ◐ active | ○ planned | ‖ blocked | ✕ dropped | Done% | Progress% |"));
    assert!(doc.contains("◐ active<br>3 of 4 sub-items done"));
    assert!(doc.contains("| **Total** | All | 19 |"));
    assert!(doc.contains("### 都の取組"), "plan text stays as written");
    for ja in ["概要", "実施済", "基準日", "合計"] {
        assert!(!doc.contains(ja), "{ja} in the English report");
    }
}

#[test]
fn an_empty_period_reports_zeros() {
    let mut report = sample::empty(Lang::Ja);
    let doc = markdown::render(&report);
    let summary = under(&doc, "## 概要");
    for row in &tables(summary)[0][2..] {
        let c = cells(row);
        assert_eq!(c[4], "0", "{row}");
        assert_eq!(c[9..], ["0%", "0%"], "{row}");
    }
    assert!(under(&doc, "## 月別の推移").contains("| 2021年4月 | 0 | 0 | 19 |"));
    assert!(!doc.contains("NaN"));

    report.timeline.clear();
    let doc = markdown::render(&report);
    assert!(!doc.contains("## 月別の推移"));
}
