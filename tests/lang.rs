//! The UI speaks Japanese or English on every command; scripts get the same
//! English JSON and CSV whatever the language.

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `plan` in the repository, with no language set anywhere.
fn plan() -> Command {
    let mut cmd = Command::cargo_bin("plan").unwrap();
    cmd.current_dir(repo())
        .env("NO_COLOR", "1")
        .env("PLAN_CONFIG", common::NO_USER_CONFIG)
        .env("PLAN_CACHE_DIR", common::test_cache_dir())
        .env("COLUMNS", "100")
        .env("TZ", "Asia/Tokyo")
        .env_remove("PLAN_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("PLAN_DATE_STYLE")
        .env_remove("PLAN_DIR");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn stderr_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().failure().get_output().stderr.clone()).unwrap()
}

/// A copy of the shipped plan with two notes, in `<tmp>/plan`.
fn plan_with_notes() -> tempfile::TempDir {
    let tmp = common::copy_plan().root;
    for (id, status, at) in [
        ("2.tmg.イ", "active", "2021-06-15T10:00:00+09:00"),
        ("2.tcci.イ", "done", "2021-07-01T09:00:00+09:00"),
    ] {
        plan()
            .current_dir(tmp.path())
            .args([
                "note", id, "記録", "--status", status, "--at", at, "--author", "山田",
            ])
            .assert()
            .success();
    }
    tmp
}

#[test]
fn list_speaks_the_chosen_language() {
    let ja = stdout(plan().args(["--lang", "ja", "list", "--section", "2"]));
    for word in [
        "番号",
        "主体",
        "取組",
        "小項目",
        "状況",
        "件数",
        "最終更新",
        "都",
        "東商",
        "未着手",
    ] {
        assert!(ja.contains(word), "{word} missing in:\n{ja}");
    }
    assert!(!ja.contains("planned"), "{ja}");
    let en = stdout(plan().args(["--lang", "en", "list", "--section", "2"]));
    for word in [
        "ID",
        "Party",
        "Measure",
        "Sub-items",
        "Status",
        "Notes",
        "Updated",
        "TMG",
        "TCCI",
        "planned",
    ] {
        assert!(en.contains(word), "{word} missing in:\n{en}");
    }
    assert!(!en.contains("未着手"), "{en}");
}

#[test]
fn language_comes_from_flag_then_plan_lang_then_locale() {
    let japanese = |out: &str| out.contains("番号");
    assert!(japanese(&stdout(
        plan().env("LANG", "ja_JP.UTF-8").arg("list")
    )));
    assert!(!japanese(&stdout(
        plan().env("LANG", "en_US.UTF-8").arg("list")
    )));
    assert!(
        !japanese(&stdout(plan().arg("list"))),
        "English without any locale"
    );
    assert!(
        !japanese(&stdout(
            plan()
                .env("LANG", "ja_JP.UTF-8")
                .env("LC_ALL", "en_US.UTF-8")
                .arg("list")
        )),
        "LC_ALL wins over LANG"
    );
    assert!(japanese(&stdout(
        plan()
            .env("LANG", "en_US.UTF-8")
            .env("LC_MESSAGES", "ja_JP.UTF-8")
            .arg("list")
    )));
    assert!(
        !japanese(&stdout(
            plan()
                .env("LANG", "ja_JP.UTF-8")
                .env("PLAN_LANG", "en")
                .arg("list")
        )),
        "PLAN_LANG wins over the locale"
    );
    assert!(
        japanese(&stdout(
            plan().env("PLAN_LANG", "en").args(["--lang", "ja", "list"])
        )),
        "--lang wins over PLAN_LANG"
    );
}

#[test]
fn plan_toml_settings_apply_below_the_environment() {
    let tmp = plan_with_notes();
    common::add_settings(
        &tmp.path().join("plan"),
        "lang = \"ja\"\ndate_style = \"wareki\"\n",
    );
    let run = |cmd: &mut Command| stdout(cmd.current_dir(tmp.path()));
    let out = run(plan().env("LANG", "C").args(["log"]));
    assert!(
        out.contains("記録者") && out.contains("令和3年7月1日"),
        "file settings used:\n{out}"
    );
    let out = run(plan().env("LANG", "en_US.UTF-8").args(["log"]));
    assert!(
        out.contains("Author") && out.contains("令和3年7月1日"),
        "locale beats the file's lang:\n{out}"
    );
    let out = run(plan()
        .env("LANG", "C")
        .env("PLAN_DATE_STYLE", "iso")
        .args(["log"]));
    assert!(
        out.contains("2021-07-01"),
        "environment beats the file's date style:\n{out}"
    );
    let out = run(plan().env("LANG", "C").env("PLAN_DATE_STYLE", "iso").args([
        "--date-style",
        "wareki",
        "--lang",
        "en",
        "log",
    ]));
    assert!(
        out.contains("Author") && out.contains("令和3年7月1日"),
        "flags beat everything:\n{out}"
    );
}

