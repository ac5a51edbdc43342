//! Which language a page speaks: `?lang=ja|en` (remembered in a cookie),
//! else that cookie, else the browser's `Accept-Language`, else the
//! plan's settings (flag, environment, user config, plan.toml), as on the
//! command line.

use crate::i18n::Lang;

/// The cookie that remembers a visitor's choice.
pub const COOKIE: &str = "plan_lang";

/// `ja` or `en` (any case, surrounding spaces ignored); anything else is
/// no choice.
pub fn parse(value: &str) -> Option<Lang> {
    match value.trim().to_ascii_lowercase().as_str() {
        "ja" => Some(Lang::Ja),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// The UI language among `Accept-Language`'s ranges with the highest
/// weight (`ja,en;q=0.8` → Japanese; `fr` → none). The first listed wins a
/// tie; a malformed part is skipped, never an error.
pub fn from_accept_language(header: &str) -> Option<Lang> {
    let mut best: Option<(u32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let range = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        let primary = range.split('-').next().unwrap_or("");
        let lang = match primary {
            "ja" => Lang::Ja,
            "en" => Lang::En,
            _ => continue,
        };
        let mut weight = 1000;
        for param in pieces {
            if let Some(q) = param.trim().strip_prefix("q=") {
                weight = match q.trim().parse::<f32>() {
                    Ok(v) if (0.0..=1.0).contains(&v) => (v * 1000.0).round() as u32,
                    _ => 0,
                };
            }
        }
        if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map(|(_, lang)| lang)
}

/// The visitor's explicit or browser preference, if any; the plan's
/// settings decide otherwise.
pub fn preferred(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Option<Lang> {
    query
        .and_then(parse)
        .or_else(|| cookie.and_then(parse))
        .or_else(|| accept.and_then(from_accept_language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_heaviest_known_language() {
        assert_eq!(from_accept_language("ja,en-US;q=0.9"), Some(Lang::Ja));
        assert_eq!(
            from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(from_accept_language("fr, ja;q=0.5"), Some(Lang::Ja));
        assert_eq!(
            from_accept_language("en;q=0.2, JA-jp;q=0.7"),
            Some(Lang::Ja)
        );
        assert_eq!(from_accept_language("fr-FR,de"), None);
        assert_eq!(from_accept_language("ja;q=0"), None);
        assert_eq!(from_accept_language(";;;,q=,ja;q=abc,en;q=2"), None);
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn the_query_beats_the_cookie_which_beats_the_browser() {
        assert_eq!(
            preferred(Some("en"), Some("ja"), Some("ja")),
            Some(Lang::En)
        );
        assert_eq!(
            preferred(Some("xx"), Some("ja"), Some("en")),
            Some(Lang::Ja)
        );
        assert_eq!(preferred(None, None, Some("en")), Some(Lang::En));
        assert_eq!(preferred(None, None, None), None);
    }
}
