//! The terminal side of the program: language, colour, width, date style,
//! messages on stderr, and stdout (through a pager when it is long and a
//! person is reading it).

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

use chrono::{DateTime, FixedOffset, NaiveDate};

use anstyle::{AnsiColor, Style};

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::i18n::{Lang, Text};
use crate::model::date::DateStyle;
use crate::settings::{ColorChoice, Settings};
use crate::text::escape_control;

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
    /// The pager long output goes through on a terminal; `None`: no paging.
    pub pager: Option<String>,
    out: String,
}

impl Ui {
    /// The UI the settings ask for, on the streams this process has.
    pub fn new(settings: &Settings) -> Ui {
        let stdout_tty = std::io::stdout().is_terminal();
        let width = if stdout_tty {
            terminal_size::terminal_size().map(|(w, _)| w.0 as usize)
        } else {
            None
        }
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .filter(|w| *w >= 20);
        let color = settings.color.value;
        Ui {
            lang: settings.lang.value,
            date_style: settings.date_style.value,
            color: colour_on(color, stdout_tty),
            color_err: colour_on(color, std::io::stderr().is_terminal()),
            width,
            pager: settings.pager.value.clone().filter(|_| stdout_tty),
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
            pager: None,
            out: String::new(),
        }
    }

    /// The fixed words in the UI language.
    pub fn words(&self) -> &'static crate::words::Words {
        crate::words::words(self.lang)
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
        let label = self.words().note_label;
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

    /// Prints a command's error to stderr in the UI language.
    pub fn error(&self, error: &Error) {
        let lang = self.lang;
        let mut out = String::new();
        let (red, cyan) = if self.color_err {
            (
                Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
                Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())),
            )
        } else {
            (Style::new(), Style::new())
        };
        let error_label = self.words().error_label;
        let help_label = self.words().help_label;
        match error {
            Error::Usage { message, help }
            | Error::Io { message, help }
            | Error::Git { message, help, .. } => {
                // A message may list things on lines of its own (the notes
                // a key matches): keep its line breaks, escape the rest.
                let message = crate::text::escape_control_keep_lines(message.get(lang));
                out.push_str(&format!("{red}{error_label}{red:#}: {message}\n"));
                if let Some(help) = help {
                    let help = crate::text::escape_control_keep_lines(help.get(lang));
                    out.push_str(&format!("  {cyan}{help_label}{cyan:#}: {help}\n"));
                }
            }
            Error::Invalid(diagnostics) => {
                for d in diagnostics {
                    out.push_str(&format!("{}\n\n", d.render_human(lang, self.color_err)));
                }
                let n = diagnostics.len();
                let summary = match lang {
                    Lang::En => format!(
                        "the plan files have {n} error{}; nothing was done (run `plan check` for details)",
                        if n == 1 { "" } else { "s" }
                    ),
                    Lang::Ja => format!(
                        "計画ファイルにエラーが {n} 件あります。何も実行していません（詳細は `plan check`）"
                    ),
                };
                out.push_str(&format!("{red}{error_label}{red:#}: {summary}\n"));
            }
            Error::Problems => {}
            Error::Other(e) => {
                let e = escape_control(&format!("{e:#}")).into_owned();
                out.push_str(&format!("{red}{error_label}{red:#}: {e}\n"));
            }
        }
        let _ = std::io::stderr().write_all(out.as_bytes());
    }

    /// Warnings found on the way (a bad line in a config file, a torn
    /// note), one rendered diagnostic each, on stderr.
    pub fn warn(&self, diagnostics: &[Diagnostic]) {
        let mut out = String::new();
        for d in diagnostics {
            out.push_str(&d.render_human(self.lang, self.color_err));
            out.push_str("\n\n");
        }
        let _ = std::io::stderr().write_all(out.as_bytes());
    }

    /// A date as the user wants dates shown.
    pub fn date(&self, date: NaiveDate) -> String {
        self.date_style.format(date)
    }

    /// A timestamp as the user wants it shown: date and local time of the note.
    pub fn datetime(&self, at: &DateTime<FixedOffset>) -> String {
        self.date_style.datetime(at)
    }

    /// Sends the collected stdout to the terminal, through `$PLAN_PAGER` or
    /// `$PAGER` (default `less -FRX`) when it is longer than the screen.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let out = std::mem::take(&mut self.out);
        if let Some(pager) = &self.pager
            && longer_than_screen(&out)
            && page(pager, &out)
        {
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

/// Whether a stream gets colour: `always`, `never`, or `auto` on a
/// terminal that is not `TERM=dumb`.
fn colour_on(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && std::env::var("TERM").map_or(true, |t| t != "dumb"),
    }
}

/// Runs the pager on `out`; false when there is none to run, or it could
/// not be started (the shell's 126/127): then the output is printed
/// directly, as git does, rather than lost. Like git, the pager command is
/// run by the shell, so it may carry options and quotes.
fn page(pager: &str, out: &str) -> bool {
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
        c.arg("-c").arg(pager);
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
    match child.wait() {
        Ok(status) => !matches!(status.code(), Some(126 | 127)),
        Err(_) => false,
    }
}
