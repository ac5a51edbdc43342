//! The report as an Excel workbook, in place of the hand-kept sheet: a
//! summary sheet, a sheet of measures (and, with every note, a sheet of
//! notes), each with a frozen, filtered header row, real numbers and
//! dates, and columns as wide as their Japanese text.

use std::path::Path;

use rust_xlsxwriter::{
    ColNum, DataValidation, Format, FormatAlign, RowNum, Workbook, Worksheet, XlsxError,
};

use crate::model::note::Status;
use crate::report::data::{NotesMode, Report, SummaryRow};
use crate::report::escape::clean;
use crate::report::look::ORDER;
use crate::words::{Words, words};

/// Writes the workbook to `path`.
pub fn write(report: &Report, path: &Path) -> Result<(), XlsxError> {
    workbook(report)?.save(path)
}

/// The workbook as the bytes of an `.xlsx` file.
pub fn to_bytes(report: &Report) -> Result<Vec<u8>, XlsxError> {
    workbook(report)?.save_to_buffer()
}

/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_CELL: usize = 32_767;

/// A4 paper in Excel's numbering.
const A4: u8 = 9;

fn workbook(report: &Report) -> Result<Workbook, XlsxError> {
    let w = words(report.lang);
    let formats = Formats::new();
    let mut book = Workbook::new();
    summary_sheet(report, w, &formats, book.add_worksheet())?;
    measures_sheet(report, w, &formats, book.add_worksheet())?;
    if report.notes_mode == NotesMode::All {
        notes_sheet(report, w, &formats, book.add_worksheet())?;
    }
    Ok(book)
}

/// The cell formats every sheet shares.
struct Formats {
    title: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    percent: Format,
    date: Format,
    /// A note's date and time (a date-only note uses `date`).
    datetime: Format,
    total_text: Format,
    total_number: Format,
    total_percent: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new().set_align(FormatAlign::Top);
        let total = cell.clone().set_bold();
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#E8E8E8"),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap(),
            number: cell.clone(),
            percent: cell.clone().set_num_format("0%"),
            date: cell.clone().set_num_format("yyyy-mm-dd"),
            datetime: cell.set_num_format("yyyy-mm-dd hh:mm"),
            total_text: total.clone(),
            total_number: total.clone(),
            total_percent: total.set_num_format("0%"),
        }
    }
}

/// A worksheet being filled, remembering each column's widest line so the
/// columns can be fitted at the end.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<usize>,
}

impl<'a> Sheet<'a> {
    fn new(ws: &'a mut Worksheet, name: &str) -> Result<Sheet<'a>, XlsxError> {
        ws.set_name(name)?;
        ws.set_paper_size(A4).set_print_fit_to_pages(1, 0);
        Ok(Sheet {
            ws,
            widths: Vec::new(),
        })
    }

    fn measure(&mut self, col: ColNum, width: usize) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0);
        }
        if let Some(w) = self.widths.get_mut(i) {
            *w = (*w).max(width);
        }
    }

    /// Text, cleaned and cut to Excel's limit; widens its column by its
    /// widest line.
    fn text(&mut self, row: RowNum, col: ColNum, s: &str, f: &Format) -> Result<(), XlsxError> {
        let s = cell_text(s);
        let widest = s.lines().map(crate::text::width).max().unwrap_or(0);
        self.measure(col, widest);
        self.ws.write_string_with_format(row, col, s, f)?;
        Ok(())
    }

    /// A landscape sheet that lists one thing a row, under a header at the top.
    fn listing(
        ws: &'a mut Worksheet,
        name: &str,
        names: &[&str],
        rows: usize,
        f: &Format,
    ) -> Result<Sheet<'a>, XlsxError> {
        let mut sheet = Sheet::new(ws, name)?;
        sheet.ws.set_landscape();
        sheet.header(0, names, row_count(rows), f)?;
        Ok(sheet)
    }

    fn number(&mut self, row: RowNum, col: ColNum, n: f64, f: &Format) -> Result<(), XlsxError> {
        self.measure(col, n.to_string().len());
        self.ws.write_number_with_format(row, col, n, f)?;
        Ok(())
    }

    /// The header row at `row`: written, frozen below, filtered over
    /// `last_row`, repeated on printed pages.
    fn header(
        &mut self,
        row: RowNum,
        names: &[&str],
        last_row: RowNum,
        f: &Format,
    ) -> Result<(), XlsxError> {
        for (col, name) in (0..).zip(names) {
            self.text(row, col, name, f)?;
        }
        let last_col = ColNum::try_from(names.len().saturating_sub(1)).unwrap_or(0);
        self.ws.set_freeze_panes(row + 1, 0)?;
        self.ws.autofilter(row, 0, last_row.max(row), last_col)?;
        self.ws.set_repeat_rows(row, row)?;
        Ok(())
    }

    /// Sets each column to its widest line (full-width characters count
    /// two), between 4 and `cap` characters; `caps` holds each column's cap.
    fn fit(&mut self, caps: &[usize]) -> Result<(), XlsxError> {
        for (col, (&width, &cap)) in (0..).zip(self.widths.iter().zip(caps)) {
            let fitted = (width + 2).clamp(4, cap.max(4));
            self.ws.set_column_width(col, fitted as f64)?;
        }
        Ok(())
    }
}

