//! The one-line note format, both ways. A note is one self-contained TOML
//! line with a unique key, so that git's line-based union merge of two
//! notes files is always valid TOML:
//!
//! ```toml
//! "20210615T100000+0900-3fa91c2e0b7d4e55" = { id = "2.tmg.イ", at = 2021-06-15T10:00:00+09:00, author = "山田", status = "active", text = "…", links = ["https://…"] }
//! ```
//!
//! [`write`] makes such a line; [`parse`] reads one back into its fields.
//! Lines in exactly the form [`write`] makes are read by a parser made for
//! that form; any other line (one a person edited) goes through a full TOML
//! parser, so both give the same fields and every problem is still found.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use chrono::{DateTime, NaiveDate};

use crate::model::note::{Correction, Note, NoteTime};

/// Every field a note line may have, in the order [`write`] puts them.
pub const FIELDS: [&str; 8] = [
    "id", "at", "author", "status", "text", "links", "amends", "retracts",
];

/// The time of a note line as written: a date-time with a UTC offset, a
/// date, or something else (a local time, a bare time) that is not allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawTime {
    Valid(NoteTime),
    /// What the line has, for the message.
    Invalid(String),
}

/// A note line's fields, as written: not yet checked against the plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fields<'a> {
    pub key: Cow<'a, str>,
    pub id: Option<Cow<'a, str>>,
    pub at: Option<RawTime>,
    pub author: Option<Cow<'a, str>>,
    pub status: Option<Cow<'a, str>>,
    pub text: Option<Cow<'a, str>>,
    pub links: Vec<Cow<'a, str>>,
    pub amends: Option<Cow<'a, str>>,
    pub retracts: Option<Cow<'a, str>>,
}

/// Why a line is not a note, with the byte span (within the line) to
/// point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub kind: LineErrorKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineErrorKind {
    /// Not TOML (a torn write, a stray edit); the parser's message.
    Syntax(String),
    /// TOML, but not exactly one `key = { … }` note.
    NotOneNote,
    /// A field no note has.
    UnknownField(String),
    /// A field of the wrong type (`at = "2021-06-15"`, `links = "x"`).
    WrongType { field: &'static str },
    /// `id`, `at` or `author` is missing.
    MissingField(&'static str),
}

/// The line for a note, newline included. Texts are TOML basic strings
/// with every control character escaped, so the note never spans two lines.
pub fn write(note: &Note) -> String {
    let mut line = String::with_capacity(160 + note.text.len());
    line.push_str(&basic_string(&note.key));
    line.push_str(" = { id = ");
    line.push_str(&basic_string(&note.id.to_string()));
    line.push_str(", at = ");
    match note.at {
        NoteTime::At(t) => line.push_str(&t.to_rfc3339()),
        NoteTime::Day(d) => line.push_str(&d.format("%Y-%m-%d").to_string()),
    }
    line.push_str(", author = ");
    line.push_str(&basic_string(&note.author));
    if let Some(status) = note.status {
        line.push_str(", status = ");
        line.push_str(&basic_string(status.key()));
    }
    line.push_str(", text = ");
    line.push_str(&basic_string(&note.text));
    if !note.links.is_empty() {
        line.push_str(", links = [");
        for (i, link) in note.links.iter().enumerate() {
            if i > 0 {
                line.push_str(", ");
            }
            line.push_str(&basic_string(link));
        }
        line.push(']');
    }
    match &note.correction {
        Some(Correction::Amends(key)) => {
            line.push_str(", amends = ");
            line.push_str(&basic_string(key));
        }
        Some(Correction::Retracts(key)) => {
            line.push_str(", retracts = ");
            line.push_str(&basic_string(key));
        }
        None => {}
    }
    line.push_str(" }\n");
    line
}

/// A TOML basic string on one line: `"` and `\` escaped, and every control
/// character (which TOML forbids raw, and which would break the line) as
/// an escape.
pub fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads one line (without its line ending) into a note's fields.
pub fn parse(line: &str) -> Result<Fields<'_>, Vec<LineError>> {
    match fast::parse(line) {
        Some(fields) => Ok(fields),
        None => parse_toml(line),
    }
}

