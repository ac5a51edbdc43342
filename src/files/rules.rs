//! The rules a plan follows beyond its schema: section numbering, file
//! names, label order, parties, and text hygiene.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;

use crate::diagnostic::{Code, Diagnostic};
use crate::files::span::{Place, Spans};
use crate::i18n::Text;
use crate::model::id::MeasureId;
use crate::model::label;
use crate::model::plan::{Plan, SectionFile};
use crate::model::template;
use crate::source::SourceFile;

/// Checks a parsed plan. `complete` says every section file could be read:
/// numbering is only checked then, or an unreadable file would show up as
/// a gap.
pub fn check_plan(plan: &Plan, complete: bool, out: &mut Vec<Diagnostic>) {
    let info_spans = Spans::of(&plan.info_source.text);
    check_default_party(plan, &info_spans, out);
    check_templates(plan, &info_spans, out);
    if complete {
        check_numbering(plan, out);
    }
    // Each file on its own (a tenth of `plan status` at 1,000 sections),
    // its diagnostics in the files' order.
    let per_file = crate::files::parallel::map(&plan.sections, |file| {
        let mut found = Vec::new();
        let spans = Spans::of(&file.source.text);
        check_file_name(file, &spans, &mut found);
        check_parties(plan, file, &spans, &mut found);
        check_labels(file, &spans, &mut found);
        check_texts(file, &spans, &mut found);
        found
    });
    out.extend(per_file.into_iter().flatten());
}

/// Where a section file's `number` is.
fn number_span(file: &SectionFile) -> Range<usize> {
    Spans::of(&file.source.text).or_start(Place::Number)
}

fn check_default_party(plan: &Plan, spans: &Spans, out: &mut Vec<Diagnostic>) {
    let default = &plan.info.default_party;
    if plan.party(default).is_none() {
        let parties = plan.party_keys().collect::<Vec<_>>().join(", ");
        out.push(
            Diagnostic::at(
                Code::DefaultParty,
                text!(
                    en: "default_party `{default}` is not one of the plan's parties ({parties})",
                    ja: "default_party `{default}` は計画の主体（{parties}）にありません",
                ),
                &plan.info_source,
                spans.or_start(Place::DefaultParty),
            )
            .with_help(text!(
                en: "set default_party to one of: {parties}",
                ja: "default_party には次のいずれかを指定してください: {parties}",
            )),
        );
    }
}

/// Section numbers are unique and run 1, 2, 3 … without a gap.
fn check_numbering(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut first_file: HashMap<u32, &SectionFile> = HashMap::new();
    for file in &plan.sections {
        let n = file.section.number;
        if let Some(earlier) = first_file.get(&n) {
            let other = earlier.source.path.display();
            out.push(
                Diagnostic::at(
                    Code::DuplicateSection,
                    text!(
                        en: "section {n} is defined twice (also in {other})",
                        ja: "第{n}節が二重に定義されています（{other} にもあります）",
                    ),
                    &file.source,
                    number_span(file),
                )
                .with_help(Text::new(
                    "give each section file its own number",
                    "節ファイルごとに別の番号を付けてください",
                )),
            );
        } else {
            first_file.insert(n, file);
        }
    }
    let mut numbers: Vec<u32> = first_file.keys().copied().collect();
    numbers.sort_unstable();
    let mut expected = 1;
    for n in numbers {
        if n != expected {
            let file = first_file[&n];
            let missing = if expected + 1 == n {
                expected.to_string()
            } else {
                format!("{expected}–{}", n - 1)
            };
            out.push(
                Diagnostic::at(
                    Code::SectionGap,
                    text!(
                        en: "section numbers must run from 1 without a gap: section {missing} is missing before {n}",
                        ja: "節番号は 1 から欠番なく続ける必要があります: 第{n}節の前に第{missing}節がありません",
                    ),
                    &file.source,
                    number_span(file),
                )
                .with_help(Text::new(
                    "renumber the sections (and their file names), or add the missing one",
                    "節（とファイル名）の番号を振り直すか、欠けている節を追加してください",
                )),
            );
        }
        expected = n + 1;
    }
}

