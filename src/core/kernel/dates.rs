//! Calendar dates as the ISMS stores them: `YYYY-MM-DD` text, which sorts
//! and compares as text in date order. Pure: "today" is passed in.

use chrono::{Datelike, NaiveDate};

/// The date part of a time, `YYYY-MM-DD`.
pub fn day(t: chrono::DateTime<chrono::Utc>) -> String {
    format!("{:04}-{:02}-{:02}", t.year(), t.month(), t.day())
}

/// Reads `YYYY-MM-DD` (a real calendar date, years 1000 to 9999).
pub fn parse(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if y < 1000 {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// True for a valid `YYYY-MM-DD` date.
pub fn is_date(s: &str) -> bool {
    parse(s).is_some()
}

fn text(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `months` after `date`, on the same day of the month or the last day of a
/// shorter month (`2026-01-31` + 1 month = `2026-02-28`). `None` past the
/// year 9999: a five-digit year is no stored date, and as text it would
/// sort before every other date.
pub fn add_months(date: &str, months: u32) -> Option<String> {
    parse(date)?
        .checked_add_months(chrono::Months::new(months))
        .filter(|d| d.year() <= 9999)
        .map(text)
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: &str, b: &str) -> Option<i64> {
    Some((parse(b)? - parse(a)?).num_days())
}
