//! Reading the notes back: every line of every notes file (or of one
//! section's), decoded and checked on its own, so one torn or mistyped line
//! is one diagnostic at its place and every other note still counts.
//!
//! What is kept of each note is what progress needs (its measure, time,
//! status, key, correction); the rest is decoded again from the line when
//! a note is shown, so a million notes fit in little memory.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeZone};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::files::noteline::{self, Fields, LineError, LineErrorKind, RawTime};
use crate::files::read::{NOTES_FILE_LIMIT, OUTSIDE, ReadError, leaves, open, read_file};
use crate::files::store::{self, NOTES_DIR};
use crate::i18n::Text;
use crate::model::corrections::{self, Kind, Problem, Record, State};
use crate::model::date::Zone;
use crate::model::id::MeasureId;
use crate::model::link;
use crate::model::note::{Correction, Note, NoteTime, Status};
use crate::model::note_rules::{self, DateProblem};
use crate::model::plan::Plan;
use crate::model::progress::Event;
use crate::source::{SourceFile, display_path, display_path_from};
use crate::text::escape_control;

/// What to read, and how much to check.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Only this section's notes file (`plan show ID`, `plan note`).
    pub section: Option<u32>,
    /// Keep the files' text, to show notes in full afterwards.
    pub keep_text: bool,
    /// Everything `plan check` reports: duplicate keys, corrections that
    /// miss, dates in the future or outside the fiscal year.
    pub check: bool,
    /// The plan lacks some section files (they are broken): notes on
    /// sections it does not have are not reported as unknown.
    pub partial: bool,
}

/// One notes file as read.
#[derive(Debug, Clone)]
pub struct NotesFile {
    /// As shown to the user.
    pub path: PathBuf,
    /// As read, to read it again ([`Notebook::recall`]).
    source: PathBuf,
    /// Its text, when kept (invalid UTF-8 replaced; such lines are skipped).
    text: String,
    /// The notes' keys (and the keys their corrections name) that are not
    /// in `text` as they are: all of them when the text is not kept, else
    /// only those written with an escape.
    strings: String,
    /// The line without its newline is torn (the file does not end with
    /// one and the last line is not a note).
    pub torn_tail: bool,
}

/// One readable note line, as progress needs it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub file: u32,
    /// 1-based.
    pub line: u32,
    /// The line's bytes in the file's text.
    span: Range<u32>,
    /// The measure's number in the plan.
    pub measure: u32,
    /// The sub-item (counted from 1), or 0 for the measure itself.
    pub sub: u16,
    /// When its work happened (a date-only note: the start of that day).
    pub at: DateTime<FixedOffset>,
    /// Its day in the plan's zone, found once, on the reading threads.
    pub day: NaiveDate,
    pub day_only: bool,
    pub status: Option<Status>,
    /// Its key ([`Notebook::key`]): a place in the file's text, not a
    /// copy of its own.
    key: Str,
    /// What it corrects ([`Notebook::correction`]).
    correction: Option<(Kind, Str)>,
    /// Its text's [`note_rules::text_hash`], when read to be checked.
    text_hash: u64,
}

/// Where a string of a note is: in its file's text, or in the file's
/// `strings`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Str {
    in_text: bool,
    start: u32,
    len: u32,
}

/// Where a note's strings go as a file is read.
struct Places<'a> {
    /// The file's text is kept: a string written as it is stays there.
    keep_text: bool,
    /// Where the line starts in the file's text.
    line_start: usize,
    strings: &'a mut String,
}

impl Places<'_> {
    /// The place of `s`, a string of `line` as decoded: the line's own
    /// bytes when they are `s` and the text is kept, else a copy in the
    /// file's strings.
    fn place(&mut self, line: &str, s: &str) -> Str {
        let offset = (s.as_ptr() as usize).wrapping_sub(line.as_ptr() as usize);
        if self.keep_text && line.get(offset..offset.saturating_add(s.len())) == Some(s) {
            return Str {
                in_text: true,
                start: (self.line_start + offset) as u32,
                len: s.len() as u32,
            };
        }
        let start = self.strings.len() as u32;
        self.strings.push_str(s);
        Str {
            in_text: false,
            start,
            len: s.len() as u32,
        }
    }
}

/// Every note read, with how corrections leave each one.
#[derive(Debug, Default)]
pub struct Notebook {
    pub files: Vec<NotesFile>,
    pub entries: Vec<Entry>,
    /// Parallel to `entries`.
    pub states: Vec<State>,
    /// Every problem found; the errors are lines that were skipped.
    pub diagnostics: Vec<Diagnostic>,
    /// Files (or the notes directory) that could not be read at all.
    pub unreadable: Vec<Diagnostic>,
}

impl Notebook {
    /// Reads the notes of a plan.
    pub fn read(plan: &Plan, zone: Zone, now: DateTime<FixedOffset>, opts: Options) -> Notebook {
        let mut book = Notebook::default();
        let paths = match store::notes_files(&plan.dir, opts.section) {
            Ok(paths) => paths,
            Err(e) => {
                let dir = display_path(&plan.dir.join(NOTES_DIR));
                book.unreadable.push(
                    Diagnostic::in_file(
                        Code::Unreadable,
                        text!(
                            en: "cannot read the notes directory: {e}",
                            ja: "記録ディレクトリを読めません: {e}",
                        ),
                        &dir,
                    )
                    .with_help(Text::new(
                        "notes/ must be a readable directory of notes files; fix its permissions or restore it from git",
                        "notes/ は記録ファイルの入った読めるディレクトリです。権限を直すか、git から復元してください",
                    )),
                );
                return book;
            }
        };
        // Each file's part is merged as soon as it is read, in order: the
        // parts are never all held beside the whole.
        crate::files::parallel::for_each(
            &paths,
            |path| {
                let mut part = Notebook::default();
                part.read_file(plan, zone, path, opts);
                part
            },
            |part| book.absorb(part),
        );
        book.entries.shrink_to_fit();
        book.resolve(plan, opts.check);
        if opts.check {
            book.check_keys(&plan.dir);
            book.check_repeats(plan);
            book.check_dates(plan, zone, now);
        }
        book
    }

    /// Adds what another notebook read (of later files) to this one.
    fn absorb(&mut self, part: Notebook) {
        let offset = self.files.len() as u32;
        self.files.extend(part.files);
        self.entries.extend(part.entries.into_iter().map(|mut e| {
            e.file += offset;
            e
        }));
        self.diagnostics.extend(part.diagnostics);
        self.unreadable.extend(part.unreadable);
    }

