//! The notes files (`plan/notes/NN.toml`, one per section): appending a note
//! under an exclusive lock, and reading every note back with diagnostics.
//!
//! Appending never reads or rewrites the existing notes, so it costs the same
//! with ten notes or a hundred thousand. A crash mid-write can at worst leave
//! a torn last line: the next append starts on a fresh line, and the reader
//! reports the torn line with its location.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::files::load::{NOTES_DIR, read_source};
use crate::i18n::Text;
use crate::model::date;
use crate::model::id::MeasureId;
use crate::model::note::{Note, Status};
use crate::model::plan::Plan;
use crate::source::{SourceFile, display_path};

/// The comment a new notes file starts with.
const HEADER: &str = "\
# Progress notes for one section of the plan, one note per line, appended by
# `plan note`. Never edit a note in place: record a correction as a new note.
# Each line stands alone, so git's union merge (see ../.gitattributes) keeps
# every note from both sides.
";

/// The notes file for a section.
pub fn notes_path(plan_dir: &Path, section: u32) -> PathBuf {
    plan_dir.join(NOTES_DIR).join(format!("{section:02}.toml"))
}

/// Refuses to write into a directory whose permissions say read-only, even
/// for a user (such as root) whom the system would let write anyway.
fn ensure_writable(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.permissions().readonly() => {
            let shown = display_path(path).display().to_string();
            Err(Error::io(text!(
                en: "`{shown}` is read-only: the note was not recorded",
                ja: "`{shown}` は読み取り専用です: 記録しませんでした",
            ))
            .help(Text::new(
                "make the plan directory writable (chmod u+w), or record the note in a writable clone",
                "計画ディレクトリを書き込み可能にする（chmod u+w）か、書き込める複製で記録してください",
            )))
        }
        _ => Ok(()),
    }
}

/// Appends one note to its section's notes file, under an exclusive lock, as
/// a single write, flushed to disk before returning.
pub fn append(plan_dir: &Path, note: &Note) -> Result<PathBuf> {
    let path = notes_path(plan_dir, note.id.section);
    let dir = plan_dir.join(NOTES_DIR);
    ensure_writable(plan_dir)?;
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir)
            .map_err(|e| Error::io_on(Text::new("cannot create", "を作成できません"), &dir, &e))?;
    }
    ensure_writable(&dir)?;
    ensure_writable(&path)?;
    let cannot_write =
        |e: std::io::Error| Error::io_on(Text::new("cannot write", "に書き込めません"), &path, &e);
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&path)
        .map_err(cannot_write)?;
    file.lock().map_err(cannot_write)?;
    let mut buf = String::new();
    let len = file.metadata().map_err(cannot_write)?.len();
    if len == 0 {
        buf.push_str(HEADER);
    } else if !ends_with_newline(&mut file).map_err(cannot_write)? {
        // A torn last line (an interrupted write): start on a fresh line so
        // this note stays readable; the reader reports the torn one.
        buf.push('\n');
    }
    buf.push_str(&note.to_line());
    file.write_all(buf.as_bytes()).map_err(cannot_write)?;
    file.sync_data().map_err(cannot_write)?;
    Ok(path)
}

fn ends_with_newline(file: &mut File) -> std::io::Result<bool> {
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// A note as read back, with where it is stored.
#[derive(Debug, Clone)]
pub struct StoredNote {
    pub note: Note,
    pub file: PathBuf,
    pub line: usize,
}

/// A note line's fields as written in the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNote {
    id: String,
    at: toml::value::Datetime,
    author: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    text: String,
}

/// Every notes file of the plan, in name order.
pub fn notes_files(plan_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(plan_dir.join(NOTES_DIR)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.is_dir())
        .collect();
    files.sort();
    files
}

