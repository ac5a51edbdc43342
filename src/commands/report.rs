//! `plan report`: the progress report (進捗報告) for managers — Markdown,
//! one printable HTML page, or an Excel workbook — built by
//! [`crate::report::build`] and written by the report's renderers.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::cli::{PartiesArg, SectionsArg};
use crate::error::{Error, Result};
use crate::files::atomic::write_output;
use crate::files::lineage::PreviousYear;
use crate::files::notes::Options;
use crate::i18n::Text;
use crate::report::{self, NotesMode, Request};

use super::Context;

/// The report's file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown, for an issue or a wiki page
    #[default]
    Markdown,
    /// One self-contained HTML page with charts, laid out for A4
    Html,
    /// An Excel workbook (binary: needs --output, or a redirected stdout)
    Xlsx,
}

/// Write the progress report (進捗報告) for managers
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  plan report                                     Markdown, as of today
  plan report --as-of {fy}-09-30 --notes all      the first half, with every note
  plan report --format html --as-of {fy}-09 -o report.html
  plan report --format xlsx -o report.xlsx        an Excel workbook
  plan report --party tcci --section 2-4

A month as --as-of means its last day. Print the HTML to PDF with a browser:
  chromium --headless --print-to-pdf=report.pdf report.html")]
pub struct Args {
    /// Where the plan stood at the end of this date (a month: its last day) [default: today]
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,

    #[command(flatten)]
    pub parties: PartiesArg,

    #[command(flatten)]
    pub sections: SectionsArg,

    /// Report format
    #[arg(long, short, value_enum, default_value_t)]
    pub format: ReportFormat,

    /// Write to FILE (all at once) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Each measure's latest result only, or every note in date order
    #[arg(long, value_enum, value_name = "WHICH", default_value_t)]
    pub notes: NotesMode,

    /// Show beside each measure where the one it continues stood at the end of last year (archive/<year>/)
    #[arg(long)]
    pub last_year: bool,
}

pub fn exec(args: Args, ctx: &mut Context) -> Result<()> {
    // A workbook is binary: it may go to a file or a pipe, never a terminal.
    let binary_to_terminal = args.format == ReportFormat::Xlsx
        && args.output.is_none()
        && std::io::stdout().is_terminal();
    if binary_to_terminal {
        return Err(Error::usage(Text::new(
            "an Excel workbook is binary and is not shown on a terminal: write it with --output report.xlsx (or redirect standard output)",
            "Excel ブックはバイナリなので端末には出力しません。--output report.xlsx で書き出してください（標準出力のリダイレクトも可）",
        )));
    }
    let plan = ctx.load_plan()?;
    let filter = ctx.filter(&plan, &args.parties.input_with(&args.sections))?;
    let as_of = ctx
        .as_of(&plan, args.as_of.as_deref())?
        .unwrap_or(ctx.today());
    let options = Options {
        keep_text: true,
        ..Options::default()
    };
    let book = ctx.notebook(&plan, options)?;
    let last_year = if args.last_year {
        let found = PreviousYear::of(&plan, ctx.zone(), ctx.now());
        if found.is_none() {
            ctx.ui.note(&Text::new(
                "--last-year shows nothing: the plan records no previous year, or its plan is not in archive/<year>/ (plan check says which)",
                "--last-year では何も示せません: 計画に前年度の記録がないか、その計画が archive/<年度>/ にありません（plan check で分かります）",
            ));
        }
        found
    } else {
        None
    };
    let request = Request {
        lang: ctx.lang(),
        date_style: ctx.ui.date_style,
        zone: ctx.zone(),
        now: ctx.now(),
        as_of,
        notes: args.notes,
        filter: &filter,
        last_year: last_year.as_ref(),
    };
    let built = report::build(&plan, &book, &request);
    let text = match args.format {
        ReportFormat::Markdown => report::markdown::render(&built),
        ReportFormat::Html => report::html::render(&built),
        ReportFormat::Xlsx => {
            let bytes = report::xlsx::to_bytes(&built).map_err(anyhow::Error::from)?;
            return match &args.output {
                Some(path) => write_output(path, &bytes),
                None => to_stdout(&bytes),
            };
        }
    };
    match &args.output {
        Some(path) => write_output(path, text.as_bytes()),
        None => {
            ctx.ui.print(&text);
            Ok(())
        }
    }
}

/// Binary output straight to a pipe or file (a closed pipe is not an error).
fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
