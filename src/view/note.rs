//! Notes as people and scripts see them: the row of `plan log`, and the
//! table of notes that `plan log` and `plan show` print.

use serde::Serialize;

use crate::files::store::StoredNote;
use crate::model::plan::Plan;
use crate::view::measure::{party_label, status_cell};
use crate::view::output::{Cell, Column, Grid, Record, Tone};
use crate::view::ui::Ui;

/// One note as `plan log --format json` prints it. Stable fields.
#[derive(Debug, Default, Serialize)]
pub struct NoteRow {
    /// The note's unique key in its notes file.
    pub key: String,
    /// Canonical ID of the measure or sub-item.
    pub id: String,
    /// RFC 3339 timestamp with UTC offset.
    pub at: String,
    pub author: String,
    /// The status the note sets, or null.
    pub status: Option<&'static str>,
    pub text: String,
}

impl Record for NoteRow {}

impl NoteRow {
    pub fn new(stored: &StoredNote) -> NoteRow {
        let n = &stored.note;
        NoteRow {
            key: n.key.clone(),
            id: n.id.to_string(),
            at: n.at.to_rfc3339(),
            author: n.author.clone(),
            status: n.status.map(|s| s.key()),
            text: n.text.clone(),
        }
    }
}

/// Notes as a table for people; `with_id` adds the ID and party columns.
pub fn note_grid(ui: &Ui, plan: &Plan, notes: &[&StoredNote], with_id: bool) -> Grid {
    let mut columns = vec![Column::left("When", "日時")];
    if with_id {
        columns.push(Column::left("ID", "番号"));
        columns.push(Column::left("Party", "主体"));
    }
    columns.extend([
        Column::left("Author", "記録者").flex(),
        Column::left("Status", "状況"),
        Column::left("Note", "内容").flex(),
    ]);
    let mut grid = Grid::new(columns);
    for stored in notes {
        let n = &stored.note;
        let mut row = vec![Cell::new(ui.datetime(&n.at))];
        if with_id {
            row.push(Cell::new(n.id.to_string()).tone(Tone::Strong));
            row.push(party_label(ui, plan, &n.id.party).into());
        }
        row.push(n.author.clone().into());
        row.push(match n.status {
            Some(s) => status_cell(ui, s),
            None => Cell::new("").tone(Tone::Dim),
        });
        row.push(n.text.clone().into());
        grid.push(row);
    }
    grid
}
