//! The web view's cookies, read and written with the `cookie` crate: the
//! CSRF token, the language and the author, each scoped to the whole site,
//! `SameSite=Strict`, never sent to another site, and `Secure` under TLS.

use axum::http::header::{COOKIE, HeaderMap};
use cookie::{Cookie, SameSite};

/// A cookie's value from the request (the first of that name), decoded.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|h| h.to_str().ok())
        .flat_map(Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value: percent-encoded, for the whole site, strict
/// same-site, out of reach of scripts, kept for a year; `Secure` when
/// served over TLS.
pub fn set(name: &'static str, value: &str, secure: bool) -> String {
    Cookie::build((name, value.to_string()))
        .path("/")
        .same_site(SameSite::Strict)
        .http_only(true)
        .secure(secure)
        .max_age(cookie::time::Duration::days(365))
        .build()
        .encoded()
        .to_string()
}

/// As [`set`], but gone when the browser session ends (no expiry).
pub fn set_for_session(name: &'static str, value: &str, secure: bool) -> String {
    Cookie::build((name, value.to_string()))
        .path("/")
        .same_site(SameSite::Strict)
        .http_only(true)
        .secure(secure)
        .build()
        .encoded()
        .to_string()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    #[test]
    fn a_cookie_set_reads_back_encoded() {
        let set = set("plan_author", "山田 太郎; x=1", false);
        assert!(set.starts_with("plan_author=%E5%B1%B1"), "{set}");
        assert!(set.contains("SameSite=Strict") && set.contains("HttpOnly"));
        assert!(!set.contains("Secure"), "{set}");
        let pair = set.split(';').next().expect("name=value");
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_str(&format!("other=1; {pair}")).expect("a header"),
        );
        assert_eq!(
            read(&headers, "plan_author").as_deref(),
            Some("山田 太郎; x=1")
        );
        assert_eq!(read(&headers, "missing"), None);
    }

    #[test]
    fn session_cookies_have_no_expiry_and_are_secure_under_tls() {
        let s = set_for_session("__Host-plan_csrf", "1.ab", true);
        assert!(s.contains("Secure") && s.contains("Path=/"), "{s}");
        assert!(!s.contains("Max-Age") && !s.contains("Expires"), "{s}");
        assert!(!s.contains("Domain"), "{s}");
        assert!(set("plan_lang", "en", true).contains("Secure"));
    }
}
