//! Cross-site request forgery defence by double submit: every visitor gets
//! a random token in a `SameSite=Strict` cookie, every form carries the
//! same token in a hidden field, and a state-changing request whose field
//! does not match its cookie (compared in constant time) is refused. A
//! page on another site can neither read the cookie nor guess the token.

//!
//! Each page's forms also carry a one-time form token (`once`): a form
//! sent twice (a double click, a reload that posts again) is recorded once.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;

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

/// The cookie that holds the token.
pub const COOKIE: &str = "plan_csrf";

/// The form field that repeats it.
pub const FIELD: &str = "csrf";

/// Random bytes in a token (hex-encoded: twice as many characters).
const BYTES: usize = 32;

/// A fresh token from the operating system's randomness; `None` when
/// there is none to be had (then no form is served that could be trusted).
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; BYTES];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether a cookie's value has the shape of a token we issued (anything
/// else is replaced by a fresh one).
pub fn well_formed(token: &str) -> bool {
    token.len() == BYTES * 2 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether the submitted field matches the cookie: both present, well
/// formed, and equal, compared without revealing where they differ.
pub fn matches(cookie: Option<&str>, field: Option<&str>) -> bool {
    match (cookie, field) {
        (Some(c), Some(f)) if well_formed(c) => bool::from(c.as_bytes().ct_eq(f.as_bytes())),
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
        let a = new_token().expect("randomness");
        let b = new_token().expect("randomness");
        assert_ne!(a, b);
        assert!(well_formed(&a));
        assert!(matches(Some(&a), Some(&a)));
        assert!(!matches(Some(&a), Some(&b)));
        assert!(!matches(Some(&a), Some(&a[..10])));
        assert!(!matches(Some(&a), None));
        assert!(!matches(None, Some(&a)));
        assert!(!matches(Some("short"), Some("short")), "not one we issued");
    }
}