    fn read_file(&mut self, plan: &Plan, zone: Zone, path: &Path, opts: Options) {
        let bytes = match read_notes_bytes(&plan.dir, path) {
            Ok(b) => b,
            Err(e) => {
                self.unreadable
                    .push(crate::files::load::unreadable(path, &e));
                return;
            }
        };
        let file = self.files.len() as u32;
        let shown = display_path(path);
        let (text, bad_lines) = decode(bytes);
        let source = SourceFile::new(shown.clone(), String::new());
        let mut reader = LineReader {
            plan,
            zone,
            opts,
            source: &source,
            out: &mut self.diagnostics,
        };
        let mut offset = 0usize;
        let mut strings = String::new();
        let mut conflict_reported = false;
        let mut torn_tail = false;
        // `split_inclusive('\n')`, with memchr's SIMD search for the ends.
        let mut lines = Vec::new();
        let mut line_start = 0;
        for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
            lines.push(&text[line_start..=end]);
            line_start = end + 1;
        }
        if line_start < text.len() {
            lines.push(&text[line_start..]);
        }
        self.entries.reserve_exact(lines.len());
        for (index, raw) in lines.iter().enumerate() {
            let start = offset;
            offset += raw.len();
            let number = index + 1;
            let line = raw.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let torn = index + 1 == lines.len() && !raw.ends_with('\n');
            if let Some(column) = bad_lines.get(&number) {
                // A write cut inside a character is a torn line like any other.
                reader.undecodable(line, number, *column, torn);
                torn_tail |= torn;
                continue;
            }
            if is_conflict_marker(line) {
                if !conflict_reported {
                    reader.conflict(line, number);
                    conflict_reported = true;
                }
                continue;
            }
            let mut places = Places {
                keep_text: opts.keep_text,
                line_start: start,
                strings: &mut strings,
            };
            match reader.read(line, number, torn, &mut places) {
                Some(mut entry) => {
                    entry.file = file;
                    entry.span = start as u32..(start + line.len()) as u32;
                    self.entries.push(entry);
                }
                None => torn_tail |= torn,
            }
        }
        self.files.push(NotesFile {
            path: shown,
            source: path.to_path_buf(),
            text: if opts.keep_text { text } else { String::new() },
            strings,
            torn_tail,
        });
    }

    /// Applies corrections; with `check`, reports those that miss.
    fn resolve(&mut self, plan: &Plan, check: bool) {
        let resolution = corrections::resolve_by(self.entries.len(), |i| Record {
            key: self.key(i),
            correction: self.correction(i),
        });
        self.states = resolution.states;
        if !check {
            return;
        }
        self.recall(
            &plan.dir,
            resolution.problems.iter().map(|p| match *p {
                Problem::Fork { line, .. }
                | Problem::MissingTarget { line }
                | Problem::Cycle { line }
                | Problem::AmendsRetraction { line } => line,
            }),
        );
        for problem in resolution.problems {
            if let Problem::Fork { line, kept } = problem {
                let d = self.fork(plan, line, kept);
                self.diagnostics.push(d);
                continue;
            }
            let (line, message, help) = match problem {
                Problem::Fork { .. } => continue,
                Problem::MissingTarget { line } => {
                    let target = self.correction(line).map_or("", |(_, t)| t);
                    let target = escape_control(target).into_owned();
                    (
                        line,
                        text!(
                            en: "correction of note `{target}`, which does not exist",
                            ja: "記録 `{target}` の訂正ですが、その記録はありません",
                        ),
                        Text::new(
                            "use a key that `plan log --all` shows (a short key is enough for plan note --amend/--retract)",
                            "`plan log --all` が表示するキーを使ってください（plan note --amend/--retract では短いキーで足ります）",
                        ),
                    )
                }
                Problem::Cycle { line } => (
                    line,
                    Text::new(
                        "this amendment leads back to itself (a loop of amendments)",
                        "この訂正は循環しています（訂正が自分自身に戻ります）",
                    ),
                    Text::new(
                        "remove the hand-made amendments of the loop and record the correction again with plan note --amend",
                        "循環する手編集の訂正を削除し、plan note --amend で記録し直してください",
                    ),
                ),
                Problem::AmendsRetraction { line } => (
                    line,
                    Text::new(
                        "this amends a retraction, which has nothing to amend",
                        "取り消しの記録を訂正しています（訂正する内容がありません）",
                    ),
                    Text::new(
                        "to bring the note back, retract the retraction: plan note --retract KEY",
                        "記録を戻すには取り消しを取り消してください: plan note --retract KEY",
                    ),
                ),
            };
            let field = if self
                .correction(line)
                .is_some_and(|(k, _)| k == Kind::Amends)
            {
                "amends"
            } else {
                "retracts"
            };
            let d = self
                .at(line, field, Code::NoteCorrection, message)
                .with_help(help);
            self.diagnostics.push(d);
        }
    }

    /// Two versions of one note that both stand (two clones amended the
    /// same version): said at the one not in force, naming both keys.
    fn fork(&self, plan: &Plan, line: usize, kept: usize) -> Diagnostic {
        let key = |i: usize| escape_control(self.key(i)).into_owned();
        let (other, winner) = (key(line), key(kept));
        let (short, short_winner) = (
            Note::short_key(&other).to_string(),
            Note::short_key(&winner).to_string(),
        );
        let id = self.id_of(plan, kept);
        let shown_id = id.clone().unwrap_or_default();
        let d = self.at(line, "amends", Code::NoteFork, text!(
            en: "note versions {other} and {winner} both stand (amended on two clones, then merged): {winner} is in force, as the later recorded",
            ja: "記録の版 {other} と {winner} が並立しています（二つの複製で訂正されマージされた）。後に記録された {winner} が有効です",
        ))
        .with_help(text!(
            en: "check that {short_winner} says what it should; to take over what {short} says, run plan note --amend {short} --allow-superseded (a new version on top of {short_winner}); then accept the fork in plan.toml's [check] allow: {{ code = \"P051\", id = \"{shown_id}\", reason = \"…\" }}",
            ja: "{short_winner} の内容が正しいか確認してください。{short} の内容を採るなら plan note --amend {short} --allow-superseded（{short_winner} の新しい版になります）。確認後、plan.toml の [check] allow に {{ code = \"P051\", id = \"{shown_id}\", reason = \"…\" }} を加えます",
        ));
        match id {
            Some(id) => d.about(id),
            None => d,
        }
    }

    /// The canonical ID (measure or sub-item) of an entry.
    fn id_of(&self, plan: &Plan, index: usize) -> Option<String> {
        let e = self.entries.get(index)?;
        let m = plan.measure_at(e.measure as usize)?;
        let mut id = m.id();
        if e.sub > 0 {
            id = id.with_item(e.sub.into());
        }
        Some(id.to_string())
    }

    /// What makes two notes in force the same note, but their text: the
    /// measure (or sub-item), the day and the status.
    fn likeness(&self, index: usize) -> (u32, u16, NaiveDate, Option<Status>) {
        let e = &self.entries[index];
        (e.measure, e.sub, e.day, e.status)
    }

    /// [`likeness`](Notebook::likeness) and 40 bits of the text's hash
    /// in one number, in the same order: 200,000 numbers sort several
    /// times faster than as many tuples. Alike notes have the same number;
    /// notes with the same number may still differ in text (a collision
    /// of the hash), which the caller compares.
    fn alike_key(&self, index: usize) -> u128 {
        let (measure, sub, day, status) = self.likeness(index);
        // Days from the common era, as an unsigned number in their order.
        let day = (day.num_days_from_ce() as u32) ^ (1 << 31);
        let status = status.map_or(0, |s| s as u8 + 1);
        (u128::from(measure) << 96)
            | (u128::from(sub) << 80)
            | (u128::from(day) << 48)
            | (u128::from(status) << 40)
            | u128::from(self.entries[index].text_hash >> 24)
    }

    /// The text of an entry's note, decoded from its kept line.
    fn text_of(&self, index: usize) -> Option<String> {
        let fields = noteline::parse(self.line_text(index)?).ok()?;
        Some(fields.text.map(|t| t.into_owned()).unwrap_or_default())
    }

    /// A note in force that `note` would repeat (same measure or sub-item,
    /// day, text and status), if there is one; the files' text must have
    /// been kept.
    pub fn repeated_by(&self, plan: &Plan, zone: Zone, note: &Note) -> Option<usize> {
        let (measure, sub) = plan.find_note_id(&note.id.to_string())?;
        let wanted = (measure as u32, sub, note.at.day(zone), note.status);
        (0..self.entries.len()).find(|&i| {
            self.in_force(i)
                && self.likeness(i) == wanted
                && self
                    .text_of(i)
                    .is_some_and(|t| note_rules::same_text(&t, &note.text))
        })
    }

    /// Notes in force recorded twice (a double-clicked form, a script run
    /// again): one warning at each repeat, naming the first.
    fn check_repeats(&mut self, plan: &Plan) {
        // Sorted by likeness and the text's hash, then line: each run of
        // alike notes in the order they were read, without a list per
        // group (200,000 notes are 200,000 small allocations otherwise).
        // Only the lines of a run are read again, to compare their texts.
        let mut alike: Vec<(u128, u32)> = (0..self.entries.len())
            .filter(|&i| self.in_force(i))
            .map(|i| (self.alike_key(i), i as u32))
            .collect();
        alike.sort_unstable();
        let runs = || alike.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1);
        self.recall(&plan.dir, runs().flatten().map(|&(_, i)| i as usize));
        let mut found = Vec::new();
        for run in runs() {
            let lines: Vec<usize> = run.iter().map(|&(_, i)| i as usize).collect();
            let texts: Vec<Option<String>> = lines.iter().map(|&i| self.text_of(i)).collect();
            for (n, &i) in lines.iter().enumerate() {
                let Some(text) = &texts[n] else { continue };
                let first = (0..n).find(|&m| {
                    texts[m]
                        .as_ref()
                        .is_some_and(|t| note_rules::same_text(t, text))
                });
                if let Some(m) = first {
                    found.push((i, lines[m]));
                }
            }
        }
        found.sort_unstable();
        for (i, first) in found {
            let key = escape_control(self.key(i)).into_owned();
            let other = escape_control(self.key(first)).into_owned();
            let short = Note::short_key(&key).to_string();
            let d = self
                .at(i, "text", Code::NoteRepeat, text!(
                    en: "note {key} repeats note {other} (same measure, day, text and status): it is counted twice",
                    ja: "記録 {key} は記録 {other} と同じです（取組・日・テキスト・状況が同じ）。二重に数えられます",
                ))
                .with_help(text!(
                    en: "if it was recorded twice by mistake, withdraw the copy: plan note --retract {short} --reason \"重複\"",
                    ja: "誤って二度記録したなら、写しを取り消してください: plan note --retract {short} --reason \"重複\"",
                ));
            let d = match self.id_of(plan, i) {
                Some(id) => d.about(id),
                None => d,
            };
            self.diagnostics.push(d);
        }
    }

    /// A diagnostic at a field of an entry's line (the whole line when the
    /// text was not kept).
    fn at(&self, index: usize, field: &str, code: Code, message: Text) -> Diagnostic {
        let e = &self.entries[index];
        let file = &self.files[e.file as usize];
        let line = self.line_text(index).unwrap_or_default();
        let span = match field {
            _ if line.is_empty() => 0..0,
            "" => 0..line.len(),
            _ => noteline::field_span(line, field),
        };
        line_diagnostic(code, message, &file.path, e.line as usize, line, span)
    }

    /// Two lines with one key (a hand copy, a bad merge): both are kept,
    /// with a warning; exact copies of one line count once, silently.
    fn check_keys(&mut self, plan_dir: &Path) {
        let mut first: HashMap<&str, usize> = HashMap::with_capacity(self.entries.len());
        let mut same_key = Vec::new();
        for i in 0..self.entries.len() {
            let key = self.key(i);
            match first.get(key) {
                Some(&j) => same_key.push((i, j)),
                None => {
                    first.insert(key, i);
                }
            }
        }
        drop(first);
        self.recall(plan_dir, same_key.iter().flat_map(|&(i, j)| [i, j]));
        let found: Vec<_> = same_key
            .into_iter()
            .filter(|&(i, j)| self.line_text(i) != self.line_text(j))
            .collect();
        for (i, j) in found {
            let other = &self.entries[j];
            let other = format!(
                "{}:{}",
                self.files[other.file as usize].path.display(),
                other.line
            );
            let key = escape_control(self.key(i)).into_owned();
            let d = self
                .at(i, "", Code::NoteDuplicate, text!(
                    en: "note key `{key}` is used twice with different content (also at {other}); both notes are kept",
                    ja: "記録キー `{key}` が異なる内容で二度使われています（{other} にもあります）。両方の記録を残します",
                ))
                .with_help(Text::new(
                    "give one of them a new key (any unique text), or delete the copy that is wrong",
                    "一方に新しいキー（重複しない文字列）を付けるか、誤っている方を削除してください",
                ));
            self.diagnostics.push(d);
        }
    }

    /// Notes dated in the future, or outside the plan's fiscal year: one
    /// warning each.
    fn check_dates(&mut self, plan: &Plan, zone: Zone, now: DateTime<FixedOffset>) {
        let mut found = Vec::new();
        let today = zone.day_of(now);
        for (i, e) in self.entries.iter().enumerate() {
            if self.states[i] == State::Retraction {
                continue;
            }
            let day = e.day;
            let at = if e.day_only {
                NoteTime::Day(day)
            } else {
                NoteTime::At(e.at)
            };
            // The rules `plan note` applies, from the one place they are.
            if note_rules::in_future_by(at, now, today) {
                let key = escape_control(self.key(i)).into_owned();
                let shown = if e.day_only {
                    day.to_string()
                } else {
                    e.at.to_rfc3339()
                };
                found.push((
                    i,
                    Code::NoteFuture,
                    text!(
                        en: "note {key} is dated in the future ({shown})",
                        ja: "記録 {key} の日時が未来です（{shown}）",
                    ),
                    Some(Text::new(
                        "fine for a planned event (it counts from its date); otherwise correct it with plan note --amend KEY --at …",
                        "予定の記録なら問題ありません（その日から数えます）。誤りなら plan note --amend KEY --at … で訂正してください",
                    )),
                ));
            } else if let Some(DateProblem::OutsideYear {
                fiscal_year: fy,
                start: fy_start,
                end: fy_end,
                ..
            }) = note_rules::outside_year_on(&plan.info, day)
            {
                found.push((
                    i,
                    Code::NoteOutsideYear,
                    text!(
                        en: "note dated {day}, outside fiscal year {fy} ({fy_start} … {fy_end})",
                        ja: "記録の日付 {day} は {fy} 年度（{fy_start}〜{fy_end}）の外です",
                    ),
                    None,
                ));
            }
        }
        self.recall(&plan.dir, found.iter().map(|f| f.0));
        for (i, code, message, help) in found {
            let mut d = self.at(i, "at", code, message);
            d.help = help;
            self.diagnostics.push(d);
        }
    }

    /// Reads again the files of `indices` whose text was not kept, so that
    /// a diagnostic can quote their lines: `plan check` keeps no text
    /// (200,000 notes are 54 MB of it) and most plans have nothing to
    /// quote. A file that changed since it was read (a line no longer
    /// holds its note's key) stays without text: its diagnostics name the
    /// line without quoting it.
    fn recall(&mut self, plan_dir: &Path, indices: impl IntoIterator<Item = usize>) {
        let mut wanted: Vec<(u32, usize)> = indices
            .into_iter()
            .filter_map(|i| Some((self.entries.get(i)?.file, i)))
            .filter(|&(file, _)| self.files[file as usize].text.is_empty())
            .collect();
        wanted.sort_unstable();
        for lines in wanted.chunk_by(|a, b| a.0 == b.0) {
            let file = lines[0].0 as usize;
            let Ok(bytes) = read_notes_bytes(plan_dir, &self.files[file].source) else {
                continue;
            };
            let (text, _) = decode(bytes);
            let unchanged = lines.iter().all(|&(_, i)| {
                let span = &self.entries[i].span;
                text.get(span.start as usize..span.end as usize)
                    .and_then(|line| noteline::parse(line).ok())
                    .is_some_and(|fields| fields.key == self.key(i))
            });
            if unchanged {
                self.files[file].text = text;
            }
        }
    }

    /// The text of an entry's line, when the files' text was kept.
    pub fn line_text(&self, index: usize) -> Option<&str> {
        let e = self.entries.get(index)?;
        let text = &self.files.get(e.file as usize)?.text;
        text.get(e.span.start as usize..e.span.end as usize)
            .filter(|t| !t.is_empty())
    }

    /// Whether an entry is a note in force (not an older version, not
    /// withdrawn, not a retraction).
    pub fn in_force(&self, index: usize) -> bool {
        self.states.get(index) == Some(&State::Current)
    }

    /// Sorts entries newest first: by when the work happened, then when
    /// the note was recorded, then its place in the file (as progress
    /// ranks them).
    pub fn newest_first(&self, indices: &mut [usize]) {
        // Each note's time is copied once, compactly (16 bytes, not its
        // key): the recording time, read from the key, only breaks ties.
        let mut ranked: Vec<(i64, u32, u32)> = indices
            .iter()
            .map(|&i| {
                let at = self.entries[i].at;
                (at.timestamp(), at.timestamp_subsec_nanos(), i as u32)
            })
            .collect();
        let recorded = |i: u32| crate::model::progress::recorded(self.key(i as usize));
        ranked.sort_unstable_by(|a, b| {
            (b.0, b.1)
                .cmp(&(a.0, a.1))
                .then_with(|| recorded(b.2).cmp(recorded(a.2)))
                .then(b.2.cmp(&a.2))
        });
        for (slot, (_, _, i)) in indices.iter_mut().zip(ranked) {
            *slot = i as usize;
        }
    }

    /// The key of the entry at `index`.
    pub fn key(&self, index: usize) -> &str {
        self.entries
            .get(index)
            .map_or("", |e| self.str_in(e.file, e.key))
    }

    /// What the entry at `index` corrects: how, and the key it names.
    pub fn correction(&self, index: usize) -> Option<(Kind, &str)> {
        let e = self.entries.get(index)?;
        let (kind, target) = e.correction?;
        Some((kind, self.str_in(e.file, target)))
    }

    fn str_in(&self, file: u32, s: Str) -> &str {
        let Some(f) = self.files.get(file as usize) else {
            return "";
        };
        let within = if s.in_text { &f.text } else { &f.strings };
        within
            .get(s.start as usize..(s.start + s.len) as usize)
            .unwrap_or("")
    }

    /// The notes in force, as progress replays them.
    pub fn events<'a>(&'a self, plan: &Plan) -> impl Iterator<Item = Event<'a>> + 'a {
        let items: Vec<Option<usize>> = self
            .entries
            .iter()
            .map(|e| match e.sub {
                0 => None,
                n => plan.item_index(e.measure as usize, n.into()),
            })
            .collect();
        self.entries
            .iter()
            .enumerate()
            .filter(|(i, _)| self.in_force(*i))
            .map(move |(i, e)| Event {
                measure: e.measure as usize,
                item: items[i],
                at: e.at,
                status: e.status,
                key: self.key(i),
                order: i,
            })
    }

    /// A note in full, decoded again from its line (the text must have
    /// been kept).
    /// The author of the note at `index`, when its line decodes (without
    /// decoding the rest of the note into owned strings).
    pub fn author(&self, index: usize) -> Option<String> {
        let fields = noteline::parse(self.line_text(index)?).ok()?;
        match fields.at {
            Some(RawTime::Valid(_)) => Some(fields.author.unwrap_or_default().into_owned()),
            _ => None,
        }
    }

    pub fn note(&self, plan: &Plan, index: usize) -> Option<Note> {
        let e = self.entries.get(index)?;
        let fields = noteline::parse(self.line_text(index)?).ok()?;
        let m = plan.measure_at(e.measure as usize)?;
        let mut id = m.id();
        if e.sub > 0 {
            id = id.with_item(e.sub.into());
        }
        let at = match fields.at {
            Some(RawTime::Valid(t)) => t,
            _ => return None,
        };
        Some(Note {
            key: self.key(index).to_string(),
            id,
            at,
            author: fields.author.map(|a| a.into_owned()).unwrap_or_default(),
            status: e.status,
            text: fields.text.map(|t| t.into_owned()).unwrap_or_default(),
            links: fields.links.into_iter().map(|l| l.into_owned()).collect(),
            correction: self.correction(index).map(|(k, t)| match k {
                Kind::Amends => Correction::Amends(t.to_string()),
                Kind::Retracts => Correction::Retracts(t.to_string()),
            }),
        })
    }

    /// The problems of lines that were skipped (for read commands, which
    /// warn and go on).
    pub fn skipped(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect()
    }

    /// The notes files with a torn last line.
    pub fn torn_files(&self) -> impl Iterator<Item = &NotesFile> {
        self.files.iter().filter(|f| f.torn_tail)
    }
}

