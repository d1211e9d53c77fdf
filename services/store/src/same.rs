//! The merge decisions: whether a newly read report and a stored record
//! are one fact. One function per record kind; each returns the fields
//! that agreed (stored on the merged record as a `MergeDecision`) or
//! `None` to keep the two apart.
//!
//! | kind | merged when | never merged |
//! |---|---|---|
//! | organisation | a name form (name, acronym, alias, canonical name) is an alias of the stored body in the same country scope | a national body of another (or an unknown) country |
//! | person | the same normalised name | — |
//! | funding flow | same funder and recipient (or bodies of one national government, then only with agreeing amounts); amounts agree within the rounding tolerance, through the dated rate table across currencies; years equal, or one unknown; at least amount or year positively agree | different years, amounts or recipients |
//! | event | same kind; places compatible; dates equal to the coarser grain (one shared participant or the place), within 7 days (two shared participants), or one undated (its participants all among the other's) | different kinds, years, places; two undated reports |

use tipwatch_proto::pb;

use crate::keys::{date_num, norm_alias};
use crate::rates::{nanos, usd_nanos};

/// Largest rounding tolerance a stated figure earns ("$1.6 million" may be
/// 1.55 to 1.65 million, but "$2 million" is not 2.4 million): 3 %.
pub const MAX_ROUNDING: f64 = 0.03;
/// Smallest tolerance between two amounts: 0.5 %.
pub const MIN_TOLERANCE: f64 = 0.005;
/// Added when two amounts are compared across currencies through annual
/// average rates (a grant is converted at the rate of its day): 2 %.
pub const RATE_TOLERANCE: f64 = 0.02;
/// Most days between two dated reports of one event.
pub const EVENT_DAYS: i64 = 7;

/// The relative rounding a figure's trailing zeros allow, at most
/// [`MAX_ROUNDING`]: half of its last significant place over its value.
fn rounding(m: &pb::Money) -> f64 {
    let n = nanos(m);
    if n <= 0 {
        return 0.0;
    }
    let mut place: i128 = 1;
    while n % (place * 10) == 0 && place < n {
        place *= 10;
    }
    ((place as f64 / 2.0) / n as f64).min(MAX_ROUNDING)
}

/// True when two stated amounts can be one figure: same currency within
/// the rounding of the rounder figure, or different currencies converted
/// to US dollars at the rate of `year` within that plus
/// [`RATE_TOLERANCE`]. A currency the rate table lacks never agrees with
/// another.
pub fn amounts_agree(a: &pb::Money, b: &pb::Money, year: Option<i32>) -> bool {
    let tol = rounding(a).max(rounding(b)).max(MIN_TOLERANCE);
    let (x, y, tol) = if a.currency_code == b.currency_code {
        (nanos(a), nanos(b), tol)
    } else {
        match (usd_nanos(a, year), usd_nanos(b, year)) {
            (Some(x), Some(y)) => (x, y, tol + RATE_TOLERANCE),
            _ => return false,
        }
    };
    if x <= 0 || y <= 0 {
        return x == y;
    }
    ((x - y).abs() as f64) <= tol * x.max(y) as f64
}

fn year(d: Option<&pb::Date>) -> Option<i32> {
    d.map(|d| d.year).filter(|y| *y > 0)
}

