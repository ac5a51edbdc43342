//! What one request brings with it: the language it asks for, the
//! visitor's CSRF token (issued on a first visit), the author it
//! remembers, and the path and query, so a page can link to itself in the
//! other language. The cookies it decides on are set on the reply.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;

use crate::i18n::Lang;
use crate::web::app::App;
use crate::web::forms::Fields;
use crate::web::reply::Reply;
use crate::web::{cookies, csrf, lang};

/// The cookie that remembers who records notes from this browser.
pub const AUTHOR_COOKIE: &str = "plan_author";

/// One request's visitor.
#[derive(Debug, Clone)]
pub struct Visit {
    /// The language the visitor asked for and the one the browser prefers.
    asked: lang::Asked,
    /// A `?lang=` to remember.
    remember_lang: Option<Lang>,
    /// The CSRF token of the request's cookie, if it holds one we issued
    /// that is not too old.
    presented: Option<String>,
    /// The token for this page's forms: the presented one, or a new one
    /// when there was none or it is due to rotate.
    token: Option<String>,
    /// Whether `token` is new (to be set as a cookie).
    token_is_new: bool,
    /// Served over TLS: cookies are `Secure`, the CSRF cookie `__Host-`.
    secure: bool,
    /// The author this browser recorded notes as last.
    pub author: Option<String>,
    /// The signed-in user (`None` when sign-in is off).
    pub user: Option<crate::model::account::User>,
    pub path: String,
    pub query: Fields,
}

impl FromRequestParts<std::sync::Arc<App>> for Visit {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        app: &std::sync::Arc<App>,
    ) -> Result<Visit, Infallible> {
        Ok(Visit::of(parts, app.secure, csrf::now()))
    }
}

impl Visit {
    /// The visit of a request, over TLS or not, at `now` (seconds since
    /// the epoch: the CSRF token's age is measured from it).
    pub fn of(parts: &Parts, secure: bool, now: u64) -> Visit {
        let headers = &parts.headers;
        let query = Fields::query(parts.uri.query());
        let asked = query.one("lang").ok().flatten().and_then(lang::parse);
        let accept = headers.get(ACCEPT_LANGUAGE).and_then(|h| h.to_str().ok());
        let cookie = cookies::read(headers, lang::COOKIE);
        let wanted = lang::Asked::of(asked.map(Lang::as_str), cookie.as_deref(), accept);
        let existing = cookies::read(headers, csrf::cookie_name(secure))
            .map(|t| (csrf::age(&t, now), t))
            .filter(|(age, _)| *age != csrf::Age::Invalid);
        let (presented, token, token_is_new) = match existing {
            Some((csrf::Age::Fresh, t)) => (Some(t.clone()), Some(t), false),
            // Still accepted on a post; forms from now on get a new one.
            Some((_, t)) => (Some(t), csrf::new_session_token(now), true),
            None => (None, csrf::new_session_token(now), true),
        };
        Visit {
            asked: wanted,
            remember_lang: asked,
            presented,
            token,
            token_is_new,
            secure,
            author: cookies::read(headers, AUTHOR_COOKIE)
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty()),
            user: parts
                .extensions
                .get::<crate::web::auth::CurrentUser>()
                .and_then(|u| u.0.clone()),
            path: parts.uri.path().to_string(),
            query,
        }
    }

    /// The page's language: the visitor's choice, else the server's
    /// `--lang` flag (`flag`), else the browser's, else the plan's.
    pub fn lang(&self, flag: Option<Lang>, default: Lang) -> Lang {
        self.asked.decide(flag, default)
    }

    /// The token to put in forms ("" only without OS randomness, and then
    /// every post is refused).
    pub fn token(&self) -> &str {
        self.token.as_deref().unwrap_or("")
    }

    /// The token the request's cookie holds (not one issued just now).
    pub fn cookie_token(&self) -> Option<&str> {
        self.presented.as_deref()
    }

    /// A `Set-Cookie` value for a cookie kept a year (`Secure` under TLS).
    pub fn cookie(&self, name: &'static str, value: &str) -> String {
        cookies::set(name, value, self.secure)
    }

    /// This page in the other language, `?lang=` added to its query.
    pub fn switch_url(&self, current: Lang) -> String {
        let other = match current {
            Lang::Ja => Lang::En,
            Lang::En => Lang::Ja,
        };
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in self.query.pairs() {
            if k != "lang" && k != "saved" {
                query.append_pair(k, v);
            }
        }
        query.append_pair("lang", other.as_str());
        format!("{}?{}", super::urls::path_only(&self.path), query.finish())
    }

    /// The reply with the cookies this visit decided on.
    pub fn finish(&self, mut reply: Reply) -> Reply {
        if let (true, Some(token)) = (self.token_is_new, &self.token) {
            reply = reply.cookie(cookies::set_for_session(
                csrf::cookie_name(self.secure),
                token,
                self.secure,
            ));
        }
        if let Some(lang) = self.remember_lang {
            reply = reply.cookie(self.cookie(lang::COOKIE, lang.as_str()));
        }
        reply
    }
}
