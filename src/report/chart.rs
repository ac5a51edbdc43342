//! The report's charts as inline SVG: pure functions from numbers to markup,
//! so a page embeds them without scripts or network, a printout keeps them
//! sharp, and a web view can reuse them.
//!
//! Every status is told apart by texture as well as colour (see [`look`]),
//! and every value is also written as a number, so the charts survive
//! black-and-white printing.

use std::fmt::Write as _;

use chrono::{Datelike, Months, NaiveDate};

use crate::i18n::Lang;
use crate::model::date::fiscal_year_bounds;
use crate::model::note::Status;
use crate::report::data::{MonthPoint, SummaryRow};
use crate::report::escape::xml;
use crate::report::look::{self, ORDER};
use crate::words::{month_short, words};

/// The font stack of every report: Japanese system fonts, no web fonts.
pub const FONTS: &str = r#""Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif"#;

/// The width of every chart's coordinate system (it scales to its box).
const WIDTH: f64 = 720.0;

/// One stacked bar of the completion chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// What the bar counts: `3 スムーズビズの推進…`, or the total.
    pub label: String,
    /// Whose measures they are (`都`, `東商`, `計`): always shown in full,
    /// so two parties' bars of a long section title stay apart.
    pub party: String,
    /// Measures in each status, in [`look::ORDER`].
    pub counts: [usize; 5],
    /// The percent written beside the bar.
    pub percent: u32,
}

impl Bar {
    /// The bar of one summary row.
    pub fn new(label: String, party: String, row: &SummaryRow) -> Bar {
        Bar {
            label,
            party,
            counts: ORDER.map(|s| row.count(s)),
            percent: row.counts.percent,
        }
    }
}

impl Bar {
    /// The label in full: `3 スムーズビズの推進（…） · 都`.
    pub fn full_label(&self) -> String {
        format!("{} · {}", self.label, self.party)
    }

    /// The label as the chart has room for (42 columns): the title is cut,
    /// never the party after it.
    pub fn short_label(&self) -> String {
        let tail = format!(" · {}", self.party);
        let room = LABEL_COLUMNS.saturating_sub(crate::text::width(&tail));
        format!("{}{tail}", crate::text::truncate(&self.label, room))
    }
}

/// How many columns a bar's label may take beside its bar.
const LABEL_COLUMNS: usize = 42;

