//! The notes files (`plan/notes/NN.toml`, one per section) on disk:
//! appending notes under an exclusive lock, and finding and opening the
//! files for reading. What a line says is `noteline`; reading notes back
//! is `notes`.
//!
//! An append never reads or rewrites the existing notes, so it costs the
//! same with ten notes or a million. It is one write per file, flushed to
//! disk before `plan note` returns (with the directory, when the file or
//! `notes/` is new); a write that fails (a full disk) is cut
//! back to the file's old length, so nothing partial is left. A crash
//! (kill -9, power loss) can at worst leave a torn last line: the next
//! append starts on a fresh line, readers skip the torn one with a
//! warning, and `plan check --fix` removes it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::source::display_path;

/// The directory (inside the plan directory) that holds the notes files.
pub const NOTES_DIR: &str = "notes";

/// The comment a new notes file starts with.
pub const HEADER: &str = "\
# Progress notes for one section of the plan, one note per line, appended by
# `plan note`. Never edit a note in place: record a correction with
# `plan note --amend KEY` or `plan note --retract KEY`.
# Each line stands alone, so git's union merge (see ../.gitattributes) keeps
# every note from both sides. Merge one branch at a time: an octopus merge
# (`git merge a b`) ignores merge=union and leaves conflict markers.
";

/// The notes file for a section.
pub fn notes_path(plan_dir: &Path, section: u32) -> PathBuf {
    plan_dir.join(NOTES_DIR).join(format!("{section:02}.toml"))
}

/// The section a notes file holds, from its name (`02.toml` → 2).
pub fn section_of(path: &Path) -> Option<u32> {
    path.file_stem()?.to_str()?.parse().ok()
}

/// The notes files of the plan (of `section` only, when given), in name
/// order; an error when `notes/` exists but cannot be listed (not a
/// directory, unreadable, a link loop): missing notes must never pass for
/// no notes.
pub fn notes_files(
    plan_dir: &Path,
    section: Option<u32>,
) -> std::result::Result<Vec<PathBuf>, std::io::Error> {
    let dir = plan_dir.join(NOTES_DIR);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !is_link(&dir) => {
            return Ok(Vec::new());
        }
        Err(e) => return Err(e),
    };
    crate::files::read::toml_files(entries, |name| {
        section.is_none_or(|s| section_of(Path::new(name)) == Some(s))
    })
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Refuses to write into a directory whose permissions say read-only, even
/// for a user (such as root) whom the system would let write anyway.
fn ensure_writable(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.permissions().readonly() => {
            let shown = display_path(path).display().to_string();
            Err(Error::io(text!(
                en: "`{shown}` is read-only: the note was not recorded",
                ja: "`{shown}` は読み取り専用です: 記録しませんでした",
            ))
            .help(Text::new(
                "make the plan directory writable (chmod u+w), or record the note in a writable clone",
                "計画ディレクトリを書き込み可能にする（chmod u+w）か、書き込める複製で記録してください",
            )))
        }
        _ => Ok(()),
    }
}

/// Refuses a notes file that a link takes out of the plan directory, or
/// that is not a regular file: a note is never written elsewhere.
fn ensure_inside(plan_dir: &Path, path: &Path) -> Result<()> {
    let outside = |what: &str| {
        let shown = display_path(path).display().to_string();
        let what = what.to_string();
        Err(Error::io(text!(
            en: "`{shown}` {what}: the note was not recorded",
            ja: "`{shown}` は{what}: 記録しませんでした",
        ))
        .help(Text::new(
            "notes files are plain files inside the plan directory: replace the link with the file",
            "記録ファイルは計画ディレクトリ内の通常のファイルです。リンクをファイルに置き換えてください",
        )))
    };
    let root = std::fs::canonicalize(plan_dir).map_err(|e| {
        Error::io_on(
            Text::new("cannot resolve", "を解決できません"),
            plan_dir,
            &e,
        )
    })?;
    for p in [path.parent().unwrap_or(plan_dir), path] {
        match std::fs::canonicalize(p) {
            Ok(real) if !real.starts_with(&root) => {
                return outside("leads outside the plan directory");
            }
            Ok(_) => {}
            // A link to nowhere would create a file wherever it points.
            Err(_) if is_link(p) => return outside("is a link to nothing"),
            Err(_) => {}
        }
    }
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => outside("is not a regular file"),
        _ => Ok(()),
    }
}

