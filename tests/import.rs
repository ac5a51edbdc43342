//! `plan import`: a year's document (text or PDF) into a plan directory.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// `plan import DOCUMENT --out OUT` with the shipped plan as the reference.
fn import(document: &Path, out: &Path) -> assert_cmd::Command {
    let mut cmd = plan(&shipped_plan());
    cmd.arg("import").arg(document).arg("--out").arg(out);
    cmd
}

/// Every file under `dir` (hidden ones included), relative path → bytes.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The plan as commands see it: `list --format json` and `show N` for each section.
fn as_seen(dir: &Path) -> (Vec<serde_json::Value>, Vec<String>) {
    let sections = (1..=6)
        .map(|n| stdout_of(plan(dir).args(["show", &n.to_string()])))
        .collect();
    (all_measures(dir), sections)
}

/// True when pdftotext can run (see `installed`).
fn pdftotext_available() -> bool {
    installed("pdftotext", "poppler-utils")
}

#[test]
fn the_fy2021_document_gives_back_the_shipped_plan_byte_for_byte() {
    let out = tempfile::tempdir().unwrap().keep().join("plan");
    import(&repo_root().join("docs/source-fy2021.txt"), &out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "FY2021 (令和３年度), effective 2021-04-01; 6 sections, 11 内容 items, 51 measures, 11 sub-items",
        ));
    assert_eq!(tree(&out), tree(&shipped_plan()));
    assert_eq!(as_seen(&out), as_seen(&shipped_plan()));
    // What plan fmt writes, and valid.
    plan(&out).args(["fmt", "--check"]).assert().success();
    plan(&out).arg("check").assert().success();
}

#[test]
fn the_fy2021_pdf_gives_back_the_shipped_plan_byte_for_byte() {
    if !pdftotext_available() {
        return;
    }
    let out = tempfile::tempdir().unwrap().keep().join("plan");
    import(&fixture("implementation-plan-fy2021.pdf"), &out)
        .assert()
        .success();
    assert_eq!(tree(&out), tree(&shipped_plan()));
}

#[test]
fn without_pdftotext_a_pdf_is_refused_with_the_package_to_install() {
    let empty = tempfile::tempdir().unwrap();
    let out = empty.path().join("out");
    import(&fixture("implementation-plan-fy2021.pdf"), &out)
        .env("PATH", empty.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "pdftotext (poppler) is not installed",
        ))
        .stderr(predicate::str::contains("poppler-utils"));
    assert!(!out.exists());
}

