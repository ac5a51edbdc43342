//! One rendering layer for every command: rows become an aligned table,
//! Markdown, JSON, CSV, TSV or a list of IDs, the same way everywhere.
//!
//! People get tables (localized headers and values, full-width text aligned
//! by display width, fitted to the terminal); scripts get JSON and CSV with
//! stable English keys and values, whatever the UI language. CSV and TSV
//! cells that a spreadsheet would run as a formula are neutralised (unless
//! `--raw`), and `--bom` makes them for Excel: headers in the UI language,
//! times as date-times Excel reads.

use comfy_table::{
    Attribute, Cell as TableCell, CellAlignment, Color, ContentArrangement, LineStyle, Table,
    TableStyle,
};
use serde::Serialize;
use serde_json::Value as Json;

use crate::error::Result;
use crate::i18n::{Lang, Text};
use crate::text::{escape_control_keep_lines, width, wrap};
use crate::view::ui::Ui;

/// How a command prints its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for people.
    #[default]
    Table,
    /// A JSON array with stable English keys.
    Json,
    /// Comma-separated values with a header row (English keys).
    Csv,
    /// Tab-separated values with a header row (English keys).
    Tsv,
    /// A Markdown table, to paste into a report.
    Markdown,
    /// One ID per line, for scripts.
    Ids,
}

/// A format and how its CSV/TSV cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Output {
    pub format: Format,
    /// CSV/TSV cells exactly as recorded (`--raw`): no `'` before a cell a
    /// spreadsheet would run as a formula.
    pub raw: bool,
    /// CSV/TSV for Excel (`--bom`): a UTF-8 byte-order mark first, headers
    /// in the UI language, times written `2021-06-15 10:00:00` (a date
    /// alone at midnight), which Excel reads as dates.
    pub excel: bool,
}

impl From<Format> for Output {
    fn from(format: Format) -> Output {
        Output {
            format,
            ..Output::default()
        }
    }
}

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table column: its header in both languages and how it aligns.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: Text,
    pub align: Align,
    /// Whether the column may be narrowed (and its text wrapped) to fit the
    /// terminal; other columns keep the width of their content.
    pub flex: bool,
}

impl Column {
    pub fn left(en: &str, ja: &str) -> Column {
        Column {
            header: Text::new(en, ja),
            align: Align::Left,
            flex: false,
        }
    }

    pub fn right(en: &str, ja: &str) -> Column {
        Column {
            header: Text::new(en, ja),
            align: Align::Right,
            flex: false,
        }
    }

    /// A left-aligned column headed by a word of the catalogue:
    /// `Column::left_word(|w| w.id)`.
    pub fn left_word(word: fn(&'static crate::words::Words) -> &'static str) -> Column {
        Column {
            header: crate::words::both(word),
            align: Align::Left,
            flex: false,
        }
    }

    /// A right-aligned column headed by a word of the catalogue.
    pub fn right_word(word: fn(&'static crate::words::Words) -> &'static str) -> Column {
        Column {
            align: Align::Right,
            ..Column::left_word(word)
        }
    }

    /// Lets the column wrap to fit the terminal.
    pub fn flex(mut self) -> Column {
        self.flex = true;
        self
    }
}

/// How a cell is emphasised when colour is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Busy,
    Bad,
    Dim,
    Strong,
}

/// One table cell: text, and its emphasis.
#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            tone: Tone::Plain,
        }
    }

    pub fn tone(mut self, tone: Tone) -> Cell {
        self.tone = tone;
        self
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::new(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::new(s)
    }
}

/// Rows for people, ready to render as a table or as Markdown.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// One space between columns instead of two, for tables that must fit
    /// 80 columns.
    pub compact: bool,
}

