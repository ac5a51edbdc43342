//! Progress notes and measure statuses, and the one-line form a note is
//! stored in.
//!
//! A note is one self-contained TOML line with a unique key, e.g.
//! `"20210615T100000+0900-3fa91c2e" = { id = "2.tmg.イ", at = 2021-06-15T10:00:00+09:00, author = "山田", status = "active", text = "…" }`,
//! so that git's line-based union merge of two logs is always valid TOML.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::id::MeasureId;
use crate::text::fold;

/// Where a measure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// 未着手: nothing done yet (the status of a measure without one).
    Planned,
    /// 実施中: under way.
    Active,
    /// 実施済: done.
    Done,
    /// 保留: on hold.
    Blocked,
    /// 中止: dropped.
    Dropped,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Planned,
        Status::Active,
        Status::Done,
        Status::Blocked,
        Status::Dropped,
    ];

    /// The stable English key, as stored and as printed in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Active => "active",
            Status::Done => "done",
            Status::Blocked => "blocked",
            Status::Dropped => "dropped",
        }
    }

    /// The Japanese name used in the documents.
    pub fn japanese(self) -> &'static str {
        match self {
            Status::Planned => "未着手",
            Status::Active => "実施中",
            Status::Done => "実施済",
            Status::Blocked => "保留",
            Status::Dropped => "中止",
        }
    }

    /// The name shown in the UI language.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.key(),
            Lang::Ja => self.japanese(),
        }
    }

    /// Accepts the English key or the Japanese name, folded (`DONE`, `実施済`).
    pub fn parse(input: &str) -> Option<Status> {
        let needle = fold(input.trim());
        Status::ALL
            .into_iter()
            .find(|s| s.key() == needle || fold(s.japanese()) == needle)
    }

    /// Every spelling accepted as input (for suggestions and completion).
    pub fn spellings() -> Vec<&'static str> {
        Status::ALL
            .iter()
            .flat_map(|s| [s.key(), s.japanese()])
            .collect()
    }
}

/// One progress note against a measure or sub-item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Unique key: the timestamp in compact form and a random suffix.
    pub key: String,
    pub id: MeasureId,
    pub at: DateTime<FixedOffset>,
    pub author: String,
    /// The status this note sets, if it sets one.
    pub status: Option<Status>,
    pub text: String,
}

impl Note {
    /// A key unique across clones: `20210615T100000+0900-3fa91c2e`.
    pub fn new_key(at: &DateTime<FixedOffset>) -> String {
        format!("{}-{:08x}", at.format("%Y%m%dT%H%M%S%z"), fastrand::u32(..))
    }

    /// The note as one line of TOML, newline included. Texts are written as
    /// basic strings with every control character escaped, so the note never
    /// spans two lines.
    pub fn to_line(&self) -> String {
        let mut line = String::with_capacity(160 + self.text.len());
        line.push_str(&basic_string(&self.key));
        line.push_str(" = { id = ");
        line.push_str(&basic_string(&self.id.to_string()));
        line.push_str(", at = ");
        line.push_str(&self.at.to_rfc3339());
        line.push_str(", author = ");
        line.push_str(&basic_string(&self.author));
        if let Some(status) = self.status {
            line.push_str(", status = ");
            line.push_str(&basic_string(status.key()));
        }
        line.push_str(", text = ");
        line.push_str(&basic_string(&self.text));
        line.push_str(" }\n");
        line
    }
}

/// A TOML basic string on one line: `"` and `\` escaped, and every control
/// character (which TOML forbids raw, and which would break the line) as an escape.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_both_languages() {
        assert_eq!(Status::parse("done"), Some(Status::Done));
        assert_eq!(Status::parse("DONE"), Some(Status::Done));
        assert_eq!(Status::parse("実施済"), Some(Status::Done));
        assert_eq!(Status::parse("保留"), Some(Status::Blocked));
        assert_eq!(Status::parse("finished"), None);
    }

    #[test]
    fn a_note_is_one_line_of_valid_toml_whatever_its_text() {
        let at = DateTime::parse_from_rfc3339("2021-06-15T10:00:00+09:00").unwrap();
        let note = Note {
            key: Note::new_key(&at),
            id: MeasureId::parse_canonical("2.tmg.イ").unwrap(),
            at,
            author: "山田 \"太郎\"".into(),
            status: Some(Status::Active),
            text: "一行目\n二行目\t\\ \u{1b}[31m \u{7f} \"\"\" '''".into(),
        };
        let line = note.to_line();
        assert_eq!(line.matches('\n').count(), 1);
        assert!(line.starts_with("\"20210615T100000+0900-"));
        let table: toml::Table = toml::from_str(&line).unwrap();
        let (_, value) = table.iter().next().unwrap();
        assert_eq!(value["text"].as_str(), Some(note.text.as_str()));
        assert_eq!(value["author"].as_str(), Some(note.author.as_str()));
        assert_eq!(value["at"].to_string(), "2021-06-15T10:00:00+09:00");
    }

    #[test]
    fn keys_differ_for_the_same_second() {
        let at = DateTime::parse_from_rfc3339("2021-06-15T10:00:00+09:00").unwrap();
        let keys: std::collections::HashSet<String> =
            (0..1000).map(|_| Note::new_key(&at)).collect();
        assert_eq!(keys.len(), 1000);
    }
}
