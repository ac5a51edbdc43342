//! Which language a page speaks: `?lang=ja|en` (remembered in a cookie),
//! else that cookie, else `plan --lang` given to `plan serve` (an
//! explicit choice beats the browser's default), else the browser's
//! `Accept-Language`, else the plan's settings (environment, user config,
//! plan.toml), as on the command line.

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

/// What a request says of its language: the visitor's choice (`?lang=`,
/// else the cookie) and the browser's preference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Asked {
    pub chosen: Option<Lang>,
    pub browser: Option<Lang>,
}

impl Asked {
    pub fn of(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Asked {
        Asked {
            chosen: query.and_then(parse).or_else(|| cookie.and_then(parse)),
            browser: accept.and_then(from_accept_language),
        }
    }

    /// The page's language: the visitor's choice, else the server's
    /// `--lang` flag, else the browser's, else the plan's settings.
    pub fn decide(self, flag: Option<Lang>, settings: Lang) -> Lang {
        self.chosen.or(flag).or(self.browser).unwrap_or(settings)
    }
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
    fn the_query_beats_the_cookie_which_beats_the_flag_which_beats_the_browser() {
        let decide = |q, c, a, flag| Asked::of(q, c, a).decide(flag, Lang::En);
        assert_eq!(decide(Some("en"), Some("ja"), Some("ja"), None), Lang::En);
        assert_eq!(decide(Some("xx"), Some("ja"), Some("en"), None), Lang::Ja);
        assert_eq!(decide(None, None, Some("ja"), None), Lang::Ja);
        assert_eq!(decide(None, None, None, None), Lang::En);
        // `plan --lang ja serve`: Japanese for an English browser, but a
        // visitor's own switch still wins.
        assert_eq!(decide(None, None, Some("en"), Some(Lang::Ja)), Lang::Ja);
        assert_eq!(
            decide(Some("en"), None, Some("ja"), Some(Lang::Ja)),
            Lang::En
        );
        assert_eq!(decide(None, Some("en"), None, Some(Lang::Ja)), Lang::En);
    }
}
