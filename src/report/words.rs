//! The report's own words (headings, column names, legend) in both UI
//! languages, in one place so the Markdown, HTML and Excel reports agree.

use chrono::{Datelike, NaiveDate};

use crate::i18n::Lang;

/// Every fixed word a report prints, in one language.
#[derive(Debug)]
pub struct Words {
    pub plan: &'static str,
    pub fiscal_year: &'static str,
    pub as_of: &'static str,
    pub generated: &'static str,
    pub summary: &'static str,
    pub legend: &'static str,
    pub section: &'static str,
    pub title: &'static str,
    pub party: &'static str,
    pub measures: &'static str,
    pub percent: &'static str,
    pub progress: &'static str,
    pub total: &'static str,
    pub all_parties: &'static str,
    pub id: &'static str,
    pub measure: &'static str,
    pub items: &'static str,
    pub status: &'static str,
    pub last_note: &'static str,
    pub latest_result: &'static str,
    pub note_count: &'static str,
    pub notes: &'static str,
    pub when: &'static str,
    pub author: &'static str,
    pub note: &'static str,
    pub links: &'static str,
    pub no_measures: &'static str,
    pub no_notes: &'static str,
    pub chart_completion: &'static str,
    pub chart_timeline: &'static str,
    pub done_cumulative: &'static str,
    pub month: &'static str,
    pub summary_sheet: &'static str,
    pub measures_sheet: &'static str,
    pub notes_sheet: &'static str,
    pub legend_note: &'static str,
}

const JA: Words = Words {
    plan: "計画",
    fiscal_year: "年度",
    as_of: "基準日",
    generated: "作成日時",
    summary: "概要",
    legend: "凡例",
    section: "節",
    title: "節名",
    party: "主体",
    measures: "取組数",
    percent: "達成率",
    progress: "進捗率",
    total: "合計",
    all_parties: "計",
    id: "番号",
    measure: "取組",
    items: "小項目",
    status: "状況",
    last_note: "最終記録",
    latest_result: "最新の結果",
    note_count: "件数",
    notes: "記録",
    when: "日時",
    author: "記録者",
    note: "内容",
    links: "リンク",
    no_measures: "取組なし",
    no_notes: "まだ記録がありません",
    chart_completion: "節・主体別の達成状況",
    chart_timeline: "月別の推移",
    done_cumulative: "実施済（累計）",
    month: "月",
    summary_sheet: "概要",
    measures_sheet: "取組",
    notes_sheet: "記録",
    legend_note: "達成率＝実施済÷（取組数−中止）、進捗率＝小項目を加味した進み具合（中止以外の取組の実施済の割合の平均）",
};

const EN: Words = Words {
    plan: "Plan",
    fiscal_year: "Fiscal year",
    as_of: "As of",
    generated: "Generated",
    summary: "Summary",
    legend: "Legend",
    section: "Sec",
    title: "Title",
    party: "Party",
    measures: "Measures",
    percent: "Done%",
    progress: "Progress%",
    total: "Total",
    all_parties: "All",
    id: "ID",
    measure: "Measure",
    items: "Sub-items",
    status: "Status",
    last_note: "Last note",
    latest_result: "Latest result",
    note_count: "Notes",
    notes: "Notes",
    when: "When",
    author: "Author",
    note: "Note",
    links: "Links",
    no_measures: "no measures",
    no_notes: "No notes yet",
    chart_completion: "Completion by section and party",
    chart_timeline: "Progress over the fiscal year",
    done_cumulative: "done (cumulative)",
    month: "Month",
    summary_sheet: "Summary",
    measures_sheet: "Measures",
    notes_sheet: "Notes",
    legend_note: "Done% = done ÷ (measures − dropped); Progress% also counts sub-items (the mean share done of the measures not dropped)",
};

/// The report's words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

/// A month as a chart's axis label: `4月`, `Apr`.
pub fn month_short(month: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}月", month.month()),
        Lang::En => month.format("%b").to_string(),
    }
}

/// A month in full, for tables: `2021年4月`, `Apr 2021`.
pub fn month_long(month: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!("{}年{}月", month.year(), month.month()),
        Lang::En => month.format("%b %Y").to_string(),
    }
}
