//! Notes recorded in two clones of a plan repository merge without conflict,
//! thanks to the shipped `plan/.gitattributes` (union merge of notes files).

mod common;
mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use tempfile::TempDir;

/// Runs git in `dir` with no user or system configuration.
fn git_output(dir: &Path, args: &[&str]) -> Output {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_MERGE_AUTOEDIT", "no")
        .env("GIT_EDITOR", "true")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .output()
        .expect("git runs")
}

/// Runs git and asserts it succeeded.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = git_output(dir, args);
    assert!(
        output.status.success(),
        "git {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn configure(dir: &Path, name: &str) {
    git(dir, &["config", "user.name", name]);
    git(
        dir,
        &["config", "user.email", &format!("{name}@example.com")],
    );
    git(dir, &["config", "pull.rebase", "false"]);
}

/// An origin repository holding a copy of the plan, and two clones of it.
struct Repos {
    _root: TempDir,
    origin: PathBuf,
    a: PathBuf,
    b: PathBuf,
}

impl Repos {
    /// `seed_notes`: notes recorded (and committed) in origin before cloning.
    fn new(with_attributes: bool, seed_notes: &[&[&str]]) -> Repos {
        let root = tempfile::tempdir().unwrap();
        let origin = root.path().join("origin");
        fs::create_dir(&origin).unwrap();
        git(&origin, &["init", "-q", "-b", "main"]);
        configure(&origin, "origin");
        // Pushing to origin's checked-out branch updates its files.
        git(
            &origin,
            &["config", "receive.denyCurrentBranch", "updateInstead"],
        );
        copy_dir(&shipped_plan(), &origin.join("plan"));
        let attributes = origin.join("plan/.gitattributes");
        assert!(attributes.is_file(), "the plan ships a .gitattributes");
        if !with_attributes {
            fs::remove_file(&attributes).unwrap();
        }
        for args in seed_notes {
            plan_as_author(&origin)
                .arg("note")
                .args(*args)
                .assert()
                .success();
        }
        git(&origin, &["add", "-A"]);
        git(&origin, &["commit", "-q", "-m", "Plan FY2021"]);
        let url = format!("file://{}", origin.display());
        let mut clones = Vec::new();
        for name in ["a", "b"] {
            git(root.path(), &["clone", "-q", &url, name]);
            let clone = root.path().join(name);
            configure(&clone, name);
            clones.push(clone);
        }
        let b = clones.pop().unwrap();
        let a = clones.pop().unwrap();
        Repos {
            _root: root,
            origin,
            a,
            b,
        }
    }

    /// Records notes in a clone (the plan is found through the repository
    /// root) and commits them.
    fn record(clone: &Path, notes: &[(&str, &str)]) {
        for (text, at) in notes {
            plan_as_author(clone)
                .args(["note", "2.tmg.イ", text, "--at", at])
                .assert()
                .success();
        }
        git(clone, &["add", "-A"]);
        git(clone, &["commit", "-q", "-m", "Progress notes"]);
    }

    /// Both clones record two notes on 2.tmg.イ; A pushes; B pulls.
    fn diverge_and_pull(&self) -> Output {
        Repos::record(
            &self.a,
            &[
                ("A の一件目", "2021-06-01T10:00:00+09:00"),
                ("A の二件目", "2021-06-02T10:00:00+09:00"),
            ],
        );
        Repos::record(
            &self.b,
            &[
                ("B の一件目", "2021-06-03T10:00:00+09:00"),
                ("B の二件目", "2021-06-04T10:00:00+09:00"),
            ],
        );
        git(&self.a, &["push", "-q", "origin", "main"]);
        git_output(&self.b, &["pull", "--no-rebase", "origin", "main"])
    }
}

fn texts_in_log(dir: &Path) -> Vec<String> {
    log_json(dir)
        .iter()
        .map(|n| str_field(n, "text").to_string())
        .collect()
}

fn assert_merged_cleanly(repos: &Repos, pull: &Output, earlier: &[&str]) {
    assert!(
        pull.status.success(),
        "git pull failed:\n{}\n{}",
        String::from_utf8_lossy(&pull.stdout),
        String::from_utf8_lossy(&pull.stderr)
    );
    assert_eq!(git(&repos.b, &["status", "--porcelain"]), "");
    let mut expected = vec!["B の二件目", "B の一件目", "A の二件目", "A の一件目"];
    expected.extend_from_slice(earlier);
    assert_eq!(texts_in_log(&repos.b), expected);
    let notes = fs::read_to_string(repos.b.join("plan/notes/02.toml")).unwrap();
    assert!(!notes.contains("<<<<<<<"), "{notes}");
    let whole: Result<toml::Table, _> = toml::from_str(&notes);
    assert!(whole.is_ok(), "{notes}");
    plan(&repos.b).arg("list").assert().success();
    plan(&repos.b).args(["show", "2.tmg.イ"]).assert().success();
}

