//! Replacing a file all at once: the new content goes to a temporary file
//! in the same directory, is flushed, then renamed over the old one, so a
//! crash or a full disk leaves the old file or the new one, never half.
//! Used for every file `plan` rewrites (fmt, schema --write, render and
//! report --output, import).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::Text;

/// Writes `content` to `path` atomically, keeping an existing file's
/// permissions.
pub fn write_file(path: &Path, content: &[u8]) -> Result<()> {
    let fail =
        |e: std::io::Error| Error::io_on(Text::new("cannot write", "に書き込めません"), path, &e);
    crate::error::about_to_write();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    tmp.write_all(content).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    if let Ok(meta) = std::fs::metadata(path) {
        std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
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
}
