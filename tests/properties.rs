//! Properties that must hold for every input, checked with proptest on
//! generated cases: ID spellings, `plan fmt`, the note line format, and
//! notes files as appends and union merges leave them.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use proptest::prelude::*;
use wana_kana::ConvertJapanese;

use plan::files::format::{FileKind, format};
use plan::files::noteline::{self, RawTime, basic_string};
use plan::files::notes::{Notebook, Options};
use plan::model::date::Zone;
use plan::model::id::MeasureId;
use plan::model::note::{Correction, Note, NoteTime, Status};
use plan::model::plan::Plan;
use plan::model::resolve::{PartyDefault, PartySource};

/// The shipped plan, loaded once.
fn shipped() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| plan::files::load::load(&harness::shipped()).unwrap())
}

/// Every canonical ID of the shipped plan, sub-items included.
fn all_ids() -> &'static [MeasureId] {
    static IDS: OnceLock<Vec<MeasureId>> = OnceLock::new();
    IDS.get_or_init(|| shipped().all_ids())
}

fn tokyo() -> Zone {
    Zone::named("Asia/Tokyo").unwrap()
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2021-10-01T12:00:00+09:00").unwrap()
}

/// `２．イ`: ASCII digits and dots as their full-width forms.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect()
}

/// The ways a party can be written: key, upper case, short and full name,
/// English name, and with an accent the folding drops.
fn party_spellings(key: &str) -> Vec<String> {
    let p = shipped().party(key).unwrap();
    let mut out = vec![
        key.to_string(),
        key.to_uppercase(),
        p.short.clone(),
        p.name.clone(),
        p.english.clone(),
    ];
    if let Some(i) = key.find('i') {
        out.push(format!("{}í{}", &key[..i], &key[i + 1..]));
    }
    out
}

/// The ways a label can be written: katakana, hiragana, romaji (lower and
/// upper case).
fn label_spellings(label: &str) -> Vec<String> {
    let romaji = label.to_romaji();
    vec![
        label.to_string(),
        label.to_hiragana(),
        romaji.to_uppercase(),
        romaji,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_accepted_spelling_of_an_id_resolves_to_it(
        which in 0..10_000usize,
        party_pick in 0..10usize,
        label_pick in 0..10usize,
        short in any::<bool>(),
        wide in any::<bool>(),
    ) {
        let plan = shipped();
        let id = &all_ids()[which % all_ids().len()];
        let parties = party_spellings(&id.party);
        let labels = label_spellings(&id.label);
        let label = &labels[label_pick % labels.len()];
        let mut typed = if short {
            format!("{}.{label}", id.section)
        } else {
            format!("{}.{}.{label}", id.section, parties[party_pick % parties.len()])
        };
        if let Some(item) = id.item {
            typed.push_str(&format!(".{item}"));
        }
        if wide {
            typed = full_width(&typed);
        }
        // A short ID takes the party from the default (here: the ID's own).
        let default = PartyDefault { party: &id.party, source: PartySource::Default };
        let resolved = plan.resolve(&typed, default);
        prop_assert!(resolved.is_ok(), "{typed} does not resolve: {:?}", resolved.err());
        prop_assert_eq!(&resolved.unwrap().id, id, "{}", typed);
    }
}

/// A TOML string of any text, as a person might write it: basic or literal.
fn toml_string(s: &str, literal: bool) -> String {
    if literal && !s.contains(['\'', '\n', '\r']) && !s.chars().any(char::is_control) {
        format!("'{s}'")
    } else {
        basic_string(s)
    }
}

/// Text for a plan file: anything printable, with quotes, backslashes,
/// full-width and emoji likely.
fn plan_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 \"'\\\\#=\\[\\]{}、。（）ア-ンー都東商😀ＥＸＰＯ]{1,24}"
        .prop_filter("a text is not blank at its ends", |s| s.trim() == s)
}

