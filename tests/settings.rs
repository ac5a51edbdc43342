//! Settings and their precedence (flag > environment > plan.toml >
//! built-in), `plan config`, the pager, and the man page.

mod common;

use std::path::Path;
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::{Value, json};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `plan` with nothing set in the environment (and no user config file).
fn plan(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("plan").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .env("PLAN_CONFIG", dir.join("no-user-config.toml"))
        .env("PLAN_CACHE_DIR", common::test_cache_dir());
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
/// user.name is 設定 太郎; `settings` lines go into plan.toml's `[settings]`.
fn scratch(settings: &str) -> tempfile::TempDir {
    let tmp = common::copy_plan().root;
    common::add_settings(&tmp.path().join("plan"), settings);
    if !common::installed("git", "git") {
        return tmp;
    }
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

/// `plan config --format json` as `{name: [value, source, origin]}`.
fn config(cmd: &mut Command) -> Value {
    let out = cmd.args(["config", "--format", "json"]).assert().success();
    let rows: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let mut map = serde_json::Map::new();
    for row in rows.as_array().unwrap() {
        map.insert(
            row["name"].as_str().unwrap().to_string(),
            json!([row["value"], row["source"], row["origin"]]),
        );
    }
    Value::Object(map)
}

fn recorded_author(cmd: &mut Command, extra: &[&str]) -> String {
    let out = cmd
        // The same note each time: --force records the repeat.
        .args(["note", "2.イ", "x", "--force", "--format", "json"])
        .args(extra)
        .assert()
        .success();
    let note: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    note["author"].as_str().unwrap().to_string()
}

#[test]
fn config_lists_every_setting_with_its_source() {
    if !common::installed("git", "git") {
        return;
    }
    let tmp = scratch("");
    let c = config(&mut plan(tmp.path()));
    assert_eq!(c["lang"], json!(["en", "default", null]));
    assert_eq!(c["date_style"], json!(["iso", "default", null]));
    assert_eq!(c["party"], json!(["tmg", "plan", "default_party"]));
    assert_eq!(c["author"], json!(["設定 太郎", "git", "user.name"]));
    assert_eq!(c["pager"], json!(["less -FRX", "default", null]));
    assert_eq!(c["color"], json!(["never", "env", "NO_COLOR"]));
    assert_eq!(c["plan"][1], "search");
    assert!(c["plan"][0].as_str().unwrap().ends_with("plan"), "{c}");

    let c = config(
        plan(tmp.path())
            .env("PLAN_LANG", "ja")
            .env("PLAN_PARTY", "tcci")
            .env("PLAN_AUTHOR", "環境 花子")
            .env("PLAN_PAGER", "more"),
    );
    // JSON keeps English keys whatever the UI language.
    assert_eq!(c["lang"], json!(["ja", "env", "PLAN_LANG"]));
    assert_eq!(c["party"], json!(["tcci", "env", "PLAN_PARTY"]));
    assert_eq!(c["author"], json!(["環境 花子", "env", "PLAN_AUTHOR"]));
    assert_eq!(c["pager"], json!(["more", "env", "PLAN_PAGER"]));

    let c = config(plan(tmp.path()).env("PLAN_LANG", "ja").args([
        "--lang",
        "en",
        "--no-pager",
        "--color",
        "always",
    ]));
    assert_eq!(c["lang"], json!(["en", "flag", "--lang"]));
    assert_eq!(c["pager"], json!(["off", "flag", "--no-pager"]));
    assert_eq!(c["color"], json!(["always", "flag", "--color"]));
}

#[test]
fn config_reports_what_actually_won() {
    let tmp = scratch("");
    // No --color flag: the source is never the flag.
    let c = config(plan(tmp.path()).env_remove("NO_COLOR"));
    assert_eq!(c["color"], json!(["auto", "default", null]));
    // --plan beats PLAN_DIR, and says so.
    let other = common::copy_plan().root;
    let c = config(
        plan(tmp.path())
            .env("PLAN_DIR", other.path())
            .arg("--plan")
            .arg(tmp.path()),
    );
    assert_eq!(c["plan"][1], "flag");
    assert_eq!(c["plan"][2], "--plan");
    let shown = c["plan"][0].as_str().unwrap().to_string();
    assert!(
        shown.starts_with(&tmp.path().display().to_string()),
        "{shown}"
    );
    let c = config(plan(tmp.path()).env("PLAN_DIR", other.path()));
    let expected = other.path().join("plan").display().to_string();
    assert_eq!(c["plan"], json!([expected, "env", "PLAN_DIR"]));
    // The table says it in the UI language.
    let out = plan(tmp.path())
        .env("PLAN_LANG", "ja")
        .arg("config")
        .assert()
        .success();
    let table = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(table.contains("環境変数 PLAN_LANG"), "{table}");
}

#[test]
fn an_invalid_value_in_plan_toml_is_a_located_diagnostic_not_a_silent_fallback() {
    let tmp = scratch("lang = \"jp\"\n");
    let out = plan(tmp.path())
        .args(["config", "--format", "json"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    let text = std::fs::read_to_string(tmp.path().join("plan/plan.toml")).unwrap();
    let line = text.lines().position(|l| l.starts_with("lang = ")).unwrap() + 1;
    assert!(stderr.contains("P014"), "{stderr}");
    assert!(stderr.contains(&format!("plan.toml:{line}:8")), "{stderr}");
    // Other commands refuse the plan, pointing at the same place.
    plan(tmp.path())
        .arg("list")
        .assert()
        .code(3)
        .stderr(predicates::str::contains(format!("plan.toml:{line}:8")));
}

#[test]
fn the_user_config_file_sits_between_the_environment_and_plan_toml() {
    let tmp = scratch("lang = \"en\"\nauthor = \"ファイル 次郎\"\n");
    let user = tmp.path().join("user.toml");
    std::fs::write(
        &user,
        "author = \"利用者 四郎\"\nlang = \"ja\"\ndate_style = \"wareki\"\ncolor = \"never\"\n",
    )
    .unwrap();
    let c = config(
        plan(tmp.path())
            .env("PLAN_CONFIG", &user)
            .env_remove("NO_COLOR"),
    );
    assert_eq!(c["author"], json!(["利用者 四郎", "user-config", "author"]));
    assert_eq!(c["lang"], json!(["ja", "user-config", "lang"]));
    assert_eq!(
        c["date_style"],
        json!(["wareki", "user-config", "date_style"])
    );
    assert_eq!(c["color"], json!(["never", "user-config", "color"]));
    assert_eq!(
        recorded_author(plan(tmp.path()).env("PLAN_CONFIG", &user), &[]),
        "利用者 四郎"
    );
    // The environment beats it.
    let c = config(
        plan(tmp.path())
            .env("PLAN_CONFIG", &user)
            .env("PLAN_AUTHOR", "環境 花子"),
    );
    assert_eq!(c["author"], json!(["環境 花子", "env", "PLAN_AUTHOR"]));
    // A typo in it is a warning with its place, and work goes on.
    std::fs::write(&user, "autor = \"x\"\nlang = \"fr\"\n").unwrap();
    let out = plan(tmp.path())
        .env("PLAN_CONFIG", &user)
        .args(["list", "--format", "ids"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("user.toml:1:1"), "{stderr}");
    assert!(stderr.contains("did you mean `author`?"), "{stderr}");
    assert!(stderr.contains("user.toml:2:8"), "{stderr}");
}

#[test]
fn plan_toml_settings_sit_between_environment_and_defaults() {
    let tmp = scratch("lang = \"ja\"\ndate_style = \"wareki\"\nauthor = \"ファイル 次郎\"\n");
    let c = config(&mut plan(tmp.path()));
    assert_eq!(c["lang"], json!(["ja", "plan", "[settings] lang"]));
    assert_eq!(
        c["date_style"],
        json!(["wareki", "plan", "[settings] date_style"])
    );
    assert_eq!(
        c["author"],
        json!(["ファイル 次郎", "plan", "[settings] author"])
    );
    let c = config(plan(tmp.path()).env("PLAN_DATE_STYLE", "iso"));
    assert_eq!(c["date_style"], json!(["iso", "env", "PLAN_DATE_STYLE"]));
}

#[test]
fn author_precedence_is_flag_env_file_git_login() {
    if !common::installed("git", "git") {
        return;
    }
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
    let with_file = scratch("author = \"ファイル 次郎\"\n");
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
    // Callers check `common::installed("script", "bsdutils")` first.
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
    if !common::installed("script", "bsdutils") {
        return;
    }
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
fn a_pager_that_cannot_start_does_not_lose_the_output() {
    if !common::installed("script", "bsdutils") {
        return;
    }
    let tmp = scratch("");
    let bin = assert_cmd::cargo::cargo_bin("plan");
    let out = Process::new("script")
        .args(["-qec", &format!("{} list", bin.display()), "/dev/null"])
        .current_dir(tmp.path())
        .env("PAGER", "no-such-pager-anywhere")
        .env_remove("PLAN_PAGER")
        .env("NO_COLOR", "1")
        .env("PLAN_CONFIG", tmp.path().join("none.toml"))
        .env("LINES", "5")
        .env_remove("PLAN_DIR")
        .output()
        .expect("script(1) from util-linux");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("1.tmg.ア") && text.contains("6.tcci.オ"),
        "{text}"
    );
}

#[test]
fn man_page_is_valid_roff() {
    if !common::installed("groff", "groff-base") {
        return;
    }
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
        esc(plan(repo())
            .env("NO_COLOR", "1")
            .args(["--color", "always", "list"])),
        "a flag beats NO_COLOR (no-color.org)"
    );
    assert!(
        !esc(plan(repo()).env("NO_COLOR", "1").arg("list")),
        "NO_COLOR without a flag"
    );
    if !common::installed("script", "bsdutils") {
        return;
    }
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

/// Every subcommand's name.
fn subcommands() -> Vec<String> {
    let help = plan(repo())
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A wrapped description's next line is indented further.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn a_short_flag_means_one_thing_in_every_command() {
    let mut meaning: std::collections::BTreeMap<String, (String, String)> = Default::default();
    let commands = subcommands();
    assert!(commands.len() >= 14, "{commands:?}");
    for command in commands {
        let help = plan(repo())
            .args([&command, "--help"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        for line in String::from_utf8(help).unwrap().lines() {
            // "  -s, --status <STATUS>  …"
            let line = line.trim_start();
            let Some(rest) = line.strip_prefix('-') else {
                continue;
            };
            let Some((short, long)) = rest.split_once(", --") else {
                continue;
            };
            let long = long.split([' ', '<']).next().unwrap().to_string();
            match meaning.get(short) {
                Some((first, where_)) => assert_eq!(
                    &long, first,
                    "-{short} is --{first} in `plan {where_}` but --{long} in `plan {command}`"
                ),
                None => {
                    meaning.insert(short.to_string(), (long, command.clone()));
                }
            }
        }
    }
    assert_eq!(meaning["s"].0, "status");
    assert_eq!(meaning["S"].0, "section");
}

#[test]
fn japanese_help_has_no_english_boilerplate_left() {
    let mut commands = subcommands();
    commands.push(String::new());
    for command in commands {
        let mut cmd = plan(repo());
        cmd.args(["--lang", "ja"]);
        if !command.is_empty() {
            cmd.arg(&command);
        }
        let help = cmd
            .arg("--help")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let help = String::from_utf8(help).unwrap();
        for english in [
            "Possible values",
            "[default:",
            "[env:",
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "Print version",
        ] {
            assert!(
                !help.contains(english),
                "`plan {command} --help` says {english}:\n{help}"
            );
        }
    }
    let page = plan(repo())
        .args(["man"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(page).unwrap();
    assert!(page.contains(".SH EXAMPLES"), "{page}");
    assert!(!page.contains(".SH EXTRA"), "{page}");
}

#[test]
fn party_in_the_user_config_is_a_setting_between_the_environment_and_the_plan() {
    let tmp = scratch("");
    let user = tmp.path().join("user.toml");
    std::fs::write(&user, "party = \"tcci\"\n").unwrap();
    let with_user = || {
        let mut cmd = plan(tmp.path());
        cmd.env("PLAN_CONFIG", &user);
        cmd
    };
    // Accepted (no P010), named as the source by plan config.
    let out = with_user()
        .args(["config", "--format", "json"])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(!stderr.contains("P010"), "{stderr}");
    let c = config(&mut with_user());
    assert_eq!(c["party"], json!(["tcci", "user-config", "party"]));
    // Below the environment and the flag, above plan.toml's default_party.
    let c = config(with_user().env("PLAN_PARTY", "tmg"));
    assert_eq!(c["party"], json!(["tmg", "env", "PLAN_PARTY"]));
    let id = |cmd: &mut Command, extra: &[&str]| {
        let out = cmd
            .args(["show", "2.イ", "--format", "json"])
            .args(extra)
            .assert()
            .success();
        let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        v["id"].as_str().unwrap().to_string()
    };
    assert_eq!(id(&mut with_user(), &[]), "2.tcci.イ");
    assert_eq!(id(&mut with_user(), &["--party", "tmg"]), "2.tmg.イ");
    // A party that is not one of the plan's is refused when it is used.
    std::fs::write(&user, "party = \"nhk\"\n").unwrap();
    with_user()
        .args(["show", "2.イ"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("nhk"));
}