#[test]
fn notes_recorded_in_two_clones_merge_without_conflict() {
    if !installed("git", "git") {
        return;
    }
    let repos = Repos::new(true, &[]);
    let pull = repos.diverge_and_pull();
    // Origin got A's notes with the push.
    assert_eq!(texts_in_log(&repos.origin).len(), 2);
    assert_merged_cleanly(&repos, &pull, &[]);
}

#[test]
fn notes_appended_to_an_existing_notes_file_in_two_clones_merge_without_conflict() {
    if !installed("git", "git") {
        return;
    }
    let repos = Repos::new(true, &[&["2.tmg.イ", "元の記録", "--at", "2021-05-01"]]);
    let pull = repos.diverge_and_pull();
    assert_merged_cleanly(&repos, &pull, &["元の記録"]);
    // The original note is there once.
    let notes = fs::read_to_string(repos.b.join("plan/notes/02.toml")).unwrap();
    assert_eq!(notes.matches("元の記録").count(), 1);
}

#[test]
fn without_the_gitattributes_the_same_notes_conflict() {
    if !installed("git", "git") {
        return;
    }
    let repos = Repos::new(false, &[]);
    let pull = repos.diverge_and_pull();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&pull.stdout),
        String::from_utf8_lossy(&pull.stderr)
    );
    assert!(!pull.status.success(), "{said}");
    assert!(said.contains("CONFLICT"), "{said}");
    assert!(said.contains("plan/notes/02.toml"), "{said}");
    let notes = fs::read_to_string(repos.b.join("plan/notes/02.toml")).unwrap();
    assert!(notes.contains("<<<<<<<"), "{notes}");
    // Reading goes on, with every note of both sides and a warning ...
    let log = plan(&repos.b).arg("log").assert().success();
    let out = String::from_utf8_lossy(&log.get_output().stdout).to_string();
    let err = String::from_utf8_lossy(&log.get_output().stderr).to_string();
    for text in ["A の一件目", "A の二件目", "B の一件目", "B の二件目"] {
        assert!(out.contains(text), "{text} in\n{out}");
    }
    assert!(err.contains("P050"), "{err}");
    // ... and `plan check` fails, saying how to resolve it.
    plan(&repos.b)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicates::str::contains("P050"))
        .stdout(predicates::str::contains("git checkout -m -- FILE"));
}

#[test]
fn without_the_gitattributes_appends_to_an_existing_notes_file_conflict() {
    if !installed("git", "git") {
        return;
    }
    let repos = Repos::new(false, &[&["2.tmg.イ", "元の記録", "--at", "2021-05-01"]]);
    let pull = repos.diverge_and_pull();
    assert!(!pull.status.success());
    let said = String::from_utf8_lossy(&pull.stdout);
    assert!(said.contains("CONFLICT"), "{said}");
}

/// The key of the only note `plan log --all --format json` shows in `dir`
/// with this text.
fn key_of(dir: &Path, text: &str) -> String {
    let notes = json_array_of(plan(dir).args(["log", "--all", "--format", "json"]));
    let found: Vec<&serde_json::Value> = notes.iter().filter(|n| n["text"] == text).collect();
    assert_eq!(found.len(), 1, "one note says {text}: {notes:?}");
    str_field(found[0], "key").to_string()
}

/// Runs `plan note ARGS` in a clone and commits the result.
fn correct(clone: &Path, args: &[&str]) {
    plan_as_author(clone)
        .arg("note")
        .args(args)
        .assert()
        .success();
    git(clone, &["add", "-A"]);
    git(clone, &["commit", "-q", "-m", "Correction"]);
}

