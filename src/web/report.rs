//! The progress report ([`crate::report::Report`]) of the plan as it
//! stands, built by the report's own builder ([`crate::report::build`], as
//! `plan report` builds it): its summary and chart data feed the dashboard
//! (through the report's partials), and the whole of it the downloads.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::model::filter::MeasureFilter;
use crate::report::{NotesMode, Report, Request, build as build_report};
use crate::web::memo::Memo;
use crate::web::pages::Here;

/// The report of the whole plan as of today, latest results only, in the
/// page's language.
pub fn build(here: &Here) -> Report {
    build_at(here, here.snap.now())
}

/// [`build`] as of `now`.
pub fn build_at(here: &Here, now: DateTime<FixedOffset>) -> Report {
    let snap = here.snap;
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

/// What `build` makes as of a moment, kept in `memo` (the snapshot's,
/// [`crate::web::memo`]) while it holds: the same day, and no note between
/// the moment it was built and now.
pub fn kept<T>(
    here: &Here,
    memo: &Memo<T>,
    build: impl FnOnce(DateTime<FixedOffset>) -> T,
) -> Arc<T> {
    let snap = here.snap;
    let now = snap.now();
    let zone = snap.zone();
    let day = zone.day_of(now);
    let until = || {
        let next_day = zone
            .end_of(day)
            .map(|end| end + chrono::TimeDelta::seconds(1));
        let next_note = snap
            .book
            .entries
            .iter()
            .map(|e| e.at)
            .filter(|at| *at > now)
            .min();
        next_day.into_iter().chain(next_note).min().unwrap_or(now)
    };
    memo.report(here.lang, day, now, until, || build(now))
}
