//! Progress notes and measure statuses: what a note says, when its work
//! happened, and how it corrects an earlier note. How a note is written
//! to its file is `files::noteline`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::date::Zone;
use crate::model::id::MeasureId;
use crate::text::fold;

/// Where a measure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 未着手: nothing done yet (the status of a measure without one).
    Planned,
    /// 実施中: under way.
    Active,
    /// 実施済: done.
    Done,
    /// 保留: on hold.
    Blocked,
    /// 中止: dropped.
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Active,
        Status::Done,
        Status::Blocked,
        Status::Dropped,
    ];

    /// The stable English key, as stored and as printed in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Active => "active",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Dropped => "dropped",
        }
    }

    /// The Japanese name used in the documents.
    pub fn japanese(self) -> &'static str {
        match self {
            Status::Planned => "未着手",
            Status::Active => "実施中",
            Status::Done => "実施済",
            Status::Blocked => "保留",
            Status::Dropped => "中止",
        }
    }

    /// The name shown in the UI language.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.key(),
            Lang::Ja => self.japanese(),
        }
    }

    /// The other words officers use for this status.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            Status::Planned => &["未着手", "予定", "not-started", "todo"],
            Status::Active => &[
                "実施中",
                "対応中",
                "進行中",
                "in-progress",
                "in progress",
                "ongoing",
                "started",
            ],
            Status::Done => &[
                "実施済",
                "完了",
                "終了",
                "済",
                "済み",
                "complete",
                "completed",
                "finished",
            ],
            Status::Blocked => &[
                "保留",
                "延期",
                "中断",
                "on-hold",
                "on hold",
                "postponed",
                "paused",
            ],
            Status::Dropped => &[
                "中止",
                "取りやめ",
                "取り止め",
                "cancelled",
                "canceled",
                "abandoned",
            ],
        }
    }

    /// The status with exactly this key, as notes are stored (no folding:
    /// the common case, fast).
    pub fn from_key(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }

    /// Accepts the English key, the Japanese name or a synonym, folded
    /// (`DONE`, `実施済`, `完了`, `finished`).
    pub fn parse(input: &str) -> Option<Status> {
        let needle = fold(input.trim()).replace('_', "-");
        Status::ALL
            .into_iter()
            .find(|s| s.key() == needle || s.synonyms().iter().any(|w| fold(w) == needle))
    }

    /// Every spelling accepted as input (for completion).
    pub fn spellings() -> Vec<&'static str> {
        Status::ALL
            .iter()
            .flat_map(|s| std::iter::once(s.key()).chain(s.synonyms().iter().copied()))
            .collect()
    }
}

/// When a note's work happened: a moment, or a whole day (`--at
/// 2021-06-15`), which is shown as a date and counts from the start of
/// that day in the plan's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteTime {
    At(DateTime<FixedOffset>),
    Day(NaiveDate),
}

impl NoteTime {
    /// The moment the note counts from, in the plan's zone.
    pub fn start(self, zone: Zone) -> DateTime<FixedOffset> {
        match self {
            NoteTime::At(t) => t,
            NoteTime::Day(d) => zone.start_of(d),
        }
    }

    /// The calendar day, in the plan's zone.
    pub fn day(self, zone: Zone) -> NaiveDate {
        match self {
            NoteTime::At(t) => zone.day_of(t),
            NoteTime::Day(d) => d,
        }
    }
}

/// A note that corrects an earlier one (by its key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Correction {
    /// This note replaces the one with that key.
    Amends(String),
    /// The note with that key is withdrawn; this note's text is the reason.
    Retracts(String),
}

impl Correction {
    pub fn target(&self) -> &str {
        match self {
            Correction::Amends(k) | Correction::Retracts(k) => k,
        }
    }
}

/// One progress note against a measure or sub-item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Unique key: when it was recorded, compact, and a random suffix.
    pub key: String,
    pub id: MeasureId,
    pub at: NoteTime,
    pub author: String,
    /// The status this note sets, if it sets one.
    pub status: Option<Status>,
    pub text: String,
    /// Evidence: absolute http(s) URLs or paths inside the repository.
    pub links: Vec<String>,
    pub correction: Option<Correction>,
}

impl Note {
    /// A key unique across clones: the time of recording and 64 random bits
    /// from the operating system, `20210615T100000+0900-3fa91c2e0b7d4e55`.
    pub fn new_key(recorded: &DateTime<FixedOffset>) -> String {
        let mut bytes = [0u8; 8];
        // Without OS randomness, the clock's nanoseconds and the process
        // ID still keep keys apart.
        let random = match getrandom::fill(&mut bytes) {
            Ok(()) => u64::from_le_bytes(bytes),
            Err(_) => {
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64);
                nanos ^ (u64::from(std::process::id()) << 32)
            }
        };
        format!("{}-{random:016x}", recorded.format("%Y%m%dT%H%M%S%z"))
    }

    /// The short form of a key people type, like git's short hashes: the
    /// first eight characters of the random part.
    pub fn short_key(key: &str) -> &str {
        let random = key.rsplit_once('-').map_or(key, |(_, r)| r);
        random.get(..8).unwrap_or(random)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_both_languages() {
        assert_eq!(Status::parse("done"), Some(Status::Done));
        assert_eq!(Status::parse("DONE"), Some(Status::Done));
        assert_eq!(Status::parse("実施済"), Some(Status::Done));
        assert_eq!(Status::parse("保留"), Some(Status::Blocked));
        assert_eq!(Status::parse("nonsense"), None);
    }

    #[test]
    fn the_words_officers_use_mean_what_they_say() {
        for (words, status) in [
            (
                &["完了", "終了", "済", "complete", "Finished"][..],
                Status::Done,
            ),
            (
                &["実施中", "対応中", "進行中", "in-progress", "In_Progress"],
                Status::Active,
            ),
            (&["延期", "保留", "中断", "on-hold"], Status::Blocked),
            (&["中止", "取りやめ", "cancelled"], Status::Dropped),
            (&["未着手", "予定"], Status::Planned),
        ] {
            for w in words {
                assert_eq!(Status::parse(w), Some(status), "{w}");
            }
        }
    }

    #[test]
    fn keys_differ_for_the_same_second_and_carry_64_random_bits() {
        let at = DateTime::parse_from_rfc3339("2021-06-15T10:00:00+09:00").unwrap();
        let keys: std::collections::HashSet<String> =
            (0..10_000).map(|_| Note::new_key(&at)).collect();
        assert_eq!(keys.len(), 10_000);
        let key = keys.iter().next().unwrap();
        assert!(key.starts_with("20210615T100000+0900-"), "{key}");
        assert_eq!(key.rsplit_once('-').unwrap().1.len(), 16, "{key}");
        assert_eq!(Note::short_key(key).len(), 8);
        assert!(key.ends_with(Note::short_key(key)) || key.contains(Note::short_key(key)));
    }
}