#[test]
fn one_clone_retracts_a_note_the_other_amended_and_the_merge_is_deterministic() {
    if !installed("git", "git") {
        return;
    }
    let repos = Repos::new(
        true,
        &[&[
            "2.tmg.イ",
            "セミナー実施",
            "--status",
            "done",
            "--at",
            "2021-06-01",
        ]],
    );
    let key = key_of(&repos.a, "セミナー実施");
    let short = &key[key.len() - 16..key.len() - 8];
    // A withdraws the note; B corrects its text.
    correct(
        &repos.a,
        &["--retract", short, "--reason", "別の取組の記録"],
    );
    correct(&repos.b, &["--amend", short, "セミナー実施（2回）"]);
    git(&repos.a, &["push", "-q", "origin", "main"]);
    let pull = git_output(&repos.b, &["pull", "--no-rebase", "origin", "main"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    // Both corrections are kept, the plan loads, and the retraction wins
    // over the amendment whichever side merged: the measure is planned again.
    plan(&repos.b).arg("check").assert().success();
    let shown = json_of(plan(&repos.b).args(["show", "2.tmg.イ", "--format", "json"]));
    assert_eq!(shown["status"], "planned", "{shown}");
    assert_eq!(shown["history"], serde_json::json!([]), "{shown}");
    let all = json_array_of(plan(&repos.b).args(["log", "--all", "--format", "json"]));
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(
        all.iter()
            .all(|n| n["retracted_by"].is_string() || n["retracts"].is_string())
    );
    // The other direction gives the same answer.
    git(&repos.b, &["push", "-q", "origin", "main"]);
    git(&repos.a, &["pull", "-q", "--no-rebase", "origin", "main"]);
    let shown = json_of(plan(&repos.a).args(["show", "2.tmg.イ", "--format", "json"]));
    assert_eq!(shown["status"], "planned", "{shown}");
}

#[test]
fn octopus_merge_conflict_is_p050_with_a_hint_that_works_and_reads_keep_every_note() {
    if !support::have("git") {
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let repo = root.path();
    copy_dir(&shipped_plan(), &repo.join("plan"));
    git(repo, &["init", "-q", "-b", "main"]);
    configure(repo, "main");
    let note = |id: &str, text: &str| {
        plan_as_author(repo)
            .args(["note", id, text, "--at", "2021-06-15"])
            .assert()
            .success();
    };
    note("2.tmg.ア", "共通の記録");
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "base"]);
    let both = ["A の一件目", "A の二件目", "B の一件目", "B の二件目"];
    for (branch, texts) in [("a", &both[..2]), ("b", &both[2..])] {
        git(repo, &["checkout", "-q", "-b", branch, "main"]);
        for t in texts {
            note("2.tmg.イ", t);
        }
        git(repo, &["commit", "-q", "-am", branch]);
    }
    git(repo, &["checkout", "-q", "main"]);
    // `git merge a b` ignores merge=union and leaves conflict markers.
    let merge = git_output(repo, &["merge", "a", "b"]);
    assert!(!merge.status.success(), "{merge:?}");
    let notes = fs::read_to_string(repo.join("plan/notes/02.toml")).unwrap();
    assert!(notes.contains("<<<<<<<"), "{notes}");

    plan(repo)
        .arg("check")
        .assert()
        .code(1)
        .stdout(predicates::str::contains("error[P050]"))
        .stdout(predicates::str::contains("git checkout -m -- FILE"));
    // Read commands warn and show every note of both sides.
    let log = plan(repo).arg("log").assert().success();
    let out = String::from_utf8_lossy(&log.get_output().stdout).to_string();
    let err = String::from_utf8_lossy(&log.get_output().stderr).to_string();
    assert!(err.contains("P050"), "{err}");
    for t in both.iter().chain(&["共通の記録"]) {
        assert!(out.contains(t), "{t} in\n{out}");
    }
    for args in [&["list"][..], &["status"], &["show", "2.tmg.イ"]] {
        plan(repo).args(args).assert().success();
    }

    // The hint works: the merge redone as a union keeps all five notes.
    git(repo, &["checkout", "-m", "--", "plan/notes/02.toml"]);
    plan(repo).arg("check").assert().success();
    assert_eq!(texts_in_log(repo).len(), 5);
}

#[test]
fn two_clones_amend_one_note_the_merge_keeps_one_version_in_force_and_check_warns_with_both_keys() {
    if !installed("git", "git") {
        return;
    }
    let repos = Repos::new(true, &[&["2.tmg.イ", "セミナー実施", "--at", "2021-06-01"]]);
    let key = key_of(&repos.a, "セミナー実施");
    let short = &key[key.len() - 16..key.len() - 8];
    correct(&repos.a, &["--amend", short, "セミナー実施（A）"]);
    correct(&repos.b, &["--amend", short, "セミナー実施（B）"]);
    git(&repos.a, &["push", "-q", "origin", "main"]);
    let pull = git_output(&repos.b, &["pull", "--no-rebase", "origin", "main"]);
    assert!(
        pull.status.success(),
        "{}",
        String::from_utf8_lossy(&pull.stderr)
    );
    git(&repos.b, &["push", "-q", "origin", "main"]);
    git(&repos.a, &["pull", "-q", "--no-rebase", "origin", "main"]);
    // The same version is in force on both sides (the lines are in a
    // different order in each clone's file).
    let in_force = |dir: &Path| {
        let log = log_json(dir);
        assert_eq!(log.len(), 1, "{log:?}");
        str_field(&log[0], "key").to_string()
    };
    let (in_a, in_b) = (in_force(&repos.a), in_force(&repos.b));
    assert_eq!(in_a, in_b);
    let (ka, kb) = (
        key_of(&repos.a, "セミナー実施（A）"),
        key_of(&repos.a, "セミナー実施（B）"),
    );
    // By recording time, then key: the greater wins.
    let rank = |k: &str| (k.rsplit_once('-').unwrap().0.to_string(), k.to_string());
    let expected = if rank(&ka) > rank(&kb) { &ka } else { &kb };
    assert_eq!(&in_a, expected);
    // plan check warns about the fork, naming both keys (a warning: exit 0).
    for dir in [&repos.a, &repos.b] {
        let out = plan(dir).args(["check"]).assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned()
            + &String::from_utf8_lossy(&out.get_output().stderr);
        assert!(text.contains("P051"), "{text}");
        assert!(text.contains(&ka) && text.contains(&kb), "{text}");
    }
}
