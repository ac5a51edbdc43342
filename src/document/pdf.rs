//! A plan document as text: a text file as it is, a PDF through poppler's
//! `pdftotext -layout` (the Rust PDF crates tried could not be relied on for
//! the CID-keyed Japanese fonts such documents use).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::files::read::{ReadError, read_limited};
use crate::i18n::Text;
use crate::source::{SourceFile, display_path};

/// The program that extracts a PDF's text.
const PDFTOTEXT: &str = "pdftotext";

/// The largest document read, PDF or text (a year's plan is under 1 MiB).
pub const DOCUMENT_LIMIT: u64 = 64 * 1024 * 1024;
/// The most text taken from pdftotext (a year's plan is about 50 KB).
pub const TEXT_LIMIT: u64 = 16 * 1024 * 1024;
/// How long pdftotext may run, unless `plan import --timeout` says.
pub const DEFAULT_TIMEOUT_SECS: u64 = 60;
/// How much of pdftotext's complaints is kept for the message.
const STDERR_LIMIT: usize = 4096;

/// The document's text: the file's, or the text of the PDF it is. For a
/// PDF, line numbers are those of `pdftotext -layout DOCUMENT -`. Only a
/// regular file of at most [`DOCUMENT_LIMIT`] bytes is read (opened
/// without blocking: a FIFO or `/dev/zero` is refused at once), and
/// pdftotext is stopped after `timeout` or [`TEXT_LIMIT`] bytes of text.
pub fn document_text(path: &Path, timeout: Duration) -> Result<SourceFile> {
    let shown = display_path(path).display().to_string();
    let bytes = read_limited(path, DOCUMENT_LIMIT).map_err(|e| match e {
        ReadError::Io(e) => Error::io_on(Text::new("cannot read", "を読めません"), path, &e),
        ReadError::NotAFile(kind) => {
            let kind_ja = match kind {
                "a named pipe (FIFO)" => "名前付きパイプ（FIFO）",
                "a device" => "デバイス",
                "a socket" => "ソケット",
                "a directory" => "ディレクトリ",
                _ => "通常のファイル以外",
            };
            Error::usage(text!(
            en: "cannot read `{shown}`: it is {kind}, not a regular file; nothing was written",
            ja: "`{shown}` を読めません: {kind_ja}で、通常のファイルではありません。何も書き込んでいません",
        ))
        .help(Text::new(
            "give the plan document as a file (its PDF, or its text saved to a file)",
            "計画の文書をファイル（PDF、またはテキストを保存したファイル）で指定してください",
        ))
        }
        ReadError::TooLarge { size, limit } => {
            let (size, limit) = (size / (1024 * 1024), limit / (1024 * 1024));
            Error::usage(text!(
                en: "`{shown}` is {size} MiB, over the limit of {limit} MiB for a plan document; nothing was written",
                ja: "`{shown}` は {size} MiB で、計画の文書の上限 {limit} MiB を超えています。何も書き込んでいません",
            ))
        }
    })?;
    let bytes = if bytes.starts_with(b"%PDF-") {
        pdf_text(path, timeout)?
    } else {
        bytes
    };
    SourceFile::from_bytes(path, bytes).map_err(|bad| {
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

/// How pdftotext ended.
enum Run {
    Exited(std::process::ExitStatus, Vec<u8>, String),
    TimedOut,
}

/// Runs pdftotext with a deadline; its output is read by threads (so a
/// full pipe never stalls it) and capped: past [`TEXT_LIMIT`] the pipe is
/// closed, which ends it.
fn run_pdftotext(path: &Path, timeout: Duration) -> std::io::Result<Run> {
    let mut child = Command::new(PDFTOTEXT)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let text = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(out) = stdout {
            let _ = out.take(TEXT_LIMIT + 1).read_to_end(&mut buf);
        }
        buf
    });
    let complaints = std::thread::spawn(move || {
        let (mut kept, mut chunk) = (Vec::new(), [0u8; 4096]);
        if let Some(mut err) = stderr {
            // Read to the end (a PDF with many warnings must not die of a
            // closed pipe), keeping the first few KB.
            while let Ok(n @ 1..) = err.read(&mut chunk) {
                let room = STDERR_LIMIT.saturating_sub(kept.len()).min(n);
                kept.extend_from_slice(&chunk[..room]);
            }
        }
        String::from_utf8_lossy(&kept).into_owned()
    });
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            let text = text.join().unwrap_or_default();
            let complaints = complaints.join().unwrap_or_default();
            return Ok(Run::Exited(status, text, complaints));
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            // The reading threads end with the pipes; they are not waited
            // for (a grandchild could hold a pipe open).
            return Ok(Run::TimedOut);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn pdf_text(path: &Path, timeout: Duration) -> Result<Vec<u8>> {
    let shown = display_path(path).display().to_string();
    let secs = timeout.as_secs();
    let give_text = || {
        Text::new(
            "give the document's text instead (pdftotext -layout DOCUMENT.pdf DOCUMENT.txt, or copy it from a PDF viewer), or a longer --timeout",
            "代わりに文書のテキストを指定する（pdftotext -layout DOCUMENT.pdf DOCUMENT.txt、または PDF ビューアからコピー）か、--timeout を長くしてください",
        )
    };
    match run_pdftotext(path, timeout) {
        Ok(Run::Exited(_, text, _)) if text.len() as u64 > TEXT_LIMIT => {
            let limit = TEXT_LIMIT / (1024 * 1024);
            Err(Error::usage(text!(
                en: "pdftotext gives more than {limit} MiB of text for `{shown}` (not a plan document?); it was stopped and nothing was written",
                ja: "`{shown}` から pdftotext が {limit} MiB を超えるテキストを出力しました（計画の文書ではない？）。止めて、何も書き込んでいません",
            ))
            .help(give_text()))
        }
        Ok(Run::Exited(status, text, _)) if status.success() => Ok(text),
        Ok(Run::Exited(_, _, complaints)) => {
            let why = crate::text::escape_control(complaints.trim()).into_owned();
            Err(Error::usage(text!(
                en: "pdftotext cannot read `{shown}`: {why}",
                ja: "pdftotext が `{shown}` を読めません: {why}",
            ))
            .help(Text::new(
                "check that the file is a PDF with text (not scanned images), or give its text",
                "文字情報のある PDF（画像のみでないもの）か確かめるか、テキストを指定してください",
            )))
        }
        Ok(Run::TimedOut) => Err(Error::usage(text!(
            en: "pdftotext did not finish `{shown}` within {secs} s (a PDF that expands without end?); it was stopped and nothing was written",
            ja: "pdftotext が {secs} 秒以内に `{shown}` を読み終えませんでした（展開すると巨大になる PDF？）。止めて、何も書き込んでいません",
        ))
        .help(give_text())),
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
