//! Roles from the clause: its bounds, its subject (the first organisation
//! not inside a prepositional phrase, with the ones coordinated with it),
//! the list of bodies a "by"/"from"/"of" phrase names, and the recipient
//! a "to"/"for"/"with"/"among" phrase names.

use crate::gazetteer;
use crate::orgs::OrgMention;
use crate::tokens;

/// Who a role points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Party {
    /// A recognised organisation (entity index).
    Org(usize),
    /// A country named as such ("to Albania"): its government.
    Country(String),
}

/// Words after which an organisation is not the subject of its clause.
const PREPS: &[&str] = &[
    "with",
    "to",
    "for",
    "by",
    "from",
    "through",
    "via",
    "under",
    "towards",
    "toward",
    "against",
    "including",
    "among",
    "in",
    "on",
    "into",
    "than",
    "about",
    "between",
    "like",
    "as",
    "thanked",
    "thank",
    "thanks",
];

/// Words allowed between a preposition and the body it names ("to the
/// office of", "for the work of", "to Director of the").
const FILLER: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "that",
    "these",
    "of",
    "office",
    "offices",
    "work",
    "activities",
    "efforts",
    "operations",
    "programmes",
    "programs",
    "mission",
    "response",
    "appeal",
    "humanitarian",
    "ongoing",
    "further",
    "support",
    "assist",
    "help",
    "benefit",
    "strengthen",
    "project",
    "projects",
    "country",
    "local",
];

/// The words of `s` in lower case.
fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The clause around byte `at` inside `[lo, hi)`: quotes and semicolons
/// bound it on both sides; a relative "which"/"who" bounds it after.
pub fn clause(text: &str, lo: usize, hi: usize, at: usize) -> (usize, usize) {
    let hard = |c: char| matches!(c, ';' | '“' | '”' | '"' | '‘');
    let start = text[lo..at]
        .char_indices()
        .rev()
        .find(|(_, c)| hard(*c))
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let rest = &text[at..hi];
    let mut end = rest
        .char_indices()
        .find(|(_, c)| hard(*c))
        .map_or(hi, |(i, _)| at + i);
    for rel in [", which", ", who", " while ", " whereas "] {
        if let Some(i) = rest.find(rel) {
            end = end.min(at + i);
        }
    }
    (start, end)
}

/// The last word before byte `at`, skipping determiners.
fn word_before(text: &str, lo: usize, at: usize) -> Option<String> {
    let head = &text[lo..at];
    let ws: Vec<String> = words(head).collect();
    ws.into_iter()
        .rev()
        .find(|w| !matches!(w.as_str(), "the" | "a" | "an" | "its" | "their" | "our"))
}

/// True when the text between two mentions joins them in one list.
fn joins(gap: &str) -> bool {
    let mut g = gap.trim().trim_start_matches(')').trim();
    // "X (XA) and Y": an acronym in brackets before the joint.
    if g.starts_with('(') {
        if let Some(k) = g.find(')') {
            g = g[k + 1..].trim();
        }
    }
    for lead in [
        ", particularly",
        ", especially",
        ", in particular",
        ", notably",
    ] {
        if let Some(rest) = g.strip_prefix(lead) {
            let rest = rest.trim();
            let rest = rest.strip_prefix("the Office of").unwrap_or(rest);
            g = if rest.trim().is_empty() {
                ","
            } else {
                rest.trim()
            };
        }
    }
    let g = g.strip_suffix("the").unwrap_or(g).trim();
    matches!(
        g,
        "" | "," | "and" | ", and" | "/" | "&" | "as well as" | ", as well as" | "or"
    )
}

/// The subject of a clause `[lo, at)`: the first organisation that no
/// preposition governs, with those listed with it ("X and Y"). A
/// possessor gives way to what it owns ("Italy's Ministry").
pub fn subject(text: &str, ms: &[&OrgMention], lo: usize, at: usize) -> Vec<usize> {
    let inside: Vec<&&OrgMention> = ms.iter().filter(|m| m.start >= lo && m.end <= at).collect();
    // A bracketed acronym shares the phrase of the name before it.
    let Some(k) = inside.iter().position(|m| {
        !text[lo..m.start].trim_end().ends_with('(')
            && word_before(text, lo, m.start).is_none_or(|w| !PREPS.contains(&w.as_str()))
    }) else {
        return Vec::new();
    };
    let mut out = vec![inside[k].entity];
    let mut prev = inside[k];
    for m in &inside[k + 1..] {
        let gap = &text[prev.end..m.start];
        if gap.trim() == "'s" || text[prev.start..prev.end].ends_with("'s") && gap.trim().is_empty()
        {
            out.pop();
            out.push(m.entity);
        } else if m.entity == prev.entity && gap.trim().starts_with('(') {
            // "(ACRONYM)" of the same body.
        } else if joins(gap) {
            if !out.contains(&m.entity) {
                out.push(m.entity);
            }
        } else {
            break;
        }
        prev = m;
    }
    out
}

