//! The progress report ([`crate::report::Report`]) of the plan as it
//! stands, built from the same replay as `plan status`: its summary and
//! chart data feed the dashboard (through the report's own partials), and
//! the whole of it the downloads (the report's own renderers).
//!
//! TODO(report): `plan report` is being built with a builder of this data
//! in `crate::report`; once it lands, call it here and delete this one.

use chrono::{Datelike, Months, NaiveDate};

use crate::i18n::Lang;
use crate::model::era::{self, Form};
use crate::model::filter::MeasureFilter;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::{Origin, Tracker};
use crate::report::{
    MonthPoint, NotesMode, Report, ReportItem, ReportMeasure, ReportParty, ReportSection,
    ReportSectionParty, SummaryRow,
};
use crate::view::detail::ItemDetail;
use crate::view::status::StatusTable;
use crate::web::pages::Here;

/// The report as of now, in the page's language.
pub fn build(here: &Here, tracker: &Tracker) -> Report {
    let snap = here.snap;
    let plan = &snap.plan;
    let lang = here.lang;
    let now = snap.now();
    let today = snap.zone().day_of(now);
    let fy = plan.info.fiscal_year;
    let (title, fiscal_year_label) = match lang {
        Lang::Ja => (
            format!("{} 実施計画 進捗報告", era::fiscal_year(fy, Form::Era)),
            era::fiscal_year(fy, Form::Both),
        ),
        Lang::En => (
            format!("FY{fy} implementation plan: progress report"),
            format!("FY{fy}"),
        ),
    };
    Report {
        lang,
        title,
        plan_title: plan.info.title.clone(),
        fiscal_year: fy,
        fiscal_year_label,
        as_of: today,
        generated_at: now,
        parties: plan
            .info
            .parties
            .iter()
            .map(|(key, p)| ReportParty {
                key: key.clone(),
                name: p.name.clone(),
                short: p.short.clone(),
                heading: p.heading(),
            })
            .collect(),
        summary: summary(here, tracker),
        sections: sections(here, tracker),
        timeline: timeline(here, today),
        notes_mode: NotesMode::Latest,
    }
}

/// The rows of `plan status` (per section × party, then totals), each with
/// its progress counting sub-items.
fn summary(here: &Here, tracker: &Tracker) -> Vec<SummaryRow> {
    let plan = &here.snap.plan;
    let measures: Vec<MeasureRef> = plan.measures().collect();
    let parties: Vec<&str> = plan.party_keys().collect();
    let table = StatusTable::by_section(
        &here.ui,
        plan,
        &MeasureFilter::default(),
        &measures,
        &parties,
        tracker,
    );
    table
        .records
        .into_iter()
        .map(|row| {
            let party = (row.party != "all").then_some(row.party);
            let group = measures.iter().filter(|m| {
                row.section.is_none_or(|n| m.section.number == n)
                    && party.as_deref().is_none_or(|p| m.party == p)
            });
            SummaryRow {
                section: row.section,
                title: row.title,
                progress: progress(tracker, group),
                party,
                measures: row.measures,
                done: row.done,
                active: row.active,
                planned: row.planned,
                blocked: row.blocked,
                dropped: row.dropped,
                percent: row.percent,
            }
        })
        .collect()
}

/// How far along a group is, counting each measure's share of sub-items
/// done (dropped measures aside), in whole percent.
fn progress<'a>(tracker: &Tracker, measures: impl Iterator<Item = &'a MeasureRef<'a>>) -> u32 {
    let (sum, live) = measures
        .map(|m| tracker.measure(m.index))
        .filter(|p| p.status() != Status::Dropped)
        .fold((0.0, 0u32), |(sum, n), p| (sum + p.done_share, n + 1));
    if live == 0 {
        0
    } else {
        (sum / f64::from(live) * 100.0).round() as u32
    }
}

/// Every section with each party's measures, as of now.
fn sections(here: &Here, tracker: &Tracker) -> Vec<ReportSection> {
    let plan = &here.snap.plan;
    let latest = latest_results(here);
    plan.sections
        .iter()
        .map(|file| {
            let section = &file.section;
            ReportSection {
                number: section.number,
                title: section.title.clone(),
                parties: plan
                    .info
                    .parties
                    .iter()
                    .map(|(key, party)| ReportSectionParty {
                        party: key.clone(),
                        heading: party.heading(),
                        measures: plan
                            .section_measures(section)
                            .filter(|m| m.party == key)
                            .map(|m| measure(here, tracker, &m, latest.get(m.index)))
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn measure(
    here: &Here,
    tracker: &Tracker,
    m: &MeasureRef,
    latest: Option<&Option<String>>,
) -> ReportMeasure {
    let plan = &here.snap.plan;
    let p = tracker.measure(m.index);
    let status_origin = match (p.origin, here.lang) {
        (Origin::SubItems { done, total }, Lang::En) => {
            Some(format!("{done} of {total} sub-items done"))
        }
        (Origin::SubItems { done, total }, Lang::Ja) => {
            Some(format!("小項目 {total} 件中 {done} 件実施済"))
        }
        _ => None,
    };
    ReportMeasure {
        id: m.id().to_string(),
        label: m.measure.label.clone(),
        text: m.measure.text.clone(),
        status: p.status(),
        status_origin,
        last_note: p.last_note_at.map(|t| here.snap.zone().day_of(t)),
        latest_result: latest.cloned().flatten(),
        note_count: p.notes,
        items: ItemDetail::all(plan, m, tracker)
            .into_iter()
            .map(|i| ReportItem {
                id: i.id,
                text: i.text,
                status: i.status,
            })
            .collect(),
        notes: Vec::new(),
    }
}

/// Each measure's latest note in force with a text (on it or a sub-item),
/// by measure number; notes dated after now do not count yet.
fn latest_results(here: &Here) -> Vec<Option<String>> {
    let snap = here.snap;
    let book = &snap.book;
    let now = snap.now();
    let mut found: Vec<Option<String>> = vec![None; snap.plan.counts().0];
    let mut order: Vec<usize> = (0..book.entries.len())
        .filter(|&i| book.in_force(i) && book.entries[i].at <= now)
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&book.entries[a], &book.entries[b]);
        (b.at, &b.key).cmp(&(a.at, &a.key))
    });
    for i in order {
        let slot = book.entries[i].measure as usize;
        if found.get(slot).is_none_or(Option::is_some) {
            continue;
        }
        if let Some(note) = book.note(&snap.plan, i)
            && !note.text.trim().is_empty()
        {
            found[slot] = Some(note.text);
        }
    }
    found
}

/// Where the plan stood at the end of each month of the fiscal year so
/// far (the current month: today), replayed as `plan status --as-of`.
fn timeline(here: &Here, today: NaiveDate) -> Vec<MonthPoint> {
    let snap = here.snap;
    let plan: &Plan = &snap.plan;
    let (start, end) = plan.info.fiscal_year_bounds();
    let total = plan.counts().0;
    let mut points = Vec::new();
    let mut month = start.with_day(1).unwrap_or(start);
    while month <= today.min(end) {
        let Some(next) = month.checked_add_months(Months::new(1)) else {
            break;
        };
        let last = next.pred_opt().unwrap_or(month).min(today);
        let tracker = snap.tracker(Some(last));
        let count = |status| {
            plan.measures()
                .filter(|m| tracker.measure(m.index).status() == status)
                .count()
        };
        points.push(MonthPoint {
            month,
            done: count(Status::Done),
            active: count(Status::Active),
            measures: total,
        });
        month = next;
    }
    points
}
