//! The dateline that opens a story's first paragraph: places and a date
//! before a dash, colon or full stop ("ISLAMABAD, APR 26 /DNA/ -").

use std::sync::OnceLock;

use regex::Regex;

use super::Dateline;
use crate::dates::{self, DateExpr};
use crate::gazetteer;

/// The separator after a dateline: an optional agency tag, then a dash,
/// colon or full stop.
fn separator() -> &'static Regex {
    static SEP: OnceLock<Regex> = OnceLock::new();
    SEP.get_or_init(|| {
        Regex::new(r"(?:\s*[/(][A-Za-z][A-Za-z .]{0,20}[/)])?\s*(?:-|:|\.(?:\s))\s*").unwrap()
    })
}

/// Finds the dateline at the start of a paragraph: places and a date
/// before a dash, colon or full stop. Returns it and the byte offset where
/// the story text proper begins.
pub fn parse_dateline(par: &str) -> Option<(Dateline, usize)> {
    let g = gazetteer::get();
    let head_end = par.char_indices().nth(110).map_or(par.len(), |(i, _)| i);
    let head = &par[..head_end];
    let mut best: Option<(Dateline, usize)> = None;
    for m in separator().find_iter(head) {
        let prefix = &head[..m.start()];
        if prefix.trim().is_empty() || prefix.split_whitespace().count() > 10 {
            continue;
        }
        let mut date = None;
        let mut rest = prefix.to_owned();
        for d in dates::find(prefix).into_iter().rev() {
            if let DateExpr::Calendar { start, .. } = d.expr {
                date.get_or_insert(start);
                date = Some(start);
                rest.replace_range(d.start..d.end, ",");
            }
        }
        let parts: Vec<&str> = rest
            .split([',', '-'])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect();
        let mut place = String::new();
        let mut country = String::new();
        let mut ok = true;
        for (i, part) in parts.iter().enumerate() {
            let known = g
                .place_country(part)
                .or_else(|| g.place_country(&title_word(part)));
            let caps = part.split_whitespace().count() <= 3
                && part
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && part.chars().any(char::is_alphabetic);
            let all_caps = caps
                && part
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            if let Some(c) = known {
                if place.is_empty() {
                    place = part.to_string();
                }
                if country.is_empty() {
                    country = c.name.clone();
                }
            } else if i == 0 && (all_caps || caps && (parts.len() > 1 || date.is_some())) {
                place = part.to_string();
            } else {
                ok = false;
                break;
            }
        }
        if !ok || (place.is_empty() && date.is_none()) {
            continue;
        }
        if place.chars().all(|c| !c.is_lowercase()) && place.len() > 3 {
            place = title_word(&place);
        }
        let found = (
            Dateline {
                place,
                country,
                date,
            },
            m.end(),
        );
        if best.as_ref().is_none_or(|(_, e)| found.1 > *e) {
            best = Some(found);
        }
    }
    best
}

/// "ISLAMABAD" → "Islamabad"; "NEW YORK" → "New York".
fn title_word(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::dates::tests::d;

    #[test]
    fn datelines_in_their_common_shapes() {
        let cases = [
            ("ISLAMABAD: The government signed", "Islamabad", None),
            (
                "Lagos, 18 October 2023: The agency said",
                "Lagos",
                Some(d(2023, 10, 18)),
            ),
            (
                "KAMPALA, MAR 3 /XNA/ - Officials met",
                "Kampala",
                Some(d(0, 3, 3)),
            ),
            ("Nairobi, Kenya - On 11 October 2024, the", "Nairobi", None),
            ("Accra. On July 12 and 13, the", "Accra", None),
            (
                "Dakar, Senegal - September 25, 2023 - The office",
                "Dakar",
                Some(d(2023, 9, 25)),
            ),
        ];
        for (text, place, date) in cases {
            let (dl, _) = parse_dateline(text).unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(dl.place, place, "{text}");
            assert_eq!(dl.date, date, "{text}");
        }
        let (dl, _) = parse_dateline("3 May 2021 - The ministry said").unwrap();
        assert_eq!(dl.date, Some(d(2021, 5, 3)));
        assert!(
            parse_dateline("The ministry said on Monday that it - and others - agreed.").is_none()
        );
    }
}
