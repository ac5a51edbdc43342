//! The plan model: what `plan.toml` and the section files say, as typed data.
//!
//! These types are the single source of truth for the file format: serde reads
//! the files into them, and `plan schema` derives the JSON Schema from them.

use std::path::PathBuf;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::model::date::Date;
use crate::model::date::DateStyle;
use crate::model::id::MeasureId;
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
    /// The fiscal year this plan follows (`plan rollover` writes it): its
    /// plan is archived in `archive/<year>/`, and each measure that
    /// continues one of its measures says which with `continues`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Previous>,
    /// Defaults for everyone who uses this plan (overridden by flags, the
    /// environment and each user's config file), and the plan's time zone.
    #[serde(default, skip_serializing_if = "PlanSettings::is_empty")]
    pub settings: PlanSettings,
    /// How `plan check` treats this plan.
    #[serde(default, skip_serializing_if = "CheckSettings::is_empty")]
    pub check: CheckSettings,
}

/// `[previous]` in plan.toml: the year before, and its measures that ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Previous {
    /// The previous plan's fiscal year (its plan is in `archive/<year>/`).
    #[schemars(range(min = 1900, max = 9999))]
    pub fiscal_year: i32,
    /// The previous year's measures (by their IDs that year) that no
    /// measure of this year continues.
    #[serde(default)]
    #[schemars(inner(length(min = 1)))]
    pub ended: Vec<String>,
}

/// `[check]` in plan.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Warnings the plan accepts, each with its reason (e.g. the source
    /// document really repeats a text): `plan check` reports them as
    /// allowed, and `--deny-warnings` does not fail on them.
    #[serde(default)]
    pub allow: Vec<Allow>,
}

impl CheckSettings {
    pub fn is_empty(&self) -> bool {
        self.allow.is_empty()
    }
}

/// One accepted warning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The warning's code (e.g. `P033`).
    #[schemars(length(min = 1))]
    pub code: String,
    /// The measure or sub-item it is about, canonical (`6.tmg.イ`).
    #[schemars(length(min = 1))]
    pub id: String,
    /// Why it is right as it is.
    #[schemars(length(min = 1))]
    pub reason: String,
}

impl PlanInfo {
    /// The first and last day of the plan's fiscal year (April to March).
    pub fn fiscal_year_bounds(&self) -> (chrono::NaiveDate, chrono::NaiveDate) {
        crate::model::date::fiscal_year_bounds(self.fiscal_year)
    }
}

/// `[settings]` in `plan.toml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    /// UI language (`ja` or `en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// How dates are shown (`iso` or `wareki`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_style: Option<DateStyle>,
    /// Author recorded on notes when neither `--author`, `PLAN_AUTHOR` nor the user's config names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Whether `plan note` commits each note to git (as `--commit` does).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<bool>,
    /// The IANA time zone the plan's dates and times mean (e.g. `Asia/Tokyo`);
    /// without it, the zone of the machine running `plan`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

impl PlanSettings {
    pub fn is_empty(&self) -> bool {
        *self == PlanSettings::default()
    }
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
    /// The ID, in the previous fiscal year's plan (`[previous]`), of the
    /// measure this one continues; absent for a measure new this year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub continues: Option<String>,
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
    index: PlanIndex,
}

/// Every measure numbered 0, 1, 2 … in document order, and every sub-item
/// likewise, so progress can be kept in plain vectors.
#[derive(Debug, Clone, Default)]
struct PlanIndex {
    /// Canonical measure ID → measure number.
    by_id: foldhash::HashMap<String, usize>,
    /// Measure number → (position in `sections`, party key, position in the party's list).
    slots: Vec<(usize, usize, usize)>,
    /// Measure number → number of its first sub-item.
    first_item: Vec<usize>,
    items: usize,
    /// Position in `sections` → its measures' numbers.
    section_measures: Vec<std::ops::Range<usize>>,
}

/// A measure together with where it sits in the plan.
#[derive(Debug, Clone, Copy)]
pub struct MeasureRef<'a> {
    pub section: &'a Section,
    pub party: &'a str,
    pub measure: &'a Measure,
    /// Its number among the plan's measures, in document order.
    pub index: usize,
}

impl<'a> MeasureRef<'a> {
    pub fn id(&self) -> MeasureId {
        MeasureId::new(self.section.number, self.party, &self.measure.label)
    }
}

