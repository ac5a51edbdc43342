//! The one date grammar of the command line (`--at`, `--since`, `--until`,
//! `--as-of`): ISO dates and date-times (`2021-06-15`, `2021/6/15`,
//! `2021-06-15T10:00`, with an offset), a month (`2021-07`: the whole
//! month where a range is meant), the Japanese era (`令和3年6月15日`,
//! `R3.6.15`, `令和元年5月1日`), full-width digits, and `today` /
//! `yesterday` (今日 / 昨日). An impossible date says why.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};

use crate::i18n::Text;
use crate::model::date::Zone;
use crate::model::note::NoteTime;
use crate::text::fold;

/// A day or a whole month, as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
}

impl Span {
    /// The first day it covers.
    pub fn first(self) -> NaiveDate {
        match self {
            Span::Day(d) => d,
            Span::Month { year, month } => {
                NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
            }
        }
    }

    /// The last day it covers.
    pub fn last(self) -> NaiveDate {
        match self {
            Span::Day(d) => d,
            Span::Month { year, month } => {
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)
                };
                next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
            }
        }
    }
}

/// A day or month (`--since`, `--until`, `--as-of`).
pub fn parse_span(input: &str, today: NaiveDate) -> Result<Span, Text> {
    let s = normalize(input);
    if let Some(day) = relative(&s, today) {
        return Ok(Span::Day(day));
    }
    let (date, rest) = date_part(&s).map_err(|f| match f {
        Fault::NotADate => not_a_date(input),
        Fault::Impossible(why) => why,
    })?;
    if !rest.trim().is_empty() {
        return Err(not_a_date(input));
    }
    Ok(date)
}

/// A day or month given with a flag, or the usage error that says why not.
pub fn span_arg(flag: &str, input: &str, today: NaiveDate) -> crate::error::Result<Span> {
    parse_span(input, today).map_err(|why| {
        let (en, ja) = (why.en, why.ja);
        crate::error::Error::usage(text!(en: "{flag}: {en}", ja: "{flag}: {ja}"))
    })
}