#[test]
fn json_and_csv_stay_english_whatever_the_language() {
    let tmp = plan_with_notes();
    for args in [
        vec!["list", "--format", "json"],
        vec!["list", "--format", "csv"],
        vec!["status", "--format", "json"],
        vec!["status", "--format", "csv"],
        vec!["log", "--format", "json"],
        vec!["show", "2.tcci.イ", "--format", "json"],
        vec!["check", "--format", "json"],
    ] {
        let en = stdout(
            plan()
                .current_dir(tmp.path())
                .arg("--lang")
                .arg("en")
                .args(&args),
        );
        let ja = stdout(
            plan()
                .current_dir(tmp.path())
                .arg("--lang")
                .arg("ja")
                .args(&args),
        );
        assert_eq!(en, ja, "{args:?}");
        assert!(
            !ja.contains("未着手") && !ja.contains("実施済"),
            "{args:?}: {ja}"
        );
    }
}

#[test]
fn every_command_speaks_japanese() {
    let tmp = plan_with_notes();
    let ja = |args: &[&str]| {
        stdout(
            plan()
                .current_dir(tmp.path())
                .arg("--lang")
                .arg("ja")
                .args(args),
        )
    };
    let expect = |args: &[&str], words: &[&str]| {
        let out = ja(args);
        for w in words {
            assert!(
                out.contains(w),
                "`plan {}` lacks {w}:\n{out}",
                args.join(" ")
            );
        }
    };
    expect(
        &["show", "2.tcci.イ"],
        &[
            "番号",
            "節",
            "主体",
            "取組",
            "状況",
            "実施済",
            "日時",
            "記録者",
        ],
    );
    expect(
        &["show", "2"],
        &["（内容）", "都の取組", "東京商工会議所の取組", "未着手"],
    );
    expect(
        &["log"],
        &["日時", "番号", "主体", "記録者", "状況", "内容", "実施中"],
    );
    expect(
        &["status"],
        &[
            "節",
            "節名",
            "主体",
            "取組",
            "進捗",
            "件数",
            "最終更新",
            "合計",
            "計",
        ],
    );
    expect(&["status", "--by", "party"], &["主体", "東商", "計"]);
    expect(&["check"], &["警告", "件"]);
    expect(&["fmt", "--check"], &["整形済み"]);
    expect(&["config"], &["設定", "値", "出所"]);
    expect(&["note", "3.ア", "告知"], &["に記録しました"]);
    expect(&["man"], &["計画"]);
}

#[test]
fn errors_speak_japanese() {
    let err = stderr_of(plan().args(["--lang", "ja", "show", "2.ヲ"]));
    assert!(
        err.contains("エラー") && err.contains("取組 `2.ヲ` は計画にありません"),
        "{err}"
    );
    let err = stderr_of(plan().args(["--lang", "ja", "list", "--party", "tokyo"]));
    assert!(err.contains("不明な主体"), "{err}");
    let err = stderr_of(plan().env("LANG", "ja_JP.UTF-8").args(["lst"]));
    assert!(
        err.contains("不明なサブコマンド `lst`") && err.contains("`list` の誤りでは？"),
        "{err}"
    );
    let err = stderr_of(plan().args(["--lang", "ja", "list", "--format", "xml"]));
    assert!(err.contains("使える値"), "{err}");
    let err = stderr_of(plan().args(["--lang", "en", "show", "2.ヲ"]));
    assert!(
        err.contains("error: no measure `2.ヲ` in the plan"),
        "{err}"
    );
}

#[test]
fn help_has_real_examples_for_every_subcommand_in_both_languages() {
    let subcommands = [
        "list",
        "show",
        "note",
        "log",
        "status",
        "check",
        "fmt",
        "schema",
        "completions",
        "man",
        "config",
        "report",
    ];
    for sub in subcommands {
        let en = stdout(plan().args(["--lang", "en", sub, "--help"]));
        assert!(
            en.contains("Examples:") || en.contains("Settings"),
            "{sub}: {en}"
        );
        assert!(
            en.contains(&format!("plan {sub}")),
            "{sub} help shows no `plan {sub}` example:\n{en}"
        );
        let ja = stdout(plan().args(["--lang", "ja", sub, "--help"]));
        assert!(ja.contains("使い方:") && ja.contains("例:"), "{sub}: {ja}");
        assert!(ja.contains(&format!("plan {sub}")), "{sub}: {ja}");
        assert!(
            !ja.contains("Examples:") && !ja.contains("Print help"),
            "{sub} help not translated:\n{ja}"
        );
    }
}

#[test]
fn wareki_dates_for_people_iso_for_scripts() {
    let tmp = plan_with_notes();
    let out = stdout(
        plan()
            .current_dir(tmp.path())
            .args(["--date-style", "wareki", "log"]),
    );
    assert!(
        out.contains("令和3年6月15日 10:00") && out.contains("令和3年7月1日 09:00"),
        "{out}"
    );
    let json = stdout(plan().current_dir(tmp.path()).args([
        "--date-style",
        "wareki",
        "log",
        "--format",
        "json",
    ]));
    assert!(
        json.contains("\"at\": \"2021-06-15T10:00:00+09:00\""),
        "{json}"
    );
    let out = stdout(
        plan()
            .current_dir(tmp.path())
            .env("PLAN_DATE_STYLE", "wareki")
            .args(["status"]),
    );
    assert!(out.contains("令和3年7月1日"), "{out}");
}