/// A comment line that the formatter must keep.
fn comment() -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(
        0.3,
        "[a-zA-Z0-9 都の取組：]{0,16}".prop_map(|c| format!("# {c}")),
    )
}

#[derive(Debug, Clone)]
struct GenMeasure {
    text: String,
    items: Vec<String>,
    comment: Option<String>,
    trailing: Option<String>,
}

fn measure() -> impl Strategy<Value = GenMeasure> {
    (
        plan_text(),
        proptest::collection::vec(plan_text(), 0..3),
        comment(),
        comment(),
    )
        .prop_map(|(text, items, comment, trailing)| GenMeasure {
            text,
            items,
            comment,
            trailing,
        })
}

/// A section file in some layout a person might write: keys in any
/// order, arrays inline or one item per line, comments here and there.
fn section_file() -> impl Strategy<Value = (String, Vec<String>)> {
    (
        1..7u32,
        plan_text(),
        proptest::collection::vec(plan_text(), 0..3),
        proptest::collection::vec(measure(), 0..4),
        proptest::collection::vec(measure(), 0..3),
        comment(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(number, title, contents, tmg, tcci, top, literal, inline, swap)| {
                let mut comments = Vec::new();
                let mut out = String::new();
                if let Some(c) = &top {
                    out.push_str(c);
                    out.push_str("\n\n");
                    comments.push(c.clone());
                }
                let number_line = format!("number={number}\n");
                let title_line = format!("title = {}\n", toml_string(&title, literal));
                if swap {
                    out.push_str(&title_line);
                    out.push_str(&number_line);
                } else {
                    out.push_str(&number_line);
                    out.push_str(&title_line);
                }
                let list = |items: &[String]| {
                    let quoted: Vec<String> =
                        items.iter().map(|i| toml_string(i, literal)).collect();
                    if inline {
                        format!("[{}]", quoted.join(", "))
                    } else {
                        format!(
                            "[\n{}\n]",
                            quoted
                                .iter()
                                .map(|q| format!("    {q},"))
                                .collect::<Vec<_>>()
                                .join("\n")
                        )
                    }
                };
                out.push_str(&format!("contents = {}\n", list(&contents)));
                for (party, measures) in [("tmg", &tmg), ("tcci", &tcci)] {
                    for (i, m) in measures.iter().enumerate() {
                        out.push('\n');
                        if let Some(c) = &m.comment {
                            out.push_str(c);
                            out.push('\n');
                            comments.push(c.clone());
                        }
                        out.push_str(&format!("[[measures.{party}]]\n"));
                        let label = plan::model::label::ORDER[i];
                        let text = format!("text = {}", toml_string(&m.text, literal));
                        let label = format!("label = \"{label}\"");
                        // Keys out of order: fmt puts label first.
                        let (first, second) = if swap {
                            (&text, &label)
                        } else {
                            (&label, &text)
                        };
                        out.push_str(first);
                        out.push('\n');
                        out.push_str(second);
                        if let Some(c) = &m.trailing {
                            out.push(' ');
                            out.push_str(c);
                            comments.push(c.clone());
                        }
                        out.push('\n');
                        if !m.items.is_empty() {
                            out.push_str(&format!("items = {}\n", list(&m.items)));
                        }
                    }
                }
                (out, comments)
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fmt_is_idempotent_keeps_comments_and_the_data(
        (text, comments) in section_file()
    ) {
        let once = format(&text, FileKind::Section);
        prop_assert!(once.is_ok(), "fmt refused:\n{text}\n{:?}", once.err());
        let once = once.unwrap();
        let twice = format(&once, FileKind::Section).unwrap();
        prop_assert_eq!(&twice, &once, "fmt of fmt differs; input:\n{}", text);
        for c in &comments {
            prop_assert!(once.contains(c.trim_end()), "comment {c:?} lost:\n{text}\n---\n{once}");
        }
        // The data is the same before and after.
        let before: toml::Table = toml::from_str(&text).unwrap();
        let after: toml::Table = toml::from_str(&once).unwrap();
        prop_assert_eq!(before, after);
    }
}

/// Any text at all, weighted towards what breaks line formats: newlines,
/// quotes, backslashes, controls (C0, DEL, C1), bidi, emoji, full-width.
fn any_text() -> impl Strategy<Value = String> {
    let tricky = prop_oneof![
        Just('\n'),
        Just('\r'),
        Just('\t'),
        Just('"'),
        Just('\''),
        Just('\\'),
        Just('\u{0}'),
        Just('\u{1b}'),
        Just('\u{7f}'),
        Just('\u{85}'),
        Just('\u{9b}'),
        Just('\u{2028}'),
        Just('\u{202e}'),
        Just('\u{feff}'),
        Just('😀'),
        Just('Ａ'),
        Just('都'),
        Just('#'),
        Just('}'),
        Just(','),
        Just('='),
    ];
    proptest::collection::vec(prop_oneof![3 => tricky, 1 => any::<char>()], 0..40)
        .prop_map(|cs| cs.into_iter().collect())
}

fn note_time() -> impl Strategy<Value = NoteTime> {
    prop_oneof![
        (0..365i64).prop_map(|d| NoteTime::Day(
            NaiveDate::from_ymd_opt(2021, 4, 1).unwrap() + TimeDelta::days(d)
        )),
        (0..365 * 86_400i64, -12..=14i32).prop_map(|(s, h)| {
            let offset = FixedOffset::east_opt(h * 3600).unwrap();
            let base = DateTime::parse_from_rfc3339("2021-04-01T00:00:00+09:00").unwrap();
            NoteTime::At((base + TimeDelta::seconds(s)).with_timezone(&offset))
        }),
    ]
}

/// A note against a measure of the shipped plan, with any text.
fn note() -> impl Strategy<Value = Note> {
    (
        0..10_000usize,
        note_time(),
        any_text(),
        any_text(),
        proptest::option::of(0..5usize),
        any::<u64>(),
    )
        .prop_map(|(which, at, author, text, status, random)| {
            let id = all_ids()[which % all_ids().len()].clone();
            let key = format!("20211001T120000+0900-{random:016x}");
            Note {
                key,
                id,
                at,
                author,
                status: status.map(|s| Status::ALL[s]),
                // A note with no status needs a text to be valid.
                text: if status.is_none() {
                    format!("x{text}")
                } else {
                    text
                },
                links: vec![],
                correction: None,
            }
        })
}

/// A note with corrections and links as well, valid or not.
fn any_note() -> impl Strategy<Value = Note> {
    (
        note(),
        any_text(),
        proptest::collection::vec(any_text(), 0..3),
        0..3u8,
    )
        .prop_map(|(mut n, key, links, correction)| {
            n.key = key.clone();
            n.links = links;
            n.correction = match correction {
                0 => None,
                1 => Some(Correction::Amends(key)),
                _ => Some(Correction::Retracts(key)),
            };
            n
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_note_line_reads_back_to_its_note_by_both_parse_paths(n in any_note()) {
        let line = noteline::write(&n);
        prop_assert_eq!(line.matches('\n').count(), 1, "one line: {:?}", line);
        prop_assert!(line.ends_with('\n'));
        let line = line.trim_end_matches('\n');
        // The program's parser (fast path, else TOML) …
        let fields = noteline::parse(line);
        prop_assert!(fields.is_ok(), "{line:?}: {:?}", fields.err());
        let f = fields.unwrap();
        let id = n.id.to_string();
        prop_assert_eq!(f.key.as_ref(), n.key.as_str());
        prop_assert_eq!(f.id.as_deref(), Some(id.as_str()));
        prop_assert_eq!(f.at.clone(), Some(RawTime::Valid(n.at)));
        prop_assert_eq!(f.author.as_deref(), Some(n.author.as_str()));
        prop_assert_eq!(f.text.as_deref(), Some(n.text.as_str()));
        prop_assert_eq!(f.status.as_deref(), n.status.map(Status::key));
        let links: Vec<&str> = f.links.iter().map(|l| l.as_ref()).collect();
        prop_assert_eq!(links, n.links.iter().map(String::as_str).collect::<Vec<_>>());
        let (amends, retracts) = match &n.correction {
            Some(Correction::Amends(k)) => (Some(k.as_str()), None),
            Some(Correction::Retracts(k)) => (None, Some(k.as_str())),
            None => (None, None),
        };
        prop_assert_eq!(f.amends.as_deref(), amends);
        prop_assert_eq!(f.retracts.as_deref(), retracts);
        // … and a plain TOML parser agree on every field.
        let table: toml::Table = toml::from_str(line).unwrap();
        prop_assert_eq!(table.len(), 1);
        let (key, value) = table.into_iter().next().unwrap();
        prop_assert_eq!(&key, &n.key);
        let t = value.as_table().unwrap();
        prop_assert_eq!(t["id"].as_str(), Some(id.as_str()));
        prop_assert_eq!(t["author"].as_str(), Some(n.author.as_str()));
        prop_assert_eq!(t["text"].as_str(), Some(n.text.as_str()));
        prop_assert_eq!(t.get("status").and_then(|s| s.as_str()), n.status.map(Status::key));
        let at = t["at"].as_datetime().unwrap().to_string();
        match n.at {
            NoteTime::Day(d) => prop_assert_eq!(at, d.to_string()),
            NoteTime::At(moment) => {
                prop_assert_eq!(DateTime::parse_from_rfc3339(&at).unwrap(), moment)
            }
        }
    }
}

/// A scratch copy of the shipped plan, for notes to be read against.
fn scratch_plan() -> (tempfile::TempDir, Plan) {
    let (root, dir) = harness::copy_of_shipped();
    let plan = plan::files::load::load(&dir).unwrap();
    (root, plan)
}

/// Every entry read and every diagnostic given, as text to compare.
fn read_all(plan: &Plan) -> (Vec<String>, Vec<String>) {
    read_checked(plan, true)
}

/// [`read_all`], keeping the files' text or not (as `plan check` does,
/// which reads again only the lines its diagnostics quote).
fn read_checked(plan: &Plan, keep_text: bool) -> (Vec<String>, Vec<String>) {
    let options = Options {
        keep_text,
        check: true,
        ..Options::default()
    };
    let book = Notebook::read(plan, tokyo(), now(), options);
    // Not the file's index: a new notes file shifts the others' indexes.
    let entries = book
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let path = book.files[e.file as usize].path.display();
            let (key, correction) = (book.key(i), book.correction(i));
            format!(
                "{path}:{} {} {} {} {} {:?} {key} {correction:?}",
                e.line, e.measure, e.sub, e.at, e.day_only, e.status
            )
        })
        .collect();
    let diagnostics = book
        .diagnostics
        .iter()
        .chain(&book.unreadable)
        .map(|d| format!("{} {:?} {}", d.code.as_str(), d.location, d.message.en))
        .collect();
    (entries, diagnostics)
}

/// Writes notes as lines to `notes/NN.toml` by section, appending.
fn append_notes(plan: &Plan, lines: &[String]) {
    for line in lines {
        let section = line
            .split("id = \"")
            .nth(1)
            .and_then(|rest| rest.split('.').next())
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(2);
        let path = plan::files::store::notes_path(&plan.dir, section);
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        std::io::Write::write_all(&mut f, line.as_bytes()).unwrap();
    }
}

/// A note made from `n` that `plan check` has something to say about
/// (`how` picks what): an exact copy, its key with other content, a
/// repeat under a new key, a correction of a note that does not exist,
/// an amendment of itself, a date outside the fiscal year.
fn troubled(n: &Note, how: u8) -> String {
    let mut m = n.clone();
    match how % 6 {
        0 => {}
        1 => m.text.push('!'),
        2 => m.key.push('0'),
        3 => {
            m.key.push('1');
            m.correction = Some(Correction::Amends("20200101T000000+0900-missing".into()));
        }
        4 => {
            m.key.push('2');
            m.correction = Some(Correction::Amends(m.key.clone()));
        }
        _ => {
            m.key.push('3');
            m.at = NoteTime::Day(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap());
        }
    }
    noteline::write(&m)
}

/// A line appended by someone: a note, or junk (a torn or hand-made line).
fn appended_line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any_note().prop_map(|n| noteline::write(&n)),
        1 => any_text().prop_map(|t| format!("{}\n", t.replace(['\n', '\r'], " "))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn appending_lines_never_changes_how_earlier_notes_load(
        first in proptest::collection::vec(note(), 1..12),
        more in proptest::collection::vec(appended_line(), 1..12),
    ) {
        let (_root, plan) = scratch_plan();
        let lines: Vec<String> = first.iter().map(noteline::write).collect();
        append_notes(&plan, &lines);
        let (entries, diagnostics) = read_all(&plan);
        prop_assert_eq!(entries.len(), first.len());
        append_notes(&plan, &more);
        let (after, after_diagnostics) = read_all(&plan);
        // Same entries at the same places (files are read in name order,
        // each from its start, so earlier lines keep their position).
        for e in &entries {
            prop_assert!(after.contains(e), "{e} changed after appending {more:?}");
        }
        for d in diagnostics.iter().filter(|d| !d.starts_with("P046")) {
            prop_assert!(after_diagnostics.contains(d), "{d} lost after appending");
        }
    }

    #[test]
    fn check_says_the_same_whether_it_keeps_the_text_or_reads_lines_again(
        first in proptest::collection::vec(note(), 1..10),
        trouble in proptest::collection::vec((0..10usize, any::<u8>()), 1..10),
    ) {
        let (_root, plan) = scratch_plan();
        let mut lines: Vec<String> = first.iter().map(noteline::write).collect();
        for (n, (which, how)) in trouble.into_iter().enumerate() {
            // The first is never an exact copy, which is silent.
            let how = if n == 0 { 1 + how % 5 } else { how };
            lines.push(troubled(&first[which % first.len()], how));
        }
        append_notes(&plan, &lines);
        let kept = read_checked(&plan, true);
        prop_assert!(!kept.1.is_empty(), "every case has something to report");
        prop_assert_eq!(read_checked(&plan, false), kept);
    }

    #[test]
    fn the_union_of_two_notes_files_is_loadable_with_every_note(
        base in proptest::collection::vec(note(), 0..6),
        ours in proptest::collection::vec(note(), 0..8),
        theirs in proptest::collection::vec(note(), 0..8),
    ) {
        // What git's merge=union leaves: the common lines, then each side's.
        let (_root, plan) = scratch_plan();
        let mut text = String::from(plan::files::store::HEADER);
        for n in base.iter().chain(&ours).chain(&theirs) {
            let mut n = n.clone();
            n.id = MeasureId::new(2, &n.id.party, "ア");
            text.push_str(&noteline::write(&n));
        }
        std::fs::write(plan::files::store::notes_path(&plan.dir, 2), &text).unwrap();
        let book = Notebook::read(&plan, tokyo(), now(), Options { check: true, ..Options::default() });
        let errors: Vec<_> = book.diagnostics.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "{errors:?}");
        let keys: BTreeSet<&str> = (0..book.entries.len()).map(|i| book.key(i)).collect();
        let expected: BTreeSet<&str> = base.iter().chain(&ours).chain(&theirs).map(|n| n.key.as_str()).collect();
        prop_assert_eq!(keys, expected);
    }
}
