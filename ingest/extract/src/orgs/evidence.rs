//! Evidence that a span names an organisation, and the pass that
//! registers capitalised names with a head word.

use super::boundaries::{
    formal_country, indefinite, portfolio_of_title, span_text, split_chunk, trailing_person,
    trim_name,
};
use super::offices::{office_of, office_part};
use super::words::{kind_from_words, GENERIC};
use super::{Found, Scan};
use crate::gazetteer::Gazetteer;
use crate::tokens::{is_connector, is_head, is_title_word, Token, HONORIFICS};

/// True when the tokens name a government ("Swiss Government").
pub(super) fn gov_phrase(toks: &[Token<'_>]) -> bool {
    toks.iter().any(|t| {
        t.bare().eq_ignore_ascii_case("government") || t.bare().eq_ignore_ascii_case("governments")
    })
}

/// True when the tokens look like an organisation's name: a gazetteer
/// body, or a head word with at least one content word beside it.
pub(super) fn org_like(g: &Gazetteer, toks: &[Token<'_>], text: &str) -> bool {
    if toks.is_empty() {
        return false;
    }
    if g.body(span_text(text, toks)).is_some() {
        return true;
    }
    if formal_country(g, toks) {
        return false;
    }
    let has_head = toks.iter().any(|t| is_head(t.bare()));
    let content = toks
        .iter()
        .filter(|t| !is_connector(t.text) && !is_head(t.bare()) && !GENERIC.contains(&t.bare()))
        .count();
    // "Winrock International", "Plan Worldwide": NGOs named without a head word.
    let ngo_suffix = toks.len() >= 2
        && matches!(toks[toks.len() - 1].bare(), "International" | "Worldwide")
        && toks.iter().all(|t| t.capitalised())
        && !GENERIC.contains(&toks[0].bare());
    (has_head && content >= 1 || ngo_suffix)
        && !is_title_word(toks[0].text)
        && !HONORIFICS.contains(&toks[0].text)
}

/// Returns where a body's name ends when a title of office and a
/// person's name follow it inside one run of capitals ("Bureau of
/// Immigration Commissioner Jane Roe", "Interior Ministry State Secretary
/// for Order John Doe"): before the title and its modifiers.
pub(super) fn title_cut(g: &Gazetteer, text: &str, toks: &[Token<'_>]) -> Option<usize> {
    if toks.len() < 4 {
        return None;
    }
    let n = toks.len();
    // The name at the end: two or three capitalised words.
    let person = (n.saturating_sub(3)..n - 1).any(|k| trailing_person(toks, k));
    if !person {
        return None;
    }
    let k = (1..n - 2).find(|k| is_title_word(toks[*k].text))?;
    let mut end = k;
    while end > 1 && GENERIC.contains(&toks[end - 1].bare()) {
        end -= 1;
    }
    org_like(g, &toks[..end], text).then_some(end)
}

/// Capitalised names with a head word.
pub(super) fn named_bodies(sc: &mut Scan<'_>, text: &str, country: &str, chs: &[Vec<Token<'_>>]) {
    let g = sc.reg.g;
    let Scan {
        reg,
        found,
        parents,
        offices,
        ..
    } = sc;
    for c in chs {
        for (part, parent_part) in split_chunk(g, text, c) {
            let Some((a, b)) = trim_name(&part) else {
                continue;
            };
            let mut name_toks = &part[a..b];
            if gov_phrase(name_toks)
                || indefinite(text, name_toks[0].start)
                || portfolio_of_title(text, name_toks[0].start)
            {
                continue;
            }
            // A title and a person's name run into a body's name: "Bureau
            // of Immigration Commissioner Jane Roe".
            if let Some(k) = title_cut(g, text, name_toks) {
                name_toks = &name_toks[..k];
            }
            // A person's name glued after a title-led body name.
            if a > 0 && name_toks.len() > 3 {
                if let Some(k) = (name_toks.len().saturating_sub(4)..name_toks.len() - 1)
                    .find(|k| trailing_person(name_toks, *k) && org_like(g, &name_toks[..*k], text))
                {
                    name_toks = &name_toks[..k];
                }
            }
            // "UNODC Regional Office for ...", "(UNODC) Regional Office":
            // an office of a known body is that body here.
            if let Some(owner) = office_of(text, reg, found, name_toks) {
                let start = found
                    .iter()
                    .filter(|f| f.entity == owner && f.end <= name_toks[0].start)
                    .filter(|f| {
                        text[f.end..name_toks[0].start]
                            .trim_matches([')', ' '])
                            .is_empty()
                    })
                    .map(|f| f.start)
                    .next()
                    .unwrap_or(name_toks[0].start);
                let end = name_toks[name_toks.len() - 1].end;
                let alias = format!(
                    "{} {}",
                    reg.entities[owner].acronym,
                    span_text(text, office_part(name_toks))
                );
                offices.push((owner, alias.trim().to_owned(), start, end));
                found.push(Found {
                    start,
                    end,
                    entity: owner,
                });
                continue;
            }
            if !org_like(g, name_toks, text) {
                continue;
            }
            let name = span_text(text, name_toks);
            // "the United Nations International Organization for Migration":
            // a known body right before another body's name qualifies it.
            let end = name_toks[name_toks.len() - 1].end;
            if g.body(name).is_some()
                && (found.iter().any(|f| f.start == end + 1)
                    || super::registry::modifier_use(&text[end..]))
            {
                continue;
            }
            let k = kind_from_words(name);
            let own_country = name_toks
                .iter()
                .find_map(|t| {
                    g.country(t.bare())
                        .or_else(|| g.country_of_demonym(t.bare()))
                })
                .map(|c| c.name.clone());
            let i = reg.add(
                name,
                "",
                k,
                &own_country.unwrap_or_else(|| country.to_owned()),
            );
            found.push(Found {
                start: name_toks[0].start,
                end: name_toks[name_toks.len() - 1].end,
                entity: i,
            });
            if let Some(pp) = parent_part {
                let pname = span_text(text, &pp);
                if let Some(pi) = reg.find(pname).or_else(|| {
                    org_like(g, &pp, text)
                        .then(|| reg.add(pname, "", kind_from_words(pname), country))
                }) {
                    parents.push((i, pi));
                    found.push(Found {
                        start: pp[0].start,
                        end: pp[pp.len() - 1].end,
                        entity: pi,
                    });
                }
            }
        }
    }
}