/// A horizontal bar per row, stacked by status, with its percent at the end.
pub fn completion_bars(bars: &[Bar], lang: Lang) -> String {
    const LABEL: f64 = 250.0;
    const PERCENT: f64 = 52.0;
    const ROW: f64 = 22.0;
    const BAR: f64 = 14.0;
    const PAD: f64 = 6.0;
    let track = WIDTH - LABEL - PERCENT;
    let height = PAD * 2.0 + ROW * bars.len().max(1) as f64;
    let w = words(lang);
    let mut svg = open(height, w.chart_completion, Some("cb"));
    if bars.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            WIDTH / 2.0,
            PAD + ROW / 2.0 + 4.0,
            xml(w.no_measures)
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let top = PAD + ROW * i as f64;
        let middle = top + ROW / 2.0;
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11">{}</text>"#,
            LABEL - 8.0,
            middle + 4.0,
            xml(&bar.short_label())
        );
        let total = bar.counts.iter().fold(0usize, |a, &n| a.saturating_add(n));
        let bar_top = middle - BAR / 2.0;
        if total == 0 {
            let _ = write!(
                svg,
                r##"<rect x="{LABEL:.1}" y="{bar_top:.1}" width="{track:.1}" height="{BAR:.1}" fill="none" stroke="#999" stroke-dasharray="3 2"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"##,
                LABEL + 6.0,
                middle + 4.0,
                xml(w.no_measures)
            );
            continue;
        }
        let mut x = LABEL;
        for (status, &n) in ORDER.iter().zip(&bar.counts) {
            if n == 0 {
                continue;
            }
            let width = track * n as f64 / total as f64;
            let _ = write!(
                svg,
                r##"<rect x="{x:.1}" y="{bar_top:.1}" width="{width:.1}" height="{BAR:.1}" fill="url(#cb-{})" stroke="#333" stroke-width="0.6"><title>{} {} {n}</title></rect>"##,
                status.key(),
                xml(&bar.full_label()),
                status.label(lang),
            );
            x += width;
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" font-weight="bold">{}%</text>"#,
            LABEL + track + 6.0,
            middle + 4.0,
            bar.percent
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Measures done (cumulative) and active at the end of each month, on an axis
/// of the whole fiscal year (April to March) so the line stops at today.
pub fn progress_line(points: &[MonthPoint], fiscal_year: i32, lang: Lang) -> String {
    const HEIGHT: f64 = 250.0;
    const LEFT: f64 = 44.0;
    const RIGHT: f64 = WIDTH - 70.0;
    const TOP: f64 = 34.0;
    const BOTTOM: f64 = HEIGHT - 30.0;
    let w = words(lang);
    let slot = (RIGHT - LEFT) / 12.0;
    let (april, _) = fiscal_year_bounds(fiscal_year);
    // Points inside the fiscal year, by month slot (0 = April).
    let mut placed: Vec<(usize, &MonthPoint)> = points
        .iter()
        .filter_map(|p| month_slot(april, p.month).map(|i| (i, p)))
        .collect();
    placed.sort_by_key(|(i, _)| *i);
    let top_value = placed
        .iter()
        .map(|(_, p)| p.measures.max(p.done).max(p.active))
        .max()
        .unwrap_or(0);
    let (step, max) = scale(top_value);
    let x = |slot_index: usize| LEFT + slot * (slot_index as f64 + 0.5);
    let y = |v: usize| BOTTOM - (BOTTOM - TOP) * v as f64 / max as f64;

    let mut svg = open(HEIGHT, w.chart_timeline, None);
    // Grid and axes.
    let mut next_tick = Some(0);
    while let Some(tick) = next_tick.filter(|&t| t <= max) {
        let _ = write!(
            svg,
            r##"<line x1="{LEFT:.1}" x2="{RIGHT:.1}" y1="{0:.1}" y2="{0:.1}" stroke="#ddd"/><text x="{1:.1}" y="{2:.1}" text-anchor="end" font-size="10">{tick}</text>"##,
            y(tick),
            LEFT - 6.0,
            y(tick) + 3.5
        );
        next_tick = tick.checked_add(step);
    }
    for i in 0..12 {
        let month = april
            .checked_add_months(Months::new(i as u32))
            .unwrap_or(april);
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="10">{}</text>"#,
            x(i),
            BOTTOM + 16.0,
            xml(&month_short(month, lang))
        );
    }
    let _ = write!(
        svg,
        r##"<line x1="{LEFT:.1}" x2="{RIGHT:.1}" y1="{BOTTOM:.1}" y2="{BOTTOM:.1}" stroke="#333"/>"##
    );
    if placed.is_empty() {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13">{}</text>"#,
            (LEFT + RIGHT) / 2.0,
            (TOP + BOTTOM) / 2.0,
            xml(w.no_notes)
        );
    }
    // Legend: a sample of each line's stroke and marker.
    let series = [
        (w.done_cumulative.to_string(), Line::Done),
        (Status::Active.label(lang).to_string(), Line::Active),
        (w.measures.to_string(), Line::Measures),
    ];
    let mut lx = LEFT;
    for (name, line) in &series {
        let _ = write!(
            svg,
            r#"<line x1="{lx:.1}" x2="{:.1}" y1="12" y2="12" {}/>{}<text x="{:.1}" y="16" font-size="11">{}</text>"#,
            lx + 26.0,
            line.stroke(),
            line.marker(lx + 13.0, 12.0),
            lx + 32.0,
            xml(name)
        );
        lx += 40.0 + crate::text::width(name) as f64 * 5.5 + 16.0;
    }
    // The three lines, measures (the ceiling) first so the others draw over it.
    let lines = if placed.is_empty() {
        &[][..]
    } else {
        &[Line::Measures, Line::Active, Line::Done][..]
    };
    for &line in lines {
        let coords: Vec<(f64, f64, usize)> = placed
            .iter()
            .map(|(i, p)| {
                let v = line.value(p);
                (x(*i), y(v), v)
            })
            .collect();
        let path: Vec<String> = coords
            .iter()
            .map(|(px, py, _)| format!("{px:.1},{py:.1}"))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline points="{}" fill="none" {}/>"#,
            path.join(" "),
            line.stroke()
        );
        for (px, py, v) in &coords {
            svg.push_str(&line.marker(*px, *py));
            if line == Line::Done {
                let _ = write!(
                    svg,
                    r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle" font-size="10" font-weight="bold">{v}</text>"#,
                    py - 7.0
                );
            }
        }
        if let (Line::Measures, Some((px, py, v))) = (line, coords.last()) {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="10">{} {v}</text>"#,
                px + 8.0,
                py + 3.5,
                xml(w.measures)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A small square filled like a status's bars, for legends.
pub fn swatch(status: Status) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true"><defs>{}</defs><rect x="0.5" y="0.5" width="13" height="13" fill="url(#sw-{})" stroke="#333"/></svg>"##,
        look::pattern(status, "sw"),
        status.key()
    )
}

