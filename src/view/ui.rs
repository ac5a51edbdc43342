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
#[derive(Debug)]
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
    out: Out,
}

impl Clone for Ui {
    /// The same settings; the copy's stdout starts empty.
    fn clone(&self) -> Ui {
        Ui {
            lang: self.lang,
            date_style: self.date_style,
            color: self.color,
            color_err: self.color_err,
            width: self.width,
            pager: self.pager.clone(),
            out: Out::default(),
        }
    }
}

/// How much output is gathered before it is written: a few system calls
/// for a large output, and memory that does not grow with it.
const CHUNK: usize = 64 * 1024;

/// Output sent to a pager is kept (up to this much) until the pager has
/// shown that it runs: if the shell could not start it (126/127), what it
/// was sent is printed directly instead. More than a pipe's capacity
/// having been taken means it runs.
const KEEP_FOR_PAGER: usize = 256 * 1024;

/// Stdout on its way out: held until it is a screenful (when a pager is
/// wanted), then streamed to the pager or to stdout in chunks.
#[derive(Debug, Default)]
struct Out {
    held: String,
    /// Lines in `held` while the pager is still undecided.
    lines: usize,
    sink: Sink,
    /// The first write error; later output is dropped, and `finish` reports it.
    error: Option<std::io::Error>,
}

#[derive(Debug, Default)]
enum Sink {
    /// Not yet known whether the output needs a pager.
    #[default]
    Undecided,
    Stdout,
    Pager {
        child: std::process::Child,
        stdin: std::process::ChildStdin,
        /// What the pager was sent, until it is known to run (`None` then).
        sent: Option<Vec<u8>>,
    },
    /// The pager was quit: the rest is not wanted.
    Gone,
    /// Kept in `held` (tests).
    #[cfg(test)]
    Kept,
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
            out: Out::default(),
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
            out: Out::default(),
        }
    }

    /// The fixed words in the UI language.
    pub fn words(&self) -> &'static crate::words::Words {
        crate::words::words(self.lang)
    }

    /// Sends `s` to stdout: held while it fits a screen (a short output is
    /// never paged), then streamed — through the pager when one is set and
    /// stdout is a terminal — so a large output is never held whole.
    pub fn print(&mut self, s: &str) {
        let out = &mut self.out;
        if out.error.is_some() || matches!(out.sink, Sink::Gone) {
            return;
        }
        if matches!(out.sink, Sink::Undecided) && self.pager.is_none() {
            out.sink = Sink::Stdout;
        }
        // A large piece going straight to stdout is not copied first.
        if let Sink::Stdout = out.sink
            && s.len() >= CHUNK
        {
            out.send();
            write_stdout(s.as_bytes(), &mut out.error);
            return;
        }
        out.held.push_str(s);
        #[cfg(test)]
        if let Sink::Kept = out.sink {
            return;
        }
        if let Sink::Undecided = out.sink {
            match &self.pager {
                None => out.sink = Sink::Stdout,
                Some(pager) => {
                    out.lines += s.bytes().filter(|b| *b == b'\n').count();
                    if out.lines < screen_height() {
                        return;
                    }
                    out.sink = match start_pager(pager) {
                        Some((child, stdin)) => Sink::Pager {
                            child,
                            stdin,
                            sent: Some(Vec::new()),
                        },
                        None => Sink::Stdout,
                    };
                    out.send();
                    return;
                }
            }
        }
        if out.held.len() >= CHUNK {
            out.send();
        }
    }

    pub fn println(&mut self, s: &str) {
        self.print(s);
        self.print("\n");
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

    /// Keeps stdout from here on instead of writing it (for tests).
    #[cfg(test)]
    pub fn hold(&mut self) {
        self.pager = None;
        self.out.sink = Sink::Kept;
        self.out.held.clear();
    }

    /// What [`hold`](Ui::hold) kept.
    #[cfg(test)]
    pub fn take_held(&mut self) -> String {
        std::mem::take(&mut self.out.held)
    }

    /// Sends the rest of stdout, and waits for the pager to be quit.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let out = &mut self.out;
        if let Sink::Undecided = out.sink {
            // Shorter than a screen: no pager.
            out.sink = Sink::Stdout;
        }
        out.send();
        if let Sink::Pager {
            mut child,
            stdin,
            sent,
        } = std::mem::replace(&mut out.sink, Sink::Gone)
        {
            // Closing the pipe lets the pager see the end.
            drop(stdin);
            let code = child.wait().ok().and_then(|s| s.code());
            if matches!(code, Some(126 | 127))
                && let Some(sent) = sent
            {
                out.sink = Sink::Stdout;
                write_stdout(&sent, &mut out.error);
            }
        }
        if let Some(e) = out.error.take() {
            return Err(e);
        }
        std::io::stdout().lock().flush()
    }
}

impl Out {
    /// Writes what is held to where the output goes.
    fn send(&mut self) {
        let held = std::mem::take(&mut self.held);
        match &mut self.sink {
            Sink::Undecided | Sink::Gone => {}
            #[cfg(test)]
            Sink::Kept => self.held = held,
            Sink::Stdout => write_stdout(held.as_bytes(), &mut self.error),
            Sink::Pager { stdin, sent, .. } => {
                if let Some(kept) = sent {
                    kept.extend_from_slice(held.as_bytes());
                    if kept.len() > KEEP_FOR_PAGER {
                        *sent = None;
                    }
                }
                if stdin.write_all(held.as_bytes()).is_err() {
                    self.pager_closed();
                }
            }
        }
    }

    /// The pager stopped reading: quit by the user (the rest is dropped,
    /// as before), or never started (126/127: print directly instead).
    fn pager_closed(&mut self) {
        let Sink::Pager {
            mut child,
            stdin,
            sent,
        } = std::mem::replace(&mut self.sink, Sink::Gone)
        else {
            return;
        };
        drop(stdin);
        let code = child.wait().ok().and_then(|s| s.code());
        if matches!(code, Some(126 | 127))
            && let Some(sent) = sent
        {
            self.sink = Sink::Stdout;
            write_stdout(&sent, &mut self.error);
        }
    }
}

fn write_stdout(bytes: &[u8], error: &mut Option<std::io::Error>) {
    if error.is_some() || bytes.is_empty() {
        return;
    }
    if let Err(e) = std::io::stdout().lock().write_all(bytes) {
        *error = Some(e);
    }
}

fn screen_height() -> usize {
    terminal_size::terminal_size().map_or(24, |(_, h)| h.0 as usize)
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

/// Starts the pager, its input a pipe; `None` when there is none to run
/// (`cat`) or it cannot be started: then the output goes to stdout
/// directly, as git does, rather than lost. Like git, the pager command is
/// run by the shell, so it may carry options and quotes.
fn start_pager(pager: &str) -> Option<(std::process::Child, std::process::ChildStdin)> {
    if pager.trim() == "cat" {
        return None;
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
    let mut child = command
        .env("LESSCHARSET", "utf-8")
        .stdin(Stdio::piped())
        .spawn()
        .ok()?;
    let stdin = child.stdin.take()?;
    Some((child, stdin))
}
