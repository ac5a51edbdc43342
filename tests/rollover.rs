//! `plan rollover` and `plan history`: a repository rolled from FY2021 to
//! FY2022 and FY2023, every note kept, the lineage recorded and followed,
//! and a rollover killed at every step leaving a loadable plan.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Std;

use common::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// The FY2022 document of the fixtures (2.tmg.イ inserted, which
/// renumbers イ–エ; 2.tcci.オ removed; 4.tmg.イ reworded).
fn fy2022() -> PathBuf {
    fixture("implementation-plan-fy2022.txt")
}

/// A FY2023 document written from FY2022's: another measure inserted at
/// the top of section 2's TMG measures, so every one of them moves again.
fn fy2023(dir: &Path) -> PathBuf {
    let text = fs::read_to_string(fy2022()).unwrap();
    let text = text
        .replace("令和４年度（2022 年度）", "令和５年度（2023 年度）")
        .replace("令和４年（2022 年）", "令和５年（2023 年）");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut inserted = false;
    let mut relabel = false;
    let next = |l: &str| -> String {
        let kana = ["ア", "イ", "ウ", "エ", "オ", "カ", "キ"];
        for (i, k) in kana.iter().enumerate() {
            for lead in ["", "  ", "   "] {
                let prefix = format!("{lead}{k} ");
                if let Some(rest) = l.strip_prefix(&prefix) {
                    return format!("{lead}{} {rest}", kana[i + 1]);
                }
            }
        }
        l.to_string()
    };
    for line in lines {
        if !inserted
            && line
                .trim_start()
                .starts_with("ア 東京テレワーク推進センターの運営")
        {
            out.push("ア テレワーク相談窓口の設置".to_string());
            out.push(String::new());
            relabel = true;
            inserted = true;
        }
        if relabel && line.contains("東京商工会議所の取組") {
            relabel = false;
        }
        out.push(if relabel {
            next(line)
        } else {
            line.to_string()
        });
    }
    assert!(
        inserted,
        "the FY2022 fixture has section 2's first TMG measure"
    );
    let path = dir.join("plan-fy2023.txt");
    fs::write(&path, out.join("\n") + "\n").unwrap();
    path
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Std::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// Every note line (not comments) under `dir`, recursively.
fn note_lines(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(note_lines(&path));
        } else if path.parent().is_some_and(|p| p.ends_with("notes")) {
            for line in fs::read_to_string(&path).unwrap().lines() {
                if line.starts_with('"') {
                    out.insert(line.to_string());
                }
            }
        }
    }
    out
}

fn fiscal_year(plan_dir: &Path) -> i64 {
    let text = fs::read_to_string(plan_dir.join("plan.toml")).unwrap();
    let doc: toml::Table = toml::from_str(&text).unwrap();
    doc["fiscal_year"].as_integer().unwrap()
}

