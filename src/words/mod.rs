//! Every fixed word the program shows, one catalogue per language
//! ([`en`], [`ja`]): the command line's tables and labels, the report (its
//! Markdown, HTML and Excel forms), the web pages and the Japanese help all
//! take their words from here, so a thing has one name everywhere (小項目
//! is "Sub-items" in the table, the report and the web page alike).
//!
//! Messages are not words: each is written in both languages where it is
//! made (`text!`). The English help of each flag is its clap definition;
//! the Japanese for it is [`ja::ARGS`].

pub mod en;
pub mod ja;

use chrono::{Datelike, NaiveDate};

use crate::i18n::{Lang, Text};

/// Every fixed word, in one language. Fields are grouped by where they are
/// used first; a word used in several places is here once.
#[derive(Debug)]
pub struct Words {
    // What the plan is made of, as table columns and labels everywhere.
    pub id: &'static str,
    pub party: &'static str,
    pub sec: &'static str,
    pub section: &'static str,
    pub title: &'static str,
    pub measure: &'static str,
    /// How many measures (a column, an axis).
    pub measures: &'static str,
    pub items: &'static str,
    pub sub_item: &'static str,
    pub status: &'static str,
    /// How many notes (a column).
    pub note_count: &'static str,
    /// The notes themselves (a heading, a sheet, a row of `plan show`).
    pub notes: &'static str,
    /// When the latest note was made.
    pub updated: &'static str,
    pub when: &'static str,
    pub key: &'static str,
    pub author: &'static str,
    pub note: &'static str,
    pub links: &'static str,
    /// What became of a note (`plan log --all`, the web log).
    pub state: &'static str,
    pub in_force: &'static str,
    pub amended: &'static str,
    pub withdrawn: &'static str,
    pub retraction: &'static str,
    pub amends: &'static str,
    pub retracts: &'static str,
    /// A status that comes from a note on the measure itself.
    pub set_by_note: &'static str,
    pub no_status: &'static str,
    /// `plan show`'s "(last: …)" after the number of notes.
    pub last: &'static str,
    /// A status rolled up from sub-items: `2 of 4 sub-items done`.
    pub rolled_up: fn(done: usize, total: usize) -> String,

    // Tallies: `plan status`, the report's summary, the dashboard.
    pub percent: &'static str,
    pub progress: &'static str,
    pub total: &'static str,
    /// The row of every party together.
    pub all_parties: &'static str,
    /// `plan status`'s narrow columns: measures, done, active, planned,
    /// blocked, dropped, progress, updated.
    pub short: Short,

    // The report.
    pub plan: &'static str,
    pub fiscal_year: &'static str,
    pub as_of: &'static str,
    pub generated: &'static str,
    pub summary: &'static str,
    pub legend: &'static str,
    pub legend_note: &'static str,
    pub latest_result: &'static str,
    pub no_measures: &'static str,
    pub no_notes: &'static str,
    pub chart_completion: &'static str,
    pub chart_timeline: &'static str,
    pub done_cumulative: &'static str,
    pub month: &'static str,
    pub summary_sheet: &'static str,
    pub measures_sheet: &'static str,
    pub notes_sheet: &'static str,

    // The years (`plan history`, the measure page, the report's last year).
    /// The short column of a fiscal year (`FY`, 年度).
    pub fy: &'static str,
    /// How a measure changed from the year before.
    pub change: &'static str,
    pub same: &'static str,
    pub renumbered: &'static str,
    pub reworded: &'static str,
    pub new_measure: &'static str,
    /// The measure page's section of the years before.
    pub years: &'static str,
    /// Where a measure stood at the end of the year before (the report).
    pub last_year: &'static str,

    // `plan config`.
    pub setting: &'static str,
    pub value: &'static str,
    pub source: &'static str,
    pub found: &'static str,
    pub not_found: &'static str,

    // The terminal's line labels (`error: …`, rustc-style).
    pub error_label: &'static str,
    pub warning_label: &'static str,
    pub help_label: &'static str,
    pub note_label: &'static str,

