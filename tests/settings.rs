//! Settings and their precedence (flag > environment > plan.toml >
//! built-in), `plan config`, the pager, and the man page.

mod common;

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `plan` with nothing set in the environment.
fn plan(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("plan").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1").env("LANG", "C");
    for var in [
        "PLAN_DIR",
        "PLAN_LANG",
        "PLAN_PARTY",
        "PLAN_AUTHOR",
        "PLAN_DATE_STYLE",
        "PLAN_PAGER",
        "PAGER",
        "LC_ALL",
        "LC_MESSAGES",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// A copy of the shipped plan in `<tmp>/plan`, in a git repository whose
/// user.name is 設定 太郎; `extra` is appended to plan.toml.
fn scratch(extra: &str) -> tempfile::TempDir {
    let tmp = common::copy_plan().root;
    let toml = tmp.path().join("plan/plan.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}{extra}")).unwrap();
    let git = |args: &[&str]| {
        assert!(
            Process::new("git")
                .args(args)
                .current_dir(tmp.path())
                .output()
                .unwrap()
                .status
                .success()
        )
    };
    git(&["init", "-q"]);
    git(&["config", "user.name", "設定 太郎"]);
    tmp
}

fn config(cmd: &mut Command) -> Value {
    let out = cmd.args(["config", "--format", "json"]).assert().success();
    let rows: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut map = serde_json::Map::new();
    for row in rows.as_array().unwrap() {
        map.insert(
            row["name"].as_str().unwrap().to_string(),
            serde_json::json!([row["value"], row["source"]]),
        );
    }
    Value::Object(map)
}

fn recorded_author(cmd: &mut Command, extra: &[&str]) -> String {
    let out = cmd
        .args(["note", "2.イ", "x", "--format", "json"])
        .args(extra)
        .assert()
        .success();
    let note: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    note["author"].as_str().unwrap().to_string()
}

#[test]
fn config_lists_every_setting_with_its_source() {
    let tmp = scratch("");
    let c = config(&mut plan(tmp.path()));
    assert_eq!(c["lang"], serde_json::json!(["en", "built-in default"]));
    assert_eq!(
        c["date_style"],
        serde_json::json!(["iso", "built-in default"])
    );
    assert_eq!(
        c["party"],
        serde_json::json!(["tmg", "plan.toml default_party"])
    );
    assert_eq!(
        c["author"],
        serde_json::json!(["設定 太郎", "git config user.name"])
    );
    assert_eq!(
        c["pager"],
        serde_json::json!(["less -FRX", "built-in default"])
    );
    assert!(c["plan"][0].as_str().unwrap().ends_with("plan"), "{c}");

    let c = config(
        plan(tmp.path())
            .env("PLAN_LANG", "ja")
            .env("PLAN_PARTY", "tcci")
            .env("PLAN_AUTHOR", "環境 花子")
            .env("PLAN_PAGER", "more"),
    );
    assert_eq!(c["lang"], serde_json::json!(["ja", "環境変数 PLAN_LANG"]));
    assert_eq!(
        c["party"],
        serde_json::json!(["tcci", "環境変数 PLAN_PARTY"])
    );
    assert_eq!(
        c["author"],
        serde_json::json!(["環境 花子", "環境変数 PLAN_AUTHOR"])
    );
    assert_eq!(
        c["pager"],
        serde_json::json!(["more", "環境変数 PLAN_PAGER"])
    );

    let c = config(
        plan(tmp.path())
            .env("PLAN_LANG", "ja")
            .args(["--lang", "en", "--no-pager"]),
    );
    assert_eq!(c["lang"], serde_json::json!(["en", "flag --lang"]));
    assert_eq!(c["pager"], serde_json::json!(["off", "flag --no-pager"]));
}

#[test]
fn plan_toml_settings_sit_between_environment_and_defaults() {
    let tmp = scratch(
        "\n[settings]\nlang = \"ja\"\ndate_style = \"wareki\"\nauthor = \"ファイル 次郎\"\n",
    );
    let c = config(&mut plan(tmp.path()));
    assert_eq!(
        c["lang"],
        serde_json::json!(["ja", "plan.toml の [settings] lang"])
    );
    assert_eq!(
        c["date_style"],
        serde_json::json!(["wareki", "plan.toml の [settings] date_style"])
    );
    assert_eq!(
        c["author"],
        serde_json::json!(["ファイル 次郎", "plan.toml の [settings] author"])
    );
    let c = config(plan(tmp.path()).env("PLAN_DATE_STYLE", "iso"));
    assert_eq!(
        c["date_style"],
        serde_json::json!(["iso", "環境変数 PLAN_DATE_STYLE"])
    );
}

#[test]
fn author_precedence_is_flag_env_file_git_login() {
    let tmp = scratch("");
    assert_eq!(
        recorded_author(&mut plan(tmp.path()), &[]),
        "設定 太郎",
        "git config user.name"
    );
    assert_eq!(
        recorded_author(plan(tmp.path()).env("PLAN_AUTHOR", "環境 花子"), &[]),
        "環境 花子"
    );
    assert_eq!(
        recorded_author(
            plan(tmp.path()).env("PLAN_AUTHOR", "環境 花子"),
            &["--author", "旗 三郎"]
        ),
        "旗 三郎"
    );
    let with_file = scratch("\n[settings]\nauthor = \"ファイル 次郎\"\n");
    assert_eq!(
        recorded_author(&mut plan(with_file.path()), &[]),
        "ファイル 次郎",
        "file beats git"
    );
    assert_eq!(
        recorded_author(plan(with_file.path()).env("PLAN_AUTHOR", "環境 花子"), &[]),
        "環境 花子",
        "env beats file"
    );
    // Outside any git repository, with no git identity: the login name.
    let no_git = common::copy_plan().root;
    let author = recorded_author(
        plan(no_git.path())
            .env("HOME", no_git.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("USER", "login-name"),
        &[],
    );
    assert_eq!(author, "login-name");
}

#[test]
fn party_precedence_is_flag_env_default() {
    let tmp = scratch("");
    let id = |cmd: &mut Command, extra: &[&str]| {
        let out = cmd
            .args(["show", "2.イ", "--format", "json"])
            .args(extra)
            .assert()
            .success();
        let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        v["id"].as_str().unwrap().to_string()
    };
    assert_eq!(id(&mut plan(tmp.path()), &[]), "2.tmg.イ");
    assert_eq!(
        id(plan(tmp.path()).env("PLAN_PARTY", "東商"), &[]),
        "2.tcci.イ"
    );
    assert_eq!(
        id(
            plan(tmp.path()).env("PLAN_PARTY", "東商"),
            &["--party", "tmg"]
        ),
        "2.tmg.イ"
    );
}

fn run_on_a_terminal(tmp: &Path, args: &str, pager_log: &Path) -> bool {
    let bin = assert_cmd::cargo::cargo_bin("plan");
    let status = Process::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .current_dir(tmp)
        .env("PLAN_PAGER", format!("cat > {}", pager_log.display()))
        .env("NO_COLOR", "1")
        .env_remove("PLAN_DIR")
        .output()
        .expect("script(1) from util-linux");
    assert!(status.status.success());
    pager_log.exists()
}

#[test]
fn long_output_is_paged_on_a_terminal_only() {
    let tmp = scratch("");
    let log = tmp.path().join("paged.txt");
    assert!(
        run_on_a_terminal(tmp.path(), "list", &log),
        "a terminal gets the pager"
    );
    assert!(std::fs::read_to_string(&log).unwrap().contains("2.tmg.イ"));
    std::fs::remove_file(&log).unwrap();
    assert!(
        !run_on_a_terminal(tmp.path(), "list --no-pager", &log),
        "--no-pager"
    );
    assert!(
        !run_on_a_terminal(tmp.path(), "show 1.ア", &log),
        "short output is not paged"
    );
    plan(tmp.path())
        .env("PLAN_PAGER", format!("cat > {}", log.display()))
        .arg("list")
        .assert()
        .success();
    assert!(!log.exists(), "piped output is never paged");
}

#[test]
fn man_page_is_valid_roff() {
    for args in [vec!["man"], vec!["man", "note"]] {
        let out = plan(repo())
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let page = String::from_utf8(out).unwrap();
        assert!(page.starts_with(".ie") || page.starts_with(".TH"), "{page}");
        let name = if args.len() == 1 { "plan" } else { "plan-note" };
        assert!(page.contains(&format!(".TH {name} 1")), "{page}");
        let mut groff = Process::new("groff")
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .stdin(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("groff is installed (see .ci/run)");
        std::io::Write::write_all(groff.stdin.as_mut().unwrap(), page.as_bytes()).unwrap();
        let result = groff.wait_with_output().unwrap();
        assert!(result.status.success());
        assert_eq!(
            String::from_utf8_lossy(&result.stderr),
            "",
            "groff warnings for {args:?}"
        );
    }
    plan(repo()).args(["man", "nosuch"]).assert().code(2);
}

#[test]
fn colour_only_when_asked_for_or_on_a_terminal_and_never_with_no_color() {
    let esc = |cmd: &mut Command| cmd.assert().success().get_output().stdout.contains(&0x1b);
    assert!(
        !esc(plan(repo()).env_remove("NO_COLOR").arg("list")),
        "piped: no colour"
    );
    assert!(
        esc(plan(repo())
            .env_remove("NO_COLOR")
            .args(["--color", "always", "list"])),
        "--color always"
    );
    assert!(
        !esc(plan(repo())
            .env("NO_COLOR", "1")
            .args(["--color", "always", "list"])),
        "NO_COLOR wins"
    );
    let bin = assert_cmd::cargo::cargo_bin("plan");
    let on_tty = |no_color: bool| {
        let mut cmd = Process::new("script");
        cmd.args([
            "-qec",
            &format!("{} --no-pager list --section 1", bin.display()),
            "/dev/null",
        ])
        .current_dir(repo())
        .env_remove("NO_COLOR")
        .env("TERM", "xterm");
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        cmd.output().unwrap().stdout.contains(&0x1b)
    };
    assert!(on_tty(false), "a terminal gets colour");
    assert!(!on_tty(true), "NO_COLOR on a terminal");
}
