//! Writing what `plan render` and `plan import` produce: a file or a whole
//! plan directory, each all at once (a temporary beside the target, then a
//! rename), so a failure leaves the old content or nothing, never half.
//!
//! `plan import --force` replaces only a plan directory: one that holds
//! `plan.toml` and nothing but a plan's own files, and no notes. Nothing
//! else is ever removed, and nothing is removed recursively: the old plan's
//! files are deleted one by one, by the names checked before the swap, and
//! anything that is not empty then is left where it is and reported.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::files::load::PLAN_FILE;
use crate::files::store::NOTES_DIR;
use crate::i18n::Text;
use crate::source::display_path;

fn cannot_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io_on(Text::new("cannot write", "に書き込めません"), path, &e)
}

/// Writes `content` to `path` (`--output FILE`): see
/// [`crate::files::atomic::write_output`].
pub fn write_file(path: &Path, content: &str) -> Result<()> {
    crate::files::atomic::write_output(path, content.as_bytes())
}

/// What `--out` holds, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Nothing there yet.
    New,
    /// An empty directory.
    Empty,
    /// A plan directory to replace (`--force`): the canonical directory, its
    /// files and its directories (relative, directories deepest first).
    Plan {
        dir: PathBuf,
        files: Vec<PathBuf>,
        dirs: Vec<PathBuf>,
        /// The directory checked (device, inode): what is moved aside is
        /// cleaned up only if it is still that one.
        id: (u64, u64),
    },
}

fn shown(path: &Path) -> String {
    display_path(path).display().to_string()
}

/// Checks what `--out` is: new, an empty directory, or (with `force`) a
/// plan directory without notes. Anything else is refused before anything
/// is written.
pub fn check_target(target: &Path, force: bool) -> Result<Target> {
    let shown = shown(target);
    let meta = match std::fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::New),
        Err(e) => {
            return Err(Error::io_on(
                Text::new("cannot read", "を読めません"),
                target,
                &e,
            ));
        }
    };
    if meta.file_type().is_symlink() {
        return Err(Error::usage(text!(
            en: "`{shown}` is a link: nothing was written",
            ja: "`{shown}` はリンクです。何も書き込んでいません",
        ))
        .help(Text::new(
            "give the directory the link points to as --out",
            "リンク先のディレクトリを --out に指定してください",
        )));
    }
    if !meta.is_dir() {
        return Err(Error::usage(text!(
            en: "`{shown}` is a file, not a directory",
            ja: "`{shown}` はディレクトリではなくファイルです",
        )));
    }
    let cannot_read =
        |e: std::io::Error| Error::io_on(Text::new("cannot read", "を読めません"), target, &e);
    let mut names: Vec<std::ffi::OsString> = std::fs::read_dir(target)
        .map_err(cannot_read)?
        .map(|entry| entry.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()
        .map_err(cannot_read)?;
    if names.is_empty() {
        return Ok(Target::Empty);
    }
    if !force {
        return Err(Error::usage(text!(
            en: "`{shown}` is not empty: nothing was written",
            ja: "`{shown}` は空ではありません。何も書き込んでいません",
        ))
        .help(Text::new(
            "choose a new directory, or pass --force to replace the plan it holds (a plan directory without notes)",
            "新しいディレクトリを指定するか、--force でそこにある計画を置き換えてください（記録のない計画ディレクトリに限ります）",
        )));
    }
    names.sort();
    let (files, dirs, foreign) = plan_entries(target, &names).map_err(cannot_read)?;
    if !names.iter().any(|n| n == PLAN_FILE) || !foreign.is_empty() {
        let mut listed: Vec<String> = foreign
            .iter()
            .take(5)
            .map(|p| crate::text::escape_control(&p.to_string_lossy()).into_owned())
            .collect();
        if foreign.len() > 5 {
            listed.push("…".to_string());
        }
        let listed = listed.join(", ");
        let what = if names.iter().any(|n| n == PLAN_FILE) {
            text!(
                en: "`{shown}` holds files that are not the plan's ({listed}): nothing was written",
                ja: "`{shown}` には計画のものではないファイルがあります（{listed}）。何も書き込んでいません",
            )
        } else {
            text!(
                en: "`{shown}` is not a plan directory (no plan.toml) and is not empty: nothing was written",
                ja: "`{shown}` は計画ディレクトリ（plan.toml のあるもの）ではなく、空でもありません。何も書き込んでいません",
            )
        };
        return Err(Error::usage(what).help(Text::new(
            "--force replaces only a plan directory (plan.toml, the section files, schema/, .gitattributes), never a repository or other files: give the plan directory itself (e.g. --out plan) or a new one",
            "--force で置き換えるのは計画ディレクトリ（plan.toml、節のファイル、schema/、.gitattributes）だけで、リポジトリやほかのファイルは置き換えません。計画ディレクトリそのもの（例: --out plan）か新しいディレクトリを指定してください",
        )));
    }
    if has_notes(&target.join(NOTES_DIR)) {
        return Err(Error::usage(text!(
            en: "`{shown}` holds notes (notes/): plan import --force never replaces a plan that has a record of work; nothing was written",
            ja: "`{shown}` には記録（notes/）があります。plan import --force は記録のある計画を置き換えません。何も書き込んでいません",
        ))
        .help(Text::new(
            "use `plan rollover DOCUMENT` to start a new fiscal year; last year's notes are archived",
            "新しい年度を始めるには `plan rollover DOCUMENT` を使ってください。前年度の記録は保存されます",
        )));
    }
    let dir = std::fs::canonicalize(target).map_err(cannot_read)?;
    Ok(Target::Plan {
        dir,
        files,
        dirs,
        id: dir_id(&meta),
    })
}

