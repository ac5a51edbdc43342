//! `--bom` on `plan list`, `plan log` and `plan status`: CSV and TSV that
//! Excel opens as UTF-8 (Japanese intact), byte for byte the plain output
//! after the byte-order mark; refused with any other format.

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

#[test]
fn bom_starts_the_csv_and_changes_nothing_else() {
    let scratch = plan_with_report_notes();
    for command in [
        &["list"][..],
        &["log"],
        &["status"],
        &["status", "--by", "party"],
        &["status", "--by", "measure"],
    ] {
        for format in ["csv", "tsv"] {
            let plain = bytes(&scratch, &[command, &["--format", format]].concat());
            let marked = bytes(
                &scratch,
                &[command, &["--format", format, "--bom"]].concat(),
            );
            assert!(marked.starts_with(BOM), "{command:?} {format}");
            assert_eq!(&marked[3..], &plain[..], "{command:?} {format}");
            assert!(
                !plain.starts_with(BOM),
                "{command:?} {format}: no BOM unasked"
            );
            let text = String::from_utf8(plain).expect("UTF-8");
            assert!(text.contains("2.tmg.") || text.contains("tmg"), "{text}");
        }
    }
    let log = String::from_utf8(bytes(&scratch, &["log", "--format", "csv", "--bom"])).unwrap();
    assert!(log.starts_with("\u{feff}key,short_key,id,at,"), "{log}");
    assert!(log.contains("認定企業 21 社を公表"), "{log}");
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
