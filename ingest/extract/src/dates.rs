//! Dates as news text writes them: absolute ("18 October 2023", "October
//! 18, 2023", "29.05.2018"), ranges ("26-27 April", "July 12 and 13",
//! "16-17/07"), month or year grain ("June 2016", "in July"), weekdays and
//! relative words resolved against a reference date, and the year of a
//! year-less date inferred from the dates the text itself gives.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

/// A date of year, month or day precision (0 = unknown part).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PDate {
    /// Year; 0 when unknown (a year-less mention not yet resolved).
    pub year: i32,
    /// Month 1-12, or 0.
    pub month: u32,
    /// Day 1-31, or 0.
    pub day: u32,
}

impl PDate {
    /// A full date, if valid.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(|_| Self { year, month, day })
    }

    /// Returns the date as a chrono date when it has day precision.
    pub fn naive(self) -> Option<NaiveDate> {
        if self.year > 0 && self.month > 0 && self.day > 0 {
            NaiveDate::from_ymd_opt(self.year, self.month, self.day)
        } else {
            None
        }
    }

    fn from_naive(d: NaiveDate) -> Self {
        Self {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }

    /// True when the year is known.
    pub fn has_year(self) -> bool {
        self.year > 0
    }
}

/// What a date mention says, before resolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateExpr {
    /// A calendar date, possibly without year, possibly a range.
    Calendar {
        /// First day (or month).
        start: PDate,
        /// Last day of a range.
        end: Option<PDate>,
    },
    /// A weekday name ("on Monday").
    Weekday(Weekday),
    /// Days relative to the reference: -1 yesterday, 0 today, 1 tomorrow.
    Relative(i64),
}

/// One date mention in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte offset of the mention.
    pub start: usize,
    /// Byte offset one past the mention.
    pub end: usize,
    /// What it says.
    pub expr: DateExpr,
}

const MONTH: &str = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)";

/// Returns the month number of a month name or abbreviation ("Jan",
/// "Sept", "January", "Jan."); other words that merely start like a month
/// ("Jane", "Mark", "Mayor") are not months.
pub fn month_number(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_ascii_lowercase();
    let names = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if l.len() < 3 {
        return None;
    }
    names
        .iter()
        .position(|n| n.starts_with(l.as_str()))
        .map(|i| i as u32 + 1)
}

struct Patterns {
    iso: Regex,
    dotted: Regex,
    day_month: Regex,
    month_day: Regex,
    month_year: Regex,
    in_month: Regex,
    slash_range: Regex,
    year_only: Regex,
    weekday: Regex,
    relative: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let ord = r"(?:st|nd|rd|th)?";
        Patterns {
            iso: Regex::new(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b").unwrap(),
            dotted: Regex::new(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})\b").unwrap(),
            day_month: Regex::new(&format!(
                r"\b(?P<d1>\d{{1,2}}){ord}(?:\s*(?:-|to|and|until)\s*(?P<d2>\d{{1,2}}){ord})?(?:\s+of)?\s+{MONTH}\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?"
            ))
            .unwrap(),
            month_day: Regex::new(&format!(
                r"\b{MONTH}\.?\s+(?P<d1>\d{{1,2}}){ord}\b(?:\s*(?:-|to|and|until)\s*(?P<d2>\d{{1,2}}){ord}\b)?(?:,?\s+(?P<y>\d{{4}})\b)?"
            ))
            .unwrap(),
            month_year: Regex::new(&format!(r"\b{MONTH},?\s+(?P<y>\d{{4}})\b")).unwrap(),
            in_month: Regex::new(&format!(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Tt]his|[Ll]ast|[Ee]arly|[Ll]ate|[Mm]id-?)\s+{MONTH}\b")).unwrap(),
            slash_range: Regex::new(r"\b(?P<d1>\d{1,2})-(?P<d2>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?\b").unwrap(),
            year_only: Regex::new(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring)\s+(?P<y>(?:19|20)\d{2})\b").unwrap(),
            weekday: Regex::new(r"\b(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b").unwrap(),
            relative: Regex::new(r"\b(?P<r>[Tt]oday|[Yy]esterday|[Tt]omorrow)\b").unwrap(),
        }
    })
}

