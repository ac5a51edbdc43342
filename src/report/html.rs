//! The report as one self-contained HTML page: inline CSS and SVG, no
//! scripts, no network, laid out to print on A4 portrait (a page per
//! section, table headers repeated on every page).
//!
//! The layout lives in askama templates under `templates/report/` (a base
//! and partials: legend, summary, charts, section), compiled into the
//! binary and escaped automatically. Another page (a web view) includes
//! the same partials from a template struct that dereferences to [`Page`].

use askama::Template;
use chrono::NaiveDate;

use crate::model::note::Status;
use crate::report::chart::{self, Bar, FONTS};
use crate::report::data::{Report, ReportMeasure, SummaryRow};
use crate::report::escape;
use crate::report::look::{self, ORDER};
use crate::words::{Words, words};

/// The whole report as an HTML document.
pub fn render(report: &Report) -> String {
    let page = Page {
        r: report,
        w: words(report.lang),
        fonts: FONTS,
    };
    match page.render() {
        Ok(html) => html,
        // Rendering writes into a String and our values never fail to
        // format, so this is unreachable; still, never panic on data.
        Err(e) => format!(
            "<!DOCTYPE html><meta charset=\"utf-8\"><title>report</title><p>{}</p>",
            escape::xml(&e.to_string())
        ),
    }
}

/// What the templates see: the report, its words, and the helpers below.
#[derive(Template)]
#[template(path = "report/page.html")]
pub struct Page<'a> {
    pub r: &'a Report,
    pub w: &'static Words,
    pub fonts: &'static str,
}

impl Page<'_> {
    /// The statuses in legend and column order.
    pub fn statuses(&self) -> [Status; 5] {
        ORDER
    }

    pub fn symbol(&self, s: &Status) -> &'static str {
        look::symbol(*s)
    }

    /// The status's name in the report's language.
    pub fn label(&self, s: &Status) -> &'static str {
        s.label(self.r.lang)
    }

    pub fn count(&self, row: &SummaryRow, s: &Status) -> usize {
        row.count(*s)
    }

    pub fn swatch(&self, s: &Status) -> String {
        chart::swatch(*s)
    }

    /// A summary row's party name, or `計`/`All` for both parties.
    pub fn party_name(&self, row: &SummaryRow) -> String {
        match &row.party {
            None => self.w.all_parties.to_string(),
            Some(key) => self.r.party(key).map_or(key.clone(), |p| p.name.clone()),
        }
    }

    pub fn date(&self, day: &Option<NaiveDate>) -> String {
        self.r.day_or_dash(*day)
    }

    /// The latest result, unless the notes shown below already hold it.
    pub fn result<'m>(&self, m: &'m ReportMeasure) -> Option<&'m str> {
        let result = m.latest_result.as_deref()?;
        let in_notes = m.notes.iter().any(|n| n.text == result);
        (!in_notes).then_some(result)
    }

    pub fn web_link<'l>(&self, link: &'l str) -> Option<&'l str> {
        escape::web_link(link)
    }

    /// A bar per summary row: `2 テレワークの推進 · 都`, `合計 · 計`.
    pub fn completion_chart(&self) -> String {
        let bars: Vec<Bar> = self
            .r
            .summary
            .iter()
            .map(|row| {
                let party = match &row.party {
                    None => self.w.all_parties.to_string(),
                    Some(key) => self.r.party(key).map_or(key.clone(), |p| p.short.clone()),
                };
                let head = match (row.section, &row.title) {
                    (Some(n), Some(t)) => format!("{n} {t}"),
                    (Some(n), None) => n.to_string(),
                    (None, _) => self.w.total.to_string(),
                };
                Bar::new(head, party, row)
            })
            .collect();
        chart::completion_bars(&bars, self.r.lang)
    }

    pub fn progress_chart(&self) -> String {
        chart::progress_line(&self.r.timeline, self.r.fiscal_year, self.r.lang)
    }
}

/// Filters the templates use on every piece of data (the web view's too).
pub mod filters {
    /// Control characters made visible ([`crate::report::escape::clean`]);
    /// askama then escapes the HTML.
    #[askama::filter_fn]
    pub fn clean(value: impl std::fmt::Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(crate::report::escape::clean(&value.to_string()).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use std::ops::Deref;

    use askama::Template;

    use super::*;
    use crate::i18n::Lang;
    use crate::report::data::NotesMode;

    /// A page of some other view that shows the summary and the charts.
    #[derive(Template)]
    #[template(
        source = r#"<main>{% include "report/summary.html" %}{% include "report/charts.html" %}</main>"#,
        ext = "html"
    )]
    struct Embedding<'a> {
        page: Page<'a>,
    }

    impl<'a> Deref for Embedding<'a> {
        type Target = Page<'a>;
        fn deref(&self) -> &Page<'a> {
            &self.page
        }
    }

    #[test]
    fn another_page_can_include_the_summary_and_charts() {
        let report = Report {
            lang: Lang::En,
            title: "t".into(),
            plan_title: "p".into(),
            fiscal_year: 2021,
            fiscal_year_label: "FY2021".into(),
            as_of: NaiveDate::from_ymd_opt(2021, 4, 1).unwrap_or_default(),
            generated_at: chrono::DateTime::default(),
            date_style: Default::default(),
            parties: Vec::new(),
            summary: vec![SummaryRow {
                section: None,
                title: None,
                party: None,
                counts: Default::default(),
            }],
            sections: Vec::new(),
            timeline: Vec::new(),
            notes_mode: NotesMode::Latest,
            last_year: None,
        };
        let page = Embedding {
            page: Page {
                r: &report,
                w: words(Lang::En),
                fonts: FONTS,
            },
        };
        let html = page.render().expect("rendered");
        assert!(
            html.starts_with(r#"<main><table class="summary">"#),
            "{html}"
        );
        assert!(html.contains(r#"<tr class="total">"#));
        assert!(html.contains("<figcaption>Progress over the fiscal year</figcaption>"));
        assert!(html.trim_end().ends_with("</figure></main>"), "{html}");
    }
}
