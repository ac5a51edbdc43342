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
    Named(chrono_tz::Tz),
    /// The machine's zone, for a plan that names none.
    Local,
}

impl Zone {
    /// The zone an IANA name (`Asia/Tokyo`) names.
    pub fn named(name: &str) -> Option<Zone> {
        name.trim().parse::<chrono_tz::Tz>().ok().map(Zone::Named)
    }

    /// Now, to the second, with this zone's offset.
    pub fn now(self) -> DateTime<FixedOffset> {
        let now = self.fix(chrono::Utc::now());
        now.with_nanosecond(0).unwrap_or(now)
    }

    /// A moment shown with this zone's offset.
    pub fn fix<T: TimeZone>(self, t: DateTime<T>) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => t.with_timezone(&tz).fixed_offset(),
            Zone::Local => t.with_timezone(&Local).fixed_offset(),
        }
    }

    /// A wall-clock time in this zone; in a DST gap, the earliest valid
    /// reading; `None` only for times that never exist.
    pub fn local(self, t: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Named(tz) => tz
                .from_local_datetime(&t)
                .earliest()
                .map(|t| t.fixed_offset()),
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
            DateStyle::Iso => date.format("%Y-%m-%d").to_string(),
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
}
