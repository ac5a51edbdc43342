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
    let fail = cannot_write(path);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(&fail)?;
    tmp.write_all(content.as_bytes()).map_err(&fail)?;
    tmp.as_file().sync_all().map_err(&fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
