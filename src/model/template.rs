//! The preamble and closing in `plan.toml` are templates: the dates in them
//! are placeholders that `plan render` fills from the data, so a new year's
//! plan changes `fiscal_year` and `effective`, never the sentences.
//!
//! `{agreement_date}` is `agreement.date`, `{fiscal_year}` is `fiscal_year`,
//! `{effective}` is `effective`, each written in the document's style; a
//! `:era`, `:western` or `:both` suffix picks another form
//! (`{effective:era}`); `{{` and `}}` are literal braces.

use std::ops::Range;

use chrono::NaiveDate;

use crate::i18n::Text;
use crate::model::era::{self, Form, Found, Meaning};
use crate::model::numerals::{Piece, compose};
use crate::model::plan::PlanInfo;

/// The placeholders, with the form each takes when none is given.
pub const PLACEHOLDERS: [(&str, Form); 3] = [
    ("agreement_date", Form::Era),
    ("fiscal_year", Form::Both),
    ("effective", Form::Both),
];

/// The plan.toml keys that are templates.
pub const TEMPLATE_KEYS: [&str; 2] = ["preamble", "closing"];

/// The values placeholders stand for.
#[derive(Debug, Clone, Copy)]
pub struct Values {
    pub agreement_date: NaiveDate,
    pub fiscal_year: i32,
    pub effective: NaiveDate,
}

impl Values {
    pub fn of(info: &PlanInfo) -> Values {
        Values {
            agreement_date: info.agreement.date.0,
            fiscal_year: info.fiscal_year,
            effective: info.effective.0,
        }
    }

    fn pieces(&self, name: &str, form: Form) -> Option<Vec<Piece>> {
        match name {
            "agreement_date" => Some(era::date_pieces(self.agreement_date, form)),
            "fiscal_year" => Some(era::fiscal_year_pieces(self.fiscal_year, form)),
            "effective" => Some(era::date_pieces(self.effective, form)),
            _ => None,
        }
    }
}

/// Something in a template that is not text and not a known placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// Byte range in the template.
    pub range: Range<usize>,
    pub message: Text,
}

enum Token<'t> {
    Literal(&'t str),
    Field { name: &'t str, form: Option<Form> },
}

fn tokens(template: &str) -> (Vec<Token<'_>>, Vec<TemplateError>) {
    let mut tokens = Vec::new();
    let mut errors = Vec::new();
    let mut rest_at = 0;
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'}' if bytes.get(i + 1) == Some(&bytes[i]) => {
                tokens.push(Token::Literal(&template[rest_at..i + 1]));
                i += 2;
                rest_at = i;
            }
            b'}' => {
                errors.push(TemplateError {
                    range: i..i + 1,
                    message: Text::new(
                        "a `}` that closes no placeholder (write `}}` for a brace)",
                        "対応する `{` のない `}` です（文字としての括弧は `}}`）",
                    ),
                });
                i += 1;
            }
            b'{' => {
                tokens.push(Token::Literal(&template[rest_at..i]));
                let Some(len) = template[i..].find('}') else {
                    errors.push(TemplateError {
                        range: i..template.len(),
                        message: Text::new(
                            "a placeholder that is not closed with `}` (write `{{` for a brace)",
                            "`}` で閉じていない差し込み項目です（文字としての括弧は `{{`）",
                        ),
                    });
                    return (tokens, errors);
                };
                let inner = &template[i + 1..i + len];
                let (name, form) = match inner.split_once(':') {
                    Some((n, f)) => (n, Some(f)),
                    None => (inner, None),
                };
                let known = PLACEHOLDERS.iter().any(|(n, _)| *n == name);
                let parsed_form = form.map(Form::parse);
                if !known || parsed_form == Some(None) {
                    errors.push(unknown(i..i + len + 1, inner));
                } else {
                    tokens.push(Token::Field {
                        name,
                        form: parsed_form.flatten(),
                    });
                }
                i += len + 1;
                rest_at = i;
            }
            _ => i += 1,
        }
    }
    tokens.push(Token::Literal(&template[rest_at..]));
    (tokens, errors)
}

