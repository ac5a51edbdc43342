//! The pages, one module each, all rendered on the server from askama
//! templates under `templates/web/` (every value escaped). A page's work
//! (reading the files, replaying the notes) runs on a blocking thread with
//! the plan as the files are now.

pub mod dashboard;
pub mod list;
pub mod log;
pub mod measure;
pub mod message;
pub mod section;

use std::sync::Arc;

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::i18n::{Lang, Text};
use crate::model::note::Status;
use crate::model::progress::Tracker;
use crate::view::ui::Ui;
use crate::web::app::App;
use crate::web::layout::Chrome;
use crate::web::reply::Reply;
use crate::web::snapshot::{Loaded, Snapshot};
use crate::web::visit::Visit;
use crate::words::{Words, words};

/// Everything a page is rendered from: the server, the plan as loaded, the
/// visitor, and the language and date style to show it in.
pub struct Here<'a> {
    pub app: &'a App,
    pub snap: &'a Snapshot,
    pub visit: &'a Visit,
    pub lang: Lang,
    /// Dates in the plan's date style; tables' party names in `lang`.
    pub ui: Ui,
}

impl<'a> Here<'a> {
    pub fn new(app: &'a App, snap: &'a Snapshot, visit: &'a Visit) -> Here<'a> {
        let lang = visit.lang(app.cache.flag_lang(), snap.lang());
        let mut ui = snap.ui.clone();
        ui.lang = lang;
        Here {
            app,
            snap,
            visit,
            lang,
            ui,
        }
    }

    pub fn w(&self) -> &'static Words {
        words(self.lang)
    }

    /// The page frame: the plan's title, the navigation entry `nav`, the
    /// skipped note lines.
    pub fn chrome(&self, title: impl Into<String>, nav: &'static str) -> Chrome {
        let mut chrome = Chrome::new(
            self.lang,
            &self.snap.plan.info.title,
            title.into(),
            self.visit.switch_url(self.lang),
        )
        .skipped(&self.snap.book.skipped());
        chrome.nav = nav;
        chrome.read_only = self.app.read_only;
        if let Some(problem) = self.app.sync.problem() {
            chrome.banner.push(problem.get(self.lang).to_string());
        }
        chrome.user = self.visit.user.as_ref().map(|u| u.display.clone());
        chrome.csrf = self.visit.token().to_string();
        chrome
    }

    /// Progress now, replayed as `plan status` replays it.
    pub fn tracker(&self) -> Tracker<'a> {
        self.snap.tracker(None)
    }

    /// A message page (not found, bad request …) in this page's frame.
    pub fn message(&self, status: StatusCode, message: &Text, help: Option<&Text>) -> Reply {
        let title = message::title(self.lang, status);
        message::render(self.chrome(title, ""), status, message, help)
    }
}

/// The party choices of a filter: (key, name, chosen) of each party,
/// chosen when one of `picked` names it (any spelling).
pub fn party_options(here: &Here, picked: &[&str]) -> Vec<(String, String, bool)> {
    let plan = &here.snap.plan;
    plan.info
        .parties
        .iter()
        .map(|(key, p)| {
            let chosen = picked.iter().any(|q| plan.find_party(q) == Some(key));
            (
                key.clone(),
                format!("{}{}", p.name, here.lang.paren(&p.short)),
                chosen,
            )
        })
        .collect()
}

/// The status choices of a filter: (key, label, chosen) of each status.
pub fn status_options(here: &Here, picked: &[&str]) -> Vec<(&'static str, &'static str, bool)> {
    crate::report::look::ORDER
        .map(|s| {
            let chosen = picked.iter().any(|q| Status::parse(q) == Some(s));
            (s.key(), s.label(here.lang), chosen)
        })
        .to_vec()
}

/// Renders a template into a page with `status`; a template that fails to
/// render (it cannot, with our values) is a 500, never a panic.
pub fn render(status: StatusCode, page: &impl Template) -> Reply {
    match page.render() {
        Ok(html) => Reply::html(status, html),
        Err(e) => Reply::text(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("internal error: cannot render the page ({e})\n"),
        ),
    }
}

/// Runs `page` on a blocking thread with the plan as the files are now
/// (or the diagnostics page when they are broken), and sets the visit's
/// cookies on what it answers.
pub async fn with_plan<F>(app: Arc<App>, visit: Visit, page: F) -> Response
where
    F: FnOnce(&Here) -> Reply + Send + 'static,
{
    let done = tokio::task::spawn_blocking(move || {
        let loaded = app.cache.current();
        let reply = match &*loaded {
            Loaded::Ready(snap) => page(&Here::new(&app, snap, &visit)),
            Loaded::Broken {
                lang,
                diagnostics,
                message,
            } => message::broken(
                &visit,
                visit.lang(app.cache.flag_lang(), *lang),
                diagnostics,
                message.as_ref(),
            ),
        };
        visit.finish(reply)
    })
    .await;
    match done {
        Ok(reply) => reply.into_response(),
        Err(_) => {
            Reply::text(StatusCode::INTERNAL_SERVER_ERROR, "internal error\n").into_response()
        }
    }
}
