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
fn a_non_empty_directory_is_not_replaced_without_force_nor_a_plan_with_notes_with_it() {
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
    // A plan with notes is never replaced: a new year is `plan rollover`.
    import(&document, &scratch.plan_dir())
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds notes (notes/)"))
        .stderr(predicate::str::contains(
            "use `plan rollover DOCUMENT` to start a new fiscal year; last year's notes are archived",
        ));
    assert_eq!(tree(&scratch.plan_dir()), before);
    assert_eq!(entries(scratch.root.path()), vec!["plan".to_string()]);
}

#[test]
fn force_replaces_a_plan_without_notes_and_leaves_nothing_beside_it() {
    let scratch = copy_plan();
    // An empty notes/ (no note yet) goes with the old plan.
    fs::create_dir(scratch.notes_dir()).unwrap();
    import(
        &fixture("implementation-plan-fy2022.txt"),
        &scratch.plan_dir(),
    )
    .arg("--force")
    .assert()
    .success()
    .stderr(predicate::str::is_empty());
    let info = fs::read_to_string(scratch.plan_dir().join("plan.toml")).unwrap();
    assert!(info.contains("fiscal_year = 2022"));
    assert!(!scratch.notes_dir().exists());
    assert_eq!(entries(scratch.root.path()), vec!["plan".to_string()]);
    // The new directory follows the umask like the files in it (not 0700).
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(scratch.plan_dir())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    let umask = current_umask();
    assert_eq!(mode, 0o777 & !umask, "{mode:o}");
}

/// The names in a directory, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// This process's umask (set and put back).
fn current_umask() -> u32 {
    let out = std::process::Command::new("sh")
        .args(["-c", "umask"])
        .output()
        .unwrap();
    u32::from_str_radix(String::from_utf8_lossy(&out.stdout).trim(), 8).unwrap()
}

/// A repository around a plan with notes: `.git/`, README.md, `plan/`.
fn repository() -> Scratch {
    let scratch = copy_plan();
    scratch.note(&["2.tmg.イ", "セミナー実施"]);
    fs::create_dir_all(scratch.root.path().join(".git/objects")).unwrap();
    fs::write(
        scratch.root.path().join(".git/HEAD"),
        "ref: refs/heads/main\n",
    )
    .unwrap();
    fs::write(scratch.root.path().join("README.md"), "# the repository\n").unwrap();
    scratch
}

#[test]
fn force_onto_a_repository_root_is_refused_and_removes_nothing() {
    let scratch = repository();
    let root = scratch.root.path();
    let before = tree(root);
    for lang in ["en", "ja"] {
        import(&fixture("implementation-plan-fy2022.txt"), root)
            .args(["--force", "--lang", lang])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(if lang == "en" {
                "is not a plan directory (no plan.toml) and is not empty: nothing was written"
            } else {
                "計画ディレクトリ（plan.toml のあるもの）ではなく"
            }));
        assert_eq!(tree(root), before);
    }
    // A plan.toml at the root does not make the repository a plan directory.
    fs::copy(scratch.plan_dir().join("plan.toml"), root.join("plan.toml")).unwrap();
    let before = tree(root);
    import(&fixture("implementation-plan-fy2022.txt"), root)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "holds files that are not the plan's (.git, README.md, plan)",
        ));
    assert_eq!(tree(root), before);
    // Nor does `.` from inside it.
    plan(&scratch.plan_dir())
        .current_dir(root)
        .arg("import")
        .arg(fixture("implementation-plan-fy2022.txt"))
        .args(["--out", ".", "--force"])
        .assert()
        .code(2);
    assert_eq!(tree(root), before);
}

#[test]
fn force_refuses_a_plan_directory_holding_other_files() {
    let scratch = copy_plan();
    let dir = scratch.plan_dir();
    fs::write(dir.join("budget.xlsx"), "not the plan's").unwrap();
    fs::write(dir.join("schema/mine.txt"), "not the plan's").unwrap();
    let before = tree(&dir);
    import(&fixture("implementation-plan-fy2022.txt"), &dir)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "holds files that are not the plan's (budget.xlsx, schema/mine.txt)",
        ));
    assert_eq!(tree(&dir), before);
    // A link as --out is refused too (its directory is given instead).
    let link = scratch.root.path().join("link");
    std::os::unix::fs::symlink(&dir, &link).unwrap();
    import(&fixture("implementation-plan-fy2022.txt"), &link)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a link"));
    assert_eq!(tree(&dir), before);
}

/// `chattr +i PATH`, undone when dropped; `None` (with a visible notice)
/// when the file system or the user cannot.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        let ok = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            common::skipped(
                "chattr +i is not available here (needs e2fsprogs, root and a file system with attributes): the immutable-directory case is unchecked",
            );
            return None;
        }
        Some(Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .stderr(std::process::Stdio::null())
            .status();
    }
}

