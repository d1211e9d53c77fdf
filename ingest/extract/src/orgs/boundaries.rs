//! Where a name starts and ends: runs of capitalised words, openers and
//! titles trimmed, chunks split at "and", possessives and "of".

use super::evidence::{gov_phrase, org_like};
use super::words::{GENERIC, OPENERS};
use crate::gazetteer::Gazetteer;
use crate::tokens::{is_connector, is_head, is_title_word, Token, HONORIFICS};

/// Splits a sentence's tokens into runs of capitalised words (with
/// connectors inside), only whitespace or hyphens between them.
pub(super) fn chunks<'a>(text: &str, toks: &[Token<'a>]) -> Vec<Vec<Token<'a>>> {
    let mut out: Vec<Vec<Token<'a>>> = Vec::new();
    let mut cur: Vec<Token<'a>> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let gap_ok = cur
            .last()
            .is_none_or(|p: &Token<'_>| text[p.end..t.start].trim().is_empty());
        let calendar =
            crate::dates::month_number(t.text).is_some() && t.text.len() >= 3 && !t.all_caps()
                || t.text.parse::<chrono::Weekday>().is_ok() && t.text.len() > 3;
        let cap = !calendar
            && (t.capitalised()
                || t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && t.text.chars().any(char::is_alphabetic));
        let conn = is_connector(t.text)
            && !cur.is_empty()
            && toks
                .get(i + 1)
                .is_some_and(|n| n.capitalised() || n.text == "the");
        if (cap || conn) && (gap_ok || cur.is_empty()) {
            cur.push(*t);
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if cap {
                cur.push(*t);
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    for c in &mut out {
        while c.last().is_some_and(|t| is_connector(t.text)) {
            c.pop();
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// The text from the first token to the last token's bare end.
pub(super) fn span_text<'a>(text: &'a str, toks: &[Token<'_>]) -> &'a str {
    let last = toks[toks.len() - 1];
    &text[toks[0].start..last.start + last.bare().len()]
}

/// Words that end ministry and office names ("of Foreign Affairs") and so
/// are never the start of a person's name after them.
pub(super) const NAME_TAIL_WORDS: &[&str] = &[
    "Affairs",
    "Interior",
    "Justice",
    "Health",
    "Labour",
    "Labor",
    "Defence",
    "Defense",
    "Development",
    "Welfare",
    "Security",
    "Rights",
    "Education",
    "Trade",
    "Finance",
    "Women",
    "Children",
    "Youth",
    "Culture",
    "Migration",
    "Immigration",
    "Investigation",
    "Investigations",
    "Crime",
    "Police",
    "Agriculture",
    "Planning",
    "Transport",
    "Energy",
    "Environment",
    "Integration",
    "Cooperation",
    "Persons",
    "Refugees",
    "Statistics",
    "Protection",
];

/// True when `toks[k..]` look like a person's name glued after a body's
/// name ("Ministry of Interior Rehman Malik").
pub(super) fn trailing_person(toks: &[Token<'_>], k: usize) -> bool {
    let tail = &toks[k..];
    (2..=4).contains(&tail.len())
        && tail.iter().all(|t| {
            t.capitalised()
                && !t.all_caps()
                && !is_head(t.bare())
                && !is_connector(t.text)
                && !NAME_TAIL_WORDS.contains(&t.bare())
                && !GENERIC.contains(&t.bare())
        })
        && k > 0
        && !is_connector(toks[k - 1].text)
}

/// True when the words before `start` make the name a description ("an
/// independent National Human Rights Institute").
pub(super) fn indefinite(text: &str, start: usize) -> bool {
    let before = &text[..start];
    for w in before.split_whitespace().rev().take(3) {
        let lw = w.trim_matches(|c: char| !c.is_alphanumeric());
        if lw == "a" || lw == "an" || lw == "A" || lw == "An" {
            return true;
        }
        if !lw.chars().all(|c| c.is_lowercase() || c == '-') || lw.is_empty() {
            return false;
        }
    }
    false
}

/// True when the span opens inside brackets right after a title of office
/// ("Assistant Director (Legal Division) of the Ministry"): the bracket
/// names the holder's portfolio, part of the title, not a body of its own.
pub(super) fn portfolio_of_title(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].trim_end().strip_suffix('(') else {
        return false;
    };
    before
        .split_whitespace()
        .next_back()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .is_some_and(is_title_word)
}

/// Words that make a country's formal name ("Republic of Moldova", "the
/// Hashemite Kingdom of Jordan").
const STATE_FORMS: &[&str] = &[
    "Republic",
    "Kingdom",
    "Federation",
    "Principality",
    "Sultanate",
    "Emirates",
    "Confederation",
    "Commonwealth",
    "State",
];

/// True when the tokens are a country's name or its formal name: a
/// country, not an organisation.
pub(super) fn formal_country(g: &Gazetteer, toks: &[Token<'_>]) -> bool {
    let toks = match toks.first() {
        Some(t) if t.text == "the" => &toks[1..],
        _ => toks,
    };
    let Some(last) = toks.last() else {
        return false;
    };
    let words: Vec<&str> = toks.iter().map(|t| t.bare()).collect();
    if g.country(&words.join(" ")).is_some() {
        return true;
    }
    let state = toks.iter().any(|t| STATE_FORMS.contains(&t.bare()));
    let of = toks.len() >= 3 && toks[toks.len() - 2].text == "of";
    state && of && g.is_place(last.bare())
}

/// Head words of diplomatic missions, whose names include the host country.
const MISSIONS: &[&str] = &["Embassy", "Consulate", "Delegation", "Mission", "High"];

/// Trims a chunk to the name proper: sentence openers, titles of office
/// and honorifics before it are dropped. Returns the token range.
pub(super) fn trim_name(part: &[Token<'_>]) -> Option<(usize, usize)> {
    let mut a = 0;
    loop {
        let t = part.get(a)?;
        if OPENERS.contains(&t.text) || HONORIFICS.contains(&t.text) {
            a += 1;
        } else if is_title_word(t.text) {
            // "Deputy Head of the EU Delegation": skip the title and its
            // connector; a title without connector ends the name search.
            let mut k = a;
            while part
                .get(k)
                .is_some_and(|t| is_title_word(t.text) || OPENERS.contains(&t.text))
            {
                k += 1;
            }
            if part.get(k).is_some_and(|t| is_connector(t.text)) {
                while part.get(k).is_some_and(|t| is_connector(t.text)) {
                    k += 1;
                }
                a = k;
            } else {
                return None;
            }
        } else {
            break;
        }
    }
    let mut b = part.len();
    // A trailing "in <Country>" is where the body works, not its name.
    let g = crate::gazetteer::get();
    // Diplomatic missions are named by their host ("Embassy of X in Y").
    let mission = part[a..b].iter().any(|t| MISSIONS.contains(&t.bare()));
    if let Some(j) = (a + 1..b)
        .filter(|_| !mission)
        .find(|j| part[*j].text == "in" && part[j + 1..b].iter().all(|t| g.is_place(t.bare())))
    {
        b = j;
    }
    while b > a && is_connector(part[b - 1].text) {
        b -= 1;
    }
    (b > a).then_some((a, b))
}

pub(super) type Part<'a> = (Vec<Token<'a>>, Option<Vec<Token<'a>>>);

/// Splits a chunk at possessives ("FIA's Anti-Human Smuggling Wing"), at
/// "and" between two names, and at "of (the)" between a unit and the body
/// it belongs to. Returns each part with the part it belongs to.
pub(super) fn split_chunk<'a>(g: &Gazetteer, text: &str, c: &[Token<'a>]) -> Vec<Part<'a>> {
    // "X and Y" where both are names.
    for (k, t) in c.iter().enumerate() {
        if t.text == "and" && k > 0 && k + 1 < c.len() {
            let left = &c[..k];
            let mut r0 = k + 1;
            if c[r0].text == "the" {
                r0 += 1;
            }
            let right = &c[r0..];
            // The right side may start with an acronym that owns more words
            // ("FIA's Deputy Director"); a left side led by an acronym is
            // a name only when the rest is acronyms or places ("IOM
            // Pakistan"), else it is the first half of one name sharing the
            // head ("UK Foreign and Commonwealth Office").
            let right_side = |x: &[Token<'_>]| {
                org_like(g, x, text)
                    || x.first().is_some_and(|t| t.all_caps())
                    || gov_phrase(x)
                    || formal_country(g, x)
            };
            let left_side = |x: &[Token<'_>]| {
                org_like(g, x, text)
                    || x.first().is_some_and(|t| t.all_caps())
                        && x[1..].iter().all(|t| t.all_caps() || g.is_place(t.bare()))
                    || gov_phrase(x)
                    || formal_country(g, x)
            };
            let titled = |x: &[Token<'_>]| x.first().is_some_and(|t| is_title_word(t.text));
            let named = |x: &[Token<'_>]| org_like(g, x, text) || gov_phrase(x);
            if left_side(left)
                && (titled(right) || right_side(right))
                && (named(left) || named(right))
                || (titled(left) || left_side(left)) && right_side(right) && named(right)
            {
                let mut out = split_chunk(g, text, left);
                out.extend(split_chunk(g, text, right));
                return out;
            }
        }
    }
    // Possessive: the token ending in 's closes the owner.
    if let Some(k) = c.iter().position(|t| t.text.ends_with("'s")) {
        if k + 1 < c.len() {
            let owner = c[..=k].to_vec();
            let rest = c[k + 1..].to_vec();
            let last = owner[owner.len() - 1].bare();
            let proper = owner[owner.len() - 1].all_caps() || is_head(last) || g.is_place(last);
            if !proper {
                return vec![(c.to_vec(), None)];
            }
            let owner_is_org = org_like(g, &owner, text) || owner.iter().all(|t| t.all_caps());
            let mut out = split_chunk(g, text, &rest);
            for p in &mut out {
                if p.1.is_none() && owner_is_org {
                    p.1 = Some(owner.clone());
                }
            }
            if owner_is_org {
                out.push((owner, None));
            }
            return out;
        }
    }
    // "Unit of the Police Service": a unit of a body.
    for (k, t) in c.iter().enumerate() {
        if t.text == "of" && k > 0 && is_head(c[k - 1].text) && org_like(g, &c[..k], text) {
            let mut r0 = k + 1;
            if c.get(r0).is_some_and(|t| t.text == "the") {
                r0 += 1;
            }
            let right = &c[r0..];
            if right.len() >= 2 && org_like(g, right, text) && right.iter().any(|t| is_head(t.text))
            {
                return vec![
                    (c[..k].to_vec(), Some(right.to_vec())),
                    (right.to_vec(), None),
                ];
            }
        }
    }
    vec![(c.to_vec(), None)]
}
