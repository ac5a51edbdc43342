//! `report::html` as text: one self-contained page, A4 print rules, escaped
//! data, status told by symbol as well as colour. `report_browser.rs`
//! checks what Chromium makes of it.

use plan::i18n::Lang;
use plan::report::{NotesMode, html};

use crate::sample::{self, SCRIPT};

/// The text between the first `open` after `from` and the next `close`.
fn between<'a>(doc: &'a str, from: &str, open: &str, close: &str) -> &'a str {
    let start = doc.find(from).unwrap_or_else(|| panic!("no {from:?}"));
    let rest = &doc[start..];
    let open_at = rest
        .find(open)
        .unwrap_or_else(|| panic!("no {open:?} after {from:?}"));
    let rest = &rest[open_at + open.len()..];
    &rest[..rest.find(close).unwrap_or(rest.len())]
}

#[test]
fn the_page_is_self_contained_and_needs_no_script() {
    let page = html::render(&sample::report(Lang::Ja, NotesMode::All));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(r#"<html lang="ja">"#));
    assert!(page.contains(r#"<meta charset="utf-8">"#));
    for outside in [
        "<script",
        "<link",
        "<img",
        "<iframe",
        "src=",
        "@import",
        "url(http",
        "@font-face",
    ] {
        assert!(
            !page.to_lowercase().contains(outside),
            "{outside} in the page"
        );
    }
    // The only addresses: SVG's namespace and the note's link, as a link.
    let link = "https://www.hataraku.metro.tokyo.lg.jp/";
    for (at, _) in page.match_indices("http") {
        let rest = &page[at..];
        assert!(
            rest.starts_with("http://www.w3.org/2000/svg\"") || rest.starts_with(link),
            "{}",
            &rest[..40]
        );
    }
    assert!(page.contains(&format!(r#"<a href="{link}">{link}</a>"#)));
    assert_eq!(
        page.matches(r#"xmlns="http://www.w3.org/2000/svg""#)
            .count(),
        2 + 5,
        "two charts, five swatches"
    );
}

#[test]
fn the_page_prints_on_a4_with_a_page_per_section_and_repeated_headers() {
    let page = html::render(&sample::report(Lang::Ja, NotesMode::Latest));
    assert!(page.contains("@page { size: A4 portrait;"));
    assert!(page.contains("thead { display: table-header-group; }"));
    assert!(page.contains("section.plan-section { break-before: page; }"));
    assert!(page.contains("print-color-adjust: exact"));
    assert!(page.contains(
        r#"font-family: "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif;"#
    ));
    assert_eq!(page.matches(r#"<section class="plan-section""#).count(), 6);
    assert_eq!(
        page.matches("<thead>").count(),
        1 + 6 * 2,
        "summary + each section × party"
    );
}

#[test]
fn statuses_have_a_symbol_a_colour_and_a_legend() {
    let page = html::render(&sample::report(Lang::Ja, NotesMode::Latest));
    let legend = between(&page, "<ul class=\"legend\"", ">", "</ul>");
    for (key, mark, name) in [
        ("done", "●", "実施済"),
        ("active", "◐", "実施中"),
        ("planned", "○", "未着手"),
        ("blocked", "‖", "保留"),
        ("dropped", "✕", "中止"),
    ] {
        let status = format!(
            r#"<span class="status st-{key}"><span class="mark">{mark}</span> {name}</span>"#
        );
        assert!(legend.contains(&status), "{status} in the legend");
        assert!(
            legend.contains(&format!("url(#sw-{key})")),
            "a swatch for {key}"
        );
        assert!(
            page.contains(&format!(r#"<pattern id="cb-{key}""#)),
            "a pattern for {key}"
        );
    }
    let row = between(
        &page,
        r#"<tr class="measure" id="m-2.tmg.イ">"#,
        "",
        "</tr>",
    );
    assert!(row.contains(r#"<span class="status st-active"><span class="mark">◐</span> 実施中</span><span class="origin">小項目4件中3件が実施済</span>"#), "{row}");
    assert_eq!(row.matches("<li>・").count(), 4);
    assert!(row.contains("<td>2021-07-01</td>"));
}

#[test]
fn the_summary_table_has_a_row_per_section_and_party_then_totals() {
    let page = html::render(&sample::report(Lang::Ja, NotesMode::Latest));
    let body = between(&page, r#"<table class="summary">"#, "<tbody>", "</tbody>");
    assert_eq!(body.matches("<tr").count(), 15);
    assert_eq!(body.matches(r#"<tr class="total">"#).count(), 3);
    let compact: String = body.split_whitespace().collect();
    assert!(compact.contains(
        r#"<tdclass="num">2</td><td><spanclass="text">テレワークの推進</span></td><td>東京都</td><tdclass="num">3</td><tdclass="num">1</td><tdclass="num">1</td><tdclass="num">1</td><tdclass="num">0</td><tdclass="num">0</td><tdclass="num">33%</td><tdclass="num">58%</td>"#
    ), "{compact}");
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    for mode in [NotesMode::Latest, NotesMode::All] {
        let page = html::render(&sample::report(Lang::Ja, mode));
        assert!(!page.contains(SCRIPT));
        assert!(page.contains("告知文を差し替え &#60;script&#62;alert(1)&#60;/script&#62;"));
        assert!(
            page.contains("認定企業 20 社を公表 &#34;&#38;&#39;"),
            "quotes escaped"
        );
        assert!(
            !page.contains(['\u{1b}', '\u{7}', '\u{202E}']),
            "raw control characters"
        );
        assert!(page.contains(r"延期\u{1b}[31m\u{7}\u{202e}逆"));
        assert!(!page.contains("href=\"javascript"));
    }
    let all = html::render(&sample::report(Lang::Ja, NotesMode::All));
    assert!(all.contains("&#60;b&#62;鈴木&#60;/b&#62;"));
    assert!(!all.contains("<b>"));
    assert!(all.contains(&sample::long_note()));
}

#[test]
fn the_latest_result_spans_the_table_once() {
    let latest = html::render(&sample::report(Lang::Ja, NotesMode::Latest));
    let after = between(&latest, r#"id="m-2.tmg.イ""#, "</tr>", "</tr>");
    assert_eq!(
        after.trim(),
        r#"<tr class="result"><th scope="row">最新の結果</th><td colspan="4"><span class="text">地域セミナー開催（3回）</span></td>"#
    );
    assert_eq!(
        latest.matches(r#"<tr class="result">"#).count(),
        12,
        "one per measure with notes"
    );
    // With every note shown, the latest is among them: not printed twice.
    let all = html::render(&sample::report(Lang::Ja, NotesMode::All));
    assert!(!all.contains(r#"<tr class="result">"#));
    for page in [&latest, &all] {
        assert_eq!(page.matches(&sample::long_note()).count(), 1);
    }
}

#[test]
fn every_note_shows_only_when_asked_for() {
    let latest = html::render(&sample::report(Lang::Ja, NotesMode::Latest));
    assert!(!latest.contains(r#"<tr class="notes">"#));
    assert!(!latest.contains("セミナー実施"));
    let all = html::render(&sample::report(Lang::Ja, NotesMode::All));
    assert_eq!(
        all.matches(r#"<tr class="notes">"#).count(),
        12,
        "one per measure with notes"
    );
    let notes = between(&all, r#"aria-label="記録 2.tmg.イ""#, ">", "</ol>");
    let older = notes.find("セミナー実施").expect("first note");
    let newer = notes.find("地域セミナー開催（3回）").expect("second note");
    assert!(older < newer);
}

#[test]
fn english_pages_speak_english() {
    let page = html::render(&sample::report(Lang::En, NotesMode::Latest));
    assert!(page.contains(r#"<html lang="en">"#));
    assert!(page.contains("<h2>Summary</h2>"));
    assert!(page.contains(r#"<span class="mark">●</span> done</span>"#));
    assert!(page.contains("Completion by section and party"));
    assert!(page.contains(">Apr</text>") && page.contains(">Mar</text>"));
    for ja in ["概要", "実施済", "凡例", "達成率", ">4月<"] {
        assert!(!page.contains(ja), "{ja} in the English page");
    }
}

#[test]
fn an_empty_period_draws_zeros_and_says_there_are_no_notes() {
    let mut report = sample::empty(Lang::Ja);
    let page = html::render(&report);
    assert!(!page.contains("NaN") && !page.contains("inf\""));
    assert!(!page.contains(r#"<tr class="notes">"#));
    assert!(page.contains(r#"<td class="num">0%</td>"#));
    report.timeline.clear();
    let page = html::render(&report);
    assert!(page.contains("まだ記録がありません"));
    assert!(!page.contains("<polyline"));
}