#[test]
fn force_when_the_old_plan_cannot_be_moved_fails_and_deletes_nothing() {
    // notes/ on another file system (as a mount point is): refused, and
    // nothing in it is touched.
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        let elsewhere = tempfile::tempdir_in(shm).unwrap();
        fs::write(elsewhere.path().join("02.toml"), "# notes kept elsewhere\n").unwrap();
        let scratch = copy_plan();
        std::os::unix::fs::symlink(elsewhere.path(), scratch.notes_dir()).unwrap();
        let before = (tree(&scratch.plan_dir()), tree(elsewhere.path()));
        import(
            &fixture("implementation-plan-fy2022.txt"),
            &scratch.plan_dir(),
        )
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plan rollover"));
        assert_eq!((tree(&scratch.plan_dir()), tree(elsewhere.path())), before);
    } else {
        common::skipped("no /dev/shm: the notes-on-another-file-system case is unchecked");
    }

    // notes/ that cannot be moved (immutable, as a mount point or a
    // read-only directory would be): refused before anything, notes intact.
    let scratch = copy_plan();
    scratch.note(&["2.tmg.イ", "セミナー実施"]);
    let before = tree(&scratch.plan_dir());
    let Some(_frozen) = Immutable::set(&scratch.notes_dir()) else {
        return;
    };
    import(
        &fixture("implementation-plan-fy2022.txt"),
        &scratch.plan_dir(),
    )
    .arg("--force")
    .assert()
    .code(2)
    .stderr(predicate::str::contains("plan rollover"));
    assert_eq!(tree(&scratch.plan_dir()), before);
    assert_eq!(entries(scratch.root.path()), vec!["plan".to_string()]);

    // A plan directory that cannot be moved aside: exit 2, the plan as it
    // was, nothing left beside it.
    let scratch = copy_plan();
    let before = tree(&scratch.plan_dir());
    let Some(frozen) = Immutable::set(&scratch.plan_dir()) else {
        return;
    };
    import(
        &fixture("implementation-plan-fy2022.txt"),
        &scratch.plan_dir(),
    )
    .arg("--force")
    .assert()
    .code(2)
    .stderr(predicate::str::contains("cannot write"));
    drop(frozen);
    assert_eq!(tree(&scratch.plan_dir()), before);
    assert_eq!(entries(scratch.root.path()), vec!["plan".to_string()]);

    // An empty notes/ that cannot be removed: the plan is replaced, the
    // rest of the old one is kept and named, never removed recursively.
    let scratch = copy_plan();
    fs::create_dir(scratch.notes_dir()).unwrap();
    let Some(_frozen) = Immutable::set(&scratch.notes_dir()) else {
        return;
    };
    let assert = import(
        &fixture("implementation-plan-fy2022.txt"),
        &scratch.plan_dir(),
    )
    .arg("--force")
    .assert()
    .success()
    .stderr(predicate::str::contains(
        "the old plan could not be removed entirely",
    ));
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let left: Vec<String> = entries(scratch.root.path())
        .into_iter()
        .filter(|n| n != "plan")
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(stderr.contains(&left[0]), "{stderr}");
    let old = scratch.root.path().join(&left[0]).join("old");
    assert!(old.join("notes").is_dir());
    let info = fs::read_to_string(scratch.plan_dir().join("plan.toml")).unwrap();
    assert!(info.contains("fiscal_year = 2022"));
    // It moved with the old plan: unfreeze it there, so the test's
    // temporary directory can go.
    drop(Immutable(old.join("notes")));
}

/// `plan import` with a time limit on the test itself, so a hang fails.
fn import_within(document: &Path, out: &Path, secs: u64) -> assert_cmd::Command {
    let mut cmd = import(document, out);
    cmd.timeout(std::time::Duration::from_secs(secs));
    cmd
}

#[test]
fn devices_and_pipes_as_documents_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    import_within(Path::new("/dev/zero"), &out, 20)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read `/dev/zero`: it is a device, not a regular file; nothing was written",
        ));
    let fifo = dir.path().join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()));
    import_within(&fifo, &out, 20)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("it is a named pipe (FIFO)"));
    assert!(!out.exists());
}

/// A directory holding a fake `pdftotext` that runs `script`, and a PATH
/// that finds it first.
fn fake_pdftotext(script: &str) -> (tempfile::TempDir, std::ffi::OsString) {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let program = bin.path().join("pdftotext");
    fs::write(&program, format!("#!/bin/sh\n{script}\n")).unwrap();
    fs::set_permissions(&program, fs::Permissions::from_mode(0o755)).unwrap();
    let mut path = bin.path().as_os_str().to_owned();
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    (bin, path)
}

#[test]
fn pdftotext_is_stopped_after_its_time_or_its_output_limit() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.pdf");
    fs::write(&bomb, "%PDF-1.7\n").unwrap();
    let out = dir.path().join("out");
    // A PDF that takes forever.
    let (_bin, path) = fake_pdftotext("exec sleep 600");
    let started = std::time::Instant::now();
    import_within(&bomb, &out, 30)
        .env("PATH", &path)
        .args(["--timeout", "1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pdftotext did not finish `"))
        .stderr(predicate::str::contains("within 1 s"))
        .stderr(predicate::str::contains("--timeout"));
    assert!(started.elapsed().as_secs() < 15, "{:?}", started.elapsed());
    // A PDF whose text never ends.
    let (_bin, path) = fake_pdftotext("exec yes 'ア 都が実施するイベントに関する周知協力・後援'");
    import_within(&bomb, &out, 60)
        .env("PATH", &path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "pdftotext gives more than 16 MiB of text",
        ));
    // Its complaints, cut short, when it fails.
    let (_bin, path) = fake_pdftotext("yes 'Syntax Error' | head -c 100000 >&2; exit 1");
    let assert = import_within(&bomb, &out, 30)
        .env("PATH", &path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pdftotext cannot read"));
    assert!(assert.get_output().stderr.len() < 20_000);
    assert!(!out.exists());
    let leftovers: Vec<_> = entries(dir.path());
    assert_eq!(leftovers, vec!["bomb.pdf".to_string()]);
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
