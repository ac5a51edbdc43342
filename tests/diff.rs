//! `plan diff`: what changed between two plans, directories or revisions.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command as Std;

use common::*;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> std::path::PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A repository laid out for several years: this year's plan (imported
/// from the FY2022 document) in plan/, last year's in archive/2021/.
fn several_years() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&shipped_plan(), &root.path().join("archive/2021"));
    plan(&shipped_plan())
        .arg("import")
        .arg(fixture("implementation-plan-fy2022.txt"))
        .arg("--out")
        .arg(root.path().join("plan"))
        .assert()
        .success();
    root
}

fn diff_in(root: &Path, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(plan_bin());
    cmd.current_dir(root)
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .env_remove("PLAN_DIR")
        .arg("diff")
        .args(args);
    cmd
}

/// The stdout of a `plan diff` that exits with `code`.
fn output(root: &Path, args: &[&str], code: i32) -> String {
    let out = diff_in(root, args)
        .assert()
        .code(code)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn json(root: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = diff_in(root, &all)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn the_same_plan_is_no_difference_and_exit_0() {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&shipped_plan(), &root.path().join("a"));
    copy_dir(&shipped_plan(), &root.path().join("b"));
    diff_in(root.path(), &["a", "b"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no differences"));
    let out = diff_in(root.path(), &["a", "b", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["equal"], true);
    assert_eq!(v["sections"], serde_json::json!([]));
}

#[test]
fn last_year_against_this_year_reports_exactly_the_modifications() {
    let root = several_years();
    // The archive layout works with every command.
    plan(&root.path().join("archive/2021"))
        .arg("list")
        .assert()
        .success();
    let v = json(root.path(), &["archive/2021", "plan"]);
    assert_eq!(v["equal"], false);
    assert_eq!(v["old"]["fiscal_year"], 2021);
    assert_eq!(v["new"]["fiscal_year"], 2022);
    let fields: Vec<(&str, &str, &str)> = v["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                str_field(f, "field"),
                str_field(f, "old"),
                str_field(f, "new"),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("fiscal_year", "2021", "2022"),
            ("effective", "2021-04-01", "2022-04-01")
        ]
    );
    let mut changes = Vec::new();
    for s in v["sections"].as_array().unwrap() {
        assert_eq!(s["change"], "changed");
        for c in s["contents"].as_array().unwrap() {
            changes.push(format!(
                "{} 内容 {} {}",
                c["change"], s["new_number"], c["new"]
            ));
        }
        for m in s["measures"].as_array().unwrap() {
            changes.push(format!(
                "{} {} -> {}",
                m["change"], m["old_id"], m["new_id"]
            ));
            for i in m["items"].as_array().unwrap() {
                changes.push(format!(
                    "  {} item {} {}",
                    i["change"], i["new_index"], i["new"]
                ));
            }
        }
    }
    assert_eq!(
        changes,
        vec![
            "\"changed\" \"1.tmg.ア\" -> \"1.tmg.ア\"",
            "  \"added\" item 4 \"働き方改革推進フォーラムの開催\"",
            "\"added\" null -> \"2.tmg.イ\"",
            "\"renumbered\" \"2.tmg.イ\" -> \"2.tmg.ウ\"",
            "\"renumbered\" \"2.tmg.ウ\" -> \"2.tmg.エ\"",
            "\"renumbered\" \"2.tmg.エ\" -> \"2.tmg.オ\"",
            "\"removed\" \"2.tcci.オ\" -> null",
            "\"renumbered\" \"2.tcci.カ\" -> \"2.tcci.オ\"",
            "\"changed\" 内容 3 \"「新しい日常」における働き方であるテレワーク、時差出勤などのスムーズビズの取組の継続や定着に向け、集中的に取り組む期間の設定やイベント、ＳＮＳ等により普及啓発\"",
            "\"changed\" \"4.tmg.イ\" -> \"4.tmg.イ\"",
        ]
    );
    let summary = &v["summary"];
    assert_eq!(
        (
            summary["measures_added"].as_u64(),
            summary["measures_removed"].as_u64(),
            summary["measures_changed"].as_u64()
        ),
        (Some(1), Some(1), Some(2))
    );
    // The changed text, character by character.
    let table = output(root.path(), &["archive/2021", "plan"], 1);
    assert!(
        table.contains("~ 4.tmg.イ  ライフ・ワーク・バランスＥＸＰＯの{+オンライン+}開催"),
        "{table}"
    );
    assert!(table.contains("イベント、[-広報-]{+ＳＮＳ+}等"), "{table}");
    assert!(
        table.contains("> 2.tcci.カ → 2.tcci.オ  (renumbered)"),
        "{table}"
    );
    assert!(
        !table.contains('\u{1b}'),
        "no colour when not on a terminal"
    );
    let md = output(
        root.path(),
        &["archive/2021", "plan", "--format", "markdown"],
        1,
    );
    assert!(
        md.contains("ライフ・ワーク・バランスＥＸＰＯの<ins>オンライン</ins>開催"),
        "{md}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_not_with_no_color() {
    let root = several_years();
    let coloured = diff_in(root.path(), &["archive/2021", "plan", "--color", "always"])
        .env_remove("NO_COLOR")
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let coloured = String::from_utf8(coloured).unwrap();
    assert!(
        coloured.contains("\u{1b}[32mオンライン\u{1b}[0m"),
        "{coloured}"
    );
    // NO_COLOR (set by diff_in) turns off the automatic colour; a flag wins.
    diff_in(root.path(), &["archive/2021", "plan"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\u{1b}").not());
}

#[test]
fn bad_input_is_exit_2() {
    let root = several_years();
    diff_in(root.path(), &["archive/1999", "plan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "neither a plan directory nor a git revision",
        ));
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Std::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn a_git_revision_of_the_current_plan_compares_with_the_working_tree() {
    let root = several_years();
    git(root.path(), &["init", "-q"]);
    git(root.path(), &["add", "."]);
    git(root.path(), &["commit", "-q", "-m", "FY2022"]);
    git(root.path(), &["tag", "v2022"]);
    diff_in(root.path(), &["HEAD"]).assert().code(0);
    let file = root.path().join("plan/04-life-work-balance.toml");
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("オンライン開催", "開催");
    fs::write(&file, text).unwrap();
    for args in [&["HEAD"][..], &["v2022", "."][..]] {
        diff_in(root.path(), args)
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "~ 4.tmg.イ  ライフ・ワーク・バランスＥＸＰＯの[-オンライン-]開催",
            ));
    }
    // From inside the plan directory too.
    diff_in(&root.path().join("plan"), &["HEAD"])
        .assert()
        .code(1);
    diff_in(root.path(), &["no-such-tag"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "neither a plan directory nor a git revision",
        ));
}