fn num<T: std::str::FromStr>(c: &regex::Captures<'_>, name: &str) -> Option<T> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

fn calendar(year: i32, month: u32, day: u32) -> Option<PDate> {
    if !(1..=12).contains(&month) || day > 31 {
        return None;
    }
    if year > 0 && day > 0 {
        return PDate::ymd(year, month, day);
    }
    if year > 0 && !(1000..=2999).contains(&year) {
        return None;
    }
    Some(PDate { year, month, day })
}

fn push_range(
    out: &mut Vec<DateMention>,
    m: regex::Match<'_>,
    c: &regex::Captures<'_>,
    month: u32,
) {
    let year: i32 = num(c, "y").unwrap_or(0);
    let Some(d1) = num::<u32>(c, "d1") else {
        return;
    };
    let Some(start) = calendar(year, month, d1) else {
        return;
    };
    let end = num::<u32>(c, "d2")
        .and_then(|d2| calendar(year, month, d2))
        .filter(|e| e.day > start.day);
    out.push(DateMention {
        start: m.start(),
        end: m.end(),
        expr: DateExpr::Calendar { start, end },
    });
}

/// Finds every date mention in `text`, longest first where they overlap,
/// in text order.
pub fn find(text: &str) -> Vec<DateMention> {
    let p = patterns();
    // The searches run on an ASCII stand-in when no character they could
    // match is lost in it (see `shadow`): the same matches, found faster.
    let hay = crate::shadow::ascii(text, |c| c.is_whitespace() || c.is_numeric());
    let hay: &str = hay.as_deref().unwrap_or(text);
    let mut all = Vec::new();
    for re in [&p.iso, &p.dotted] {
        for c in re.captures_iter(hay) {
            let m = c.get(0).expect("match");
            if let (Some(y), Some(mo), Some(d)) = (num(&c, "y"), num(&c, "m"), num(&c, "d")) {
                if let Some(start) = PDate::ymd(y, mo, d) {
                    all.push(DateMention {
                        start: m.start(),
                        end: m.end(),
                        expr: DateExpr::Calendar { start, end: None },
                    });
                }
            }
        }
    }
    for re in [&p.day_month, &p.month_day] {
        for c in re.captures_iter(hay) {
            let m = c.get(0).expect("match");
            if let Some(month) = c.name("mon").and_then(|x| month_number(x.as_str())) {
                push_range(&mut all, m, &c, month);
            }
        }
    }
    for c in p.slash_range.captures_iter(hay) {
        let m = c.get(0).expect("match");
        if let Some(month) = num::<u32>(&c, "m") {
            push_range(&mut all, m, &c, month);
        }
    }
    for c in p.month_year.captures_iter(hay) {
        let m = c.get(0).expect("match");
        if let (Some(month), Some(y)) = (
            c.name("mon").and_then(|x| month_number(x.as_str())),
            num(&c, "y"),
        ) {
            if let Some(start) = calendar(y, month, 0) {
                all.push(DateMention {
                    start: m.start(),
                    end: m.end(),
                    expr: DateExpr::Calendar { start, end: None },
                });
            }
        }
    }
    for c in p.in_month.captures_iter(hay) {
        let m = c.get(0).expect("match");
        let mon = c.name("mon").expect("group");
        // "May" is a month here only when capitalised as a name.
        if let Some(month) = month_number(mon.as_str()) {
            all.push(DateMention {
                start: mon.start(),
                end: m.end(),
                expr: DateExpr::Calendar {
                    start: PDate {
                        year: 0,
                        month,
                        day: 0,
                    },
                    end: None,
                },
            });
        }
    }
    for c in p.year_only.captures_iter(hay) {
        let y = c.name("y").expect("group");
        if let Ok(year) = y.as_str().parse() {
            all.push(DateMention {
                start: y.start(),
                end: y.end(),
                expr: DateExpr::Calendar {
                    start: PDate {
                        year,
                        month: 0,
                        day: 0,
                    },
                    end: None,
                },
            });
        }
    }
    for c in p.weekday.captures_iter(hay) {
        let m = c.get(0).expect("match");
        let w = c["w"]
            .parse::<Weekday>()
            .expect("the pattern lists weekday names");
        all.push(DateMention {
            start: m.start(),
            end: m.end(),
            expr: DateExpr::Weekday(w),
        });
    }
    for c in p.relative.captures_iter(hay) {
        let m = c.get(0).expect("match");
        let days = match c["r"].to_ascii_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        all.push(DateMention {
            start: m.start(),
            end: m.end(),
            expr: DateExpr::Relative(days),
        });
    }
    // Longest first, then drop mentions overlapping a kept one.
    all.sort_by_key(|d| (std::cmp::Reverse(d.end - d.start), d.start));
    let mut kept: Vec<DateMention> = Vec::new();
    // Kept spans by start: they never overlap (and are never empty), so
    // only the last one starting before a mention's end can overlap it.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    for d in all {
        let clear = taken
            .range(..d.end)
            .next_back()
            .is_none_or(|(_, &end)| end <= d.start);
        if clear {
            taken.insert(d.start, d.end);
            kept.push(d);
        }
    }
    kept.sort_by_key(|d| d.start);
    join_ranges(text, &mut kept);
    kept
}