/// A notebook as [`crate::files::cache`] keeps it between runs: read with
/// the default options and without a problem, so only what progress needs
/// (no file's text, no diagnostics).
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Stored {
    /// Each file's name in `notes/`, its strings, whether its tail is torn.
    files: Vec<(String, String, bool)>,
    /// Each entry and its state as a record of [`RECORD`] bytes: 200,000
    /// of them decode in a millisecond, where a serde tuple each took 40.
    #[serde(with = "serde_bytes")]
    entries: Vec<u8>,
}

/// The bytes of one stored entry (little-endian numbers, in the order
/// [`Notebook::stored`] writes them).
const RECORD: usize = 72;

/// A stored entry's flags.
const DAY_ONLY: u8 = 1;
const CORRECTS: u8 = 2;
const RETRACTS: u8 = 4;
/// Two bits of state: current, superseded, retracted, a retraction.
const STATE_SHIFT: u8 = 3;

/// Reads a record's numbers in order.
struct RecordReader<'a>(&'a [u8]);

impl RecordReader<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let Some((head, rest)) = self.0.split_at_checked(N) else {
            return [0; N];
        };
        self.0 = rest;
        head.try_into().unwrap_or([0; N])
    }
    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
    fn i32(&mut self) -> i32 {
        i32::from_le_bytes(self.take())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take())
    }
    fn i64(&mut self) -> i64 {
        i64::from_le_bytes(self.take())
    }
}

