//! The plan and its notes as the pages see them, reloaded when the files
//! change: an edit made outside the server (a `git pull`, a `plan note`
//! in a terminal) shows on the next page load, without a restart.
//!
//! Before each request the plan directory and `notes/` are listed and
//! every file's size, modification time and inode taken (a few system
//! calls); the plan is read again only when that fingerprint changed. An
//! append changes a size, a checkout replaces inodes. The fingerprint is
//! taken before reading, so a cached snapshot is never older than its key.
//!
//! One request reloads; the others that find the files changed wait for
//! that load and share its snapshot (single flight), so a change seen by
//! two hundred waiting requests is read once, and the memory a reload
//! takes does not grow with the number of requests waiting for it.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::files::notes::{Notebook, Options};
use crate::files::store::NOTES_DIR;
use crate::i18n::{Lang, Text};
use crate::model::date::Zone;
use crate::model::filter::{FilterInput, MeasureFilter};
use crate::model::plan::Plan;
use crate::model::progress::{Tracker, cutoff};
use crate::settings::{Flags, Settings};
use crate::view::ui::Ui;

/// A plan that loaded, with its notes and the settings in force.
pub struct Snapshot {
    /// The settings, resolved as for a command.
    pub settings: Settings,
    /// Dates in the settings' date style (the page sets the language).
    pub ui: Ui,
    pub plan: Plan,
    /// Every note line that could be read, with its text.
    pub book: Notebook,
    /// Who a note is by when the visitor has not said (`[settings] author`,
    /// `PLAN_AUTHOR`, git's user.name, the login name).
    pub author: String,
    /// What pages build from this snapshot, kept until it is replaced.
    pub memo: crate::web::memo::Memo<crate::web::pages::dashboard::Parts>,
}

impl Snapshot {
    /// The plan's language (a page may speak another).
    pub fn lang(&self) -> Lang {
        self.settings.lang.value
    }

    /// The plan's time zone.
    pub fn zone(&self) -> Zone {
        self.settings.timezone.value
    }

    /// Now, in the plan's time zone.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.zone().now()
    }

    /// Progress replayed as the command line replays it: up to the end of
    /// `as_of`, or now.
    pub fn tracker(&self, as_of: Option<NaiveDate>) -> Tracker<'_> {
        let cutoff = cutoff(self.zone(), self.now(), as_of);
        Tracker::new(&self.plan, self.book.events(&self.plan), Some(cutoff))
    }

    /// The measure filter of `plan list`, checked against the plan.
    pub fn filter(&self, input: &FilterInput) -> Result<MeasureFilter> {
        MeasureFilter::parse(&self.plan, input, self.now())
    }
}

/// The plan as the last reload left it.
pub enum Loaded {
    Ready(Box<Snapshot>),
    /// The plan files (or a notes file as a whole) cannot be read: what
    /// `plan check` would say, in the plan's language.
    Broken {
        lang: Lang,
        diagnostics: Vec<Diagnostic>,
        /// A failure that is not about one file (rare: no plan directory).
        message: Option<Text>,
    },
}

/// Every file that makes up the plan, as (directory: 0 the plan's, 1
/// `notes/`; file name; size; modified, s and ns; inode). Names rather than
/// paths: comparing two fingerprints is then a memcmp per file, where
/// paths compare component by component (a tenth of a request at 20k).
type Fingerprint = Vec<(u8, std::ffi::OsString, u64, i64, i64, u64)>;

/// The last snapshot and the fingerprint it was read under.
pub struct Cache {
    flags: Flags,
    plan_dir: PathBuf,
    last: Mutex<Option<(Fingerprint, Arc<Loaded>)>>,
    /// Held by the one request that reloads.
    loading: Mutex<()>,
}

impl Cache {
    /// A cache of the plan in `plan_dir`; settings are resolved from
    /// `flags` on every reload, as a command resolves them.
    pub fn new(flags: Flags, plan_dir: PathBuf) -> Cache {
        Cache {
            flags,
            plan_dir,
            last: Mutex::new(None),
            loading: Mutex::new(()),
        }
    }

