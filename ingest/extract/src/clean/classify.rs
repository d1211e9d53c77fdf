//! Each raw line classified by its shape: blank, furniture, separator,
//! date line, short line, body paragraph or the opening of a contact
//! block.

use super::date_lines::{date_line, place_date_line};
use super::patterns;
use super::shape::{ends_sentence, stop_density, words};
use crate::dates::{self, DateExpr, PDate};

/// What a raw line was classified as.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Raw {
    Blank,
    Furniture,
    Separator,
    DateLine(PDate),
    Short(String),
    Body(String),
    ContactStart(String),
}

/// Classifies one raw line.
pub(super) fn classify(line: &str) -> Raw {
    let p = patterns();
    let t = line
        .trim()
        .trim_start_matches(['\u{2022}', '*', '>'])
        .trim();
    if t.is_empty() {
        return Raw::Blank;
    }
    if p.separator.is_match(t) {
        return Raw::Separator;
    }
    // Bylines are furniture; a byline's date dates the page.
    if t.starts_with("By ") && t.len() < 100 {
        let dated = dates::find(t).into_iter().find_map(|d| match d.expr {
            DateExpr::Calendar { start, .. } if start.year > 0 && start.month > 0 => Some(start),
            _ => None,
        });
        return dated.map_or(Raw::Furniture, Raw::DateLine);
    }
    if let Some(d) = date_line(t).or_else(|| place_date_line(t)) {
        return Raw::DateLine(d);
    }
    if p.furniture.is_match(t)
        || p.caption.is_match(t) && t.len() < 200
        || p.caption_position.is_match(t) && t.len() < 300
    {
        return Raw::Furniture;
    }
    if p.contact_start.is_match(t) && t.len() < 120 {
        return Raw::ContactStart(t.to_owned());
    }
    let n = words(t).len();
    if !ends_sentence(t) && (n < 25 || t.len() < 150) && stop_density(t) < 0.45
        || n < 4 && !t.ends_with('.')
    {
        return Raw::Short(t.to_owned());
    }
    Raw::Body(t.to_owned())
}