impl Notebook {
    /// What the cache keeps of this notebook, or `None` when it cannot be
    /// kept: something was reported, or the text was kept.
    pub fn stored(&self) -> Option<Stored> {
        if !self.diagnostics.is_empty()
            || !self.unreadable.is_empty()
            || self.files.iter().any(|f| !f.text.is_empty())
            || self.states.len() != self.entries.len()
        {
            return None;
        }
        let files = self
            .files
            .iter()
            .map(|f| {
                let name = f.source.file_name()?.to_str()?.to_string();
                Some((name, f.strings.clone(), f.torn_tail))
            })
            .collect::<Option<Vec<_>>>()?;
        let mut entries = Vec::with_capacity(self.entries.len() * RECORD);
        for (e, state) in self.entries.iter().zip(&self.states) {
            let (state, by) = match *state {
                State::Current => (0, 0),
                State::Superseded { by } => (1, by),
                State::Retracted { by } => (2, by),
                State::Retraction => (3, 0),
            };
            let (kind, target) = match e.correction {
                Some((Kind::Amends, s)) => (CORRECTS, s),
                Some((Kind::Retracts, s)) => (CORRECTS | RETRACTS, s),
                None => (0, Str::default()),
            };
            let flags = kind | u8::from(e.day_only) | (state << STATE_SHIFT);
            let status = e.status.map_or(0, |s| {
                Status::ALL
                    .iter()
                    .position(|a| *a == s)
                    .map_or(0, |i| i as u8 + 1)
            });
            if e.key.in_text || target.in_text {
                return None;
            }
            for bytes in [
                &e.file.to_le_bytes()[..],
                &e.line.to_le_bytes(),
                &e.span.start.to_le_bytes(),
                &e.span.end.to_le_bytes(),
                &e.measure.to_le_bytes(),
                &e.sub.to_le_bytes(),
                &[flags, status],
                &e.at.timestamp().to_le_bytes(),
                &e.at.timestamp_subsec_nanos().to_le_bytes(),
                &e.at.offset().local_minus_utc().to_le_bytes(),
                &e.day.num_days_from_ce().to_le_bytes(),
                &e.key.start.to_le_bytes(),
                &e.key.len.to_le_bytes(),
                &target.start.to_le_bytes(),
                &target.len.to_le_bytes(),
                &e.text_hash.to_le_bytes(),
                &u32::try_from(by).ok()?.to_le_bytes(),
            ] {
                entries.extend_from_slice(bytes);
            }
        }
        Some(Stored { files, entries })
    }