/// "9 April to 1 December 2020": the first part takes the second's year
/// and the two become one range.
fn join_ranges(text: &str, ds: &mut Vec<DateMention>) {
    let mut i = 0;
    while i + 1 < ds.len() {
        let gap = text.get(ds[i].end..ds[i + 1].start).unwrap_or("").trim();
        // Only a short gap can be a joining word: skip copying long ones.
        let gap = if gap.len() <= 8 {
            gap.to_ascii_lowercase()
        } else {
            String::new()
        };
        if let (
            DateExpr::Calendar {
                start: a,
                end: None,
            },
            DateExpr::Calendar {
                start: b,
                end: None,
            },
        ) = (ds[i].expr, ds[i + 1].expr)
        {
            let joins = matches!(gap.as_str(), "to" | "-" | "until" | "through" | "and");
            if joins && a.day > 0 && b.day > 0 && b.year > 0 && (a.year == 0 || a.year == b.year) {
                let start = PDate { year: b.year, ..a };
                if start < b {
                    ds[i] = DateMention {
                        start: ds[i].start,
                        end: ds[i + 1].end,
                        expr: DateExpr::Calendar {
                            start,
                            end: Some(b),
                        },
                    };
                    ds.remove(i + 1);
                    continue;
                }
            }
        }
        i += 1;
    }
}

/// Returns the year for a year-less month/day near a reference date: the
/// year that puts it within six months of the reference.
pub fn year_near(month: u32, day: u32, reference: PDate) -> i32 {
    let r = reference.month as i32 * 31 + reference.day as i32;
    let x = month as i32 * 31 + day.max(1) as i32;
    if reference.month == 0 {
        return reference.year;
    }
    if x - r > 6 * 31 {
        reference.year - 1
    } else if r - x > 6 * 31 {
        reference.year + 1
    } else {
        reference.year
    }
}

/// Returns the year-less date's year after the latest full or month-grain
/// date the text gives (a story recalling November 2023 as past and
/// dated "APR 26" is from 2024).
pub fn year_after_latest(month: u32, day: u32, mentions: &[DateMention]) -> Option<i32> {
    let latest = mentions
        .iter()
        .filter_map(|m| match m.expr {
            DateExpr::Calendar { start, end } if start.year > 0 && start.month > 0 => {
                Some(end.unwrap_or(start))
            }
            _ => None,
        })
        .max()?;
    if (month, day) > (latest.month, latest.day) {
        Some(latest.year)
    } else {
        Some(latest.year + 1)
    }
}

