//! A plan document read into plan data: the outline's texts become the
//! sections, its dates become `fiscal_year`, `effective` and
//! `agreement.date`, and its preamble and closing become templates. What a
//! document does not say (party keys and English names, the default party,
//! settings, file names) comes from a reference plan: the one already in
//! `--out`, `--like DIR`, or the current one.

use std::ops::Range;
use std::sync::LazyLock;

use indexmap::IndexMap;
use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::document::reader::{self, Located, Outline, OutlineSection};
use crate::document::similarity::ratio;
use crate::i18n::Text;
use crate::model::date::Date;
use crate::model::era::{self, Found, Meaning};
use crate::model::plan::{Agreement, Measure, Plan, PlanInfo, Section};
use crate::model::template::{self, Values};
use crate::source::SourceFile;

/// A plan read from a document, ready to be written.
#[derive(Debug, Clone)]
pub struct Imported {
    pub info: PlanInfo,
    /// Each section with the name of its file.
    pub sections: Vec<(String, Section)>,
    /// The reference plan's `[settings]` and `[check]` tables, as TOML.
    pub settings: Option<String>,
}

/// Reads a document against a reference plan; every problem is a
/// diagnostic on the document.
pub fn import(source: &SourceFile, reference: &Plan) -> Result<Imported, Vec<Diagnostic>> {
    let headings: Vec<String> = reference
        .info
        .parties
        .values()
        .map(|p| p.heading())
        .collect();
    let (outline, mut problems) = reader::read(source, &headings);
    let Some(outline) = outline else {
        return Err(problems);
    };
    let mut ctx = Importer {
        source,
        reference,
        problems: &mut problems,
        bad_dates: 0,
    };
    let info = ctx.info(&outline);
    let sections = ctx.sections(&outline.sections);
    match info {
        Some(mut info) if problems.is_empty() => {
            order_parties(&mut info, &outline, reference);
            Ok(Imported {
                info,
                sections: file_names(sections, reference),
                settings: settings_table(reference),
            })
        }
        _ => {
            crate::diagnostic::sort(&mut problems);
            Err(problems)
        }
    }
}

struct Importer<'a> {
    source: &'a SourceFile,
    reference: &'a Plan,
    problems: &'a mut Vec<Diagnostic>,
    /// Dates reported as impossible (a missing date is not reported again).
    bad_dates: usize,
}

static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第[0-9０-９]+条").expect("the article pattern is a valid regex"));

