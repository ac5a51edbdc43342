//! Evidence links on notes: an absolute `http(s)://` URL (a press release,
//! a seminar page) or a relative path inside the repository (a file kept
//! beside the plan). Anything else is refused, so a link is never a
//! `javascript:` URL, a path on someone's disk, or a way out of the
//! repository.

use std::path::{Component, Path};

use crate::i18n::Text;

/// Whether a link is one a note may carry, and why not.
pub fn check(link: &str) -> Result<(), Text> {
    let trimmed = link.trim();
    if trimmed.is_empty() {
        return Err(Text::new("the link is empty", "リンクが空です"));
    }
    if trimmed != link || link.chars().any(char::is_control) {
        return Err(Text::new(
            "the link has spaces around it or control characters in it",
            "リンクの前後に空白があるか、制御文字が含まれています",
        ));
    }
    if let Some((scheme, _)) = link.split_once(':')
        && scheme.len() > 1
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return match url::Url::parse(link) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
            Ok(u) => {
                let scheme = u.scheme().to_string();
                Err(text!(
                    en: "`{scheme}:` links are not allowed, only http and https",
                    ja: "`{scheme}:` のリンクは使えません（http と https のみ）",
                ))
            }
            Err(e) => Err(text!(en: "not a valid URL ({e})", ja: "URL として不正です（{e}）")),
        };
    }
    let mut depth = 0usize;
    for component in Path::new(link).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => depth -= 1,
            Component::ParentDir => {
                return Err(Text::new(
                    "the path leads outside the repository",
                    "パスがリポジトリの外を指しています",
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(Text::new(
                    "an absolute path is a place on one machine; give a path inside the repository",
                    "絶対パスは特定の端末上の場所です。リポジトリ内のパスにしてください",
                ));
            }
        }
    }
    if depth == 0 {
        return Err(Text::new(
            "the path names no file",
            "パスがファイルを指していません",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_and_repository_paths_are_links() {
        for ok in [
            "https://www.metro.tokyo.lg.jp/press/2021/06/15.html",
            "http://example.org",
            "docs/seminar-2021-06.pdf",
            "./evidence/写真.jpg",
            "a/../b.txt",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn other_things_are_not() {
        for bad in [
            "",
            " https://example.org",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://",
            "/etc/passwd",
            "../outside.txt",
            "a/../../b",
            ".",
            "line\nbreak",
        ] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
    }
}
