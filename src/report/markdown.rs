//! The report as Markdown, for an issue, a merge request or a wiki page:
//! GitHub and GitLab render it as written, and every piece of data in it
//! shows as text (see [`escape::markdown`]).

use std::fmt::Write as _;

use crate::model::note::Status;
use crate::report::data::{NotesMode, Report, ReportMeasure, ReportNote, SummaryRow};
use crate::report::escape::{self, markdown as md};
use crate::report::look::{ORDER, symbol};
use crate::words::{Words, month_long, words};

/// The whole report: heading lines, the summary table (one row per section
/// and party, then the totals), the months so far, then each section's
/// measures per party.
pub fn render(report: &Report) -> String {
    let w = words(report.lang);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(&report.title));
    let _ = writeln!(out, "- **{}**: {}", w.plan, md(&report.plan_title));
    let _ = writeln!(
        out,
        "- **{}**: {}",
        w.fiscal_year,
        md(&report.fiscal_year_label)
    );
    let _ = writeln!(out, "- **{}**: {}", w.as_of, report.day(report.as_of));
    let _ = writeln!(out, "- **{}**: {}\n", w.generated, report.generated());

    let _ = writeln!(out, "## {}\n", w.summary);
    let legend: Vec<String> = ORDER.iter().map(|&s| status(s, report)).collect();
    let _ = writeln!(out, "{}: {}\n", w.legend, legend.join(" · "));
    let _ = writeln!(out, "{}\n", md(w.legend_note));
    summary(report, w, &mut out);

    if !report.timeline.is_empty() {
        let _ = writeln!(out, "## {}\n", w.chart_timeline);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |\n| --- | ---: | ---: | ---: |",
            w.month,
            w.done_cumulative,
            Status::Active.label(report.lang),
            w.measures
        );
        for p in &report.timeline {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                month_long(p.month, report.lang),
                p.done,
                p.active,
                p.measures
            );
        }
        out.push('\n');
    }

    for section in &report.sections {
        let _ = writeln!(out, "## {} {}\n", section.number, md(&section.title));
        for party in &section.parties {
            let _ = writeln!(out, "### {}\n", md(&party.heading));
            if party.measures.is_empty() {
                let _ = writeln!(out, "{}\n", w.no_measures);
                continue;
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |\n| --- | --- | --- | --- | --- | ---: |",
                w.id, w.measure, w.status, w.updated, w.latest_result, w.note_count
            );
            for m in &party.measures {
                measure_row(m, report, &mut out);
            }
            out.push('\n');
            if report.notes_mode == NotesMode::All {
                notes(&party.measures, report, w, &mut out);
            }
        }
    }
    out
}

/// The summary table: a row per section and party, then each party's total,
/// then the total of all parties.
fn summary(report: &Report, w: &Words, out: &mut String) {
    let statuses: Vec<String> = ORDER.iter().map(|&s| status(s, report)).collect();
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n| ---: | --- | --- | ---: |{} ---: | ---: |",
        w.sec,
        w.title,
        w.party,
        w.measures,
        statuses.join(" | "),
        w.percent,
        w.progress,
        " ---: |".repeat(ORDER.len())
    );
    for row in &report.summary {
        let counts: Vec<String> = ORDER.iter().map(|&s| row.count(s).to_string()).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {}% | {}% |",
            row.section.map(|n| n.to_string()).unwrap_or_default(),
            title(row, w),
            party_name(row, report, w),
            row.counts.measures,
            counts.join(" | "),
            row.counts.percent,
            row.counts.progress
        );
    }
    out.push('\n');
}

/// One measure as a table row: its text with the sub-items under it, its
/// status (and why), last note, latest result and note count.
fn measure_row(m: &ReportMeasure, report: &Report, out: &mut String) {
    let mut text = format!("{}　{}", md(&m.label), md(&m.text));
    for item in &m.items {
        let _ = write!(
            text,
            "<br>・{}（{}）",
            md(&item.text),
            status(item.status, report)
        );
    }
    let mut state = status(m.status, report);
    if let Some(origin) = &m.status_origin {
        let _ = write!(state, "<br>{}", md(origin));
    }
    if let Some(last) = &m.last_year {
        let w = crate::words::words(report.lang);
        let id = report.lang.paren(&md(&last.id));
        let _ = write!(
            state,
            "<br>{}: {}{id}",
            w.last_year,
            status(last.status, report)
        );
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |",
        md(&m.id),
        text,
        state,
        report.day_or_dash(m.last_note),
        m.latest_result
            .as_deref()
            .map(md)
            .unwrap_or_else(|| "-".into()),
        m.note_count
    );
}

/// Every note of the party's measures, per measure, oldest first.
fn notes(measures: &[ReportMeasure], report: &Report, w: &Words, out: &mut String) {
    let with_notes: Vec<&ReportMeasure> = measures.iter().filter(|m| !m.notes.is_empty()).collect();
    if with_notes.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}:\n", w.notes);
    for m in with_notes {
        let _ = writeln!(out, "- **{}**", md(&m.id));
        for n in &m.notes {
            let _ = writeln!(out, "  - {}", note(n, report));
        }
    }
    out.push('\n');
}

/// `2021-06-15 10:00 · 山田 · ◐ 実施中: text (links)`, with the sub-item's
/// ID after the author for a note on a sub-item.
fn note(n: &ReportNote, report: &Report) -> String {
    let mut line = format!("{} · {}", md(&n.at), md(&n.author));
    if let Some(item) = &n.item {
        let _ = write!(line, " · {}", md(item));
    }
    if let Some(s) = n.status {
        let _ = write!(line, " · {}", status(s, report));
    }
    if !n.text.is_empty() {
        let _ = write!(line, ": {}", md(&n.text));
    }
    for link in &n.links {
        match escape::web_link(link) {
            Some(url) => {
                let _ = write!(line, " [{}]({url})", md(link));
            }
            None => {
                let _ = write!(line, " ({})", md(link));
            }
        }
    }
    line
}

/// `● 実施済`: the symbol carries the status without colour.
fn status(s: Status, report: &Report) -> String {
    format!("{} {}", symbol(s), s.label(report.lang))
}

fn title(row: &SummaryRow, w: &Words) -> String {
    match (&row.section, &row.title) {
        (None, _) => format!("**{}**", w.total),
        (Some(_), Some(t)) => md(t),
        (Some(_), None) => String::new(),
    }
}

/// The party's name, or `計`/`All` for the all-party rows.
fn party_name(row: &SummaryRow, report: &Report, w: &Words) -> String {
    match &row.party {
        None => w.all_parties.to_string(),
        Some(key) => md(report.party(key).map_or(key.as_str(), |p| p.name.as_str())),
    }
}
