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
//!
//! Each page's forms also carry a one-time form token (`once`): a form
//! sent twice (a double click, a reload that posts again) is recorded once.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use subtle::ConstantTimeEq;

/// The form field that holds the page's one-time token.
pub const ONCE_FIELD: &str = "once";

/// How many sent forms are remembered (the oldest are forgotten first: a
/// page that old is reloaded long before).
const REMEMBERED: usize = 65_536;

/// The one-time tokens of forms already sent (or being recorded).
#[derive(Debug, Default)]
pub struct SentForms(Mutex<(HashSet<String>, VecDeque<String>)>);

impl SentForms {
    /// Claims a form's token: false when it was sent before.
    pub fn claim(&self, token: &str) -> bool {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *guard;
        if !set.insert(token.to_string()) {
            return false;
        }
        order.push_back(token.to_string());
        if order.len() > REMEMBERED
            && let Some(old) = order.pop_front()
        {
            set.remove(&old);
        }
        true
    }

    /// Gives a claimed token back (the form was refused: it may be sent
    /// again once corrected).
    pub fn release(&self, token: &str) {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *guard;
        set.remove(token);
        order.retain(|t| t != token);
    }
}

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

/// A fresh random token (a page's one-time form token) from the
/// operating system's randomness; `None` when there is none to be had
/// (then no form is served that could be trusted).
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; BYTES];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether a one-time form token has the shape of one we issue.
pub fn well_formed(token: &str) -> bool {
    token.len() == BYTES * 2 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A fresh CSRF token issued at `now` (seconds since the epoch); `None`
/// without randomness.
pub fn new_session_token(now: u64) -> Option<String> {
    Some(format!("{now}.{}", new_token()?))
}

/// When a CSRF token was issued, if it has the shape of one we issue.
pub fn issued(token: &str) -> Option<u64> {
    let (when, random) = token.split_once('.')?;
    let shaped = (1..=12).contains(&when.len()) && when.bytes().all(|b| b.is_ascii_digit());
    (shaped && well_formed(random))
        .then(|| when.parse().ok())
        .flatten()
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
    fn a_form_token_is_claimed_once_until_given_back() {
        let sent = SentForms::default();
        assert!(sent.claim("a"));
        assert!(!sent.claim("a"), "the second send of one form");
        assert!(sent.claim("b"));
        sent.release("a");
        assert!(sent.claim("a"), "a refused form may be sent again");
    }

    #[test]
    fn tokens_are_fresh_and_match_only_themselves() {
        let a = new_session_token(now()).expect("randomness");
        let b = new_session_token(now()).expect("randomness");
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
        let token = new_session_token(t).expect("randomness");
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
