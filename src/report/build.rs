//! The progress report's data, built from the plan and its notes: where
//! every measure stood at the end of a day (replayed as `plan status
//! --as-of` replays it), the summary, each measure's latest result, and
//! the months of the fiscal year so far. Pure — it reads what it is given
//! and prints nothing — so `plan report` and the web view share it.

use chrono::{DateTime, FixedOffset, Months, NaiveDate};

use crate::files::lineage::PreviousYear;
use crate::files::notes::Notebook;
use crate::i18n::Lang;
use crate::model::date::{DateStyle, Zone};
use crate::model::era::{Form, fiscal_year_label, fiscal_year_plain};
use crate::model::filter::MeasureFilter;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::{Origin, Progress, Tracker};
use crate::model::tally::Tally;
use crate::report::data::{
    LastYear, MonthPoint, NotesMode, Report, ReportItem, ReportMeasure, ReportNote, ReportParty,
    ReportSection, ReportSectionParty, SummaryRow,
};

/// What a report is asked to show, settled by the caller.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The language of its title, headings and status names.
    pub lang: Lang,
    /// How the notes' dates are written.
    pub date_style: DateStyle,
    /// The plan's time zone: a day ends at midnight there.
    pub zone: Zone,
    /// When the report is made: its generation time, and the last moment a
    /// note can count from (a note about a planned event sets nothing yet).
    pub now: DateTime<FixedOffset>,
    /// The day it stands at: notes up to the end of that day count.
    pub as_of: NaiveDate,
    pub notes: NotesMode,
    /// The sections and parties it covers (its text and status parts are
    /// not used: a report shows every measure of what it covers).
    pub filter: &'a MeasureFilter,
    /// The previous year's final statuses, to show beside this year's.
    pub last_year: Option<&'a PreviousYear>,
}

