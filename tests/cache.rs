//! The cache of a plan as last read (`src/files/cache.rs`): `plan list`
//! and `plan status` read it instead of the files only while no file has
//! changed, and say exactly what they say without it.

mod common;

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Scratch, copy_plan, stdout_of};
use tempfile::TempDir;

/// A plan is kept only when no file changed in the two seconds before.
const SETTLE: Duration = Duration::from_millis(2_100);

/// A scratch plan with notes of every kind (a status, an amendment, a
/// retraction, a sub-item), its files settled, and a cache directory of
/// its own.
fn settled_plan() -> (Scratch, TempDir) {
    let scratch = copy_plan();
    scratch.note(&["2.イ", "説明会", "--status", "active", "--at", "2021-05-01"]);
    scratch.note(&[
        "2.tmg.イ.1",
        "完了",
        "--status",
        "done",
        "--at",
        "2021-06-01",
    ]);
    scratch.note(&[
        "4.tcci.ア",
        "誤り",
        "--status",
        "dropped",
        "--at",
        "2021-06-02",
    ]);
    let wrong = common::key_of(&scratch, "誤り");
    scratch.note(&["--retract", &wrong, "--reason", "別の取組"]);
    scratch.note(&["6.tmg.ア", "20社", "--status", "done", "--at", "2021-07-01"]);
    let first = common::key_of(&scratch, "20社");
    scratch.note(&["--amend", &first, "21社"]);
    std::thread::sleep(SETTLE);
    (scratch, tempfile::tempdir().unwrap())
}

/// `plan ARGS` on the scratch plan with its own cache directory.
fn run(scratch: &Scratch, cache: &Path, args: &[&str]) -> String {
    stdout_of(scratch.plan().env("PLAN_CACHE_DIR", cache).args(args))
}

/// The one cache file in `cache`, if any.
fn cache_file(cache: &Path) -> Option<PathBuf> {
    let files: Vec<PathBuf> = fs::read_dir(cache)
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "plan-cache"))
        .collect();
    assert!(files.len() <= 1, "one cache file per plan: {files:?}");
    files.into_iter().next()
}

/// The inode of the cache file: a cache written again is a new file.
fn cache_inode(cache: &Path) -> Option<u64> {
    Some(fs::metadata(cache_file(cache)?).unwrap().ino())
}

/// What the tests compare: every form of `list` and `status`.
const VIEWS: [&[&str]; 5] = [
    &["list", "--format", "json"],
    &["list", "--items"],
    &["status"],
    &["status", "--by", "measure", "--format", "csv"],
    &["status", "--as-of", "2021-06-01", "--format", "json"],
];

fn views(scratch: &Scratch, cache: &Path) -> Vec<String> {
    VIEWS.iter().map(|args| run(scratch, cache, args)).collect()
}

fn views_without_cache(scratch: &Scratch) -> Vec<String> {
    VIEWS
        .iter()
        .map(|args| stdout_of(scratch.plan().env("PLAN_NO_CACHE", "1").args(*args)))
        .collect()
}

#[test]
fn a_settled_plan_is_kept_and_read_back_the_same() {
    let (scratch, cache) = settled_plan();
    let read = views_without_cache(&scratch);
    assert!(
        cache_file(cache.path()).is_none(),
        "PLAN_NO_CACHE keeps nothing"
    );
    assert!(read[0].contains("\"in_progress\"") || read[0].contains("\"active\""));

    let first = views(&scratch, cache.path());
    let kept = cache_inode(cache.path()).expect("the first run keeps the plan");
    let again = views(&scratch, cache.path());
    assert_eq!(cache_inode(cache.path()), Some(kept), "later runs read it");
    assert_eq!(first, read);
    assert_eq!(again, read);
}