/// Reads one line as far as it goes: the fields that could be read (none
/// when the line is not one TOML note) and every fault found, so a reader
/// can also report what is wrong with the fields that were read.
pub fn parse_partial(line: &str) -> (Option<Fields<'_>>, Vec<LineError>) {
    match fast::parse(line) {
        Some(fields) => (Some(fields), Vec::new()),
        None => toml_fields(line),
    }
}

/// The line read by the dedicated parser of the one-line form `plan note`
/// writes, or `None` when the line is in any other form.
pub fn parse_fast(line: &str) -> Option<Fields<'_>> {
    fast::parse(line)
}

/// The byte span of `field = value` within a note line, for carets; the
/// whole line when the field is not there.
pub fn field_span(line: &str, field: &str) -> Range<usize> {
    let mut from = 0;
    while let Some(i) = line[from..].find(field) {
        let start = from + i;
        let before = line[..start].trim_end();
        let after = line[start + field.len()..].trim_start();
        if (before.ends_with('{') || before.ends_with(',')) && after.starts_with('=') {
            let value = after[1..].trim_start();
            let value_start = line.len() - value.len();
            return value_start..value_end(line, value_start);
        }
        from = start + field.len();
    }
    0..line.len()
}

/// The byte span of a field's name within a note line (for an unknown
/// field); the whole line when it is not there.
pub fn key_span(line: &str, field: &str) -> Range<usize> {
    let value = field_span(line, field);
    if value == (0..line.len()) {
        return value;
    }
    let before = &line[..value.start];
    match before.rfind(field) {
        Some(i) => i..i + field.len(),
        None => value,
    }
}

/// Where a value starting at `start` ends: after its closing quote or
/// bracket, or at the next `,` / `}`.
fn value_end(line: &str, start: usize) -> usize {
    let rest = &line[start..];
    let mut in_string = false;
    let mut escaped = false;
    let mut depth = 0usize;
    for (i, c) in rest.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ',' | '}' if depth == 0 => return start + rest[..i].trim_end().len(),
            _ => {}
        }
    }
    line.len()
}

/// The line read by a full TOML parser: the way of hand-edited lines,
/// and what the fast path must always agree with.
pub fn parse_toml(line: &str) -> Result<Fields<'_>, Vec<LineError>> {
    match toml_fields(line) {
        (Some(fields), errors) if errors.is_empty() => Ok(fields),
        (_, errors) => Err(errors),
    }
}

