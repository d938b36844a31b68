//! The ISMS's two kinds of time, over chrono: a calendar [`Date`]
//! (`YYYY-MM-DD` in files, which sorts and compares as text in date order)
//! and a [`Timestamp`] (RFC 3339, UTC, whole seconds:
//! `2026-01-31T09:30:00Z`). Every date and time the core writes or reads
//! goes through them. Pure: "now" and "today" are passed in.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use std::fmt;

/// A calendar date of the years 1000 to 9999 (four-digit years, so that
/// the text sorts in date order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// Reads `YYYY-MM-DD`: a real calendar date, years 1000 to 9999, written
    /// with exactly ten characters.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return None;
        }
        // The shape is checked above; chrono checks the calendar.
        let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
        NaiveDate::from_ymd_opt(n(0..4)? as i32, n(5..7)?, n(8..10)?)
            .map(Date)
            .filter(Date::in_range)
    }

    /// The date of a chrono date (today in the reader's time zone).
    pub fn new(d: NaiveDate) -> Date {
        Date(d)
    }

    /// The date of a time, in UTC.
    pub fn of(t: DateTime<Utc>) -> Date {
        Date(t.date_naive())
    }

    fn in_range(&self) -> bool {
        (1000..=9999).contains(&self.0.year())
    }

    /// `months` later, on the same day of the month or the last day of a
    /// shorter month (`2026-01-31` + 1 month = `2026-02-28`); `None` past
    /// the year 9999.
    pub fn add_months(self, months: u32) -> Option<Date> {
        self.0
            .checked_add_months(chrono::Months::new(months))
            .map(Date)
            .filter(Date::in_range)
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        (other.0 - self.0).num_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // chrono writes a four-digit year as `YYYY-MM-DD`.
        fmt::Display::fmt(&self.0, f)
    }
}

/// A moment in UTC, to the second: when a record was created or changed,
/// when a file was written, when a logged change was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// `t` to the whole second.
    pub fn new(t: DateTime<Utc>) -> Timestamp {
        use chrono::Timelike;
        Timestamp(t.with_nanosecond(0).unwrap_or(t))
    }

    /// Reads an RFC 3339 time (any offset), as UTC.
    pub fn parse(s: &str) -> Option<Timestamp> {
        DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| Timestamp::new(t.with_timezone(&Utc)))
    }

    /// The chrono time, for display in a time zone.
    pub fn time(self) -> DateTime<Utc> {
        self.0
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(SecondsFormat::Secs, true))
    }
}

/// The date part of a time, `YYYY-MM-DD`.
pub fn day(t: DateTime<Utc>) -> String {
    Date::of(t).to_string()
}

/// Reads `YYYY-MM-DD` (see [`Date::parse`]).
pub fn parse(s: &str) -> Option<NaiveDate> {
    Date::parse(s).map(|d| d.0)
}

/// True for a valid `YYYY-MM-DD` date.
pub fn is_date(s: &str) -> bool {
    Date::parse(s).is_some()
}

/// `months` after the date `date` (see [`Date::add_months`]), as text.
pub fn add_months(date: &str, months: u32) -> Option<String> {
    Date::parse(date)?.add_months(months).map(|d| d.to_string())
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: &str, b: &str) -> Option<i64> {
    Some(Date::parse(a)?.days_until(Date::parse(b)?))
}