impl Importer<'_> {
    fn problem(&mut self, span: Range<usize>, message: Text, help: Text) {
        self.problems
            .push(Diagnostic::at(Code::Document, message, self.source, span).with_help(help));
    }

    /// Dates in a text, with the impossible ones reported.
    fn dates(&mut self, located: &Located) -> Vec<Found> {
        let (found, bad) = era::find(&located.text);
        self.bad_dates += bad.len();
        for b in bad {
            self.problem(
                located.origin(&b.range),
                Text::new(b.en, b.ja),
                Text::new(
                    "correct the date in the document",
                    "文書の日付を直してください",
                ),
            );
        }
        found
    }

    fn info(&mut self, outline: &Outline) -> Option<PlanInfo> {
        let empty = Located {
            text: String::new(),
            span: outline.title.span.clone(),
            lines: Vec::new(),
        };
        let preamble = outline.preamble.clone().unwrap_or(empty);
        let preamble_dates = self.dates(&preamble);
        let title_dates = self.dates(&outline.title);
        let fiscal_year = preamble_dates
            .iter()
            .chain(&title_dates)
            .find_map(|f| match f.meaning {
                Meaning::FiscalYear(y) => Some(y),
                Meaning::Day(_) => None,
            });
        if fiscal_year.is_none() {
            self.problem(
                preamble.span.clone(),
                Text::new(
                    "the preamble names no fiscal year (such as 令和４年度)",
                    "前文に年度（令和４年度 など）がありません",
                ),
                Text::new(
                    "the first paragraph says which fiscal year the plan is for",
                    "最初の段落に計画の年度を書きます",
                ),
            );
        }
        let agreement_date = preamble_dates.iter().find_map(|f| match f.meaning {
            Meaning::Day(d) => Some(d),
            Meaning::FiscalYear(_) => None,
        });
        if agreement_date.is_none() {
            self.problem(
                preamble.span.clone(),
                Text::new(
                    "the preamble gives no date for the agreement (such as 平成 29 年 11 月 30 日)",
                    "前文に協定の日付（平成 29 年 11 月 30 日 など）がありません",
                ),
                Text::new(
                    "the preamble names the agreement and the day it was concluded",
                    "前文には協定とその締結日を書きます",
                ),
            );
        }
        let agreement_title = bracketed(&preamble.text, 0);
        if agreement_title.is_none() {
            self.problem(
                preamble.span.clone(),
                Text::new(
                    "the preamble names no agreement in 「…」",
                    "前文に「…」で囲んだ協定名がありません",
                ),
                Text::new(
                    "the preamble starts with the agreement's title in 「…」",
                    "前文は「…」で囲んだ協定名で始まります",
                ),
            );
        }
        let closing_span = outline
            .closing
            .as_ref()
            .map_or(preamble.span.clone(), |c| c.span.clone());
        let closing = outline.closing.clone();
        let bad_before = self.bad_dates;
        let closing_dates = closing.as_ref().map(|c| self.dates(c)).unwrap_or_default();
        let effective = closing_dates.iter().find_map(|f| match f.meaning {
            Meaning::Day(d) => Some(d),
            Meaning::FiscalYear(_) => None,
        });
        if effective.is_none() && self.bad_dates == bad_before {
            self.problem(
                closing_span,
                Text::new(
                    "no closing sentence with the day the plan starts (such as 本実施計画は、令和４年４月１日から実施する。)",
                    "計画の開始日を書いた結び（本実施計画は、令和４年４月１日から実施する。など）がありません",
                ),
                Text::new(
                    "the document ends with the sentence that gives its start date",
                    "文書は開始日を書いた一文で終わります",
                ),
            );
        }
        let (fiscal_year, agreement_date, effective, agreement_title) =
            (fiscal_year?, agreement_date?, effective?, agreement_title?);
        let values = Values {
            agreement_date,
            fiscal_year,
            effective,
        };
        let short = preamble
            .text
            .find("以下「")
            .and_then(|at| bracketed(&preamble.text, at));
        let article = ARTICLE
            .find(&preamble.text)
            .map(|m| m.as_str().to_string())
            .unwrap_or_default();
        let closing_text = closing.map(|c| c.text).unwrap_or_default();
        let reference = &self.reference.info;
        Some(PlanInfo {
            title: outline.title.text.clone(),
            fiscal_year,
            effective: Date(effective),
            default_party: reference.default_party.clone(),
            preamble: template::from_text(&preamble.text, &preamble_dates, &values),
            closing: template::from_text(&closing_text, &closing_dates, &values),
            agreement: Agreement {
                title: agreement_title,
                short: short.unwrap_or_default(),
                date: Date(agreement_date),
                article,
            },
            parties: reference.parties.clone(),
            previous: None,
            settings: reference.settings.clone(),
            check: reference.check.clone(),
        })
    }

    fn sections(&mut self, sections: &[OutlineSection]) -> Vec<Section> {
        sections.iter().map(|s| self.section(s)).collect()
    }

    fn section(&mut self, s: &OutlineSection) -> Section {
        let mut measures: IndexMap<String, Vec<Measure>> = IndexMap::new();
        for party in &s.parties {
            let Some(key) = self.party_key(&party.heading) else {
                continue;
            };
            if measures.contains_key(&key) {
                let heading = crate::text::escape_control(&party.heading.text);
                let number = s.number;
                self.problem(
                    party.heading.span.clone(),
                    text!(
                        en: "`{heading}` appears twice in section {number}",
                        ja: "第{number}節に `{heading}` が二度あります",
                    ),
                    Text::new(
                        "each party's measures come under one heading per section",
                        "主体の取組は節ごとに一つの見出しの下にまとめます",
                    ),
                );
                continue;
            }
            let mut list = Vec::new();
            for m in &party.measures {
                if m.text.text.is_empty() {
                    let label = &m.label.text;
                    self.problem(
                        m.label.span.clone(),
                        text!(en: "measure {label} has no text", ja: "取組 {label} にテキストがありません"),
                        Text::new(
                            "write the measure's text after its label",
                            "ラベルの後に取組のテキストを書いてください",
                        ),
                    );
                }
                list.push(Measure {
                    label: m.label.text.clone(),
                    text: m.text.text.clone(),
                    items: m.items.iter().map(|i| i.text.clone()).collect(),
                    continues: None,
                });
            }
            measures.insert(key, list);
        }
        Section {
            number: s.number,
            title: s.title.text.clone(),
            contents: s.contents.iter().map(|c| c.text.clone()).collect(),
            measures,
        }
    }

    /// The reference plan's key for a party heading, or a problem.
    fn party_key(&mut self, heading: &Located) -> Option<String> {
        let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        let found = self
            .reference
            .info
            .parties
            .iter()
            .find(|(_, p)| bare(&p.heading()) == bare(&heading.text))
            .map(|(k, _)| k.clone());
        if found.is_none() {
            let shown = crate::text::escape_control(&heading.text);
            let known: Vec<String> = self
                .reference
                .info
                .parties
                .iter()
                .map(|(k, p)| format!("{} ({k})", p.heading()))
                .collect();
            let known = known.join(", ");
            let dir = self.reference.dir.display();
            self.problem(
                heading.span.clone(),
                text!(
                    en: "unknown party heading `{shown}`: the reference plan ({dir}) has {known}",
                    ja: "不明な主体の見出し `{shown}` です。参照する計画（{dir}）にあるのは {known} です",
                ),
                Text::new(
                    "add the party (with its heading) to [parties] in the reference plan's plan.toml, or pass --like DIR with a plan that has it",
                    "参照する計画の plan.toml の [parties] に主体（と heading）を加えるか、その主体のある計画を --like DIR で指定してください",
                ),
            );
        }
        found
    }
}

