//! Writing what `plan render` and `plan import` produce: a file or a whole
//! plan directory, each all at once (a temporary beside the target, then a
//! rename), so a failure leaves the old content or nothing, never half.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::Text;

fn cannot_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io_on(Text::new("cannot write", "に書き込めません"), path, &e)
}

/// Writes `content` to `path` through a temporary file in the same directory.
pub fn write_file(path: &Path, content: &str) -> Result<()> {
    crate::files::atomic::write_file(path, content.as_bytes())
}

/// Refuses a target that is a file, or a non-empty directory without `force`.
pub fn check_target(target: &Path, force: bool) -> Result<()> {
    if target.exists() && !target.is_dir() {
        let shown = crate::source::display_path(target).display().to_string();
        return Err(Error::usage(text!(
            en: "`{shown}` is a file, not a directory",
            ja: "`{shown}` はディレクトリではなくファイルです",
        )));
    }
    if is_non_empty_dir(target) && !force {
        let shown = crate::source::display_path(target).display().to_string();
        return Err(Error::usage(text!(
            en: "`{shown}` is not empty: nothing was written",
            ja: "`{shown}` は空ではありません。何も書き込んでいません",
        ))
        .help(Text::new(
            "choose a new directory, or pass --force to replace what it holds (its notes/ are kept)",
            "新しいディレクトリを指定するか、--force で中身を置き換えてください（notes/ は残します）",
        )));
    }
    Ok(())
}

/// What writing a plan directory did besides writing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replaced {
    /// The directory held something before (`--force`).
    pub replaced: bool,
    /// Its `notes/` were carried over into the new plan.
    pub kept_notes: bool,
}

/// True when `dir` exists and holds anything.
pub fn is_non_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

/// Writes a whole plan directory at once: the files go into a temporary
/// directory beside `target`, which then takes its place. An existing
/// `target` is replaced only with `force`, and its `notes/` (the record of
/// work, never part of a document) move into the new plan.
pub fn write_plan_dir(target: &Path, files: &[(String, String)], force: bool) -> Result<Replaced> {
    let fail = cannot_write(target);
    check_target(target, force)?;
    crate::error::about_to_write();
    let exists = target.exists();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    std::fs::create_dir_all(&parent).map_err(&fail)?;
    let staging = tempfile::Builder::new()
        .prefix(".plan-import-")
        .tempdir_in(&parent)
        .map_err(&fail)?;
    for (name, content) in files {
        let path = staging.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(&fail)?;
        }
        let mut file = std::fs::File::create(&path).map_err(&fail)?;
        file.write_all(content.as_bytes()).map_err(&fail)?;
        file.sync_all().map_err(&fail)?;
    }
    let mut done = Replaced::default();
    if !exists {
        std::fs::rename(staging.path(), target).map_err(&fail)?;
        let _ = staging.keep();
        return Ok(done);
    }
    // Move the old directory aside, carry its notes over, put the new one
    // in its place; on failure, put the old one back.
    let aside = tempfile::Builder::new()
        .prefix(".plan-import-old-")
        .tempdir_in(&parent)
        .map_err(&fail)?;
    let old = aside.path().join("old");
    std::fs::rename(target, &old).map_err(&fail)?;
    done.replaced = true;
    let notes = old.join(crate::files::store::NOTES_DIR);
    if notes.is_dir() {
        let moved = std::fs::rename(&notes, staging.path().join(crate::files::store::NOTES_DIR));
        done.kept_notes = moved.is_ok();
    }
    if let Err(e) = std::fs::rename(staging.path(), target) {
        if done.kept_notes {
            let _ = std::fs::rename(staging.path().join(crate::files::store::NOTES_DIR), &notes);
        }
        let _ = std::fs::rename(&old, target);
        return Err(fail(e));
    }
    let _ = staging.keep();
    Ok(done)
}