/// A directory's identity: device and inode.
fn dir_id(meta: &std::fs::Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 0)
    }
}

/// Whether `notes` is anything but a missing or empty real directory.
fn has_notes(notes: &Path) -> bool {
    match std::fs::symlink_metadata(notes) {
        Err(e) => e.kind() != std::io::ErrorKind::NotFound,
        Ok(meta) if !meta.is_dir() => true,
        Ok(_) => std::fs::read_dir(notes).map_or(true, |mut entries| entries.next().is_some()),
    }
}

/// Sorts a plan directory's entries into its own files, its own
/// directories (`schema/`, an empty `notes/`) and what is not the plan's.
#[allow(clippy::type_complexity)]
fn plan_entries(
    dir: &Path,
    names: &[std::ffi::OsString],
) -> std::io::Result<(Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>)> {
    let (mut files, mut dirs, mut foreign) = (Vec::new(), Vec::new(), Vec::new());
    for name in names {
        let path = PathBuf::from(name);
        let meta = std::fs::symlink_metadata(dir.join(name))?;
        let text = name.to_string_lossy();
        if meta.is_file() && (text.ends_with(".toml") || text == ".gitattributes") {
            files.push(path);
        } else if text == NOTES_DIR {
            // Notes, whatever they are, are checked on their own
            // (has_notes): only an empty notes/ goes with the old plan.
            if meta.is_dir() {
                dirs.push(path);
            }
        } else if meta.is_dir() && text == "schema" {
            let mut inner: Vec<_> = std::fs::read_dir(dir.join(name))?
                .map(|e| e.map(|e| e.file_name()))
                .collect::<std::io::Result<_>>()?;
            inner.sort();
            for schema in inner {
                let meta = std::fs::symlink_metadata(dir.join(name).join(&schema))?;
                if meta.is_file() && schema.to_string_lossy().ends_with(".json") {
                    files.push(path.join(schema));
                } else {
                    foreign.push(path.join(schema));
                }
            }
            dirs.push(path);
        } else {
            foreign.push(path);
        }
    }
    Ok((files, dirs, foreign))
}

/// What writing a plan directory did besides writing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replaced {
    /// A plan was there before (`--force`) and was replaced.
    pub replaced: bool,
    /// Where what is left of the old plan stays, when some of it could not
    /// be removed (a directory that was not empty, an immutable file).
    pub left_behind: Option<PathBuf>,
}

/// True when `dir` exists and holds anything.
pub fn is_non_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

/// Writes a whole plan directory at once: the files go into a temporary
/// directory beside `target`, which then takes its place. An existing plan
/// (checked by [`check_target`], only with `force`) is moved aside first
/// and put back if the new one cannot take its place; once replaced, its
/// files are removed one by one.
pub fn write_plan_dir(target: &Path, files: &[(String, String)], force: bool) -> Result<Replaced> {
    let checked = check_target(target, force)?;
    let target = match &checked {
        Target::Plan { dir, .. } => dir.as_path(),
        _ => target,
    };
    let fail = cannot_write(target);
    crate::error::about_to_write();
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    std::fs::create_dir_all(&parent).map_err(&fail)?;
    // Created in this run (0777 less the umask): removed, with what this
    // run wrote into it, on failure.
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
    let Target::Plan {
        files: old_files,
        dirs: old_dirs,
        id,
        ..
    } = &checked
    else {
        // New, or an empty directory (which a rename replaces).
        std::fs::rename(staging.path(), target).map_err(&fail)?;
        let _ = staging.keep();
        sync_dir(&parent);
        return Ok(Replaced::default());
    };
    // The old plan goes aside under a name no one uses; this TempDir is
    // kept at once, so nothing ever removes it recursively.
    let aside = tempfile::Builder::new()
        .prefix(".plan-import-old-")
        .tempdir_in(&parent)
        .map_err(&fail)?
        .keep();
    let old = aside.join("old");
    if let Err(e) = swap_in(staging.path(), target, &old, &|a, b| std::fs::rename(a, b)) {
        let _ = std::fs::remove_dir(&aside);
        return Err(match e {
            Swap::NotMoved(e) => fail(e),
            Swap::PutBack(e) => fail(e),
            Swap::Stranded(e) => {
                let kept = shown(&old);
                let shown = shown(target);
                Error::io(text!(
                    en: "cannot write `{shown}` ({e}), nor put the old plan back: it is in `{kept}`",
                    ja: "`{shown}` に書き込めず（{e}）、元の計画も戻せませんでした。元の計画は `{kept}` にあります",
                ))
                .help(Text::new(
                    "move that directory back to --out by hand (mv)",
                    "そのディレクトリを手で --out に戻してください（mv）",
                ))
            }
        });
    }
    let _ = staging.keep();
    sync_dir(&parent);
    // Only the directory that was checked is cleaned up: if something
    // else took its place meanwhile, it is left whole, and said where.
    let same = std::fs::symlink_metadata(&old).is_ok_and(|m| dir_id(&m) == *id);
    let removed = if same {
        remove_old_plan(&old, old_files, old_dirs).and_then(|()| std::fs::remove_dir(&aside))
    } else {
        Err(std::io::Error::other("not the directory checked"))
    };
    let left_behind = removed.err().map(|_| old);
    Ok(Replaced {
        replaced: true,
        left_behind,
    })
}