impl Grid {
    pub fn new(columns: Vec<Column>) -> Grid {
        Grid {
            columns,
            rows: Vec::new(),
            compact: false,
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }

    /// An aligned table, fitted to the terminal width when known. Widths are
    /// display widths, so 都 and ＥＸＰＯ take two columns per character.
    pub fn to_table(&self, ui: &Ui) -> String {
        let mut table = Table::new();
        table.load_style(STYLE);
        if ui.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        // We lay the table out ourselves: comfy-table wraps by width alone,
        // which can start a Japanese line with 、 or ）.
        table.set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(self.columns.iter().map(|c| {
            let cell = TableCell::new(c.header.get(ui.lang));
            if ui.color {
                cell.add_attribute(Attribute::Bold)
            } else {
                cell
            }
        }));
        let texts = self.fitted(ui);
        for (row, texts) in self.rows.iter().zip(texts) {
            table.add_row(row.iter().zip(texts).map(|(c, t)| styled(ui, c, t)));
        }
        for (i, column) in self.columns.iter().enumerate() {
            if let Some(col) = table.column_mut(i) {
                let last = i + 1 == self.columns.len();
                col.set_padding((0, if last { 0 } else { self.gap() }));
                col.set_cell_alignment(match column.align {
                    Align::Left => CellAlignment::Left,
                    Align::Right => CellAlignment::Right,
                });
            }
        }
        // comfy-table pads the last column; trailing blanks only get in the way.
        let mut out = String::new();
        for line in table.to_string().lines() {
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// Spaces between columns.
    fn gap(&self) -> u16 {
        if self.compact { 1 } else { 2 }
    }

    /// The cells' texts, escaped, with the flexible columns wrapped (with
    /// 禁則) so the table fits the terminal width when it is known.
    fn fitted(&self, ui: &Ui) -> Vec<Vec<String>> {
        let mut texts: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| escape_control_keep_lines(&c.text))
                    .collect()
            })
            .collect();
        let Some(limit) = ui.width else {
            return texts;
        };
        let natural: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let cells = texts
                    .iter()
                    .filter_map(|r| r.get(i))
                    .flat_map(|t| t.lines())
                    .map(width);
                cells
                    .chain([width(c.header.get(ui.lang))])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let gaps = self.columns.len().saturating_sub(1) * self.gap() as usize;
        let fixed: usize = gaps
            + self
                .columns
                .iter()
                .zip(&natural)
                .filter(|(c, _)| !c.flex)
                .map(|(_, w)| w)
                .sum::<usize>();
        let flex_natural: usize = self
            .columns
            .iter()
            .zip(&natural)
            .filter(|(c, _)| c.flex)
            .map(|(_, w)| w)
            .sum();
        let room = limit.saturating_sub(fixed);
        if flex_natural <= room {
            return texts;
        }
        // Each flexible column's share of the room, in proportion to its
        // content, never below its header (or 8 columns) and never above
        // its content: a column wider than its text only pushes the table
        // past the terminal.
        let floor =
            |i: usize, column: &Column| width(column.header.get(ui.lang)).max(8).min(natural[i]);
        let mut shares: Vec<(usize, usize)> = self
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.flex)
            .map(|(i, column)| {
                let share = (room * natural[i] / flex_natural.max(1))
                    .max(floor(i, column))
                    .min(natural[i]);
                (i, share)
            })
            .collect();
        // The floors can add up to more than the room: narrow the columns
        // that are above their floor, widest first, until the table fits.
        while shares.iter().map(|(_, s)| s).sum::<usize>() > room {
            let widest = shares
                .iter_mut()
                .filter(|(i, s)| *s > floor(*i, &self.columns[*i]))
                .max_by_key(|(_, s)| *s);
            match widest {
                Some((_, share)) => *share -= 1,
                None => break,
            }
        }
        for (i, share) in shares {
            for row in &mut texts {
                if let Some(text) = row.get_mut(i) {
                    *text = text
                        .lines()
                        .flat_map(|l| wrap(l, share))
                        .collect::<Vec<_>>()
                        .join("\n");
                }
            }
        }
        texts
    }

    /// A GitHub-flavoured Markdown table (pipes escaped, line breaks as `<br>`).
    pub fn to_markdown(&self, ui: &Ui) -> String {
        let mut out = String::new();
        let cell = |s: &str| {
            escape_control_keep_lines(s)
                .replace('\n', "<br>")
                .replace('|', "\\|")
                .trim()
                .to_string()
        };
        out.push('|');
        for c in &self.columns {
            out.push_str(&format!(" {} |", cell(c.header.get(ui.lang))));
        }
        out.push_str("\n|");
        for c in &self.columns {
            out.push_str(match c.align {
                Align::Left => " --- |",
                Align::Right => " ---: |",
            });
        }
        out.push('\n');
        for row in &self.rows {
            out.push('|');
            for c in row {
                out.push_str(&format!(" {} |", cell(&c.text)));
            }
            out.push('\n');
        }
        out
    }
}