    /// The notebook the cache kept for `plan`, or `None` when anything in
    /// it does not fit the plan or itself (a cache from elsewhere is never
    /// trusted to index the plan).
    pub fn from_stored(stored: Stored, plan: &Plan) -> Option<Notebook> {
        let notes_dir = plan.dir.join(NOTES_DIR);
        let cwd = std::env::current_dir().ok();
        let files: Vec<NotesFile> = stored
            .files
            .into_iter()
            .map(|(name, strings, torn_tail)| {
                let source = notes_dir.join(name);
                NotesFile {
                    path: display_path_from(cwd.as_deref(), &source),
                    source,
                    text: String::new(),
                    strings,
                    torn_tail,
                }
            })
            .collect();
        if !stored.entries.len().is_multiple_of(RECORD) {
            return None;
        }
        let count = stored.entries.len() / RECORD;
        let mut entries = Vec::with_capacity(count);
        let mut states = Vec::with_capacity(count);
        for record in stored.entries.chunks_exact(RECORD) {
            let mut r = RecordReader(record);
            let (file, line, start, end, measure) = (r.u32(), r.u32(), r.u32(), r.u32(), r.u32());
            let sub = r.u16();
            let (flags, status) = (r.u8(), r.u8());
            let (secs, nanos, offset, day) = (r.i64(), r.u32(), r.i32(), r.i32());
            let (key, target) = ((r.u32(), r.u32()), (r.u32(), r.u32()));
            let (text_hash, by) = (r.u64(), r.u32() as usize);
            let strings = &files.get(file as usize)?.strings;
            let place = |(start, len): (u32, u32)| {
                strings.get(start as usize..start.checked_add(len)? as usize)?;
                Some(Str {
                    in_text: false,
                    start,
                    len,
                })
            };
            plan.measure_at(measure as usize)?;
            if sub > 0 {
                plan.item_index(measure as usize, sub.into())?;
            }
            states.push(match flags >> STATE_SHIFT {
                0 => State::Current,
                1 if by < count => State::Superseded { by },
                2 if by < count => State::Retracted { by },
                3 => State::Retraction,
                _ => return None,
            });
            let correction = match (flags & CORRECTS != 0, flags & RETRACTS != 0) {
                (true, true) => Some((Kind::Retracts, place(target)?)),
                (true, false) => Some((Kind::Amends, place(target)?)),
                (false, _) => None,
            };
            let status = match status {
                0 => None,
                n => Some(*Status::ALL.get(usize::from(n) - 1)?),
            };
            entries.push(Entry {
                file,
                line,
                span: start..end,
                measure,
                sub,
                at: FixedOffset::east_opt(offset)?
                    .timestamp_opt(secs, nanos)
                    .single()?,
                day: NaiveDate::from_num_days_from_ce_opt(day)?,
                day_only: flags & DAY_ONLY != 0,
                status,
                key: place(key)?,
                correction,
                text_hash,
            });
        }
        Some(Notebook {
            files,
            entries,
            states,
            diagnostics: Vec::new(),
            unreadable: Vec::new(),
        })
    }
}

