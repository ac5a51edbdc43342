//! Cross-site request forgery defence by double submit: every visitor gets
//! a random token in a `SameSite=Strict` cookie, every form carries the
//! same token in a hidden field, and a state-changing request whose field
//! does not match its cookie (compared in constant time) is refused. A
//! page on another site can neither read the cookie nor guess the token.

use subtle::ConstantTimeEq;

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