/// Plain ASCII: no box-drawing characters, whose width is ambiguous in East
/// Asian terminals and would break the alignment there. A wrapped row's
/// continuation lines have an empty first column, which keeps rows apart.
const STYLE: TableStyle = TableStyle::new().header_separator(LineStyle::none().fill('-'));

fn styled(ui: &Ui, cell: &Cell, text: String) -> TableCell {
    let c = TableCell::new(text);
    if !ui.color {
        return c;
    }
    match cell.tone {
        Tone::Plain => c,
        Tone::Good => c.fg(Color::Green),
        Tone::Busy => c.fg(Color::Yellow),
        Tone::Bad => c.fg(Color::Red),
        Tone::Dim => c.fg(Color::DarkGrey),
        Tone::Strong => c.add_attribute(Attribute::Bold),
    }
}

/// A row of a command's output for scripts: a struct whose field names are
/// the JSON keys and the CSV header. The header of an empty result comes
/// from the default row, so it never drifts from the fields.
pub trait Record: Serialize + Default {
    /// The keys whose values are RFC 3339 times, written as date-times for
    /// Excel.
    const TIMES: &'static [&'static str] = &[];
}

/// Prints a command's result in the chosen format: `records` for JSON, CSV
/// and TSV, `grid` for tables and Markdown, `ids` for `--format ids`.
pub fn emit<T: Record>(
    ui: &mut Ui,
    output: Output,
    records: &[T],
    grid: &Grid,
    ids: &[String],
) -> Result<()> {
    emit_built(ui, output, || records, || grid, || ids)
}

/// [`emit`] for long outputs (`plan log` of a whole year): only the form
/// the format needs is built, so a large log is not held three times over.
pub fn emit_built<T, R, G, I>(
    ui: &mut Ui,
    output: Output,
    records: impl FnOnce() -> R,
    grid: impl FnOnce() -> G,
    ids: impl FnOnce() -> I,
) -> Result<()>
where
    T: Record,
    R: std::ops::Deref<Target = [T]>,
    G: std::borrow::Borrow<Grid>,
    I: std::ops::Deref<Target = [String]>,
{
    let out = match output.format {
        Format::Table => grid().borrow().to_table(ui),
        Format::Markdown => grid().borrow().to_markdown(ui),
        Format::Json => json(&*records())?,
        Format::Csv | Format::Tsv => delimited(&records(), output, ui.lang)?,
        Format::Ids => lines(&ids()),
    };
    ui.print(&out);
    Ok(())
}

/// One item per line.
pub fn lines(items: &[String]) -> String {
    items.iter().map(|id| format!("{id}\n")).collect()
}

/// Pretty JSON with a trailing newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    let mut s = serde_json::to_string_pretty(value).map_err(anyhow::Error::from)?;
    s.push('\n');
    Ok(s)
}

/// CSV (`Format::Csv`) or TSV from the JSON form of the records: nested
/// objects become dotted columns (`tmg.done`), arrays are joined with line
/// breaks. TSV escapes tabs and line breaks, since it cannot quote them.
/// Text cells are guarded against formulas ([`guard`]) unless `raw`; for
/// Excel, headers are in `lang` and times are Excel date-times.
pub fn delimited<T: Record>(records: &[T], output: Output, lang: Lang) -> Result<String> {
    let format = output.format;
    let delimiter = if format == Format::Tsv { b'\t' } else { b',' };
    let cells = |r: &T| {
        let mut cells = Vec::new();
        flatten(
            "",
            &serde_json::to_value(r).unwrap_or(Json::Null),
            &mut cells,
        );
        cells
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .quote_style(if delimiter == b'\t' {
            csv::QuoteStyle::Never
        } else {
            csv::QuoteStyle::Necessary
        })
        .from_writer(Vec::new());
    let tsv = delimiter == b'\t';
    let field = |s: &str| {
        if tsv {
            s.replace('\\', "\\\\")
                .replace('\t', "\\t")
                .replace('\n', "\\n")
                .replace('\r', "\\r")
        } else {
            s.to_string()
        }
    };
    let header: Vec<String> = cells(&T::default())
        .iter()
        .map(|(k, _)| match (output.excel, lang) {
            (true, Lang::Ja) => field(header_ja(k)),
            _ => field(k),
        })
        .collect();
    writer.write_record(&header).map_err(anyhow::Error::from)?;
    for record in records {
        let row = cells(record).into_iter().map(|(key, cell)| {
            let cell = match cell {
                Flat::Text(s) if output.excel && T::TIMES.contains(&key.as_str()) => {
                    excel_time(&s).unwrap_or(s)
                }
                Flat::Text(s) if !output.raw => guard(s),
                Flat::Text(s) | Flat::Value(s) => s,
            };
            field(&cell)
        });
        writer.write_record(row).map_err(anyhow::Error::from)?;
    }
    let bytes = writer.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let bom = if output.excel { "\u{feff}" } else { "" };
    Ok(format!("{bom}{}", String::from_utf8_lossy(&bytes)))
}

/// A text cell made safe to open in a spreadsheet, as OWASP recommends for
/// CSV injection: a cell beginning with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (which Excel, LibreOffice and Google Sheets would run
/// as a formula) gets a `'` in front, so it is shown as text.
pub fn guard(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell,
    }
}

