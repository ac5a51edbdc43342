//! Where each measure stands, replayed from the notes in force: its status
//! (its own, or rolled up from its sub-items), how many notes it has, its
//! last activity, and how far along it is, optionally as of a past moment.
//!
//! A status is the one set by the latest note (by time, then by key) that
//! sets one. A measure with ・ sub-items and no status of its own takes
//! one from them: every sub-item (dropped ones aside) with one status →
//! that status; any active or done → active; all dropped → dropped;
//! otherwise planned. A status recorded on the measure itself wins from the
//! time it is recorded.

use chrono::{DateTime, FixedOffset};

use crate::model::note::Status;
use crate::model::plan::Plan;

/// One note in force, as progress sees it.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// The measure's number in the plan.
    pub measure: usize,
    /// The sub-item's number in the plan, for a note on a sub-item.
    pub item: Option<usize>,
    /// When its work happened.
    pub at: DateTime<FixedOffset>,
    pub status: Option<Status>,
    /// Breaks ties between notes of the same moment: the one recorded
    /// later (by its key's time of recording, then by its place in the
    /// append-only file) wins.
    pub key: &'a str,
    pub order: usize,
}

/// What decides between two notes: when the work happened, when the note
/// was recorded (its key's first part, [`recorded`]), and its place in the
/// file. The key is kept whole and read only when the times are equal.
type Rank<'a> = (DateTime<FixedOffset>, &'a str, usize);

/// Whether the note ranked `a` comes after the note ranked `b`.
fn later(a: &Rank, b: &Rank) -> bool {
    a.0.cmp(&b.0)
        .then_with(|| recorded(a.1).cmp(recorded(b.1)))
        .then(a.2.cmp(&b.2))
        .is_gt()
}

impl<'a> Event<'a> {
    fn rank(&self) -> Rank<'a> {
        (self.at, self.key, self.order)
    }
}

/// The recording time of a key (`20210615T100000+0900-3fa9…` → its first part).
pub fn recorded(key: &str) -> &str {
    key.rsplit_once('-').map_or(key, |(time, _)| time)
}

/// Where a measure's status comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Origin {
    /// No note has set one: planned.
    #[default]
    Default,
    /// A note on the measure (or sub-item) itself.
    Own,
    /// Rolled up from its sub-items: `done` of `total` (dropped ones aside).
    SubItems { done: usize, total: usize },
}

/// The progress of one measure or sub-item.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    /// The status in force; `None` means planned.
    pub status: Option<Status>,
    pub origin: Origin,
    /// Notes on it (a measure's include its sub-items').
    pub notes: usize,
    pub last_note_at: Option<DateTime<FixedOffset>>,
    /// How far along, 0.0 to 1.0: done is 1; a measure with sub-items and
    /// no status of its own, the share of its sub-items done.
    pub done_share: f64,
}

impl Progress {
    pub fn status(&self) -> Status {
        self.status.unwrap_or(Status::Planned)
    }
}

/// What is known of one measure or sub-item while replaying.
#[derive(Debug, Clone, Copy, Default)]
struct Slot<'a> {
    status: Option<(Status, Rank<'a>)>,
    notes: usize,
    last: Option<DateTime<FixedOffset>>,
}

impl<'a> Slot<'a> {
    fn add(&mut self, e: &Event<'a>) {
        self.notes += 1;
        self.last = self.last.max(Some(e.at));
        if let Some(status) = e.status {
            let rank = e.rank();
            if self.status.is_none_or(|(_, before)| later(&rank, &before)) {
                self.status = Some((status, rank));
            }
        }
    }
}

/// Progress of every measure and sub-item of a plan.
#[derive(Debug, Clone)]
pub struct Tracker<'a> {
    measures: Vec<Slot<'a>>,
    /// Notes on a measure and its sub-items together.
    whole: Vec<Slot<'a>>,
    items: Vec<Slot<'a>>,
    /// Each measure's sub-items, as a range of item numbers.
    item_ranges: Vec<std::ops::Range<usize>>,
}

