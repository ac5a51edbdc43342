//! `report::xlsx`, read back with calamine and, for what calamine cannot
//! tell (frozen panes, filters, validation, widths), from the XML inside.

use std::io::{Cursor, Read};

use calamine::{Data, DataType, Reader, Xlsx};
use plan::i18n::Lang;
use plan::report::{NotesMode, Report, xlsx};

use crate::sample::{self, FOUR_ITEMS, FOUR_ITEMS_TEXT, SCRIPT, SCRIPTED};
use crate::workbook::{Book, row, sheet, text};

fn book(report: &Report) -> (Book, Vec<u8>) {
    let bytes = xlsx::to_bytes(report).expect("a workbook");
    (crate::workbook::open(&bytes), bytes)
}

/// A part of the xlsx zip as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut xml)
        .expect("utf-8 XML");
    xml
}

#[test]
fn sheets_are_named_in_the_ui_language() {
    let (b, _) = book(&sample::report(Lang::Ja, NotesMode::Latest));
    assert_eq!(b.sheet_names(), ["概要", "取組"]);
    let (b, _) = book(&sample::report(Lang::Ja, NotesMode::All));
    assert_eq!(b.sheet_names(), ["概要", "取組", "記録"]);
    let (b, _) = book(&sample::report(Lang::En, NotesMode::All));
    assert_eq!(b.sheet_names(), ["Summary", "Measures", "Notes"]);
}

#[test]
fn the_measures_sheet_holds_real_values() {
    let (mut b, _) = book(&sample::report(Lang::Ja, NotesMode::Latest));
    let measures = sheet(&mut b, "取組");
    let header: Vec<&str> = measures
        .rows()
        .next()
        .expect("a header")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        header,
        [
            "番号",
            "節",
            "主体",
            "取組",
            "小項目",
            "状況",
            "最終更新",
            "最新の結果",
            "件数"
        ]
    );
    assert_eq!(measures.height(), 1 + 19);
    let r = row(&measures, FOUR_ITEMS);
    assert_eq!(r[1], Data::Float(2.0));
    assert_eq!(text(&r[2]), "東京都");
    assert_eq!(text(&r[3]), FOUR_ITEMS_TEXT);
    let items: Vec<&str> = text(&r[4]).lines().collect();
    assert_eq!(items.len(), 4);
    assert_eq!(
        items[0],
        "・「テレワーク東京ルール実践企業」宣言制度の普及（実施済）"
    );
    assert_eq!(items[3], "・テレワークの機器導入経費補助（未着手）");
    assert_eq!(text(&r[5]), "実施中");
    assert!(r[6].is_datetime(), "a date cell, not text: {:?}", r[6]);
    assert_eq!(r[6].as_date(), Some(sample::day(2021, 7, 1)));
    assert_eq!(text(&r[7]), "地域セミナー開催（3回）");
    assert_eq!(r[8], Data::Float(2.0));
    // No note: no date.
    assert_eq!(row(&measures, "2.tmg.ウ")[6], Data::Empty);
    // Hostile text is kept as text, exactly.
    assert_eq!(
        text(&row(&measures, SCRIPTED)[7]),
        format!("告知文を差し替え {SCRIPT}")
    );
    assert_eq!(
        text(&row(&measures, "6.tcci.ア")[7]),
        r"外国人材拠点の周知、延期\u{1b}[31m\u{7}\u{202e}逆"
    );
}

#[test]
fn the_summary_sheet_counts_each_section_and_party() {
    let (mut b, _) = book(&sample::report(Lang::Ja, NotesMode::Latest));
    let summary = sheet(&mut b, "概要");
    let rows: Vec<&[Data]> = summary.rows().collect();
    assert_eq!(text(&rows[0][0]), "令和3年度 実施計画 進捗報告");
    assert_eq!(text(&rows[3][0]), "基準日: 2021-10-31");
    let header: Vec<&str> = rows[6].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "節",
            "節名",
            "主体",
            "取組数",
            "実施済",
            "実施中",
            "未着手",
            "保留",
            "中止",
            "達成率",
            "進捗率"
        ]
    );
    let data = &rows[7..];
    assert_eq!(data.len(), 15);
    let numbers = |r: &[Data]| -> Vec<f64> {
        r[3..]
            .iter()
            .map(|c| c.get_float().unwrap_or(f64::NAN))
            .collect()
    };
    // Section 2, 都.
    assert_eq!(data[2][0], Data::Float(2.0));
    assert_eq!(text(&data[2][2]), "東京都");
    assert_eq!(numbers(data[2]), [3.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.33, 0.58]);
    // All parties.
    assert_eq!(data[14][0], Data::Empty);
    assert_eq!((text(&data[14][1]), text(&data[14][2])), ("合計", "計"));
    assert_eq!(
        numbers(data[14]),
        [19.0, 5.0, 5.0, 7.0, 1.0, 1.0, 0.27, 0.34]
    );
}

