//! The status table managers look at: per section and party (or per
//! party), how many measures are done, under way, planned, on hold or
//! dropped, for `plan status` and the reports.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::model::filter::MeasureFilter;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::Tracker;
use crate::view::measure::{last_cell, party_label};
use crate::view::output::{Cell, Column, Grid, Record, Tone};
use crate::view::ui::Ui;

/// Counts for a group of measures.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub measures: usize,
    by_status: [usize; 5],
    pub notes: usize,
    pub last: Option<DateTime<FixedOffset>>,
}

impl Tally {
    /// The tally of some measures' current progress.
    pub fn of<'a>(tracker: &Tracker, measures: impl Iterator<Item = &'a MeasureRef<'a>>) -> Tally {
        let mut t = Tally::default();
        for m in measures {
            let p = tracker.measure(m.index);
            t.add(p.status(), p.notes, p.last_note_at);
        }
        t
    }

    pub fn add(&mut self, status: Status, notes: usize, last: Option<DateTime<FixedOffset>>) {
        self.measures += 1;
        self.by_status[status as usize] += 1;
        self.notes += notes;
        self.last = self.last.max(last);
    }

    pub fn merge(&mut self, other: &Tally) {
        self.measures += other.measures;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a += b;
        }
        self.notes += other.notes;
        self.last = self.last.max(other.last);
    }

    pub fn count(&self, status: Status) -> usize {
        self.by_status[status as usize]
    }

    /// Done as a share of the measures not dropped, in whole percent.
    pub fn percent(&self) -> u32 {
        let live = self.measures - self.count(Status::Dropped);
        if live == 0 {
            return 0;
        }
        ((self.count(Status::Done) * 100 + live / 2) / live) as u32
    }
}

/// One line of `plan status --format json`: a section's measures of one
/// party, or a total (`section` null; `party` "all" for both parties).
#[derive(Debug, Default, Serialize)]
pub struct StatusRow {
    pub section: Option<u32>,
    pub title: Option<String>,
    pub party: String,
    pub measures: usize,
    pub done: usize,
    pub active: usize,
    pub planned: usize,
    pub blocked: usize,
    pub dropped: usize,
    /// done ÷ (measures − dropped), in whole percent.
    pub percent: u32,
    pub notes: usize,
    pub last_note_at: Option<String>,
}

impl Record for StatusRow {}

impl StatusRow {
    fn new(section: Option<(u32, &str)>, party: &str, t: &Tally) -> StatusRow {
        StatusRow {
            section: section.map(|s| s.0),
            title: section.map(|s| s.1.to_string()),
            party: party.to_string(),
            measures: t.measures,
            done: t.count(Status::Done),
            active: t.count(Status::Active),
            planned: t.count(Status::Planned),
            blocked: t.count(Status::Blocked),
            dropped: t.count(Status::Dropped),
            percent: t.percent(),
            notes: t.notes,
            last_note_at: t.last.map(|l| l.to_rfc3339()),
        }
    }
}

/// The status table in both forms: records for scripts, a grid for people,
/// and the IDs of its rows (section numbers or party keys).
pub struct StatusTable {
    pub records: Vec<StatusRow>,
    pub grid: Grid,
    pub ids: Vec<String>,
    with_section: bool,
}

impl StatusTable {
    /// One row per section the filter keeps (a line per party inside it),
    /// then the totals.
    pub fn by_section(
        ui: &Ui,
        plan: &Plan,
        filter: &MeasureFilter,
        measures: &[MeasureRef],
        parties: &[&str],
        tracker: &Tracker,
    ) -> StatusTable {
        let mut table = StatusTable::new(true);
        let mut totals = vec![Tally::default(); parties.len()];
        for file in &plan.sections {
            let section = &file.section;
            if !filter.keeps_section(section.number) {
                continue;
            }
            let in_section: Vec<&MeasureRef> = measures
                .iter()
                .filter(|m| m.section.number == section.number)
                .collect();
            let tallies: Vec<Tally> = parties
                .iter()
                .map(|p| {
                    Tally::of(
                        tracker,
                        in_section.iter().copied().filter(|m| m.party == *p),
                    )
                })
                .collect();
            for ((p, t), total) in parties.iter().zip(&tallies).zip(&mut totals) {
                let place = Some((section.number, section.title.as_str()));
                table.records.push(StatusRow::new(place, p, t));
                total.merge(t);
            }
            let lines: Vec<(String, &Tally)> = parties
                .iter()
                .map(|p| party_label(ui, plan, p))
                .zip(&tallies)
                .collect();
            let place = (section.number.to_string(), section.title.clone());
            table.grid.push(status_cells(ui, Some(place), &lines));
            table.ids.push(section.number.to_string());
        }
        table.push_totals(ui, plan, parties, totals);
        table
    }