/// The text of a file, with its undecodable lines (1-based line → 1-based
/// column of the first bad byte): the rest of the file is still read.
/// A notes file's bytes, read only from inside the plan directory and
/// under a shared lock: never a note half written.
fn read_notes_bytes(plan_dir: &Path, path: &Path) -> Result<Vec<u8>, ReadError> {
    if leaves(plan_dir, path) {
        return Err(ReadError::NotAFile(OUTSIDE));
    }
    let file = open(path).map_err(ReadError::Io)?;
    let _ = file.lock_shared();
    read_file(file, NOTES_FILE_LIMIT)
}

fn decode(bytes: Vec<u8>) -> (String, HashMap<usize, usize>) {
    match crate::source::string_from_utf8(bytes) {
        Ok(text) => (text, HashMap::new()),
        Err(e) => {
            let bytes = e.into_bytes();
            let mut bad = HashMap::new();
            for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
                if let Err(e) = std::str::from_utf8(line) {
                    let valid = String::from_utf8_lossy(&line[..e.valid_up_to()]);
                    bad.insert(i + 1, valid.chars().count() + 1);
                }
            }
            (String::from_utf8_lossy(&bytes).into_owned(), bad)
        }
    }
}

/// A line git leaves in a conflicted file.
fn is_conflict_marker(line: &str) -> bool {
    line.starts_with("<<<<<<<")
        || line.starts_with(">>>>>>>")
        || line.starts_with("|||||||")
        || line.trim_end() == "======="
}

/// A diagnostic pointing into one line of a notes file.
fn line_diagnostic(
    code: Code,
    message: Text,
    path: &Path,
    line: usize,
    text: &str,
    span: Range<usize>,
) -> Diagnostic {
    // A one-line source, shifted to its line number.
    let source = SourceFile::new(path.to_path_buf(), text.to_string());
    let mut d = Diagnostic::at(code, message, &source, span);
    if let Some(p) = d.location.as_mut().and_then(|l| l.position.as_mut()) {
        p.line = line;
    }
    d
}

struct LineReader<'a> {
    plan: &'a Plan,
    zone: Zone,
    opts: Options,
    source: &'a SourceFile,
    out: &'a mut Vec<Diagnostic>,
}

