//! The plan as its official document: title, preamble, each section with its
//! 内容 and each party's measures and ・ sub-items, closing — as plain text
//! (the document's own layout), Markdown or HTML (self-contained, printable,
//! every item anchored by its ID: `s-2`, `c-2.1`, `m-2.tmg.イ`, `m-2.tmg.イ.1`).

use askama::Template;

use crate::diagnostic::Code;
use crate::model::numerals::number;
use crate::model::plan::Plan;
use crate::model::template::{self, TemplateError, Values};
use crate::text::escape_control;

/// What `plan render` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// The document's own layout, as plain text
    #[default]
    Text,
    /// Markdown with anchors, for a report
    Markdown,
    /// One self-contained, printable HTML page with anchors
    Html,
}

/// The document, every text ready to show (control characters escaped).
#[derive(Debug, Clone)]
pub struct Document {
    pub title: String,
    pub preamble: String,
    pub closing: String,
    pub sections: Vec<SectionView>,
}

#[derive(Debug, Clone)]
pub struct SectionView {
    /// `s-2`
    pub anchor: String,
    /// `２`
    pub numeral: String,
    pub title: String,
    pub contents: Vec<ContentView>,
    pub parties: Vec<PartyView>,
}

#[derive(Debug, Clone)]
pub struct ContentView {
    /// `c-2.1`
    pub anchor: String,
    /// `（１）`
    pub numeral: String,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct PartyView {
    pub heading: String,
    pub measures: Vec<MeasureView>,
}

#[derive(Debug, Clone)]
pub struct MeasureView {
    /// The canonical ID, `2.tmg.イ` (for a sub-item `2.tmg.イ.1`).
    pub id: String,
    pub label: String,
    pub text: String,
    pub items: Vec<MeasureView>,
}

impl MeasureView {
    /// `m-2.tmg.イ`
    pub fn anchor(&self) -> String {
        format!("m-{}", self.id)
    }
}

fn shown(s: &str) -> String {
    escape_control(s).into_owned()
}

/// Lays the plan out as its document; fails only on a template error in the
/// preamble or closing (which `plan check` reports).
pub fn document(plan: &Plan) -> Result<Document, Vec<TemplateError>> {
    let values = Values::of(&plan.info);
    let preamble = template::render(&plan.info.preamble, &values)?;
    let closing = template::render(&plan.info.closing, &values)?;
    let sections = plan
        .sections
        .iter()
        .map(|file| {
            let s = &file.section;
            let contents = s
                .contents
                .iter()
                .enumerate()
                .map(|(i, text)| ContentView {
                    anchor: format!("c-{}.{}", s.number, i + 1),
                    numeral: format!("（{}）", number(i as i64 + 1)),
                    text: shown(text),
                })
                .collect();
            let parties = plan
                .party_keys()
                .filter_map(|key| {
                    let party = plan.party(key)?;
                    let measures: Vec<MeasureView> = plan
                        .section_measures(s)
                        .filter(|m| m.party == key)
                        .map(|m| {
                            let id = m.id();
                            MeasureView {
                                id: id.to_string(),
                                label: shown(&m.measure.label),
                                text: shown(&m.measure.text),
                                items: m
                                    .measure
                                    .items
                                    .iter()
                                    .enumerate()
                                    .map(|(i, item)| MeasureView {
                                        id: id.with_item(i + 1).to_string(),
                                        label: "・".to_string(),
                                        text: shown(item),
                                        items: Vec::new(),
                                    })
                                    .collect(),
                            }
                        })
                        .collect();
                    (!measures.is_empty()).then(|| PartyView {
                        heading: shown(&party.heading()),
                        measures,
                    })
                })
                .collect();
            SectionView {
                anchor: format!("s-{}", s.number),
                numeral: number(s.number.into()),
                title: shown(&s.title),
                contents,
                parties,
            }
        })
        .collect();
    Ok(Document {
        title: shown(&plan.info.title),
        preamble: shown(&preamble),
        closing: shown(&closing),
        sections,
    })
}

impl Document {
    /// The document's own layout: `１ title`, （内容）, （１）…, the party
    /// headings, `ア text`, `   ・item`.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n\n{}\n", self.title, self.preamble);
        for s in &self.sections {
            out.push_str(&format!("\n{} {}\n", s.numeral, s.title));
            if !s.contents.is_empty() {
                out.push_str("（内容）\n");
            }
            for c in &s.contents {
                out.push_str(&format!("{}{}\n", c.numeral, c.text));
            }
            for p in &s.parties {
                out.push_str(&format!("\n{}\n", p.heading));
                for m in &p.measures {
                    out.push_str(&format!("{} {}\n", m.label, m.text));
                    for item in &m.items {
                        out.push_str(&format!("   ・{}\n", item.text));
                    }
                }
            }
        }
        out.push_str(&format!("\n{}\n", self.closing));
        out
    }

    pub fn to_html(&self) -> Result<String, askama::Error> {
        HtmlPage { doc: self }.render()
    }

    pub fn to_markdown(&self) -> Result<String, askama::Error> {
        MarkdownPage { doc: self }.render()
    }

    pub fn render(&self, format: Format) -> Result<String, askama::Error> {
        match format {
            Format::Text => Ok(self.to_text()),
            Format::Markdown => self.to_markdown(),
            Format::Html => self.to_html(),
        }
    }
}

#[derive(Template)]
#[template(path = "document.html", config = "src/document/askama.toml")]
struct HtmlPage<'d> {
    doc: &'d Document,
}

#[derive(Template)]
#[template(path = "document.md", config = "src/document/askama.toml")]
struct MarkdownPage<'d> {
    doc: &'d Document,
}

/// The plan's document in a format. A template error cannot reach here from
/// a loaded plan (loading checks the templates), but is reported if it does.
pub fn render_plan(plan: &Plan, format: Format) -> crate::error::Result<String> {
    let doc = document(plan).map_err(|errors| {
        let file = &plan.info_source.path;
        crate::error::Error::Invalid(
            errors
                .into_iter()
                .map(|e| crate::diagnostic::Diagnostic::in_file(Code::Placeholder, e.message, file))
                .collect(),
        )
    })?;
    doc.render(format)
        .map_err(|e| crate::error::Error::Other(anyhow::anyhow!("cannot render the document: {e}")))
}
