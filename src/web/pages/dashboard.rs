//! The dashboard: the status summary per section × party with the
//! report's completion and progress-over-the-year charts (the report's own
//! partials), the latest notes, the open measures nobody has written about
//! for 30 days (the filter of `plan list --stale 30`), and the downloads.

use std::ops::Deref;
use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::model::filter::FilterInput;
use crate::report::chart::FONTS;
use crate::report::html::{Page, filters};
use crate::view::log::LogQuery;
use crate::web::app::App;
use crate::web::layout::Chrome;
use crate::web::pages::{Here, render, with_plan};
use crate::web::reply::Reply;
use crate::web::rows::{MeasureView, NoteView};
use crate::web::visit::Visit;
use crate::web::{report, urls};
use crate::words::words;

/// How many of the latest notes the dashboard shows.
const RECENT: usize = 10;

/// Days without a note after which an open measure is listed.
const STALE_DAYS: u32 = 30;

/// The dashboard as each visitor gets it: their header (name, CSRF token,
/// language switch) around the body kept with the snapshot.
#[derive(Template)]
#[template(path = "web/dashboard.html")]
struct Dashboard<'a> {
    chrome: Chrome,
    body: &'a str,
}

/// What the dashboard shows of the plan, the same for every visitor.
#[derive(Template)]
#[template(path = "web/dashboard_body.html")]
struct Body<'a> {
    /// The language's words and marks only, no visitor's: the body is
    /// the same for everyone who reads it in that language.
    chrome: Chrome,
    /// The report's page, for its partials (summary, legend, charts).
    page: Page<'a>,
    /// (link, number, title) of each section.
    sections: Vec<(String, u32, String)>,
    recent: &'a [NoteView],
    stale: &'a [MeasureView],
}

impl<'a> Deref for Body<'a> {
    type Target = Page<'a>;
    fn deref(&self) -> &Page<'a> {
        &self.page
    }
}

pub async fn handler(State(app): State<Arc<App>>, visit: Visit) -> Response {
    with_plan(app, visit, page).await
}

/// The dashboard's body, rendered once and kept with the snapshot while it
/// holds ([`report::kept`]): rendering the report's charts and tables is
/// most of a request's work at 20,000 notes (a 900 KB page).
pub struct Parts {
    body: Result<String, String>,
}

/// The dashboard's body as of `now`.
fn parts(here: &Here, now: chrono::DateTime<chrono::FixedOffset>) -> Parts {
    let snap = here.snap;
    let plan = &snap.plan;
    let tracker = here.tracker();
    let report = report::build_at(here, now);
    let recent = LogQuery {
        limit: Some(RECENT),
        ..LogQuery::default()
    }
    .select(plan, &snap.book, snap.zone());
    let open = ["planned", "active", "blocked"].map(String::from);
    let input = FilterInput {
        statuses: &open,
        stale_days: Some(STALE_DAYS),
        ..FilterInput::default()
    };
    let stale: Vec<MeasureView> = match snap.filter(&input) {
        Ok(filter) => filter
            .measures(plan, |m| tracker.measure(m.index))
            .iter()
            .map(|m| MeasureView::new(&here.ui, plan, m, &tracker.measure(m.index)))
            .collect(),
        Err(_) => Vec::new(),
    };
    let w = here.w();
    let recent: Vec<NoteView> = recent
        .iter()
        .map(|n| NoteView::new(&here.ui, plan, w, n))
        .collect();
    let body = Body {
        chrome: Chrome::new(here.lang, "", String::new(), String::new()),
        page: Page {
            r: &report,
            w: words(here.lang),
            fonts: FONTS,
        },
        sections: plan
            .sections
            .iter()
            .map(|f| {
                let s = &f.section;
                (urls::section(s.number), s.number, s.title.clone())
            })
            .collect(),
        recent: &recent,
        stale: &stale,
    };
    Parts {
        body: body.render().map_err(|e| e.to_string()),
    }
}

fn page(here: &Here) -> Reply {
    let parts = report::kept(here, &here.snap.memo, |now| parts(here, now));
    let body = match &parts.body {
        Ok(body) => body,
        Err(e) => {
            return Reply::text(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("internal error: cannot render the page ({e})\n"),
            );
        }
    };
    let w = here.w();
    render(
        StatusCode::OK,
        &Dashboard {
            chrome: here.chrome(w.dashboard, "dashboard"),
            body,
        },
    )
}
