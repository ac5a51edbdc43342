//! The one error type every command returns, and the exit code each kind of
//! failure maps to. `main` turns it into a message and an exit code in one place.

use crate::diagnostic::Diagnostic;
use crate::i18n::Text;

/// Exit codes, documented in the README.
pub mod exit {
    /// Success.
    pub const OK: i32 = 0;
    /// `plan check` found errors (or warnings, with `--deny-warnings`);
    /// `plan fmt --check` found files to reformat.
    pub const PROBLEMS: i32 = 1;
    /// Usage error or bad input: a bad argument, an unknown ID, status or
    /// date, no plan found; or nothing could be written (read-only, disk full).
    pub const USAGE: i32 = 2;
    /// The plan files cannot be read or are invalid (run `plan check`).
    pub const INVALID_PLAN: i32 = 3;
    /// An internal error: a bug in plan, to be reported.
    pub const INTERNAL: i32 = 4;
    /// Git failed: a commit after the note was written (`plan note
    /// --commit`: the note stays recorded), or `plan sync` found no
    /// upstream, could not reach the remote, or had its push refused.
    pub const GIT: i32 = 5;
    /// `plan sync`: the upstream's changes conflict with local ones in a
    /// file other than notes; the rebase was aborted.
    pub const CONFLICT: i32 = 6;
}

/// Whether this run has begun to change a file (see [`about_to_write`]):
/// what the panic hook may honestly say about the user's files.
static WRITING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

thread_local! {
    /// Whether a panic on this thread is caught and answered (a thread of
    /// `plan serve`, where a bug in one page is that request's 500).
    static CAUGHT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Called by every writer of the user's files (notes, atomic rewrites, an
/// imported plan) before it changes anything, so a later panic does not
/// claim that nothing was written.
pub fn about_to_write() {
    WRITING.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Marks the calling thread as one whose panics are caught and answered
/// (`plan serve` runs every request on such threads): the hook reports
/// the bug and lets the panic unwind to the catch, instead of exiting.
pub fn panics_are_caught_on_this_thread() {
    CAUGHT.with(|c| c.set(true));
}

/// Turns a panic (a bug, never the user's input) into a clear message and
/// the internal-error exit code. On a thread of `plan serve` the message
/// is logged and the panic unwinds to the request's catch (a 500 page):
/// the server goes on. The release profile unwinds (`panic = "unwind"`),
/// so that catch can run.
pub fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let what = crate::text::escape_control(&what).into_owned();
        let caught = CAUGHT.try_with(std::cell::Cell::get).unwrap_or(false);
        let wrote = WRITING.load(std::sync::atomic::Ordering::SeqCst);
        let message = if caught {
            format!(
                "plan serve: internal error{place}: {what}\n  this is a bug in plan, not in your files: the request was answered with an error page and the server goes on; please report it with the page you opened\n"
            )
        } else if wrote {
            format!(
                "plan: internal error{place}: {what}\n  this is a bug in plan, not in your files: please report it with the command you ran (files may have been changed before it: each is written whole, and `git status` and `plan check` show what changed)\n"
            )
        } else {
            format!(
                "plan: internal error{place}: {what}\n  this is a bug in plan, not in your files: please report it with the command you ran (nothing was written)\n"
            )
        };
        // Not eprintln!: a closed stderr must not panic inside the hook
        // (a second panic would abort instead of exiting 4).
        let _ = std::io::Write::write_all(&mut std::io::stderr(), message.as_bytes());
        if !caught {
            std::process::exit(exit::INTERNAL);
        }
    }));
}

/// Why a command failed.
#[derive(Debug)]
pub enum Error {
    /// Bad input on the command line.
    Usage { message: Text, help: Option<Text> },
    /// A file or directory could not be read or written.
    Io { message: Text, help: Option<Text> },
    /// The plan files cannot be loaded; each problem points into a file.
    Invalid(Vec<Diagnostic>),
    /// Problems were found and already reported (check, fmt --check).
    Problems,
    /// Git failed (exit 5), or a sync met a conflict (exit 6).
    Git {
        message: Text,
        help: Option<Text>,
        conflict: bool,
    },
    /// Anything else (a bug or an unexpected system error).
    Other(anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(message: Text) -> Self {
        Error::Usage {
            message,
            help: None,
        }
    }

    pub fn io(message: Text) -> Self {
        Error::Io {
            message,
            help: None,
        }
    }

    /// Git failed; `help` says what to do (exit 5).
    pub fn git(message: Text, help: Text) -> Self {
        Error::Git {
            message,
            help: Some(help),
            conflict: false,
        }
    }

    /// A conflict a sync stopped at (exit 6).
    pub fn conflict(message: Text, help: Text) -> Self {
        Error::Git {
            message,
            help: Some(help),
            conflict: true,
        }
    }

    /// The message and help of an error people read as one sentence
    /// (usage, I/O, git).
    pub fn message(&self) -> Option<(&Text, Option<&Text>)> {
        match self {
            Error::Usage { message, help }
            | Error::Io { message, help }
            | Error::Git { message, help, .. } => Some((message, help.as_ref())),
            _ => None,
        }
    }

    /// An I/O failure on a path: `cannot write `plan/notes/02.toml`: …`.
    /// `action` carries its own Japanese particle (`に書き込めません`).
    pub fn io_on(action: Text, path: &std::path::Path, e: &std::io::Error) -> Self {
        let shown = crate::source::display_path(path).display().to_string();
        Error::io(Text::new(
            format!("{} `{shown}`: {e}", action.en),
            format!("`{shown}` {}: {e}", action.ja),
        ))
    }

    /// Adds what the user can do about it.
    pub fn help(self, text: Text) -> Self {
        match self {
            Error::Usage { message, .. } => Error::Usage {
                message,
                help: Some(text),
            },
            Error::Io { message, .. } => Error::Io {
                message,
                help: Some(text),
            },
            Error::Git {
                message, conflict, ..
            } => Error::Git {
                message,
                help: Some(text),
                conflict,
            },
            other => other,
        }
    }

    /// Adds "did you mean `best`?" when there is a best guess.
    pub fn did_you_mean(self, guesses: Vec<String>) -> Self {
        match guesses.first() {
            Some(best) => self.help(crate::suggest::did_you_mean(best)),
            None => self,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } | Error::Io { .. } => exit::USAGE,
            Error::Git {
                conflict: false, ..
            } => exit::GIT,
            Error::Git { conflict: true, .. } => exit::CONFLICT,
            Error::Other(_) => exit::INTERNAL,
            Error::Invalid(_) => exit::INVALID_PLAN,
            Error::Problems => exit::PROBLEMS,
        }
    }
}

impl From<anyhow::Error> for Error {
    fn from(e: anyhow::Error) -> Self {
        Error::Other(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::io(text!(en: "input/output error: {e}", ja: "入出力エラー: {e}"))
    }
}
