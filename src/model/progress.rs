//! Where each measure stands, replayed from its notes: current status, note
//! count and last activity, optionally as of a past date.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::files::store::StoredNote;
use crate::model::id::MeasureId;
use crate::model::note::Status;

/// The progress of one measure or sub-item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Set by the latest note that sets a status; `None` means planned.
    pub status: Option<Status>,
    pub notes: usize,
    pub last_note_at: Option<DateTime<FixedOffset>>,
}

impl Progress {
    pub fn status(&self) -> Status {
        self.status.unwrap_or(Status::Planned)
    }

    fn add(&mut self, at: DateTime<FixedOffset>, status: Option<Status>) {
        self.notes += 1;
        // Notes arrive oldest first, so the last one seen is the latest.
        self.last_note_at = Some(self.last_note_at.map_or(at, |last| last.max(at)));
        if status.is_some() {
            self.status = status;
        }
    }
}

/// Progress of every measure and sub-item that has notes.
#[derive(Debug, Default)]
pub struct Tracker {
    /// Notes on exactly this ID.
    exact: HashMap<MeasureId, Progress>,
    /// Notes on a measure or any of its sub-items (counts and activity only).
    whole: HashMap<MeasureId, Progress>,
}

impl Tracker {
    /// Replays `notes` (oldest first), ignoring those after `as_of` (by the
    /// date in the note's own time zone).
    pub fn new(notes: &[StoredNote], as_of: Option<NaiveDate>) -> Tracker {
        let mut tracker = Tracker::default();
        for stored in notes {
            let n = &stored.note;
            if as_of.is_some_and(|day| n.at.date_naive() > day) {
                continue;
            }
            tracker
                .exact
                .entry(n.id.clone())
                .or_default()
                .add(n.at, n.status);
            let whole = tracker.whole.entry(n.id.measure()).or_default();
            whole.notes += 1;
            whole.last_note_at = Some(whole.last_note_at.map_or(n.at, |l| l.max(n.at)));
        }
        tracker
    }

    /// A measure's progress: status from notes on the measure itself; note
    /// count and last activity include its sub-items.
    pub fn measure(&self, id: &MeasureId) -> Progress {
        let own = self.exact.get(id).cloned().unwrap_or_default();
        let whole = self.whole.get(id).cloned().unwrap_or_default();
        Progress {
            status: own.status,
            notes: whole.notes,
            last_note_at: whole.last_note_at,
        }
    }

    /// A sub-item's own progress.
    pub fn item(&self, id: &MeasureId) -> Progress {
        self.exact.get(id).cloned().unwrap_or_default()
    }
}