/// Reads every note of the plan, oldest first (by timestamp, then by file
/// order), with a diagnostic for every line that is not a valid note.
/// With a `partial` plan (some section files unreadable), notes on sections
/// it lacks are not reported as unknown.
pub fn load_notes(plan: &Plan, partial: bool) -> (Vec<StoredNote>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut notes = Vec::new();
    let mut seen: HashMap<String, (PathBuf, usize, String)> = HashMap::new();
    let now = date::now();
    let (fy_start, fy_end) = date::fiscal_year_bounds(plan.info.fiscal_year);
    for path in notes_files(&plan.dir) {
        let source = match File::open(&path) {
            Ok(f) => {
                // A shared lock: never read a note while it is half written.
                let _ = f.lock_shared();
                read_source(&path, &mut diagnostics)
            }
            Err(_) => read_source(&path, &mut diagnostics),
        };
        let Some(source) = source else { continue };
        let mut found = Vec::new();
        let mut reader = LineReader {
            plan,
            partial,
            source: &source,
            out: &mut found,
        };
        let mut offset = 0;
        let line_count = source.text.split_inclusive('\n').count();
        for (index, raw_line) in source.text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += raw_line.len();
            let line = raw_line.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let torn = index + 1 == line_count && !raw_line.ends_with('\n');
            let Some(note) = reader.read(line, start, torn) else {
                continue;
            };
            let number = index + 1;
            if let Some((file, first_line, text)) = seen.get(&note.key) {
                if text != line {
                    let other = format!("{}:{first_line}", file.display());
                    let key = &note.key;
                    reader.out.push(
                        Diagnostic::at(
                            Code::NoteDuplicate,
                            text!(
                                en: "note key `{key}` is used twice with different content (also at {other})",
                                ja: "記録キー `{key}` が異なる内容で二度使われています（{other} にもあります）",
                            ),
                            &source,
                            start..start + line.len(),
                        )
                        .with_help(Text::new(
                            "notes are never edited in place: keep one line, and record any correction as a new note",
                            "記録は書き換えません。一方の行を残し、訂正は新しい記録として追加してください",
                        )),
                    );
                }
                continue;
            }
            seen.insert(
                note.key.clone(),
                (source.path.clone(), number, line.to_string()),
            );
            let day = note.at.date_naive();
            let at_span = field_span(line, "at", start);
            if note.at > now {
                reader.out.push(
                    Diagnostic::at(
                        Code::NoteFuture,
                        Text::new(
                            format!(
                                "note {} is dated in the future ({})",
                                note.key,
                                note.at.to_rfc3339()
                            ),
                            format!(
                                "記録 {} の日時が未来です（{}）",
                                note.key,
                                note.at.to_rfc3339()
                            ),
                        ),
                        &source,
                        at_span.clone(),
                    )
                    .with_help(Text::new(
                        "check the date given with --at, or the clock of the machine that wrote it",
                        "--at の日付か、記録した端末の時計を確認してください",
                    )),
                );
            } else if day < fy_start || day > fy_end {
                let fy = plan.info.fiscal_year;
                reader.out.push(Diagnostic::at(
                    Code::NoteOutsideYear,
                    text!(
                        en: "note dated {day}, outside fiscal year {fy} ({fy_start} … {fy_end})",
                        ja: "記録の日付 {day} は {fy} 年度（{fy_start}〜{fy_end}）の外です",
                    ),
                    &source,
                    at_span,
                ));
            }
            notes.push(StoredNote {
                note,
                file: source.path.clone(),
                line: number,
            });
        }
        diagnostics.append(&mut found);
    }
    // Stable sort: notes with the same timestamp keep their file order.
    notes.sort_by_key(|n| n.note.at);
    (notes, diagnostics)
}

/// The byte span of `field = value` within a note line, for carets.
fn field_span(line: &str, field: &str, line_start: usize) -> std::ops::Range<usize> {
    let pattern = format!(" {field} = ");
    match line.find(&pattern) {
        Some(i) => {
            let value_start = i + pattern.len();
            let value_end = line[value_start..]
                .find([',', '}'])
                .map_or(line.len(), |j| value_start + j);
            line_start + value_start..line_start + value_end
        }
        None => line_start..line_start + line.len(),
    }
}

struct LineReader<'a> {
    plan: &'a Plan,
    partial: bool,
    source: &'a SourceFile,
    out: &'a mut Vec<Diagnostic>,
}

