//! The plan model: what `plan.toml` and the section files say, as typed data.
//!
//! These types are the single source of truth for the file format: serde reads
//! the files into them, and `plan schema` derives the JSON Schema from them.

use std::path::PathBuf;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::date::Date;
use crate::model::id::MeasureId;
use crate::settings::FileSettings;
use crate::source::SourceFile;

/// `plan.toml`: the plan as a whole.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "plan.toml", extend("$id" = "plan.schema.json"))]
pub struct PlanInfo {
    /// The plan's title, as the document gives it.
    #[schemars(length(min = 1))]
    pub title: String,
    /// The fiscal year the plan covers (FY2021 runs 2021-04-01 to 2022-03-31).
    #[schemars(range(min = 1900, max = 9999))]
    pub fiscal_year: i32,
    /// The date the plan takes effect.
    pub effective: Date,
    /// The party a short ID such as `2.イ` means when it names none.
    #[schemars(length(min = 1))]
    pub default_party: String,
    /// The document's opening paragraph, a template: {agreement_date}, {fiscal_year} and {effective} are filled in from the data.
    #[serde(default)]
    pub preamble: String,
    /// The document's closing sentence, a template like the preamble.
    #[serde(default)]
    pub closing: String,
    /// The partnership agreement the plan implements.
    pub agreement: Agreement,
    /// The parties, keyed by the short name used in IDs (`tmg`, `tcci`), in the
    /// order the document lists their measures.
    pub parties: IndexMap<String, Party>,
    /// Defaults for everyone who uses this plan (overridden by environment and flags).
    #[serde(default, skip_serializing_if = "FileSettings::is_empty")]
    pub settings: FileSettings,
}

/// The agreement a plan implements.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// The agreement's title.
    #[schemars(length(min = 1))]
    pub title: String,
    /// The name the document uses for it after first mention.
    #[serde(default)]
    pub short: String,
    /// The date it was concluded.
    pub date: Date,
    /// The article the plan is based on (e.g. 第２条).
    #[serde(default)]
    pub article: String,
}

/// One party to the plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Full name (東京都).
    #[schemars(length(min = 1))]
    pub name: String,
    /// Short name used in tables (都).
    #[schemars(length(min = 1))]
    pub short: String,
    /// English name.
    #[schemars(length(min = 1))]
    pub english: String,
    /// The heading of the party's measures in the document (都の取組).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
}

impl Party {
    /// The heading the document gives this party's measures.
    pub fn heading(&self) -> String {
        self.heading
            .clone()
            .unwrap_or_else(|| format!("{}の取組", self.name))
    }
}

/// A section file (`01-….toml`): one numbered section of the plan.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "plan section", extend("$id" = "section.schema.json"))]
pub struct Section {
    /// The section's number; the file name starts with it (`02-….toml`).
    #[schemars(range(min = 1))]
    pub number: u32,
    /// The section's title.
    #[schemars(length(min = 1))]
    pub title: String,
    /// The 内容 items (（１）, （２）, …) in order.
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    pub contents: Vec<String>,
    /// Each party's measures (都の取組, 東京商工会議所の取組), keyed by party.
    #[serde(default)]
    pub measures: IndexMap<String, Vec<Measure>>,
}

/// One measure (ア, イ, …) of one party.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The measure's label: ア, イ, ウ … in document order.
    #[schemars(length(min = 1))]
    pub label: String,
    /// The measure's text, verbatim.
    #[schemars(length(min = 1))]
    pub text: String,
    /// The ・ sub-items under the measure, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(length(min = 1)))]
    pub items: Vec<String>,
}

/// A section as loaded, with the file it came from.
#[derive(Debug, Clone)]
pub struct SectionFile {
    pub source: SourceFile,
    pub section: Section,
}

/// A whole plan as loaded from its directory.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan directory (the one holding `plan.toml`).
    pub dir: PathBuf,
    pub info: PlanInfo,
    pub info_source: SourceFile,
    /// Sections in number order.
    pub sections: Vec<SectionFile>,
}

/// A measure together with where it sits in the plan.
#[derive(Debug, Clone, Copy)]
pub struct MeasureRef<'a> {
    pub section: &'a Section,
    pub party: &'a str,
    pub measure: &'a Measure,
}

impl<'a> MeasureRef<'a> {
    pub fn id(&self) -> MeasureId {
        MeasureId::new(self.section.number, self.party, &self.measure.label)
    }
}

impl Plan {
    pub fn section(&self, number: u32) -> Option<&Section> {
        self.sections
            .iter()
            .map(|s| &s.section)
            .find(|s| s.number == number)
    }

    /// Every measure, in document order: by section, then party in the order
    /// of `plan.toml`, then label order within the file.
    pub fn measures(&self) -> impl Iterator<Item = MeasureRef<'_>> {
        self.sections
            .iter()
            .flat_map(move |s| self.section_measures(&s.section))
    }

    /// One section's measures in document order.
    pub fn section_measures<'a>(
        &'a self,
        section: &'a Section,
    ) -> impl Iterator<Item = MeasureRef<'a>> + 'a {
        self.party_keys().flat_map(move |party| {
            section
                .measures
                .get(party)
                .into_iter()
                .flatten()
                .map(move |measure| MeasureRef {
                    section,
                    party,
                    measure,
                })
        })
    }

    pub fn party_keys(&self) -> impl Iterator<Item = &str> {
        self.info.parties.keys().map(String::as_str)
    }

    pub fn party(&self, key: &str) -> Option<&Party> {
        self.info.parties.get(key)
    }

    /// The measure an ID names (the sub-item part, if any, is ignored).
    pub fn measure(&self, id: &MeasureId) -> Option<MeasureRef<'_>> {
        let section = self.section(id.section)?;
        let measure = section
            .measures
            .get(&id.party)?
            .iter()
            .find(|m| m.label == id.label)?;
        let party = self.party_keys().find(|p| *p == id.party)?;
        Some(MeasureRef {
            section,
            party,
            measure,
        })
    }

    /// True when the ID names an existing measure, or an existing sub-item of one.
    pub fn contains(&self, id: &MeasureId) -> bool {
        match (self.measure(id), id.item) {
            (Some(_), None) => true,
            (Some(m), Some(item)) => item >= 1 && item <= m.measure.items.len(),
            (None, _) => false,
        }
    }

    /// Every ID in the plan, sub-items included, canonical and in document order.
    pub fn all_ids(&self) -> Vec<MeasureId> {
        let mut ids = Vec::new();
        for m in self.measures() {
            let id = m.id();
            ids.push(id.clone());
            ids.extend((1..=m.measure.items.len()).map(|n| id.with_item(n)));
        }
        ids
    }
}