/// A point in time for `--at`: a date alone (that day, in the plan's zone),
/// or a date and time (in the plan's zone unless an offset is given).
pub fn parse_moment(input: &str, zone: Zone, today: NaiveDate) -> Result<NoteTime, Text> {
    let s = normalize(input);
    if let Some(day) = relative(&s, today) {
        return Ok(NoteTime::Day(day));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(&s.replace(' ', "t").to_uppercase()) {
        return Ok(NoteTime::At(t));
    }
    let (span, rest) = date_part(&s).map_err(|f| match f {
        Fault::NotADate => not_a_moment(input),
        Fault::Impossible(why) => why,
    })?;
    let day = match span {
        Span::Day(d) => d,
        Span::Month { .. } if !rest.trim().is_empty() => return Err(not_a_moment(input)),
        Span::Month { .. } => {
            return Err(Text::new(
                "--at needs a day, not a whole month: write it like 2021-07-15",
                "--at には月ではなく日を指定してください（例: 2021-07-15）",
            ));
        }
    };
    let rest = rest.trim_start_matches(['t', ' ']).trim();
    if rest.is_empty() {
        return Ok(NoteTime::Day(day));
    }
    let (time, offset) = time_part(rest).ok_or_else(|| not_a_moment(input))?;
    let local = NaiveDateTime::new(day, time);
    let at = match offset {
        Some(offset) => local
            .and_local_timezone(offset)
            .single()
            .ok_or_else(|| not_a_moment(input))?,
        None => zone.local(local).ok_or_else(|| {
            Text::new(
                "that time does not exist in the plan's time zone (a daylight-saving gap)",
                "その時刻は計画のタイムゾーンに存在しません（夏時間の切り替え）",
            )
        })?,
    };
    Ok(NoteTime::At(at))
}

/// Width, case and era spellings folded: `Ｒ３．６．１５` → `r3.6.15`.
fn normalize(input: &str) -> String {
    fold(input.trim())
}

fn relative(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    match s {
        "today" | "今日" | "本日" => Some(today),
        "yesterday" | "昨日" => today.pred_opt(),
        _ => None,
    }
}

fn not_a_date(input: &str) -> Text {
    let shown = crate::text::escape_control(input).into_owned();
    text!(
        en: "`{shown}` is not a date: write it like 2021-06-15, 2021-06, 令和3年6月15日, R3.6.15 or today",
        ja: "`{shown}` は日付ではありません。2021-06-15、2021-06、令和3年6月15日、R3.6.15、today のように書いてください",
    )
}

/// Why the start of a text is not a date: not one at all (each grammar
/// says what it takes), or an impossible one (that says why).
#[derive(Debug)]
enum Fault {
    NotADate,
    Impossible(Text),
}

/// What a moment (`--at`) takes: a day, with a time if wanted; never a
/// month, so none is suggested.
fn not_a_moment(input: &str) -> Text {
    let shown = crate::text::escape_control(input).into_owned();
    text!(
        en: "`{shown}` is not a date or time: write it like 2021-06-15, 2021-06-15T10:00, 令和3年6月15日, R3.6.15 or today",
        ja: "`{shown}` は日付・日時ではありません。2021-06-15、2021-06-15T10:00、令和3年6月15日、R3.6.15、today のように書いてください",
    )
}

/// The date at the start of `s` (a day or a month), and what follows it.
fn date_part(s: &str) -> Result<(Span, &str), Fault> {
    let (year, rest, era) = match era_year(s) {
        Some((year, rest, era)) => (year, rest, Some(era)),
        None => {
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            if digits != 4 {
                return Err(Fault::NotADate);
            }
            let year: i32 = s[..4].parse().map_err(|_| Fault::NotADate)?;
            let rest = s[4..]
                .strip_prefix(['-', '/', '.', '年'])
                .ok_or(Fault::NotADate)?;
            (year, rest, None)
        }
    };
    // 平成33年 and 令和元年4月 are in no calendar: the era had ended or
    // not begun.
    let within = |span: Span| match era {
        Some(era) => crate::model::era::check_within(era, span.first(), span.last())
            .map(|()| span)
            .map_err(Fault::Impossible),
        None => Ok(span),
    };
    let (month, rest) = number(rest).ok_or(Fault::NotADate)?;
    let rest = rest.strip_prefix('月').unwrap_or(rest);
    let month = u32::try_from(month).unwrap_or(u32::MAX);
    if !(1..=12).contains(&month) {
        return Err(Fault::Impossible(text!(
            en: "there is no month {month}: months run 1 to 12",
            ja: "{month} 月はありません（月は 1〜12）",
        )));
    }
    let Some(after_sep) = rest.strip_prefix(['-', '/', '.']).or_else(|| {
        rest.starts_with(|c: char| c.is_ascii_digit())
            .then_some(rest)
    }) else {
        return Ok((within(Span::Month { year, month })?, rest));
    };
    let (day, rest) = number(after_sep).ok_or(Fault::NotADate)?;
    let rest = rest.strip_prefix('日').unwrap_or(rest);
    let day = u32::try_from(day).unwrap_or(u32::MAX);
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => Ok((within(Span::Day(d))?, rest)),
        None => Err(Fault::Impossible(impossible(year, month, day))),
    }
}

/// Why a year, month and day make no date: `June has 30 days`.
fn impossible(year: i32, month: u32, day: u32) -> Text {
    let last = Span::Month { year, month }.last().day();
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let name = MONTHS
        .get(month as usize - 1)
        .copied()
        .unwrap_or("that month");
    if month == 2 && day == 29 {
        text!(
            en: "{year}-02-29 does not exist: {year} is not a leap year (February has 28 days)",
            ja: "{year}-02-29 はありません: {year} 年はうるう年ではありません（2 月は 28 日まで）",
        )
    } else {
        text!(
            en: "{year}-{month:02}-{day:02} does not exist: {name} has {last} days",
            ja: "{year}-{month:02}-{day:02} はありません: {month} 月は {last} 日までです",
        )
    }
}

/// A year written in an era (`令和3年`, `令和元年`, `r3.`), converted, with
/// the era's name (the date must then fall within the era).
fn era_year(s: &str) -> Option<(i32, &str, &'static str)> {
    for (name, initial) in crate::model::era::names() {
        let rest = s.strip_prefix(name).or_else(|| {
            s.strip_prefix(initial)
                .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        });
        let Some(rest) = rest else { continue };
        let (n, rest) = match rest.strip_prefix('元') {
            Some(r) => (1, r),
            None => number(rest)?,
        };
        let rest = rest.strip_prefix(['年', '.', '/', '-'])?;
        let n = i32::try_from(n).ok().filter(|n| *n >= 1)?;
        let year = crate::model::era::western_year(name, n)?;
        return Some((year, rest, name));
    }
    None
}

/// Leading ASCII digits (at most 9) as a number, and what follows.
fn number(s: &str) -> Option<(u64, &str)> {
    let len = s.chars().take_while(char::is_ascii_digit).count();
    if len == 0 || len > 9 {
        return None;
    }
    Some((s[..len].parse().ok()?, &s[len..]))
}