/// [`parse_toml`], keeping the fields read beside the faults found.
fn toml_fields(line: &str) -> (Option<Fields<'_>>, Vec<LineError>) {
    let whole = 0..line.len();
    let table: toml::Table = match line.parse() {
        Ok(t) => t,
        Err(e) => {
            let span = e.span().unwrap_or(whole);
            return (
                None,
                vec![LineError {
                    kind: LineErrorKind::Syntax(e.message().trim().to_string()),
                    span,
                }],
            );
        }
    };
    let mut entries = table.into_iter();
    let (Some((key, value)), None) = (entries.next(), entries.next()) else {
        return (
            None,
            vec![LineError {
                kind: LineErrorKind::NotOneNote,
                span: whole,
            }],
        );
    };
    let toml::Value::Table(note) = value else {
        return (
            None,
            vec![LineError {
                kind: LineErrorKind::NotOneNote,
                span: whole,
            }],
        );
    };
    let mut fields = Fields {
        key: Cow::Owned(key),
        ..Fields::default()
    };
    let mut errors = Vec::new();
    let wrong = |field: &'static str| LineError {
        kind: LineErrorKind::WrongType { field },
        span: field_span(line, field),
    };
    for (name, value) in note {
        let text = |v: toml::Value, field: &'static str| match v {
            toml::Value::String(s) => Ok(Cow::Owned(s)),
            _ => Err(wrong(field)),
        };
        let result = match name.as_str() {
            "id" => text(value, "id").map(|v| fields.id = Some(v)),
            "author" => text(value, "author").map(|v| fields.author = Some(v)),
            "status" => text(value, "status").map(|v| fields.status = Some(v)),
            "text" => text(value, "text").map(|v| fields.text = Some(v)),
            "amends" => text(value, "amends").map(|v| fields.amends = Some(v)),
            "retracts" => text(value, "retracts").map(|v| fields.retracts = Some(v)),
            "at" => match value {
                toml::Value::Datetime(d) => {
                    fields.at = Some(raw_time(&d));
                    Ok(())
                }
                _ => Err(wrong("at")),
            },
            "links" => match value {
                toml::Value::Array(items) => {
                    let mut links = Vec::new();
                    let mut ok = true;
                    for item in items {
                        match item {
                            toml::Value::String(s) => links.push(Cow::Owned(s)),
                            _ => ok = false,
                        }
                    }
                    fields.links = links;
                    if ok { Ok(()) } else { Err(wrong("links")) }
                }
                _ => Err(wrong("links")),
            },
            _ => Err(LineError {
                span: key_span(line, &name),
                kind: LineErrorKind::UnknownField(name.clone()),
            }),
        };
        if let Err(e) = result {
            errors.push(e);
        }
    }
    for (field, present) in [
        ("id", fields.id.is_some()),
        ("at", fields.at.is_some()),
        ("author", fields.author.is_some()),
    ] {
        if !present
            && !errors
                .iter()
                .any(|e| e.kind == LineErrorKind::WrongType { field })
        {
            errors.push(LineError {
                kind: LineErrorKind::MissingField(field),
                span: whole.clone(),
            });
        }
    }
    (Some(fields), errors)
}

/// A TOML date-time as a note's time: with a UTC offset, or a date alone.
fn raw_time(d: &toml::value::Datetime) -> RawTime {
    let shown = d.to_string();
    match (d.date, d.time, d.offset) {
        (Some(_), Some(_), Some(_)) => DateTime::parse_from_rfc3339(&shown)
            .map(|t| RawTime::Valid(NoteTime::At(t)))
            .unwrap_or(RawTime::Invalid(shown)),
        (Some(date), None, None) => {
            NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                .map(|d| RawTime::Valid(NoteTime::Day(d)))
                .unwrap_or(RawTime::Invalid(shown))
        }
        _ => RawTime::Invalid(shown),
    }
}

/// The parser for lines in exactly the form [`write`] makes: a basic-string
/// key, an inline table of bare keys whose values are basic strings,
/// offset date-times, dates, or arrays of basic strings. Anything else
/// returns `None` and is left to the TOML parser.
mod fast {
    use super::*;
    use chrono::{FixedOffset, TimeZone as _};

