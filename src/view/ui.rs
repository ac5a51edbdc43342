//! The terminal side of the program: language, colour, width, date style,
//! messages on stderr, and stdout (through a pager when it is long and a
//! person is reading it).

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::i18n::{Lang, Text};
use crate::model::date::DateStyle;

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream, honouring NO_COLOR (https://no-color.org)
    /// and colouring a terminal only.
    pub fn enabled(self, is_terminal: bool) -> bool {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        match self {
            _ if no_color => false,
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && std::env::var("TERM").map_or(true, |t| t != "dumb"),
        }
    }
}

/// Everything about how output is shown, decided once before any work.
#[derive(Debug, Clone)]
pub struct Ui {
    pub lang: Lang,
    pub date_style: DateStyle,
    /// Colour on stdout.
    pub color: bool,
    /// Colour on stderr.
    pub color_err: bool,
    /// Width to fit tables into; `None` when not known (output is piped and
    /// COLUMNS is not set): tables are then not wrapped.
    pub width: Option<usize>,
    /// Whether long output may go through a pager.
    pub page: bool,
    out: String,
}

impl Ui {
    pub fn new(lang: Lang, date_style: DateStyle, color: ColorChoice, no_pager: bool) -> Ui {
        let stdout_tty = std::io::stdout().is_terminal();
        let width = if stdout_tty {
            terminal_size::terminal_size().map(|(w, _)| w.0 as usize)
        } else {
            None
        }
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .filter(|w| *w >= 20);
        Ui {
            lang,
            date_style,
            color: color.enabled(stdout_tty),
            color_err: color.enabled(std::io::stderr().is_terminal()),
            width,
            page: !no_pager && stdout_tty,
            out: String::new(),
        }
    }

    /// A UI for tests and library use: English, ISO dates, no colour, no width.
    pub fn plain(lang: Lang) -> Ui {
        Ui {
            lang,
            date_style: DateStyle::Iso,
            color: false,
            color_err: false,
            width: None,
            page: false,
            out: String::new(),
        }
    }

    /// Picks the string for the UI language.
    pub fn t(&self, en: &'static str, ja: &'static str) -> &'static str {
        self.lang.pick(en, ja)
    }

    /// Appends to what goes to stdout.
    pub fn print(&mut self, s: &str) {
        self.out.push_str(s);
    }

    pub fn println(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// Writes a `note:` line to stderr at once (what the program decided on
    /// the user's behalf).
    pub fn note(&self, text: &Text) {
        let label = self.t("note", "注意");
        let color = anstyle::AnsiColor::Cyan;
        let body = crate::text::escape_control(text.get(self.lang)).into_owned();
        let line = if self.color_err {
            let style = anstyle::Style::new().bold().fg_color(Some(color.into()));
            format!("{style}{label}{style:#}: {body}")
        } else {
            format!("{label}: {body}")
        };
        let _ = writeln!(std::io::stderr(), "{line}");
    }

    /// A date as the user wants dates shown.
    pub fn date(&self, date: NaiveDate) -> String {
        self.date_style.format(date)
    }

    /// A timestamp as the user wants it shown: date and local time of the note.
    pub fn datetime(&self, at: &DateTime<FixedOffset>) -> String {
        format!("{} {}", self.date(at.date_naive()), at.format("%H:%M"))
    }

    /// Sends the collected stdout to the terminal, through `$PLAN_PAGER` or
    /// `$PAGER` (default `less -FRX`) when it is longer than the screen.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let out = std::mem::take(&mut self.out);
        if self.page && longer_than_screen(&out) && page(&out) {
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(out.as_bytes())?;
        stdout.flush()
    }
}

fn longer_than_screen(out: &str) -> bool {
    let height = terminal_size::terminal_size().map_or(24, |(_, h)| h.0 as usize);
    out.lines().count() >= height
}

/// Runs the pager on `out`; false when there is none to run. Like git, the
/// pager command is run by the shell, so it may carry options and quotes.
fn page(out: &str) -> bool {
    let pager = crate::settings::env("PLAN_PAGER")
        .or_else(|| crate::settings::env("PAGER"))
        .unwrap_or_else(|| "less -FRX".to_string());
    if pager.trim() == "cat" {
        return false;
    }
    let mut command = if cfg!(windows) {
        let mut words = pager.split_whitespace();
        let mut c = Command::new(words.next().unwrap_or("more"));
        c.args(words);
        c
    } else {
        let mut c = Command::new("sh");
        c.arg("-c").arg(&pager);
        c
    };
    let child = command
        .env("LESSCHARSET", "utf-8")
        .stdin(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return false;
    };
    if let Some(mut stdin) = child.stdin.take() {
        // The user may quit the pager early: a broken pipe is not an error.
        let _ = stdin.write_all(out.as_bytes());
    }
    let _ = child.wait();
    true
}