/// Resolves a mention against the story's reference date. `future` says
/// whether the sentence speaks of what is to come. Returns start and end.
pub fn resolve(
    expr: DateExpr,
    reference: Option<PDate>,
    future: bool,
) -> Option<(PDate, Option<PDate>)> {
    match expr {
        DateExpr::Calendar { start, end } => {
            if start.year > 0 {
                return Some((start, end));
            }
            let r = reference.filter(|r| r.has_year())?;
            let year = year_near(start.month, start.day, r);
            let fix = |d: PDate| calendar(year, d.month, d.day);
            Some((fix(start)?, end.and_then(fix)))
        }
        DateExpr::Weekday(w) => {
            let r = reference?.naive()?;
            let diff = (r.weekday().num_days_from_monday() as i64
                - w.num_days_from_monday() as i64)
                .rem_euclid(7);
            let d = if future {
                let ahead = (w.num_days_from_monday() as i64
                    - r.weekday().num_days_from_monday() as i64)
                    .rem_euclid(7);
                r + Duration::days(ahead)
            } else {
                r - Duration::days(diff)
            };
            Some((PDate::from_naive(d), None))
        }
        DateExpr::Relative(days) => {
            let r = reference?.naive()?;
            Some((PDate::from_naive(r + Duration::days(days)), None))
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn cal(text: &str) -> Vec<(PDate, Option<PDate>)> {
        find(text)
            .into_iter()
            .filter_map(|m| match m.expr {
                DateExpr::Calendar { start, end } => Some((start, end)),
                _ => None,
            })
            .collect()
    }

    /// A date for tests: year, month (0 if unknown), day (0 if unknown).
    pub(crate) fn d(y: i32, m: u32, dd: u32) -> PDate {
        PDate {
            year: y,
            month: m,
            day: dd,
        }
    }

    #[test]
    fn absolute_forms() {
        assert_eq!(cal("on 18 October 2023 in"), vec![(d(2023, 10, 18), None)]);
        assert_eq!(cal("October 18, 2023"), vec![(d(2023, 10, 18), None)]);
        assert_eq!(cal("31st January 2018"), vec![(d(2018, 1, 31), None)]);
        assert_eq!(cal("16:58 | 29.05.2018"), vec![(d(2018, 5, 29), None)]);
        assert_eq!(cal("date 2019-08-19 x"), vec![(d(2019, 8, 19), None)]);
        assert_eq!(cal("in June 2016."), vec![(d(2016, 6, 0), None)]);
        assert_eq!(cal("5 August, 2018"), vec![(d(2018, 8, 5), None)]);
    }

    #[test]
    fn ranges_and_yearless() {
        assert_eq!(
            cal("on 26-27 April at"),
            vec![(d(0, 4, 26), Some(d(0, 4, 27)))]
        );
        assert_eq!(
            cal("29-30 January 2018"),
            vec![(d(2018, 1, 29), Some(d(2018, 1, 30)))]
        );
        assert_eq!(
            cal("On July 12 and 13, the"),
            vec![(d(0, 7, 12), Some(d(0, 7, 13)))]
        );
        assert_eq!(
            cal("this week (16-17/07) held"),
            vec![(d(0, 7, 16), Some(d(0, 7, 17)))]
        );
        assert_eq!(cal("ISLAMABAD, APR 26 /DNA/"), vec![(d(0, 4, 26), None)]);
        assert_eq!(
            cal("a period of 9 April to 01 December 2020."),
            vec![(d(2020, 4, 9), Some(d(2020, 12, 1)))]
        );
        assert_eq!(cal("was held in July with"), vec![(d(0, 7, 0), None)]);
        assert!(cal("You May 5 go").len() <= 1);
    }

    #[test]
    fn weekdays_and_relative_words_resolve_against_the_story_date() {
        let friday = d(2020, 4, 17);
        assert_eq!(
            resolve(DateExpr::Weekday(Weekday::Thu), Some(friday), false),
            Some((d(2020, 4, 16), None))
        );
        assert_eq!(
            resolve(DateExpr::Weekday(Weekday::Thu), Some(friday), true),
            Some((d(2020, 4, 23), None))
        );
        assert_eq!(
            resolve(DateExpr::Relative(-1), Some(d(2021, 3, 1)), false),
            Some((d(2021, 2, 28), None))
        );
        assert_eq!(resolve(DateExpr::Weekday(Weekday::Mon), None, false), None);
    }

    #[test]
    fn year_of_a_yearless_date() {
        let text = "capsized on 14 June 2023 and launched in November 2023";
        assert_eq!(year_after_latest(4, 26, &find(text)), Some(2024));
        assert_eq!(year_after_latest(12, 1, &find(text)), Some(2023));
        assert_eq!(year_after_latest(4, 26, &find("In 2017, many")), None);
        assert_eq!(year_near(12, 30, d(2021, 1, 5)), 2020);
        assert_eq!(year_near(7, 12, d(2018, 8, 5)), 2018);
    }
}
