//! `plan check`, `plan fmt` and `plan schema` on the shipped plan and on
//! broken copies of it.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("plan")
}

fn plan_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("plan").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PLAN_DIR")
        .env("PLAN_CONFIG", common::NO_USER_CONFIG)
        .env("PLAN_CACHE_DIR", common::test_cache_dir())
        .env_remove("PLAN_LANG")
        .env("LANG", "C");
    cmd
}

/// A scratch copy of the shipped plan, in `<tmp>/plan`.
fn copy_of_shipped() -> tempfile::TempDir {
    common::copy_plan().root
}

#[test]
fn shipped_plan_passes_with_its_two_repetitions_allowed_for_a_reason() {
    let out = plan_in(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    let summary: Vec<(String, String, bool, u64)> = found
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
                d["allowed"].as_bool().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "P033".into(),
                "6.tmg.イ repeats the text of 6.tmg.ア.2".into(),
                true,
                26
            ),
            (
                "P033".into(),
                "6.tmg.カ repeats the text of 6.tmg.ア.3".into(),
                true,
                43
            ),
        ]
    );
    assert!(found.iter().all(|d| {
        d["reason"]
            .as_str()
            .is_some_and(|r| r.contains("document repeats"))
    }));
    // --deny-warnings guards everything else, and passes.
    plan_in(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["check", "--deny-warnings"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 errors, 0 warnings (2 more allowed by plan.toml [check]) in 7 files",
        ));
}

