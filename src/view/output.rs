//! One rendering layer for every command: rows become an aligned table,
//! Markdown, JSON, CSV, TSV or a list of IDs, the same way everywhere.
//!
//! People get tables (localized headers and values, full-width text aligned
//! by display width, fitted to the terminal); scripts get JSON and CSV with
//! stable English keys and values, whatever the UI language. CSV and TSV
//! cells that a spreadsheet would run as a formula are neutralised (unless
//! `--raw`), and `--bom` makes them for Excel: headers in the UI language,
//! times as date-times Excel reads.

use std::borrow::Cow;
use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
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

    /// [`to_table`](Grid::to_table) printed: a large table (`plan log` of a
    /// year) is laid out in pieces of [`PIECE`] rows with the widths of the
    /// whole, taken in a first pass, and each piece is printed as it is laid
    /// out, so the layout of the whole is never held (the same bytes).
    pub fn print_table(&self, ui: &mut Ui) {
        if self.rows.len() <= PIECE {
            let table = self.to_table(ui);
            ui.print(&table);
            return;
        }
        let texts = self.fitted(ui);
        let look = Look::of(ui);
        let widths = self.widths(look.lang, &texts);
        for (start, piece) in texts.chunks(PIECE).enumerate() {
            let rows = &self.rows[start * PIECE..];
            ui.print(&self.render(look, rows, piece, start == 0, &widths));
        }
    }

    /// [`print_table`](Grid::print_table) of the rows `rows` yields, in
    /// this grid's columns (its own rows are not shown), without holding
    /// them: `rows` is called once for each pass over the rows — one for
    /// the widths (and the count), one to print, and one more in between
    /// when the terminal's width makes a column wrap — so only a piece of
    /// [`PIECE`] rows is held at a time. The same bytes as the table of the
    /// rows held ([`to_table`](Grid::to_table)).
    pub fn print_rows<R>(&self, ui: &mut Ui, rows: impl Fn() -> R)
    where
        R: IntoIterator,
        R::Item: AsRef<[Cell]>,
    {
        // First pass: the count and the natural widths; without a terminal
        // width nothing wraps, so the laid-out widths are taken here too.
        let wraps = ui.width.is_some();
        let mut natural = self.header_widths(ui);
        let mut widths = self.content_widths(ui.lang);
        let mut count = 0usize;
        let look = Look::of(ui);
        self.pieces(rows(), &[], |_, piece, _| {
            count += piece.len();
            for texts in piece {
                if wraps {
                    measure(&mut natural, texts);
                } else {
                    widen(&mut widths, texts);
                }
            }
        });
        let shares = if wraps {
            self.shares(ui, &natural)
        } else {
            Vec::new()
        };
        if wraps && count <= PIECE {
            // One piece: its widths are taken as it is printed.
            self.pieces(rows(), &shares, |cells, piece, _| {
                let widths = self.widths(look.lang, piece);
                ui.print(&self.render(look, cells, piece, true, &widths));
            });
            return;
        }
        if wraps {
            self.pieces(rows(), &shares, |_, piece, _| {
                for texts in piece {
                    widen(&mut widths, texts);
                }
            });
        }
        self.pieces(rows(), &shares, |cells, piece, first| {
            ui.print(&self.render(look, cells, piece, first, &widths));
        });
    }

    /// Goes through `rows` a piece of [`PIECE`] at a time: `each` gets the
    /// piece's cells, their fitted texts, and whether it is the first
    /// piece. An empty `rows` is one empty piece (a table of the header
    /// alone).
    fn pieces<R>(
        &self,
        rows: R,
        shares: &[(usize, usize)],
        mut each: impl FnMut(&[&[Cell]], &[Vec<Shown<'static>>], bool),
    ) where
        R: IntoIterator,
        R::Item: AsRef<[Cell]>,
    {
        let mut held: Vec<R::Item> = Vec::with_capacity(PIECE);
        let mut texts: Vec<Vec<Shown<'static>>> = Vec::with_capacity(PIECE);
        let mut first = true;
        let mut flush =
            |held: &mut Vec<R::Item>, texts: &mut Vec<Vec<Shown<'static>>>, first: bool| {
                let cells: Vec<&[Cell]> = held.iter().map(|r| r.as_ref()).collect();
                each(&cells, texts, first);
                held.clear();
                texts.clear();
            };
        for row in rows {
            // Owned: the row moves into the piece.
            let mut fitted: Vec<Shown<'static>> = escaped(row.as_ref())
                .into_iter()
                .map(Shown::into_owned)
                .collect();
            fit(&mut fitted, shares);
            texts.push(fitted);
            held.push(row);
            if held.len() == PIECE {
                flush(&mut held, &mut texts, first);
                first = false;
            }
        }
        if first || !held.is_empty() {
            flush(&mut held, &mut texts, first);
        }
    }

    /// An aligned table, fitted to the terminal width when known. Widths are
    /// display widths, so 都 and ＥＸＰＯ take two columns per character.
    pub fn to_table(&self, ui: &Ui) -> String {
        let texts = self.fitted(ui);
        let look = Look::of(ui);
        let widths = self.widths(look.lang, &texts);
        self.render(look, &self.rows, &texts, true, &widths)
    }

    /// Each column's content width for the fitted `texts` of its rows: the
    /// widest line of the column, header included.
    fn widths(&self, lang: Lang, texts: &[Vec<Shown>]) -> Vec<usize> {
        let mut widths = self.content_widths(lang);
        for row in texts {
            widen(&mut widths, row);
        }
        widths
    }

    /// The lines of `rows` (with their fitted `texts`), each column
    /// `widths` wide and aligned its way, with the header and a rule under
    /// it when `header`. Trailing blanks are left out: they only get in
    /// the way.
    fn render(
        &self,
        look: Look,
        rows: &[impl AsRef<[Cell]>],
        texts: &[Vec<Shown>],
        header: bool,
        widths: &[usize],
    ) -> String {
        let mut out = String::new();
        if header {
            let heads: Vec<Shown> = self
                .columns
                .iter()
                .map(|c| Shown::new(Cow::Borrowed(c.header.get(look.lang))))
                .collect();
            let heads: Vec<(&Shown, Tone)> = heads.iter().map(|h| (h, Tone::Strong)).collect();
            self.render_row(&mut out, look.color, widths, &heads);
            // Plain ASCII: box-drawing characters have an ambiguous width
            // in East Asian terminals and would break the alignment there.
            let rule: usize = (0..self.columns.len())
                .map(|i| widths.get(i).copied().unwrap_or(1) + self.padding(i))
                .sum();
            out.extend(std::iter::repeat_n('-', rule));
            out.push('\n');
        }
        let mut cells: Vec<(&Shown, Tone)> = Vec::with_capacity(self.columns.len());
        for (row, texts) in rows.iter().zip(texts) {
            cells.clear();
            let tones = row.as_ref().iter().map(|c| c.tone);
            cells.extend(texts.iter().zip(tones));
            self.render_row(&mut out, look.color, widths, &cells);
        }
        out
    }

    /// One row's lines: a cell of several lines makes the row as tall,
    /// and the other cells are blank below their text (a wrapped row's
    /// continuation lines have an empty first column, which keeps rows
    /// apart). A row short of cells is blank in the columns it lacks.
    fn render_row(
        &self,
        out: &mut String,
        color: bool,
        widths: &[usize],
        cells: &[(&Shown, Tone)],
    ) {
        let height = cells.iter().map(|(s, _)| s.lines).max().unwrap_or(1);
        if height == 1 {
            // Nearly every row: each cell is its one line, not split.
            let line = |i: usize| cells.get(i).map(|(s, _)| s.text.as_ref());
            self.render_line(out, color, widths, cells, line);
            return;
        }
        let mut lines: Vec<std::str::Split<'_, char>> =
            cells.iter().map(|(s, _)| s.text.split('\n')).collect();
        for _ in 0..height {
            let line = |i: usize| lines.get_mut(i).and_then(Iterator::next);
            self.render_line(out, color, widths, cells, line);
        }
    }

    /// One line of a row: each column's `line(column)`, padded to its
    /// width (blanks where a cell has no more lines).
    fn render_line<'t>(
        &self,
        out: &mut String,
        color: bool,
        widths: &[usize],
        cells: &[(&Shown, Tone)],
        mut line: impl FnMut(usize) -> Option<&'t str>,
    ) {
        let start = out.len();
        for (i, column) in self.columns.iter().enumerate() {
            let width = widths.get(i).copied().unwrap_or(1);
            let pad = self.padding(i);
            let Some(line) = line(i) else {
                push_blanks(out, width + pad);
                continue;
            };
            let blank = width.saturating_sub(cells[i].0.line_width(line));
            let style = if color {
                style(cells[i].1)
            } else {
                Style::new()
            };
            if color {
                let _ = write!(out, "{}", style.render());
            }
            match column.align {
                // The last column needs no blanks after its text.
                Align::Left if i + 1 == self.columns.len() => out.push_str(line),
                Align::Left => {
                    out.push_str(line);
                    push_blanks(out, blank + pad);
                }
                Align::Right => {
                    push_blanks(out, blank);
                    out.push_str(line);
                    push_blanks(out, pad);
                }
            }
            if color {
                let _ = write!(out, "{}", style.render_reset());
            }
        }
        let kept = out[start..].trim_end().len();
        out.truncate(start + kept);
        out.push('\n');
    }

    /// The blanks after column `i`: the gap, none after the last.
    fn padding(&self, i: usize) -> usize {
        if i + 1 == self.columns.len() {
            0
        } else {
            usize::from(self.gap())
        }
    }

    /// Spaces between columns.
    fn gap(&self) -> u16 {
        if self.compact { 1 } else { 2 }
    }

    /// The cells' texts, escaped, with the flexible columns wrapped (with
    /// 禁則) so the table fits the terminal width when it is known.
    fn fitted(&self, ui: &Ui) -> Vec<Vec<Shown<'_>>> {
        // A year's table (20,000 measures at 1,000 sections) is escaped
        // and measured on every core, a slice of rows each time.
        let mut texts: Vec<Vec<Shown>> =
            crate::files::parallel::flat_map_slices(&self.rows, ROWS_A_THREAD_TAKES, |row, out| {
                out.push(escaped(row))
            });
        if ui.width.is_none() {
            return texts;
        }
        let mut natural = self.header_widths(ui);
        for row in &texts {
            measure(&mut natural, row);
        }
        let shares = self.shares(ui, &natural);
        for row in &mut texts {
            fit(row, &shares);
        }
        texts
    }

    /// The headers' content widths, where the widths of a table start
    /// ([`widen`]).
    fn content_widths(&self, lang: Lang) -> Vec<usize> {
        self.columns
            .iter()
            .map(|c| widest_line(c.header.get(lang)).max(1))
            .collect()
    }

    /// The headers' display widths, where each column's natural width
    /// starts ([`measure`]).
    fn header_widths(&self, ui: &Ui) -> Vec<usize> {
        self.columns
            .iter()
            .map(|c| width(c.header.get(ui.lang)))
            .collect()
    }

    /// The width each flexible column is narrowed to, so the table fits
    /// the terminal (none when it fits, or the width is unknown), from the
    /// columns' `natural` widths (their widest line, header included).
    fn shares(&self, ui: &Ui, natural: &[usize]) -> Vec<(usize, usize)> {
        let Some(limit) = ui.width else {
            return Vec::new();
        };
        let gaps = self.columns.len().saturating_sub(1) * self.gap() as usize;
        let fixed: usize = gaps
            + self
                .columns
                .iter()
                .zip(natural)
                .filter(|(c, _)| !c.flex)
                .map(|(_, w)| w)
                .sum::<usize>();
        let flex_natural: usize = self
            .columns
            .iter()
            .zip(natural)
            .filter(|(c, _)| c.flex)
            .map(|(_, w)| w)
            .sum();
        let room = limit.saturating_sub(fixed);
        if flex_natural <= room {
            return Vec::new();
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
        shares
    }

    /// A GitHub-flavoured Markdown table (pipes escaped, line breaks as `<br>`).
    pub fn to_markdown(&self, ui: &Ui) -> String {
        let mut out = self.markdown_head(ui.lang);
        for row in &self.rows {
            markdown_row(&mut out, row);
        }
        out
    }

    /// [`to_markdown`](Grid::to_markdown) of the rows `rows` yields, in this
    /// grid's columns, printed a row at a time.
    pub fn print_markdown<R>(&self, ui: &mut Ui, rows: R)
    where
        R: IntoIterator,
        R::Item: AsRef<[Cell]>,
    {
        let head = self.markdown_head(ui.lang);
        ui.print(&head);
        let mut line = String::new();
        for row in rows {
            line.clear();
            markdown_row(&mut line, row.as_ref());
            ui.print(&line);
        }
    }

    /// A Markdown table's header and alignment lines.
    fn markdown_head(&self, lang: Lang) -> String {
        let mut out = String::from("|");
        for c in &self.columns {
            out.push_str(&format!(" {} |", markdown_cell(c.header.get(lang))));
        }
        out.push_str("\n|");
        for c in &self.columns {
            out.push_str(match c.align {
                Align::Left => " --- |",
                Align::Right => " ---: |",
            });
        }
        out.push('\n');
        out
    }
}

