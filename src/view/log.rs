//! Which notes a log shows: `plan log`, the history of `plan show ID`, and
//! the web view's log and measure pages all select them here — by measure
//! or section, party, date range, author and status, newest first — and
//! what is said of the lines that could not be read.

use chrono::NaiveDate;

use crate::diagnostic::{Diagnostic, Severity};
use crate::files::notes::Notebook;
use crate::i18n::Text;
use crate::model::date::Zone;
use crate::model::note::Status;
use crate::model::plan::Plan;
use crate::model::resolve::{Resolved, Target};
use crate::text::fold;
use crate::view::note::ShownNote;

/// What the notes are about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Scope {
    /// Every measure.
    #[default]
    All,
    /// One section's measures.
    Section(u32),
    /// One measure (with its sub-items), or one sub-item of it.
    Measure {
        section: u32,
        /// The measure's number in the plan.
        index: usize,
        item: Option<usize>,
    },
}

impl Scope {
    pub fn of_measure(resolved: &Resolved) -> Scope {
        Scope::Measure {
            section: resolved.measure.section.number,
            index: resolved.measure.index,
            item: resolved.id.item,
        }
    }

    pub fn of_target(target: &Target) -> Scope {
        match target {
            Target::Section(s) => Scope::Section(s.number),
            Target::Measure(r) => Scope::of_measure(r),
        }
    }

    /// The one section whose notes file holds every note in scope.
    pub fn section(&self) -> Option<u32> {
        match *self {
            Scope::All => None,
            Scope::Section(n) | Scope::Measure { section: n, .. } => Some(n),
        }
    }
}

/// A selection of notes; every part left empty keeps everything.
#[derive(Debug, Clone, Default)]
pub struct LogQuery {
    pub scope: Scope,
    /// Party keys; empty keeps every party.
    pub parties: Vec<String>,
    /// Only notes on or after this day (in the plan's zone).
    pub since: Option<NaiveDate>,
    /// Only notes on or before this day.
    pub until: Option<NaiveDate>,
    /// Only notes that set one of these statuses.
    pub statuses: Vec<Status>,
    /// Only notes whose author contains one of these (trimmed; folded here).
    pub authors: Vec<String>,
    /// Every line: older versions, withdrawn notes and the corrections themselves.
    pub all: bool,
    pub limit: Option<usize>,
}

impl LogQuery {
    /// The notes selected, newest first (as [`Notebook::newest_first`]
    /// ranks them), decoded in full.
    pub fn select(&self, plan: &Plan, book: &Notebook, zone: Zone) -> Vec<ShownNote> {
        ShownNote::all(plan, book, &self.select_entries(plan, book, zone))
    }

    /// The entries of the notes selected, newest first: a long log is
    /// decoded one note at a time, as it is written out.
    pub fn select_entries(&self, plan: &Plan, book: &Notebook, zone: Zone) -> Vec<usize> {
        let mut candidates: Vec<usize> = (0..book.entries.len())
            .filter(|&i| self.all || book.in_force(i))
            .filter(|&i| {
                let e = &book.entries[i];
                let Some(m) = plan.measure_at(e.measure as usize) else {
                    return false;
                };
                let in_scope = match self.scope {
                    Scope::All => true,
                    Scope::Section(n) => m.section.number == n,
                    Scope::Measure { index, item, .. } => {
                        m.index == index && item.is_none_or(|n| usize::from(e.sub) == n)
                    }
                };
                let day = zone.day_of(e.at);
                in_scope
                    && (self.parties.is_empty() || self.parties.iter().any(|p| p == m.party))
                    && self.since.is_none_or(|d| day >= d)
                    && self.until.is_none_or(|d| day <= d)
                    && (self.statuses.is_empty()
                        || e.status.is_some_and(|st| self.statuses.contains(&st)))
            })
            .collect();
        book.newest_first(&mut candidates);
        let authors: Vec<String> = self.authors.iter().map(|a| fold(a.trim())).collect();
        let limit = self.limit.unwrap_or(usize::MAX);
        let mut shown = Vec::new();
        for i in candidates {
            if shown.len() >= limit {
                break;
            }
            // Only lines that decode are shown (as ShownNote::all does).
            let Some(author) = book.author(i) else {
                continue;
            };
            if authors.is_empty() || authors.iter().any(|a| fold(&author).contains(a.as_str())) {
                shown.push(i);
            }
        }
        shown
    }
}

/// What a read command (and the web view) says about note lines that could
/// not be read: the first few as warnings in full, then how many there were.
pub fn skipped_report(skipped: &[Diagnostic]) -> (Vec<Diagnostic>, Option<Text>) {
    const SHOWN: usize = 3;
    let mut shown: Vec<Diagnostic> = skipped.iter().take(SHOWN).cloned().collect();
    for d in &mut shown {
        d.severity = Severity::Warning;
    }
    let n = skipped.len();
    let count = (n > 0).then(|| {
        text!(
            en: "{n} note line(s) could not be read and were skipped; `plan check` lists every problem (`plan check --fix` removes a torn last line)",
            ja: "読めない記録行 {n} 件を読み飛ばしました。`plan check` ですべての問題を表示します（最後の行の途切れは `plan check --fix` で削除できます）",
        )
    });
    (shown, count)
}
