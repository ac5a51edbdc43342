//! Japanese era (和暦) dates and fiscal years, written as the plan document
//! writes them (平成 29 年 11 月 30 日, 令和３年度（2021 年度）, 令和元年) and
//! found again in a document's text.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::i18n::Lang;
use crate::model::folded::Folded;
use crate::model::numerals::{Piece, compose};

/// The eras a plan document or a command line may use, newest first: the
/// name, the Latin initial (`R3.6.15`), and the day each began (the day
/// before is the last of the era before it).
const ERAS: [(&str, char, i32, u32, u32); 5] = [
    ("令和", 'r', 2019, 5, 1),
    ("平成", 'h', 1989, 1, 8),
    ("昭和", 's', 1926, 12, 25),
    ("大正", 't', 1912, 7, 30),
    ("明治", 'm', 1868, 10, 23),
];

/// The names and Latin initials of the eras, newest first.
pub fn names() -> impl Iterator<Item = (&'static str, char)> {
    ERAS.iter().map(|&(name, initial, ..)| (name, initial))
}

/// The first and last day of an era (`None`: it has not ended).
pub fn bounds(era: &str) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let at = ERAS.iter().position(|(name, ..)| *name == era)?;
    let day = |i: usize| {
        let (_, _, y, m, d) = ERAS[i];
        NaiveDate::from_ymd_opt(y, m, d)
    };
    let first = day(at)?;
    let last = match at.checked_sub(1) {
        Some(newer) => Some(day(newer)?.pred_opt()?),
        None => None,
    };
    Some((first, last))
}

/// Whether days `first` to `last` (one day, or a month) written in `era`
/// fall within it; if not, why: `平成33年8月2日` is after 平成 ended.
pub fn check_within(era: &str, first: NaiveDate, last: NaiveDate) -> Result<(), crate::i18n::Text> {
    let Some((start, end)) = bounds(era) else {
        return Ok(());
    };
    let really = era_of(first)
        .map(|(name, y)| {
            let y = if y == 1 {
                "元".to_string()
            } else {
                y.to_string()
            };
            format!("{name}{y}")
        })
        .unwrap_or_default();
    if let Some(end) = end
        && first > end
    {
        let era_year = first.year() - start.year() + 1;
        return Err(text!(
            en: "{first} is not in {era}{era_year}年: {era} ended on {end} ({first} is in {really}年)",
            ja: "{first} は{era}{era_year}年ではありません。{era}は {end} に終わりました（{first} は{really}年です）",
        ));
    }
    if last < start {
        return Err(text!(
            en: "{era} began on {start}: {first} is before it (in {really}年)",
            ja: "{era}は {start} に始まりました。{first} はそれより前です（{really}年）",
        ));
    }
    Ok(())
}

/// How a date or a fiscal year is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// 令和３年４月１日, 令和３年度
    Era,
    /// 2021 年４月１日, 2021 年度
    Western,
    /// 令和３年（2021 年）４月１日, 令和３年度（2021 年度）
    Both,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Era => "era",
            Form::Western => "western",
            Form::Both => "both",
        }
    }

    pub fn parse(name: &str) -> Option<Form> {
        [Form::Era, Form::Western, Form::Both]
            .into_iter()
            .find(|f| f.name() == name)
    }
}

/// The era a day falls in, and the year of that era.
pub fn era_of(date: NaiveDate) -> Option<(&'static str, i32)> {
    ERAS.iter().find_map(|&(name, _, y, m, d)| {
        let start = NaiveDate::from_ymd_opt(y, m, d)?;
        (date >= start).then(|| (name, date.year() - y + 1))
    })
}

/// The Western year of an era year (平成 29 → 2017).
pub fn western_year(era: &str, year: i32) -> Option<i32> {
    ERAS.iter()
        .find(|(name, ..)| *name == era)
        .filter(|_| year >= 1)
        .map(|(_, _, start, ..)| start + year - 1)
}

/// The era a fiscal year is named in: the one of its first day (1 April).
fn era_of_fiscal_year(year: i32) -> Option<(&'static str, i32)> {
    NaiveDate::from_ymd_opt(year, 4, 1).and_then(era_of)
}

fn era_year(name: &str, year: i32, suffix: &str) -> Vec<Piece> {
    let number = if year == 1 {
        Piece::text("元")
    } else {
        Piece::Number(year.into())
    };
    vec![Piece::text(name), number, Piece::text(suffix)]
}