/// The three lines of the progress chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Done,
    Active,
    Measures,
}

impl Line {
    fn value(self, p: &MonthPoint) -> usize {
        match self {
            Line::Done => p.done,
            Line::Active => p.active,
            Line::Measures => p.measures,
        }
    }

    /// Solid, dashed or dotted, so the lines differ without colour.
    fn stroke(self) -> String {
        match self {
            Line::Done => format!(
                r#"stroke="{}" stroke-width="2.5""#,
                look::colour(Status::Done)
            ),
            Line::Active => r##"stroke="#a87800" stroke-width="2" stroke-dasharray="6 3""##.into(),
            Line::Measures => r##"stroke="#777" stroke-width="1.2" stroke-dasharray="2 3""##.into(),
        }
    }

    /// A filled circle, an open square, or none.
    fn marker(self, x: f64, y: f64) -> String {
        match self {
            Line::Done => format!(
                r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{}"/>"#,
                look::colour(Status::Done)
            ),
            Line::Active => format!(
                r##"<rect x="{:.1}" y="{:.1}" width="7" height="7" fill="#fff" stroke="#a87800" stroke-width="1.5"/>"##,
                x - 3.5,
                y - 3.5
            ),
            Line::Measures => String::new(),
        }
    }
}

/// The opening of a chart: the root element with its accessible title, the
/// font stack, and the status patterns under ids `{prefix}-{status}` if the
/// chart fills with them.
fn open(height: f64, title: &str, patterns: Option<&str>) -> String {
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH:.0} {height:.0}" role="img" font-family='{FONTS}' font-size="12"><title>{}</title>"#,
        xml(title)
    );
    if let Some(prefix) = patterns {
        svg.push_str("<defs>");
        for status in ORDER {
            svg.push_str(&look::pattern(status, prefix));
        }
        svg.push_str("</defs>");
    }
    svg
}

/// The month's place on the fiscal year's axis (0 = April), if inside it.
fn month_slot(april: NaiveDate, month: NaiveDate) -> Option<usize> {
    let months = (month.year() - april.year()) * 12 + month.month() as i32 - 4;
    usize::try_from(months).ok().filter(|&m| m < 12)
}