fn unknown(range: Range<usize>, inner: &str) -> TemplateError {
    let names: Vec<String> = PLACEHOLDERS
        .iter()
        .map(|(n, _)| format!("{{{n}}}"))
        .collect();
    let names = names.join(", ");
    let shown = crate::text::escape_control(inner);
    TemplateError {
        range,
        message: text!(
            en: "unknown placeholder `{{{shown}}}`: the placeholders are {names}, each optionally with :era, :western or :both",
            ja: "不明な差し込み項目 `{{{shown}}}` です。使えるのは {names}（:era、:western、:both を付けることも可）です",
        ),
    }
}

/// Every problem of a template (unknown placeholders, stray braces).
pub fn check(template: &str) -> Vec<TemplateError> {
    tokens(template).1
}

/// The template with its placeholders filled in, in the document's style.
pub fn render(template: &str, values: &Values) -> Result<String, Vec<TemplateError>> {
    let (tokens, errors) = tokens(template);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut pieces = Vec::new();
    for token in tokens {
        match token {
            Token::Literal(text) => pieces.push(Piece::text(text)),
            Token::Field { name, form } => {
                let default = PLACEHOLDERS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(Form::Both, |(_, f)| *f);
                pieces.extend(
                    values
                        .pieces(name, form.unwrap_or(default))
                        .unwrap_or_default(),
                );
            }
        }
    }
    Ok(compose(&pieces))
}

/// A document's sentence as a template: each date in it that is one of the
/// plan's values becomes its placeholder; braces are doubled.
pub fn from_text(text: &str, found: &[Found], values: &Values) -> String {
    let mut out = String::new();
    let mut at = 0;
    for f in found {
        let name = match f.meaning {
            Meaning::FiscalYear(y) if y == values.fiscal_year => "fiscal_year",
            Meaning::Day(d) if d == values.effective => "effective",
            Meaning::Day(d) if d == values.agreement_date => "agreement_date",
            _ => continue,
        };
        let (Some(before), true) = (text.get(at..f.range.start), f.range.start >= at) else {
            continue;
        };
        out.push_str(&escape_braces(before));
        let default = PLACEHOLDERS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f);
        if default == Some(f.form) {
            out.push_str(&format!("{{{name}}}"));
        } else {
            out.push_str(&format!("{{{name}:{}}}", f.form.name()));
        }
        at = f.range.end;
    }
    out.push_str(&escape_braces(text.get(at..).unwrap_or_default()));
    out
}

fn escape_braces(text: &str) -> String {
    text.replace('{', "{{").replace('}', "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            agreement_date: NaiveDate::from_ymd_opt(2017, 11, 30).unwrap(),
            fiscal_year: 2022,
            effective: NaiveDate::from_ymd_opt(2022, 4, 1).unwrap(),
        }
    }

    #[test]
    fn placeholders_are_filled_in_the_document_style() {
        let v = values();
        assert_eq!(
            render("（{agreement_date}。）{fiscal_year}において", &v).unwrap(),
            "（平成 29 年 11 月 30 日。）令和４年度（2022 年度）において"
        );
        assert_eq!(
            render("本計画は、{effective}から。{effective:era}、{{x}}", &v).unwrap(),
            "本計画は、令和４年（2022 年）４月１日から。令和４年４月１日、{x}"
        );
        // A spaced number keeps its spaces against the template's own text.
        assert_eq!(
            render("は{fiscal_year:western}", &v).unwrap(),
            "は 2022 年度"
        );
    }

    #[test]
    fn unknown_placeholders_and_stray_braces_are_errors_with_their_place() {
        let errors = check("a{agreement}b{effective:kanji}c}d{fiscal_year");
        let ranges: Vec<Range<usize>> = errors.iter().map(|e| e.range.clone()).collect();
        assert_eq!(ranges, vec![1..12, 13..30, 31..32, 33..45]);
        assert!(errors[0].message.en.contains("`{agreement}`"));
        assert!(render("{x}", &values()).is_err());
    }

    #[test]
    fn document_text_becomes_a_template_that_renders_it_back() {
        let v = values();
        let text =
            "（平成 29 年 11 月 30 日。）令和４年度（2022 年度）に{括弧}、令和４年４月１日から";
        let (found, _) = era::find(text);
        let template = from_text(text, &found, &v);
        assert_eq!(
            template,
            "（{agreement_date}。）{fiscal_year}に{{括弧}}、{effective:era}から"
        );
        assert_eq!(render(&template, &v).unwrap(), text);
    }
}
