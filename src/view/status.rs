//! The status table managers look at: per section and party (or per
//! party), how many measures are done, under way, planned, on hold or
//! dropped, for `plan status`: a table for the terminal (a line per party
//! inside each section's row) and one row per section and party for
//! Markdown.

use serde::Serialize;

use crate::model::filter::MeasureFilter;
use crate::model::note::Status;
use crate::model::plan::{MeasureRef, Plan};
use crate::model::progress::Tracker;
use crate::model::tally::{Counts, Tally};
use crate::view::measure::{last_cell, party_label};
use crate::view::output::{Cell, Column, Grid, Record, Tone};
use crate::view::ui::Ui;

/// One line of `plan status --format json`: a section's measures of one
/// party, or a total (`section` null; `party` "all" for both parties).
#[derive(Debug, Default, Serialize)]
pub struct StatusRow {
    pub section: Option<u32>,
    pub title: Option<String>,
    pub party: String,
    /// `measures`, a count per status, `percent` and `progress`.
    #[serde(flatten)]
    pub counts: Counts,
    pub notes: usize,
    pub last_note_at: Option<String>,
}

impl Record for StatusRow {
    const TIMES: &'static [&'static str] = &["last_note_at"];
}

impl StatusRow {
    fn new(section: Option<(u32, &str)>, party: &str, t: &Tally) -> StatusRow {
        StatusRow {
            section: section.map(|s| s.0),
            title: section.map(|s| s.1.to_string()),
            party: party.to_string(),
            counts: t.counts(),
            notes: t.notes,
            last_note_at: t.last.map(|l| l.to_rfc3339()),
        }
    }
}

/// The status table in every form: records for scripts, a grid for the
/// terminal, a grid of one row per section and party for Markdown, and the
/// IDs of the terminal rows (section numbers or party keys).
pub struct StatusTable {
    pub records: Vec<StatusRow>,
    pub grid: Grid,
    pub flat: Grid,
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
        // The measures come in document order: each section's are a run.
        let mut by_section: std::collections::HashMap<u32, Vec<&MeasureRef>> =
            std::collections::HashMap::new();
        for m in measures {
            by_section.entry(m.section.number).or_default().push(m);
        }
        for file in &plan.sections {
            let section = &file.section;
            if !filter.keeps_section(section.number) {
                continue;
            }
            let in_section = by_section.remove(&section.number).unwrap_or_default();
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
            table.push(ui, Some(place), &lines, Tone::Plain);
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
        let mut grid = Grid::new(columns(with_section, true));
        grid.compact = true;
        StatusTable {
            records: Vec::new(),
            grid,
            flat: Grid::new(columns(with_section, false)),
            ids: Vec::new(),
            with_section,
        }
    }

    /// A row of the terminal table (a line per party) and a row per party
    /// of the Markdown table.
    fn push(
        &mut self,
        ui: &Ui,
        section: Option<(String, String)>,
        lines: &[(String, &Tally)],
        tone: Tone,
    ) {
        let toned = |mut cells: Vec<Cell>| {
            for c in &mut cells {
                if c.tone == Tone::Plain {
                    c.tone = tone;
                }
            }
            cells
        };
        self.grid
            .push(toned(status_cells(ui, section.clone(), lines, true)));
        for line in lines {
            let cells = status_cells(ui, section.clone(), std::slice::from_ref(line), false);
            self.flat.push(toned(cells));
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
            lines.push((ui.words().all_parties.to_string(), &all));
        }
        let label = self
            .with_section
            .then(|| (String::new(), ui.words().total.to_string()));
        self.push(ui, label, &lines, Tone::Strong);
    }
}

/// The columns of both tables: `Done%` is done ÷ (measures − dropped)
/// (left-aligned where it is a bar), `Prog%` weighs in sub-items.
fn columns(with_section: bool, bars: bool) -> Vec<Column> {
    let done = if bars {
        Column::left_word(|w| w.percent)
    } else {
        Column::right_word(|w| w.percent)
    };
    let mut columns = Vec::new();
    if with_section {
        columns.push(Column::right_word(|w| w.sec));
        columns.push(Column::left_word(|w| w.title).flex());
    }
    columns.extend([
        Column::left_word(|w| w.party),
        Column::right_word(|w| w.short.measures),
        Column::right_word(|w| w.short.done),
        Column::right_word(|w| w.short.active),
        Column::right_word(|w| w.short.planned),
        Column::right_word(|w| w.short.blocked),
        Column::right_word(|w| w.short.dropped),
        done,
        Column::right_word(|w| w.short.progress),
        Column::right_word(|w| w.note_count),
        Column::left_word(|w| w.short.updated),
    ]);
    columns
}

/// A text progress bar in ASCII (box characters are ambiguous-width in
/// East Asian terminals), four cells so the table keeps to 80 columns:
/// `##..  50%`.
fn bar(percent: u32) -> String {
    const CELLS: u32 = 4;
    let filled = ((percent * CELLS + 50) / 100).min(CELLS) as usize;
    format!(
        "{}{} {percent:>3}%",
        "#".repeat(filled),
        ".".repeat(CELLS as usize - filled)
    )
}

/// The cells of one row: a line per party inside each cell; `bars` draws
/// `Done%` as a bar (for terminals) rather than a plain percent.
fn status_cells(
    ui: &Ui,
    section: Option<(String, String)>,
    lines: &[(String, &Tally)],
    bars: bool,
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
    let done = |t: &Tally| {
        if bars {
            bar(t.percent())
        } else {
            format!("{}%", t.percent())
        }
    };
    cells.push(Cell::new(join(&done)).tone(Tone::Good));
    cells.push(Cell::new(join(&|t| format!("{}%", t.progress()))));
    cells.push(Cell::new(join(&|t| t.notes.to_string())));
    cells.push(Cell::new(join(&|t| last_cell(ui, t.last).text)));
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_by_percent() {
        assert_eq!(bar(0), "....   0%");
        assert_eq!(bar(50), "##..  50%");
        assert_eq!(bar(60), "##..  60%");
        assert_eq!(bar(100), "#### 100%");
    }
}