/// The report of `plan` as of `request.as_of`. The notebook must have been
/// read with `keep_text` (for results and notes); retracted notes and
/// older versions of amended ones are left out, as progress leaves them.
pub fn build(plan: &Plan, book: &Notebook, request: &Request) -> Report {
    let r = request;
    let cutoff = cutoff(r, r.as_of);
    let tracker = Tracker::new(plan, book.events(plan), Some(cutoff));
    let measures: Vec<MeasureRef> = plan
        .measures()
        .filter(|m| r.filter.keeps_measure(m))
        .collect();
    let parties: Vec<&str> = plan
        .party_keys()
        .filter(|p| r.filter.keeps_party(p))
        .collect();
    let notes = NotesInForce::new(plan, book, cutoff);
    let year = plan.info.fiscal_year;
    let title = match r.lang {
        Lang::Ja => format!("{} 実施計画 進捗報告", fiscal_year_plain(year, Form::Era)),
        Lang::En => format!("FY{year} implementation plan: progress report"),
    };
    let sections = plan
        .sections
        .iter()
        .map(|file| &file.section)
        .filter(|s| r.filter.keeps_section(s.number))
        .map(|s| ReportSection {
            number: s.number,
            title: s.title.clone(),
            parties: parties
                .iter()
                .map(|&p| ReportSectionParty {
                    party: p.to_string(),
                    heading: plan.party(p).map(|x| x.heading()).unwrap_or_default(),
                    measures: measures
                        .iter()
                        .filter(|m| m.section.number == s.number && m.party == p)
                        .map(|m| measure(plan, m, &tracker, &notes, r))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Report {
        lang: r.lang,
        title,
        plan_title: plan.info.title.clone(),
        fiscal_year: year,
        fiscal_year_label: fiscal_year_label(year, r.lang),
        as_of: r.as_of,
        generated_at: r.now,
        date_style: r.date_style,
        parties: parties
            .iter()
            .filter_map(|&key| {
                let p = plan.party(key)?;
                Some(ReportParty {
                    key: key.to_string(),
                    name: p.name.clone(),
                    short: p.short.clone(),
                    heading: p.heading(),
                })
            })
            .collect(),
        summary: summary(plan, r.filter, &measures, &parties, &tracker),
        sections,
        timeline: timeline(plan, book, &measures, r),
        notes_mode: r.notes,
        last_year: r.last_year.map(|p| p.fiscal_year),
    }
}

/// The last moment that counts for a report as of `day`: the end of the
/// day in the plan's zone, but never later than now.
fn cutoff(r: &Request, day: NaiveDate) -> DateTime<FixedOffset> {
    r.zone.end_of(day).map_or(r.now, |end| end.min(r.now))
}

/// A row per section and party, then each party's total, then (with more
/// than one party) the total of all — as `plan status` counts them.
fn summary(
    plan: &Plan,
    filter: &MeasureFilter,
    measures: &[MeasureRef],
    parties: &[&str],
    tracker: &Tracker,
) -> Vec<SummaryRow> {
    let mut rows = Vec::new();
    let mut totals = vec![Tally::default(); parties.len()];
    for file in &plan.sections {
        let s = &file.section;
        if !filter.keeps_section(s.number) {
            continue;
        }
        for (&p, total) in parties.iter().zip(&mut totals) {
            let of_party = measures
                .iter()
                .filter(|m| m.section.number == s.number && m.party == p);
            let t = Tally::of(tracker, of_party);
            total.merge(&t);
            rows.push(summary_row(Some((s.number, &s.title)), Some(p), &t));
        }
    }
    let mut all = Tally::default();
    for (&p, t) in parties.iter().zip(&totals) {
        all.merge(t);
        rows.push(summary_row(None, Some(p), t));
    }
    if parties.len() > 1 {
        rows.push(summary_row(None, None, &all));
    }
    rows
}

fn summary_row(section: Option<(u32, &str)>, party: Option<&str>, t: &Tally) -> SummaryRow {
    SummaryRow {
        section: section.map(|s| s.0),
        title: section.map(|s| s.1.to_string()),
        party: party.map(str::to_string),
        counts: t.counts(),
    }
}

/// One measure as of the cutoff: status (and why, when its sub-items gave
/// it), sub-items, last note, latest result, and its notes when asked.
fn measure(
    plan: &Plan,
    m: &MeasureRef,
    tracker: &Tracker,
    notes: &NotesInForce,
    r: &Request,
) -> ReportMeasure {
    let id = m.id();
    let progress = tracker.measure(m.index);
    let items = (1..=m.measure.items.len())
        .zip(&m.measure.items)
        .map(|(n, text)| ReportItem {
            id: id.with_item(n).to_string(),
            text: text.clone(),
            status: plan
                .item_index(m.index, n)
                .map_or_else(Progress::default, |i| tracker.item(i))
                .status(),
        })
        .collect();
    let on_measure = notes.of(m.index);
    // The latest note that says something (a note may only set a status).
    let latest_result = on_measure
        .iter()
        .rev()
        .filter_map(|&i| notes.book.note(plan, i).map(|n| n.text))
        .find(|t| !t.trim().is_empty());
    let shown = match r.notes {
        NotesMode::Latest => Vec::new(),
        NotesMode::All => on_measure
            .iter()
            .filter_map(|&i| note(plan, notes.book, i, r.date_style))
            .collect(),
    };
    ReportMeasure {
        id: id.to_string(),
        label: m.measure.label.clone(),
        text: m.measure.text.clone(),
        status: progress.status(),
        status_origin: origin(progress.origin, r.lang),
        last_note: progress.last_note_at.map(|t| r.zone.day_of(t)),
        latest_result,
        note_count: progress.notes,
        items,
        notes: shown,
        last_year: r.last_year.and_then(|p| {
            let (id, status) = p.by_measure.get(m.index)?.as_ref()?;
            Some(LastYear {
                id: id.clone(),
                status: *status,
            })
        }),
    }
}

/// `3 of 4 sub-items done`, for a status rolled up from sub-items.
fn origin(origin: Origin, lang: Lang) -> Option<String> {
    match origin {
        Origin::SubItems { done, total } => {
            Some((crate::words::words(lang).rolled_up)(done, total))
        }
        Origin::Own | Origin::Default => None,
    }
}

/// A note as the report shows it: its time in the user's date style (a
/// date-only note without a clock time), and the sub-item it is on.
fn note(plan: &Plan, book: &Notebook, index: usize, style: DateStyle) -> Option<ReportNote> {
    let entry = book.entries.get(index)?;
    let n = book.note(plan, index)?;
    Some(ReportNote {
        at: if entry.day_only {
            style.format(entry.at.date_naive())
        } else {
            style.datetime(&entry.at)
        },
        local: entry.at.naive_local(),
        day_only: entry.day_only,
        item: n.id.item.is_some().then(|| n.id.to_string()),
        author: n.author,
        status: n.status,
        text: n.text,
        links: n.links,
    })
}

/// The notes in force up to a cutoff, per measure (sub-items' notes with
/// their measure's), oldest first.
struct NotesInForce<'b> {
    book: &'b Notebook,
    by_measure: Vec<Vec<usize>>,
}

impl<'b> NotesInForce<'b> {
    fn new(plan: &Plan, book: &'b Notebook, cutoff: DateTime<FixedOffset>) -> NotesInForce<'b> {
        let mut by_measure = vec![Vec::new(); plan.counts().0];
        for (i, e) in book.entries.iter().enumerate() {
            if book.in_force(i)
                && e.at <= cutoff
                && let Some(list) = by_measure.get_mut(e.measure as usize)
            {
                list.push(i);
            }
        }
        for list in &mut by_measure {
            // Ranked as progress ranks them, so the last is what counts.
            book.newest_first(list);
            list.reverse();
        }
        NotesInForce { book, by_measure }
    }

    fn of(&self, measure: usize) -> &[usize] {
        self.by_measure.get(measure).map_or(&[], Vec::as_slice)
    }
}

/// A point per month of the fiscal year, April up to the month of
/// `as_of`: measures done and active at each month's end (or on `as_of`,
/// in its month), each month's progress replayed on its own.
fn timeline(plan: &Plan, book: &Notebook, measures: &[MeasureRef], r: &Request) -> Vec<MonthPoint> {
    let (start, end) = plan.info.fiscal_year_bounds();
    let last_day = r.as_of.min(end);
    let mut points = Vec::new();
    let mut month = start;
    while month <= last_day {
        let next = month.checked_add_months(Months::new(1));
        let month_end = next.and_then(|n| n.pred_opt()).unwrap_or(end).min(last_day);
        let tracker = Tracker::new(plan, book.events(plan), Some(cutoff(r, month_end)));
        let count = |s: Status| {
            measures
                .iter()
                .filter(|m| tracker.measure(m.index).status() == s)
                .count()
        };
        points.push(MonthPoint {
            month,
            done: count(Status::Done),
            active: count(Status::Active),
            measures: measures.len(),
        });
        match next {
            Some(n) => month = n,
            None => break,
        }
    }
    points
}
