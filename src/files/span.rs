//! Where things are in a plan file: a typed path to a key or value
//! ([`FieldPath`]), the places of the model a diagnostic can point at
//! ([`Place`]), and where they are in a document's text ([`Spans`]).
//!
//! Paths are values, not strings that are built in one module and parsed
//! in another, so a misspelt path cannot silently lose a diagnostic's
//! position: every [`Place`] is checked against the shipped plan by a test.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;

use toml_edit::{ArrayOfTables, Document, Item, Table, TableLike, Value};

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
    /// `[previous] fiscal_year` in plan.toml.
    PreviousYear,
    /// One entry of `[previous] ended` (0-based).
    Ended(usize),
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
    /// The `continues` of a measure.
    Continues {
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
            Place::PreviousYear => root.key("previous").key("fiscal_year"),
            Place::Ended(i) => root.key("previous").key("ended").index(i),
            Place::Number => root.key("number"),
            Place::Title => root.key("title"),
            Place::Contents(i) => root.key("contents").index(i),
            Place::Party(party) => root.key("measures").key(party),
            Place::Measure { party, index } => measure(party, index),
            Place::Label { party, index } => measure(party, index).key("label"),
            Place::Text { party, index } => measure(party, index).key("text"),
            Place::Continues { party, index } => measure(party, index).key("continues"),
            Place::Item { party, index, item } => measure(party, index).key("items").index(item),
        }
    }
}

/// Spans of the values and key names of one document, looked up in its
/// syntax tree when a diagnostic needs one. The tree is parsed on the first
/// lookup only: a plan without problems never pays for it.
#[derive(Debug)]
pub struct Spans<'t> {
    text: &'t str,
    doc: OnceCell<Option<Document<String>>>,
}

impl<'t> Spans<'t> {
    /// The spans of the document `text` (parsed when first asked).
    pub fn of(text: &'t str) -> Spans<'t> {
        Spans {
            text,
            doc: OnceCell::new(),
        }
    }

    /// The span of a place's value.
    pub fn get(&self, place: Place) -> Option<Range<usize>> {
        self.find(&place.path()).and_then(|(_, value)| value)
    }

    /// The span of a place's key name (falling back to its value).
    pub fn key(&self, place: Place) -> Option<Range<usize>> {
        let (key, value) = self.find(&place.path())?;
        key.or(value)
    }

    /// The span of a place's value, or the start of the file.
    pub fn or_start(&self, place: Place) -> Range<usize> {
        self.get(place).unwrap_or(0..0)
    }

    /// The spans of the key naming `path` (when a key does) and of its value.
    #[allow(clippy::type_complexity)]
    fn find(&self, path: &FieldPath) -> Option<(Option<Range<usize>>, Option<Range<usize>>)> {
        let doc = self
            .doc
            .get_or_init(|| Document::parse(self.text.to_string()).ok())
            .as_ref()?;
        let mut node = Node::Table(doc.as_table());
        let mut key_span = None;
        for step in path.steps() {
            node = match step {
                Step::Key(k) => {
                    let (key, item) = node.table()?.get_key_value(k)?;
                    key_span = key.span();
                    Node::from_item(item)?
                }
                Step::Index(i) => {
                    key_span = None;
                    node.element(*i)?
                }
            };
        }
        // An array of tables has no one place of its own.
        let value = match node {
            Node::Tables(_) => None,
            _ => node.span(),
        };
        Some((key_span, value))
    }
}

/// A place in a TOML document, whatever syntax it was written in.
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    Value(&'a Value),
    Table(&'a Table),
    Tables(&'a ArrayOfTables),
}

impl<'a> Node<'a> {
    pub(crate) fn from_item(item: &'a Item) -> Option<Node<'a>> {
        match item {
            Item::None => None,
            Item::Value(v) => Some(Node::Value(v)),
            Item::Table(t) => Some(Node::Table(t)),
            Item::ArrayOfTables(a) => Some(Node::Tables(a)),
        }
    }

    pub(crate) fn span(&self) -> Option<Range<usize>> {
        match self {
            Node::Value(v) => v.span(),
            Node::Table(t) => t.span(),
            Node::Tables(a) => a.span(),
        }
    }

    pub(crate) fn table(&self) -> Option<&'a dyn TableLike> {
        match self {
            Node::Table(t) => Some(*t),
            Node::Value(Value::InlineTable(t)) => Some(t as &dyn TableLike),
            _ => None,
        }
    }

    pub(crate) fn element(&self, index: usize) -> Option<Node<'a>> {
        match self {
            Node::Value(Value::Array(a)) => a.get(index).map(Node::Value),
            Node::Tables(a) => a.get(index).map(Node::Table),
            _ => None,
        }
    }

    pub(crate) fn array(&self) -> Option<Vec<Node<'a>>> {
        match self {
            Node::Value(Value::Array(a)) => Some(a.iter().map(Node::Value).collect()),
            Node::Tables(a) => Some(a.iter().map(Node::Table).collect()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let text = std::fs::read_to_string(path).unwrap();
        let spans = Spans::of(&text);
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
        let text = std::fs::read_to_string(path).unwrap();
        let spans = Spans::of(&text);
        assert_eq!(&text[spans.get(Place::DefaultParty).unwrap()], "\"tmg\"");
        assert!(text[spans.get(Place::Preamble).unwrap()].contains("{agreement_date}"));
        assert!(text[spans.get(Place::Closing).unwrap()].contains("{effective}"));
    }
}