/// Appends note lines, grouped by notes file: every file is locked, then
/// each gets one write and is flushed. If any write fails, every file is
/// cut back to its old length: all the lines are recorded, or none.
/// Returns the files written.
pub fn append(plan_dir: &Path, lines: &[(u32, String)]) -> Result<Vec<PathBuf>> {
    let dir = plan_dir.join(NOTES_DIR);
    ensure_writable(plan_dir)?;
    crate::error::about_to_write();
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io_on(Text::new("cannot create", "を作成できません"), &dir, &e))?;
        // notes/ itself is an entry of the plan directory: durable too.
        sync_dir(plan_dir)?;
    }
    ensure_writable(&dir)?;
    // Shared with other writers, exclusive to a sync's rebase (which may
    // replace these files): never an append to a file git is replacing.
    let _dir_lock = lock_dir(&dir, false)?;
    let mut sections: Vec<u32> = lines.iter().map(|(s, _)| *s).collect();
    sections.sort_unstable();
    sections.dedup();
    // Locks are taken in section order, so two writers never wait on each other in a circle.
    let mut open = Vec::new();
    for section in sections {
        let path = notes_path(plan_dir, section);
        ensure_writable(&path)?;
        ensure_inside(plan_dir, &path)?;
        let cannot = |e: std::io::Error| {
            Error::io_on(Text::new("cannot write", "に書き込めません"), &path, &e)
        };
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(cannot)?;
        file.lock().map_err(cannot)?;
        let mut len = file.metadata().map_err(cannot)?.len();
        let mut buf = String::new();
        if len > 0 && !ends_with_newline(&mut file).map_err(cannot)? {
            // A torn last line: a writer died mid-append, before anyone was
            // told the note was recorded. Cut it (as `plan check --fix`
            // does), so crashes never leave torn lines mid-file; a last
            // line that is a note or a comment just gets its newline.
            match torn_tail_start(&mut file, len).map_err(cannot)? {
                Some(start) => {
                    file.set_len(start).map_err(cannot)?;
                    len = start;
                }
                None => buf.push('\n'),
            }
        }
        if len == 0 {
            buf.push_str(HEADER);
        }
        for (_, line) in lines.iter().filter(|(s, _)| *s == section) {
            buf.push_str(line);
        }
        open.push((path, file, len, buf));
    }
    let mut failure = None;
    for (i, (path, file, _, buf)) in open.iter_mut().enumerate() {
        let result = file
            .write_all(buf.as_bytes())
            .and_then(|()| file.sync_data());
        if let Err(e) = result {
            failure = Some((i, path.clone(), e));
            break;
        }
    }
    if let Some((failed, path, e)) = failure {
        // Nothing partial stays behind, in this file or the others.
        for (_, file, len, _) in open.iter().take(failed + 1) {
            let _ = file.set_len(*len);
            let _ = file.sync_data();
        }
        return Err(Error::io_on(Text::new("cannot write", "に書き込めません"), &path, &e).help(
            Text::new(
                "nothing was recorded; free some disk space (or fix the permissions) and run the command again",
                "何も記録していません。ディスクの空きを作る（または権限を直す）などしてから、もう一度実行してください",
            ),
        ));
    }
    // A new notes file is an entry of notes/: without syncing the
    // directory, a power loss could lose the file with its first note,
    // acknowledged or not.
    if open.iter().any(|(_, _, len, _)| *len == 0) {
        sync_dir(&dir)?;
    }
    Ok(open.into_iter().map(|(path, ..)| path).collect())
}