/// The report's heading lines, then a row per section and party and the
/// totals, with counts as numbers and percentages as real percentages.
fn summary_sheet(
    report: &Report,
    w: &Words,
    f: &Formats,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    // The heading lines run across empty cells; they do not widen columns.
    ws.write_string_with_format(0, 0, cell_text(&report.title), &f.title)?;
    let lines = [
        format!("{}: {}", w.plan, report.plan_title),
        format!("{}: {}", w.fiscal_year, report.fiscal_year_label),
        format!("{}: {}", w.as_of, report.day(report.as_of)),
        format!("{}: {}", w.generated, report.generated()),
    ];
    for (row, line) in (1..).zip(&lines) {
        ws.write_string(row, 0, cell_text(line))?;
    }

    let mut sheet = Sheet::new(ws, w.summary_sheet)?;
    const HEADER: RowNum = 6;
    let mut names = vec![w.sec, w.title, w.party, w.measures];
    names.extend(ORDER.iter().map(|s| s.label(report.lang)));
    names.extend([w.percent, w.progress]);
    let last = HEADER + row_count(report.summary.len());
    sheet.header(HEADER, &names, last, &f.header)?;
    for (row, s) in (HEADER + 1..).zip(&report.summary) {
        let total = s.section.is_none();
        let (text, wrap, number, percent) = if total {
            (
                &f.total_text,
                &f.total_text,
                &f.total_number,
                &f.total_percent,
            )
        } else {
            (&f.text, &f.wrap, &f.number, &f.percent)
        };
        if let Some(n) = s.section {
            sheet.number(row, 0, f64::from(n), number)?;
        }
        let title = if total {
            w.total
        } else {
            s.title.as_deref().unwrap_or("")
        };
        sheet.text(row, 1, title, wrap)?;
        sheet.text(row, 2, &party_name(report, s, w), text)?;
        sheet.number(row, 3, s.counts.measures as f64, number)?;
        for (col, status) in (4..).zip(ORDER) {
            sheet.number(row, col, s.count(status) as f64, number)?;
        }
        sheet.number(row, 9, f64::from(s.counts.percent) / 100.0, percent)?;
        sheet.number(row, 10, f64::from(s.counts.progress) / 100.0, percent)?;
    }
    sheet.fit(&[6, 50, 16, 8, 8, 8, 8, 8, 8, 8, 8])
}