/// The subject as a party: a country named before the first body that
/// no preposition governs ("The United Kingdom has contributed"), else the
/// bodies of [`subject`].
pub fn subject_party(text: &str, ms: &[&OrgMention], lo: usize, at: usize) -> Vec<Party> {
    let orgs = subject(text, ms, lo, at);
    let first = orgs
        .first()
        .and_then(|e| ms.iter().find(|m| m.entity == *e && m.start >= lo))
        .map_or(at, |m| m.start);
    if let Some(c) = country_before(text, ms, lo, first) {
        return vec![Party::Country(c)];
    }
    orgs.into_iter().map(Party::Org).collect()
}

/// The first country named in `[lo, end)` outside any body's name and
/// outside a prepositional phrase, unless it owns what follows ("Italy's").
fn country_before(text: &str, ms: &[&OrgMention], lo: usize, end: usize) -> Option<String> {
    let seg = &text[lo..end];
    let mut idx = 0;
    // Words start after spaces and dashes ("YANGON-Australia will").
    for w in seg.split_inclusive(|c: char| c.is_whitespace() || c == '-' || c == '–') {
        let at = lo + idx;
        idx += w.len();
        let word = w.trim().trim_end_matches(['-', '–']);
        if !word.starts_with(char::is_uppercase) || ms.iter().any(|m| m.start <= at && at < m.end) {
            continue;
        }
        let Some(c) = country_at(text, at, end) else {
            continue;
        };
        if word_before(text, lo, at).is_some_and(|p| PREPS.contains(&p.as_str())) {
            continue;
        }
        // "Islamabad, Pakistan - On ...": a dateline, not a subject.
        let after = text[at + c.len().min(end - at)..end].trim_start();
        if text[at..end].starts_with(c.as_str())
            && (after.starts_with(['-', '–', ':']) || after.is_empty())
        {
            continue;
        }
        let owns = text[at..end]
            .split_whitespace()
            .take(c.split_whitespace().count().max(1))
            .any(|x| x.ends_with("'s") || x.ends_with("’s"));
        if !owns {
            return Some(c);
        }
    }
    None
}

/// The bodies listed from byte `from` on ("by X, Y and Z"), before `hi`.
pub fn listed(text: &str, ms: &[&OrgMention], from: usize, hi: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut cursor = from;
    let mut prev_m: Option<&&OrgMention> = None;
    for m in ms.iter().filter(|m| m.start >= from && m.end <= hi) {
        let gap = &text[cursor..m.start];
        // "X (XA)": the acronym of the body just listed.
        if out.last() == Some(&m.entity) && gap.trim() == "(" {
            cursor = m.end
                + text[m.end..]
                    .find(')')
                    .filter(|k| *k < 3)
                    .map_or(0, |k| k + 1);
            continue;
        }
        let first = out.is_empty();
        let ok = if first {
            let g = gap.trim();
            g.is_empty() || matches!(g, "the" | "The") || skippable(gap)
        } else {
            joins(gap) || gap.trim().starts_with('(') && gap.trim().ends_with(')') && gap.len() < 12
        };
        if !ok {
            break;
        }
        // "Ministry of Foreign Affairs, Government of Denmark": the
        // government only says whose ministry it is.
        let prev = prev_m.map_or("", |p: &&OrgMention| &text[p.start..p.end]);
        let qualifies = gap.trim() == ","
            && text[m.start..m.end].starts_with("Government of")
            && ["Ministry", "Department"].iter().any(|w| prev.contains(w));
        prev_m = Some(m);
        if !qualifies && !out.contains(&m.entity) {
            out.push(m.entity);
        }
        cursor = m.end;
    }
    out
}

/// True when every word of `gap` may stand between a preposition and its
/// body: determiners, "office of", titles ("Director of the").
fn skippable(gap: &str) -> bool {
    let ws: Vec<String> = words(gap).collect();
    ws.len() <= 6
        && ws
            .iter()
            .all(|w| FILLER.contains(&w.as_str()) || tokens::is_title_word(w))
        && !gap.contains(['.', ';', ','])
}

/// The first body named by one of `preps` in `[from, hi)`: the object of
/// "to", "for", "with", "among"; a possessor gives way to what it owns
/// ("to UN's Agency"); a country named alone is its government.
pub fn phrase(
    text: &str,
    ms: &[&OrgMention],
    from: usize,
    hi: usize,
    preps: &[&str],
) -> Option<(Party, usize)> {
    phrase_all(text, ms, from, hi, preps).map(|(mut ps, at)| (ps.swap_remove(0), at))
}

