//! The progress report ([`crate::report::Report`]) of the plan as it
//! stands, built by the report's own builder ([`crate::report::build`], as
//! `plan report` builds it): its summary and chart data feed the dashboard
//! (through the report's partials), and the whole of it the downloads.

use crate::model::filter::MeasureFilter;
use crate::report::{NotesMode, Report, Request, build as build_report};
use crate::web::pages::Here;

/// The report of the whole plan as of today, latest results only, in the
/// page's language.
pub fn build(here: &Here) -> Report {
    let snap = here.snap;
    let now = snap.now();
    let filter = MeasureFilter::default();
    let request = Request {
        lang: here.lang,
        date_style: snap.ui.date_style,
        zone: snap.zone(),
        now,
        as_of: snap.zone().day_of(now),
        notes: NotesMode::Latest,
        filter: &filter,
        last_year: None,
    };
    build_report(&snap.plan, &snap.book, &request)
}
