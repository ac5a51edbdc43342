//! The exit codes the README documents, each produced by the case it names.

mod common;

use common::*;

/// The `| code | meaning |` rows of the README's exit-code table.
fn documented_codes() -> Vec<i32> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let table = readme
        .split("## Exit codes")
        .nth(1)
        .expect("README has an Exit codes section");
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.trim_matches('|').split('|').next()?.trim().parse().ok())
        .collect()
}

#[test]
fn every_documented_exit_code_is_what_its_case_returns() {
    assert_eq!(documented_codes(), vec![0, 1, 2, 3, 4, 5, 6]);
    // 0: success.
    plan(&shipped_plan()).arg("list").assert().code(0);
    // 1: problems found.
    let broken = copy_plan();
    let section = broken.plan_dir().join("02-telework.toml");
    let text = std::fs::read_to_string(&section).unwrap();
    std::fs::write(&section, text.replace("label = \"イ\"", "label = \"キ\"")).unwrap();
    plan(&broken.plan_dir()).arg("check").assert().code(1);
    // 2: usage or bad input.
    plan(&shipped_plan())
        .args(["show", "2.ヲ"])
        .assert()
        .code(2);
    plan(&shipped_plan())
        .args(["list", "--no-such-flag"])
        .assert()
        .code(2);
    // 3: the plan files are invalid.
    plan(&broken.plan_dir()).arg("list").assert().code(3);
    // 4: a bug, with a message instead of an abort.
    plan(&shipped_plan())
        .arg("list")
        .env("PLAN_TEST_PANIC", "1")
        .assert()
        .code(4)
        .stderr(predicates::str::contains("internal error"))
        .stderr(predicates::str::contains("please report it"));
    if !installed("git", "git") {
        return;
    }
    // 5: git failed (here: a branch without an upstream to sync with).
    let root = tempfile::tempdir().unwrap();
    let git = |dir: &std::path::Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.jp"])
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let (bare, a, b) = (
        root.path().join("r.git"),
        root.path().join("a"),
        root.path().join("b"),
    );
    git(
        root.path(),
        &["init", "-q", "--bare", "-b", "main", "r.git"],
    );
    copy_dir(&shipped_plan(), &a.join("plan"));
    std::fs::write(a.join("README.txt"), "v0\n").unwrap();
    git(&a, &["init", "-q", "-b", "main"]);
    git(&a, &["add", "-A"]);
    git(&a, &["commit", "-q", "-m", "plan"]);
    plan_as_author(&a.join("plan")).arg("sync").assert().code(5);
    // 6: a conflict outside the notes (the rebase is aborted).
    git(&a, &["push", "-q", "-u", bare.to_str().unwrap(), "main"]);
    git(&a, &["remote", "add", "origin", bare.to_str().unwrap()]);
    git(&a, &["fetch", "-q", "origin"]);
    git(&a, &["branch", "-q", "--set-upstream-to=origin/main"]);
    git(root.path(), &["clone", "-q", bare.to_str().unwrap(), "b"]);
    std::fs::write(b.join("README.txt"), "b\n").unwrap();
    git(&b, &["commit", "-q", "-am", "b"]);
    git(&b, &["push", "-q"]);
    std::fs::write(a.join("README.txt"), "a\n").unwrap();
    git(&a, &["commit", "-q", "-am", "a"]);
    plan_as_author(&a.join("plan")).arg("sync").assert().code(6);
}