#[test]
fn headers_are_frozen_and_filtered_and_statuses_validated() {
    let (_, bytes) = book(&sample::report(Lang::Ja, NotesMode::All));
    let summary = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        summary.contains(
            r#"<pane ySplit="7" topLeftCell="A8" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{summary}"
    );
    assert!(summary.contains(r#"<autoFilter ref="A7:K22"/>"#));
    let measures = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        measures.contains(r#"ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen""#)
    );
    assert!(measures.contains(r#"<autoFilter ref="A1:I20"/>"#));
    assert!(measures.contains(r#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="F2:F20"><formula1>"実施済,実施中,未着手,保留,中止"</formula1>"#), "{measures}");
    let notes = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(notes.contains(r#"state="frozen""#) && notes.contains("<autoFilter"));

    let (_, en) = book(&sample::report(Lang::En, NotesMode::Latest));
    assert!(
        part(&en, "xl/worksheets/sheet2.xml")
            .contains(r#"<formula1>"done,active,planned,blocked,dropped"</formula1>"#)
    );
}

#[test]
fn columns_are_as_wide_as_their_japanese_text() {
    let (_, bytes) = book(&sample::report(Lang::Ja, NotesMode::Latest));
    let xml = part(&bytes, "xl/worksheets/sheet2.xml");
    // `<col min="4" max="5" width="50.7109375" …/>`: one element per run of equal widths.
    let attr = |col: &str, name: &str| -> f64 {
        let value = col
            .split(&format!("{name}=\""))
            .nth(1)
            .and_then(|v| v.split('"').next());
        value
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {col}"))
    };
    let mut widths = Vec::new();
    for col in xml.split("<col ").skip(1) {
        for _ in attr(col, "min") as usize..=attr(col, "max") as usize {
            widths.push(attr(col, "width"));
        }
    }
    assert_eq!(widths.len(), 9, "{xml}");
    // ID: `2.tcci.イ` is 9 columns wide (イ counts two), plus a margin.
    assert!((11.0..12.0).contains(&widths[0]), "{widths:?}");
    // 主体: 東京商工会議所, 7 full-width characters.
    assert!((16.0..17.0).contains(&widths[2]), "{widths:?}");
    // The measure text is long: capped, and wrapped.
    assert!((50.0..51.0).contains(&widths[3]), "{widths:?}");
    // 状況: 実施済 (6) is narrower than the header's cap.
    assert!((8.0..9.0).contains(&widths[5]), "{widths:?}");
}

#[test]
fn every_note_has_a_row_only_when_asked_for() {
    let (mut b, _) = book(&sample::report(Lang::Ja, NotesMode::All));
    let notes = sheet(&mut b, "記録");
    assert_eq!(notes.height(), 1 + 13);
    let of_four: Vec<&str> = notes
        .rows()
        .filter(|r| r.first().and_then(|c| c.get_string()) == Some(FOUR_ITEMS))
        .map(|r| text(&r[4]))
        .collect();
    assert_eq!(of_four, ["セミナー実施", "地域セミナー開催（3回）"]);
    let long = notes
        .rows()
        .find(|r| text(&r[0]) == "5.tmg.ア")
        .expect("the long note");
    assert_eq!(text(&long[4]), sample::long_note());
    assert_eq!(text(&row(&notes, "3.tcci.ア")[2]), "<b>鈴木</b>");
}

#[test]
fn an_empty_period_writes_zeros_and_no_dates() {
    let (mut b, _) = book(&sample::empty(Lang::En));
    let measures = sheet(&mut b, "Measures");
    for r in measures.rows().skip(1) {
        assert_eq!(text(&r[5]), "planned");
        assert_eq!(r[6], Data::Empty);
        assert_eq!(r[8], Data::Float(0.0));
    }
    let summary = sheet(&mut b, "Summary");
    for r in summary.rows().skip(7) {
        assert_eq!(r[9], Data::Float(0.0));
    }
    let notes = sheet(&mut b, "Notes");
    assert_eq!(notes.height(), 1, "the header only");
}

#[test]
fn write_saves_the_same_workbook_to_a_file() {
    let report = sample::report(Lang::Ja, NotesMode::Latest);
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("進捗報告.xlsx");
    xlsx::write(&report, &path).expect("written");
    let mut b: Xlsx<_> = calamine::open_workbook(&path).expect("calamine opens it");
    assert_eq!(
        text(&row(&sheet(&mut b, "取組"), FOUR_ITEMS)[3]),
        FOUR_ITEMS_TEXT
    );
}