impl LineReader<'_> {
    fn push(&mut self, code: Code, message: Text, span: std::ops::Range<usize>, help: Text) {
        self.out
            .push(Diagnostic::at(code, message, self.source, span).with_help(help));
    }

    /// Reads one note line, or reports why it is not a note.
    fn read(&mut self, line: &str, start: usize, torn: bool) -> Option<Note> {
        let whole = start..start + line.len();
        let parsed: std::result::Result<HashMap<String, RawNote>, _> = toml::from_str(line);
        let entries = match parsed {
            Ok(entries) => entries,
            Err(e) => {
                let syntax_ok = line.parse::<toml::Table>().is_ok();
                let span = e
                    .span()
                    .map_or(whole.clone(), |s| start + s.start..start + s.end);
                let detail = e.message().trim().to_string();
                if torn {
                    self.push(
                        Code::NoteTorn,
                        Text::new(
                            format!("the last note is cut short (an interrupted write?): {detail}"),
                            format!("最後の記録が途中で切れています（書込みの中断？）: {detail}"),
                        ),
                        span,
                        Text::new(
                            "delete this line and record the note again",
                            "この行を削除して、記録し直してください",
                        ),
                    );
                } else if syntax_ok {
                    self.push(
                        Code::NoteInvalid,
                        Text::new(format!("not a valid note: {detail}"), format!("記録として不正です: {detail}")),
                        span,
                        Text::new(
                            "a note has id, at, author and text (and optionally status), and nothing else",
                            "記録の項目は id, at, author, text（と任意の status）だけです",
                        ),
                    );
                } else {
                    self.push(
                        Code::NoteTorn,
                        Text::new(
                            format!("this notes line cannot be read: {detail}"),
                            format!("この記録行を読めません: {detail}"),
                        ),
                        span,
                        Text::new(
                            "notes are written by `plan note`, one per line; restore the line from git or delete it",
                            "記録は `plan note` が 1 行ずつ書きます。git から行を戻すか、削除してください",
                        ),
                    );
                }
                return None;
            }
        };
        if entries.len() != 1 {
            self.push(
                Code::NoteInvalid,
                Text::new(
                    "a notes line holds exactly one note",
                    "記録行には記録を 1 件だけ書きます",
                ),
                whole,
                Text::new(
                    "put each note on its own line",
                    "記録は 1 行に 1 件にしてください",
                ),
            );
            return None;
        }
        let (key, raw) = entries.into_iter().next()?;
        let id_span = field_span(line, "id", start);
        let Some(id) = MeasureId::parse_canonical(&raw.id).filter(|id| {
            self.plan.contains(id) || (self.partial && self.plan.section(id.section).is_none())
        }) else {
            let shown = crate::text::escape_control(&raw.id).into_owned();
            let near = self
                .plan
                .resolve(
                    &raw.id,
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
                id_span,
                help,
            );
            return None;
        };
        let at_span = field_span(line, "at", start);
        let Some(at) = offset_datetime(&raw.at) else {
            let shown = raw.at.to_string();
            self.push(
                Code::NoteTimestamp,
                text!(
                    en: "note time `{shown}` needs a date, a time and a UTC offset",
                    ja: "記録の日時 `{shown}` には日付・時刻・時差（UTC オフセット）が必要です",
                ),
                at_span,
                Text::new(
                    "write it like 2021-06-15T10:00:00+09:00",
                    "2021-06-15T10:00:00+09:00 のように書いてください",
                ),
            );
            return None;
        };
        let status = match &raw.status {
            None => None,
            Some(s) => match Status::parse(s) {
                Some(status) => Some(status),
                None => {
                    let shown = crate::text::escape_control(s).into_owned();
                    let allowed = Status::ALL.map(Status::key).join(", ");
                    self.push(
                        Code::NoteStatus,
                        text!(
                            en: "unknown status `{shown}` (allowed: {allowed})",
                            ja: "不明な状況 `{shown}`（使える値: {allowed}）",
                        ),
                        field_span(line, "status", start),
                        Text::new(
                            "statuses are planned, active, done, blocked, dropped (未着手, 実施中, 実施済, 保留, 中止)",
                            "状況は planned, active, done, blocked, dropped（未着手, 実施中, 実施済, 保留, 中止）です",
                        ),
                    );
                    return None;
                }
            },
        };
        if raw.text.trim().is_empty() && status.is_none() {
            self.push(
                Code::NoteInvalid,
                Text::new(
                    "note has no text and sets no status",
                    "記録にテキストも状況もありません",
                ),
                field_span(line, "text", start),
                Text::new(
                    "delete the line, or give the note a text",
                    "行を削除するか、テキストを書いてください",
                ),
            );
            return None;
        }
        Some(Note {
            key,
            id,
            at,
            author: raw.author,
            status,
            text: raw.text,
        })
    }
}

/// A TOML offset date-time as chrono's type; `None` without date, time or offset.
fn offset_datetime(value: &toml::value::Datetime) -> Option<DateTime<FixedOffset>> {
    value.offset?;
    value.date?;
    value.time?;
    DateTime::parse_from_rfc3339(&value.to_string()).ok()
}
