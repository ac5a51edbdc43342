//! What a snapshot implies that pages would otherwise build on every
//! request: the dashboard's report and rows. It lives in the [`Snapshot`]
//! (`snapshot.memo`), so it is dropped with it when the files change; within
//! one snapshot a report stays good while the day is the same and no note
//! falls between the moment it was built and now (the report counts the
//! notes up to now; a note timed later today joins it when its time comes).
//!
//! [`Snapshot`]: crate::web::snapshot::Snapshot

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::i18n::Lang;

/// What was built from one snapshot, one per language and day (the
/// dashboard's parts; tests keep strings).
pub struct Memo<T> {
    reports: Mutex<Vec<Kept<T>>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            reports: Mutex::new(Vec::new()),
        }
    }
}

struct Kept<T> {
    lang: Lang,
    day: NaiveDate,
    /// The report holds until this moment (exclusive): the next note's
    /// time after it was built, or the next day.
    until: DateTime<FixedOffset>,
    report: Arc<T>,
}

impl<T> Memo<T> {
    /// The report for `lang` on `day` at `now`: the one kept while it
    /// holds, else `build()`'s, kept until `until` (the first moment that
    /// changes it: see the module's note).
    pub fn report(
        &self,
        lang: Lang,
        day: NaiveDate,
        now: DateTime<FixedOffset>,
        until: impl FnOnce() -> DateTime<FixedOffset>,
        build: impl FnOnce() -> T,
    ) -> Arc<T> {
        if let Ok(kept) = self.reports.lock()
            && let Some(k) = kept
                .iter()
                .find(|k| k.lang == lang && k.day == day && now < k.until)
        {
            return Arc::clone(&k.report);
        }
        let report = Arc::new(build());
        let until = until();
        if let Ok(mut kept) = self.reports.lock() {
            kept.retain(|k| k.lang != lang);
            kept.push(Kept {
                lang,
                day,
                until,
                report: Arc::clone(&report),
            });
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn a_report_is_kept_until_its_moment_and_per_language() {
        let memo = Memo::<String>::default();
        let day = NaiveDate::from_ymd_opt(2021, 6, 15).unwrap();
        let until = || at("2021-06-15T15:00:00+09:00");
        let first = memo.report(
            Lang::Ja,
            day,
            at("2021-06-15T10:00:00+09:00"),
            until,
            || "one".to_string(),
        );
        let again = memo.report(
            Lang::Ja,
            day,
            at("2021-06-15T14:59:59+09:00"),
            until,
            || "two".to_string(),
        );
        assert_eq!(*again, "one");
        assert!(Arc::ptr_eq(&first, &again));
        let english = memo.report(
            Lang::En,
            day,
            at("2021-06-15T11:00:00+09:00"),
            until,
            || "en".to_string(),
        );
        assert_eq!(*english, "en");
        // The note of 15:00 now counts: built again.
        let later = memo.report(
            Lang::Ja,
            day,
            at("2021-06-15T15:00:00+09:00"),
            until,
            || "three".to_string(),
        );
        assert_eq!(*later, "three");
        let next_day = day.succ_opt().unwrap();
        let tomorrow = memo.report(
            Lang::Ja,
            next_day,
            at("2021-06-16T00:00:01+09:00"),
            until,
            || "four".to_string(),
        );
        assert_eq!(*tomorrow, "four");
    }
}
