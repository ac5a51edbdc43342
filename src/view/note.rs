//! Notes as people and scripts see them: the row of `plan log`, and the
//! table of notes that `plan log` and `plan show` print.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::files::notes::Notebook;
use crate::model::corrections::State;
use crate::model::note::{Correction, Note, NoteTime};
use crate::model::plan::Plan;
use crate::view::measure::{party_label, status_cell};
use crate::view::output::{Cell, Column, Grid, Record, Tone};
use crate::view::ui::Ui;

/// A note to show, with where corrections leave it.
#[derive(Debug, Clone)]
pub struct ShownNote {
    pub note: Note,
    /// When its work happened, in the plan's zone.
    pub at: chrono::DateTime<chrono::FixedOffset>,
    pub state: State,
    /// The key of the version in force, for an older version.
    pub superseded_by: Option<String>,
    /// The key of the retraction, for a withdrawn note.
    pub retracted_by: Option<String>,
}

impl ShownNote {
    /// The notes at these entries of the notebook, decoded in full.
    pub fn all(plan: &Plan, book: &Notebook, indices: &[usize]) -> Vec<ShownNote> {
        let key = |i: usize| (i < book.entries.len()).then(|| book.key(i).to_string());
        indices
            .iter()
            .filter_map(|&i| {
                let note = book.note(plan, i)?;
                let state = book.states.get(i).copied().unwrap_or(State::Current);
                let (superseded_by, retracted_by) = match state {
                    State::Superseded { by } => (key(by), None),
                    State::Retracted { by } => (None, key(by)),
                    _ => (None, None),
                };
                Some(ShownNote {
                    at: book.entries[i].at,
                    note,
                    state,
                    superseded_by,
                    retracted_by,
                })
            })
            .collect()
    }

    /// When its work happened, as the UI shows dates (a date-only note: the day).
    pub fn when(&self, ui: &Ui) -> String {
        match self.note.at {
            NoteTime::Day(d) => ui.date(d),
            NoteTime::At(_) => ui.datetime(&self.at),
        }
    }
}

/// The time of a measure's latest note as its history shows it: a
/// date-only note is a day, not midnight; `-` without a note.
pub fn last_when(ui: &Ui, history: &[ShownNote], last: Option<DateTime<FixedOffset>>) -> String {
    match last {
        None => "-".to_string(),
        Some(t) => history
            .iter()
            .find(|n| n.at == t)
            .map_or_else(|| ui.datetime(&t), |n| n.when(ui)),
    }
}

/// One note as `plan log --format json` prints it. Stable fields.
#[derive(Debug, Default, Serialize)]
pub struct NoteRow {
    /// The note's unique key in its notes file.
    pub key: String,
    /// The key's short form, enough to name the note (`plan note --amend`).
    pub short_key: String,
    /// Canonical ID of the measure or sub-item.
    pub id: String,
    /// RFC 3339 timestamp with UTC offset (a date-only note: the start of its day).
    pub at: String,
    /// True when the note gives a date without a time.
    pub day_only: bool,
    pub author: String,
    /// The status the note sets, or null.
    pub status: Option<&'static str>,
    pub text: String,
    /// Evidence: URLs or paths inside the repository.
    pub links: Vec<String>,
    /// The key of the note this one replaces, or null.
    pub amends: Option<String>,
    /// The key of the note this one withdraws, or null.
    pub retracts: Option<String>,
    /// The key of the version in force, when this one was replaced.
    pub superseded_by: Option<String>,
    /// The key of the retraction, when this note was withdrawn.
    pub retracted_by: Option<String>,
}

impl Record for NoteRow {
    const TIMES: &'static [&'static str] = &["at"];
}

impl NoteRow {
    pub fn new(shown: &ShownNote) -> NoteRow {
        let n = &shown.note;
        let (amends, retracts) = match &n.correction {
            Some(Correction::Amends(k)) => (Some(k.clone()), None),
            Some(Correction::Retracts(k)) => (None, Some(k.clone())),
            None => (None, None),
        };
        NoteRow {
            key: n.key.clone(),
            short_key: Note::short_key(&n.key).to_string(),
            id: n.id.to_string(),
            at: shown.at.to_rfc3339(),
            day_only: matches!(n.at, NoteTime::Day(_)),
            author: n.author.clone(),
            status: n.status.map(|s| s.key()),
            text: n.text.clone(),
            links: n.links.clone(),
            amends,
            retracts,
            superseded_by: shown.superseded_by.clone(),
            retracted_by: shown.retracted_by.clone(),
        }
    }
}

/// Notes as a table for people; `with_id` adds the ID and party columns,
/// `with_state` a column saying how corrections leave each note.
pub fn note_grid(
    ui: &Ui,
    plan: &Plan,
    notes: &[&ShownNote],
    with_id: bool,
    with_state: bool,
) -> Grid {
    let mut grid = note_columns(with_id, with_state);
    for shown in notes {
        grid.push(note_row(ui, plan, shown, with_id, with_state));
    }
    grid
}

/// The columns of [`note_grid`], without rows.
pub fn note_columns(with_id: bool, with_state: bool) -> Grid {
    let mut columns = vec![Column::left_word(|w| w.when), Column::left_word(|w| w.key)];
    if with_id {
        columns.push(Column::left_word(|w| w.id));
        columns.push(Column::left_word(|w| w.party));
    }
    columns.extend([
        Column::left_word(|w| w.author).flex(),
        Column::left_word(|w| w.status),
        Column::left_word(|w| w.note).flex(),
    ]);
    if with_state {
        columns.push(Column::left_word(|w| w.state));
    }
    Grid::new(columns)
}

/// A row of [`note_grid`].
pub fn note_row(
    ui: &Ui,
    plan: &Plan,
    shown: &ShownNote,
    with_id: bool,
    with_state: bool,
) -> Vec<Cell> {
    let w = ui.words();
    let n = &shown.note;
    let mut row = vec![
        Cell::new(shown.when(ui)),
        Cell::new(Note::short_key(&n.key)).tone(Tone::Dim),
    ];
    if with_id {
        row.push(Cell::new(n.id.to_string()).tone(Tone::Strong));
        row.push(party_label(ui, plan, &n.id.party).into());
    }
    row.push(n.author.clone().into());
    row.push(match n.status {
        Some(s) => status_cell(ui, s),
        None => Cell::new("").tone(Tone::Dim),
    });
    let mut text = n.text.clone();
    for link in &n.links {
        text.push_str(&format!("\n<{link}>"));
    }
    if let Some(Correction::Amends(k)) = &n.correction {
        text = format!("{} {}\n{text}", w.amends, Note::short_key(k));
    }
    if let Some(Correction::Retracts(k)) = &n.correction {
        let reason = if n.text.is_empty() {
            String::new()
        } else {
            format!(": {}", n.text)
        };
        text = format!("{} {}{reason}", w.retracts, Note::short_key(k));
    }
    row.push(text.into());
    if with_state {
        let state = match shown.state {
            State::Current => Cell::new(w.in_force),
            State::Superseded { .. } => Cell::new(w.amended).tone(Tone::Dim),
            State::Retracted { .. } => Cell::new(w.withdrawn).tone(Tone::Dim),
            State::Retraction => Cell::new(w.retraction).tone(Tone::Dim),
        };
        row.push(state);
    }
    row
}