/// Why the new plan did not take the old one's place.
#[derive(Debug)]
enum Swap {
    /// The old plan could not be moved aside: it is where it was.
    NotMoved(std::io::Error),
    /// The new plan could not be moved in; the old one is back.
    PutBack(std::io::Error),
    /// The new plan could not be moved in, nor the old one back.
    Stranded(std::io::Error),
}

/// Moves `target` to `aside` and `staging` to `target`; when the second
/// rename fails, the old directory goes back.
fn swap_in(
    staging: &Path,
    target: &Path,
    aside: &Path,
    rename: &dyn Fn(&Path, &Path) -> std::io::Result<()>,
) -> std::result::Result<(), Swap> {
    rename(target, aside).map_err(Swap::NotMoved)?;
    if let Err(e) = rename(staging, target) {
        return Err(match rename(aside, target) {
            Ok(()) => Swap::PutBack(e),
            Err(_) => Swap::Stranded(e),
        });
    }
    Ok(())
}

/// Removes the old plan's files by name, then its directories, each only
/// when empty (never recursively).
fn remove_old_plan(old: &Path, files: &[PathBuf], dirs: &[PathBuf]) -> std::io::Result<()> {
    for file in files {
        std::fs::remove_file(old.join(file))?;
    }
    for dir in dirs {
        std::fs::remove_dir(old.join(dir))?;
    }
    std::fs::remove_dir(old)
}

/// Makes a directory's new entries durable (best effort: a file system
/// that cannot sync a directory still has them).
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_dir(root: &Path) -> PathBuf {
        let dir = root.join("plan");
        std::fs::create_dir_all(dir.join("schema")).unwrap();
        std::fs::write(dir.join("plan.toml"), "old").unwrap();
        std::fs::write(dir.join("01-a.toml"), "old").unwrap();
        std::fs::write(dir.join("schema/plan.schema.json"), "{}").unwrap();
        dir
    }

    #[test]
    fn a_failed_move_in_puts_the_old_plan_back() {
        let root = tempfile::tempdir().unwrap();
        let target = plan_dir(root.path());
        let staging = root.path().join("new");
        std::fs::create_dir(&staging).unwrap();
        let aside = root.path().join("aside");
        let calls = std::cell::Cell::new(0);
        let rename = |a: &Path, b: &Path| {
            calls.set(calls.get() + 1);
            if calls.get() == 2 {
                Err(std::io::Error::from_raw_os_error(libc::EBUSY))
            } else {
                std::fs::rename(a, b)
            }
        };
        let result = swap_in(&staging, &target, &aside, &rename);
        assert!(matches!(result, Err(Swap::PutBack(_))), "{result:?}");
        assert_eq!(calls.get(), 3);
        assert_eq!(
            std::fs::read_to_string(target.join("plan.toml")).unwrap(),
            "old"
        );
        assert!(!aside.exists());
    }

    #[test]
    fn the_old_plan_is_removed_by_name_and_anything_else_stays() {
        let root = tempfile::tempdir().unwrap();
        let dir = plan_dir(root.path());
        let Target::Plan { files, dirs, .. } = check_target(&dir, true).unwrap() else {
            panic!("a plan directory");
        };
        // Something appears after the check: it is neither removed nor lost.
        std::fs::write(dir.join("schema/late.txt"), "mine").unwrap();
        assert!(remove_old_plan(&dir, &files, &dirs).is_err());
        assert_eq!(
            std::fs::read_to_string(dir.join("schema/late.txt")).unwrap(),
            "mine"
        );
        assert!(!dir.join("plan.toml").exists());
    }
}
