//! Replacing a file all at once: the new content goes to a temporary file
//! in the same directory, is flushed, then renamed over the old one, so a
//! crash or a full disk leaves the old file or the new one, never half.
//! Used for every file `plan` rewrites (fmt, schema --write, render and
//! report --output, import).
//!
//! `--output FILE` ([`write_output`]) also takes what is not a regular file:
//! a device (`/dev/null`), a named pipe or `/dev/stdout` is written into,
//! never replaced, and a link stays a link (the file it points to is
//! replaced).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::source::display_path;

fn cannot_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io_on(Text::new("cannot write", "に書き込めません"), path, &e)
}

/// Creates a directory (and its parents) that only its owner may read or
/// enter: the accounts file's, the cache's (they hold password hashes and
/// the plan's text).
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Writes `content` to `path` atomically, keeping an existing file's
/// permissions; a new file gets 0666 less the umask, as with any tool.
pub fn write_file(path: &Path, content: &[u8]) -> Result<()> {
    let fail = cannot_write(path);
    crate::error::about_to_write();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(&fail)?;
    // The old file's permissions before any content, so a private file's
    // new content is never readable by others, even for a moment.
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(&fail)?;
    }
    tmp.write_all(content).map_err(&fail)?;
    tmp.as_file().sync_all().map_err(&fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// Writes `--output FILE`: a regular file (or a new path) is replaced all
/// at once ([`write_file`]); through a link, the file the link points to
/// is, and the link stays. A device, a named pipe, or an open file of
/// this process (`/dev/null`, `/dev/stdout`, `/dev/fd/3`) is written
/// into, never replaced. A directory or a link to nothing is
/// refused.
pub fn write_output(path: &Path, content: &[u8]) -> Result<()> {
    let fail = cannot_write(path);
    let shown = display_path(path).display().to_string();
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Error::usage(text!(
            en: "`{shown}` is a directory: give a file name",
            ja: "`{shown}` はディレクトリです。ファイル名を指定してください",
        ))),
        Ok(meta) if meta.is_file() && !is_system(path) => {
            if is_link {
                let real = std::fs::canonicalize(path).map_err(&fail)?;
                write_file(&real, content)
            } else {
                write_file(path, content)
            }
        }
        Ok(meta) => write_into(path, content, meta.is_file()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && is_link => Err(Error::usage(text!(
            en: "`{shown}` is a link to nothing: nothing was written",
            ja: "`{shown}` はリンク先のないリンクです。何も書き込んでいません",
        ))
        .help(Text::new(
            "give the file the link should point to, or remove the link",
            "リンク先のファイルを指定するか、リンクを削除してください",
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => write_file(path, content),
        Err(e) => Err(fail(e)),
    }
}

/// Whether `path` names an open file of this process (`/dev/stdout`,
/// `/dev/fd/N`, `/proc/self/fd/N`), which is written into, never replaced
/// (the file behind it may be a redirection such as `>> log`).
fn is_system(path: &Path) -> bool {
    let absolute: PathBuf = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    absolute.starts_with("/proc")
        || absolute.starts_with("/dev/fd")
        || ["/dev/stdout", "/dev/stderr"]
            .iter()
            .any(|p| absolute == Path::new(p))
}

/// Writes into a device, a pipe or a file of the system, as `>` does (but
/// appending to a regular file, as `/dev/stdout` on a file redirected with
/// `>` or `>>` expects). The open never blocks: a named pipe nobody reads
/// is an error, not a hang.
fn write_into(path: &Path, content: &[u8], regular: bool) -> Result<()> {
    let fail = cannot_write(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).append(regular);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
            let shown = display_path(path).display().to_string();
            return Err(Error::io(text!(
                en: "cannot write `{shown}`: nothing reads it (a named pipe or socket without a reader); nothing was written",
                ja: "`{shown}` に書き込めません: 読み手がいません（読み手のない名前付きパイプかソケット）。何も書き込んでいません",
            )));
        }
        Err(e) => return Err(fail(e)),
    };
    #[cfg(unix)]
    {
        // Blocking again, so a slow reader is waited for, not an error.
        use std::os::fd::AsRawFd;
        let fd = file.as_raw_fd();
        // SAFETY: fcntl on a descriptor this function owns, with integer flags.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    file.write_all(content).map_err(&fail)?;
    file.flush().map_err(&fail)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_content_and_keeps_the_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        // Nothing else is left in the directory.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_link_stays_a_link_and_its_file_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.html");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink("real.html", &link).unwrap();
        write_output(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let dangling = dir.path().join("dangling.html");
        std::os::unix::fs::symlink("missing/x.html", &dangling).unwrap();
        assert!(write_output(&dangling, b"new").is_err());
        assert!(write_output(dir.path(), b"new").is_err());
    }
}