/// What an import read, in one line: the year, the start date, the counts.
pub fn summary(imported: &Imported, document: &str, out: &str) -> Text {
    let year = imported.info.fiscal_year;
    let era_year = era::fiscal_year(year, era::Form::Era);
    let effective = imported.info.effective;
    let sections = imported.sections.len();
    let contents: usize = imported
        .sections
        .iter()
        .map(|(_, s)| s.contents.len())
        .sum();
    let measures: Vec<&Measure> = imported
        .sections
        .iter()
        .flat_map(|(_, s)| s.measures.values().flatten())
        .collect();
    let items: usize = measures.iter().map(|m| m.items.len()).sum();
    let count = measures.len();
    text!(
        en: "Imported {document} into {out}: FY{year} ({era_year}), effective {effective}; {sections} sections, {contents} 内容 items, {count} measures, {items} sub-items",
        ja: "{document} を {out} に取り込みました: {era_year}（FY{year}）、{effective} から実施。{sections} 節、内容 {contents} 項目、取組 {count} 件、小項目 {items} 件",
    )
}

/// The text inside the first 「…」 at or after byte `from`, brackets nested.
fn bracketed(text: &str, from: usize) -> Option<String> {
    let rest = text.get(from..)?;
    let open = rest.find('「')?;
    let inner = &rest[open + '「'.len_utf8()..];
    let mut depth = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '「' => depth += 1,
            '」' if depth == 0 => return Some(inner[..i].to_string()),
            '」' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Parties in the order the document first lists them, then the reference
/// plan's others; each with its heading as the document writes it.
fn order_parties(info: &mut PlanInfo, outline: &Outline, reference: &Plan) {
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut ordered = IndexMap::new();
    for heading in outline.sections.iter().flat_map(|s| &s.parties) {
        if let Some((key, party)) = reference
            .info
            .parties
            .iter()
            .find(|(_, p)| bare(&p.heading()) == bare(&heading.heading.text))
            && !ordered.contains_key(key)
        {
            let mut party = party.clone();
            party.heading = Some(heading.heading.text.clone());
            ordered.insert(key.clone(), party);
        }
    }
    for (key, party) in &reference.info.parties {
        if !ordered.contains_key(key) {
            ordered.insert(key.clone(), party.clone());
        }
    }
    info.parties = ordered;
}

/// Each section's file name: `NN-<slug>.toml` with the slug of the reference
/// section whose title is most alike (at least half the same), else
/// `NN-section.toml`.
fn file_names(sections: Vec<Section>, reference: &Plan) -> Vec<(String, Section)> {
    let mut used = vec![false; reference.sections.len()];
    sections
        .into_iter()
        .map(|section| {
            let best = reference
                .sections
                .iter()
                .enumerate()
                .filter(|(i, _)| !used.get(*i).copied().unwrap_or(true))
                .map(|(i, f)| {
                    let same_number = f.section.number == section.number;
                    (i, ratio(&f.section.title, &section.title), same_number)
                })
                .filter(|(_, r, _)| *r >= 0.5)
                .max_by(|a, b| a.1.total_cmp(&b.1).then(a.2.cmp(&b.2)));
            let slug = best.and_then(|(i, _, _)| {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                let name = reference.sections.get(i)?.source.path.file_stem()?;
                let name = name.to_string_lossy();
                let slug = name.trim_start_matches(|c: char| c.is_ascii_digit());
                let slug = slug.strip_prefix('-').unwrap_or(slug);
                (!slug.is_empty()).then(|| slug.to_string())
            });
            let name = format!(
                "{:02}-{}.toml",
                section.number,
                slug.as_deref().unwrap_or("section")
            );
            (name, section)
        })
        .collect()
}

/// The reference plan's `[settings]` and `[check]` tables as TOML text
/// (what the document does not say, kept with their comments).
fn settings_table(reference: &Plan) -> Option<String> {
    let doc: toml_edit::DocumentMut = reference.info_source.text.parse().ok()?;
    let mut out = toml_edit::DocumentMut::new();
    for name in ["settings", "check"] {
        if let Some(table) = doc.get(name).and_then(|t| t.as_table()) {
            out.insert(name, toml_edit::Item::Table(table.clone()));
        }
    }
    (!out.is_empty()).then(|| out.to_string())
}
