//! What every page has around its content (`templates/web/base.html`):
//! the title, the navigation, the language switch, the read-only notice
//! and the banner of note lines that could not be read.

use crate::diagnostic::Diagnostic;
use crate::i18n::Lang;
use crate::model::note::Status;
use crate::report::look;
use crate::words::{Words, words};

/// The frame of a page.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub lang: Lang,
    pub w: &'static Words,
    pub title: String,
    /// The plan's title, or `plan` when there is none to read.
    pub site: String,
    /// Which navigation entry is this page: `dashboard`, `measures`, `log` or "".
    pub nav: &'static str,
    pub switch_url: String,
    /// Warnings shown above the content, each rendered as `plan check` does.
    pub banner: Vec<String>,
    pub read_only: bool,
    /// The signed-in user's display name (a logout button beside it).
    pub user: Option<String>,
    /// The visitor's CSRF token, for the logout form.
    pub csrf: String,
}

impl Chrome {
    pub fn new(lang: Lang, site: &str, title: String, switch_url: String) -> Chrome {
        Chrome {
            lang,
            w: words(lang),
            title,
            site: site.to_string(),
            nav: "",
            switch_url,
            banner: Vec::new(),
            read_only: false,
            user: None,
            csrf: String::new(),
        }
    }

    /// Says which note lines were skipped, as the command line warns.
    pub fn skipped(mut self, skipped: &[Diagnostic]) -> Chrome {
        let (shown, count) = crate::view::log::skipped_report(skipped);
        let lang = self.lang;
        self.banner
            .extend(shown.iter().map(|d| d.render_human(lang, false)));
        self.banner.extend(count.map(|t| t.get(lang).to_string()));
        self
    }

    /// The code of the language the switch leads to.
    pub fn other_lang_code(&self) -> &'static str {
        match self.lang {
            Lang::Ja => "en",
            Lang::En => "ja",
        }
    }

    /// A status's mark, as the report draws it.
    pub fn symbol(&self, s: &Status) -> &'static str {
        look::symbol(*s)
    }

    /// A status's name in the page's language.
    pub fn label(&self, s: &Status) -> &'static str {
        s.label(self.lang)
    }

    /// Every status, in the report's order.
    pub fn statuses(&self) -> [Status; 5] {
        look::ORDER
    }
}