/// `02-telework.toml` holds section 2.
fn check_file_name(file: &SectionFile, spans: &Spans, out: &mut Vec<Diagnostic>) {
    let n = file.section.number;
    let name = file
        .source
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    if digits.parse::<u32>().ok() != Some(n) {
        let wanted = format!("{n:02}-");
        out.push(
            Diagnostic::at(
                Code::FileName,
                text!(
                    en: "file `{name}` holds section {n}, but its name does not start with {wanted}",
                    ja: "ファイル `{name}` は第{n}節ですが、名前が {wanted} で始まっていません",
                ),
                &file.source,
                spans.or_start(Place::Number),
            )
            .with_help(text!(
                en: "rename the file to start with the section number ({wanted}…), or fix `number`",
                ja: "ファイル名を節番号で始まるよう（{wanted}…）変えるか、`number` を直してください",
            )),
        );
    }
}

fn check_parties(plan: &Plan, file: &SectionFile, spans: &Spans, out: &mut Vec<Diagnostic>) {
    for party in file.section.measures.keys() {
        if plan.party(party).is_none() {
            let parties = plan.party_keys().collect::<Vec<_>>().join(", ");
            let mut d = Diagnostic::at(
                Code::UnknownParty,
                text!(
                    en: "`{party}` is not a party of the plan (parties: {parties})",
                    ja: "`{party}` は計画の主体ではありません（主体: {parties}）",
                ),
                &file.source,
                spans
                    .key(Place::Measure { party, index: 0 })
                    .or_else(|| spans.key(Place::Party(party)))
                    .unwrap_or(0..0),
            );
            let near = crate::suggest::closest(party, plan.party_keys(), 1);
            d = d.with_help(match near.first() {
                Some(p) => crate::suggest::did_you_mean(p),
                None => text!(
                    en: "add the party to [parties] in plan.toml, or use one of: {parties}",
                    ja: "plan.toml の [parties] に追加するか、次のいずれかを使ってください: {parties}",
                ),
            });
            out.push(d);
        }
    }
}

/// Labels of each party run ア, イ, ウ … with no gap or duplicate. One
/// cause gives one diagnostic: a changed label is one error (not one for
/// every label after it), a skipped label is one (not a shift of all the
/// rest), and two labels swapped are one.
fn check_labels(file: &SectionFile, spans: &Spans, out: &mut Vec<Diagnostic>) {
    for (party, measures) in &file.section.measures {
        let labels: Vec<&str> = measures.iter().map(|m| m.label.as_str()).collect();
        let span = |index: usize| spans.or_start(Place::Label { party, index });
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut duplicates = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            if let Some(first) = seen.get(label) {
                duplicates.push(i);
                out.push(
                    Diagnostic::at(
                        Code::DuplicateLabel,
                        text!(
                            en: "label {label} is used twice for {party} (first as measure {first})",
                            ja: "{party} のラベル {label} が重複しています（最初は {first} 番目の取組）",
                        ),
                        &file.source,
                        span(i),
                    )
                    .with_help(Text::new(
                        "give each measure its own label, in order ア, イ, ウ …",
                        "取組ごとに別のラベルを ア, イ, ウ … の順に付けてください",
                    )),
                );
            } else {
                seen.insert(label, i + 1);
            }
        }
        let order_problems = label_order_problems(party, &labels, &duplicates);
        for (i, message) in order_problems {
            out.push(
                Diagnostic::at(Code::LabelOrder, message, &file.source, span(i)).with_help(
                    Text::new(
                        "labels run ア, イ, ウ, エ, オ, カ … in document order, with no gap",
                        "ラベルは文書の順に ア, イ, ウ, エ, オ, カ … と欠番なく付けます",
                    ),
                ),
            );
        }
    }
}