/// A row of a Markdown table, added to `out`.
fn markdown_row(out: &mut String, row: &[Cell]) {
    out.push('|');
    for c in row {
        out.push_str(&format!(" {} |", markdown_cell(&c.text)));
    }
    out.push('\n');
}

/// A Markdown cell: pipes escaped, line breaks as `<br>`.
fn markdown_cell(s: &str) -> String {
    escape_control_keep_lines(s)
        .replace('\n', "<br>")
        .replace('|', "\\|")
        .trim()
        .to_string()
}

/// Rows a piece of a large table is laid out in ([`Grid::print_table`]):
/// a piece's rows, their texts and their layout are what a streamed table
/// holds (500 rows of `plan log`: about 1.5 MiB).
const PIECE: usize = 500;

/// The rows a thread escapes and measures at a time: a table starts
/// threads only from 32 such slices (8,192 rows) on.
const ROWS_A_THREAD_TAKES: usize = 256;

/// What a table's layout needs of the terminal.
#[derive(Debug, Clone, Copy)]
struct Look {
    color: bool,
    lang: Lang,
}

impl Look {
    fn of(ui: &Ui) -> Look {
        Look {
            color: ui.color,
            lang: ui.lang,
        }
    }
}

/// A cell's text as a table shows it: escaped, maybe wrapped, with the
/// width of its widest line, measured once for the column widths and the
/// padding both.
#[derive(Debug, Clone)]
struct Shown<'a> {
    text: Cow<'a, str>,
    /// The display width of its widest line.
    width: usize,
    /// How many lines it has (1 for a text without a line break).
    lines: usize,
}

