//! What a progress report (進捗報告) shows, as plain data: the caller builds it
//! from the plan and its notes, and every renderer reads only this.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::i18n::Lang;
use crate::model::date::DateStyle;
use crate::model::note::Status;
use crate::model::tally::Counts;

/// A progress report for one fiscal year, as of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// UI language: headings, status names and legend in Japanese or English.
    pub lang: Lang,
    /// E.g. `令和3年度 実施計画 進捗報告` (composed by the caller).
    pub title: String,
    /// The plan's own title.
    pub plan_title: String,
    pub fiscal_year: i32,
    /// `令和3年度（2021年度）` or `FY2021`.
    pub fiscal_year_label: String,
    pub as_of: NaiveDate,
    pub generated_at: DateTime<FixedOffset>,
    /// How its dates are written (`2021-09-30` or `令和3年9月30日`).
    pub date_style: DateStyle,
    pub parties: Vec<ReportParty>,
    /// Per section × party, then per-party totals, then the all-party total.
    pub summary: Vec<SummaryRow>,
    pub sections: Vec<ReportSection>,
    /// One point per month of the fiscal year up to `as_of`.
    pub timeline: Vec<MonthPoint>,
    pub notes_mode: NotesMode,
    /// The previous fiscal year, when the report shows where each measure
    /// stood at its end (`plan report --last-year`).
    pub last_year: Option<i32>,
}

/// A party as the report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportParty {
    /// `tmg`
    pub key: String,
    /// `東京都`
    pub name: String,
    /// `都`
    pub short: String,
    /// `都の取組`
    pub heading: String,
}

/// One row of the summary: a section × party, a party's total (`section`
/// `None`), or the total of all parties (`section` and `party` `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryRow {
    pub section: Option<u32>,
    pub title: Option<String>,
    /// A party key; `None` for all parties.
    pub party: Option<String>,
    /// Measures, a count per status, done ÷ (measures − dropped) and the
    /// progress weighted by sub-items.
    #[serde(flatten)]
    pub counts: Counts,
}

/// A section with each party's measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSection {
    pub number: u32,
    pub title: String,
    pub parties: Vec<ReportSectionParty>,
}

/// One party's measures in a section, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportSectionParty {
    /// A party key.
    pub party: String,
    /// `都の取組`
    pub heading: String,
    pub measures: Vec<ReportMeasure>,
}

/// A measure as of the report's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportMeasure {
    /// Canonical, e.g. `2.tmg.イ`.
    pub id: String,
    pub label: String,
    pub text: String,
    pub status: Status,
    /// Why the status is what it is, e.g. `3 of 4 sub-items done`, already in
    /// the UI language.
    pub status_origin: Option<String>,
    pub last_note: Option<NaiveDate>,
    pub latest_result: Option<String>,
    pub note_count: usize,
    pub items: Vec<ReportItem>,
    /// Empty unless [`NotesMode::All`].
    pub notes: Vec<ReportNote>,
    /// Where the measure it continues stood at the end of the previous
    /// year (with `--last-year`; none for a measure new this year).
    pub last_year: Option<LastYear>,
}

/// A measure's predecessor at the end of the previous fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastYear {
    /// Its ID that year.
    pub id: String,
    pub status: Status,
}

/// A ・ sub-item of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportItem {
    pub id: String,
    pub text: String,
    pub status: Status,
}

/// A note as the report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportNote {
    /// Already formatted for display.
    pub at: String,
    /// The same time in the plan's zone, for a spreadsheet's date cell
    /// (midnight for a note given a date alone).
    pub local: NaiveDateTime,
    /// Whether the note gives a date without a time.
    pub day_only: bool,
    /// The sub-item's ID (`2.tmg.イ.3`) for a note on a sub-item, whose
    /// status is the sub-item's, not the measure's.
    pub item: Option<String>,
    pub author: String,
    pub status: Option<Status>,
    pub text: String,
    pub links: Vec<String>,
}

/// Where the plan stood at the end of a month (or on `as_of`, for its month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthPoint {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Measures done by then (cumulative).
    pub done: usize,
    pub active: usize,
    pub measures: usize,
}

/// How much of each measure's history the report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum NotesMode {
    /// Only the latest result.
    #[default]
    Latest,
    /// Every note, in date order.
    All,
}

impl SummaryRow {
    /// How many of the row's measures are in `status`.
    pub fn count(&self, status: Status) -> usize {
        self.counts.count(status)
    }
}

impl Report {
    /// A day in the report's date style.
    pub fn day(&self, day: NaiveDate) -> String {
        self.date_style.format(day)
    }

    /// A day in the report's date style, or `-`.
    pub fn day_or_dash(&self, day: Option<NaiveDate>) -> String {
        day.map_or_else(|| "-".into(), |d| self.day(d))
    }

    /// When it was made: `2021-11-01 09:30 +09:00`, the date in the
    /// report's style.
    pub fn generated(&self) -> String {
        format!(
            "{} {}",
            self.date_style.datetime(&self.generated_at),
            self.generated_at.format("%:z")
        )
    }

    /// The party with this key, if the report has it.
    pub fn party(&self, key: &str) -> Option<&ReportParty> {
        self.parties.iter().find(|p| p.key == key)
    }
}