/// An RFC 3339 time as Excel reads a date-time when it opens a CSV file:
/// `2021-06-15 10:00:00` in the time's own offset (the plan's zone), or the
/// date alone at midnight (a date-only note).
fn excel_time(rfc3339: &str) -> Option<String> {
    let at = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    let local = at.naive_local();
    Some(if local.time() == chrono::NaiveTime::MIN {
        local.format("%Y-%m-%d").to_string()
    } else {
        local.format("%Y-%m-%d %H:%M:%S").to_string()
    })
}

/// The Japanese header of a CSV column for Excel users (`--bom --lang ja`);
/// a key without one stays as it is.
fn header_ja(key: &str) -> &str {
    crate::words::ja::CSV_HEADERS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, ja)| ja)
}

/// A flattened cell: text (guarded against formulas) or a number, boolean
/// or null, written as JSON writes it.
enum Flat {
    Text(String),
    Value(String),
}

fn flatten(prefix: &str, value: &Json, out: &mut Vec<(String, Flat)>) {
    match value {
        Json::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Json::Array(items) => {
            let joined = items
                .iter()
                .map(|i| match i {
                    Json::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            out.push((prefix.to_string(), Flat::Text(joined)));
        }
        Json::String(s) => out.push((prefix.to_string(), Flat::Text(s.clone()))),
        Json::Null => out.push((prefix.to_string(), Flat::Value(String::new()))),
        other => out.push((prefix.to_string(), Flat::Value(other.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::new(vec![
            Column::left("ID", "番号"),
            Column::right("Count", "件数"),
        ]);
        g.push(vec!["2.tmg.イ".into(), "4".into()]);
        g.push(vec!["a|b\u{1b}c".into(), "10".into()]);
        g
    }

    #[test]
    fn table_aligns_full_width_text() {
        let out = grid().to_table(&Ui::plain(Lang::Ja));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        // The right-aligned column ends at the same display column on every
        // line, although 番号 and イ are full width.
        let end_of = |line: &str, needle: &str| {
            let start = line.find(needle).unwrap();
            crate::text::width(&line[..start]) + crate::text::width(needle)
        };
        assert_eq!(end_of(lines[0], "件数"), end_of(lines[2], "4"), "{out}");
        assert_eq!(end_of(lines[0], "件数"), end_of(lines[3], "10"), "{out}");
    }

    #[test]
    fn flexible_columns_never_grow_past_their_text_nor_the_terminal() {
        let mut g = Grid::new(vec![
            Column::left("When", "日時"),
            Column::left("Who", "誰").flex(),
            Column::left("Note", "内容").flex(),
        ]);
        g.push(vec![
            "2021-07-01 10:00".into(),
            "佐藤".into(),
            "地域におけるテレワーク体験型セミナーの実施".into(),
        ]);
        let mut ui = Ui::plain(Lang::En);
        ui.width = Some(40);
        let out = g.to_table(&ui);
        let widest = out.lines().map(crate::text::width).max().unwrap();
        assert_eq!(widest, 40, "{out}");
        // Who (3 wide at most) is not widened to 8; Note takes the rest.
        assert!(
            out.lines()
                .nth(2)
                .unwrap()
                .starts_with("2021-07-01 10:00  佐藤  地域"),
            "{out}"
        );
        // When even the floors do not fit, the table is as narrow as they allow.
        ui.width = Some(20);
        let out = g.to_table(&ui);
        let widest = out.lines().map(crate::text::width).max().unwrap();
        assert_eq!(widest, 16 + 2 + 4 + 2 + 8, "{out}");
    }

    #[test]
    fn markdown_escapes_pipes_and_line_breaks() {
        let out = grid().to_markdown(&Ui::plain(Lang::En));
        assert_eq!(
            out,
            "| ID | Count |\n| --- | ---: |\n| 2.tmg.イ | 4 |\n| a\\|b\\u{1b}c | 10 |\n"
        );
    }

    #[test]
    fn csv_flattens_nested_records() {
        #[derive(Serialize, Default)]
        struct R {
            id: &'static str,
            items: Vec<&'static str>,
            tmg: Inner,
        }
        #[derive(Serialize, Default)]
        struct Inner {
            done: u32,
        }
        impl Record for R {}
        let rows = [R {
            id: "1.tmg.ア",
            items: vec!["a", "b,c"],
            tmg: Inner { done: 2 },
        }];
        let csv = Output::from(Format::Csv);
        let tsv = Output::from(Format::Tsv);
        assert_eq!(
            delimited(&rows, csv, Lang::En).unwrap(),
            "id,items,tmg.done\n1.tmg.ア,\"a\nb,c\",2\n"
        );
        assert_eq!(
            delimited(&rows, tsv, Lang::En).unwrap(),
            "id\titems\ttmg.done\n1.tmg.ア\ta\\nb,c\t2\n"
        );
        let none: [R; 0] = [];
        assert_eq!(
            delimited(&none, csv, Lang::En).unwrap(),
            "id,items,tmg.done\n"
        );
    }

    #[derive(Serialize, Default)]
    struct Note {
        at: String,
        text: String,
        links: Vec<String>,
        done: i32,
    }
    impl Record for Note {
        const TIMES: &'static [&'static str] = &["at"];
    }

    fn note(text: &str) -> Note {
        Note {
            at: "2021-06-15T10:30:00+09:00".into(),
            text: text.into(),
            links: vec![],
            done: -1,
        }
    }

    #[test]
    fn cells_a_spreadsheet_would_run_get_a_quote_unless_raw() {
        for (text, guarded) in [
            ("=1+2", "'=1+2"),
            ("+81 3", "'+81 3"),
            ("-10% の削減", "'-10% の削減"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("a=1", "a=1"),
            ("セミナー", "セミナー"),
        ] {
            let rows = [note(text)];
            let out = delimited(&rows, Output::from(Format::Csv), Lang::En).unwrap();
            let mut reader = csv::Reader::from_reader(out.as_bytes());
            let row = reader.records().next().unwrap().unwrap();
            assert_eq!(&row[1], guarded, "{out}");
            // Numbers are numbers: -1 stays -1.
            assert_eq!(&row[3], "-1", "{out}");
            let raw = Output {
                raw: true,
                ..Output::from(Format::Csv)
            };
            let out = delimited(&rows, raw, Lang::En).unwrap();
            let mut reader = csv::Reader::from_reader(out.as_bytes());
            assert_eq!(&reader.records().next().unwrap().unwrap()[1], text);
        }
        // A list's first line starts the cell; TSV is guarded the same way.
        let mut row = note("x");
        row.links = vec!["=HYPERLINK(\"http://evil\")".into(), "b".into()];
        let out = delimited(&[row], Output::from(Format::Tsv), Lang::En).unwrap();
        assert!(out.contains("\t'=HYPERLINK"), "{out}");
    }

    #[test]
    fn csv_for_excel_has_a_bom_japanese_headers_and_date_times() {
        let excel = Output {
            excel: true,
            ..Output::from(Format::Csv)
        };
        let mut day = note("=x");
        day.at = "2021-06-15T00:00:00+09:00".into();
        let out = delimited(&[note("=x"), day], excel, Lang::Ja).unwrap();
        assert_eq!(
            out,
            "\u{feff}日時,内容,根拠,実施済\n2021-06-15 10:30:00,'=x,,-1\n2021-06-15,'=x,,-1\n"
        );
        let out = delimited(&[note("x")], excel, Lang::En).unwrap();
        assert_eq!(
            out,
            "\u{feff}at,text,links,done\n2021-06-15 10:30:00,x,,-1\n"
        );
        // Without --bom, the time is RFC 3339, as JSON has it.
        let out = delimited(&[note("x")], Output::from(Format::Csv), Lang::Ja).unwrap();
        assert!(
            out.starts_with("at,text,links,done\n2021-06-15T10:30:00+09:00,"),
            "{out}"
        );
    }
}