    pub fn parse(line: &str) -> Option<Fields<'_>> {
        let mut p = Parser { s: line, i: 0 };
        p.ws();
        let key = p.string()?;
        p.ws();
        p.eat('=')?;
        p.ws();
        p.eat('{')?;
        let mut fields = Fields {
            key,
            ..Fields::default()
        };
        let mut seen = 0u16;
        p.ws();
        if p.peek() != Some('}') {
            loop {
                let name = p.bare_key()?;
                let bit = FIELDS.iter().position(|f| *f == name)?;
                if seen & (1 << bit) != 0 {
                    return None;
                }
                seen |= 1 << bit;
                p.ws();
                p.eat('=')?;
                p.ws();
                match name {
                    "at" => fields.at = Some(RawTime::Valid(p.time()?)),
                    "links" => fields.links = p.strings()?,
                    _ => {
                        let value = Some(p.string()?);
                        match name {
                            "id" => fields.id = value,
                            "author" => fields.author = value,
                            "status" => fields.status = value,
                            "text" => fields.text = value,
                            "amends" => fields.amends = value,
                            "retracts" => fields.retracts = value,
                            _ => return None,
                        }
                    }
                }
                p.ws();
                match p.next()? {
                    ',' => p.ws(),
                    '}' => break,
                    _ => return None,
                }
            }
        } else {
            p.next();
        }
        p.ws();
        if !p.at_end() || fields.id.is_none() || fields.at.is_none() || fields.author.is_none() {
            return None;
        }
        Some(fields)
    }

    struct Parser<'a> {
        s: &'a str,
        i: usize,
    }

    /// The number written with exactly the digits `text[range]`.
    fn digits(text: &[u8], range: Range<usize>) -> Option<u32> {
        text.get(range)?.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    }

    /// `2021-06-15`, read by hand: chrono's format parser is the slowest
    /// part of a note line. Anything unusual is left to TOML.
    fn date(token: &str) -> Option<NaiveDate> {
        let b = token.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = i32::try_from(digits(b, 0..4)?).ok()?;
        NaiveDate::from_ymd_opt(year, digits(b, 5..7)?, digits(b, 8..10)?)
    }

    /// `2021-06-15T10:00:00+09:00` or `…Z`, the form `plan note` writes.
    fn moment(token: &str) -> Option<DateTime<FixedOffset>> {
        let b = token.as_bytes();
        if b.get(10) != Some(&b'T') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (h, m, sec) = (digits(b, 11..13)?, digits(b, 14..16)?, digits(b, 17..19)?);
        let seconds = match &b[19..] {
            b"Z" => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let (oh, om) = (digits(b, 20..22)?, digits(b, 23..25)?);
                if oh > 23 || om > 59 {
                    return None;
                }
                let s = (oh * 3600 + om * 60) as i32;
                if *sign == b'-' { -s } else { s }
            }
            _ => return None,
        };
        if sec > 59 {
            return None;
        }
        let local = date(token)?.and_hms_opt(h, m, sec)?;
        let offset = FixedOffset::east_opt(seconds)?;
        offset.from_local_datetime(&local).single()
    }

    /// A byte a basic string cannot hold raw: a control character other
    /// than tab, or DEL.
    fn is_forbidden(b: u8) -> bool {
        (b < 0x20 && b != b'\t') || b == 0x7f
    }

    impl<'a> Parser<'a> {
        /// The next character; an ASCII one (all the syntax is) without
        /// decoding UTF-8, which was a fifth of a line's parse.
        fn peek(&self) -> Option<char> {
            let b = *self.s.as_bytes().get(self.i)?;
            if b.is_ascii() {
                return Some(char::from(b));
            }
            self.s[self.i..].chars().next()
        }

        fn next(&mut self) -> Option<char> {
            let c = self.peek()?;
            self.i += c.len_utf8();
            Some(c)
        }

        fn eat(&mut self, want: char) -> Option<()> {
            (self.next()? == want).then_some(())
        }

        fn ws(&mut self) {
            while matches!(self.peek(), Some(' ' | '\t')) {
                self.i += 1;
            }
        }

        fn at_end(&self) -> bool {
            self.i == self.s.len()
        }

        fn bare_key(&mut self) -> Option<&'a str> {
            let start = self.i;
            while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                self.i += 1;
            }
            (self.i > start).then(|| &self.s[start..self.i])
        }

        /// A basic string, borrowed when it has no escapes.
        fn string(&mut self) -> Option<Cow<'a, str>> {
            self.eat('"')?;
            let start = self.i;
            let rest = &self.s.as_bytes()[start..];
            // The common case: the closing quote comes before any escape
            // and no control character is in between (both found by SIMD
            // scans, not byte by byte: notes are long Japanese texts).
            let end = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
            if rest[..end]
                .iter()
                .fold(false, |bad, &b| bad | is_forbidden(b))
            {
                return None;
            }
            self.i += end;
            if rest.get(end) == Some(&b'"') {
                self.i += 1;
                return Some(Cow::Borrowed(&self.s[start..start + end]));
            }
            let mut out = String::from(&self.s[start..self.i]);
            loop {
                let c = self.next()?;
                match c {
                    '"' => return Some(Cow::Owned(out)),
                    '\\' => match self.next()? {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => out.push(self.hex(4)?),
                        'U' => out.push(self.hex(8)?),
                        _ => return None,
                    },
                    c if (c < ' ' && c != '\t') || c == '\u{7f}' => return None,
                    c => out.push(c),
                }
            }
        }

        fn hex(&mut self, digits: usize) -> Option<char> {
            let text = self.s.get(self.i..self.i + digits)?;
            if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            self.i += digits;
            char::from_u32(u32::from_str_radix(text, 16).ok()?)
        }

        /// `[ "a", "b" ]`.
        fn strings(&mut self) -> Option<Vec<Cow<'a, str>>> {
            self.eat('[')?;
            let mut out = Vec::new();
            self.ws();
            if self.peek() == Some(']') {
                self.next();
                return Some(out);
            }
            loop {
                self.ws();
                out.push(self.string()?);
                self.ws();
                match self.next()? {
                    ',' => {
                        self.ws();
                        if self.peek() == Some(']') {
                            self.next();
                            return Some(out);
                        }
                    }
                    ']' => return Some(out),
                    _ => return None,
                }
            }
        }

        /// `2021-06-15T10:00:00+09:00` (or `Z`) or `2021-06-15`.
        fn time(&mut self) -> Option<NoteTime> {
            let rest = &self.s[self.i..];
            let len = rest
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, '-' | ':' | '+' | 'T' | 'Z')))
                .unwrap_or(rest.len());
            let token = &rest[..len];
            let time = match token.len() {
                10 => NoteTime::Day(date(token)?),
                20 | 25 => NoteTime::At(moment(token)?),
                _ => return None,
            };
            // Let TOML judge dates it would read differently (a year 0).
            if !token.starts_with(|c: char| c.is_ascii_digit()) || token.starts_with("0000") {
                return None;
            }
            self.i += len;
            Some(time)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::id::MeasureId;
    use crate::model::note::Status;

    fn note(text: &str) -> Note {
        let at = DateTime::parse_from_rfc3339("2021-06-15T10:00:00+09:00").unwrap();
        Note {
            key: "20210615T100000+0900-3fa91c2e0b7d4e55".into(),
            id: MeasureId::parse_canonical("2.tmg.イ.3").unwrap(),
            at: NoteTime::At(at),
            author: "山田 \"太郎\"".into(),
            status: Some(Status::Active),
            text: text.into(),
            links: vec!["https://example.org/a?b=c".into(), "docs/報告.pdf".into()],
            correction: Some(Correction::Amends("k".into())),
        }
    }

    /// Both parsers read a line to the same fields (the fast one only
    /// when it takes the line at all).
    fn both(line: &str) -> Result<Fields<'_>, Vec<LineError>> {
        let slow = parse_toml(line);
        if let Some(fast) = fast::parse(line) {
            assert_eq!(Ok(fast), slow.clone(), "the parsers disagree on {line}");
        }
        slow
    }

    #[test]
    fn a_written_line_reads_back_to_the_same_note_on_the_fast_path() {
        let n = note("一行目\n二行目\t\\ \u{1b}[31m \u{7f} \"\"\" ''' 😀 ＡＢＣ");
        let line = write(&n);
        assert_eq!(line.matches('\n').count(), 1);
        let line = line.trim_end_matches('\n');
        let fields = fast::parse(line).expect("the fast path takes what write makes");
        assert_eq!(fields.text.as_deref(), Some(n.text.as_str()));
        assert_eq!(fields.author.as_deref(), Some(n.author.as_str()));
        assert_eq!(fields.id.as_deref(), Some("2.tmg.イ.3"));
        assert_eq!(fields.at, Some(RawTime::Valid(n.at)));
        assert_eq!(fields.links.len(), 2);
        assert_eq!(fields.amends.as_deref(), Some("k"));
        both(line).unwrap();
    }

    #[test]
    fn a_date_only_note_is_written_as_a_toml_date() {
        let mut n = note("x");
        n.at = NoteTime::Day(NaiveDate::from_ymd_opt(2021, 6, 15).unwrap());
        n.correction = None;
        n.links.clear();
        let line = write(&n);
        assert!(line.contains(", at = 2021-06-15, "), "{line}");
        let f = both(line.trim_end()).unwrap();
        assert_eq!(f.at, Some(RawTime::Valid(n.at)));
    }

    #[test]
    fn hand_edited_lines_go_through_toml_and_agree() {
        for line in [
            r#""k" = { id = '2.tmg.イ', at = 2021-06-15T10:00:00+09:00, author = "a", text = "x" }"#,
            r#""k" = {id="2.tmg.イ",at=2021-06-15 10:00:00+09:00,author="a",text="x"}"#,
            r#""k" = { at = 2021-06-15T10:00:00Z, id = "2.tmg.イ", author = "a", text = "x" } # c"#,
            r#"k = { id = "2.tmg.イ", at = 2021-06-15T10:00:00.5+09:00, author = "a", text = "x\u00e9" }"#,
        ] {
            let f = both(line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert_eq!(f.id.as_deref(), Some("2.tmg.イ"), "{line}");
        }
    }

    #[test]
    fn every_fault_of_a_line_is_reported() {
        let line = r#""k" = { id = "2.tmg.イ", at = "2021-06-15", stauts = "done", colour = 1 }"#;
        let errors = both(line).unwrap_err();
        let kinds: Vec<_> = errors.iter().map(|e| e.kind.clone()).collect();
        assert!(
            kinds.contains(&LineErrorKind::WrongType { field: "at" }),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&LineErrorKind::UnknownField("stauts".into())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&LineErrorKind::UnknownField("colour".into())),
            "{kinds:?}"
        );
        assert!(
            kinds.contains(&LineErrorKind::MissingField("author")),
            "{kinds:?}"
        );
        let stauts = errors
            .iter()
            .find(|e| e.kind == LineErrorKind::UnknownField("stauts".into()))
            .unwrap();
        assert_eq!(&line[stauts.span.clone()], "stauts");
    }

    #[test]
    fn broken_lines_are_syntax_errors_with_a_span() {
        for line in [
            r#""k" = { id = "2.tmg.イ", at = 2021-06-15T10:00:00+09:00, author = "a", text = "cut sh"#,
            "\"k\" = { id = \"2.tmg.イ\", at = 2021-06-15T10:00:00+09:00, author = \"a\", text = \"raw \u{1b} escape\" }",
            r#""k" = { id = "a", id = "b", at = 2021-06-15, author = "a" }"#,
            "<<<<<<< HEAD",
        ] {
            let e = both(line).unwrap_err();
            assert!(
                matches!(e[0].kind, LineErrorKind::Syntax(_)),
                "{line}: {e:?}"
            );
            assert!(e[0].span.end <= line.len());
        }
    }

    #[test]
    fn field_span_points_at_the_value() {
        let line = r#""k" = { id = "2.tmg.イ", at = 2021-06-15T10:00:00+09:00, author = "a", text = "x, y" }"#;
        assert_eq!(&line[field_span(line, "at")], "2021-06-15T10:00:00+09:00");
        assert_eq!(&line[field_span(line, "text")], "\"x, y\"");
        assert_eq!(&line[field_span(line, "id")], "\"2.tmg.イ\"");
        assert_eq!(field_span(line, "links"), 0..line.len());
    }
}
