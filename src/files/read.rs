//! Reading a plan's files without trusting them: plan files arrive in pull
//! requests from many hands. Only regular files are read (a FIFO, a device
//! or `/proc/self/fd/0` behind a link would block or never end), the open
//! never blocks, and no file is read past a documented size.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The largest plan.toml or section file read (a real one is a few KB).
pub const PLAN_FILE_LIMIT: u64 = 1024 * 1024;
/// The largest notes file read (a million notes of one section fit).
pub const NOTES_FILE_LIMIT: u64 = 512 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(std::io::Error),
    /// Not a regular file: what it is instead.
    NotAFile(&'static str),
    TooLarge {
        size: u64,
        limit: u64,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => e.fmt(f),
            ReadError::NotAFile(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "it is {:.1} MiB, over the limit of {} MiB",
                *size as f64 / (1024.0 * 1024.0),
                limit / (1024 * 1024)
            ),
        }
    }
}

/// What a link out of the plan directory is, when it is refused.
pub const OUTSIDE: &str = "a link out of the plan directory";

/// Whether `path`, its links followed, lies outside `root`: `plan check`
/// in CI must never print a file a pull request links to (`~/.ssh/…`,
/// `/proc/self/environ`). A path that cannot be resolved is left to the
/// open, which says why.
pub fn leaves(root: &Path, path: &Path) -> bool {
    // Below `root` by plain names, none of them a link: inside, whatever
    // `root` itself resolves to. One `lstat` a name, where resolving both
    // paths is a dozen system calls (thousands of files at 200,000 notes).
    if let Ok(rest) = path.strip_prefix(root) {
        let mut at = root.to_path_buf();
        let mut plain = rest.components().next().is_some();
        for part in rest.components() {
            let std::path::Component::Normal(name) = part else {
                plain = false;
                break;
            };
            at.push(name);
            // A link, or a name that cannot be looked at: resolved below.
            let plain_name =
                std::fs::symlink_metadata(&at).is_ok_and(|m| !m.file_type().is_symlink());
            if !plain_name {
                plain = false;
                break;
            }
        }
        if plain {
            return false;
        }
    }
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(real)) => !real.starts_with(root),
        _ => false,
    }
}

/// Opens a file for reading without blocking, whatever it is.
pub fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The bytes of a regular file of at most `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path).map_err(ReadError::Io)?;
    read_file(file, limit)
}

/// The bytes of an open regular file of at most `limit` bytes.
pub fn read_file(mut file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read still stops at the limit.
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn toml_files_are_the_named_entries_but_directories_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for name in [
            "10-b.toml",
            "2-a.toml",
            ".toml",
            "x.txt",
            "toml",
            "1-a.toml",
        ] {
            std::fs::write(d.join(name), "").unwrap();
        }
        std::fs::create_dir(d.join("9-dir.toml")).unwrap();
        // A dangling link is listed: reading it reports what it is.
        std::os::unix::fs::symlink(d.join("gone"), d.join("3-link.toml")).unwrap();
        let names = |keep: &dyn Fn(&std::ffi::OsStr) -> bool| -> Vec<String> {
            toml_files(std::fs::read_dir(d).unwrap(), keep)
                .unwrap()
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(
            names(&|_| true),
            ["1-a.toml", "10-b.toml", "2-a.toml", "3-link.toml"]
        );
        assert_eq!(
            names(&|n| n.to_string_lossy().starts_with('1')),
            ["1-a.toml", "10-b.toml"]
        );
    }

    #[test]
    fn devices_and_pipes_are_refused_without_blocking() {
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 1024),
            Err(ReadError::NotAFile("a device"))
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read_limited(&fifo, 1024),
                Err(ReadError::NotAFile("a named pipe (FIFO)"))
            ));
        }
    }

    #[test]
    fn links_out_of_the_root_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("plan");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(root.join("in.toml"), "").unwrap();
        std::os::unix::fs::symlink("in.toml", root.join("link.toml")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", root.join("out.toml")).unwrap();
        assert!(!leaves(&root, &root.join("in.toml")));
        assert!(!leaves(&root, &root.join("link.toml")));
        assert!(leaves(&root, &root.join("out.toml")));
        assert!(!leaves(&root, &root.join("missing.toml")));
        // A directory inside that is a link out: what is below it leaves.
        let outside = dir.path().join("elsewhere");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("01.toml"), "").unwrap();
        std::os::unix::fs::symlink(&outside, root.join("notes")).unwrap();
        assert!(leaves(&root, &root.join("notes").join("01.toml")));
        assert!(leaves(
            &root,
            &root.join("..").join("elsewhere").join("01.toml")
        ));
        // A plan directory reached through a link is still itself.
        let via = dir.path().join("via");
        std::os::unix::fs::symlink(&root, &via).unwrap();
        assert!(!leaves(&via, &via.join("in.toml")));
        assert!(leaves(&via, &via.join("out.toml")));
    }

    #[test]
    fn files_over_the_limit_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'x'; 2000]).unwrap();
        assert!(matches!(
            read_limited(&path, 1000),
            Err(ReadError::TooLarge {
                size: 2000,
                limit: 1000
            })
        ));
        assert_eq!(read_limited(&path, 2000).unwrap().len(), 2000);
    }
}

/// Whether a directory entry is a directory, from the type the listing
/// gives (no `stat` per entry: a plan has a thousand files). A link is not
/// a directory here; reading it says what it is.
pub fn is_dir_entry(entry: &std::fs::DirEntry) -> bool {
    entry
        .file_type()
        .map_or_else(|_| entry.path().is_dir(), |t| t.is_dir())
}

/// Sorts paths of one directory by name, as bytes (what `Path`'s order
/// gives for them, without comparing component by component).
pub fn sort_by_name(paths: &mut [std::path::PathBuf]) {
    paths.sort_unstable_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
}

/// The entries of a directory named `*.toml` that are not directories, whose
/// names `keep` accepts, in name order. Not `is_file()`: an odd entry (a
/// dangling link) named like a plan file is a problem to report when it is
/// read, not a file to skip. A name is judged before its path is built:
/// a command about one section of a thousand lists the directory, but
/// builds and sorts one path.
pub fn toml_files(
    entries: std::fs::ReadDir,
    keep: impl Fn(&std::ffi::OsStr) -> bool,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let is_toml = std::path::Path::new(&name)
            .extension()
            .is_some_and(|e| e == "toml");
        if is_toml && keep(&name) && !is_dir_entry(&entry) {
            paths.push(entry.path());
        }
    }
    sort_by_name(&mut paths);
    Ok(paths)
}