/// A day as pieces in the document's style (see [`date`]).
pub fn date_pieces(date: NaiveDate, form: Form) -> Vec<Piece> {
    let era = era_of(date);
    let mut pieces = match (form, era) {
        (Form::Era, Some((name, y))) => era_year(name, y, "年"),
        (Form::Both, Some((name, y))) => {
            let mut p = era_year(name, y, "年（");
            p.extend([Piece::Number(date.year().into()), Piece::text("年）")]);
            p
        }
        _ => vec![Piece::Number(date.year().into()), Piece::text("年")],
    };
    pieces.extend([
        Piece::Number(date.month().into()),
        Piece::text("月"),
        Piece::Number(date.day().into()),
        Piece::text("日"),
    ]);
    pieces
}

/// A fiscal year as pieces in the document's style (see [`fiscal_year`]).
pub fn fiscal_year_pieces(year: i32, form: Form) -> Vec<Piece> {
    match (form, era_of_fiscal_year(year)) {
        (Form::Era, Some((name, y))) => era_year(name, y, "年度"),
        (Form::Both, Some((name, y))) => {
            let mut p = era_year(name, y, "年度（");
            p.extend([Piece::Number(year.into()), Piece::text("年度）")]);
            p
        }
        _ => vec![Piece::Number(year.into()), Piece::text("年度")],
    }
}

/// A day as the document writes it: `平成 29 年 11 月 30 日` (era),
/// `令和３年（2021 年）４月１日` (both), `2021 年４月１日` (western).
pub fn date(date: NaiveDate, form: Form) -> String {
    compose(&date_pieces(date, form))
}

/// A fiscal year as the document writes it: `令和３年度` (era),
/// `令和３年度（2021 年度）` (both), `2021 年度` (western).
pub fn fiscal_year(year: i32, form: Form) -> String {
    compose(&fiscal_year_pieces(year, form))
}

/// A fiscal year with plain digits, as reports and headings write it:
/// `令和3年度` (era), `令和3年度（2021年度）` (both), `2021年度` (western).
pub fn fiscal_year_plain(year: i32, form: Form) -> String {
    fiscal_year_pieces(year, form)
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.clone(),
            Piece::Number(n) => n.to_string(),
        })
        .collect()
}

/// A fiscal year named in the UI language: `令和3年度（2021年度）`, `FY2021`.
pub fn fiscal_year_label(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Ja => fiscal_year_plain(year, Form::Both),
        Lang::En => format!("FY{year}"),
    }
}

/// What a date found in a document's text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Day(NaiveDate),
    FiscalYear(i32),
}

/// A date or fiscal year found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub meaning: Meaning,
    pub form: Form,
    /// Byte range in the text searched.
    pub range: Range<usize>,
}

/// A date in the text that cannot be what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate {
    pub range: Range<usize>,
    pub en: String,
    pub ja: String,
}

/// Era dates, Western dates and fiscal years, matched on the text folded
/// to half-width without spaces.
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<era>明治|大正|昭和|平成|令和)(?P<ey>元|\d{1,2})年
          (?: 度 (?: \( (?P<fyw>\d{4}) 年度\) )?
            | (?: \( (?P<dw>\d{4}) 年\) )? (?P<em>\d{1,2})月(?P<ed>\d{1,2})日 )
        | (?P<y>\d{4})年 (?: (?P<wfy>度) | (?P<wm>\d{1,2})月(?P<wd>\d{1,2})日 )",
    )
    .expect("the date pattern is a valid regex")
});