#[test]
fn version_names_the_commit() {
    let out = stdout(plan().arg("--version"));
    let re =
        predicate::str::is_match(r"^plan \d+\.\d+\.\d+ \(([0-9a-f]{7,}|unknown)\)\n$").unwrap();
    assert!(re.eval(&out), "{out}");
}

/// Issue 19: `plan 2.イ` said "unrecognized subcommand" and nothing more.
#[test]
fn an_id_typed_as_the_subcommand_gets_the_show_command_in_both_languages() {
    for (lang, tip) in [
        (
            "en",
            "tip: to show a measure or a section: `plan show 2.イ`",
        ),
        ("ja", "ヒント: 取組や節の表示は `plan show 2.イ` です"),
    ] {
        let err = stderr_of(plan().args(["--lang", lang, "2.イ"]));
        assert!(err.contains(tip), "{lang}: {err}");
    }
    let err = stderr_of(plan().args(["6"]));
    assert!(err.contains("`plan show 6`"), "{err}");
    // A misspelt subcommand still gets clap's suggestion, not this one.
    let err = stderr_of(plan().args(["lst"]));
    assert!(
        err.contains("'list'") && !err.contains("plan show"),
        "{err}"
    );
}

/// Issue 19: `--lang ja note -h` described `--force` with import's text
/// and `log --author` with note's; several flags were left in English.
#[test]
fn japanese_help_describes_each_subcommands_own_flags() {
    let note = stdout(plan().args(["--lang", "ja", "note", "-h"]));
    let line = |help: &str, flag: &str| {
        help.lines()
            .find(|l| l.trim_start().starts_with(flag) || l.contains(&format!(" {flag} ")))
            .unwrap_or_else(|| panic!("{flag} missing in:\n{help}"))
            .to_string()
    };
    assert!(line(&note, "--force").contains("年度外"), "{note}");
    assert!(!note.contains("--out の中身"), "{note}");
    for flag in [
        "--link",
        "--amend",
        "--retract",
        "--reason",
        "--allow-future",
    ] {
        let l = line(&note, flag);
        assert!(!l.is_ascii(), "{flag} is untranslated: {l}");
    }
    let log = stdout(plan().args(["--lang", "ja", "log", "-h"]));
    assert!(line(&log, "--author").contains("記録者の記録だけ"), "{log}");
    assert!(!line(&log, "--all").is_ascii(), "{log}");
    let check = stdout(plan().args(["--lang", "ja", "check", "-h"]));
    assert!(!line(&check, "--fix").is_ascii(), "{check}");
}

/// Issue 19: Japanese output mixed `（）` and `()`. It uses full-width
/// parentheses throughout (code such as `http(s)` aside).
#[test]
fn japanese_output_uses_full_width_parentheses() {
    let tmp = plan_with_notes();
    let run = |args: &[&str]| {
        let out = plan()
            .current_dir(tmp.path())
            .args(["--lang", "ja"])
            .args(args)
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let mut faults = Vec::new();
    for args in [
        &["list", "--items"][..],
        &["show", "2.イ"],
        &["show", "2.イ", "--format", "markdown"],
        &["show", "2"],
        &["show", "2.ウ.9"],
        &["status"],
        &["status", "--by", "measure", "--format", "markdown"],
        &["log"],
        &["config"],
        &["check"],
        &["report", "--as-of", "2021-09-30"],
        &["report", "--as-of", "2021-09-30", "--format", "html"],
        &[
            "note",
            "2.イ",
            "x",
            "--at",
            "2021-06-15",
            "--party",
            "nobody",
        ],
        &["--help"],
        &["note", "--help"],
        &["report", "--help"],
        &["nosuch"],
    ] {
        for line in common::half_width_parens_around_japanese(&run(args)) {
            faults.push(format!("plan --lang ja {}: {line}", args.join(" ")));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Issue 19: `--help` and the man page gave FY2021 examples whatever the
/// plan's year. They follow plan.toml's fiscal_year, in both languages.
#[test]
fn help_and_man_take_the_year_of_the_plan() {
    let scratch = common::copy_plan();
    let toml = scratch.plan_dir().join("plan.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace("fiscal_year = 2021", "fiscal_year = 2030"),
    )
    .unwrap();
    for lang in ["en", "ja"] {
        for args in [
            &["note", "--help"][..],
            &["log", "-h"],
            &["man", "note"],
            &["man", "import"],
        ] {
            let out = stdout(
                plan()
                    .current_dir(scratch.root.path())
                    .args(["--lang", lang])
                    .args(args),
            );
            assert!(!out.contains("2021"), "{lang} {args:?}:\n{out}");
            assert!(
                out.contains("2030") || out.contains("2031"),
                "{lang} {args:?}:\n{out}"
            );
        }
    }
}