impl Plan {
    /// A plan from its parts; sections are put in number order.
    pub fn new(
        dir: PathBuf,
        info: PlanInfo,
        info_source: SourceFile,
        mut sections: Vec<SectionFile>,
    ) -> Plan {
        sections.sort_by_key(|s| s.section.number);
        let mut plan = Plan {
            dir,
            info,
            info_source,
            sections,
            index: PlanIndex::default(),
        };
        plan.index = plan.build_index();
        plan
    }

    fn build_index(&self) -> PlanIndex {
        let mut index = PlanIndex::default();
        for (s, file) in self.sections.iter().enumerate() {
            let first = index.slots.len();
            // Each ID as `MeasureId`'s Display writes it, put together
            // without formatting (20,000 measures at 1,000 sections).
            let number = file.section.number.to_string();
            for (p, party) in self.party_keys().enumerate() {
                let measures = file
                    .section
                    .measures
                    .get(party)
                    .map_or(&[][..], Vec::as_slice);
                for (m, measure) in measures.iter().enumerate() {
                    let label = &measure.label;
                    let mut id =
                        String::with_capacity(number.len() + party.len() + label.len() + 2);
                    for part in [&number, ".", party, ".", label] {
                        id.push_str(part);
                    }
                    // The first of two measures with one label keeps the ID
                    // (`plan check` reports the second).
                    index.by_id.entry(id).or_insert(index.slots.len());
                    index.slots.push((s, p, m));
                    index.first_item.push(index.items);
                    index.items += measure.items.len();
                }
            }
            index.section_measures.push(first..index.slots.len());
        }
        index
    }

    pub fn section(&self, number: u32) -> Option<&Section> {
        self.sections
            .binary_search_by_key(&number, |s| s.section.number)
            .ok()
            .and_then(|i| self.sections.get(i))
            .map(|s| &s.section)
    }

    /// How many measures, and how many sub-items, the plan has.
    pub fn counts(&self) -> (usize, usize) {
        (self.index.slots.len(), self.index.items)
    }

    /// The measure with this number.
    pub fn measure_at(&self, index: usize) -> Option<MeasureRef<'_>> {
        let &(s, p, m) = self.index.slots.get(index)?;
        let section = &self.sections.get(s)?.section;
        let party = self.info.parties.get_index(p)?.0.as_str();
        let measure = section.measures.get(party)?.get(m)?;
        Some(MeasureRef {
            section,
            party,
            measure,
            index,
        })
    }

    /// The number of a measure's sub-item (`item` counted from 1).
    pub fn item_index(&self, measure: usize, item: usize) -> Option<usize> {
        let m = self.measure_at(measure)?;
        (1..=m.measure.items.len())
            .contains(&item)
            .then(|| self.index.first_item[measure] + item - 1)
    }

    /// The measure number of a canonical measure ID (`2.tmg.イ`).
    pub fn find(&self, canonical: &str) -> Option<usize> {
        self.index.by_id.get(canonical).copied()
    }

    /// The measure number and sub-item (0 for none) of a canonical ID as a
    /// note stores it (`2.tmg.イ` or `2.tmg.イ.3`), without allocating: this
    /// runs once per note.
    pub fn find_note_id(&self, canonical: &str) -> Option<(usize, u16)> {
        if let Some(m) = self.find(canonical) {
            return Some((m, 0));
        }
        let (measure, item) = canonical.rsplit_once('.')?;
        let item: u16 = item.parse().ok().filter(|n| *n >= 1)?;
        let m = self.find(measure)?;
        self.item_index(m, item.into())?;
        Some((m, item))
    }

    /// Every measure, in document order: by section, then party in the order
    /// of `plan.toml`, then label order within the file.
    pub fn measures(&self) -> impl Iterator<Item = MeasureRef<'_>> {
        (0..self.index.slots.len()).filter_map(|i| self.measure_at(i))
    }

    /// One section's measures in document order.
    pub fn section_measures<'a>(
        &'a self,
        section: &'a Section,
    ) -> impl Iterator<Item = MeasureRef<'a>> + 'a {
        let range = self
            .sections
            .iter()
            .position(|s| std::ptr::eq(&s.section, section))
            .and_then(|i| self.index.section_measures.get(i).cloned())
            .unwrap_or_default();
        range.filter_map(|i| self.measure_at(i))
    }

    pub fn party_keys(&self) -> impl Iterator<Item = &str> {
        self.info.parties.keys().map(String::as_str)
    }

    pub fn party(&self, key: &str) -> Option<&Party> {
        self.info.parties.get(key)
    }

    /// The measure an ID names (the sub-item part, if any, is ignored).
    pub fn measure(&self, id: &MeasureId) -> Option<MeasureRef<'_>> {
        self.find(&id.measure().to_string())
            .and_then(|i| self.measure_at(i))
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