    /// One row per party, then the total.
    pub fn by_party(
        ui: &Ui,
        plan: &Plan,
        measures: &[MeasureRef],
        parties: &[&str],
        tracker: &Tracker,
    ) -> StatusTable {
        let mut table = StatusTable::new(false);
        let totals: Vec<Tally> = parties
            .iter()
            .map(|p| Tally::of(tracker, measures.iter().filter(|m| m.party == *p)))
            .collect();
        table.push_totals(ui, plan, parties, totals);
        table.ids = parties.iter().map(|p| p.to_string()).collect();
        table
    }

    fn new(with_section: bool) -> StatusTable {
        let mut columns = Vec::new();
        if with_section {
            columns.push(Column::right("Sec", "節"));
            columns.push(Column::left("Title", "節名").flex());
        }
        columns.extend([
            Column::left("Party", "主体"),
            Column::right("All", "取組"),
            Column::right("Done", "済"),
            Column::right("Actv", "中"),
            Column::right("Plan", "未"),
            Column::right("Blkd", "保"),
            Column::right("Drop", "止"),
            Column::left("Progress", "進捗"),
            Column::right("Notes", "件数"),
            Column::left("Last", "最終更新"),
        ]);
        let mut grid = Grid::new(columns);
        grid.compact = true;
        StatusTable {
            records: Vec::new(),
            grid,
            ids: Vec::new(),
            with_section,
        }
    }

    /// One total line per party and, with more than one party, one for all.
    fn push_totals(&mut self, ui: &Ui, plan: &Plan, parties: &[&str], totals: Vec<Tally>) {
        let mut all = Tally::default();
        let mut lines = Vec::new();
        for (p, t) in parties.iter().zip(&totals) {
            self.records.push(StatusRow::new(None, p, t));
            all.merge(t);
            lines.push((party_label(ui, plan, p), t));
        }
        if parties.len() > 1 {
            self.records.push(StatusRow::new(None, "all", &all));
            lines.push((ui.t("All", "計").to_string(), &all));
        }
        let label = self
            .with_section
            .then(|| (String::new(), ui.t("Total", "合計").to_string()));
        let mut cells = status_cells(ui, label, &lines);
        for c in &mut cells {
            if c.tone == Tone::Plain {
                c.tone = Tone::Strong;
            }
        }
        self.grid.push(cells);
    }
}

/// A text progress bar in ASCII (box characters are ambiguous-width in
/// East Asian terminals): `###..  60%`.
fn bar(percent: u32) -> String {
    const CELLS: u32 = 5;
    let filled = ((percent * CELLS + 50) / 100).min(CELLS) as usize;
    format!(
        "{}{} {percent:>3}%",
        "#".repeat(filled),
        ".".repeat(CELLS as usize - filled)
    )
}

/// The cells of one row: a line per party inside each cell.
fn status_cells(
    ui: &Ui,
    section: Option<(String, String)>,
    lines: &[(String, &Tally)],
) -> Vec<Cell> {
    let join = |f: &dyn Fn(&Tally) -> String| {
        lines
            .iter()
            .map(|(_, t)| f(t))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut cells = Vec::new();
    if let Some((number, title)) = section {
        cells.push(Cell::new(number));
        cells.push(Cell::new(title));
    }
    let names: Vec<&str> = lines.iter().map(|(p, _)| p.as_str()).collect();
    cells.push(Cell::new(names.join("\n")));
    cells.push(Cell::new(join(&|t| t.measures.to_string())));
    for status in [
        Status::Done,
        Status::Active,
        Status::Planned,
        Status::Blocked,
        Status::Dropped,
    ] {
        cells.push(Cell::new(join(&|t| t.count(status).to_string())));
    }
    cells.push(Cell::new(join(&|t| bar(t.percent()))).tone(Tone::Good));
    cells.push(Cell::new(join(&|t| t.notes.to_string())));
    cells.push(Cell::new(join(&|t| last_cell(ui, t.last).text)));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_by_percent() {
        assert_eq!(bar(0), ".....   0%");
        assert_eq!(bar(60), "###..  60%");
        assert_eq!(bar(100), "##### 100%");
    }

    #[test]
    fn percent_leaves_out_dropped_measures() {
        let mut t = Tally::default();
        t.add(Status::Done, 1, None);
        t.add(Status::Planned, 0, None);
        t.add(Status::Dropped, 0, None);
        assert_eq!(t.percent(), 50);
    }
}
