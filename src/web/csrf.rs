//! Cross-site request forgery defence by double submit: every visitor gets
//! a random token in a `SameSite=Strict` session cookie, every form
//! carries the same token in a hidden field, and a state-changing request
//! whose field does not match its cookie (compared in constant time) is
//! refused. A page on another site can neither read the cookie nor guess
//! the token.
//!
//! Tokens rotate: the cookie lasts only as long as the browser session
//! (a new browser session, a new token), a page visited with a token older
//! than [`ROTATE_AFTER`] gets a new one, and a token older than
//! [`MAX_AGE`] is refused (forms carry their token's age in it: issued
//! seconds, a dot, 64 hex digits). Under TLS the cookie is `Secure` and
//! named with the `__Host-` prefix, so no subdomain and no plain-HTTP page
//! can set it.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use subtle::ConstantTimeEq;

/// The cookie that holds the token over plain HTTP.
pub const COOKIE: &str = "plan_csrf";

/// The cookie that holds it under TLS (`Secure`, host-only, path `/`).
pub const SECURE_COOKIE: &str = "__Host-plan_csrf";

/// The form field that repeats it.
pub const FIELD: &str = "csrf";

/// Random bytes in a token (hex-encoded: twice as many characters).
const BYTES: usize = 32;

/// A page visited with a token this old gets a fresh one.
pub const ROTATE_AFTER: Duration = Duration::from_secs(4 * 3600);

/// A token this old is no longer accepted (a form left open longer is sent
/// again after a reload).
pub const MAX_AGE: Duration = Duration::from_secs(12 * 3600);

/// A token issued this far in the future (clock changes) is still taken.
const SKEW: Duration = Duration::from_secs(300);

/// The cookie's name: with the `__Host-` prefix under TLS.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { SECURE_COOKIE } else { COOKIE }
}

/// Seconds since the epoch, now.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A fresh token issued at `now` (seconds since the epoch) from the
/// operating system's randomness; `None` when there is none to be had
/// (then no form is served that could be trusted).
pub fn new_token(now: u64) -> Option<String> {
    let mut bytes = [0u8; BYTES];
    getrandom::fill(&mut bytes).ok()?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("{now}.{hex}"))
}

/// When a token was issued, if it has the shape of one we issue.
pub fn issued(token: &str) -> Option<u64> {
    let (when, random) = token.split_once('.')?;
    let shaped = (1..=12).contains(&when.len())
        && when.bytes().all(|b| b.is_ascii_digit())
        && random.len() == BYTES * 2
        && random.bytes().all(|b| b.is_ascii_hexdigit());
    shaped.then(|| when.parse().ok()).flatten()
}

/// What a token presented at `now` is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    /// Not one we issued, or too old (or from too far ahead): replaced,
    /// and a post with it refused.
    Invalid,
    /// Accepted, but a page gets a fresh one.
    Stale,
    Fresh,
}

pub fn age(token: &str, now: u64) -> Age {
    let Some(at) = issued(token) else {
        return Age::Invalid;
    };
    if at > now.saturating_add(SKEW.as_secs()) {
        return Age::Invalid;
    }
    let old = now.saturating_sub(at);
    if old > MAX_AGE.as_secs() {
        Age::Invalid
    } else if old > ROTATE_AFTER.as_secs() {
        Age::Stale
    } else {
        Age::Fresh
    }
}

/// Whether the submitted field matches the cookie: both present, the
/// cookie's token one we issued, and equal, compared without revealing
/// where they differ. (Its age is checked where the cookie is read.)
pub fn matches(cookie: Option<&str>, field: Option<&str>) -> bool {
    match (cookie, field) {
        (Some(c), Some(f)) if issued(c).is_some() => bool::from(c.as_bytes().ct_eq(f.as_bytes())),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_and_match_only_themselves() {
        let a = new_token(now()).expect("randomness");
        let b = new_token(now()).expect("randomness");
        assert_ne!(a, b);
        assert!(issued(&a).is_some());
        assert!(matches(Some(&a), Some(&a)));
        assert!(!matches(Some(&a), Some(&b)));
        assert!(!matches(Some(&a), Some(&a[..10])));
        assert!(!matches(Some(&a), None));
        assert!(!matches(None, Some(&a)));
        assert!(!matches(Some("short"), Some("short")), "not one we issued");
        let old_shape = "ab".repeat(BYTES);
        assert!(
            !matches(Some(&old_shape), Some(&old_shape)),
            "no time in it"
        );
    }

    #[test]
    fn tokens_go_stale_then_invalid_with_age() {
        let t = 1_800_000_000;
        let token = new_token(t).expect("randomness");
        assert_eq!(issued(&token), Some(t));
        assert_eq!(age(&token, t), Age::Fresh);
        assert_eq!(age(&token, t + ROTATE_AFTER.as_secs()), Age::Fresh);
        assert_eq!(age(&token, t + ROTATE_AFTER.as_secs() + 1), Age::Stale);
        assert_eq!(age(&token, t + MAX_AGE.as_secs()), Age::Stale);
        assert_eq!(age(&token, t + MAX_AGE.as_secs() + 1), Age::Invalid);
        assert_eq!(age(&token, t - 60), Age::Fresh, "a little clock skew");
        assert_eq!(age(&token, t - 3600), Age::Invalid, "issued in the future");
        assert_eq!(age("x.y", t), Age::Invalid);
    }

    #[test]
    fn the_cookie_is_host_only_under_tls() {
        assert_eq!(cookie_name(false), "plan_csrf");
        assert_eq!(cookie_name(true), "__Host-plan_csrf");
    }
}
