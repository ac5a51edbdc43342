//! A plan file's text and where things are in it: byte spans to line and
//! column, for diagnostics that point into the user's file.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// `String::from_utf8`, checked by SIMD first (several times faster than
/// the standard library on Japanese text); the standard library's check
/// runs only for bytes that fail, for the place of the bad byte.
pub fn string_from_utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that the bytes are UTF-8.
        return Ok(unsafe { String::from_utf8_unchecked(bytes) });
    }
    String::from_utf8(bytes)
}

/// The text of one file, as read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the working directory when
    /// the file is below it).
    pub path: PathBuf,
    /// The text, without any UTF-8 byte order mark.
    pub text: String,
    /// True when the file started with a UTF-8 byte order mark.
    pub bom: bool,
}

/// Why a file's bytes are not usable text.
#[derive(Debug, Clone)]
pub struct NotUtf8 {
    /// Byte offset of the first invalid byte.
    pub offset: usize,
    /// 1-based line and column (in characters) of that byte.
    pub line: usize,
    pub column: usize,
    /// The line up to the invalid byte, decoded.
    pub line_text: String,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            bom: false,
        }
    }

    /// Decodes a file's bytes, stripping a byte order mark.
    pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, NotUtf8> {
        let (bom, bytes) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => (true, rest.to_vec()),
            None => (false, bytes),
        };
        match string_from_utf8(bytes) {
            Ok(text) => Ok(SourceFile {
                path: display_path(path),
                text,
                bom,
            }),
            Err(e) => {
                let bytes = e.as_bytes();
                let offset = e.utf8_error().valid_up_to();
                let valid = String::from_utf8_lossy(&bytes[..offset]);
                let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
                let line_text = valid[line_start..].to_string();
                Err(NotUtf8 {
                    offset: offset + usize::from(bom) * 3,
                    line: valid.matches('\n').count() + 1,
                    column: line_text.chars().count() + 1,
                    line_text,
                })
            }
        }
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.clamp(offset);
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// The line holding `offset` (without its line ending) and the byte at
    /// which that line starts.
    pub fn line_at(&self, offset: usize) -> (&str, usize) {
        let offset = self.clamp(offset);
        let start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        let line = &self.text[start..end];
        (line.strip_suffix('\r').unwrap_or(line), start)
    }

    /// Moves an offset back onto a character boundary inside the text.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// Restricts a span to one line, so a caret never runs past the line shown.
    pub fn span_on_line(&self, span: Range<usize>) -> (usize, Range<usize>) {
        let (line, start) = self.line_at(span.start);
        // A span may start on a line's `\r`, which the line shown leaves out.
        let from = (self.clamp(span.start) - start).min(line.len());
        let to = (self.clamp(span.end.max(span.start)) - start).clamp(from, line.len());
        (start, from..to)
    }
}

/// Shows paths below the working directory relative to it, as users typed them.
pub fn display_path(path: &Path) -> PathBuf {
    display_path_from(std::env::current_dir().ok().as_deref(), path)
}

/// [`display_path`] with the working directory asked once for many paths.
pub fn display_path_from(cwd: Option<&Path>, path: &Path) -> PathBuf {
    cwd.and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("x.toml", "a = 1\ntitle = \"都の取組\" x\n");
        let offset = f.text.find('x').unwrap();
        assert_eq!(f.line_col(offset), (2, 16));
        assert_eq!(f.line_at(offset).0, "title = \"都の取組\" x");
    }

    #[test]
    fn crlf_is_not_part_of_the_line() {
        let f = SourceFile::new("x.toml", "a = 1\r\nb = 2\r\n");
        assert_eq!(f.line_at(8).0, "b = 2");
        assert_eq!(f.line_col(8), (2, 2));
    }

    #[test]
    fn a_span_on_a_lone_carriage_return_stays_on_its_line() {
        for text in ["\r", "number = 4\r", "a = 1\r\nb\r"] {
            let f = SourceFile::new("x.toml", text);
            for offset in 0..=text.len() + 1 {
                let (start, range) = f.span_on_line(offset..offset + 1);
                let (line, _) = f.line_at(offset);
                assert!(range.start <= range.end && range.end <= line.len());
                assert!(start <= text.len());
            }
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err =
            SourceFile::from_bytes(Path::new("x"), b"a = 1\nb = \"\xff\"\n".to_vec()).unwrap_err();
        assert_eq!((err.line, err.column), (2, 6));
    }

    #[test]
    fn bom_is_stripped_and_remembered() {
        let f = SourceFile::from_bytes(Path::new("x"), b"\xEF\xBB\xBFa = 1\n".to_vec()).unwrap();
        assert!(f.bom);
        assert_eq!(f.text, "a = 1\n");
    }
}