#[test]
fn deny_warnings_fails_on_a_warning_the_plan_does_not_allow() {
    let tmp = copy_of_shipped();
    let path = tmp.path().join("plan/plan.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Without the allow entries, the repetitions are warnings again.
    let cut = text.find("\n# Warnings this plan accepts").unwrap();
    std::fs::write(&path, &text[..cut + 1]).unwrap();
    plan_in(tmp.path())
        .args(["check", "--deny-warnings"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("0 errors, 2 warnings in 7 files"));
    plan_in(tmp.path()).arg("check").assert().success();
}

#[test]
fn check_without_a_plan_is_a_usage_error() {
    let empty = tempfile::tempdir().unwrap();
    plan_in(empty.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no plan found"));
}

#[test]
fn broken_plan_fails_other_commands_with_exit_3_and_a_caret_under_the_spot() {
    let tmp = copy_of_shipped();
    let file = tmp.path().join("plan/02-telework.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(
            "text = \"東京テレワーク推進センターの運営\"",
            "text = \"東京テレワーク推進センターの運営\" 都",
        ),
    )
    .unwrap();
    let out = plan_in(tmp.path())
        .arg("list")
        .assert()
        .code(3)
        .get_output()
        .stderr
        .clone();
    let stderr = String::from_utf8(out).unwrap();
    assert!(stderr.contains("plan/02-telework.toml:17:27"), "{stderr}");
    // The caret sits under 都 by display width: the 16 full-width characters
    // before it take two columns each.
    let source_line = stderr
        .lines()
        .find(|l| l.contains("推進センターの運営\" 都"))
        .unwrap();
    let caret_line = stderr
        .lines()
        .find(|l| l.trim_end().ends_with('^'))
        .unwrap();
    let under = plan::text::width(&source_line[..source_line.rfind('都').unwrap()]);
    let caret = plan::text::width(&caret_line[..caret_line.find('^').unwrap()]);
    assert_eq!(under, caret, "{stderr}");
    assert!(stderr.contains("nothing was done"), "{stderr}");
}

#[test]
fn fmt_check_passes_on_the_shipped_plan() {
    plan_in(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["fmt", "--check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("all 7 files are canonical"));
}

#[test]
fn fmt_check_shows_a_diff_and_exits_1_without_writing() {
    let tmp = copy_of_shipped();
    let file = tmp.path().join("plan/01-work-style-reform.toml");
    let messy = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("number = 1\ntitle", "title", 1)
        .replacen("\n\n# 内容", "\nnumber   =   1\n\n\n\n# 内容", 1);
    std::fs::write(&file, &messy).unwrap();
    plan_in(tmp.path())
        .args(["fmt", "--check"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("-number   =   1"))
        .stdout(predicate::str::contains("+number = 1"))
        .stdout(predicate::str::contains("1 file would be reformatted"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        messy,
        "--check must not write"
    );
}

#[test]
fn fmt_restores_the_canonical_file_and_keeps_comments() {
    let tmp = copy_of_shipped();
    let file = tmp.path().join("plan/01-work-style-reform.toml");
    let canonical = std::fs::read_to_string(&file).unwrap();
    let messy = canonical
        .replacen("label = \"イ\"\ntext", "text", 1)
        .replace(
            "text = \"企業における働き方改革に向けた気運醸成\"",
            "text = \"企業における働き方改革に向けた気運醸成\"\nlabel   = \"イ\"",
        )
        .replace(
            "items = [\n  \"多様なメディアの活用による普及啓発\",\n",
            "items = [ \"多様なメディアの活用による普及啓発\",",
        )
        .replace('\n', "\r\n");
    std::fs::write(&file, &messy).unwrap();
    plan_in(tmp.path())
        .arg("fmt")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "formatted plan/01-work-style-reform.toml",
        ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), canonical);
    plan_in(tmp.path())
        .args(["fmt", "--check"])
        .assert()
        .success();
}

#[test]
fn shipped_schema_files_are_what_plan_schema_prints() {
    for (kind, file) in [
        ("plan", "plan.schema.json"),
        ("section", "section.schema.json"),
    ] {
        let printed = plan_in(Path::new(env!("CARGO_MANIFEST_DIR")))
            .args(["schema", kind])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let shipped = std::fs::read(shipped().join("schema").join(file)).unwrap();
        assert_eq!(
            String::from_utf8(printed).unwrap(),
            String::from_utf8(shipped).unwrap(),
            "run `plan schema --write`"
        );
    }
}

#[test]
fn shipped_files_point_editors_at_the_schema() {
    let head = |name: &str| {
        std::fs::read_to_string(shipped().join(name))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(head("plan.toml"), "#:schema ./schema/plan.schema.json");
    assert_eq!(
        head("02-telework.toml"),
        "#:schema ./schema/section.schema.json"
    );
}

#[test]
fn schema_rejects_what_the_loader_rejects() {
    let section: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shipped().join("schema/section.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(section["additionalProperties"], false);
    assert_eq!(section["required"], serde_json::json!(["number", "title"]));
    assert_eq!(
        section["$defs"]["Measure"]["required"],
        serde_json::json!(["label", "text"])
    );
    assert_eq!(section["$defs"]["Measure"]["additionalProperties"], false);
}

/// The list of codes in docs/ci.md, as the program and the corpus say it:
/// each code with its severity and summary, the corpus case that shows it,
/// and that case's output for it.
fn codes_section() -> String {
    use plan::diagnostic::{Code, Severity};
    use plan::i18n::Lang;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<String> = std::fs::read_dir(root.join("tests/corpus"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    let snapshot = |case: &str, format: &str| {
        let path = root.join(format!(
            "tests/snapshots/check_corpus__{case}@{format}.snap"
        ));
        std::fs::read_to_string(path).unwrap_or_default()
    };
    let mut table =
        String::from("| code | severity | problem | corpus case |\n|---|---|---|---|\n");
    let mut examples = String::new();
    for code in Code::ALL {
        let c = code.as_str();
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let (en, ja) = (code.summary(Lang::En), code.summary(Lang::Ja));
        let Some(case) = cases
            .iter()
            .find(|case| snapshot(case, "json").contains(&format!("\"code\": \"{c}\"")))
        else {
            // Not about plan files: `plan import` reports it (tests/import.rs).
            table.push_str(&format!(
                "| {c} | {severity} | {en} ({ja}) | — (`plan import`) |\n"
            ));
            examples.push_str(&format!(
                "\n### {c}: {en}\n\nReported by `plan import` for a line of the document it reads, not by `plan check`.\n"
            ));
            continue;
        };
        table.push_str(&format!("| {c} | {severity} | {en} ({ja}) | `{case}` |\n"));
        let human = snapshot(case, "human");
        let block: Vec<&str> = human
            .lines()
            .skip_while(|l| !l.starts_with(&format!("{severity}[{c}]")))
            .take_while(|l| !l.is_empty())
            .collect();
        examples.push_str(&format!(
            "\n### {c}: {en}\n\n```\n{}\n```\n",
            block.join("\n")
        ));
    }
    format!("{table}{examples}")
}

#[test]
fn docs_ci_lists_every_code_with_its_example_from_the_corpus() {
    // Regenerate with PLAN_UPDATE_DOCS=1 cargo test --test check docs_ci.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let start = doc
        .find("| code | severity | problem | corpus case |")
        .expect("docs/ci.md has the table of codes");
    let expected = codes_section();
    if std::env::var_os("PLAN_UPDATE_DOCS").is_some() {
        std::fs::write(&path, format!("{}{expected}", &doc[..start])).unwrap();
        return;
    }
    assert_eq!(
        doc[start..],
        expected,
        "docs/ci.md is out of date: run PLAN_UPDATE_DOCS=1 cargo test --test check docs_ci"
    );
    for code in plan::diagnostic::Code::ALL {
        assert!(
            doc.contains(&format!("### {}:", code.as_str())),
            "docs/ci.md lacks {}",
            code.as_str()
        );
    }
}

#[test]
fn a_shift_jis_section_file_is_one_encoding_error_not_a_missing_section() {
    let tmp = copy_of_shipped();
    let path = tmp.path().join("plan/05-women.toml");
    // 女性 in Shift_JIS: not UTF-8.
    let mut bytes = b"number = 5\ntitle = \"".to_vec();
    bytes.extend([0x8f, 0x97, 0x90, 0xab]);
    bytes.extend(b"\"\n");
    std::fs::write(&path, bytes).unwrap();
    let out = plan_in(tmp.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    let found: Vec<&serde_json::Value> = found.iter().filter(|d| d["allowed"] == false).collect();
    let codes: Vec<&str> = found.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["P002"], "{found:?}");
    assert_eq!(found[0]["file"], "plan/05-women.toml");
    assert_eq!(found[0]["line"], 2);
}

#[test]
fn a_command_about_one_section_reads_only_that_sections_files() {
    let tmp = copy_of_shipped();
    // Section 5 is broken (a bad hand edit in a pull request).
    std::fs::write(
        tmp.path().join("plan/05-women.toml"),
        "number = 5\ntitle = \n",
    )
    .unwrap();
    // What is about section 2 works: its files are all it reads.
    plan_in(tmp.path())
        .args(["show", "2.イ"])
        .assert()
        .success();
    plan_in(tmp.path()).args(["log", "2"]).assert().success();
    plan_in(tmp.path())
        .args([
            "note",
            "2.イ",
            "セミナー実施",
            "--at",
            "2021-06-15",
            "--author",
            "山田",
        ])
        .assert()
        .success();
    // What needs section 5, or the whole plan, refuses with the place.
    for args in [&["show", "5.ア"][..], &["list"], &["status"]] {
        plan_in(tmp.path())
            .args(args)
            .assert()
            .code(3)
            .stderr(predicate::str::contains("05-women.toml:2:"));
    }
}

/// `plan check --format json` in `dir`: (code, message) of each diagnostic.
fn check_messages(dir: &Path) -> Vec<(String, String)> {
    let out = plan_in(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap()
        .stdout;
    let found: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    found
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_repeated_text_under_a_repeated_label_names_the_other_measure_by_its_line() {
    let tmp = copy_of_shipped();
    let path = tmp.path().join("plan/03-smooth-biz.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // 3.tcci.イ becomes a second 3.tcci.ア with ア's text.
    let first = "label = \"ア\"\ntext = \"会員企業に対するスムーズビズの取組に係る周知啓発（メールマガジン、東商新聞、経営指導員による資料配布等）\"";
    let second =
        "label = \"イ\"\ntext = \"都が実施するスムーズビズの取組やイベントに関する周知協力・後援\"";
    assert!(text.contains(first) && text.contains(second));
    std::fs::write(&path, text.replace(second, first)).unwrap();
    let line = text[..text.find(first).unwrap()].lines().count() + 2;
    let found = check_messages(tmp.path());
    let repeated: Vec<&str> = found
        .iter()
        .filter(|(code, _)| code == "P033")
        .map(|(_, m)| m.as_str())
        .filter(|m| m.starts_with("3."))
        .collect();
    assert_eq!(
        repeated,
        [format!(
            "3.tcci.ア repeats the text of the other measure labelled 3.tcci.ア, at line {line}"
        )],
        "{found:?}"
    );
}

#[test]
fn every_fault_of_a_note_line_is_reported_not_only_the_first() {
    let tmp = copy_of_shipped();
    let notes = tmp.path().join("plan/notes");
    std::fs::create_dir_all(&notes).unwrap();
    std::fs::write(
        notes.join("02.toml"),
        concat!(
            "a = { id = \"2.tmg.ン\", at = 2021-06-01, author = \"x\", status = \"bogus\", text = \"t\" }\n",
            "b = { id = \"2.tmg.ン\", at = \"2021-06-01\", author = \"x\", status = \"bogus\", text = \"t\" }\n",
        ),
    )
    .unwrap();
    let codes: Vec<String> = check_messages(tmp.path())
        .into_iter()
        .map(|(code, message)| format!("{code} {message}"))
        .collect();
    let on = |code: &str| codes.iter().filter(|c| c.starts_with(code)).count();
    // Unknown ID (P040) and unknown status (P042) on both lines; the
    // second line's quoted date (P041) does not hide them.
    assert_eq!(on("P040"), 2, "{codes:#?}");
    assert_eq!(on("P042"), 2, "{codes:#?}");
    assert_eq!(on("P041"), 1, "{codes:#?}");
}
