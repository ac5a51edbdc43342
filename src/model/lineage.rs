//! How a measure relates to the measure of the year before that it
//! continues: derived from the two measures, never stored, so it cannot
//! disagree with them.

use crate::i18n::Lang;
use crate::model::plan::Measure;

/// How a measure relates to the one of last year it continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Continuity {
    /// Same ID, same text and sub-items.
    Same,
    /// Same text and sub-items under another ID (a measure inserted or
    /// removed before it in its section).
    Renumbered,
    /// Its text or sub-items changed.
    Reworded,
    /// It continues no measure of last year.
    New,
}

impl Continuity {
    /// How `new` (with `new_id`) relates to `old`, the measure it continues.
    pub fn of(old: Option<(&str, &Measure)>, new_id: &str, new: &Measure) -> Continuity {
        match old {
            None => Continuity::New,
            Some((_, o)) if o.text != new.text || o.items != new.items => Continuity::Reworded,
            Some((id, _)) if id != new_id => Continuity::Renumbered,
            Some(_) => Continuity::Same,
        }
    }

    /// The stable English key, as printed in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Continuity::Same => "same",
            Continuity::Renumbered => "renumbered",
            Continuity::Reworded => "reworded",
            Continuity::New => "new",
        }
    }

    /// The name shown in the UI language.
    pub fn label(self, lang: Lang) -> &'static str {
        let w = crate::words::words(lang);
        match self {
            Continuity::Same => w.same,
            Continuity::Renumbered => w.renumbered,
            Continuity::Reworded => w.reworded,
            Continuity::New => w.new_measure,
        }
    }
}
