//! Where things are in a plan file: a typed path to a key or value
//! ([`FieldPath`]), the places of the model a diagnostic can point at
//! ([`Place`]), and the table of spans read from a document ([`Spans`]).
//!
//! Paths are values, not strings that are built in one module and parsed
//! in another, so a misspelt path cannot silently lose a diagnostic's
//! position: every [`Place`] is checked against the shipped plan by a test.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

use toml_edit::{Item, Table, TableLike, Value};

/// One step into a TOML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    /// A 0-based position in an array (shown 1-based).
    Index(usize),
}

/// A path from the top of a document to a key or value:
/// `measures.tmg[2].label` (array positions shown 1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(Vec<Step>);

impl FieldPath {
    pub fn root() -> FieldPath {
        FieldPath::default()
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path one key further in.
    pub fn key(&self, key: &str) -> FieldPath {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_string()));
        FieldPath(steps)
    }

    /// The path to the 0-based `index`th element of this array.
    pub fn index(&self, index: usize) -> FieldPath {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        FieldPath(steps)
    }

    pub fn steps(&self) -> &[Step] {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => f.write_str(k)?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{}]", n + 1)?,
            }
        }
        Ok(())
    }
}

/// The places of a plan's files that diagnostics point at. Indexes are
/// 0-based, as in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// `default_party` in plan.toml.
    DefaultParty,
    /// `preamble` in plan.toml.
    Preamble,
    /// `closing` in plan.toml.
    Closing,
    /// One entry of `[check] allow` in plan.toml (0-based).
    Allow(usize),
    /// A field of one entry of `[check] allow`.
    AllowField(usize, &'a str),
    /// A section file's `number`.
    Number,
    /// A section file's `title`.
    Title,
    /// One 内容 item.
    Contents(usize),
    /// A party's list of measures (`measures.tmg`).
    Party(&'a str),
    /// One measure (`measures.tmg[2]`).
    Measure {
        party: &'a str,
        index: usize,
    },
    Label {
        party: &'a str,
        index: usize,
    },
    Text {
        party: &'a str,
        index: usize,
    },
    /// One ・ sub-item of a measure.
    Item {
        party: &'a str,
        index: usize,
        item: usize,
    },
}

impl Place<'_> {
    /// The path of this place, spelt with the model's field names.
    pub fn path(self) -> FieldPath {
        let root = FieldPath::root();
        let measure = |party: &str, index: usize| root.key("measures").key(party).index(index);
        match self {
            Place::DefaultParty => root.key("default_party"),
            Place::Preamble => root.key("preamble"),
            Place::Closing => root.key("closing"),
            Place::Allow(i) => root.key("check").key("allow").index(i),
            Place::AllowField(i, field) => root.key("check").key("allow").index(i).key(field),
            Place::Number => root.key("number"),
            Place::Title => root.key("title"),
            Place::Contents(i) => root.key("contents").index(i),
            Place::Party(party) => root.key("measures").key(party),
            Place::Measure { party, index } => measure(party, index),
            Place::Label { party, index } => measure(party, index).key("label"),
            Place::Text { party, index } => measure(party, index).key("text"),
            Place::Item { party, index, item } => measure(party, index).key("items").index(item),
        }
    }
}

/// Spans of the values and of the key names of one document.
#[derive(Debug, Clone, Default)]
pub struct Spans {
    values: HashMap<FieldPath, Range<usize>>,
    keys: HashMap<FieldPath, Range<usize>>,
}

impl Spans {
    /// Every span of a parsed document.
    pub fn of(table: &Table) -> Spans {
        let mut spans = Spans::default();
        spans.walk_table(table, &FieldPath::root());
        spans
    }

    /// The span of a place's value.
    pub fn get(&self, place: Place) -> Option<Range<usize>> {
        self.values.get(&place.path()).cloned()
    }

    /// The span of a place's key name (falling back to its value).
    pub fn key(&self, place: Place) -> Option<Range<usize>> {
        let path = place.path();
        self.keys
            .get(&path)
            .or_else(|| self.values.get(&path))
            .cloned()
    }

    /// The span of a place's value, or the start of the file.
    pub fn or_start(&self, place: Place) -> Range<usize> {
        self.get(place).unwrap_or(0..0)
    }

    fn walk_table(&mut self, table: &dyn TableLike, path: &FieldPath) {
        for (key, item) in table.iter() {
            let child = path.key(key);
            if let Some(span) = table.key(key).and_then(|k| k.span()) {
                self.keys.insert(child.clone(), span);
            }
            self.walk_item(item, &child);
        }
    }

    fn walk_item(&mut self, item: &Item, path: &FieldPath) {
        match item {
            Item::Value(v) => self.walk_value(v, path),
            Item::Table(t) => {
                if let Some(span) = t.span() {
                    self.values.insert(path.clone(), span);
                }
                self.walk_table(t, path);
            }
            Item::ArrayOfTables(a) => {
                for (i, t) in a.iter().enumerate() {
                    let child = path.index(i);
                    if let Some(span) = t.span() {
                        self.values.insert(child.clone(), span);
                    }
                    self.walk_table(t, &child);
                }
            }
            Item::None => {}
        }
    }

    fn walk_value(&mut self, value: &Value, path: &FieldPath) {
        if let Some(span) = value.span() {
            self.values.insert(path.clone(), span);
        }
        match value {
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    self.walk_value(v, &path.index(i));
                }
            }
            Value::InlineTable(t) => self.walk_table(t, path),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> (String, Spans) {
        let doc = toml_edit::Document::parse(text.to_string()).unwrap();
        (text.to_string(), Spans::of(doc.as_table()))
    }

    #[test]
    fn paths_show_one_based_positions() {
        let p = Place::Item {
            party: "tmg",
            index: 1,
            item: 0,
        }
        .path();
        assert_eq!(p.to_string(), "measures.tmg[2].items[1]");
        assert_eq!(FieldPath::root().to_string(), "");
    }

    #[test]
    fn every_place_finds_its_span_in_a_shipped_section_file() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/plan/02-telework.toml");
        let (text, spans) = spans(&std::fs::read_to_string(path).unwrap());
        let at = |place: Place| {
            let span = spans.get(place).unwrap_or_else(|| panic!("{place:?}"));
            text[span].to_string()
        };
        assert_eq!(at(Place::Number), "2");
        assert_eq!(at(Place::Title), "\"テレワークの推進\"");
        assert!(at(Place::Contents(1)).contains("テレワーク普及の気運醸成"));
        let (party, index) = ("tmg", 1);
        assert_eq!(&text[spans.key(Place::Party(party)).unwrap()], "tmg");
        assert_eq!(at(Place::Measure { party, index }), "[[measures.tmg]]");
        assert_eq!(at(Place::Label { party, index }), "\"イ\"");
        assert!(at(Place::Text { party, index }).contains("企業におけるテレワーク"));
        let item = Place::Item {
            party,
            index,
            item: 3,
        };
        assert_eq!(at(item), "\"テレワークの機器導入経費補助\"");
        let key = spans.key(Place::Label { party, index }).unwrap();
        assert_eq!(&text[key], "label");
    }

    #[test]
    fn default_party_is_found_in_plan_toml() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/plan/plan.toml");
        let (text, spans) = spans(&std::fs::read_to_string(path).unwrap());
        assert_eq!(&text[spans.get(Place::DefaultParty).unwrap()], "\"tmg\"");
        assert!(text[spans.get(Place::Preamble).unwrap()].contains("{agreement_date}"));
        assert!(text[spans.get(Place::Closing).unwrap()].contains("{effective}"));
    }
}
