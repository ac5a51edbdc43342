//! The rules a new note passes whoever records it (`plan note` or the web
//! form): when it may be dated, that it says something, which notes may be
//! corrected, and how a correction is built from the note it corrects.
//! Each front end words a refusal its own way (flags on the command line,
//! fields on a form); the decision is made here, once.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::i18n::Text;
use crate::model::corrections::State;
use crate::model::date::Zone;
use crate::model::id::MeasureId;
use crate::model::note::{Correction, Note, NoteTime, Status};
use crate::model::plan::PlanInfo;
use crate::model::when::parse_moment;

/// How far ahead of the clock a note may be dated without allowing the
/// future (clocks of two machines disagree a little).
pub const CLOCK_SKEW: chrono::TimeDelta = chrono::TimeDelta::minutes(5);

/// What the person recording a note has explicitly allowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Allow {
    /// A date in the future (a planned event; it counts from its date).
    pub future: bool,
    /// A date outside the plan's fiscal year.
    pub outside_year: bool,
}

/// Why a date given for a note was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// Not a date the grammar reads; the text says why.
    Unreadable(Text),
    /// Later than now (beyond clock skew): a note records what was done.
    Future,
    /// Outside the plan's fiscal year.
    OutsideYear {
        day: NaiveDate,
        fiscal_year: i32,
        start: NaiveDate,
        end: NaiveDate,
    },
}

/// The time a note is dated with, from what was typed: read with the one
/// date grammar, refused when in the future or outside the fiscal year
/// unless allowed.
pub fn moment(
    info: &PlanInfo,
    zone: Zone,
    input: &str,
    now: DateTime<FixedOffset>,
    allow: Allow,
) -> Result<NoteTime, DateProblem> {
    let at = parse_moment(input, zone, zone.day_of(now)).map_err(DateProblem::Unreadable)?;
    if in_future(zone, at, now) && !allow.future {
        return Err(DateProblem::Future);
    }
    match outside_year(info, zone, at) {
        Some(problem) if !allow.outside_year => Err(problem),
        _ => Ok(at),
    }
}

/// Whether a note's time lies in the future: a moment later than now
/// beyond clock skew, a day after today. The one rule of `plan note`, the
/// web form and `plan check` (a note a machine a few minutes fast
/// recorded passes all three).
pub fn in_future(zone: Zone, at: NoteTime, now: DateTime<FixedOffset>) -> bool {
    in_future_by(at, now, zone.day_of(now))
}

/// [`in_future`], with today's date in the plan's zone known (`plan check`
/// asks it of 200,000 notes).
pub fn in_future_by(at: NoteTime, now: DateTime<FixedOffset>, today: NaiveDate) -> bool {
    match at {
        NoteTime::At(t) => t > now + CLOCK_SKEW,
        NoteTime::Day(d) => d > today,
    }
}

/// The problem of a time outside the plan's fiscal year, if it is.
pub fn outside_year(info: &PlanInfo, zone: Zone, at: NoteTime) -> Option<DateProblem> {
    outside_year_on(info, at.day(zone))
}

/// [`outside_year`] of a note on `day` in the plan's zone.
pub fn outside_year_on(info: &PlanInfo, day: NaiveDate) -> Option<DateProblem> {
    let (start, end) = info.fiscal_year_bounds();
    (day < start || day > end).then_some(DateProblem::OutsideYear {
        day,
        fiscal_year: info.fiscal_year,
        start,
        end,
    })
}

/// A note must say something: a text, or a status.
pub fn says_something(text: &str, status: Option<Status>) -> bool {
    !text.trim().is_empty() || status.is_some()
}

/// Whether two notes' texts say the same (a repeat): equal once the
/// whitespace around them and line endings are set aside.
pub fn same_text(a: &str, b: &str) -> bool {
    compared(a) == compared(b)
}

/// A hash of a note's text as [`same_text`] compares it (texts that are
/// the same hash the same), for `plan check` to find repeats among
/// 200,000 notes without keeping their texts.
pub fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(compared(text))
}

