//! Counts over a group of measures — how many are in each status, their
//! notes, last activity, and the two percentages managers read: done ÷
//! live measures, and progress weighted by sub-items — for `plan status`
//! and the progress report alike.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::model::note::Status;
use crate::model::plan::MeasureRef;
use crate::model::progress::{Progress, Tracker};

/// Counts for a group of measures.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub measures: usize,
    by_status: [usize; 5],
    pub notes: usize,
    pub last: Option<DateTime<FixedOffset>>,
    /// The sum of [`Progress::done_share`] over the measures not dropped.
    share: f64,
}

/// A tally's numbers as `plan status` and the report show them (their
/// JSON keys are stable).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub measures: usize,
    pub done: usize,
    pub active: usize,
    pub planned: usize,
    pub blocked: usize,
    pub dropped: usize,
    /// done ÷ (measures − dropped), in whole percent.
    pub percent: u32,
    /// Weighted by sub-items: the mean share done of the measures not
    /// dropped, in whole percent.
    pub progress: u32,
}

impl Counts {
    /// How many of the measures are in `status`.
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Planned => self.planned,
            Status::Active => self.active,
            Status::Done => self.done,
            Status::Blocked => self.blocked,
            Status::Dropped => self.dropped,
        }
    }
}

impl Tally {
    /// The tally of some measures' progress.
    pub fn of<'a>(tracker: &Tracker, measures: impl Iterator<Item = &'a MeasureRef<'a>>) -> Tally {
        let mut t = Tally::default();
        for m in measures {
            t.add(&tracker.measure(m.index));
        }
        t
    }

    /// Counts one measure's progress.
    pub fn add(&mut self, p: &Progress) {
        let status = p.status();
        self.measures += 1;
        self.by_status[status as usize] += 1;
        self.notes += p.notes;
        self.last = self.last.max(p.last_note_at);
        if status != Status::Dropped {
            self.share += p.done_share;
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        self.measures += other.measures;
        for (a, b) in self.by_status.iter_mut().zip(other.by_status) {
            *a += b;
        }
        self.notes += other.notes;
        self.last = self.last.max(other.last);
        self.share += other.share;
    }

    pub fn count(&self, status: Status) -> usize {
        self.by_status[status as usize]
    }

    pub fn counts(&self) -> Counts {
        Counts {
            measures: self.measures,
            done: self.count(Status::Done),
            active: self.count(Status::Active),
            planned: self.count(Status::Planned),
            blocked: self.count(Status::Blocked),
            dropped: self.count(Status::Dropped),
            percent: self.percent(),
            progress: self.progress(),
        }
    }

    /// Measures not dropped: what both percentages divide by.
    fn live(&self) -> usize {
        self.measures - self.count(Status::Dropped)
    }

    /// Done as a share of the measures not dropped, in whole percent.
    pub fn percent(&self) -> u32 {
        let live = self.live();
        if live == 0 {
            return 0;
        }
        ((self.count(Status::Done) * 100 + live / 2) / live) as u32
    }

    /// Progress weighted by sub-items: the mean share done of the measures
    /// not dropped (a measure with four sub-items, three done, counts ¾),
    /// in whole percent.
    pub fn progress(&self) -> u32 {
        let live = self.live();
        if live == 0 {
            return 0;
        }
        (self.share * 100.0 / live as f64).round().clamp(0.0, 100.0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::progress::Origin;

    fn progress(status: Status, done_share: f64) -> Progress {
        Progress {
            status: Some(status),
            origin: Origin::Own,
            notes: 1,
            last_note_at: None,
            done_share,
        }
    }

    #[test]
    fn percent_leaves_out_dropped_measures() {
        let mut t = Tally::default();
        t.add(&progress(Status::Done, 1.0));
        t.add(&Progress::default());
        t.add(&progress(Status::Dropped, 0.0));
        assert_eq!(t.percent(), 50);
        assert_eq!(t.progress(), 50);
    }

    #[test]
    fn progress_counts_the_share_of_sub_items_done() {
        let mut t = Tally::default();
        // Three of four sub-items done, and a measure not started.
        t.add(&progress(Status::Active, 0.75));
        t.add(&Progress::default());
        assert_eq!((t.percent(), t.progress()), (0, 38));
        let mut all = Tally::default();
        all.add(&progress(Status::Done, 1.0));
        all.merge(&t);
        // (1 + 0.75 + 0) / 3.
        assert_eq!((all.percent(), all.progress()), (33, 58));
        assert_eq!(Tally::default().progress(), 0);
    }
}
