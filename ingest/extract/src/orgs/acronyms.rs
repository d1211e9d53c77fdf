//! Acronym definitions and later uses of acronyms.

use tipwatch_proto::names::norm_alias;
use tipwatch_proto::pb::OrganisationKind as Kind;

use super::boundaries::{indefinite, span_text};
use super::evidence::org_like;
use super::spans::SpanIndex;
use super::words::{is_english_word, kind_from_words};
use super::{Found, Scan};
use crate::sentences::Sentence;
use crate::tokens::{is_connector, is_head, tokenize, Token};

/// The initials of the words of a name, connectors left out, each part of a
/// hyphenated or slash-joined word counted.
pub(super) fn initials(tokens: &[Token<'_>]) -> String {
    let mut out = String::new();
    for t in tokens {
        if is_connector(t.text) {
            continue;
        }
        for part in t.bare().split(['-', '/']) {
            if let Some(c) = part.chars().next() {
                out.extend(c.to_uppercase());
            }
        }
    }
    out
}

/// The letters of an acronym that its long form must spell.
pub(super) fn acronym_letters(acr: &str) -> String {
    let upper: String = acr.chars().filter(|c| c.is_uppercase()).collect();
    if upper.len() >= 2 {
        upper
    } else {
        acr.chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// Returns where in `chunk` the long form of `acr` starts, if the initials
/// of a suffix of the chunk spell the acronym (a trailing head word may be
/// left out of the acronym).
pub(super) fn long_form_start(chunk: &[Token<'_>], acr: &str) -> Option<usize> {
    let letters = acronym_letters(acr);
    if letters.len() < 2 {
        return None;
    }
    for s in (0..chunk.len()).rev() {
        if is_connector(chunk[s].text) {
            continue;
        }
        let ini = initials(&chunk[s..]);
        if ini == letters
            || (ini.len() == letters.len() + 1
                && ini.starts_with(&letters)
                && is_head(chunk[chunk.len() - 1].text))
        {
            return Some(s);
        }
        if ini.len() > letters.len() + 1 {
            break;
        }
    }
    None
}

/// Schwartz & Hearst (2003): the acronym's letters matched right to left
/// inside the words of the candidate, the first letter at the start of a
/// word; at most min(|A| + 5, 2|A|) words. Returns the first token of the
/// long form.
pub(super) fn sh_start(toks: &[Token<'_>], acr: &str) -> Option<usize> {
    let letters: Vec<char> = acr
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if letters.len() < 2 {
        return None;
    }
    let max_words = (letters.len() + 5).min(letters.len() * 2);
    // (letter, token, starts a word)
    let mut chars: Vec<(char, usize, bool)> = Vec::new();
    for (ti, t) in toks.iter().enumerate() {
        let mut prev_alnum = false;
        for ch in t.bare().chars() {
            for lc in ch.to_lowercase() {
                chars.push((lc, ti, !prev_alnum));
            }
            prev_alnum = ch.is_alphanumeric();
        }
    }
    let mut li = chars.len();
    for (k, &c) in letters.iter().enumerate().rev() {
        loop {
            li = li.checked_sub(1)?;
            let (lc, _, start) = chars[li];
            if lc == c && (k > 0 || start) {
                break;
            }
        }
    }
    let first = chars[li].1;
    let words = toks[first..]
        .iter()
        .filter(|t| !is_connector(t.text))
        .count();
    (words <= max_words && toks[first].capitalised()).then_some(first)
}

/// "Long Name (ACR)" and "ACR (Long Name)".
pub(super) fn definitions<'a>(
    sc: &mut Scan<'_>,
    text: &str,
    s: &Sentence,
    country: &str,
    chs: &mut [Vec<Token<'a>>],
) {
    let g = sc.reg.g;
    let Scan {
        reg,
        found,
        non_org_acronyms,
        ..
    } = sc;
    let snapshot = chs.to_vec();
    for (ci, c) in snapshot.iter().enumerate() {
        let after = &text[c[c.len() - 1].end..s.end];
        let Some(inner) = after.strip_prefix(" (").or_else(|| after.strip_prefix('(')) else {
            continue;
        };
        let Some(close) = inner.find(')') else {
            continue;
        };
        let acr = inner[..close].trim();
        if acr.contains(' ') {
            // "ACR (Long Name)": the chunk ends with the acronym.
            let last = c[c.len() - 1];
            let inner_start = c[c.len() - 1].end + (after.len() - inner.len());
            let inner_toks = tokenize(text, inner_start, inner_start + close);
            let starts = long_form_start(&inner_toks, last.bare())
                .or_else(|| sh_start(&inner_toks, last.bare()));
            if last.all_caps() && starts == Some(0) && org_like(g, &inner_toks, text) {
                let name = span_text(text, &inner_toks);
                let i = reg.add(name, last.bare(), kind_from_words(name), country);
                found.push(Found {
                    start: last.start,
                    end: last.end,
                    entity: i,
                });
                found.push(Found {
                    start: inner_toks[0].start,
                    end: inner_toks[inner_toks.len() - 1].end,
                    entity: i,
                });
            }
            continue;
        }
        if acr.len() < 2 || acr.len() > 12 || !acr.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        // The long form may run back over a comma into the previous run of
        // capitals ("Office of Development, Assistance and Training (ODAT)").
        let ext: Vec<Token<'a>> = match ci.checked_sub(1).map(|k| &snapshot[k]) {
            Some(p) if !p.is_empty() && text[p[p.len() - 1].end..c[0].start].trim() == "," => {
                p.iter().chain(c.iter()).copied().collect()
            }
            _ => c.clone(),
        };
        let off = ext.len() - c.len();
        let start = long_form_start(c, acr)
            .map(|x| x + off)
            .or_else(|| long_form_start(&ext, acr))
            .or_else(|| sh_start(&ext, acr));
        if let Some(st) = start {
            let long = &ext[st..];
            let name = span_text(text, long);
            let described = indefinite(text, long[0].start) && g.body_by_acronym(acr).is_none();
            if !described && (org_like(g, long, text) || g.body_by_acronym(acr).is_some()) {
                let i = reg.add(name, acr, kind_from_words(name), country);
                found.push(Found {
                    start: long[0].start,
                    end: long[long.len() - 1].end,
                    entity: i,
                });
                let acr_start = c[c.len() - 1].end + (after.len() - inner.len());
                found.push(Found {
                    start: acr_start,
                    end: acr_start + close,
                    entity: i,
                });
                if st >= off {
                    chs[ci].truncate(st - off);
                } else {
                    chs[ci].clear();
                    chs[ci - 1].truncate(st);
                }
            } else {
                non_org_acronyms.insert(acr.to_owned());
            }
        } else if g.body_by_acronym(acr).is_none() && !org_like(g, c, text) {
            non_org_acronyms.insert(acr.to_owned());
        }
    }
}

/// "Long Name, ACR," appositions.
pub(super) fn appositions(
    sc: &mut Scan<'_>,
    text: &str,
    s: &Sentence,
    country: &str,
    chs: &[Vec<Token<'_>>],
) {
    let g = sc.reg.g;
    let Scan { reg, found, .. } = sc;
    for c in chs {
        if c.is_empty() {
            continue;
        }
        let after = &text[c[c.len() - 1].end..s.end];
        if let Some(rest) = after.strip_prefix(", ") {
            let acr: String = rest.chars().take_while(|ch| ch.is_alphanumeric()).collect();
            let next = rest[acr.len()..].chars().next();
            if acr.len() >= 2
                && acr.chars().all(|ch| ch.is_uppercase())
                && matches!(next, Some(',') | Some('.') | None)
            {
                if let Some(st) = long_form_start(c, &acr).filter(|st| org_like(g, &c[*st..], text))
                {
                    let name = span_text(text, &c[st..]);
                    let i = reg.add(name, &acr, kind_from_words(name), country);
                    let a0 = c[c.len() - 1].end + 2;
                    found.push(Found {
                        start: c[st].start,
                        end: c[c.len() - 1].end,
                        entity: i,
                    });
                    found.push(Found {
                        start: a0,
                        end: a0 + acr.len(),
                        entity: i,
                    });
                }
            }
        }
    }
}

/// Acronyms and short names of known bodies, country offices ("IOM
/// Pakistan", "IOM in Ghana").
pub(super) fn mentions(sc: &mut Scan<'_>, text: &str, toks: &[Token<'_>]) {
    let g = sc.reg.g;
    let Scan {
        reg,
        found,
        non_org_acronyms,
        offices,
        ..
    } = sc;
    for (ti, t) in toks.iter().enumerate() {
        let bare = t.bare();
        if non_org_acronyms.contains(bare) {
            continue;
        }
        let known = reg.by_form.get(&norm_alias(bare)).copied().filter(|i| {
            let e = &reg.entities[*i];
            e.acronym == bare
        });
        let gaz = if known.is_none() && t.all_caps() {
            g.body_by_acronym(bare)
        } else {
            None
        };
        let shouting =
            ti > 0 && toks[ti - 1].all_caps() && toks.get(ti + 1).is_some_and(|n| n.all_caps());
        // An acronym never defined but spelled by a named body's initials.
        let spelled = if known.is_none() && gaz.is_none() && t.all_caps() && bare.len() >= 2 {
            reg.entities.iter().position(|e| {
                e.acronym.is_empty() && {
                    let nt = tokenize(&e.name, 0, e.name.len());
                    nt.len() >= 2 && initials(&nt) == acronym_letters(bare)
                }
            })
        } else {
            None
        };
        // "UN Convention", "EU member states": a modifier, not a body.
        if t.text == bare && super::registry::modifier_use(&text[t.end..]) {
            continue;
        }
        let i = match (known, gaz, spelled) {
            (Some(i), _, _) => i,
            (None, Some(b), _) if !shouting && !is_english_word(bare) => {
                reg.add(&b.name, &b.acronym, b.kind, &b.country)
            }
            (None, None, Some(i)) if !shouting => {
                reg.entities[i].acronym = bare.to_owned();
                reg.by_form.entry(norm_alias(bare)).or_insert(i);
                i
            }
            _ => continue,
        };
        let mut end = t.end;
        // Country offices: "IOM Pakistan", "IOM in Ghana".
        if let Some(n) = toks
            .get(ti + 1)
            .filter(|n| text[t.end..n.start].trim().is_empty())
        {
            if g.is_place(n.bare()) && !bare.ends_with("'s") && t.text == bare {
                end = n.end;
            } else if n.text == "in" {
                if let Some(n2) = toks.get(ti + 2).filter(|n2| g.is_place(n2.bare())) {
                    end = n2.end;
                }
            }
        }
        if end != t.end {
            offices.push((i, text[t.start..end].to_owned(), t.start, end));
        }
        found.push(Found {
            start: t.start,
            end,
            entity: i,
        });
    }
}

/// Unknown acronyms listed beside known bodies: "UNODC, ILO, IOM, ICMPD,
/// and SSDO".
/// `spans` indexes `found` (synced here), so that neither question reads
/// every name of the document.
pub(super) fn lists(
    sc: &mut Scan<'_>,
    text: &str,
    s: &Sentence,
    toks: &[Token<'_>],
    spans: &mut SpanIndex,
) {
    let g = sc.reg.g;
    let Scan {
        reg,
        found,
        non_org_acronyms,
        ..
    } = sc;
    spans.sync(found);
    if spans.count_within(s.start, s.end, 2) >= 2 {
        for (ti, t) in toks.iter().enumerate() {
            let bare = t.bare();
            if !t.all_caps()
                || bare.len() > 7
                || non_org_acronyms.contains(bare)
                || reg.find(bare).is_some()
                || g.is_place(bare)
            {
                continue;
            }
            let in_list = |k: usize| spans.covers(toks[k].start, toks[k].end);
            let listed = |a: usize, b: usize| {
                let gap = text[toks[a].end..toks[b].start].trim();
                matches!(gap, "," | "and" | ", and" | "&" | "/")
            };
            let prev = (0..ti).rev().find(|k| toks[*k].text != "and");
            let next = (ti + 1..toks.len()).find(|k| toks[*k].text != "and");
            let left = prev.is_some_and(|k| listed(k, ti) && in_list(k));
            let right = next.is_some_and(|k| listed(ti, k) && in_list(k));
            if left || right {
                let i = reg.add(bare, bare, Kind::Other, "");
                found.push(Found {
                    start: t.start,
                    end: t.end,
                    entity: i,
                });
                spans.sync(found);
            }
        }
    }
}
