//! The measures, filtered as `plan list` filters them — by party, section,
//! status, text and days without a note — through the same
//! [`MeasureFilter`](crate::model::filter::MeasureFilter).

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::Error;
use crate::model::filter::FilterInput;
use crate::report::html::filters;
use crate::web::app::App;
use crate::web::layout::Chrome;
use crate::web::pages::{Here, party_options, render, status_options, with_plan};
use crate::web::reply::Reply;
use crate::web::rows::MeasureView;
use crate::web::visit::Visit;

#[derive(Template)]
#[template(path = "web/list.html")]
struct ListPage {
    chrome: Chrome,
    /// (key, name, selected) of each party.
    parties: Vec<(String, String, bool)>,
    /// (key, label, ticked) of each status.
    statuses: Vec<(&'static str, &'static str, bool)>,
    section: String,
    grep: String,
    stale: String,
    error: Option<String>,
    rows: Vec<MeasureView>,
    count: String,
}

pub async fn handler(State(app): State<Arc<App>>, visit: Visit) -> Response {
    with_plan(app, visit, page).await
}

fn page(here: &Here) -> Reply {
    let snap = here.snap;
    let plan = &snap.plan;
    let query = &here.visit.query;
    let own = |name: &str| {
        query
            .many(name)
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let parties = own("party");
    let sections = own("section");
    let statuses = own("status");
    let grep = query.many("q").first().map(|s| s.to_string());
    let stale = query.many("stale").first().map(|s| s.trim().to_string());
    let stale_days = match stale.as_deref().map(str::parse::<u32>) {
        None => Ok(None),
        Some(Ok(days)) => Ok(Some(days)),
        Some(Err(_)) => Err(Error::usage(text!(
            en: "days without a note: give a whole number of days",
            ja: "記録のない日数は整数で指定してください",
        ))),
    };
    let tracker = here.tracker();
    let filter = stale_days.and_then(|stale_days| {
        let input = FilterInput {
            parties: &parties,
            sections: &sections,
            statuses: &statuses,
            grep: grep.as_deref(),
            stale_days,
        };
        snap.filter(&input)
    });
    let (rows, error): (Vec<MeasureView>, _) = match filter {
        Ok(filter) => {
            let measures = filter.measures(plan, |m| tracker.measure(m.index));
            let rows = measures
                .iter()
                .map(|m| MeasureView::new(&here.ui, plan, m, &tracker.measure(m.index)))
                .collect();
            (rows, None)
        }
        Err(e) => (Vec::new(), Some(super::log::say(here, &e))),
    };
    let n = rows.len();
    let total = plan.counts().0;
    let count = text!(en: "{n} of {total} measures", ja: "{total} 件中 {n} 件");
    render(
        if error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
        &ListPage {
            chrome: here.chrome(here.w().measures, "measures"),
            parties: party_options(here, &query.many("party")),
            statuses: status_options(here, &query.many("status")),
            section: sections.join(","),
            grep: grep.unwrap_or_default(),
            stale: stale.unwrap_or_default(),
            error,
            rows,
            count: count.get(here.lang).to_string(),
        },
    )
}
