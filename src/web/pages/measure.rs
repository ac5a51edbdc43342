//! A measure (or one ・ sub-item of it) in full: its text, sub-items,
//! status and where the status comes from, its notes with every
//! correction shown as such, and the forms that record a note or correct
//! one (not in read-only mode).

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::error::{Error, Result};
use crate::files::lineage;
use crate::i18n::Text;
use crate::model::note::Status;
use crate::model::progress::Progress;
use crate::model::resolve::Resolved;
use crate::report::html::filters;
use crate::text::truncate;
use crate::view::log::{LogQuery, Scope};
use crate::view::note::last_when;
use crate::web::app::App;
use crate::web::layout::Chrome;
use crate::web::pages::{Here, render, with_plan};
use crate::web::reply::Reply;
use crate::web::rows::{ItemView, NoteView, origin};
use crate::web::urls;
use crate::web::visit::Visit;

/// What the note form holds: empty, or what was typed when a post was
/// refused (so nothing typed is lost).
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// The ID the note is on (the measure or one of its sub-items).
    pub on: String,
    pub text: String,
    /// A status key, or "" for no change.
    pub status: String,
    pub at: String,
    pub allow_future: bool,
    pub outside_year: bool,
    pub author: String,
    /// One link per line.
    pub links: String,
}

/// A line above the page: what was just done, or why a post was refused.
#[derive(Debug, Clone)]
pub struct Notice {
    /// `saved`, `warn` or `error` (a CSS class).
    pub kind: &'static str,
    pub text: String,
}

#[derive(Template)]
#[template(path = "web/measure.html")]
struct MeasurePage {
    chrome: Chrome,
    notices: Vec<Notice>,
    /// The canonical ID shown (the measure's, or a sub-item's).
    id: String,
    measure_id: String,
    measure_url: String,
    section_url: String,
    section: u32,
    section_title: String,
    party: String,
    label: String,
    text: String,
    /// The sub-item asked for, if one was.
    item: Option<ItemView>,
    items: Vec<ItemView>,
    status: Status,
    /// Where the status comes from.
    origin: String,
    notes: usize,
    last: String,
    history: Vec<NoteView>,
    /// The measure through the fiscal years, oldest first (empty for a
    /// plan that records no previous year).
    years: Vec<YearView>,
    /// The note form (none in read-only mode).
    form: Option<NoteForm>,
    /// The visitor's CSRF token, for every form on the page.
    csrf: String,
    /// The page's one-time form token: one of its forms is recorded once.
    once: String,
    /// The author the correction forms start with.
    author: String,
}

/// One fiscal year of the measure, as `plan history` shows it.
struct YearView {
    fiscal_year: i32,
    id: String,
    change: &'static str,
    status: Status,
    notes: usize,
    text: String,
}

struct NoteForm {
    action: String,
    /// (id, what it is, selected) of the measure and each sub-item.
    targets: Vec<(String, String, bool)>,
    /// (key, label, selected) of each status.
    statuses: Vec<(&'static str, &'static str, bool)>,
    typed: Typed,
}

pub async fn handler(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    visit: Visit,
) -> Response {
    with_plan(app, visit, move |here| {
        let mut notices = Vec::new();
        let query = &here.visit.query;
        if query.one("saved").ok().flatten().is_some() {
            notices.push(Notice {
                kind: "saved",
                text: here.w().saved.to_string(),
            });
        }
        if query.one("outside").ok().flatten().is_some() {
            notices.push(outside_year_notice(here));
        }
        if query.one("uncommitted").ok().flatten().is_some() {
            notices.push(Notice {
                kind: "error",
                text: here
                    .lang
                    .pick(
                        "the note is recorded but could not be committed to git: plan sync (or the next --sync) commits it",
                        "記録は保存しましたが、git にコミットできませんでした。plan sync（または次の --sync）でコミットされます",
                    )
                    .to_string(),
            });
        }
        page(here, &id, None, StatusCode::OK, notices)
    })
    .await
}

/// The ID typed in a URL or a form, resolved as the command line resolves
/// it (any spelling; a short ID takes the default party).
pub fn resolve<'p>(here: &Here<'p>, input: &str) -> Result<Resolved<'p>> {
    let plan = &here.snap.plan;
    let default = here.snap.settings.party_default(plan, None)?;
    plan.resolve(input, default).map_err(|e| e.into_error(plan))
}

/// The page of a measure or sub-item, with the form as typed and notices.
pub fn page(
    here: &Here,
    input: &str,
    typed: Option<Typed>,
    status: StatusCode,
    notices: Vec<Notice>,
) -> Reply {
    match resolve(here, input) {
        Ok(resolved) => render(status, &build(here, &resolved, typed, notices)),
        Err(e) => not_found(here, &e),
    }
}

