//! Dates and times: TOML dates in plan files, the dates users type on the
//! command line, fiscal years, and the Japanese era (和暦) display.

use std::borrow::Cow;
use std::fmt;

use chrono::{
    DateTime, Datelike, FixedOffset, Local, NaiveDate, NaiveDateTime, TimeZone, Timelike,
};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date written as a TOML local date (`2021-04-01`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // The cache's binary form holds the text `Serialize` wrote; a plan
        // file must hold a TOML date, never a string.
        if !deserializer.is_human_readable() {
            return NaiveDate::deserialize(deserializer).map(Date);
        }
        let value = toml::value::Datetime::deserialize(deserializer)?;
        match (value.date, value.time, value.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                    .map(Date)
                    .ok_or_else(|| serde::de::Error::custom("not a valid calendar date"))
            }
            _ => Err(serde::de::Error::custom(
                "expected a date such as 2021-04-01, without a time",
            )),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "description": "A TOML local date, e.g. 2021-04-01."
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The first and last day of a Japanese fiscal year (April to March).
pub fn fiscal_year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(NaiveDate::MIN);
    let end = NaiveDate::from_ymd_opt(year + 1, 3, 31).unwrap_or(NaiveDate::MAX);
    (start, end)
}

/// The time zone the plan's dates mean (`[settings] timezone`): a date
/// typed without a time is that day there, whatever the machine's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// An IANA zone such as `Asia/Tokyo`.
    Named(NamedZone),
    /// The machine's zone, for a plan that names none.
    Local,
}

/// A zone of the IANA database built into plan (jiff's bundled copy, the
/// same on every machine). Compact TZif data rather than chrono-tz's
/// tables: those are 29,000 pointers the loader relocates on every start
/// (243 of the binary's 313 relocated pages, docs/performance.md).
/// Copy, like the rest of the settings: each zone named is read once per
/// process and kept (there are a few hundred names at most).
#[derive(Clone, Copy)]
pub struct NamedZone(&'static jiff::tz::TimeZone);

impl NamedZone {
    /// The zone named exactly so (`Asia/Tokyo`; case matters, as in the
    /// database).
    fn get(name: &str) -> Option<NamedZone> {
        static KEPT: std::sync::Mutex<Vec<&'static jiff::tz::TimeZone>> =
            std::sync::Mutex::new(Vec::new());
        let mut kept = KEPT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(tz) = kept.iter().find(|tz| tz.iana_name() == Some(name)) {
            return Some(NamedZone(tz));
        }
        let tz = jiff::tz::db().get(name).ok()?;
        if tz.iana_name() != Some(name) {
            return None;
        }
        let tz: &'static jiff::tz::TimeZone = Box::leak(Box::new(tz));
        kept.push(tz);
        Some(NamedZone(tz))
    }

    pub fn name(self) -> &'static str {
        self.0.iana_name().unwrap_or("UTC")
    }

    /// The zone's offset at a moment (moments beyond the database's years
    /// take the offset of its first or last).
    fn offset_at(self, secs: i64) -> FixedOffset {
        let secs = secs.clamp(
            jiff::Timestamp::MIN.as_second(),
            jiff::Timestamp::MAX.as_second(),
        );
        let seconds =
            jiff::Timestamp::from_second(secs).map_or(0, |t| self.0.to_offset(t).seconds());
        FixedOffset::east_opt(seconds).unwrap_or(FixedOffset::east_opt(0).expect("UTC"))
    }

    /// A wall-clock time here: the earlier of two readings in a fold,
    /// `None` in a gap (as chrono's `earliest`).
    fn local(self, t: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        use jiff::tz::AmbiguousOffset;
        let civil = jiff::civil::DateTime::new(
            i16::try_from(t.year()).ok()?,
            i8::try_from(t.month()).ok()?,
            i8::try_from(t.day()).ok()?,
            i8::try_from(t.hour()).ok()?,
            i8::try_from(t.minute()).ok()?,
            i8::try_from(t.second()).ok()?,
            0,
        )
        .ok()?;
        let offset = match self.0.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset,
            AmbiguousOffset::Fold { before, .. } => before,
            AmbiguousOffset::Gap { .. } => return None,
        };
        let fixed = FixedOffset::east_opt(offset.seconds())?;
        fixed.from_local_datetime(&t).single()
    }
}

