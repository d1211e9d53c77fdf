//! A person's title of office, organisation and government, read from the
//! words around the name.

use tipwatch_proto::pb::OrganisationKind as Kind;

use crate::clean::{Line, LineKind};
use crate::gazetteer;
use crate::orgs::Orgs;
use crate::sentences::Sentence;
use crate::tokens::Token;

use super::words::is_title_word;

/// Returns the title, the organisation and a government country for the
/// person whose name is `toks[i..j]`.
#[allow(clippy::too_many_arguments)]
pub(super) fn title_of(
    text: &str,
    s: &Sentence,
    toks: &[Token<'_>],
    i: usize,
    j: usize,
    contact_line: bool,
    lines: &[Line],
    orgs: &Orgs,
) -> (String, Option<usize>, Option<String>) {
    let g = gazetteer::get();
    let name_start = toks[i].start;
    let name_end = toks[j - 1].end;
    // Title after the name: ", Title[, Org]" up to a verb, quote or end.
    let after = &text[name_end..s.end];
    let mut title = String::new();
    let mut span = (name_end, name_end);
    if let Some(rest) = after.strip_prefix(", ") {
        let stop = rest.find(['"', ';', ':']).unwrap_or(rest.len());
        let mut segment = &rest[..stop];
        for verb in [
            " said",
            " says",
            " has ",
            " had ",
            " who ",
            " highlight",
            " comment",
            " state",
            " note",
            " delivered",
            " emphasi",
            " added",
            " told",
            " expressed",
            " was ",
            " is ",
            " will ",
            " signed",
            " commended",
            " spoke",
            " stress",
            " explain",
            " shared",
            " underlin",
            " pointed",
            " thanked",
            " welcomed",
            " opened",
            " at a ",
            " during ",
        ] {
            if let Some(k) = segment.find(verb) {
                segment = &segment[..k];
            }
        }
        let segment = segment.trim_end_matches([',', ' ', '.']);
        let first_word = segment.split_whitespace().next().unwrap_or("");
        let opens_title = is_title_word(first_word)
            || gazetteer::get()
                .country(first_word.trim_end_matches("'s"))
                .is_some()
            || first_word == "the"
            || orgs
                .within(name_end + 2, usize::MAX)
                .next()
                .is_some_and(|m| m.start == name_end + 2);
        // A long role is cut at a word boundary; its bodies come first.
        let mut segment = segment;
        if segment.len() > 160 {
            let cut = crate::tokens::prefix_at_most(segment, 160)
                .rfind(' ')
                .unwrap_or(0);
            segment = &segment[..cut];
        }
        if opens_title && !segment.is_empty() {
            title = segment.trim_start_matches("the ").to_owned();
            span = (name_end + 2, name_end + 2 + segment.len());
        }
    }
    // Title before the name: the words back to a comma or sentence start.
    if title.is_empty() {
        let before = &text[s.start..name_start];
        let before = before.trim_end_matches([' ', ',']);
        let from = before.rfind([',', '"', '(', ';']).map_or(0, |k| k + 1);
        let mut seg = before[from..].trim();
        for cut in [
            " and ",
            " by ",
            " with ",
            " hosted ",
            " met ",
            " invited ",
            " said ",
            " that ",
        ] {
            if let Some(k) = seg.rfind(cut) {
                let rest = &seg[k + cut.len()..];
                if rest.split_whitespace().any(is_title_word) {
                    seg = rest;
                }
            }
        }
        let seg = seg.trim_start_matches("said ").trim_start_matches("says ");
        let seg = seg
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .trim_start_matches("A ")
            .trim_start_matches("a ");
        let seg = if seg.starts_with("His Excellency") || seg.starts_with("Her Excellency") {
            ""
        } else {
            seg
        };
        if seg.split_whitespace().any(is_title_word) && seg.len() < 160 {
            title = seg.to_owned();
            let st = s.start + before.len() - seg.len();
            span = (st, st + seg.len());
        } else if seg.is_empty() || seg.starts_with("His Excellency") {
            // "The Swiss Ambassador to Nigeria, His Excellency, Mr. X".
            let earlier = &text[s.start..name_start];
            if let Some(pos) = earlier.find(',') {
                let cand = earlier[..pos]
                    .trim()
                    .trim_start_matches("The ")
                    .trim_start_matches("the ");
                if cand.split_whitespace().any(is_title_word) && cand.len() < 120 {
                    title = cand.to_owned();
                    let st = s.start + earlier[..pos].len() - cand.len();
                    span = (st, st + cand.len());
                }
            }
        }
    }
    // Contact lines: the next lines hold the role and the office.
    let mut org = None;
    if contact_line {
        let li = s.line;
        for l in lines.iter().skip(li + 1).take(4) {
            if l.kind != LineKind::Contact {
                break;
            }
            let t = &text[l.start..l.end];
            if let Some(domain) = t.split('@').nth(1) {
                let label = domain.split(['.', ' ']).next().unwrap_or("");
                if let Some(k) = orgs
                    .entities
                    .iter()
                    .position(|e| !e.acronym.is_empty() && e.acronym.eq_ignore_ascii_case(label))
                {
                    org = Some(k);
                    break;
                }
                continue;
            }
            if let Some(m) = orgs.within(l.start, l.end).next() {
                org = Some(m.entity);
                if title.is_empty() && t.split_whitespace().any(is_title_word) {
                    title = t.split(',').next().unwrap_or(t).trim().to_owned();
                }
                break;
            }
            if title.is_empty() && t.split_whitespace().any(is_title_word) {
                title = t.split(',').next().unwrap_or(t).trim().to_owned();
            }
        }
    }
    // The organisation named in the title, its parent where it is a unit.
    let mut gov = None;
    if org.is_none() {
        // "Director of the State Department's Office to ...": the last body
        // the role names is the one the person works for.
        org = orgs.within(span.0, span.1).map(|m| m.entity).last();
    }
    let title_words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
    if org.is_none() {
        if let Some(c) = title_words
            .iter()
            .find_map(|w| g.country_of_demonym(w).or_else(|| g.country(w)))
        {
            match orgs.government_of(&c.name) {
                Some(i) => org = Some(i),
                None => gov = Some(c.name.clone()),
            }
        }
    }
    if org.is_none() && !title.is_empty() {
        // "Minister of Social Welfare" acts for the "Ministry of Social Welfare".
        let keywords: Vec<&str> = title_words
            .iter()
            .copied()
            .filter(|w| {
                w.len() > 3 && w.chars().next().is_some_and(char::is_uppercase) && !is_title_word(w)
            })
            .collect();
        org = orgs.entities.iter().position(|e| {
            !keywords.is_empty()
                && matches!(e.kind, Kind::GovernmentBody)
                && keywords.iter().all(|k| e.name.contains(k))
        });
    }
    if org.is_none() {
        // The nearest organisation mentioned before the name in the sentence,
        // else right after it.
        org = orgs
            .within(s.start, name_start)
            .last()
            .or_else(|| orgs.within(name_end, s.end).next())
            .map(|m| m.entity);
        let ministerial = title_words.iter().any(|w| {
            matches!(
                *w,
                "Minister" | "minister" | "Ambassador" | "ambassador" | "Secretary"
            )
        });
        // An ambassador acts for the government whose embassy the story names.
        let envoy = title_words
            .iter()
            .any(|w| w.eq_ignore_ascii_case("ambassador") || w.eq_ignore_ascii_case("affaires"));
        let embassy_country = orgs
            .entities
            .iter()
            .filter(|e| e.name.contains("Embassy"))
            .find_map(|e| {
                e.name.split_whitespace().find_map(|w| {
                    g.country(w.trim_end_matches("'s"))
                        .or_else(|| g.country_of_demonym(w))
                })
            })
            .map(|c| c.name.clone());
        if let (true, Some(country)) = (envoy, embassy_country) {
            match orgs.government_of(&country) {
                Some(i) => org = Some(i),
                None => {
                    org = None;
                    gov = Some(country);
                }
            }
        } else if ministerial {
            let govs: Vec<usize> = orgs
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == Kind::Government)
                .map(|(k, _)| k)
                .collect();
            let body_before = orgs
                .mentions
                .iter()
                .rfind(|m| {
                    m.end <= name_start
                        && matches!(
                            orgs.entities[m.entity].kind,
                            Kind::GovernmentBody | Kind::Government
                        )
                })
                .map(|m| m.entity);
            org = body_before.or(if govs.len() == 1 { Some(govs[0]) } else { org });
        }
    }
    // Staff of a wing or office act for the parent body.
    if let Some(o) = org {
        if let Some(p) = orgs.entities[o].parent {
            org = Some(p);
        }
    }
    (clean_title(&title, orgs, span.0), org, gov)
}

/// Keeps the role only: organisation names and "in <Place>" dropped from
/// the ends ("IOM Chief of Mission in Pakistan" → "Chief of Mission").
fn clean_title(title: &str, _orgs: &Orgs, _at: usize) -> String {
    let g = gazetteer::get();
    let mut words: Vec<&str> = title.split_whitespace().collect();
    while words.first().is_some_and(|w| {
        !is_title_word(w)
            && (g.country_of_demonym(w).is_some()
                || w.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase))
    }) {
        words.remove(0);
    }
    if let Some(k) = words.iter().position(|w| *w == "in" || *w == "at") {
        if k > 0 {
            words.truncate(k);
        }
    }
    let t = words.join(" ");
    let t = t.trim_end_matches([',', '.']).to_owned();
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if t.split_whitespace().next().is_some_and(is_title_word) => {
            c.to_uppercase().chain(chars).collect()
        }
        _ => t,
    }
}
