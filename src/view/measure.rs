//! Measures as people and scripts see them: the row of `plan list` (and of
//! `plan status --by measure`), and the cells shared by every table that
//! names a party, a status or a last activity.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::{Progress, Tracker};
use crate::view::output::{Cell, Column, Grid, Record, Tone};
use crate::view::ui::Ui;

/// One measure as `plan list --format json` prints it. These fields are
/// stable: scripts rely on them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct MeasureRow {
    /// Canonical ID, e.g. `2.tcci.イ`.
    pub id: String,
    pub section: u32,
    /// `tmg` or `tcci`.
    pub party: String,
    pub label: String,
    pub text: String,
    /// The ・ sub-items, in order.
    pub items: Vec<String>,
    /// `planned`, `active`, `done`, `blocked` or `dropped`.
    pub status: &'static str,
    /// Number of notes on the measure and its sub-items.
    pub notes: usize,
    /// RFC 3339 time of the latest note, or null.
    pub last_note_at: Option<String>,
}

impl Record for MeasureRow {
    const TIMES: &'static [&'static str] = &["last_note_at"];
}

impl MeasureRow {
    pub fn new(m: &MeasureRef, progress: &Progress) -> MeasureRow {
        MeasureRow {
            id: m.id().to_string(),
            section: m.section.number,
            party: m.party.to_string(),
            label: m.measure.label.clone(),
            text: m.measure.text.clone(),
            items: m.measure.items.clone(),
            status: progress.status().key(),
            notes: progress.notes,
            last_note_at: progress.last_note_at.map(|t| t.to_rfc3339()),
        }
    }

    /// The rows of several measures, with their progress.
    pub fn all(measures: &[MeasureRef], tracker: &Tracker) -> Vec<MeasureRow> {
        measures
            .iter()
            .map(|m| MeasureRow::new(m, &tracker.measure(m.index)))
            .collect()
    }
}

/// How a party is named in tables: 都/東商 in Japanese, TMG/TCCI in English.
pub fn party_label(ui: &Ui, plan: &Plan, key: &str) -> String {
    match (ui.lang, plan.party(key)) {
        (crate::i18n::Lang::Ja, Some(p)) => p.short.clone(),
        _ => key.to_uppercase(),
    }
}

/// A status, coloured by what it means.
pub fn status_cell(ui: &Ui, status: Status) -> Cell {
    let tone = match status {
        Status::Planned => Tone::Plain,
        Status::Active => Tone::Busy,
        Status::Done => Tone::Good,
        Status::Blocked => Tone::Bad,
        Status::Dropped => Tone::Dim,
    };
    Cell::new(status.label(ui.lang)).tone(tone)
}

/// The last-activity cell: the date of the latest note, or `-`.
pub fn last_cell(ui: &Ui, last: Option<DateTime<FixedOffset>>) -> Cell {
    match last {
        Some(t) => Cell::new(ui.date(t.date_naive())),
        None => Cell::new("-").tone(Tone::Dim),
    }
}

/// Rows of measures (and optionally their sub-items) for people.
pub fn measure_grid(
    ui: &Ui,
    plan: &Plan,
    measures: &[MeasureRef],
    tracker: &Tracker,
    with_items: bool,
) -> Grid {
    let mut grid = Grid::new(vec![
        Column::left_word(|w| w.id),
        Column::left_word(|w| w.party),
        Column::right_word(|w| w.sec),
        Column::left_word(|w| w.measure).flex(),
        Column::right_word(|w| w.items),
        Column::left_word(|w| w.status),
        Column::right_word(|w| w.note_count),
        Column::left_word(|w| w.updated),
    ]);
    grid.compact = true;
    // A year's measures (20,000 at 1,000 sections) are made into rows on
    // every core, a slice at a time, in order.
    grid.rows =
        crate::files::parallel::flat_map_slices(measures, MEASURES_A_THREAD_TAKES, |m, rows| {
            measure_rows(ui, plan, m, tracker, with_items, rows)
        });
    grid
}

/// The measures a thread makes rows of at a time: threads start only from
/// 32 such slices (4,096 measures) on.
const MEASURES_A_THREAD_TAKES: usize = 128;

/// A measure's row, and its sub-items' when asked.
fn measure_rows(
    ui: &Ui,
    plan: &Plan,
    m: &MeasureRef,
    tracker: &Tracker,
    with_items: bool,
    rows: &mut Vec<Vec<Cell>>,
) {
    let id = m.id();
    let progress = tracker.measure(m.index);
    rows.push(vec![
        Cell::new(id.to_string()).tone(Tone::Strong),
        party_label(ui, plan, m.party).into(),
        m.section.number.to_string().into(),
        m.measure.text.clone().into(),
        m.measure.items.len().to_string().into(),
        status_cell(ui, progress.status()),
        progress.notes.to_string().into(),
        last_cell(ui, progress.last_note_at),
    ]);
    if with_items {
        for (i, item) in m.measure.items.iter().enumerate() {
            let item_id = id.with_item(i + 1);
            let p = plan
                .item_index(m.index, i + 1)
                .map_or_else(Progress::default, |n| tracker.item(n));
            rows.push(vec![
                Cell::new(format!("  {item_id}")),
                "".into(),
                "".into(),
                format!("・{item}").into(),
                "".into(),
                status_cell(ui, p.status()),
                p.notes.to_string().into(),
                last_cell(ui, p.last_note_at),
            ]);
        }
    }
}

/// Canonical IDs of the measures, with their sub-items when asked.
pub fn measure_ids(measures: &[MeasureRef], with_items: bool) -> Vec<String> {
    let mut ids = Vec::new();
    for m in measures {
        let id = m.id();
        ids.push(id.to_string());
        if with_items {
            ids.extend((1..=m.measure.items.len()).map(|n| id.with_item(n).to_string()));
        }
    }
    ids
}
