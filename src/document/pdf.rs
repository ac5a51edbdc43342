//! A plan document as text: a text file as it is, a PDF through poppler's
//! `pdftotext -layout` (the Rust PDF crates tried could not be relied on for
//! the CID-keyed Japanese fonts such documents use).

use std::path::Path;
use std::process::Command;

use crate::error::{Error, Result};
use crate::i18n::Text;
use crate::source::{SourceFile, display_path};

/// The program that extracts a PDF's text.
const PDFTOTEXT: &str = "pdftotext";

/// The document's text: the file's, or the text of the PDF it is. For a
/// PDF, line numbers are those of `pdftotext -layout DOCUMENT -`.
pub fn document_text(path: &Path) -> Result<SourceFile> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::io_on(Text::new("cannot read", "を読めません"), path, &e))?;
    let bytes = if bytes.starts_with(b"%PDF-") {
        pdf_text(path)?
    } else {
        bytes
    };
    SourceFile::from_bytes(path, bytes).map_err(|bad| {
        let shown = display_path(path).display().to_string();
        let (line, column) = (bad.line, bad.column);
        Error::usage(text!(
            en: "`{shown}` is not UTF-8 text (an invalid byte at {line}:{column})",
            ja: "`{shown}` は UTF-8 のテキストではありません（{line}:{column} に不正なバイト）",
        ))
        .help(Text::new(
            "save the text as UTF-8 (e.g. iconv -f SHIFT_JIS -t UTF-8), or give the PDF itself",
            "UTF-8 で保存し直す（例: iconv -f SHIFT_JIS -t UTF-8）か、PDF そのものを指定してください",
        ))
    })
}

fn pdf_text(path: &Path) -> Result<Vec<u8>> {
    let shown = display_path(path).display().to_string();
    let output = Command::new(PDFTOTEXT)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output();
    match output {
        Ok(out) if out.status.success() => Ok(out.stdout),
        Ok(out) => {
            let why = String::from_utf8_lossy(&out.stderr).trim().to_string();
            let why = crate::text::escape_control(&why).into_owned();
            Err(Error::usage(text!(
                en: "pdftotext cannot read `{shown}`: {why}",
                ja: "pdftotext が `{shown}` を読めません: {why}",
            ))
            .help(Text::new(
                "check that the file is a PDF with text (not scanned images), or give its text",
                "文字情報のある PDF（画像のみでないもの）か確かめるか、テキストを指定してください",
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::usage(text!(
            en: "cannot read the PDF `{shown}`: pdftotext (poppler) is not installed",
            ja: "PDF `{shown}` を読めません: pdftotext（poppler）がインストールされていません",
        ))
        .help(Text::new(
            "install the package poppler-utils (apt-get install poppler-utils; on macOS brew install poppler), or give the document's text: pdftotext -layout DOCUMENT.pdf DOCUMENT.txt",
            "poppler-utils パッケージを入れる（apt-get install poppler-utils、macOS は brew install poppler）か、文書のテキストを指定してください: pdftotext -layout DOCUMENT.pdf DOCUMENT.txt",
        ))),
        Err(e) => Err(Error::io(text!(
            en: "cannot run pdftotext on `{shown}`: {e}",
            ja: "`{shown}` に pdftotext を実行できません: {e}",
        ))),
    }
}