/// `plan check -D` passes (only the plan's allowed warnings).
fn check_clean(plan_dir: &Path) {
    let out = plan(plan_dir)
        .args(["check", "--deny-warnings"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "plan check: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn rollover(scratch: &Scratch, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = scratch.plan_as_author();
    cmd.arg("rollover").args(args);
    cmd
}

/// A git repository with the shipped plan and a few FY2021 notes.
fn fy2021_repository() -> Scratch {
    let s = copy_plan();
    git(s.root.path(), &["init", "-q"]);
    s.note(&[
        "2.tmg.ウ",
        "推進デスクを設置",
        "--status",
        "done",
        "--at",
        "2021-06-01",
    ]);
    s.note(&[
        "2.tmg.イ",
        "導入支援を開始",
        "--status",
        "active",
        "--at",
        "2021-06-02",
    ]);
    s.note(&[
        "2.tcci.オ",
        "働きかけを実施",
        "--status",
        "active",
        "--at",
        "2021-07-01",
    ]);
    s.note(&[
        "4.tmg.イ",
        "EXPO 準備",
        "--status",
        "blocked",
        "--at",
        "2021-08-01",
    ]);
    git(s.root.path(), &["add", "-A"]);
    git(s.root.path(), &["commit", "-qm", "FY2021"]);
    s
}

#[test]
fn three_years_keep_every_note_and_follow_a_renumbered_measure() {
    let s = fy2021_repository();
    let root = s.root.path();
    let fy2021_notes = note_lines(&s.notes_dir());
    assert_eq!(fy2021_notes.len(), 4);

    let out = stdout_of(rollover(&s, &[fy2022().to_str().unwrap(), "--carry"]).env("LANG", "C"));
    assert!(out.contains("1 new, 1 ended"), "{out}");
    assert!(out.contains("4 renumbered, 2 reworded"), "{out}");
    assert_eq!(fiscal_year(&s.plan_dir()), 2022);
    assert_eq!(fiscal_year(&root.join("archive/2021")), 2021);
    // Last year's notes moved whole, byte for byte.
    assert_eq!(note_lines(&root.join("archive/2021/notes")), fy2021_notes);
    assert!(!root.join(".plan-rollover").exists());
    // The new year starts with only the carried notes: active 2.tmg.イ (now
    // ウ) and blocked 4.tmg.イ; not done 2.tmg.ウ, not ended 2.tcci.オ.
    let carried = note_lines(&s.notes_dir());
    assert_eq!(carried.len(), 2, "{carried:#?}");
    let joined: String = carried.iter().cloned().collect();
    assert!(joined.contains(r#"id = "2.tmg.ウ""#), "{joined}");
    assert!(joined.contains("2021年度の 2.tmg.イ から継続"), "{joined}");
    assert!(joined.contains(r#"status = "active""#), "{joined}");
    assert!(joined.contains(r#"id = "4.tmg.イ""#) && joined.contains(r#"status = "blocked""#));
    // The lineage is in the files, where a person can read and fix it.
    let telework = fs::read_to_string(s.plan_dir().join("02-telework.toml")).unwrap();
    assert!(telework.contains("# New in FY2022: it continues no measure of FY2021."));
    assert!(telework.contains("continues = \"2.tcci.カ\""), "{telework}");
    let plan_toml = fs::read_to_string(s.plan_dir().join("plan.toml")).unwrap();
    assert!(plan_toml.contains("[previous]\nfiscal_year = 2021\nended = [\n  \"2.tcci.オ\",\n]"));
    check_clean(&s.plan_dir());
    check_clean(&root.join("archive/2021"));
    // Staged in git: the archive holds exactly what plan/ held (git
    // records no moves; it finds them, here as copies since plan/ lives on).
    let staged = git(
        root,
        &[
            "diff",
            "--cached",
            "--name-status",
            "-C",
            "--find-copies-harder",
        ],
    );
    for file in [
        "notes/02.toml",
        "notes/04.toml",
        "02-telework.toml",
        "plan.toml",
    ] {
        let line = format!("C100\tplan/{file}\tarchive/2021/{file}");
        assert!(staged.contains(&line), "{line} in {staged}");
    }
    assert_eq!(
        git(root, &["status", "--porcelain", "--untracked-files=all"])
            .lines()
            .filter(|l| l.starts_with("??"))
            .count(),
        0
    );
    git(root, &["commit", "-qm", "FY2022"]);

    // The status carried over shows in the new year.
    let status = json_of(s.plan().args(["show", "2.tmg.ウ", "--format", "json"]));
    assert_eq!(status["status"], "active", "{status}");

    // The report can show last year's final status beside this year's.
    let report = stdout_of(
        s.plan()
            .args(["report", "--last-year", "--as-of", "2022-04-30"]),
    );
    let row = |id: &str| {
        report
            .lines()
            .find(|l| l.starts_with(&format!("| {id} |")))
            .unwrap_or_else(|| panic!("no row for {id}:\n{report}"))
            .to_string()
    };
    assert!(
        row("2.tmg.エ").contains("Last year: ● done (2.tmg.ウ)"),
        "{}",
        row("2.tmg.エ")
    );
    assert!(
        row("2.tmg.ウ").contains("Last year: ◐ active (2.tmg.イ)"),
        "{}",
        row("2.tmg.ウ")
    );
    assert!(
        !row("2.tmg.イ").contains("Last year"),
        "new: {}",
        row("2.tmg.イ")
    );
    let without = stdout_of(s.plan().args(["report", "--as-of", "2022-04-30"]));
    assert!(!without.contains("Last year"));
    let html = stdout_of(s.plan().args(["report", "--last-year", "--format", "html"]));
    assert!(
        html.contains("class=\"last-year\""),
        "the HTML report shows it too"
    );

    let fy2023 = fy2023(root);
    let out = stdout_of(&mut rollover(&s, &[fy2023.to_str().unwrap()]));
    assert!(out.contains("1 new, 0 ended"), "{out}");
    assert_eq!(fiscal_year(&s.plan_dir()), 2023);
    assert!(
        note_lines(&s.notes_dir()).is_empty(),
        "no --carry: no notes"
    );
    assert_eq!(note_lines(&root.join("archive/2022/notes")), carried);
    assert_eq!(note_lines(&root.join("archive/2021/notes")), fy2021_notes);
    check_clean(&s.plan_dir());
    check_clean(&root.join("archive/2022"));

    // FY2021 2.tmg.ウ → FY2022 2.tmg.エ → FY2023 2.tmg.オ.
    let history = json_of(s.plan().args(["history", "2.tmg.オ", "--format", "json"]));
    let rows: Vec<(i64, &str, Value, &str, i64)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["fiscal_year"].as_i64().unwrap(),
                r["id"].as_str().unwrap(),
                r["change"].clone(),
                r["status"].as_str().unwrap(),
                r["notes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (2021, "2.tmg.ウ", Value::Null, "done", 1),
            (2022, "2.tmg.エ", "renumbered".into(), "planned", 0),
            (2023, "2.tmg.オ", "renumbered".into(), "planned", 0),
        ]
    );
    // The reworded measure, and the table for people.
    let table = stdout_of(s.plan().args(["--lang", "ja", "history", "4.tmg.イ"]));
    assert!(
        table.contains("文言変更") && table.contains("保留"),
        "{table}"
    );

    // plan diff pairs by the stored lineage: correct a pairing by hand and
    // the diff follows it.
    let diff = || -> Vec<(Value, Value, Value)> {
        let out = s
            .plan()
            .args(["diff", "--format", "json"])
            .arg(root.join("archive/2022"))
            .arg(s.plan_dir())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["measures"].as_array().unwrap().clone())
            .map(|m| {
                (
                    m["old_id"].clone(),
                    m["new_id"].clone(),
                    m["change"].clone(),
                )
            })
            .collect()
    };
    let pairs = diff();
    assert!(pairs.contains(&("2.tmg.エ".into(), "2.tmg.オ".into(), "renumbered".into())));
    assert!(pairs.contains(&(Value::Null, "2.tmg.ア".into(), "added".into())));
    let path = s.plan_dir().join("02-telework.toml");
    let text = fs::read_to_string(&path).unwrap();
    let text = text.replacen("continues = \"2.tmg.ア\"\n", "", 1).replacen(
        "text = \"テレワーク相談窓口の設置\"\n",
        "text = \"テレワーク相談窓口の設置\"\ncontinues = \"2.tmg.ア\"\n",
        1,
    );
    fs::write(&path, text).unwrap();
    check_clean(&s.plan_dir());
    let pairs = diff();
    assert!(
        pairs.contains(&("2.tmg.ア".into(), "2.tmg.ア".into(), "changed".into())),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&(Value::Null, "2.tmg.イ".into(), "added".into())),
        "{pairs:?}"
    );
}

#[test]
fn a_document_not_after_the_plan_is_refused_and_nothing_changes() {
    let s = fy2021_repository();
    let before = note_lines(s.root.path());
    let out = rollover(&s, &[source_path().to_str().unwrap()])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("plan of FY2021, not later than the current plan's FY2021"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(fiscal_year(&s.plan_dir()), 2021);
    assert!(!s.root.path().join("archive").exists());
    assert!(!s.root.path().join(".plan-rollover").exists());
    assert_eq!(note_lines(s.root.path()), before);
    assert!(git(s.root.path(), &["status", "--porcelain"]).is_empty());
}

fn source_path() -> PathBuf {
    repo_root().join("docs/source-fy2021.txt")
}

#[test]
fn an_archive_already_there_is_refused_and_nothing_changes() {
    let s = fy2021_repository();
    fs::create_dir_all(s.root.path().join("archive/2021")).unwrap();
    fs::write(s.root.path().join("archive/2021/keep.txt"), "mine").unwrap();
    rollover(&s, &[fy2022().to_str().unwrap()]).assert().code(2);
    assert_eq!(fiscal_year(&s.plan_dir()), 2021);
    assert_eq!(
        fs::read_to_string(s.root.path().join("archive/2021/keep.txt")).unwrap(),
        "mine"
    );
    assert!(!s.root.path().join(".plan-rollover").exists());
}

/// After a crash: `plan/` is a complete plan of FY2021 or FY2022, and every
/// FY2021 note is on disk (in plan/, archive/ or the rollover's folder).
fn assert_consistent(s: &Scratch, notes: &BTreeSet<String>) -> i64 {
    let year = fiscal_year(&s.plan_dir());
    assert!(year == 2021 || year == 2022, "{year}");
    plan(&s.plan_dir()).arg("status").assert().success();
    let on_disk = note_lines(s.root.path());
    assert!(
        notes.is_subset(&on_disk),
        "lost: {:?}",
        notes.difference(&on_disk)
    );
    year
}

/// After `--resume`: the rollover is done (FY2022 in plan/, FY2021's notes
/// in archive/2021) or undone (FY2021 in plan/ with its notes), and the
/// working folder is gone.
fn assert_resumed(s: &Scratch, notes: &BTreeSet<String>) -> i64 {
    s.plan_as_author()
        .args(["rollover", "--resume"])
        .assert()
        .success();
    let root = s.root.path();
    assert!(!root.join(".plan-rollover").exists());
    let year = fiscal_year(&s.plan_dir());
    match year {
        2022 => {
            assert_eq!(&note_lines(&root.join("archive/2021/notes")), notes);
            check_clean(&s.plan_dir());
            check_clean(&root.join("archive/2021"));
        }
        2021 => {
            assert_eq!(&note_lines(&s.notes_dir()), notes);
            assert!(!root.join("archive").exists());
            check_clean(&s.plan_dir());
        }
        other => panic!("fiscal year {other}"),
    }
    year
}

#[test]
fn a_rollover_killed_at_each_step_loses_nothing_and_resume_ends_it() {
    for (step, expected) in [
        ("staged", 2021),
        ("ready", 2022),
        ("swapped", 2022),
        ("archived", 2022),
    ] {
        let s = fy2021_repository();
        let notes = note_lines(&s.notes_dir());
        let out = rollover(&s, &[fy2022().to_str().unwrap(), "--carry"])
            .env("PLAN_TEST_ROLLOVER_CRASH", step)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{step}: the crash hook ran");
        assert_consistent(&s, &notes);
        // Another rollover refuses to start over an interrupted one.
        let again = rollover(&s, &[fy2022().to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2), "{step}");
        assert!(
            String::from_utf8_lossy(&again.stderr).contains("--resume"),
            "{step}"
        );
        assert_eq!(assert_resumed(&s, &notes), expected, "{step}");
        // A second resume has nothing left to do.
        let out = stdout_of(s.plan().args(["rollover", "--resume"]));
        assert!(out.contains("no interrupted rollover"), "{out}");
    }
}

#[test]
fn a_rollover_killed_at_random_moments_loses_nothing() {
    use std::time::{Duration, Instant};
    // How long a whole rollover takes here, to spread the kills over it.
    let s = fy2021_repository();
    let start = Instant::now();
    rollover(&s, &[fy2022().to_str().unwrap(), "--carry"])
        .assert()
        .success();
    let whole = start.elapsed().max(Duration::from_millis(20));
    for i in 0..12u32 {
        let s = fy2021_repository();
        let notes = note_lines(&s.notes_dir());
        let mut child = std_plan(&s.plan_dir())
            .args(["rollover", fy2022().to_str().unwrap(), "--carry"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole * i / 10);
        // SIGKILL, as kill -9.
        let _ = child.kill();
        let _ = child.wait();
        assert_consistent(&s, &notes);
        assert_resumed(&s, &notes);
    }
}

#[test]
fn a_plan_at_the_root_of_a_repository_is_not_moved() {
    let s = fy2021_repository();
    // The plan directory itself holding .git: moving it would move the
    // repository.
    git(&s.plan_dir(), &["init", "-q"]);
    let before = note_lines(s.root.path());
    let out = rollover(&s, &[fy2022().to_str().unwrap()]).assert().code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("root of a git repository"), "{err}");
    assert!(s.plan_dir().join(".git").is_dir());
    assert_eq!(fiscal_year(&s.plan_dir()), 2021);
    assert_eq!(note_lines(s.root.path()), before);
    assert!(!s.root.path().join(".plan-rollover").exists());
}

/// Makes a directory immutable (chattr +i) for the life of the value.
struct Immutable(PathBuf);

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Std::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn a_plan_that_cannot_be_moved_is_left_as_it_was() {
    let s = fy2021_repository();
    let before = note_lines(s.root.path());
    let made = Std::new("chattr")
        .arg("+i")
        .arg(s.plan_dir())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|st| st.success());
    if !made {
        common::skipped(
            "chattr +i is not available here: the immutable plan directory is unchecked",
        );
        return;
    }
    let _guard = Immutable(s.plan_dir());
    let out = rollover(&s, &[fy2022().to_str().unwrap(), "--carry"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the rollover was undone and nothing changed"),
        "{err}"
    );
    assert_eq!(fiscal_year(&s.plan_dir()), 2021);
    assert_eq!(note_lines(s.root.path()), before);
    assert!(!s.root.path().join(".plan-rollover").exists());
    assert!(!s.root.path().join("archive").exists());
}
