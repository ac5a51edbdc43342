//! Moving a year's plan into the archive and the next year's plan into its
//! place (`plan rollover`), so that a crash at any moment (kill -9, power
//! loss) leaves a complete plan in `plan/` — last year's or this year's —
//! and every note on disk, and the next `plan rollover --resume` finishes
//! or undoes what was begun.
//!
//! Everything happens through `.plan-rollover/` beside the plan directory:
//! 1. the new plan is written into `.plan-rollover/new/` and flushed, and
//!    `journal.toml` (the years and the archive path) is written;
//! 2. `ready` is written: from here on `--resume` carries the rollover
//!    through rather than undoing it;
//! 3. `plan/` and `.plan-rollover/new/` swap places in one atomic rename
//!    (`RENAME_EXCHANGE`; where the file system lacks it, two renames,
//!    with `--resume` filling the moment between them). The swap is the
//!    moment the rollover happens: when it cannot be done at all, what was
//!    staged is removed and the old plan stays as it was;
//! 4. the old plan moves from `.plan-rollover/new/` to `archive/<year>/`;
//! 5. `.plan-rollover/` is removed (only the files this module wrote).
//!
//! A lock on `.plan-rollover/lock` keeps two rollovers apart, and tells an
//! interrupted one (no lock holder) from one that is running.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::files::lineage::parent_of;
use crate::i18n::Text;
use crate::source::display_path;

/// The working folder of a rollover, beside the plan directory.
pub const WORK_DIR: &str = ".plan-rollover";
const LOCK: &str = "lock";
const JOURNAL: &str = "journal.toml";
const READY: &str = "ready";
/// The staged new plan; after the swap, the old plan on its way to the archive.
const NEW: &str = "new";
/// The old plan between the two renames where the swap is not atomic.
const OLD: &str = "old";

/// What a rollover is doing, written before anything moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// The fiscal year of the plan being archived.
    pub from_year: i32,
    /// The fiscal year of the plan taking its place.
    pub to_year: i32,
    /// Where the old plan goes, relative to the folder holding the plan.
    pub archive: PathBuf,
}

/// A rollover under way: its working folder, locked.
pub struct Work {
    dir: PathBuf,
    plan_dir: PathBuf,
    _lock: File,
}

fn io(what: Text, path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io_on(what.clone(), path, &e)
}

fn cannot_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    io(Text::new("cannot write", "に書き込めません"), path)
}

/// The working folder for the plan in `plan_dir`.
pub fn work_dir(plan_dir: &Path) -> PathBuf {
    parent_of(plan_dir).join(WORK_DIR)
}

/// Crashes on purpose at a named step when the test hook
/// `PLAN_TEST_ROLLOVER_CRASH` names it, as kill -9 would: tests use it to
/// stop a rollover at every step.
fn crash_point(step: &str) {
    if std::env::var("PLAN_TEST_ROLLOVER_CRASH").is_ok_and(|s| s == step) {
        std::process::abort();
    }
}

/// Flushes a directory, so the renames and creations in it survive a power loss.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(cannot_write(dir))
}

fn write_synced(path: &Path, content: &[u8]) -> Result<()> {
    let mut file = File::create(path).map_err(cannot_write(path))?;
    file.write_all(content).map_err(cannot_write(path))?;
    file.sync_all().map_err(cannot_write(path))
}

impl Work {
    /// Starts a rollover: creates and locks the working folder. Refuses
    /// when one exists (a rollover running, or one interrupted: `--resume`).
    pub fn begin(plan_dir: &Path) -> Result<Work> {
        let dir = work_dir(plan_dir);
        crate::error::about_to_write();
        match std::fs::create_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(interrupted(&dir));
            }
            Err(e) => return Err(cannot_write(&dir)(e)),
        }
        let lock = lock(&dir)?.ok_or_else(|| interrupted(&dir))?;
        Ok(Work {
            dir,
            plan_dir: plan_dir.to_path_buf(),
            _lock: lock,
        })
    }

    /// Where to write the new plan's files.
    pub fn staged(&self) -> PathBuf {
        self.dir.join(NEW)
    }

    /// Writes the new plan's files into the staging folder, flushed.
    pub fn stage(&self, files: &[(String, String)]) -> Result<()> {
        let staged = self.staged();
        std::fs::create_dir(&staged).map_err(cannot_write(&staged))?;
        for (name, content) in files {
            let path = staged.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(cannot_write(parent))?;
            }
            write_synced(&path, content.as_bytes())?;
        }
        Ok(())
    }

    /// Makes the rollover happen: everything staged is flushed, the
    /// journal written, then the plans swap and the old one is archived.
    pub fn commit(self, journal: &Journal) -> Result<PathBuf> {
        sync_tree(&self.staged())?;
        let text = toml::to_string(journal).map_err(|e| Error::Other(e.into()))?;
        write_synced(&self.dir.join(JOURNAL), text.as_bytes())?;
        sync_dir(&self.dir)?;
        crash_point("staged");
        write_synced(&self.dir.join(READY), b"")?;
        sync_dir(&self.dir)?;
        crash_point("ready");
        finish_or_undo(&self.plan_dir, &self.dir, journal)
    }
}