#[test]
fn only_parties_and_file_names_come_from_the_reference_plan() {
    // A reference plan whose sections have other titles and texts: the data
    // is the document's, the files are named NN-section.toml.
    let scratch = copy_plan();
    let reference = scratch.plan_dir();
    for (path, _) in tree(&reference) {
        let path = reference.join(path);
        if path.extension().is_some_and(|e| e == "toml") && !path.ends_with("plan.toml") {
            let text: Vec<String> = fs::read_to_string(&path)
                .unwrap()
                .lines()
                .map(|l| match l {
                    l if l.starts_with("title = ") => "title = \"無関係な節\"".to_string(),
                    l if l.starts_with("text = \"") => l.replacen("text = \"", "text = \"旧：", 1),
                    l => l.to_string(),
                })
                .collect();
            fs::write(&path, text.join("\n") + "\n").unwrap();
        }
    }
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("plan");
    plan(&reference)
        .arg("import")
        .arg(repo_root().join("docs/source-fy2021.txt"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let names: Vec<String> = tree(&out)
        .into_iter()
        .map(|(p, _)| p.display().to_string())
        .filter(|p| p.ends_with(".toml") && p != "plan.toml")
        .collect();
    assert_eq!(
        names,
        (1..=6)
            .map(|n| format!("0{n}-section.toml"))
            .collect::<Vec<_>>()
    );
    assert_eq!(all_measures(&out), all_measures(&shipped_plan()));
}

#[test]
fn a_broken_document_reports_every_problem_with_its_line_and_writes_nothing() {
    let source = source_document();
    let broken = source
        .replace("３ スムーズビズの推進", "４ スムーズビズの推進")
        .replace(
            "ウ 都が実施するイベントに関する周知協力・後援",
            "オ 都が実施するイベントに関する周知協力・後援",
        )
        .replace(
            "ア ライフ・ワーク・バランス認定企業制度の実施",
            "区市町村の取組 \n\nア ライフ・ワーク・バランス認定企業制度の実施",
        )
        .replace(
            "本実施計画は、令和３年（2021 年）４月１日から実施する。",
            "本実施計画は、令和３年（2022 年）４月１日から実施する。",
        );
    let line_of = |needle: &str| {
        broken
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("broken.txt");
    fs::write(&document, &broken).unwrap();
    let out = dir.path().join("out");
    let assert = import(&document, &out).assert().code(2);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    for (needle, message) in [
        (
            "４ スムーズビズの推進",
            "section 4 where section 3 was expected",
        ),
        (
            "オ 都が実施するイベントに関する周知協力・後援",
            "measure オ where ウ was expected",
        ),
        ("区市町村の取組", "unknown party heading `区市町村の取組`"),
        ("令和３年（2022 年）", "the era year is 2021, not 2022"),
    ] {
        let at = format!("broken.txt:{}:", line_of(needle));
        assert!(stderr.contains(message), "no `{message}` in:\n{stderr}");
        assert!(stderr.contains(&at), "no `{at}` in:\n{stderr}");
    }
    assert_eq!(stderr.matches("error[P060]").count(), 4, "{stderr}");
    assert!(stderr.contains("has 4 problem(s) that stop the import; nothing was written"));
    assert!(!out.exists());
    // Nothing half-written beside it either.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_non_empty_directory_is_not_replaced_without_force() {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.イ", "セミナー実施"]);
    let before = tree(&scratch.plan_dir());
    let document = fixture("implementation-plan-fy2022.txt");
    import(&document, &scratch.plan_dir())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not empty: nothing was written",
        ))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(tree(&scratch.plan_dir()), before);
    // With --force the plan is replaced and its notes are kept.
    import(&document, &scratch.plan_dir())
        .arg("--force")
        .assert()
        .success()
        .stderr(predicate::str::contains("kept the notes"));
    let info = fs::read_to_string(scratch.plan_dir().join("plan.toml")).unwrap();
    assert!(info.contains("fiscal_year = 2022"));
    assert_eq!(
        scratch.notes_text(2),
        String::from_utf8(
            before
                .iter()
                .find(|(p, _)| p == Path::new("notes/02.toml"))
                .unwrap()
                .1
                .clone()
        )
        .unwrap()
    );
    let leftovers: Vec<_> = fs::read_dir(scratch.root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("plan")]);
}

#[test]
fn the_fy2022_document_works_with_every_command_and_never_mentions_fy2021() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("plan");
    let imported = stdout_of(&mut import(
        &fixture("implementation-plan-fy2022.txt"),
        &out,
    ));
    assert!(imported.contains("FY2022 (令和４年度), effective 2022-04-01"));
    let info = fs::read_to_string(out.join("plan.toml")).unwrap();
    assert!(
        info.contains("fiscal_year = 2022\neffective = 2022-04-01\n"),
        "{info}"
    );
    // The inserted measure, the shift, the removal, the new sub-item.
    let ids: Vec<String> = ids_of(&all_measures(&out));
    assert!(ids.contains(&"2.tmg.オ".to_string()) && !ids.contains(&"2.tcci.カ".to_string()));
    assert_eq!(
        str_field(&show_json(&out, "2.tmg.イ"), "text"),
        "中小企業のテレワーク導入に向けた専門家派遣"
    );
    assert_eq!(
        strings_field(&show_json(&out, "1.tmg.ア"), "items").len(),
        4
    );
    plan(&out).arg("check").assert().success();
    plan_as_author(&out)
        .args([
            "note",
            "2.イ",
            "専門家派遣を開始",
            "--status",
            "active",
            "--at",
            "2022-05-10",
        ])
        .assert()
        .success();
    let status = stdout_of(plan(&out).args(["status", "--format", "json"]));
    assert!(status.contains("\"active\": 1"), "{status}");
    for output in [
        imported,
        info,
        stdout_of(plan(&out).args(["render"])),
        stdout_of(plan(&out).args(["render", "--format", "html"])),
        stdout_of(plan(&out).args(["render", "--format", "markdown"])),
    ] {
        for old in ["FY2021", "2021", "令和３", "令和3"] {
            assert!(!output.contains(old), "`{old}` in:\n{output}");
        }
    }
    let text = no_whitespace(&stdout_of(plan(&out).arg("render")));
    let document =
        no_whitespace(&fs::read_to_string(fixture("implementation-plan-fy2022.txt")).unwrap());
    assert_eq!(text, document);
}