/// A text as [`same_text`] compares it.
fn compared(text: &str) -> std::borrow::Cow<'_, str> {
    let t = text.trim();
    if t.contains('\r') {
        t.replace("\r\n", "\n").into()
    } else {
        t.into()
    }
}

/// A correction's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Amend,
    Retract,
}

/// Why a note cannot be corrected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It was withdrawn; `by` is the retraction (its entry number).
    Withdrawn { by: usize },
    /// A retraction has nothing to amend (retract it to undo it).
    AmendsRetraction,
    /// A newer version is in force (`by`): correcting this one would bring
    /// back what was corrected since, unless the user says they mean it.
    Superseded { by: usize },
}

/// Whether a note in this state may be corrected so: a withdrawn note
/// cannot be (retract its retraction instead), nor a retraction amended,
/// nor an older version unless `superseded_ok` (then the correction applies
/// to the version in force).
pub fn correctable(
    state: Option<State>,
    action: Action,
    superseded_ok: bool,
) -> Result<(), Refusal> {
    match state {
        Some(State::Retracted { by }) => Err(Refusal::Withdrawn { by }),
        Some(State::Retraction) if action == Action::Amend => Err(Refusal::AmendsRetraction),
        Some(State::Superseded { by }) if !superseded_ok => Err(Refusal::Superseded { by }),
        _ => Ok(()),
    }
}

/// The version a correction of the version at `index` applies to: the
/// one in force.
pub fn in_force_version(state: Option<State>, index: usize) -> usize {
    match state {
        Some(State::Superseded { by }) => by,
        _ => index,
    }
}

/// What a new note, or a correction, is given anew.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub key: String,
    pub author: String,
    /// When its work happened, when given (else: now, or the old note's).
    pub at: Option<NoteTime>,
    pub status: Option<Status>,
    pub text: String,
    pub links: Vec<String>,
}

/// A new note on a measure or sub-item, dated `recorded` unless given a time.
pub fn note(id: MeasureId, fresh: Fresh, recorded: NoteTime) -> Note {
    Note {
        key: fresh.key,
        id,
        at: fresh.at.unwrap_or(recorded),
        author: fresh.author,
        status: fresh.status,
        text: fresh.text,
        links: fresh.links,
        correction: None,
    }
}

/// A new version of `old`, keeping whatever is not given anew (its time,
/// status, text and links).
pub fn amendment(old: &Note, fresh: Fresh) -> Note {
    Note {
        key: fresh.key,
        id: old.id.clone(),
        at: fresh.at.unwrap_or(old.at),
        author: fresh.author,
        status: fresh.status.or(old.status),
        text: if fresh.text.trim().is_empty() {
            old.text.clone()
        } else {
            fresh.text
        },
        links: if fresh.links.is_empty() {
            old.links.clone()
        } else {
            fresh.links
        },
        correction: Some(Correction::Amends(old.key.clone())),
    }
}

/// A new version of the note whose version in force has the key
/// `in_force`, built from `base` (that version, or an older one the user
/// chose to start from), keeping whatever is not given anew. Recorded as
/// an amendment of the version in force, so the chain stays one line and
/// nothing corrected since comes back unasked.
pub fn amendment_of(in_force: &str, base: &Note, fresh: Fresh) -> Note {
    let mut note = amendment(base, fresh);
    note.correction = Some(Correction::Amends(in_force.to_string()));
    note
}

/// A note moved to another measure (or sub-item): the withdrawal of the
/// version in force on the old one, its reason naming where it went, and
/// the note on the new one, with what the old said unless given anew
/// (its time, status, text, links). Two lines, each in its own section's
/// notes file, so a command that reads one section still sees the truth.
pub fn moved(
    in_force: &Note,
    base: &Note,
    to: MeasureId,
    fresh: Fresh,
    withdrawal: Fresh,
    recorded: NoteTime,
) -> [Note; 2] {
    let mut new = amendment(base, fresh);
    new.id = to;
    new.correction = None;
    let reason = format!(
        "{} へ移動（記録 {}） / moved to {} (note {})",
        new.id, new.key, new.id, new.key
    );
    let withdrawal = Fresh {
        text: reason,
        links: Vec::new(),
        at: None,
        status: None,
        ..withdrawal
    };
    [retraction(in_force, withdrawal, recorded), new]
}