    // The web pages.
    pub lang_name: &'static str,
    pub other_lang: &'static str,
    pub dashboard: &'static str,
    /// The page of every measure.
    pub measure_list: &'static str,
    pub log: &'static str,
    pub contents: &'static str,
    pub recent_notes: &'static str,
    pub stale: &'static str,
    pub all_notes: &'static str,
    pub none: &'static str,
    pub downloads: &'static str,
    pub report_html: &'static str,
    pub report_md: &'static str,
    pub report_xlsx: &'static str,
    /// The filter choice of every party.
    pub any_party: &'static str,
    pub any_status: &'static str,
    pub text: &'static str,
    pub stale_days: &'static str,
    pub since: &'static str,
    pub until: &'static str,
    pub scope: &'static str,
    pub with_corrections: &'static str,
    pub filter: &'static str,
    pub clear: &'static str,
    pub history: &'static str,
    pub record: &'static str,
    pub on: &'static str,
    pub what_was_done: &'static str,
    pub no_change: &'static str,
    pub at: &'static str,
    pub at_hint: &'static str,
    pub allow_future: &'static str,
    pub outside_year: &'static str,
    pub recorded_by: &'static str,
    pub links_hint: &'static str,
    pub save: &'static str,
    pub amend: &'static str,
    pub amend_hint: &'static str,
    pub move_to: &'static str,
    pub save_amendment: &'static str,
    pub retract: &'static str,
    pub reason: &'static str,
    pub save_retraction: &'static str,
    pub saved: &'static str,
    pub read_only: &'static str,
    pub login: &'static str,
    pub login_name: &'static str,
    pub password: &'static str,
    pub log_out: &'static str,
    pub signed_in_as: &'static str,
    pub login_hint: &'static str,
    pub login_failed: &'static str,
    pub login_locked: &'static str,
    pub logged_out: &'static str,
    pub login_sso: &'static str,
    pub broken: &'static str,
    pub broken_help: &'static str,
    pub error: &'static str,
    pub help: &'static str,
    pub back: &'static str,
    pub bad_request: &'static str,
    pub forbidden: &'static str,
    pub not_found_page: &'static str,
    pub method_not_allowed: &'static str,
    pub not_a_form: &'static str,

    /// A month as a chart's axis label: `4月`, `Apr`.
    pub month_short: fn(NaiveDate) -> String,
    /// A month in full, for tables: `2021年4月`, `Apr 2021`.
    pub month_long: fn(NaiveDate) -> String,
}

/// The narrow headers of `plan status`'s table.
#[derive(Debug)]
pub struct Short {
    pub measures: &'static str,
    pub done: &'static str,
    pub active: &'static str,
    pub planned: &'static str,
    pub blocked: &'static str,
    pub dropped: &'static str,
    pub progress: &'static str,
    pub updated: &'static str,
}

/// The words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ja => &ja::WORDS,
        Lang::En => &en::WORDS,
    }
}

/// One word in both languages (a table header that keeps both until it is
/// shown): `both(|w| w.id)`.
pub fn both(word: fn(&'static Words) -> &'static str) -> Text {
    Text::new(word(&en::WORDS), word(&ja::WORDS))
}

/// A month as a chart's axis label: `4月`, `Apr`.
pub fn month_short(month: NaiveDate, lang: Lang) -> String {
    (words(lang).month_short)(month)
}

/// A month in full, for tables: `2021年4月`, `Apr 2021`.
pub fn month_long(month: NaiveDate, lang: Lang) -> String {
    (words(lang).month_long)(month)
}

fn ja_month_short(month: NaiveDate) -> String {
    format!("{}月", month.month())
}

fn ja_month_long(month: NaiveDate) -> String {
    format!("{}年{}月", month.year(), month.month())
}

fn en_month_short(month: NaiveDate) -> String {
    month.format("%b").to_string()
}

fn en_month_long(month: NaiveDate) -> String {
    month.format("%b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_as_each_language_writes_them() {
        let april = NaiveDate::from_ymd_opt(2021, 4, 1).unwrap();
        assert_eq!(month_short(april, Lang::Ja), "4月");
        assert_eq!(month_long(april, Lang::Ja), "2021年4月");
        assert_eq!(month_short(april, Lang::En), "Apr");
        assert_eq!(month_long(april, Lang::En), "Apr 2021");
    }

    #[test]
    fn a_rolled_up_status_says_how_many_sub_items_are_done() {
        assert_eq!((words(Lang::En).rolled_up)(2, 4), "2 of 4 sub-items done");
        assert_eq!((words(Lang::Ja).rolled_up)(2, 4), "小項目4件中2件が実施済");
    }

    #[test]
    fn one_thing_has_one_name_in_the_table_the_report_and_the_web() {
        // Issue 19: 小項目 was "Items" on the web and "Sub-items" in the report.
        assert_eq!(both(|w| w.items), Text::new("Sub-items", "小項目"));
    }
}