/// Flushes every file and folder under `dir` (the staged plan).
fn sync_tree(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(cannot_write(dir))?;
    for entry in entries {
        let path = entry.map_err(cannot_write(dir))?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        }
    }
    sync_dir(dir)
}

/// Takes the working folder's lock without waiting: `None` when another
/// process holds it.
fn lock(dir: &Path) -> Result<Option<File>> {
    let path = dir.join(LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(cannot_write(&path))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(e)) => Err(cannot_write(&path)(e)),
    }
}

/// Refuses to go on while a rollover's working folder exists.
pub fn ensure_none_interrupted(plan_dir: &Path) -> Result<()> {
    let dir = work_dir(plan_dir);
    if std::fs::symlink_metadata(&dir).is_ok() {
        return Err(interrupted(&dir));
    }
    Ok(())
}

fn interrupted(dir: &Path) -> Error {
    let shown = display_path(dir).display().to_string();
    Error::usage(text!(
        en: "`{shown}` exists: another plan rollover is running, or one was interrupted",
        ja: "`{shown}` があります。別の plan rollover が実行中か、中断されています",
    ))
    .help(Text::new(
        "if none is running, run `plan rollover --resume` to finish (or undo) the interrupted one",
        "実行中でなければ、`plan rollover --resume` で中断したものを完了（または取り消し）してください",
    ))
}

/// The fiscal year of the plan in `dir`, read from its plan.toml.
fn fiscal_year(dir: &Path) -> Option<i32> {
    let text = std::fs::read_to_string(dir.join(crate::files::load::PLAN_FILE)).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    doc.get("fiscal_year")?
        .as_integer()
        .and_then(|y| i32::try_from(y).ok())
}

/// Swaps two directories in one atomic rename, when the system can.
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let ca = CString::new(a.as_os_str().as_bytes())?;
        let cb = CString::new(b.as_os_str().as_bytes())?;
        // SAFETY: two NUL-terminated paths that live across the call.
        let r = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                ca.as_ptr(),
                libc::AT_FDCWD,
                cb.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if r == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
            _ => Err(e),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (a, b);
        Ok(false)
    }
}

/// Does what is left of a committed rollover (`ready` written): the swap
/// if it has not happened, the move into the archive, the clean-up.
/// Returns the archive directory.
fn finish(plan_dir: &Path, dir: &Path, journal: &Journal) -> Result<PathBuf> {
    crate::error::about_to_write();
    let parent = parent_of(plan_dir);
    let staged = dir.join(NEW);
    let old = dir.join(OLD);
    let archive = parent.join(&journal.archive);
    let plan_year = fiscal_year(plan_dir);
    if plan_year == Some(journal.from_year) && staged.is_dir() {
        // Not swapped yet.
        if !exchange(plan_dir, &staged).map_err(cannot_write(plan_dir))? {
            std::fs::rename(plan_dir, &old).map_err(cannot_write(plan_dir))?;
            sync_dir(&parent)?;
            crash_point("halfway");
            std::fs::rename(&staged, plan_dir).map_err(cannot_write(plan_dir))?;
            std::fs::rename(&old, &staged).map_err(cannot_write(&old))?;
        }
        sync_dir(&parent)?;
        sync_dir(dir)?;
        crash_point("swapped");
    } else if !plan_dir.exists() && staged.is_dir() && old.is_dir() {
        // Between the two renames of a swap without RENAME_EXCHANGE.
        std::fs::rename(&staged, plan_dir).map_err(cannot_write(plan_dir))?;
        std::fs::rename(&old, &staged).map_err(cannot_write(&old))?;
        sync_dir(&parent)?;
        sync_dir(dir)?;
    }
    if old.is_dir() && !staged.exists() {
        // Between the last two renames of a swap without RENAME_EXCHANGE.
        std::fs::rename(&old, &staged).map_err(cannot_write(&old))?;
    }
    // Now `staged` holds the old plan, unless it is archived already.
    if staged.is_dir() && fiscal_year(&staged) == Some(journal.from_year) {
        if archive.exists() {
            let shown = display_path(&archive).display().to_string();
            return Err(Error::usage(text!(
                en: "`{shown}` already exists, so last year's plan stays in `{WORK_DIR}/{NEW}`",
                ja: "`{shown}` が既にあるため、前年度の計画は `{WORK_DIR}/{NEW}` に残っています",
            ))
            .help(Text::new(
                "move the existing folder away and run `plan rollover --resume`",
                "既存のフォルダを移動してから `plan rollover --resume` を実行してください",
            )));
        }
        let archive_parent = parent_of(&archive);
        std::fs::create_dir_all(&archive_parent).map_err(cannot_write(&archive_parent))?;
        std::fs::rename(&staged, &archive).map_err(cannot_write(&archive))?;
        sync_dir(&archive_parent)?;
        sync_dir(dir)?;
        crash_point("archived");
    }
    clean_up(dir)?;
    sync_dir(&parent)?;
    Ok(archive)
}