/// A lock on the notes directory, held until dropped.
pub struct DirLock {
    _dir: Option<File>,
}

/// Holds `notes/` exclusively: no `plan note` appends until it is
/// dropped (a sync's rebase holds it). No `notes/` yet: nothing to hold.
pub fn lock_notes_dir(plan_dir: &Path) -> Result<DirLock> {
    let dir = plan_dir.join(NOTES_DIR);
    if !dir.is_dir() {
        return Ok(DirLock { _dir: None });
    }
    lock_dir(&dir, true)
}

fn lock_dir(dir: &Path, exclusive: bool) -> Result<DirLock> {
    let cannot =
        |e: std::io::Error| Error::io_on(Text::new("cannot lock", "をロックできません"), dir, &e);
    let file = File::open(dir).map_err(cannot)?;
    if exclusive {
        file.lock().map_err(cannot)?;
    } else {
        file.lock_shared().map_err(cannot)?;
    }
    Ok(DirLock { _dir: Some(file) })
}

/// Flushes a directory's entries to disk (`fsync` on the directory). A
/// file system that cannot sync directories (EINVAL) keeps them anyway.
fn sync_dir(dir: &Path) -> Result<()> {
    let cannot =
        |e: std::io::Error| Error::io_on(Text::new("cannot sync", "を同期できません"), dir, &e);
    let result = File::open(dir).and_then(|d| d.sync_all());
    match result {
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => Ok(()),
        other => other.map_err(cannot),
    }
}

/// Whether a last line without its newline is a torn write: not blank,
/// not a comment, not a note.
pub fn is_torn(tail: &[u8]) -> bool {
    let line = String::from_utf8_lossy(tail);
    let line = line.trim_end_matches('\r');
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#') && crate::files::noteline::parse(line).is_err()
}

/// How far back a torn last line is looked for (a note is far shorter).
const TAIL_WINDOW: u64 = 1024 * 1024;

/// Where the last line starts, when it is torn ([`is_torn`]).
fn torn_tail_start(file: &mut File, len: u64) -> std::io::Result<Option<u64>> {
    let from = len.saturating_sub(TAIL_WINDOW);
    file.seek(SeekFrom::Start(from))?;
    let mut tail = Vec::new();
    (&mut *file).take(len - from).read_to_end(&mut tail)?;
    let start = match tail.iter().rposition(|b| *b == b'\n') {
        Some(i) => i + 1,
        None if from == 0 => 0,
        // Longer than any note: not a torn one, leave it.
        None => return Ok(None),
    };
    Ok(is_torn(&tail[start..]).then_some(from + start as u64))
}

fn ends_with_newline(file: &mut File) -> std::io::Result<bool> {
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Removes a torn last line (one without its newline that `is_torn`
/// says is not a note) under the exclusive lock, so a note appended
/// meanwhile is never cut. Returns the bytes removed.
pub fn cut_torn_tail(path: &Path, is_torn: impl Fn(&[u8]) -> bool) -> Result<Option<Vec<u8>>> {
    let fail =
        |e: std::io::Error| Error::io_on(Text::new("cannot write", "に書き込めません"), path, &e);
    // `plan/notes/NN.toml`: a link out of the plan directory is never cut.
    if let Some(plan_dir) = path.parent().and_then(Path::parent) {
        ensure_inside(plan_dir, path)?;
    }
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(fail)?;
    if !file.metadata().map_err(fail)?.is_file() {
        return Ok(None);
    }
    file.lock().map_err(fail)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(fail)?;
    let start = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let tail = &bytes[start..];
    if tail.is_empty() || !is_torn(tail) {
        return Ok(None);
    }
    crate::error::about_to_write();
    file.set_len(start as u64).map_err(fail)?;
    file.sync_data().map_err(fail)?;
    Ok(Some(tail.to_vec()))
}