/// One row per measure: its ID, place, text, sub-items (one per line, with
/// their status), status (from a validation list), last note date, latest
/// result and note count.
fn measures_sheet(
    report: &Report,
    w: &Words,
    f: &Formats,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    let mut names = vec![
        w.id,
        w.sec,
        w.party,
        w.measure,
        w.items,
        w.status,
        w.updated,
        w.latest_result,
        w.note_count,
    ];
    if report.last_year.is_some() {
        names.push(w.last_year);
    }
    let measures = report.sections.iter().flat_map(|section| {
        section.parties.iter().flat_map(move |party| {
            party
                .measures
                .iter()
                .map(move |m| (section.number, party.party.as_str(), m))
        })
    });
    let count = measures.clone().count();
    let mut sheet = Sheet::listing(ws, w.measures_sheet, &names, count, &f.header)?;
    for (row, (number, party, m)) in (1..).zip(measures) {
        sheet.text(row, 0, &m.id, &f.text)?;
        sheet.number(row, 1, f64::from(number), &f.number)?;
        let party = report.party(party).map_or(party, |p| p.name.as_str());
        sheet.text(row, 2, party, &f.text)?;
        sheet.text(row, 3, &m.text, &f.wrap)?;
        let items: Vec<String> = m
            .items
            .iter()
            .map(|i| format!("・{}（{}）", i.text, i.status.label(report.lang)))
            .collect();
        sheet.text(row, 4, &items.join("\n"), &f.wrap)?;
        sheet.text(row, 5, m.status.label(report.lang), &f.text)?;
        if let Some(day) = m.last_note {
            sheet.measure(6, 10);
            sheet.ws.write_date_with_format(row, 6, day, &f.date)?;
        }
        sheet.text(row, 7, m.latest_result.as_deref().unwrap_or(""), &f.wrap)?;
        sheet.number(row, 8, m.note_count as f64, &f.number)?;
        if let Some(last) = &m.last_year {
            let text = format!(
                "{}{}",
                last.status.label(report.lang),
                report.lang.paren(&last.id)
            );
            sheet.text(row, 9, &text, &f.text)?;
        }
    }
    if count > 0 {
        let labels: Vec<&str> = ORDER.iter().map(|s| s.label(report.lang)).collect();
        let validation = DataValidation::new().allow_list_strings(&labels)?;
        sheet
            .ws
            .add_data_validation(1, 5, row_count(count), 5, &validation)?;
    }
    sheet.fit(&[14, 6, 16, 50, 50, 10, 12, 50, 8, 20])
}

/// Every note, measure by measure, oldest first (only with every note),
/// each under the ID of the measure or sub-item it is on.
fn notes_sheet(
    report: &Report,
    w: &Words,
    f: &Formats,
    ws: &mut Worksheet,
) -> Result<(), XlsxError> {
    let names = [w.id, w.when, w.author, w.status, w.note, w.links];
    let notes = report
        .sections
        .iter()
        .flat_map(|s| &s.parties)
        .flat_map(|p| &p.measures)
        .flat_map(|m| {
            m.notes
                .iter()
                .map(move |n| (n.item.as_deref().unwrap_or(&m.id), n))
        });
    let count = notes.clone().count();
    let mut sheet = Sheet::listing(ws, w.notes_sheet, &names, count, &f.header)?;
    for (row, (id, n)) in (1..).zip(notes) {
        sheet.text(row, 0, id, &f.text)?;
        // A real date (and time) Excel can sort and filter by, in the
        // plan's zone: a date-only note is a date without 00:00.
        sheet.measure(1, 16);
        if n.day_only {
            sheet
                .ws
                .write_date_with_format(row, 1, n.local.date(), &f.date)?;
        } else {
            sheet
                .ws
                .write_datetime_with_format(row, 1, n.local, &f.datetime)?;
        }
        sheet.text(row, 2, &n.author, &f.text)?;
        sheet.text(
            row,
            3,
            n.status.map_or("", |s: Status| s.label(report.lang)),
            &f.text,
        )?;
        sheet.text(row, 4, &n.text, &f.wrap)?;
        sheet.text(row, 5, &n.links.join("\n"), &f.wrap)?;
    }
    sheet.fit(&[14, 18, 12, 10, 70, 40])
}

/// The party's name, or `計`/`All` for both parties.
fn party_name(report: &Report, row: &SummaryRow, w: &Words) -> String {
    match &row.party {
        None => w.all_parties.to_string(),
        Some(key) => report.party(key).map_or(key.clone(), |p| p.name.clone()),
    }
}

/// A count of data rows as the last row's number below a header at row 0.
fn row_count(n: usize) -> RowNum {
    RowNum::try_from(n).unwrap_or(RowNum::MAX)
}

/// Text for a cell: control characters made visible, and cut (with `…`) to
/// Excel's limit so a very long note cannot make the workbook fail.
fn cell_text(s: &str) -> String {
    let s = clean(s);
    if s.encode_utf16().count() <= MAX_CELL {
        return s.into_owned();
    }
    let mut used = 0;
    let mut out: String = s
        .chars()
        .take_while(|c| {
            used += c.len_utf16();
            used < MAX_CELL
        })
        .collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_text_stays_within_excels_limit() {
        let long = "あ".repeat(40_000);
        let cut = cell_text(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL);
        assert!(cut.ends_with('…'));
        assert_eq!(cell_text("短い\u{1b}"), "短い\\u{1b}");
    }
}