/// Removes the working folder: only the files this module writes, then
/// the (now empty) folder; anything else found there stays, with an error.
fn clean_up(dir: &Path) -> Result<()> {
    for name in [READY, JOURNAL, LOCK] {
        match std::fs::remove_file(dir.join(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot_write(&dir.join(name))(e)),
        }
    }
    std::fs::remove_dir(dir).map_err(|e| {
        let shown = display_path(dir).display().to_string();
        Error::io_on(Text::new("cannot remove", "を削除できません"), dir, &e).help(text!(
            en: "look at what is left in `{shown}`, keep what you need elsewhere, and remove the folder",
            ja: "`{shown}` に残っているものを確かめ、必要なものを移してからフォルダを削除してください",
        ))
    })
}

/// What `plan rollover --resume` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resumed {
    /// There was nothing to resume.
    Nothing,
    /// The rollover had not been committed: the staged plan was removed,
    /// and the old plan is untouched.
    Undone,
    /// The rollover was committed and is now complete.
    Finished { journal: Journal, archive: PathBuf },
}

/// Finishes a committed rollover that was interrupted, or undoes one that
/// was not committed (its staged files are removed; nothing else moved).
pub fn resume(plan_dir: &Path) -> Result<Resumed> {
    let dir = work_dir(plan_dir);
    if !dir.is_dir() {
        return Ok(Resumed::Nothing);
    }
    let Some(_lock) = lock(&dir)? else {
        let shown = display_path(&dir).display().to_string();
        return Err(Error::usage(text!(
            en: "another plan rollover is running (it holds `{shown}`)",
            ja: "別の plan rollover が実行中です（`{shown}` を使用中）",
        ))
        .help(Text::new(
            "wait for it to finish",
            "終わるまでお待ちください",
        )));
    };
    if dir.join(READY).is_file() {
        let path = dir.join(JOURNAL);
        let text = std::fs::read_to_string(&path)
            .map_err(io(Text::new("cannot read", "を読めません"), &path))?;
        let journal: Journal = toml::from_str(&text).map_err(|e| {
            let shown = display_path(&path).display().to_string();
            let why = e.message().to_string();
            Error::usage(text!(
                en: "`{shown}` cannot be read: {why}",
                ja: "`{shown}` を読めません: {why}",
            ))
        })?;
        let archive = finish_or_undo(plan_dir, &dir, &journal)?;
        return Ok(Resumed::Finished { journal, archive });
    }
    // Not committed: the old plan never moved.
    undo(&dir)?;
    Ok(Resumed::Undone)
}

/// Removes what a rollover staged (only that) and its working folder; the
/// plan in place was never touched.
fn undo(dir: &Path) -> Result<()> {
    crate::error::about_to_write();
    let staged = dir.join(NEW);
    if staged.is_dir() {
        std::fs::remove_dir_all(&staged).map_err(cannot_write(&staged))?;
    }
    clean_up(dir)
}

/// [`finish`], or, when the plans could not swap places at all (a plan
/// directory that is a mount point, immutable, or on another file system),
/// the rollover undone: the swap is what makes it happen, so until then
/// the old plan stays as it was.
fn finish_or_undo(plan_dir: &Path, dir: &Path, journal: &Journal) -> Result<PathBuf> {
    let error = match finish(plan_dir, dir, journal) {
        Ok(archive) => return Ok(archive),
        Err(e) => e,
    };
    let staged = dir.join(NEW);
    let not_swapped = fiscal_year(plan_dir) == Some(journal.from_year)
        && fiscal_year(&staged) == Some(journal.to_year)
        && !dir.join(OLD).exists();
    if not_swapped && undo(dir).is_ok() {
        let shown = display_path(plan_dir).display().to_string();
        return Err(error.help(text!(
            en: "`{shown}` could not be moved (is it a mount point, read-only or immutable?): the rollover was undone and nothing changed",
            ja: "`{shown}` を移動できませんでした（マウントポイント、読み取り専用、変更不可ではありませんか）。rollover は取り消し、何も変更していません",
        )));
    }
    Err(error)
}