impl<'a> Tracker<'a> {
    /// Replays the notes in force, leaving out those after `cutoff` (the
    /// end of an `--as-of` day, or now: a note about a planned event sets
    /// nothing before its time). The events may come in any order.
    pub fn new(
        plan: &Plan,
        events: impl IntoIterator<Item = Event<'a>>,
        cutoff: Option<DateTime<FixedOffset>>,
    ) -> Tracker<'a> {
        let (measures, items) = plan.counts();
        let item_ranges = plan
            .measures()
            .map(|m| {
                let start = plan.item_index(m.index, 1).unwrap_or(0);
                start..start + m.measure.items.len()
            })
            .collect();
        let mut t = Tracker {
            measures: vec![Slot::default(); measures],
            whole: vec![Slot::default(); measures],
            items: vec![Slot::default(); items],
            item_ranges,
        };
        for e in events {
            if cutoff.is_some_and(|c| e.at > c) || e.measure >= measures {
                continue;
            }
            let slot = match e.item {
                Some(i) => t.items.get_mut(i),
                None => t.measures.get_mut(e.measure),
            };
            if let Some(slot) = slot {
                slot.add(&e);
                t.whole[e.measure].add(&Event { status: None, ..e });
            }
        }
        t
    }

    /// A measure's progress: its own status, else its sub-items' rolled up;
    /// notes and last activity include its sub-items.
    pub fn measure(&self, index: usize) -> Progress {
        let (Some(own), Some(whole)) = (self.measures.get(index), self.whole.get(index)) else {
            return Progress::default();
        };
        let items: Vec<Status> = self
            .item_ranges
            .get(index)
            .cloned()
            .unwrap_or_default()
            .filter_map(|i| self.items.get(i))
            .map(|s| s.status.map_or(Status::Planned, |(st, _)| st))
            .collect();
        let live: Vec<Status> = items
            .iter()
            .copied()
            .filter(|s| *s != Status::Dropped)
            .collect();
        let done = live.iter().filter(|s| **s == Status::Done).count();
        let share_of_items = if live.is_empty() {
            0.0
        } else {
            done as f64 / live.len() as f64
        };
        let (status, origin) = match own.status {
            Some((s, _)) => (Some(s), Origin::Own),
            None if !items.is_empty() => {
                let rolled = roll_up(&items);
                let touched = items.iter().any(|s| *s != Status::Planned);
                let origin = if touched {
                    Origin::SubItems {
                        done,
                        total: live.len(),
                    }
                } else {
                    Origin::Default
                };
                (touched.then_some(rolled), origin)
            }
            None => (None, Origin::Default),
        };
        let done_share = match status {
            Some(Status::Done) => 1.0,
            _ if !items.is_empty() => share_of_items,
            _ => 0.0,
        };
        Progress {
            status,
            origin,
            notes: whole.notes,
            last_note_at: whole.last,
            done_share,
        }
    }

    /// A sub-item's own progress, by its number in the plan.
    pub fn item(&self, index: usize) -> Progress {
        let Some(slot) = self.items.get(index) else {
            return Progress::default();
        };
        let status = slot.status.map(|(s, _)| s);
        Progress {
            status,
            origin: if status.is_some() {
                Origin::Own
            } else {
                Origin::Default
            },
            notes: slot.notes,
            last_note_at: slot.last,
            done_share: if status == Some(Status::Done) {
                1.0
            } else {
                0.0
            },
        }
    }
}

/// The moment progress is replayed up to: the end of `as_of` (a day in the
/// plan's zone), or now, whichever is earlier; notes dated later set
/// nothing yet (`plan status --as-of`, the web view's timeline).
pub fn cutoff(
    zone: crate::model::date::Zone,
    now: DateTime<FixedOffset>,
    as_of: Option<chrono::NaiveDate>,
) -> DateTime<FixedOffset> {
    match as_of {
        Some(day) => {
            let end = day.succ_opt().map_or(now, |next| {
                zone.start_of(next) - chrono::TimeDelta::seconds(1)
            });
            end.min(now)
        }
        None => now,
    }
}

/// The status sub-items give their measure.
pub fn roll_up(items: &[Status]) -> Status {
    let live: Vec<Status> = items
        .iter()
        .copied()
        .filter(|s| *s != Status::Dropped)
        .collect();
    match live.first() {
        None if items.is_empty() => Status::Planned,
        None => Status::Dropped,
        Some(first) if live.iter().all(|s| s == first) => *first,
        Some(_)
            if live
                .iter()
                .any(|s| matches!(s, Status::Active | Status::Done)) =>
        {
            Status::Active
        }
        Some(_) => Status::Planned,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    #[test]
    fn sub_items_roll_up_by_the_documented_rule() {
        assert_eq!(roll_up(&[Done, Done, Done, Done]), Done);
        assert_eq!(roll_up(&[Done, Done, Done, Planned]), Active);
        assert_eq!(roll_up(&[Planned, Active, Planned]), Active);
        assert_eq!(roll_up(&[Dropped, Dropped]), Dropped);
        assert_eq!(roll_up(&[Done, Dropped]), Done, "dropped sub-items aside");
        assert_eq!(roll_up(&[Blocked, Blocked]), Blocked);
        assert_eq!(roll_up(&[Blocked, Planned]), Planned);
        assert_eq!(roll_up(&[Planned, Planned]), Planned);
    }

    #[test]
    fn of_two_notes_of_one_moment_the_one_recorded_later_sets_the_status() {
        let at = DateTime::parse_from_rfc3339("2021-06-15T10:00:00+09:00").unwrap();
        let note = |status, key, order| Event {
            measure: 0,
            item: None,
            at,
            status: Some(status),
            key,
            order,
        };
        // Recorded later, though earlier in the file (a merge's order).
        let later = note(Done, "20210616T090000+0900-0000000000000001", 0);
        let earlier = note(Blocked, "20210615T120000+0900-ffffffffffffffff", 1);
        for events in [[later, earlier], [earlier, later]] {
            let mut slot = Slot::default();
            for e in &events {
                slot.add(e);
            }
            assert_eq!(slot.status.map(|(s, _)| s), Some(Done));
        }
        // Recorded in the same second: the place in the file decides.
        let (first, second) = (note(Done, "k-1", 0), note(Active, "k-2", 1));
        for events in [[first, second], [second, first]] {
            let mut slot = Slot::default();
            for e in &events {
                slot.add(e);
            }
            assert_eq!(slot.status.map(|(s, _)| s), Some(Active));
        }
        // A later moment wins whatever its key says.
        let mut slot = Slot::default();
        slot.add(&note(Done, "20211231T000000+0900-a", 0));
        slot.add(&Event {
            at: at + chrono::TimeDelta::hours(1),
            ..note(Active, "20210101T000000+0900-b", 1)
        });
        assert_eq!(slot.status.map(|(s, _)| s), Some(Active));
    }
}