#[test]
fn every_change_to_the_files_is_seen() {
    let (scratch, cache) = settled_plan();
    let mut kept = keep(&scratch, cache.path());

    // A new note, written beside the file and renamed over it.
    scratch.note(&[
        "1.tmg.ア",
        "開始",
        "--status",
        "active",
        "--at",
        "2021-08-01",
    ]);
    assert_eq!(views(&scratch, cache.path()), views_without_cache(&scratch));
    assert!(run(&scratch, cache.path(), &["list", "--format", "json"]).contains("\"1.tmg.ア\""));
    kept = keep_again(&scratch, cache.path(), kept);

    // The same file written in place, to the same size, and its
    // modification time set back: only its change time says it changed.
    let notes = scratch.notes_file(1);
    let text = fs::read_to_string(&notes).unwrap();
    assert!(text.contains("status = \"active\""));
    let edited = text.replace("status = \"active\"", "status = \"done\"  ");
    assert_eq!(edited.len(), text.len());
    let modified = fs::metadata(&notes).unwrap().modified().unwrap();
    overwrite_in_place(&notes, &edited);
    fs::File::options()
        .write(true)
        .open(&notes)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(fs::metadata(&notes).unwrap().modified().unwrap(), modified);
    let list = run(&scratch, cache.path(), &["list", "--format", "json"]);
    assert_eq!(list, views_without_cache(&scratch)[0]);
    assert!(list.contains("\"done\""));
    kept = keep_again(&scratch, cache.path(), kept);

    // A section's text edited in place, to the same size.
    let section = scratch.plan_dir().join("05-women.toml");
    let text = fs::read_to_string(&section).unwrap();
    let edited = text.replacen("女性", "男性", 1);
    assert_ne!(edited, text);
    overwrite_in_place(&section, &edited);
    let list = run(&scratch, cache.path(), &["list", "--format", "json"]);
    assert_eq!(list, views_without_cache(&scratch)[0]);
    assert!(list.contains("男性"));
    kept = keep_again(&scratch, cache.path(), kept);

    // A notes file removed, then a section file added.
    fs::remove_file(scratch.notes_file(1)).unwrap();
    assert_eq!(views(&scratch, cache.path()), views_without_cache(&scratch));
    kept = keep_again(&scratch, cache.path(), kept);
    // (A copy of section 1: two sections numbered 1 fail every command.)
    let copy = fs::read_to_string(scratch.plan_dir().join("01-work-style-reform.toml")).unwrap();
    fs::write(scratch.plan_dir().join("99-copy.toml"), copy).unwrap();
    scratch
        .plan()
        .env("PLAN_CACHE_DIR", cache.path())
        .arg("list")
        .assert()
        .failure();
    // Removed again, the files are those the cache was kept for: it is used.
    fs::remove_file(scratch.plan_dir().join("99-copy.toml")).unwrap();
    assert_eq!(views(&scratch, cache.path()), views_without_cache(&scratch));
    assert_eq!(cache_inode(cache.path()), Some(kept));
}

/// Runs every view once the files have settled, and returns the inode of
/// the cache they kept.
fn keep(scratch: &Scratch, cache: &Path) -> u64 {
    views(scratch, cache);
    cache_inode(cache).expect("a settled plan is kept")
}

/// [`keep`] after a change: the cache is written again, not reused.
fn keep_again(scratch: &Scratch, cache: &Path, before: u64) -> u64 {
    std::thread::sleep(SETTLE);
    assert_eq!(views(scratch, cache), views_without_cache(scratch));
    let after = cache_inode(cache).expect("a settled plan is kept");
    assert_ne!(after, before, "the changed plan is kept anew");
    after
}

/// Writes `text` over the file's bytes without making a new file.
fn overwrite_in_place(path: &Path, text: &str) {
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(0)).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

#[test]
fn a_plan_just_changed_is_not_kept() {
    let scratch = copy_plan();
    scratch.note(&["2.イ", "説明会", "--status", "active"]);
    let cache = tempfile::tempdir().unwrap();
    run(&scratch, cache.path(), &["status"]);
    assert!(
        cache_file(cache.path()).is_none(),
        "a file changed less than two seconds ago may change again unseen"
    );
}

#[test]
fn a_damaged_cache_is_not_used_and_is_written_again() {
    let (scratch, cache) = settled_plan();
    let read = views_without_cache(&scratch);
    views(&scratch, cache.path());
    let file = cache_file(cache.path()).unwrap();
    let mut bytes = fs::read(&file).unwrap();
    for at in [bytes.len() / 2, bytes.len() - 1, 20] {
        bytes[at] ^= 0x20;
        fs::write(&file, &bytes).unwrap();
        let inode = cache_inode(cache.path());
        assert_eq!(views(&scratch, cache.path()), read);
        assert_ne!(cache_inode(cache.path()), inode, "written again");
        bytes = fs::read(&file).unwrap();
    }
    for cut in [0, 10, bytes.len() / 3] {
        fs::write(&file, &bytes[..cut]).unwrap();
        assert_eq!(views(&scratch, cache.path()), read);
    }
}

#[test]
fn a_plan_with_a_problem_is_never_kept() {
    let (scratch, cache) = settled_plan();
    let notes = scratch.notes_file(2);
    let mut text = fs::read_to_string(&notes).unwrap();
    text.push_str("this is not a note\n");
    fs::write(&notes, text).unwrap();
    std::thread::sleep(SETTLE);
    for _ in 0..2 {
        scratch
            .plan()
            .env("PLAN_CACHE_DIR", cache.path())
            .arg("list")
            .assert()
            .success()
            .stderr(predicates::str::contains("notes/02.toml:"));
    }
    assert!(cache_file(cache.path()).is_none());
}

#[test]
fn a_cache_that_cannot_be_written_changes_nothing() {
    let (scratch, _) = settled_plan();
    let read = views_without_cache(&scratch);
    let blocker = tempfile::NamedTempFile::new().unwrap();
    assert_eq!(views(&scratch, blocker.path()), read);
    let nested = blocker.path().join("below-a-file");
    assert_eq!(views(&scratch, &nested), read);
}
