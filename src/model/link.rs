//! Evidence links on notes: an absolute `http(s)://` URL (a press release,
//! a seminar page) or a relative path inside the repository (a file kept
//! beside the plan). Anything else is refused, so a link is never a
//! `javascript:` URL, a path on someone's disk, or a way out of the
//! repository.
//!
//! A link must also look like where it leads: one with invisible or
//! direction-changing characters (U+202E turns `fdp.exe` into `exe.pdf`)
//! or a user name before the host (`https://www.metro.tokyo.lg.jp@evil.example/`
//! goes to evil.example) is [`deceptive`]. New notes may not carry one
//! ([`check`]); a note already stored with one is still read
//! ([`check_stored`]) and the link shown as text, never as a live link.

use std::path::{Component, Path};

use crate::i18n::Text;

/// Whether a link without a scheme names a web site rather than a file:
/// `www.example.org`, `tokyo-cci.or.jp/news`. Its first part is a host
/// name that starts with `www.` or ends in a common top-level domain, so
/// `poster.pdf` and `docs/a.txt` stay paths.
pub fn looks_like_host(link: &str) -> bool {
    if link.contains("://") {
        return false;
    }
    let host = link.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let syntax = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    const DOMAINS: [&str; 12] = [
        "com", "org", "net", "jp", "io", "gov", "edu", "info", "biz", "tokyo", "int", "co",
    ];
    let last = labels
        .last()
        .map_or(String::new(), |l| l.to_ascii_lowercase());
    syntax && (host.to_ascii_lowercase().starts_with("www.") || DOMAINS.contains(&last.as_str()))
}

/// Whether a link starts with a URL scheme (`https:`, `javascript:`),
/// rather than being a path.
pub fn has_scheme(link: &str) -> bool {
    link.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Whether a new note may carry `link`, and why not.
pub fn check(link: &str) -> Result<(), Text> {
    check_stored(link)?;
    match deceptive(link) {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

/// Why a link would look like something it is not, if it would: hidden or
/// direction-changing characters, or a user name (or password) before the
/// host of a web address.
pub fn deceptive(link: &str) -> Option<Text> {
    if let Some(c) = link.chars().find(|c| crate::text::is_unsafe(*c)) {
        let code = format!("U+{:04X}", c as u32);
        return Some(text!(
            en: "the link has an invisible or direction-changing character ({code}): it would not show where it leads",
            ja: "リンクに見えない文字または表示方向を変える文字（{code}）が含まれています。行き先どおりに表示されません",
        ));
    }
    let (scheme, rest) = link.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    // The authority ends at the path, query or fragment (a backslash ends
    // it too, as browsers read http URLs).
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    authority.contains('@').then(|| {
        Text::new(
            "the link has a user name before its host (`name@host`): it leads to the host after the @, not to the name before it",
            "リンクのホストの前にユーザー名（`名前@ホスト`）があります。行き先は @ の前ではなく後のホストです",
        )
    })
}

/// Whether a note already stored may keep `link` (the rules of [`check`]
/// but [`deceptive`]: such a link is shown inert, with a warning).
pub fn check_stored(link: &str) -> Result<(), Text> {
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
    if has_scheme(link) {
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
    fn host_names_without_a_scheme_are_told_from_paths() {
        for host in [
            "www.example.org",
            "WWW.Example.COM/press",
            "tokyo-cci.or.jp/news/2021",
            "www.metro.tokyo.lg.jp",
        ] {
            assert!(looks_like_host(host), "{host}");
        }
        for path in [
            "poster.pdf",
            "evidence/poster.pdf",
            "../evidence/写真.jpg",
            "https://www.example.org",
            "notes.txt",
            "a..org",
        ] {
            assert!(!looks_like_host(path), "{path}");
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

    #[test]
    fn links_that_hide_where_they_lead_are_refused_but_stored_ones_still_read() {
        for bad in [
            "https://example.org/\u{202E}fdp.exe",
            "https://example.org/a\u{200B}b",
            "docs/\u{202E}fdp.exe",
            "http://a@evil.com",
            "https://www.metro.tokyo.lg.jp@evil.example/press",
            "https://user:pass@example.org/",
            "HTTP://@evil.com/",
        ] {
            assert!(deceptive(bad).is_some(), "{bad:?}");
            assert!(check(bad).is_err(), "{bad:?}");
            assert_eq!(check_stored(bad), Ok(()), "{bad:?}");
        }
        for ok in [
            "https://example.org/?mail=a@b.jp",
            "https://example.org/path/a@b",
            "https://example.org/#x@y",
            "docs/a@b.pdf",
        ] {
            assert_eq!(deceptive(ok), None, "{ok}");
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }
}