/// The fewest label-order problems that explain `labels`: each position
/// checked against its place in the gojūon order, or each label against
/// the one before it (a gap shifts the rest once), whichever finds fewer;
/// two positions holding each other's labels are one swap.
fn label_order_problems(party: &str, labels: &[&str], skip: &[usize]) -> Vec<(usize, Text)> {
    let position = |l: &str| label::ORDER.iter().position(|o| *o == l);
    let expected_text = |exp: Option<&str>, found: &str| {
        let exp = exp.unwrap_or("?");
        text!(
            en: "label out of order for {party}: expected {exp}, found {found}",
            ja: "{party} のラベルの順序が違います: {exp} のはずが {found} です",
        )
    };
    // Each label where its position says.
    let by_place: Vec<usize> = (0..labels.len())
        .filter(|i| !skip.contains(i) && label::expected_at(*i) != Some(labels[*i]))
        .collect();
    // Each label after the one before it.
    let mut by_sequence = Vec::new();
    let mut next = 0;
    for (i, label) in labels.iter().enumerate() {
        if skip.contains(&i) {
            continue;
        }
        if label::expected_at(next) != Some(label) {
            by_sequence.push((i, next));
        }
        next = position(label).map_or(next + 1, |p| p + 1);
    }
    if let [a, b] = by_place.as_slice()
        && label::expected_at(*a) == Some(labels[*b])
        && label::expected_at(*b) == Some(labels[*a])
    {
        let (x, y, at) = (labels[*a], labels[*b], b + 1);
        return vec![(
            *a,
            text!(
                en: "labels {x} and {y} of {party} are swapped: expected {y} here and {x} at measure {at}",
                ja: "{party} のラベル {x} と {y} が入れ替わっています: ここは {y}、{at} 番目の取組が {x} のはずです",
            ),
        )];
    }
    if by_place.len() <= by_sequence.len() {
        by_place
            .into_iter()
            .map(|i| (i, expected_text(label::expected_at(i), labels[i])))
            .collect()
    } else {
        by_sequence
            .into_iter()
            .map(|(i, next)| (i, expected_text(label::expected_at(next), labels[i])))
            .collect()
    }
}

/// Leading/trailing whitespace, line breaks and control characters inside
/// texts, and texts repeated within the section.
fn check_texts(file: &SectionFile, spans: &Spans, out: &mut Vec<Diagnostic>) {
    let section = &file.section;
    let mut texts: Vec<(Place, &str, Option<MeasureId>)> =
        vec![(Place::Title, &section.title, None)];
    for (i, c) in section.contents.iter().enumerate() {
        texts.push((Place::Contents(i), c, None));
    }
    for (party, measures) in &section.measures {
        for (index, m) in measures.iter().enumerate() {
            let id = MeasureId::new(section.number, party, &m.label);
            texts.push((Place::Text { party, index }, &m.text, Some(id.clone())));
            for (item, text) in m.items.iter().enumerate() {
                let place = Place::Item { party, index, item };
                texts.push((place, text, Some(id.with_item(item + 1))));
            }
        }
    }
    let mut first_seen: HashMap<&str, (&MeasureId, Place)> = HashMap::new();
    for (place, text, id) in &texts {
        let span = || spans.or_start(*place);
        hygiene(&file.source, span, text, out);
        let Some(id) = id else { continue };
        if let Some((first, first_place)) = first_seen.get(text) {
            // Two measures with one label (P024) have one ID: the other
            // is named by its line, never as the measure itself.
            let message = if first == &id {
                let (line, _) = file.source.line_col(spans.or_start(*first_place).start);
                text!(
                    en: "{id} repeats the text of the other measure labelled {first}, at line {line}",
                    ja: "{id} は {line} 行目の同じラベルの取組 {first} と同じテキストです",
                )
            } else {
                text!(
                    en: "{id} repeats the text of {first}",
                    ja: "{id} は {first} と同じテキストです",
                )
            };
            out.push(
                Diagnostic::at(Code::Repeated, message, &file.source, span())
                    .with_help(Text::new(
                        "if the source document repeats it, say so in plan.toml: [check] allow = [{ code = \"P033\", id = \"…\", reason = \"…\" }]; otherwise remove the copy",
                        "原文どおりの重複なら plan.toml に書いてください: [check] allow = [{ code = \"P033\", id = \"…\", reason = \"…\" }]。そうでなければ重複を削除してください",
                    ))
                    .about(id),
            );
        } else {
            first_seen.insert(text, (id, *place));
        }
    }
}

