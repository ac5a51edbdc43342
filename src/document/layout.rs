//! The files of an imported plan, as the repository keeps them: `plan.toml`
//! and one `NN-….toml` per section in the canonical layout (`plan fmt`),
//! each with its `#:schema` line and comments generated from the data, plus
//! `.gitattributes` and the JSON Schemas in `schema/`.

use crate::document::import::Imported;
use crate::files::format::{FileKind, format};
use crate::model::era::{self, Form};
use crate::model::plan::{Measure, PlanInfo, Section};

/// `.gitattributes` of a plan directory: notes merge by union.
const GITATTRIBUTES: &str = "\
# Notes files are append-only logs with one self-contained note per line, so
# git's union merge keeps every note from both sides without a conflict.
notes/*.toml merge=union
";

/// Every file of the plan directory: (path relative to it, content).
pub fn files(imported: &Imported) -> Vec<(String, String)> {
    let mut files = vec![(
        "plan.toml".to_string(),
        canonical(&plan_toml(imported), FileKind::Plan),
    )];
    for (name, section) in &imported.sections {
        files.push((
            name.clone(),
            canonical(&section_toml(&imported.info, section), FileKind::Section),
        ));
    }
    files.push((".gitattributes".to_string(), GITATTRIBUTES.to_string()));
    for (name, schema) in [
        ("plan", crate::files::schema::plan_schema()),
        ("section", crate::files::schema::section_schema()),
    ] {
        let json = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        files.push((format!("schema/{name}.schema.json"), json));
    }
    files
}

/// The text in `plan fmt`'s layout (it already is; this makes sure).
fn canonical(text: &str, kind: FileKind) -> String {
    format(text, kind).unwrap_or_else(|_| text.to_string())
}

/// A TOML string (or key) as written in a file.
fn quoted(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

fn key(k: &str) -> String {
    toml_edit::Key::new(k).display_repr().into_owned()
}

/// `FY2022 (令和４年度)`
fn year_name(year: i32) -> String {
    format!("FY{year} ({})", era::fiscal_year(year, Form::Era))
}

fn plan_toml(imported: &Imported) -> String {
    let info = &imported.info;
    let names: Vec<&str> = info.parties.values().map(|p| p.name.as_str()).collect();
    let names = match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let mut out = format!(
        "#:schema ./schema/plan.schema.json
# The {} implementation plan of {names}.
# What the plan is and who its parties are; the measures themselves are in the
# numbered section files next to this one.

title = {}
fiscal_year = {}
effective = {}
# The party a short ID such as `2.イ` means when it does not name one.
default_party = {}
# The opening paragraph of the document. Its dates are placeholders that
# `plan render` fills in from the data, in the document's style:
# {{agreement_date}} (agreement.date), {{fiscal_year}} (fiscal_year) and
# {{effective}} (effective); add :era, :western or :both for another form.
# {{{{ and }}}} are literal braces.
preamble = {}
# The closing sentence of the document, with the same placeholders.
closing = {}

# The partnership agreement this plan implements.
[agreement]
title = {}
",
        year_name(info.fiscal_year),
        quoted(&info.title),
        info.fiscal_year,
        info.effective,
        quoted(&info.default_party),
        quoted(&info.preamble),
        quoted(&info.closing),
        quoted(&info.agreement.title),
    );
    if !info.agreement.short.is_empty() {
        out.push_str(&format!("short = {}\n", quoted(&info.agreement.short)));
    }
    out.push_str(&format!("date = {}\n", info.agreement.date));
    if !info.agreement.article.is_empty() {
        out.push_str(&format!("article = {}\n", quoted(&info.agreement.article)));
    }
    out.push_str("\n# The parties, in the order the document lists their measures.\n");
    for (k, p) in &info.parties {
        out.push_str(&format!(
            "[parties.{}]\nname = {}\nshort = {}\nenglish = {}\n",
            key(k),
            quoted(&p.name),
            quoted(&p.short),
            quoted(&p.english)
        ));
        if let Some(h) = &p.heading {
            out.push_str(&format!("heading = {}\n", quoted(h)));
        }
        out.push('\n');
    }
    if let Some(previous) = &info.previous {
        out.push_str(&format!(
            "# The fiscal year this plan follows; its plan is in archive/{0}/. Each measure
# that continues one of FY{0}'s says which with `continues`; FY{0}'s measures
# that no measure continues are listed here as ended.
[previous]
fiscal_year = {0}
",
            previous.fiscal_year
        ));
        out.push_str(&string_array("ended", &previous.ended));
        out.push('\n');
    }
    if let Some(settings) = &imported.settings {
        out.push_str(settings);
    }
    out
}

fn section_toml(info: &PlanInfo, section: &Section) -> String {
    let mut out = format!(
        "#:schema ./schema/section.schema.json
# Section {} of the FY{} implementation plan: {}.
# Transcribed verbatim from the source document; only PDF line-break artefacts were repaired.

number = {}
title = {}
",
        section.number,
        info.fiscal_year,
        section.title,
        section.number,
        quoted(&section.title)
    );
    if !section.contents.is_empty() {
        out.push_str("\n# 内容: the section's aims, （１）, （２）, … in order.\n");
        out.push_str(&string_array("contents", &section.contents));
    }
    for (party_key, measures) in &section.measures {
        let party = info.parties.get(party_key);
        for (i, m) in measures.iter().enumerate() {
            out.push('\n');
            if i == 0
                && let Some(p) = party
            {
                out.push_str(&format!(
                    "# {}: measures of the {}.\n",
                    p.heading(),
                    p.english
                ));
            }
            if let Some(earlier) = repeated_item(&measures[..i], &m.text) {
                out.push_str(&format!(
                    "# Repeats a sub-item of {}, as in the source document.\n",
                    earlier.label
                ));
            }
            if let (Some(previous), None) = (&info.previous, &m.continues) {
                out.push_str(&format!(
                    "# New in FY{}: it continues no measure of FY{}.\n",
                    info.fiscal_year, previous.fiscal_year
                ));
            }
            for note in kept_spaces(&m.text) {
                out.push_str(&format!("# {note}\n"));
            }
            out.push_str(&format!(
                "[[measures.{}]]\nlabel = {}\ntext = {}\n",
                key(party_key),
                quoted(&m.label),
                quoted(&m.text)
            ));
            if !m.items.is_empty() {
                out.push_str(&string_array("items", &m.items));
            }
            if let Some(c) = &m.continues {
                out.push_str(&format!("continues = {}\n", quoted(c)));
            }
        }
    }
    out
}

/// `key = [` one string per line `]`, as `plan fmt` lays arrays out.
fn string_array(key: &str, values: &[String]) -> String {
    let mut out = format!("{key} = [\n");
    for v in values {
        out.push_str(&format!("  {},\n", quoted(v)));
    }
    out.push_str("]\n");
    out
}

/// The earlier measure one of whose sub-items this text repeats.
fn repeated_item<'m>(earlier: &'m [Measure], text: &str) -> Option<&'m Measure> {
    earlier.iter().find(|m| m.items.iter().any(|i| i == text))
}

/// A note for each space between two Japanese characters: the document has
/// it (a line break would not have left one), so the data keeps it.
fn kept_spaces(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let wide = |c: Option<&char>| c.is_some_and(|c| !c.is_ascii());
    (1..chars.len().saturating_sub(1))
        .filter(|&i| chars[i] == ' ' && wide(chars.get(i - 1)) && wide(chars.get(i + 1)))
        .map(|i| {
            let context: String = chars[i.saturating_sub(2)..(i + 5).min(chars.len())]
                .iter()
                .collect();
            format!(
                "The space after \"{}\" in \"{context}\" is in the source document.",
                chars[i - 1]
            )
        })
        .collect()
}