/// A tick step and the axis maximum (a multiple of it) for values up to `top`:
/// at most five steps of 1, 2 or 5 × 10ⁿ.
fn scale(top: usize) -> (usize, usize) {
    let top = top.max(1);
    let mut unit = 1usize;
    while let Some(next) = unit.checked_mul(10) {
        for step in [Some(unit), unit.checked_mul(2), unit.checked_mul(5)]
            .into_iter()
            .flatten()
        {
            let steps = top.div_ceil(step);
            if let Some(max) = steps.checked_mul(step).filter(|_| steps <= 5) {
                return (step, max);
            }
        }
        unit = next;
    }
    (top, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_picks_round_steps_and_never_zero() {
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(4), (1, 4));
        assert_eq!(scale(7), (2, 8));
        assert_eq!(scale(51), (20, 60));
        assert!(scale(usize::MAX).0 > 0);
    }

    #[test]
    fn month_slot_places_only_months_of_the_fiscal_year() {
        let april = NaiveDate::from_ymd_opt(2021, 4, 1).unwrap();
        let day = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        assert_eq!(month_slot(april, day(2021, 4)), Some(0));
        assert_eq!(month_slot(april, day(2022, 3)), Some(11));
        assert_eq!(month_slot(april, day(2022, 4)), None);
        assert_eq!(month_slot(april, day(2021, 3)), None);
    }

    #[test]
    fn bars_are_as_wide_as_their_share_and_labelled_with_the_percent() {
        let bar = Bar {
            label: "2 テレワーク".into(),
            party: "<都>".into(),
            counts: [1, 1, 2, 0, 0],
            percent: 25,
        };
        let svg = completion_bars(&[bar], Lang::Ja);
        // The track is 418 wide: a quarter, a quarter and a half of it.
        assert!(
            svg.contains(r#"width="104.5" height="14.0" fill="url(#cb-done)""#),
            "{svg}"
        );
        assert!(svg.contains(r#"width="104.5" height="14.0" fill="url(#cb-active)""#));
        assert!(svg.contains(r#"width="209.0" height="14.0" fill="url(#cb-planned)""#));
        assert!(!svg.contains("url(#cb-blocked)\""));
        assert!(svg.contains(">25%</text>"));
        assert!(svg.contains("2 テレワーク · &lt;都&gt;"));
        assert!(!svg.contains("<都>"));
    }

    #[test]
    fn a_long_title_is_cut_before_the_party_never_the_party() {
        let title =
            "3 スムーズビズの推進（交通需要マネジメント（ＴＤＭ）・テレワーク・時差Ｂｉｚ）";
        let bars: Vec<Bar> = ["都", "東商"]
            .map(|p| Bar {
                label: title.into(),
                party: p.into(),
                counts: [1, 0, 0, 0, 0],
                percent: 100,
            })
            .into();
        let svg = completion_bars(&bars, Lang::Ja);
        let labels: Vec<&str> = svg
            .split(r#"text-anchor="end" font-size="11">"#)
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .collect();
        assert_eq!(labels.len(), 2, "{svg}");
        assert!(labels[0].ends_with("… · 都"), "{labels:?}");
        assert!(labels[1].ends_with("… · 東商"), "{labels:?}");
        for l in &labels {
            assert!(crate::text::width(l) <= LABEL_COLUMNS, "{l}");
            assert!(l.starts_with("3 スムーズビズの推進"), "{l}");
        }
        // The tooltip keeps the whole title.
        assert!(svg.contains(&format!(
            "<title>{} · 東商 ",
            crate::report::escape::xml(title)
        )));
    }

    #[test]
    fn an_empty_bar_or_timeline_draws_without_dividing_by_zero() {
        let empty = Bar {
            label: "1".into(),
            party: "都".into(),
            counts: [0; 5],
            percent: 0,
        };
        let svg = completion_bars(&[empty], Lang::En);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(svg.contains("no measures"));
        let line = progress_line(&[], 2021, Lang::En);
        assert!(line.contains("No notes yet"));
        assert!(!line.contains("NaN") && !line.contains("inf"));
        assert!(!line.contains("<polyline"));
    }

    #[test]
    fn the_progress_line_runs_through_each_month_up_to_the_last_point() {
        let point = |m, done| MonthPoint {
            month: NaiveDate::from_ymd_opt(2021, m, 1).unwrap(),
            done,
            active: 1,
            measures: 10,
        };
        let svg = progress_line(&[point(5, 2), point(4, 0), point(6, 5)], 2021, Lang::Ja);
        // Three done markers, in month order, each labelled with its count.
        assert_eq!(
            svg.matches(r#"r="3.5""#).count(),
            4,
            "three points and the legend: {svg}"
        );
        let labels: Vec<&str> = svg
            .split(r#"font-weight="bold">"#)
            .skip(1)
            .filter_map(|s| s.split('<').next())
            .collect();
        assert_eq!(labels, ["0", "2", "5"]);
        for m in ["4月", "9月", "3月"] {
            assert!(svg.contains(&format!(">{m}</text>")), "{m}");
        }
        assert!(!svg.contains("まだ記録がありません"));
    }
}
