//! A section laid out as the document lays it out: its title, （内容）,
//! then each party's measures under its heading with their ・ sub-items,
//! each with its status.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::model::plan::Section;
use crate::model::resolve::Target;
use crate::report::html::filters;
use crate::text::zenkaku;
use crate::web::app::App;
use crate::web::layout::Chrome;
use crate::web::pages::{Here, render, with_plan};
use crate::web::reply::Reply;
use crate::web::rows::{ItemView, MeasureView};
use crate::web::urls;
use crate::web::visit::Visit;

#[derive(Template)]
#[template(path = "web/section.html")]
struct SectionPage {
    chrome: Chrome,
    /// `２`
    number: String,
    title: String,
    /// (`（１）`, text) of each 内容 item.
    contents: Vec<(String, String)>,
    parties: Vec<PartyBlock>,
    /// (link, number) of the sections before and after.
    prev: Option<(String, u32)>,
    next: Option<(String, u32)>,
}

struct PartyBlock {
    heading: String,
    measures: Vec<(MeasureView, Vec<ItemView>)>,
}

pub async fn handler(
    State(app): State<Arc<App>>,
    Path(number): Path<String>,
    visit: Visit,
) -> Response {
    with_plan(app, visit, move |here| page(here, &number)).await
}

fn page(here: &Here, input: &str) -> Reply {
    let plan = &here.snap.plan;
    let target = here
        .snap
        .settings
        .party_default(plan, None)
        .and_then(|default| {
            plan.resolve_target(input, default)
                .map_err(|e| e.into_error(plan))
        });
    let section = match target {
        Ok(Target::Section(section)) => section,
        Ok(Target::Measure(r)) => return Reply::see_other(&urls::measure(&r.id.to_string())),
        Err(e) => return super::measure::not_found(here, &e),
    };
    render(StatusCode::OK, &build(here, section))
}

fn build(here: &Here, section: &Section) -> SectionPage {
    let plan = &here.snap.plan;
    let tracker = here.tracker();
    let parties = plan
        .info
        .parties
        .iter()
        .map(|(key, party)| PartyBlock {
            heading: party.heading(),
            measures: plan
                .section_measures(section)
                .filter(|m| m.party == key)
                .map(|m| {
                    let view = MeasureView::new(&here.ui, plan, &m, &tracker.measure(m.index));
                    (view, ItemView::all(plan, &m, &tracker))
                })
                .collect(),
        })
        .filter(|p| !p.measures.is_empty())
        .collect();
    let numbers: Vec<u32> = plan.sections.iter().map(|f| f.section.number).collect();
    let at = numbers.iter().position(|n| *n == section.number);
    let neighbour = |i: Option<usize>| {
        i.and_then(|i| numbers.get(i))
            .map(|n| (urls::section(*n), *n))
    };
    let title = format!("{} {}", section.number, section.title);
    SectionPage {
        chrome: here.chrome(title, ""),
        number: zenkaku(section.number),
        title: section.title.clone(),
        contents: section
            .contents
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("（{}）", zenkaku(i + 1)), c.clone()))
            .collect(),
        parties,
        prev: neighbour(at.and_then(|i| i.checked_sub(1))),
        next: neighbour(at.map(|i| i + 1)),
    }
}