impl PartialEq for NamedZone {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for NamedZone {}

impl fmt::Debug for NamedZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Zone {
    /// The zone an IANA name (`Asia/Tokyo`) names.
    pub fn named(name: &str) -> Option<Zone> {
        NamedZone::get(name.trim()).map(Zone::Named)
    }

    /// Now, to the second, with this zone's offset.
    pub fn now(self) -> DateTime<FixedOffset> {
        let now = self.fix(chrono::Utc::now());
        now.with_nanosecond(0).unwrap_or(now)
    }

    /// A moment shown with this zone's offset.
    pub fn fix<T: TimeZone>(self, t: DateTime<T>) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => t.with_timezone(&tz.offset_at(t.timestamp())),
            Zone::Local => t.with_timezone(&Local).fixed_offset(),
        }
    }

    /// A wall-clock time in this zone; in a DST gap, the earliest valid
    /// reading; `None` only for times that never exist.
    pub fn local(self, t: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Named(tz) => tz.local(t),
            Zone::Local => Local
                .from_local_datetime(&t)
                .earliest()
                .map(|t| t.fixed_offset()),
        }
    }

    /// The first moment of a day in this zone.
    pub fn start_of(self, day: NaiveDate) -> DateTime<FixedOffset> {
        let midnight = day.and_time(chrono::NaiveTime::MIN);
        self.local(midnight)
            .or_else(|| self.local(midnight + chrono::TimeDelta::hours(1)))
            .unwrap_or_else(|| chrono::Utc.from_utc_datetime(&midnight).fixed_offset())
    }

    /// The last second of a day in this zone (`None` for the calendar's
    /// last day): what an `--as-of` day lets count.
    pub fn end_of(self, day: NaiveDate) -> Option<DateTime<FixedOffset>> {
        day.succ_opt()
            .map(|next| self.start_of(next) - chrono::TimeDelta::seconds(1))
    }

    /// The calendar day a moment falls on in this zone.
    pub fn day_of(self, t: DateTime<FixedOffset>) -> NaiveDate {
        self.fix(t).date_naive()
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Named(tz) => f.write_str(tz.name()),
            Zone::Local => f.write_str("local"),
        }
    }
}

/// The current time in the local time zone, to the second.
pub fn now() -> DateTime<FixedOffset> {
    Zone::Local.now()
}

/// How dates are shown to people.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    /// YYYY-MM-DD (ISO 8601)
    #[default]
    Iso,
    /// 令和N年M月D日 (the Japanese era)
    Wareki,
}

impl fmt::Display for DateStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateStyle::Iso => "iso",
            DateStyle::Wareki => "wareki",
        })
    }
}

impl DateStyle {
    pub fn format(self, date: NaiveDate) -> String {
        match self {
            // chrono's Display is `%Y-%m-%d` without parsing a format
            // string (a tenth of `plan list` at 20,000 measures).
            DateStyle::Iso => date.to_string(),
            DateStyle::Wareki => wareki(date),
        }
    }

    /// A moment as its date in this style and its clock time: `2021-06-15 10:00`.
    pub fn datetime(self, at: &DateTime<FixedOffset>) -> String {
        format!("{} {}", self.format(at.date_naive()), at.format("%H:%M"))
    }
}