/// `10:00`, `10:00:30`, each with an optional offset (`+09:00`, `z`).
fn time_part(s: &str) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let split = s.find(['+', '-', 'z']).unwrap_or(s.len());
    let (clock, offset) = s.split_at(split);
    let time = ["%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock.trim(), f).ok())?;
    let offset = match offset {
        "" => None,
        "z" => FixedOffset::east_opt(0),
        o => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            let digits: String = o[1..].chars().filter(char::is_ascii_digit).collect();
            if digits.len() != 4 {
                return None;
            }
            let h: i32 = digits[..2].parse().ok()?;
            let m: i32 = digits[2..].parse().ok()?;
            Some(FixedOffset::east_opt(sign * (h * 3600 + m * 60))?)
        }
    };
    Some((time, offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn today() -> NaiveDate {
        d(2021, 7, 10)
    }

    fn tokyo() -> Zone {
        Zone::named("Asia/Tokyo").unwrap()
    }

    #[test]
    fn every_day_form_means_the_same_day() {
        for input in [
            "2021-06-15",
            "2021/6/15",
            "2021.06.15",
            "２０２１－０６－１５",
            "2021年6月15日",
            "令和3年6月15日",
            "令和３年６月１５日",
            "R3.6.15",
            "r3/6/15",
            "Ｒ３．６．１５",
        ] {
            assert_eq!(
                parse_span(input, today()),
                Ok(Span::Day(d(2021, 6, 15))),
                "{input}"
            );
        }
        assert_eq!(
            parse_span("令和元年5月1日", today()),
            Ok(Span::Day(d(2019, 5, 1)))
        );
        assert_eq!(
            parse_span("平成29年11月30日", today()),
            Ok(Span::Day(d(2017, 11, 30)))
        );
        assert_eq!(
            parse_span("H29.11.30", today()),
            Ok(Span::Day(d(2017, 11, 30)))
        );
        assert_eq!(parse_span("today", today()), Ok(Span::Day(today())));
        assert_eq!(parse_span("昨日", today()), Ok(Span::Day(d(2021, 7, 9))));
    }

    #[test]
    fn a_month_covers_all_its_days() {
        let july = parse_span("2021-07", today()).unwrap();
        assert_eq!((july.first(), july.last()), (d(2021, 7, 1), d(2021, 7, 31)));
        let feb = parse_span("令和4年2月", today()).unwrap();
        assert_eq!(feb.last(), d(2022, 2, 28));
        assert_eq!(
            parse_span("2024/02", today()).unwrap().last(),
            d(2024, 2, 29)
        );
        assert_eq!(
            parse_span("2021-12", today()).unwrap().last(),
            d(2021, 12, 31)
        );
    }

    #[test]
    fn impossible_dates_say_why() {
        let e = parse_span("2021-06-31", today()).unwrap_err();
        assert!(e.en.contains("June has 30 days"), "{}", e.en);
        let e = parse_span("2021-02-29", today()).unwrap_err();
        assert!(e.en.contains("not a leap year"), "{}", e.en);
        let e = parse_span("2021-13-01", today()).unwrap_err();
        assert!(e.en.contains("no month 13"), "{}", e.en);
        assert!(parse_span("June", today()).is_err());
        assert!(parse_span("2021-06-15x", today()).is_err());
        assert!(parse_span("99999999999-01-01", today()).is_err());
    }

    #[test]
    fn moments_take_the_plan_zone_unless_an_offset_is_given() {
        let t = |s| parse_moment(s, tokyo(), today()).unwrap();
        assert_eq!(t("2021-06-15"), NoteTime::Day(d(2021, 6, 15)));
        let NoteTime::At(at) = t("2021-06-15T10:00") else {
            panic!()
        };
        assert_eq!(at.to_rfc3339(), "2021-06-15T10:00:00+09:00");
        let NoteTime::At(at) = t("2021-06-15 10:00:30") else {
            panic!()
        };
        assert_eq!(at.to_rfc3339(), "2021-06-15T10:00:30+09:00");
        let NoteTime::At(at) = t("2021-06-15T10:00:00+02:00") else {
            panic!()
        };
        assert_eq!(at.to_rfc3339(), "2021-06-15T10:00:00+02:00");
        let NoteTime::At(at) = t("R3.6.15 9:30") else {
            panic!()
        };
        assert_eq!(at.to_rfc3339(), "2021-06-15T09:30:00+09:00");
        assert!(parse_moment("2021-07", tokyo(), today()).is_err());
        assert!(parse_moment("2021-06-15T25:00", tokyo(), today()).is_err());
    }
}