/// `span` is asked for only when there is a problem to locate.
fn hygiene(
    source: &SourceFile,
    span: impl Fn() -> Range<usize>,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.len() != text.len() {
        out.push(
            Diagnostic::at(
                Code::Whitespace,
                Text::new(
                    "text starts or ends with whitespace",
                    "テキストの前後に空白があります",
                ),
                source,
                span(),
            )
            .with_help(Text::new(
                "remove the surrounding spaces",
                "前後の空白を削除してください",
            )),
        );
    }
    // One byte scan rules out line breaks and control characters in
    // nearly every text: C0 and DEL are single bytes, and every C1
    // character's UTF-8 starts with 0xC2.
    if !text.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) {
        return;
    }
    if text.contains(['\n', '\r']) {
        out.push(
            Diagnostic::at(
                Code::LineBreak,
                Text::new(
                    "text contains a line break",
                    "テキストに改行が含まれています",
                ),
                source,
                span(),
            )
            .with_help(Text::new(
                "join the lines: a PDF line break is not part of the text",
                "行をつなげてください（PDF の改行は本文の一部ではありません）",
            )),
        );
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r'))
    {
        let code = format!("U+{:04X}", c as u32);
        out.push(
            Diagnostic::at(
                Code::ControlChar,
                text!(
                    en: "text contains the control character {code}",
                    ja: "テキストに制御文字 {code} が含まれています",
                ),
                source,
                span(),
            )
            .with_help(Text::new(
                "remove the character",
                "その文字を削除してください",
            )),
        );
    }
}

/// `plan check`: every template problem in plan.toml, at its place.
fn check_templates(plan: &Plan, spans: &Spans, out: &mut Vec<Diagnostic>) {
    let source = &plan.info_source;
    for (place, value) in [
        (Place::Preamble, &plan.info.preamble),
        (Place::Closing, &plan.info.closing),
    ] {
        // The spans (a second parse of plan.toml) only for a problem.
        let errors = template::check(value);
        if errors.is_empty() {
            continue;
        }
        let Some(span) = spans.get(place) else {
            continue;
        };
        for error in errors {
            let at = offset_in_source(&source.text, span.clone(), value, &error.range);
            out.push(
                Diagnostic::at(Code::Placeholder, error.message, source, at)
                    .with_help(Text::new(
                        "use {agreement_date}, {fiscal_year} or {effective} (see the comment above the key); write {{ and }} for literal braces",
                        "{agreement_date}、{fiscal_year}、{effective} のいずれかを使ってください（キーの上のコメント参照）。括弧そのものは {{ と }} と書きます",
                    )),
            );
        }
    }
}

/// Where a range of a string value lies in the TOML source: exact when the
/// value is written without escapes, else where its text is found, else the
/// whole value.
fn offset_in_source(
    source: &str,
    span: Range<usize>,
    value: &str,
    range: &Range<usize>,
) -> Range<usize> {
    let raw = source.get(span.clone()).unwrap_or_default();
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let inner = raw.get(quote..raw.len().saturating_sub(quote));
    if inner == Some(value) {
        let start = span.start + quote + range.start;
        return start..start + range.len();
    }
    let piece = value.get(range.clone()).unwrap_or_default();
    match raw.find(piece).filter(|_| !piece.is_empty()) {
        Some(i) => span.start + i..span.start + i + piece.len(),
        None => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(labels: &[&str]) -> Vec<(usize, String)> {
        label_order_problems("tmg", labels, &[])
            .into_iter()
            .map(|(i, t)| (i, t.en))
            .collect()
    }

    #[test]
    fn one_cause_is_one_label_problem() {
        assert!(problems(&["ア", "イ", "ウ"]).is_empty());
        // One changed label.
        let p = problems(&["ア", "キ", "ウ", "エ"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].0, 1);
        assert!(p[0].1.contains("expected イ, found キ"), "{p:?}");
        // One skipped label.
        let p = problems(&["ア", "ウ", "エ", "オ"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].1.contains("expected イ, found ウ"), "{p:?}");
        // Two swapped.
        let p = problems(&["ア", "ウ", "イ", "エ"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].1.contains("イ and ウ") || p[0].1.contains("ウ and イ"),
            "{p:?}"
        );
    }
}
