//! Pages that say something went wrong: a message with its help (not
//! found, bad request, refused), and the plan's diagnostics when its files
//! cannot be read — what `plan check` would print, escaped.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::diagnostic::Diagnostic;
use crate::i18n::{Lang, Text};
use crate::report::html::filters;
use crate::web::app::App;
use crate::web::layout::Chrome;
use crate::web::pages::with_plan;
use crate::web::reply::Reply;
use crate::web::visit::Visit;
use crate::words::words;

#[derive(Template)]
#[template(path = "web/message.html")]
struct MessagePage<'a> {
    chrome: Chrome,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "web/broken.html")]
struct BrokenPage {
    chrome: Chrome,
    diagnostics: Vec<String>,
    summary: String,
}

/// The title of a message page with this status.
pub fn title(lang: Lang, status: StatusCode) -> &'static str {
    let w = words(lang);
    match status {
        StatusCode::BAD_REQUEST => w.bad_request,
        StatusCode::FORBIDDEN => w.forbidden,
        StatusCode::NOT_FOUND => w.not_found_page,
        StatusCode::METHOD_NOT_ALLOWED => w.method_not_allowed,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => w.not_a_form,
        _ => w.error,
    }
}

/// A message page in `chrome`.
pub fn render(chrome: Chrome, status: StatusCode, message: &Text, help: Option<&Text>) -> Reply {
    let lang = chrome.lang;
    super::render(
        status,
        &MessagePage {
            chrome,
            message: message.get(lang),
            help: help.map(|h| h.get(lang)),
        },
    )
}

/// The page every request gets while the plan files are broken (503):
/// each problem as `plan check` shows it.
pub fn broken(
    visit: &Visit,
    lang: Lang,
    diagnostics: &[Diagnostic],
    message: Option<&Text>,
) -> Reply {
    let chrome = Chrome::new(
        lang,
        "plan",
        words(lang).broken.to_string(),
        visit.switch_url(lang),
    );
    let mut shown: Vec<String> = diagnostics
        .iter()
        .map(|d| d.render_human(lang, false))
        .collect();
    shown.extend(message.map(|m| m.get(lang).to_string()));
    let n = diagnostics.len();
    let summary = text!(
        en: "the plan files have {n} error(s); nothing can be shown or recorded until they are fixed",
        ja: "計画ファイルにエラーが {n} 件あります。直すまで表示も記録もできません",
    );
    super::render(
        StatusCode::SERVICE_UNAVAILABLE,
        &BrokenPage {
            chrome,
            diagnostics: shown,
            summary: summary.get(lang).to_string(),
        },
    )
    .header(axum::http::header::RETRY_AFTER, "5")
}

/// Any address that is not a page.
pub async fn not_found(State(app): State<Arc<App>>, visit: Visit) -> Response {
    with_plan(app, visit, |here| {
        let path = crate::text::escape_control(&here.visit.path).into_owned();
        here.message(
            StatusCode::NOT_FOUND,
            &text!(en: "there is no page at {path}", ja: "{path} というページはありません"),
            None,
        )
    })
    .await
}

/// A method a page does not take (a POST to a page, a DELETE …).
pub async fn method_not_allowed(State(app): State<Arc<App>>, visit: Visit) -> Response {
    let mut response = with_plan(app, visit, |here| {
        here.message(
            StatusCode::METHOD_NOT_ALLOWED,
            &Text::new("this page can only be read", "このページは閲覧のみです"),
            None,
        )
    })
    .await;
    // A broken plan's page says 503; this answer is about the method.
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response.into_response()
}
