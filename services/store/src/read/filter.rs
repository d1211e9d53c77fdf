//! What the flow and event filters share: the result order and the
//! checks and bounds of a date range.

use tipwatch_proto::pb;

use crate::error::{Result, StoreError};
use crate::keys::date_num;

/// The order a list returns its results in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// The order of the index the filters choose.
    #[default]
    Index,
    /// Oldest first (undated first).
    DateAsc,
    /// Newest first.
    DateDesc,
    /// Smallest amount first (face value; no amount first).
    AmountAsc,
    /// Largest amount first.
    AmountDesc,
}

/// Rejects a filter date that is no date (or a grain that is not a
/// prefix: no day without a month, no month without a year).
pub(super) fn check_date(field: &'static str, d: Option<&pb::Date>) -> Result<()> {
    if let Some(d) = d {
        let ok = (0..=9999).contains(&d.year)
            && (0..=12).contains(&d.month)
            && (0..=31).contains(&d.day)
            && !(d.year == 0 && (d.month != 0 || d.day != 0))
            && !(d.month == 0 && d.day != 0);
        if !ok {
            return Err(StoreError::InvalidArgument {
                field,
                reason: format!(
                    "{}-{}-{} is not a date (year 1-9999, month 0-12, day 0-31)",
                    d.year, d.month, d.day
                ),
            });
        }
    }
    Ok(())
}

/// Returns the inclusive `YYYYMMDD` bounds of a date range filter; an end
/// date of month or year grain covers its whole month or year.
pub(super) fn date_bounds(start: Option<&pb::Date>, end: Option<&pb::Date>) -> (u32, u32) {
    let lo = date_num(start);
    let hi = match end {
        Some(d) if d.year > 0 => {
            let month = if d.month == 0 { 12 } else { d.month };
            let day = if d.day == 0 { 31 } else { d.day };
            date_num(Some(&pb::Date {
                year: d.year,
                month,
                day,
            }))
        }
        _ => u32::MAX,
    };
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_grain_end_covers_the_month() {
        let (lo, hi) = date_bounds(
            Some(&pb::Date {
                year: 2021,
                month: 8,
                day: 0,
            }),
            Some(&pb::Date {
                year: 2021,
                month: 8,
                day: 0,
            }),
        );
        assert!((lo..=hi).contains(&20210830));
        assert!(!(lo..=hi).contains(&20210901));
    }
}