/// Every date and fiscal year in `text`, in order, and those that cannot be
/// (令和３年 given as 2022, 2月30日).
pub fn find(text: &str) -> (Vec<Found>, Vec<BadDate>) {
    let folded = Folded::new(text);
    let mut found = Vec::new();
    let mut bad = Vec::new();
    for caps in PATTERN.captures_iter(folded.text()) {
        let Some(whole) = caps.get(0) else { continue };
        let range = folded.origin(whole.range());
        let shown = text.get(range.clone()).unwrap_or_default().to_string();
        let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
        let mut complain = |en: String, ja: String| {
            bad.push(BadDate {
                range: range.clone(),
                en,
                ja,
            })
        };
        let (year, form) = match caps.name("era") {
            Some(era) => {
                let era_year = match caps.name("ey").map(|m| m.as_str()) {
                    Some("元") => Some(1),
                    _ => num("ey"),
                };
                let Some(year) = era_year.and_then(|y| western_year(era.as_str(), y)) else {
                    complain(
                        format!("`{shown}` is not a year of an era"),
                        format!("`{shown}` は元号の年として読めません"),
                    );
                    continue;
                };
                match num("fyw").or_else(|| num("dw")) {
                    Some(western) if western != year => {
                        complain(
                            format!("`{shown}`: the era year is {year}, not {western}"),
                            format!(
                                "`{shown}`: 元号の年は {year} 年で、{western} 年ではありません"
                            ),
                        );
                        continue;
                    }
                    Some(_) => (year, Form::Both),
                    None => (year, Form::Era),
                }
            }
            None => match num("y") {
                Some(y) => (y, Form::Western),
                None => continue,
            },
        };
        let is_fiscal = caps.name("fyw").is_some()
            || caps.name("wfy").is_some()
            || (caps.name("era").is_some() && caps.name("em").is_none());
        let meaning = if is_fiscal {
            Meaning::FiscalYear(year)
        } else {
            let month = num("em").or_else(|| num("wm"));
            let day = num("ed").or_else(|| num("wd"));
            let date = month.zip(day).and_then(|(m, d)| {
                NaiveDate::from_ymd_opt(year, u32::try_from(m).ok()?, u32::try_from(d).ok()?)
            });
            match date {
                Some(d) => Meaning::Day(d),
                None => {
                    complain(
                        format!("`{shown}` is not a day of the calendar"),
                        format!("`{shown}` は暦にない日付です"),
                    );
                    continue;
                }
            }
        };
        found.push(Found {
            meaning,
            form,
            range,
        });
    }
    (found, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn writes_dates_as_the_document_does() {
        assert_eq!(date(d(2017, 11, 30), Form::Era), "平成 29 年 11 月 30 日");
        assert_eq!(
            date(d(2021, 4, 1), Form::Both),
            "令和３年（2021 年）４月１日"
        );
        assert_eq!(date(d(2022, 4, 1), Form::Western), "2022 年４月１日");
        assert_eq!(date(d(2019, 5, 1), Form::Era), "令和元年５月１日");
        assert_eq!(date(d(1989, 1, 7), Form::Era), "昭和 64 年１月７日");
        assert_eq!(fiscal_year(2021, Form::Both), "令和３年度（2021 年度）");
        assert_eq!(fiscal_year(2022, Form::Era), "令和４年度");
        // FY2019 began on 1 April 2019, still in 平成.
        assert_eq!(fiscal_year(2019, Form::Era), "平成 31 年度");
        assert_eq!(fiscal_year(2020, Form::Western), "2020 年度");
        assert_eq!(fiscal_year_plain(2021, Form::Era), "令和3年度");
        assert_eq!(
            fiscal_year_plain(2019, Form::Both),
            "平成31年度（2019年度）"
        );
        assert_eq!(fiscal_year_label(2021, Lang::Ja), "令和3年度（2021年度）");
        assert_eq!(fiscal_year_label(2021, Lang::En), "FY2021");
    }

    #[test]
    fn finds_dates_in_any_width_and_spacing() {
        let text = "（平成 29 年 11 月 30 日。以下）令和３年度（2021 年度）において、令和3年4月1日と2022年４月１日";
        let (found, bad) = find(text);
        assert!(bad.is_empty(), "{bad:?}");
        let got: Vec<(Meaning, Form, &str)> = found
            .iter()
            .map(|f| (f.meaning, f.form, &text[f.range.clone()]))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    Meaning::Day(d(2017, 11, 30)),
                    Form::Era,
                    "平成 29 年 11 月 30 日"
                ),
                (
                    Meaning::FiscalYear(2021),
                    Form::Both,
                    "令和３年度（2021 年度）"
                ),
                (Meaning::Day(d(2021, 4, 1)), Form::Era, "令和3年4月1日"),
                (Meaning::Day(d(2022, 4, 1)), Form::Western, "2022年４月１日"),
            ]
        );
        let (found, _) = find("令和元年度");
        assert_eq!(found[0].meaning, Meaning::FiscalYear(2019));
    }

    #[test]
    fn impossible_dates_are_reported_not_guessed() {
        let (found, bad) = find("令和３年（2022 年）４月１日、令和３年２月 30 日");
        assert!(found.is_empty());
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[0].en.contains("2021, not 2022"), "{}", bad[0].en);
        assert!(bad[1].en.contains("not a day"), "{}", bad[1].en);
    }
}