/// The withdrawal of `old`; its text is the reason. It sets no status.
pub fn retraction(old: &Note, fresh: Fresh, recorded: NoteTime) -> Note {
    Note {
        key: fresh.key,
        id: old.id.clone(),
        at: fresh.at.unwrap_or(recorded),
        author: fresh.author,
        status: None,
        text: fresh.text,
        links: fresh.links,
        correction: Some(Correction::Retracts(old.key.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_are_the_same_hash_the_same_and_others_apart() {
        let same = [
            ("セミナー実施", " セミナー実施\n"),
            ("一行目\n二行目", "一行目\r\n二行目\r\n"),
            ("", "  "),
        ];
        for (a, b) in same {
            assert!(same_text(a, b), "{a:?} {b:?}");
            assert_eq!(text_hash(a), text_hash(b), "{a:?} {b:?}");
        }
        for (a, b) in [
            ("セミナー実施", "セミナー実施。"),
            ("a\rb", "a\nb"),
            ("x", ""),
        ] {
            assert!(!same_text(a, b), "{a:?} {b:?}");
            assert_ne!(text_hash(a), text_hash(b), "{a:?} {b:?}");
        }
    }

    fn info() -> PlanInfo {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plan/plan.toml"),
        )
        .expect("the shipped plan.toml");
        toml::from_str(&text).expect("the shipped plan.toml parses")
    }

    fn tokyo() -> Zone {
        Zone::named("Asia/Tokyo").expect("a zone")
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("a time")
    }

    #[test]
    fn a_date_in_the_future_or_outside_the_year_needs_allowing() {
        let info = info();
        let now = at("2021-06-15T10:00:00+09:00");
        let ok = moment(&info, tokyo(), "2021-06-01", now, Allow::default());
        assert_eq!(
            ok,
            Ok(NoteTime::Day(
                NaiveDate::from_ymd_opt(2021, 6, 1).expect("a day")
            ))
        );
        let future = moment(&info, tokyo(), "2021-06-16", now, Allow::default());
        assert_eq!(future, Err(DateProblem::Future));
        let allowed = Allow {
            future: true,
            ..Allow::default()
        };
        assert!(moment(&info, tokyo(), "2021-06-16", now, allowed).is_ok());
        let skew = moment(&info, tokyo(), "2021-06-15T10:04", now, Allow::default());
        assert!(skew.is_ok(), "a few minutes ahead is clock skew");
        let old = moment(&info, tokyo(), "2020-06-01", now, Allow::default());
        assert!(matches!(old, Err(DateProblem::OutsideYear { .. })));
        assert!(matches!(
            moment(&info, tokyo(), "no date", now, Allow::default()),
            Err(DateProblem::Unreadable(_))
        ));
    }

    #[test]
    fn withdrawn_notes_and_amended_retractions_are_refused() {
        let withdrawn = Some(State::Retracted { by: 3 });
        assert_eq!(
            correctable(withdrawn, Action::Amend, true),
            Err(Refusal::Withdrawn { by: 3 })
        );
        assert_eq!(
            correctable(withdrawn, Action::Retract, false),
            Err(Refusal::Withdrawn { by: 3 })
        );
        assert_eq!(
            correctable(Some(State::Retraction), Action::Amend, false),
            Err(Refusal::AmendsRetraction)
        );
        assert_eq!(
            correctable(Some(State::Retraction), Action::Retract, false),
            Ok(())
        );
        // An older version only when the user says they mean it.
        let older = Some(State::Superseded { by: 1 });
        assert_eq!(
            correctable(older, Action::Amend, false),
            Err(Refusal::Superseded { by: 1 })
        );
        assert_eq!(
            correctable(older, Action::Retract, false),
            Err(Refusal::Superseded { by: 1 })
        );
        assert_eq!(correctable(older, Action::Amend, true), Ok(()));
        assert_eq!(in_force_version(older, 0), 1);
        assert_eq!(in_force_version(Some(State::Current), 0), 0);
    }
}