/// The date in the Japanese era calendar: `令和3年6月15日`, with 元年 for year 1.
pub fn wareki(date: NaiveDate) -> String {
    const ERAS: [(&str, i32, u32, u32); 4] = [
        ("令和", 2019, 5, 1),
        ("平成", 1989, 1, 8),
        ("昭和", 1926, 12, 25),
        ("大正", 1912, 7, 30),
    ];
    for (name, y, m, d) in ERAS {
        let start = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        if date >= start {
            let year = date.year() - y + 1;
            let year = if year == 1 {
                "元".to_string()
            } else {
                year.to_string()
            };
            return format!("{name}{year}年{}月{}日", date.month(), date.day());
        }
    }
    date.format("%Y年%-m月%-d日").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_written_as_the_format_string_would() {
        for date in [
            d(2021, 6, 5),
            d(1, 1, 1),
            d(999, 12, 31),
            d(9999, 12, 31),
            d(10000, 1, 1),
            d(-5, 3, 1),
        ] {
            assert_eq!(
                DateStyle::Iso.format(date),
                date.format("%Y-%m-%d").to_string()
            );
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn wareki_names_eras_and_first_years() {
        assert_eq!(wareki(d(2021, 6, 15)), "令和3年6月15日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(d(2017, 11, 30)), "平成29年11月30日");
    }

    #[test]
    fn fiscal_year_runs_april_to_march() {
        assert_eq!(fiscal_year_bounds(2021), (d(2021, 4, 1), d(2022, 3, 31)));
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn named_zones_are_exact_iana_names() {
        let tokyo = Zone::named(" Asia/Tokyo ").unwrap();
        assert_eq!(tokyo.to_string(), "Asia/Tokyo");
        assert_eq!(Zone::named("Asia/Tokyo"), Some(tokyo));
        assert_eq!(Zone::named("asia/tokyo"), None);
        assert_eq!(Zone::named("Mars/Olympus"), None);
        assert_eq!(Zone::named(""), None);
        assert_ne!(Zone::named("Europe/London"), Some(tokyo));
    }

    #[test]
    fn a_moment_takes_the_zone_offset_of_its_date() {
        let tokyo = Zone::named("Asia/Tokyo").unwrap();
        let fixed = tokyo.fix(at("2021-06-15T01:00:00Z"));
        assert_eq!(fixed.to_rfc3339(), "2021-06-15T10:00:00+09:00");
        let ny = Zone::named("America/New_York").unwrap();
        assert_eq!(
            ny.fix(at("2021-07-01T12:00:00Z")).to_rfc3339(),
            "2021-07-01T08:00:00-04:00"
        );
        assert_eq!(
            ny.fix(at("2021-12-01T12:00:00Z")).to_rfc3339(),
            "2021-12-01T07:00:00-05:00"
        );
        // Beyond the years the database covers: its last offset, no panic.
        let far = DateTime::<chrono::Utc>::MAX_UTC;
        assert_eq!(tokyo.fix(far).offset().local_minus_utc(), 9 * 3600);
    }

    #[test]
    fn wall_clock_times_in_gaps_and_folds() {
        let ny = Zone::named("America/New_York").unwrap();
        // Spring forward: 02:30 never happens.
        assert_eq!(ny.local(wall("2021-03-14 02:30:00")), None);
        // Fall back: 01:30 happens twice; the earlier reading is kept.
        let fold = ny.local(wall("2021-11-07 01:30:00")).unwrap();
        assert_eq!(fold.to_rfc3339(), "2021-11-07T01:30:00-04:00");
        // Santiago skips midnight: the day starts at 01:00.
        let santiago = Zone::named("America/Santiago").unwrap();
        let start = santiago.start_of(d(2021, 9, 5));
        assert_eq!(start.to_rfc3339(), "2021-09-05T01:00:00-03:00");
        let tokyo = Zone::named("Asia/Tokyo").unwrap();
        assert_eq!(
            tokyo.end_of(d(2022, 3, 31)).unwrap().to_rfc3339(),
            "2022-03-31T23:59:59+09:00"
        );
    }
}