impl<'a> Shown<'a> {
    fn new(text: Cow<'a, str>) -> Shown<'a> {
        let (width, lines) = if memchr::memchr(b'\n', text.as_bytes()).is_none() {
            (width(&text), 1)
        } else {
            text.split('\n')
                .fold((0, 0), |(widest, n), line| (widest.max(width(line)), n + 1))
        };
        Shown { text, width, lines }
    }

    fn into_owned(self) -> Shown<'static> {
        Shown {
            text: Cow::Owned(self.text.into_owned()),
            width: self.width,
            lines: self.lines,
        }
    }

    /// The width of `line`, one of this text's lines.
    fn line_width(&self, line: &str) -> usize {
        if line.len() == self.text.len() {
            self.width
        } else {
            width(line)
        }
    }
}

/// A row's texts, with control characters escaped (line breaks kept).
fn escaped(row: &[Cell]) -> Vec<Shown<'_>> {
    row.iter()
        .map(|c| Shown::new(escape_control_keep_lines(&c.text)))
        .collect()
}

/// Widens each column's `natural` width to the widest line of its text in
/// a row.
fn measure(natural: &mut [usize], texts: &[Shown]) {
    for (n, shown) in natural.iter_mut().zip(texts) {
        *n = (*n).max(shown.width);
    }
}

