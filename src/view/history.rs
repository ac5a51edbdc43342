//! A measure across fiscal years (`plan history`): one row per year, from
//! the oldest archived year its lineage reaches to this one.

use serde::Serialize;

use crate::files::lineage::Year;
use crate::view::measure::status_cell;
use crate::view::output::{Cell, Column, Grid, Record, Tone};
use crate::view::ui::Ui;

/// One year of a measure as `plan history --format json` prints it. These
/// fields are stable: scripts rely on them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HistoryRow {
    pub fiscal_year: i32,
    /// The measure's ID that year.
    pub id: String,
    /// `new`, `same`, `renumbered` or `reworded`: against the year before;
    /// null when that year's plan records no previous year.
    pub change: Option<&'static str>,
    /// The status at the end of that year (this year: now).
    pub status: &'static str,
    /// Notes on the measure and its sub-items that year.
    pub notes: usize,
    pub text: String,
    pub items: Vec<String>,
}

impl Record for HistoryRow {}

impl HistoryRow {
    pub fn new(year: &Year) -> HistoryRow {
        HistoryRow {
            fiscal_year: year.fiscal_year,
            id: year.id.clone(),
            change: year.change.map(|c| c.key()),
            status: year.status.key(),
            notes: year.notes,
            text: year.text.clone(),
            items: year.items.clone(),
        }
    }
}

/// The years as a table for people.
pub fn history_grid(ui: &Ui, years: &[Year]) -> Grid {
    let mut grid = Grid::new(vec![
        Column::right_word(|w| w.fy),
        Column::left_word(|w| w.id),
        Column::left_word(|w| w.change),
        Column::left_word(|w| w.status),
        Column::right_word(|w| w.note_count),
        Column::left_word(|w| w.measure).flex(),
    ]);
    grid.compact = true;
    for y in years {
        grid.push(vec![
            y.fiscal_year.to_string().into(),
            Cell::new(y.id.clone()).tone(Tone::Strong),
            y.change.map_or("—", |c| c.label(ui.lang)).into(),
            status_cell(ui, y.status),
            y.notes.to_string().into(),
            y.text.clone().into(),
        ]);
    }
    grid
}