/// Decides whether flow report `b` is flow `a`. `family` maps an
/// organisation id to its funding family (a national government and its
/// ministries share one; any other body is its own), so that "Home
/// Office" and "Government of the United Kingdom" giving the same amount
/// to the same recipient in the same year are one grant.
pub fn same_flow(
    a: &pb::FundingFlow,
    b: &pb::FundingFlow,
    family: &dyn Fn(&str) -> String,
) -> Option<Vec<&'static str>> {
    let mut agreed = Vec::new();
    let mut needs_amount = false;
    for (x, y, exact, fam) in [
        (&a.funder, &b.funder, "funder", "funder's government"),
        (
            &a.recipient,
            &b.recipient,
            "recipient",
            "recipient's government",
        ),
    ] {
        if x == y {
            agreed.push(exact);
        } else if family(x) == family(y) {
            agreed.push(fam);
            needs_amount = true;
        } else {
            return None;
        }
    }
    let (ya, yb) = (year(a.date.as_ref()), year(b.date.as_ref()));
    let years = match (ya, yb) {
        (Some(x), Some(y)) if x != y => return None,
        (Some(_), Some(_)) => true,
        _ => false,
    };
    let amounts = match (&a.amount, &b.amount) {
        (Some(x), Some(y)) if amounts_agree(x, y, ya.or(yb)) => true,
        (Some(_), Some(_)) => return None,
        _ => false,
    };
    if amounts {
        let cross = a.amount.as_ref().map(|m| &m.currency_code)
            != b.amount.as_ref().map(|m| &m.currency_code);
        agreed.push(if cross {
            "amount (converted)"
        } else {
            "amount"
        });
    }
    if years {
        agreed.push("year");
    }
    if !amounts && (needs_amount || !years) {
        return None;
    }
    Some(agreed)
}

/// Days since 0000-03-01 of a full date (proleptic Gregorian).
fn day_number(d: &pb::Date) -> i64 {
    let (y, m) = if d.month <= 2 {
        (d.year as i64 - 1, d.month as i64 + 9)
    } else {
        (d.year as i64, d.month as i64 - 3)
    };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d.day as i64
}

fn dated(d: Option<&pb::Date>) -> Option<pb::Date> {
    d.copied().filter(|d| d.year > 0)
}

/// Decides whether event report `b` is event `a`. Participants are
/// resource names; places are compared by containment ("Islamabad" is in
/// "Islamabad, Pakistan").
pub fn same_event(a: &pb::Event, b: &pb::Event) -> Option<Vec<&'static str>> {
    if a.kind != b.kind {
        return None;
    }
    let mut agreed = vec!["kind"];
    let (la, lb) = (norm_alias(&a.location), norm_alias(&b.location));
    let place = match (la.is_empty(), lb.is_empty()) {
        (false, false) if la.contains(&lb) || lb.contains(&la) => true,
        (false, false) => return None,
        _ => false,
    };
    let shared = a
        .participants
        .iter()
        .filter(|p| b.participants.contains(p))
        .count();
    let (fewer, more) = if a.participants.len() <= b.participants.len() {
        (a, b)
    } else {
        (b, a)
    };
    let subset = !fewer.participants.is_empty()
        && fewer
            .participants
            .iter()
            .all(|p| more.participants.contains(p));
    match (dated(a.date.as_ref()), dated(b.date.as_ref())) {
        (Some(da), Some(db)) => {
            if da.year != db.year {
                return None;
            }
            let grain = da.month == 0
                || db.month == 0
                || da.month == db.month && (da.day == 0 || db.day == 0 || da.day == db.day);
            let within = |d: &pb::Date, s: &pb::Date, e: Option<&pb::Date>| {
                e.is_some_and(|e| {
                    date_num(Some(s)) <= date_num(Some(d)) && date_num(Some(d)) <= date_num(Some(e))
                })
            };
            let in_range =
                within(&da, &db, b.end_date.as_ref()) || within(&db, &da, a.end_date.as_ref());
            let near =
                da.day > 0 && db.day > 0 && (day_number(&da) - day_number(&db)).abs() <= EVENT_DAYS;
            if (grain || in_range) && (shared >= 1 || place) {
                agreed.push("date");
            } else if near && shared >= 2 {
                agreed.push("date (within 7 days)");
            } else {
                return None;
            }
        }
        (None, None) => return None,
        _ => {
            if !(subset || shared >= 2) {
                return None;
            }
            agreed.push("date (one report undated)");
        }
    }
    if shared > 0 {
        agreed.push("participants");
    }
    if place {
        agreed.push("place");
    }
    Some(agreed)
}

#[cfg(test)]
#[path = "same_tests.rs"]
mod tests;