    pub fn plan_dir(&self) -> &Path {
        &self.plan_dir
    }

    /// The language `plan --lang` gave the server, if it was given.
    pub fn flag_lang(&self) -> Option<Lang> {
        self.flags.lang
    }

    /// The plan as the files are now: the cached snapshot while nothing
    /// changed, a fresh one otherwise.
    /// While one request reloads, the others wait for it and share
    /// what it read.
    pub fn current(&self) -> Arc<Loaded> {
        let print = fingerprint(&self.plan_dir);
        if let Some(hit) = self.cached(&print) {
            return hit;
        }
        // A reload that panicked left nothing half-made behind: the lock
        // is taken again.
        let _only_one = self
            .loading
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Whoever held the lock may have read the files as they are now.
        let print = fingerprint(&self.plan_dir);
        if let Some(hit) = self.cached(&print) {
            return hit;
        }
        // The old snapshot is let go before the new one is read, so the
        // two are not in memory at once (requests under way keep theirs).
        if let Ok(mut last) = self.last.lock() {
            *last = None;
        }
        let loaded = Arc::new(self.load());
        if let Ok(mut last) = self.last.lock() {
            *last = Some((print, Arc::clone(&loaded)));
        }
        loaded
    }

    /// The cached snapshot, if it was read under `print`.
    fn cached(&self, print: &Fingerprint) -> Option<Arc<Loaded>> {
        let last = self.last.lock().ok()?;
        let (seen, loaded) = last.as_ref()?;
        (seen == print).then(|| Arc::clone(loaded))
    }

    fn load(&self) -> Loaded {
        let settings = Settings::resolve(&self.flags);
        let lang = settings.lang.value;
        let plan = match crate::files::load::load(&self.plan_dir) {
            Ok(plan) => plan,
            Err(Error::Invalid(diagnostics)) => {
                return Loaded::Broken {
                    lang,
                    diagnostics,
                    message: None,
                };
            }
            Err(
                Error::Usage { message, .. }
                | Error::Io { message, .. }
                | Error::Git { message, .. },
            ) => {
                return Loaded::Broken {
                    lang,
                    diagnostics: Vec::new(),
                    message: Some(message),
                };
            }
            Err(other) => {
                return Loaded::Broken {
                    lang,
                    diagnostics: Vec::new(),
                    message: Some(Text::same(format!("{other:?}"))),
                };
            }
        };
        let mut ui = Ui::plain(lang);
        ui.date_style = settings.date_style.value;
        let zone = settings.timezone.value;
        let options = Options {
            keep_text: true,
            ..Options::default()
        };
        let book = Notebook::read(&plan, zone, zone.now(), options);
        // As on the command line: a notes file that cannot be read at all
        // fails (its notes would be missing); a bad line is skipped.
        if !book.unreadable.is_empty() {
            return Loaded::Broken {
                lang,
                diagnostics: book.unreadable,
                message: None,
            };
        }
        let author = settings
            .author(None, &plan.dir)
            .map_or_else(|_| String::new(), |s| s.value);
        Loaded::Ready(Box::new(Snapshot {
            settings,
            ui,
            plan,
            book,
            author,
            memo: Default::default(),
        }))
    }
}

/// The files of the plan directory and of `notes/`, with what changes
/// when they are written or replaced.
fn fingerprint(plan_dir: &Path) -> Fingerprint {
    let mut out = Vec::new();
    for (which, dir) in [(0, plan_dir.to_path_buf()), (1, plan_dir.join(NOTES_DIR))] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            out.push((which, Default::default(), 0, 0, 0, 0));
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            // Follows links, as reading does.
            match std::fs::metadata(dir.join(&name)) {
                Ok(m) if m.is_file() => {
                    out.push((which, name, m.len(), m.mtime(), m.mtime_nsec(), m.ino()));
                }
                Ok(_) => {}
                Err(_) => out.push((which, name, 0, 0, 0, 0)),
            }
        }
    }
    out.sort_unstable();
    out
}