impl LineReader<'_> {
    fn push(
        &mut self,
        code: Code,
        message: Text,
        line: &str,
        number: usize,
        span: Range<usize>,
        help: Text,
    ) {
        let d =
            line_diagnostic(code, message, &self.source.path, number, line, span).with_help(help);
        self.out.push(d);
    }

    fn undecodable(&mut self, line: &str, number: usize, column: usize, torn: bool) {
        let span = line
            .char_indices()
            .nth(column - 1)
            .map_or(line.len()..line.len(), |(i, c)| i..i + c.len_utf8());
        if torn {
            let detail = format!("it stops inside a character (column {column})");
            return self.line_error(
                line,
                number,
                true,
                LineError {
                    kind: LineErrorKind::Syntax(detail),
                    span,
                },
            );
        }
        self.push(
            Code::Encoding,
            text!(
                en: "line {number} is not valid UTF-8 (column {column}); the note is skipped",
                ja: "{number} 行目は UTF-8 として読めません（{column} 列目）。この記録は読み飛ばします",
            ),
            line,
            number,
            span,
            Text::new(
                "a cut-off write leaves half a character: delete the line and record the note again (plan check --fix removes a torn last line)",
                "書込みの中断で文字が途中で切れています。行を削除して記録し直してください（最後の行なら plan check --fix で削除できます）",
            ),
        );
    }

    fn conflict(&mut self, line: &str, number: usize) {
        self.push(
            Code::NoteConflict,
            Text::new(
                "merge conflict markers in a notes file (an octopus merge ignores merge=union)",
                "記録ファイルにマージ競合の印があります（オクトパスマージは merge=union を無視します）",
            ),
            line,
            number,
            0..line.len(),
            Text::new(
                "keep every note line and delete the <<<<<<<, =======, >>>>>>> lines (with plan/.gitattributes in place, `git checkout -m -- FILE` redoes the merge as a union), then merge one branch at a time",
                "記録行はすべて残し、<<<<<<<・=======・>>>>>>> の行を削除してください（plan/.gitattributes があれば `git checkout -m -- FILE` で和集合のマージをやり直せます）。ブランチは 1 つずつマージしてください",
            ),
        );
    }

    /// Reads one note line, or reports every reason it is not a note.
    fn read(
        &mut self,
        line: &str,
        number: usize,
        torn: bool,
        places: &mut Places,
    ) -> Option<Entry> {
        let (fields, errors) = noteline::parse_partial(line);
        // A line with a fault of form is still checked for the others
        // (an unknown ID, status or link): every fault is reported at once.
        let formed = errors.is_empty();
        let mut ok = formed;
        for e in errors {
            self.line_error(line, number, torn, e);
        }
        let fields = fields?;
        let id = self.id(line, number, &fields);
        let at = match &fields.at {
            Some(RawTime::Valid(t)) => Some(*t),
            Some(RawTime::Invalid(shown)) => {
                let shown = escape_control(shown).into_owned();
                self.push(
                    Code::NoteTimestamp,
                    text!(
                        en: "note time `{shown}` needs a date, a time and a UTC offset (or a date alone)",
                        ja: "記録の日時 `{shown}` には日付・時刻・時差（UTC オフセット）が必要です（日付だけも可）",
                    ),
                    line,
                    number,
                    noteline::field_span(line, "at"),
                    Text::new(
                        "write it like 2021-06-15T10:00:00+09:00, or 2021-06-15",
                        "2021-06-15T10:00:00+09:00、または 2021-06-15 のように書いてください",
                    ),
                );
                None
            }
            None => None,
        };
        let status = match fields.status.as_deref() {
            None => None,
            Some(s) => match Status::from_key(s).or_else(|| Status::parse(s)) {
                Some(status) => Some(status),
                None => {
                    let shown = escape_control(s).into_owned();
                    let allowed = Status::ALL.map(Status::key).join(", ");
                    self.push(
                        Code::NoteStatus,
                        text!(
                            en: "unknown status `{shown}` (allowed: {allowed})",
                            ja: "不明な状況 `{shown}`（使える値: {allowed}）",
                        ),
                        line,
                        number,
                        noteline::field_span(line, "status"),
                        Text::new(
                            "statuses are planned, active, done, blocked, dropped (未着手, 実施中, 実施済, 保留, 中止)",
                            "状況は planned, active, done, blocked, dropped（未着手, 実施中, 実施済, 保留, 中止）です",
                        ),
                    );
                    ok = false;
                    None
                }
            },
        };
        let correction = match (&fields.amends, &fields.retracts) {
            (Some(k), None) => Some((Kind::Amends, k)),
            (None, Some(k)) => Some((Kind::Retracts, k)),
            (None, None) => None,
            (Some(_), Some(_)) => {
                self.push(
                    Code::NoteInvalid,
                    Text::new(
                        "a note either amends or retracts another, not both",
                        "記録は訂正か取り消しのどちらか一方です",
                    ),
                    line,
                    number,
                    noteline::field_span(line, "retracts"),
                    Text::new("split it into two notes", "2 件の記録に分けてください"),
                );
                ok = false;
                None
            }
        };
        let empty = fields.text.as_deref().is_none_or(|t| t.trim().is_empty());
        let retraction = matches!(correction, Some((Kind::Retracts, _)));
        if formed && empty && status.is_none() && !retraction && fields.status.is_none() {
            self.push(
                Code::NoteInvalid,
                Text::new(
                    "note has no text and sets no status",
                    "記録にテキストも状況もありません",
                ),
                line,
                number,
                noteline::field_span(line, "text"),
                Text::new(
                    "delete the line, or give the note a text",
                    "行を削除するか、テキストを書いてください",
                ),
            );
            ok = false;
        }
        for l in &fields.links {
            if let Err(why) = link::check_stored(l) {
                let shown = escape_control(l).into_owned();
                let (en, ja) = (why.en, why.ja);
                self.push(
                    Code::NoteLink,
                    text!(en: "link `{shown}`: {en}", ja: "リンク `{shown}`: {ja}"),
                    line,
                    number,
                    noteline::field_span(line, "links"),
                    Text::new(
                        "links are absolute http(s):// URLs or relative paths inside the repository (docs/report.pdf)",
                        "リンクは http(s):// で始まる URL か、リポジトリ内の相対パス（docs/report.pdf）です",
                    ),
                );
                ok = false;
            }
        }
        let (measure, sub) = id?;
        let at = at?;
        if !ok {
            return None;
        }
        Some(Entry {
            file: 0,
            line: number as u32,
            span: 0..0,
            measure: measure as u32,
            sub,
            at: at.start(self.zone),
            day: at.day(self.zone),
            day_only: matches!(at, NoteTime::Day(_)),
            status,
            key: places.place(line, &fields.key),
            correction: correction.map(|(kind, k)| (kind, places.place(line, k))),
            text_hash: if self.opts.check {
                note_rules::text_hash(fields.text.as_deref().unwrap_or_default())
            } else {
                0
            },
        })
    }

    /// The measure number and sub-item of a note's ID, or a diagnostic.
    fn id(&mut self, line: &str, number: usize, fields: &Fields) -> Option<(usize, u16)> {
        let raw = fields.id.as_deref()?;
        if let Some(found) = self.plan.find_note_id(raw) {
            return Some(found);
        }
        let parsed = MeasureId::parse_canonical(raw);
        if self.opts.partial
            && parsed
                .as_ref()
                .is_some_and(|id| self.plan.section(id.section).is_none())
        {
            return None;
        }
        let shown = escape_control(raw).into_owned();
        let near = self
            .plan
            .resolve(
                raw,
                crate::model::resolve::PartyDefault {
                    party: &self.plan.info.default_party,
                    source: crate::model::resolve::PartySource::Default,
                },
            )
            .map(|r| r.id.to_string())
            .ok();
        let help = match near {
            Some(n) => text!(
                en: "write the canonical ID `{n}`",
                ja: "正式な ID `{n}` を書いてください",
            ),
            None => Text::new(
                "use an ID that `plan list --format ids` prints, or delete the note if its measure was removed",
                "`plan list --format ids` が表示する ID を使うか、取組が削除されたなら記録を削除してください",
            ),
        };
        self.push(
            Code::NoteUnknownId,
            text!(
                en: "note for `{shown}`, which is not a measure of the plan",
                ja: "`{shown}` への記録ですが、その取組は計画にありません",
            ),
            line,
            number,
            noteline::field_span(line, "id"),
            help,
        );
        None
    }

    fn line_error(&mut self, line: &str, number: usize, torn: bool, e: LineError) {
        let span = e.span.clone();
        match e.kind {
            LineErrorKind::Syntax(detail) if torn => self.push(
                Code::NoteTorn,
                Text::new(
                    format!("the last note is cut short (an interrupted write?): {detail}"),
                    format!("最後の記録が途中で切れています（書込みの中断？）: {detail}"),
                ),
                line,
                number,
                span,
                Text::new(
                    "run `plan check --fix` to remove it, then record the note again",
                    "`plan check --fix` で削除してから、記録し直してください",
                ),
            ),
            LineErrorKind::Syntax(detail) => self.push(
                Code::NoteTorn,
                Text::new(
                    format!("this notes line cannot be read: {detail}"),
                    format!("この記録行を読めません: {detail}"),
                ),
                line,
                number,
                span,
                Text::new(
                    "notes are written by `plan note`, one per line; restore the line from git or delete it",
                    "記録は `plan note` が 1 行ずつ書きます。git から行を戻すか、削除してください",
                ),
            ),
            LineErrorKind::NotOneNote => self.push(
                Code::NoteInvalid,
                Text::new("a notes line holds exactly one note", "記録行には記録を 1 件だけ書きます"),
                line,
                number,
                span,
                Text::new("put each note on its own line", "記録は 1 行に 1 件にしてください"),
            ),
            LineErrorKind::UnknownField(name) => {
                let shown = escape_control(&name).into_owned();
                let fields = noteline::FIELDS.join(", ");
                let help = match crate::suggest::closest(&name, noteline::FIELDS, 1).first() {
                    Some(best) => text!(
                        en: "did you mean `{best}`? (a note has {fields})",
                        ja: "`{best}` の誤りでは？（記録の項目は {fields}）",
                    ),
                    None => text!(
                        en: "a note has {fields}, and nothing else",
                        ja: "記録の項目は {fields} だけです",
                    ),
                };
                self.push(
                    Code::NoteInvalid,
                    text!(en: "unknown note field `{shown}`", ja: "不明な記録の項目 `{shown}`"),
                    line,
                    number,
                    span,
                    help,
                );
            }
            LineErrorKind::WrongType { field } => {
                let (code, what) = match field {
                    "at" => (Code::NoteTimestamp, Text::new("a date-time such as 2021-06-15T10:00:00+09:00, without quotes", "引用符なしの日時（例: 2021-06-15T10:00:00+09:00）")),
                    "links" => (Code::NoteInvalid, Text::new("an array of strings: [\"https://…\"]", "文字列の配列: [\"https://…\"]")),
                    _ => (Code::NoteInvalid, Text::new("a string in double quotes", "二重引用符で囲んだ文字列")),
                };
                let (en, ja) = (what.en, what.ja);
                self.push(
                    code,
                    text!(en: "note field `{field}` must be {en}", ja: "記録の項目 `{field}` は{ja}です"),
                    line,
                    number,
                    span,
                    Text::new("fix the value at the marked spot", "示した箇所の値を直してください"),
                );
            }
            LineErrorKind::MissingField(field) => self.push(
                Code::NoteInvalid,
                text!(en: "note has no `{field}`", ja: "記録に `{field}` がありません"),
                line,
                number,
                span,
                Text::new(
                    "a note has id, at and author (and text or status); record notes with plan note",
                    "記録には id, at, author（と text か status）が必要です。plan note で記録してください",
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped plan, its notes kept in a scratch directory.
    fn scratch() -> (tempfile::TempDir, Plan) {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("plan");
        let mut plan = crate::files::load::load(&shipped).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(NOTES_DIR)).unwrap();
        plan.dir = dir.path().to_path_buf();
        (dir, plan)
    }

    const LINE: &str = r#""k1" = { id = "2.tmg.イ", at = 2021-06-15, author = "a", text = "x" }"#;

    fn read_without_text(plan: &Plan, text: &str) -> (PathBuf, Notebook) {
        let path = store::notes_path(&plan.dir, 2);
        std::fs::write(&path, text).unwrap();
        let zone = Zone::named("Asia/Tokyo").unwrap();
        let now = DateTime::parse_from_rfc3339("2021-10-01T12:00:00+09:00").unwrap();
        let book = Notebook::read(plan, zone, now, Options::default());
        assert_eq!(book.entries.len(), 1);
        assert_eq!(book.line_text(0), None, "no text kept");
        (path, book)
    }

    /// Notes of every kind the cache keeps: a sub-item, a status, an
    /// amendment, a retraction.
    const KINDS: &str = r#""20210601T090000+0900-aaaa" = { id = "2.tmg.イ.1", at = 2021-06-01T09:00:00+09:00, author = "a", status = "done", text = "x" }
"20210602T090000+0900-bbbb" = { id = "2.tmg.ア", at = 2021-06-02, author = "a", status = "active", text = "y" }
"20210603T090000+0900-cccc" = { id = "2.tmg.ア", at = 2021-06-02, author = "a", amends = "20210602T090000+0900-bbbb", status = "done", text = "z" }
"20210604T090000+0900-dddd" = { id = "2.tcci.ア", at = 2021-06-04, author = "a", status = "dropped", text = "w" }
"20210605T090000+0900-eeee" = { id = "2.tcci.ア", at = 2021-06-05, author = "a", retracts = "20210604T090000+0900-dddd", text = "v" }
"#;

    fn stored_kinds(plan: &Plan) -> Notebook {
        std::fs::write(store::notes_path(&plan.dir, 2), KINDS).unwrap();
        let zone = Zone::named("Asia/Tokyo").unwrap();
        let now = DateTime::parse_from_rfc3339("2021-10-01T12:00:00+09:00").unwrap();
        let book = Notebook::read(plan, zone, now, Options::default());
        assert!(book.diagnostics.is_empty(), "{:?}", book.diagnostics);
        assert_eq!(book.entries.len(), 5);
        book
    }

    #[test]
    fn a_stored_notebook_comes_back_as_it_was_read() {
        let (_dir, plan) = scratch();
        let book = stored_kinds(&plan);
        let again = Notebook::from_stored(book.stored().unwrap(), &plan).unwrap();
        assert_eq!(format!("{again:?}"), format!("{book:?}"));
        assert_eq!(again.states[1], State::Superseded { by: 2 });
        assert_eq!(again.correction(4), Some((Kind::Retracts, again.key(3))));
    }

    #[test]
    fn a_stored_notebook_that_does_not_fit_is_refused() {
        let (_dir, plan) = scratch();
        let book = stored_kinds(&plan);
        let bytes = book.stored().unwrap().entries;
        let with = |entries: Vec<u8>| {
            let mut stored = book.stored().unwrap();
            stored.entries = entries;
            Notebook::from_stored(stored, &plan)
        };
        assert!(with(bytes.clone()).is_some());
        assert!(
            with(bytes[..bytes.len() - 1].to_vec()).is_none(),
            "a torn record"
        );
        // The first note's measure (bytes 16..20) beyond the plan's.
        let mut far = bytes.clone();
        far[16..20].copy_from_slice(&100_000u32.to_le_bytes());
        assert!(with(far).is_none());
        // Its file (bytes 0..4) beyond the files kept.
        let mut far = bytes.clone();
        far[0..4].copy_from_slice(&7u32.to_le_bytes());
        assert!(with(far).is_none());
        // The superseded note's successor (its last 4 bytes) beyond the notes.
        let mut far = bytes.clone();
        far[2 * RECORD - 4..2 * RECORD].copy_from_slice(&99u32.to_le_bytes());
        assert!(with(far).is_none());
        // Its key's place (bytes 44..52) beyond the file's strings.
        let mut far = bytes.clone();
        far[48..52].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(with(far).is_none());
        // A plan with fewer sections than the notes were read against.
        let mut smaller = plan.clone();
        smaller.sections.retain(|s| s.section.number != 2);
        let smaller = Plan::new(
            smaller.dir.clone(),
            smaller.info.clone(),
            smaller.info_source.clone(),
            smaller.sections.clone(),
        );
        assert!(Notebook::from_stored(book.stored().unwrap(), &smaller).is_none());
    }

    /// A notebook with something to report is never kept.
    #[test]
    fn a_notebook_with_a_problem_is_not_stored() {
        let (_dir, plan) = scratch();
        let (_, book) = read_without_text(&plan, &format!("{LINE}\nnot a note\n"));
        assert!(!book.diagnostics.is_empty());
        assert!(book.stored().is_none());
    }

    #[test]
    fn a_line_is_read_again_from_its_file_for_a_diagnostic_to_quote() {
        let (_dir, plan) = scratch();
        let (_, mut book) = read_without_text(&plan, &format!("# notes\n{LINE}\n"));
        book.recall(&plan.dir, [0]);
        assert_eq!(book.line_text(0), Some(LINE));
        assert_eq!(book.key(0), "k1");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_quoted_at_the_wrong_place() {
        let (_dir, plan) = scratch();
        let (path, mut book) = read_without_text(&plan, &format!("# notes\n{LINE}\n"));
        // Another writer's note now stands where this one was.
        std::fs::write(&path, format!("# notes\n{}\n", LINE.replace("k1", "k2"))).unwrap();
        book.recall(&plan.dir, [0]);
        assert_eq!(book.line_text(0), None);
        std::fs::remove_file(&path).unwrap();
        book.recall(&plan.dir, [0]);
        assert_eq!(book.line_text(0), None, "a file gone is not quoted either");
        let d = book.at(0, "text", Code::NoteRepeat, Text::same("x"));
        assert_eq!(
            d.location.unwrap().position.unwrap().line,
            2,
            "still named by line"
        );
    }
}