/// Every body the first phrase of `preps` in `[from, hi)` lists ("to X
/// and Y": both), with where the first one starts; never empty.
pub fn phrase_all(
    text: &str,
    ms: &[&OrgMention],
    from: usize,
    hi: usize,
    preps: &[&str],
) -> Option<(Vec<Party>, usize)> {
    let seg = &text[from..hi];
    let mut pos = 0;
    for w in seg.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let at = from + pos;
        pos += w.len();
        let word = w.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !preps.iter().any(|p| p.eq_ignore_ascii_case(word)) {
            continue;
        }
        let after = at + word.len();
        let list = listed(text, ms, after, hi);
        if let Some(first) = list.first() {
            let m = ms
                .iter()
                .find(|m| m.start >= after && m.entity == *first)
                .expect("listed mention");
            // "to UN's International Organization for Migration".
            let owned = ms.iter().find(|y| {
                y.start >= m.end
                    && y.start <= m.end + 4
                    && (text[m.end..y.start].trim() == "'s" || text[m.start..m.end].ends_with("'s"))
            });
            let head = owned.map_or(m.entity, |y| y.entity);
            let mut all = vec![Party::Org(head)];
            // ", and the X announced": a new clause, not the list. A comma
            // before "and" joins only a list of three or more.
            let mut end = m.end;
            let mut commas = false;
            for e in list.iter().skip(1) {
                let Some(n) = ms.iter().find(|n| n.start >= end && n.entity == *e) else {
                    break;
                };
                let gap = text[end..n.start].trim_start_matches([')', ' ']);
                let gap = gap
                    .strip_prefix('(')
                    .map_or(gap, |g| g.find(')').map_or(g, |k| g[k + 1..].trim_start()));
                let gap = gap.trim_end().strip_suffix("the").unwrap_or(gap).trim();
                if gap.starts_with(", and") && !commas {
                    break;
                }
                commas |= gap == ",";
                if *e != head {
                    all.push(Party::Org(*e));
                }
                end = n.end;
            }
            return Some((all, m.start));
        }
        if let Some(c) = country_at(text, after, hi) {
            return Some((vec![Party::Country(c)], after));
        }
    }
    None
}

/// A country named right at `at` ("Albania", "the Philippines").
pub fn country_at(text: &str, at: usize, hi: usize) -> Option<String> {
    let rest = text[at..hi].trim_start();
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let ws: Vec<&str> = rest
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .take(4)
        .collect();
    for n in (1..=ws.len().min(4)).rev() {
        let cand = ws[..n].join(" ");
        if !cand.starts_with(char::is_uppercase) {
            continue;
        }
        if let Some(c) = gazetteer::get().country(&cand) {
            return Some(c.name.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, name: &str, entity: usize) -> OrgMention {
        let start = text.find(name).unwrap();
        OrgMention {
            start,
            end: start + name.len(),
            entity,
        }
    }

    #[test]
    fn subjects_skip_prepositional_phrases() {
        let t = "In talks with Acme, the Ruritanian Fund and Beta Trust gave money.";
        let ms = [
            m(t, "Acme", 0),
            m(t, "Ruritanian Fund", 1),
            m(t, "Beta Trust", 2),
        ];
        let refs: Vec<&OrgMention> = ms.iter().collect();
        assert_eq!(subject(t, &refs, 0, t.find("gave").unwrap()), vec![1, 2]);
    }

    #[test]
    fn a_possessor_gives_way_to_what_it_owns() {
        let t = "Ruritania's Ministry of Finance pledged";
        let ms = [m(t, "Ruritania", 0), m(t, "Ministry of Finance", 1)];
        let refs: Vec<&OrgMention> = ms.iter().collect();
        assert_eq!(subject(t, &refs, 0, t.find("pledged").unwrap()), vec![1]);
    }

    #[test]
    fn phrases_name_recipients_past_fillers_and_titles() {
        let t = "gave it to the office of the Beta Trust and to Director of the Gamma Unit";
        let ms = [m(t, "Beta Trust", 0), m(t, "Gamma Unit", 1)];
        let refs: Vec<&OrgMention> = ms.iter().collect();
        assert_eq!(
            phrase(t, &refs, 0, t.len(), &["to"]).unwrap().0,
            Party::Org(0)
        );
        let k = t.find("and to").unwrap();
        assert_eq!(
            phrase(t, &refs, k, t.len(), &["to"]).unwrap().0,
            Party::Org(1)
        );
        // A verb after "to" is not a body.
        let t = "to eliminate Beta Trust";
        let ms = [m(t, "Beta Trust", 0)];
        let refs: Vec<&OrgMention> = ms.iter().collect();
        assert!(phrase(t, &refs, 0, t.len(), &["to"]).is_none());
    }

    #[test]
    fn countries_named_alone() {
        let t = "gives money to Albania now";
        assert_eq!(
            phrase(t, &[], 0, t.len(), &["to"]).map(|p| p.0),
            Some(Party::Country("Albania".into()))
        );
    }

    #[test]
    fn clauses_end_at_relatives_and_quotes() {
        let t = "A gave B money, which C funds; D said";
        let at = t.find("gave").unwrap();
        assert_eq!(
            &t[clause(t, 0, t.len(), at).0..clause(t, 0, t.len(), at).1],
            "A gave B money"
        );
    }
}