/// Wraps (with 禁則) each flexible column's text to its share.
fn fit(texts: &mut [Shown], shares: &[(usize, usize)]) {
    for &(i, share) in shares {
        if let Some(shown) = texts.get_mut(i) {
            let wrapped = shown
                .text
                .lines()
                .flat_map(|l| wrap(l, share))
                .collect::<Vec<_>>()
                .join("\n");
            *shown = Shown::new(Cow::Owned(wrapped));
        }
    }
}

/// Widens `widths` to a row's fitted `texts`.
fn widen(widths: &mut [usize], texts: &[Shown]) {
    for (w, shown) in widths.iter_mut().zip(texts) {
        *w = (*w).max(shown.width.max(1));
    }
}

/// Adds `n` spaces to `out`, a slice at a time.
fn push_blanks(out: &mut String, mut n: usize) {
    const BLANKS: &str = "                                                                ";
    while n > 0 {
        let k = n.min(BLANKS.len());
        out.push_str(&BLANKS[..k]);
        n -= k;
    }
}

/// The display width of the widest line of `text`.
fn widest_line(text: &str) -> usize {
    text.split('\n').map(width).max().unwrap_or(0)
}

/// How a cell of `tone` looks when colour is on.
fn style(tone: Tone) -> Style {
    let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
    match tone {
        Tone::Plain => Style::new(),
        Tone::Good => fg(AnsiColor::Green),
        Tone::Busy => fg(AnsiColor::Yellow),
        Tone::Bad => fg(AnsiColor::Red),
        Tone::Dim => fg(AnsiColor::BrightBlack),
        Tone::Strong => Style::new().bold(),
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
/// and TSV, `grid` for tables and Markdown, `ids` for `--format ids`. Only
/// the one the format needs is built (each is called at most once): a
/// table of 30,000 measures need not have their JSON records made too.
pub fn emit<T, R, G, I>(
    ui: &mut Ui,
    output: Output,
    records: impl FnOnce() -> R,
    grid: impl FnOnce(&Ui) -> G,
    ids: impl FnOnce() -> I,
) -> Result<()>
where
    T: Record,
    R: AsRef<[T]>,
    G: AsRef<Grid>,
    I: AsRef<[String]>,
{
    match output.format {
        Format::Table => grid(ui).as_ref().print_table(ui),
        Format::Markdown => {
            let markdown = grid(ui).as_ref().to_markdown(ui);
            ui.print(&markdown);
        }
        _ => emit_for_scripts::<T, _, _>(ui, output, records().as_ref(), ids().as_ref())?,
    }
    Ok(())
}

impl AsRef<Grid> for Grid {
    fn as_ref(&self) -> &Grid {
        self
    }
}

/// A grid a command never frees (`commands::Kept`): 200,000 cells are
/// not freed one by one just before the process exits.
impl AsRef<Grid> for std::mem::ManuallyDrop<Grid> {
    fn as_ref(&self) -> &Grid {
        self
    }
}

/// [`emit`] for long outputs (`plan log` of a whole year), never held
/// whole: only the form the format needs is built, a record, row or ID at
/// a time as `records`, `rows` and `ids` yield them. A table's rows come
/// in `columns` (a grid without rows) from `rows`, which is called again
/// for each pass over them ([`Grid::print_rows`]).
pub fn emit_built<T, R, C, I>(
    ui: &mut Ui,
    output: Output,
    records: impl FnOnce() -> R,
    columns: &Grid,
    rows: impl Fn() -> C,
    ids: impl FnOnce() -> I,
) -> Result<()>
where
    T: Record,
    R: IntoIterator,
    R::Item: std::borrow::Borrow<T>,
    C: IntoIterator,
    C::Item: AsRef<[Cell]>,
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    match output.format {
        Format::Table => columns.print_rows(ui, rows),
        Format::Markdown => columns.print_markdown(ui, rows()),
        _ => emit_for_scripts::<T, _, _>(ui, output, records(), ids())?,
    }
    Ok(())
}

/// JSON, CSV and TSV written a record at a time, IDs a line at a time.
fn emit_for_scripts<T, R, I>(ui: &mut Ui, output: Output, records: R, ids: I) -> Result<()>
where
    T: Record,
    R: IntoIterator,
    R::Item: std::borrow::Borrow<T>,
    I: IntoIterator,
    I::Item: AsRef<str>,
{
    match output.format {
        Format::Json => json_stream(ui, records)?,
        Format::Csv | Format::Tsv => delimited_stream::<T>(ui, records, output)?,
        Format::Ids => {
            for id in ids {
                ui.print(id.as_ref());
                ui.print("\n");
            }
        }
        Format::Table | Format::Markdown => {}
    }
    Ok(())
}

/// [`json`] of an array, written an element at a time: the same bytes as
/// `serde_json::to_string_pretty` of the whole array.
fn json_stream<T: Serialize>(
    ui: &mut Ui,
    records: impl IntoIterator<Item = impl std::borrow::Borrow<T>>,
) -> Result<()> {
    let mut first = true;
    for record in records {
        let element = serde_json::to_string_pretty(record.borrow()).map_err(anyhow::Error::from)?;
        ui.print(if first { "[\n  " } else { ",\n  " });
        ui.print(&element.replace('\n', "\n  "));
        first = false;
    }
    ui.print(if first { "[]\n" } else { "\n]\n" });
    Ok(())
}

/// [`delimited`], written a record at a time.
fn delimited_stream<T: Record>(
    ui: &mut Ui,
    records: impl IntoIterator<Item = impl std::borrow::Borrow<T>>,
    output: Output,
) -> Result<()> {
    let lang = ui.lang;
    let mut rows = Delimited::<T>::new(output, lang)?;
    ui.print(&rows.take());
    for record in records {
        rows.push(record.borrow())?;
        ui.print(&rows.take());
    }
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
    let mut rows = Delimited::<T>::new(output, lang)?;
    for record in records {
        rows.push(record)?;
    }
    Ok(rows.take())
}

/// CSV or TSV being written: the header (and BOM) at once, then a row per
/// record, taken out as text as it goes.
struct Delimited<T> {
    output: Output,
    writer: csv::Writer<Shared>,
    /// What the writer wrote, shared with it.
    written: Shared,
    _record: std::marker::PhantomData<T>,
}

impl<T: Record> Delimited<T> {
    fn new(output: Output, lang: Lang) -> Result<Delimited<T>> {
        let delimiter = if output.format == Format::Tsv {
            b'\t'
        } else {
            b','
        };
        let written = Shared::default();
        if output.excel {
            written
                .0
                .borrow_mut()
                .extend_from_slice("\u{feff}".as_bytes());
        }
        let writer = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .quote_style(if delimiter == b'\t' {
                csv::QuoteStyle::Never
            } else {
                csv::QuoteStyle::Necessary
            })
            .from_writer(written.clone());
        let mut rows = Delimited {
            output,
            writer,
            written,
            _record: std::marker::PhantomData,
        };
        let header: Vec<String> = cells(&T::default())
            .iter()
            .map(|(k, _)| match (output.excel, lang) {
                (true, Lang::Ja) => rows.field(header_ja(k)),
                _ => rows.field(k),
            })
            .collect();
        rows.writer
            .write_record(&header)
            .map_err(anyhow::Error::from)?;
        Ok(rows)
    }

    fn tsv(&self) -> bool {
        self.output.format == Format::Tsv
    }

    /// TSV escapes tabs and line breaks, since it cannot quote them.
    fn field(&self, s: &str) -> String {
        if self.tsv() {
            s.replace('\\', "\\\\")
                .replace('\t', "\\t")
                .replace('\n', "\\n")
                .replace('\r', "\\r")
        } else {
            s.to_string()
        }
    }

    fn push(&mut self, record: &T) -> Result<()> {
        let output = self.output;
        let row: Vec<String> = cells(record)
            .into_iter()
            .map(|(key, cell)| {
                let cell = match cell {
                    Flat::Text(s) if output.excel && T::TIMES.contains(&key.as_str()) => {
                        excel_time(&s).unwrap_or(s)
                    }
                    Flat::Text(s) if !output.raw => guard(s),
                    Flat::Text(s) | Flat::Value(s) => s,
                };
                self.field(&cell)
            })
            .collect();
        self.writer.write_record(row).map_err(anyhow::Error::from)?;
        Ok(())
    }

    /// The text written since the last call (whole records only).
    fn take(&mut self) -> String {
        let _ = self.writer.flush();
        let bytes = std::mem::take(&mut *self.written.0.borrow_mut());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// A byte buffer the CSV writer writes into and [`Delimited::take`] empties.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A record's cells, flattened from its JSON form.
fn cells<T: Serialize>(record: &T) -> Vec<(String, Flat)> {
    let mut cells = Vec::new();
    flatten(
        "",
        &serde_json::to_value(record).unwrap_or(Json::Null),
        &mut cells,
    );
    cells
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

    #[derive(Debug, Default, Serialize)]
    struct Row {
        id: String,
        text: String,
        links: Vec<String>,
        at: Option<String>,
        counts: Counts,
    }

    #[derive(Debug, Default, Serialize)]
    struct Counts {
        done: u32,
        active: u32,
    }

    impl Record for Row {
        const TIMES: &'static [&'static str] = &["at"];
    }

    fn rows() -> Vec<Row> {
        vec![
            Row {
                id: "2.tmg.イ".into(),
                text: "=1+1, \"引用\"\n二行目\tタブ".into(),
                links: vec!["https://example.org/a".into(), "docs/b.pdf".into()],
                at: Some("2021-06-15T10:00:00+09:00".into()),
                counts: Counts { done: 2, active: 1 },
            },
            Row::default(),
        ]
    }

    /// What a streamed emit prints (it is the Ui's stdout, taken back).
    fn streamed(output: Output, records: &[Row]) -> String {
        let mut ui = Ui::plain(Lang::Ja);
        ui.hold();
        let grid = Grid::default();
        let rows = || grid.rows.iter();
        emit_built::<Row, _, _, _>(&mut ui, output, || records.iter(), &grid, rows, || ["a"])
            .unwrap();
        ui.take_held()
    }

    /// The ID cell of a sample table's row `i`, in alternating tones.
    fn sample_id(i: usize) -> Cell {
        let tone = if i.is_multiple_of(2) {
            Tone::Good
        } else {
            Tone::Dim
        };
        Cell::new(format!("{}.tmg.ア", i % 1000)).tone(tone)
    }

    /// A sample note text of row `i`: short, long and full-width, two lines
    /// with a control character, empty, or ASCII of varying length.
    fn sample_text(i: usize) -> String {
        match i % 5 {
            0 => "短い".to_string(),
            1 => "セミナーを開催し、参加者から意見を集めた（第２回）".repeat(1 + i % 3),
            2 => "two\nlines\u{1b}[31m".to_string(),
            3 => String::new(),
            _ => "x".repeat(i % 40),
        }
    }

    /// A grid of four columns, two of them flexible, without rows.
    fn sample_columns() -> Grid {
        Grid::new(vec![
            Column::left("ID", "番号"),
            Column::right("Count", "件数"),
            Column::left("Who", "誰").flex(),
            Column::left("Note", "記録").flex(),
        ])
    }

    /// `text` with each line's trailing blanks trimmed.
    fn trimmed_lines(text: &str) -> String {
        text.lines()
            .map(|l| format!("{}\n", l.trim_end()))
            .collect()
    }

    #[test]
    fn a_large_table_printed_in_pieces_is_the_table_of_the_whole() {
        let mut g = Grid::new(vec![
            Column::left("ID", "番号"),
            Column::right("Count", "件数"),
            Column::left("Note", "記録").flex(),
        ]);
        for i in 0..(PIECE * 2 + 7) {
            g.push(vec![
                sample_id(i),
                Cell::new(i.to_string()),
                Cell::new(sample_text(i)),
            ]);
        }
        // The widest cell of each column only in the last piece.
        g.push(vec![
            "999.tcci.ア.12".into(),
            "1234567".into(),
            "最後".into(),
        ]);
        for (color, width) in [(false, None), (true, None), (false, Some(60))] {
            let mut ui = Ui::plain(Lang::Ja);
            ui.color = color;
            ui.width = width;
            let whole = g.to_table(&ui);
            ui.hold();
            g.print_table(&mut ui);
            assert!(ui.take_held() == whole, "color {color}, width {width:?}");
        }
    }

    #[test]
    fn a_table_streamed_from_its_rows_is_the_table_of_the_rows_held() {
        let columns = sample_columns;
        // Built again at each call, as plan log builds its rows.
        let row = |i: usize| {
            vec![
                sample_id(i),
                Cell::new(i.to_string()),
                Cell::new(["佐藤", "山田 太郎", "a"][i % 3]),
                Cell::new(sample_text(i)),
            ]
        };
        // The widest cell of each column only in the last piece, and a row
        // short of a cell.
        let last = |n: usize| {
            vec![
                vec![
                    "999.tcci.ア.12".into(),
                    "1234567".into(),
                    "最後".into(),
                    "終".into(),
                ],
                vec![Cell::new(n.to_string())],
            ]
        };
        // Empty, one piece, one piece exactly, several pieces, and enough
        // rows for the rows held to be escaped and measured on threads.
        for n in [0, 5, PIECE - 2, PIECE * 2 + 7, ROWS_A_THREAD_TAKES * 40 + 3] {
            let rows = || (0..n).map(row).chain(last(n));
            let mut held = columns();
            held.rows = rows().collect();
            let looks = [
                (false, None),
                (true, None),
                (false, Some(60)),
                (true, Some(60)),
                (false, Some(100)),
                (false, Some(400)),
            ];
            for (color, width) in looks {
                let mut ui = Ui::plain(Lang::Ja);
                ui.color = color;
                ui.width = width;
                let whole = held.to_table(&ui);
                ui.hold();
                columns().print_rows(&mut ui, rows);
                let streamed = ui.take_held();
                assert!(
                    streamed == whole,
                    "{n} rows, color {color}, width {width:?}"
                );
                ui.hold();
                columns().print_markdown(&mut ui, rows());
                assert_eq!(ui.take_held(), held.to_markdown(&ui), "{n} rows");
            }
        }
    }

    #[test]
    fn streamed_json_and_csv_are_the_bytes_of_the_whole() {
        for records in [rows(), Vec::new()] {
            assert_eq!(
                streamed(Format::Json.into(), &records),
                json(&records).unwrap()
            );
            for format in [Format::Csv, Format::Tsv] {
                for (raw, excel) in [(false, false), (true, false), (false, true)] {
                    let output = Output { format, raw, excel };
                    assert_eq!(
                        streamed(output, &records),
                        delimited(&records, output, Lang::Ja).unwrap(),
                        "{output:?}"
                    );
                }
            }
        }
    }

    /// The table comfy-table lays out for `g` (with colour off), as this
    /// module laid tables out before it did so itself: the same texts,
    /// widths, padding and alignment, trailing blanks trimmed.
    fn comfy(g: &Grid, ui: &Ui) -> String {
        use comfy_table::{CellAlignment, ContentArrangement, LineStyle, Table, TableStyle};
        let mut table = Table::new();
        table.load_style(TableStyle::new().header_separator(LineStyle::none().fill('-')));
        table.set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(g.columns.iter().map(|c| c.header.get(ui.lang)));
        for row in g.fitted(ui) {
            table.add_row(row.into_iter().map(|s| s.text.into_owned()));
        }
        for (i, column) in g.columns.iter().enumerate() {
            let col = table.column_mut(i).unwrap();
            let last = i + 1 == g.columns.len();
            col.set_padding((0, if last { 0 } else { g.gap() }));
            col.set_cell_alignment(match column.align {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            });
        }
        trimmed_lines(&table.to_string())
    }

    /// Text without its SGR escapes (`ESC [ … m`), each line's trailing
    /// blanks trimmed (a coloured cell's padding is inside its colour).
    fn unstyled(s: &str) -> String {
        let mut out = String::new();
        let mut rest = s;
        while let Some(at) = rest.find('\u{1b}') {
            out.push_str(&rest[..at]);
            let end = rest[at..].find('m').unwrap();
            rest = &rest[at + end + 1..];
        }
        out.push_str(rest);
        trimmed_lines(&out)
    }

    #[test]
    fn tables_are_laid_out_as_comfy_table_lays_them_out() {
        let mut g = sample_columns();
        for i in 0..40 {
            g.push(vec![
                sample_id(i),
                Cell::new((i * i * 37).to_string()),
                Cell::new(["佐藤", "山田 太郎", "", "a\nb\nc"][i % 4]),
                Cell::new(sample_text(i)),
            ]);
        }
        // A short row, a trailing ideographic space, a wide empty column.
        g.push(vec![Cell::new("short")]);
        g.push(vec![
            "x".into(),
            "".into(),
            "".into(),
            "全角の空白\u{3000}".into(),
        ]);
        for compact in [false, true] {
            g.compact = compact;
            for lang in [Lang::Ja, Lang::En] {
                for width in [None, Some(30), Some(60), Some(100)] {
                    let mut ui = Ui::plain(lang);
                    ui.width = width;
                    let plain = g.to_table(&ui);
                    assert_eq!(plain, comfy(&g, &ui), "{lang:?} {width:?} {compact}");
                    ui.color = true;
                    let coloured = g.to_table(&ui);
                    assert_ne!(coloured, plain);
                    assert_eq!(unstyled(&coloured), plain, "{lang:?} {width:?}");
                }
            }
        }
    }

    /// A random cell text: ASCII, full-width, combining and wide
    /// characters, blanks of both widths, characters that get escaped,
    /// line breaks, or nothing.
    fn random_text(rng: &mut fastrand::Rng) -> String {
        const PIECES: [&str; 16] = [
            "a",
            "Z9",
            " ",
            "都",
            "ＥＸＰＯ",
            "e\u{301}",
            "😀",
            "\u{3000}",
            "\t",
            "\n",
            "\u{1b}[31m",
            "\u{200b}",
            "、",
            "（注）",
            "-",
            "|",
        ];
        let n = rng.usize(0..12);
        (0..n).map(|_| PIECES[rng.usize(..PIECES.len())]).collect()
    }

    #[test]
    fn random_tables_are_laid_out_as_comfy_table_lays_them_out() {
        let mut rng = fastrand::Rng::with_seed(22);
        for round in 0..300 {
            let columns = (0..rng.usize(1..=5))
                .map(|i| {
                    let header = format!("H{i}{}", "見".repeat(rng.usize(0..3)));
                    let column = if rng.bool() {
                        Column::left(&header, &header)
                    } else {
                        Column::right(&header, &header)
                    };
                    if rng.bool() { column.flex() } else { column }
                })
                .collect::<Vec<_>>();
            let width = columns.len();
            let mut g = Grid::new(columns);
            g.compact = rng.bool();
            for _ in 0..rng.usize(0..8) {
                g.push(
                    (0..width)
                        .map(|_| Cell::new(random_text(&mut rng)))
                        .collect(),
                );
            }
            let mut ui = Ui::plain(if rng.bool() { Lang::Ja } else { Lang::En });
            ui.width = [None, Some(20), Some(40), Some(80)][rng.usize(..4)];
            assert_eq!(
                g.to_table(&ui),
                comfy(&g, &ui),
                "round {round}: {g:?} {:?}",
                ui.width
            );
        }
    }

    #[test]
    fn colour_marks_the_header_bold_and_each_cell_in_its_tone() {
        let mut g = Grid::new(vec![Column::left("ID", "番号"), Column::right("N", "数")]);
        g.push(vec![Cell::new("1.tmg.ア").tone(Tone::Good), "2".into()]);
        g.push(vec![Cell::new("2.tmg.イ").tone(Tone::Bad), "10".into()]);
        let mut ui = Ui::plain(Lang::En);
        ui.color = true;
        let out = g.to_table(&ui);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("\u{1b}[1mID  "), "{out:?}");
        assert!(
            lines[2].starts_with("\u{1b}[32m1.tmg.ア  \u{1b}[0m"),
            "{out:?}"
        );
        assert!(
            lines[3].starts_with("\u{1b}[31m2.tmg.イ  \u{1b}[0m"),
            "{out:?}"
        );
        // Plain cells get no escape at all.
        assert!(lines[3].ends_with("\u{1b}[0m10"), "{out:?}");
    }

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
