//! Publication-date lines: a line that is only a date (with a time,
//! "Updated" or a label around it), a header that opens with a full date,
//! or a place and date alone on their line.

use std::sync::OnceLock;

use regex::Regex;

use super::dateline::parse_dateline;
use super::shape::ends_sentence;
use crate::dates::{self, DateExpr, PDate};

/// True when the line is only a date, perhaps with a time, "Updated" or a
/// category label around it.
pub(super) fn date_line(s: &str) -> Option<PDate> {
    if s.len() >= 60 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // A masthead split by bars ("Press release | Date: 3/5/2021"): one
    // segment is the date line.
    if s.contains('|') {
        if let Some(d) = s.split('|').find_map(|seg| date_line(seg.trim())) {
            return Some(d);
        }
    }
    if let Some(d) = leading_date(s) {
        return Some(d);
    }
    let found = dates::find(s);
    let first = found.iter().find(
        |d| matches!(d.expr, DateExpr::Calendar { start, .. } if start.year > 0 && start.month > 0),
    )?;
    let DateExpr::Calendar { start, .. } = first.expr else {
        return None;
    };
    let rest: String = format!("{} {}", &s[..first.start], &s[first.end..]);
    let leftover = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "updated"
                    | "published"
                    | "posted"
                    | "on"
                    | "date"
                    | "category"
                    | "official"
                    | "news"
                    | "am"
                    | "pm"
                    | "gmt"
                    | "utc"
                    | "last"
                    | "modified"
            )
        })
        .count();
    (leftover == 0 && s.len() < 60).then_some(start)
}

/// A short header line that opens with a full date, whatever place or
/// category label follows ("3 May 2021 Accra, Ghana Migration"); a year
/// run into the next word ("2021Accra") is split first.
fn leading_date(s: &str) -> Option<PDate> {
    static GLUED: OnceLock<Regex> = OnceLock::new();
    let glued = GLUED.get_or_init(|| Regex::new(r"\b((?:19|20)\d{2})(\p{Lu})").unwrap());
    if ends_sentence(s) {
        return None;
    }
    let t = glued.replace(s, "$1 $2");
    let found = dates::find(&t);
    let first = found
        .iter()
        .filter(|d| matches!(d.expr, DateExpr::Calendar { .. }))
        .min_by_key(|d| d.start)?;
    let DateExpr::Calendar { start, .. } = first.expr else {
        return None;
    };
    let before = t[..first.start].trim_end_matches([',', ' ']);
    let weekday_only = before.is_empty()
        || found.iter().any(|d| {
            matches!(d.expr, DateExpr::Weekday(_)) && d.start == 0 && d.end == before.len()
        });
    (weekday_only && start.year > 0 && start.month > 0 && start.day > 0).then_some(start)
}

/// "Tirana, 3 October 2022" alone on its line: a dateline set apart.
pub(super) fn place_date_line(t: &str) -> Option<PDate> {
    if t.len() >= 60 || ends_sentence(t) || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let probe = format!("{t} - x");
    let (dl, end) = parse_dateline(&probe)?;
    (end == probe.len() - 1 && !dl.place.is_empty())
        .then_some(dl.date?)
        .filter(|d| d.year > 0 && d.month > 0)
}

#[cfg(test)]
mod tests {
    use crate::clean::clean;
    use crate::dates::tests::d;

    #[test]
    fn masthead_and_labelled_date_lines_date_the_page() {
        let body = "\nAgency and ministry sign a deal on shelters for survivors\n\
            The agency and the ministry signed an agreement today to open two shelters for survivors, the director said.\n";
        for (head, date) in [
            ("Statement | Date: 04/05/2021", d(2021, 5, 4)),
            ("March 3, 2020Accra, GhanaMigration News", d(2020, 3, 3)),
            ("Friday, 7 May 2021 Port Town Region", d(2021, 5, 7)),
        ] {
            let c = clean(&format!("{head}{body}"));
            assert_eq!(c.published, Some(date), "{head}");
        }
        let c = clean(&format!("Report on the year 2020 Migration{body}"));
        assert_eq!(c.published, None);
    }
}
