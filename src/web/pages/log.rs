//! The notes, newest first, filtered as `plan log` filters them — by
//! measure or section, party, dates, author and status — through the same
//! selection ([`LogQuery`]), and the links to download the report.

use std::sync::Arc;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::{Error, Result};
use crate::model::filter::{parse_parties, parse_status};
use crate::model::note::Status;
use crate::model::when::parse_span;
use crate::report::html::filters;
use crate::view::log::{LogQuery, Scope};
use crate::web::app::App;
use crate::web::layout::Chrome;
use crate::web::pages::{Here, party_options, render, status_options, with_plan};
use crate::web::reply::Reply;
use crate::web::rows::NoteView;
use crate::web::visit::Visit;

/// The most notes one page lists (narrow the filters for older ones).
const PAGE: usize = 200;

#[derive(Template)]
#[template(path = "web/log.html")]
struct LogPage {
    chrome: Chrome,
    scope: String,
    /// (key, name, selected) of each party.
    parties: Vec<(String, String, bool)>,
    /// (key, label, ticked) of each status.
    statuses: Vec<(&'static str, &'static str, bool)>,
    since: String,
    until: String,
    author: String,
    all: bool,
    error: Option<String>,
    notes: Vec<NoteView>,
    /// Said when the page does not hold every note selected.
    more: Option<String>,
}

pub async fn handler(State(app): State<Arc<App>>, visit: Visit) -> Response {
    with_plan(app, visit, page).await
}

/// An error as one line for the page: the message, then the help.
pub fn say(here: &Here, e: &Error) -> String {
    let lang = here.lang;
    match e {
        Error::Usage { message, help }
        | Error::Io { message, help }
        | Error::Git { message, help, .. } => match help {
            Some(help) => format!("{}{}", message.get(lang), lang.paren(help.get(lang))),
            None => message.get(lang).to_string(),
        },
        Error::Invalid(d) => d
            .iter()
            .map(|d| d.render_human(lang, false))
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("{other:?}"),
    }
}

/// The query typed in the filters, checked as `plan log` checks its flags.
fn query(here: &Here, scope: Option<&str>) -> Result<LogQuery> {
    let snap = here.snap;
    let plan = &snap.plan;
    let fields = &here.visit.query;
    let parties: Vec<String> = fields.many("party").into_iter().map(String::from).collect();
    let parties: Vec<String> = parse_parties(plan, &parties)?
        .into_iter()
        .map(String::from)
        .collect();
    let scope = match scope {
        None => Scope::All,
        Some(input) => {
            let party = match parties.as_slice() {
                [one] => Some(one.as_str()),
                _ => None,
            };
            let default = snap.settings.party_default(plan, party)?;
            let target = plan
                .resolve_target(input.trim(), default)
                .map_err(|e| e.into_error(plan))?;
            Scope::of_target(&target)
        }
    };
    let today = snap.zone().day_of(snap.now());
    let day = |name: &str, label: &str| -> Result<Option<chrono::NaiveDate>> {
        let Some(input) = fields.many(name).first().copied() else {
            return Ok(None);
        };
        match parse_span(input, today) {
            Ok(span) if name == "since" => Ok(Some(span.first())),
            Ok(span) => Ok(Some(span.last())),
            Err(why) => {
                let (en, ja) = (why.en, why.ja);
                Err(Error::usage(
                    text!(en: "{label}: {en}", ja: "{label}: {ja}"),
                ))
            }
        }
    };
    let w = here.w();
    Ok(LogQuery {
        scope,
        parties,
        since: day("since", w.since)?,
        until: day("until", w.until)?,
        statuses: fields
            .many("status")
            .into_iter()
            .map(parse_status)
            .collect::<Result<Vec<Status>>>()?,
        authors: fields
            .many("author")
            .into_iter()
            .map(String::from)
            .collect(),
        all: !fields.many("all").is_empty(),
        limit: Some(PAGE + 1),
    })
}

fn page(here: &Here) -> Reply {
    let snap = here.snap;
    let plan = &snap.plan;
    let fields = &here.visit.query;
    let scope = fields.many("scope").first().map(|s| s.to_string());
    let (mut shown, error) = match query(here, scope.as_deref()) {
        Ok(q) => (q.select(plan, &snap.book, snap.zone()), None),
        Err(e) => (Vec::new(), Some(say(here, &e))),
    };
    let more = (shown.len() > PAGE).then(|| {
        shown.truncate(PAGE);
        let text = text!(
            en: "the newest {PAGE} notes are shown: narrow the filters (a date range, a section) for older ones",
            ja: "新しい {PAGE} 件を表示しています。それより前は絞り込んでください（期間、節など）",
        );
        text.get(here.lang).to_string()
    });
    let w = here.w();
    render(
        if error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
        &LogPage {
            chrome: here.chrome(w.log, "log"),
            scope: scope.unwrap_or_default(),
            parties: party_options(here, &fields.many("party")),
            statuses: status_options(here, &fields.many("status")),
            since: fields
                .many("since")
                .first()
                .map_or_else(String::new, |s| s.to_string()),
            until: fields
                .many("until")
                .first()
                .map_or_else(String::new, |s| s.to_string()),
            author: fields
                .many("author")
                .first()
                .map_or_else(String::new, |s| s.to_string()),
            all: !fields.many("all").is_empty(),
            error,
            notes: shown
                .iter()
                .map(|n| NoteView::new(&here.ui, plan, w, n))
                .collect(),
            more,
        },
    )
}