/// The 404 of an ID or section that names nothing, with the command
/// line's suggestions.
pub fn not_found(here: &Here, e: &Error) -> Reply {
    match e {
        Error::Usage { message, help }
        | Error::Io { message, help }
        | Error::Git { message, help, .. } => {
            here.message(StatusCode::NOT_FOUND, message, help.as_ref())
        }
        _ => here.message(
            StatusCode::NOT_FOUND,
            &Text::new("no such measure", "その取組はありません"),
            None,
        ),
    }
}

/// The word `plan note` says when a note dated now falls outside the
/// fiscal year (it is recorded all the same).
pub fn outside_year_notice(here: &Here) -> Notice {
    let (start, end) = here.snap.plan.info.fiscal_year_bounds();
    let fy = here.snap.plan.info.fiscal_year;
    let text = text!(
        en: "today is outside the plan's fiscal year {fy} ({start} … {end}); the note was recorded with today's date (give the day the work was done under When)",
        ja: "今日は計画の {fy} 年度（{start}〜{end}）の外です。今日の日付で記録しました（実施日は「実施日時」で指定できます）",
    );
    Notice {
        kind: "warn",
        text: text.get(here.lang).to_string(),
    }
}

fn build(here: &Here, r: &Resolved, typed: Option<Typed>, notices: Vec<Notice>) -> MeasurePage {
    let snap = here.snap;
    let plan = &snap.plan;
    let tracker = here.tracker();
    let m = &r.measure;
    let id = r.id.to_string();
    let measure_id = m.id().to_string();
    let items = ItemView::all(plan, m, &tracker);
    let item =
        r.id.item
            .and_then(|n| items.get(n.checked_sub(1)?))
            .cloned();
    let progress = match r.id.item {
        Some(n) => plan
            .item_index(m.index, n)
            .map_or_else(Progress::default, |i| tracker.item(i)),
        None => tracker.measure(m.index),
    };
    let history = LogQuery {
        scope: Scope::of_measure(r),
        all: true,
        ..LogQuery::default()
    }
    .select(plan, &snap.book, snap.zone());
    let w = here.w();
    let author = here
        .visit
        .author
        .clone()
        .unwrap_or_else(|| snap.author.clone());
    // Signed in, the forms are those the user may use.
    let user = here.visit.user.as_ref();
    let may_record = user.is_none_or(|u| u.may_record(&m.id().party));
    let form = (!here.app.read_only && may_record).then(|| {
        let mut typed = typed.unwrap_or_default();
        if typed.on.is_empty() {
            typed.on = id.clone();
        }
        if typed.author.is_empty() {
            typed.author = author.clone();
        }
        let mut targets = vec![(
            measure_id.clone(),
            format!("{measure_id} {}", truncate(&m.measure.text, 40)),
            typed.on == measure_id,
        )];
        targets.extend(items.iter().map(|i| {
            let what = format!("{} ・{}", i.id, truncate(&i.text, 40));
            (i.id.clone(), what, typed.on == i.id)
        }));
        NoteForm {
            action: urls::record(&measure_id),
            targets,
            statuses: Status::ALL
                .map(|s| (s.key(), s.label(here.lang), typed.status == s.key()))
                .to_vec(),
            typed,
        }
    });
    let title = match &item {
        Some(i) => format!("{} ・{}", i.id, truncate(&i.text, 30)),
        None => format!("{measure_id} {}", truncate(&m.measure.text, 30)),
    };
    let years = match &plan.info.previous {
        Some(_) => lineage::history(plan, &m.id(), snap.zone(), snap.now())
            .into_iter()
            .map(|y| YearView {
                fiscal_year: y.fiscal_year,
                id: y.id,
                change: y.change.map_or("—", |c| c.label(here.lang)),
                status: y.status,
                notes: y.notes,
                text: y.text,
            })
            .collect(),
        None => Vec::new(),
    };
    MeasurePage {
        chrome: here.chrome(title, ""),
        notices,
        id,
        measure_url: urls::measure(&measure_id),
        measure_id,
        section_url: urls::section(m.section.number),
        section: m.section.number,
        section_title: m.section.title.clone(),
        party: plan.party(m.party).map_or_else(
            || m.party.to_string(),
            |p| format!("{}{}", p.name, here.lang.paren(&p.short)),
        ),
        label: m.measure.label.clone(),
        text: m.measure.text.clone(),
        item,
        items,
        status: progress.status(),
        origin: origin(&progress, here.lang),
        notes: progress.notes,
        last: last_when(&here.ui, &history, progress.last_note_at),
        history: history
            .iter()
            .map(|n| {
                let mut view = NoteView::new(&here.ui, plan, w, n);
                if let Some(u) = user
                    && !u.may_correct(&m.id().party, &view.author)
                {
                    view.can_amend = false;
                    view.can_retract = false;
                }
                view
            })
            .collect(),
        years,
        form,
        csrf: here.visit.token().to_string(),
        once: crate::web::csrf::new_token().unwrap_or_default(),
        author,
    }
}
