//! Stage 8, one cue at a time: the candidates a cue proposes, with their
//! scores. The cue's form (active or passive verb, "with support from",
//! "-funded" adjective, funding noun) says where in its clause the giver
//! and the recipient are read.

use tipwatch_proto::pb::OrganisationKind as Kind;

use super::cues::{self, Class, Form, Tense};
use super::roles::{self, Party};
use super::{agreements, floor, last_word, status_of, Candidate, Ctx};
use crate::orgs::{OrgMention, Orgs};

const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being"];
const NOUN_BEFORE: &[&str] = &[
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "that",
    "further",
    "additional",
    "new",
    "other",
    "more",
    "of",
    "from",
    "with",
    "for",
    "our",
    "total",
    "initial",
    "such",
];

/// Tells whether `channel` is a national body of the same country as every
/// giver (a government or ministry and its own agency).
fn same_country_channel(orgs: &Orgs, funders: &[Party], channel: usize) -> bool {
    let country = &orgs.entities[channel].country;
    !country.is_empty()
        && funders.iter().all(|f| match f {
            Party::Org(i) => orgs.entities[*i].country == *country,
            Party::Country(c) => c == country,
        })
}

/// The candidates one cue proposes.
pub(super) fn propose(
    cx: &Ctx<'_>,
    x: &cues::Hit,
    prev_end: usize,
    si: usize,
    actor: &[usize],
    orgs: &Orgs,
    out: &mut Vec<Candidate>,
) {
    let text = cx.text;
    let cue = &cues::get().cues[x.cue];
    let (lo, hi) = roles::clause(text, cx.lo, cx.hi, x.start);
    if hi < x.end {
        return;
    }
    // A subject stands after the cue before this one ("X pledged $N to Y,
    // and Z announced a contribution").
    let new_clause = prev_end < x.start && text[prev_end..x.start].contains(", and ");
    let slo = if new_clause { lo.max(prev_end) } else { lo };
    let slo = relative_subject(text, &cx.ms, slo, x.start);
    let before = last_word(&text[lo..x.start]);
    let amount = cx.amount(x.start, x.end, (lo, hi));
    let status = status_of(&text[lo..hi]);
    let mut push = |funders: &[Party], recipient: Party, amount: Option<usize>, score: f32| {
        for f in funders {
            if recipient != *f {
                out.push(Candidate {
                    funder: f.clone(),
                    recipient: recipient.clone(),
                    amount,
                    score,
                    sentence: si,
                    status,
                    headline: cx.headline,
                });
            }
        }
    };
    let to_phrase =
        |from: usize| roles::phrase_all(text, &cx.ms, from, hi, &["to", "for", "towards", "among"]);
    let orgs_of = |ps: &[Party]| -> Vec<usize> {
        ps.iter()
            .filter_map(|p| match p {
                Party::Org(e) => Some(*e),
                Party::Country(_) => None,
            })
            .collect()
    };
    // Recipient of a funded thing whose clause names no body: the
    // implementer the sentence names, else the story's lead actor.
    let fallback = |funders: &[Party]| -> Option<(Party, f32)> {
        let fs = orgs_of(funders);
        if let Some(i) = cx.implementers.iter().find(|i| !fs.contains(i)) {
            return Some((Party::Org(*i), 0.3));
        }
        actor
            .iter()
            .find(|a| !fs.contains(a) && orgs.entities[**a].kind != Kind::Government)
            .map(|a| (Party::Org(*a), 0.2))
    };
    let mut form = cue.form;
    // "EU funded project", "European Union-(EU) funded": an adjective.
    if form == Form::Verb(Tense::PastOrParticiple)
        && cue.class == Class::Strong
        && !adjective_givers(text, &cx.ms, slo, x.start).is_empty()
        && !text[x.end..hi]
            .split_whitespace()
            .next()
            .is_some_and(|w| NOUN_BEFORE.contains(&w.to_lowercase().as_str()))
    {
        form = Form::Adjective;
    }
    if let Form::Verb(_) = form {
        let after_amount = cx
            .money
            .iter()
            .any(|m| m.end <= x.start && x.start - m.end <= 2);
        if cue.noun
            && (NOUN_BEFORE.contains(&before.as_str())
                || after_amount
                || cx
                    .ms
                    .iter()
                    .any(|m| m.end <= x.start && x.start - m.end <= 1))
        {
            form = Form::Noun;
        }
    }
    match form {
        Form::PassiveBy | Form::Support | Form::Adjective => {
            let funders: Vec<Party> = if form == Form::Adjective {
                adjective_givers(text, &cx.ms, slo, x.start)
                    .into_iter()
                    .map(Party::Org)
                    .collect()
            } else {
                givers_after(text, &cx.ms, x.end, hi)
            };
            if funders.is_empty() {
                return;
            }
            let fs = orgs_of(&funders);
            // "funded by X through Y": Y receives.
            let last = cx
                .ms
                .iter()
                .filter(|m| m.start >= x.end && m.end <= hi && fs.contains(&m.entity))
                .map(|m| m.end)
                .max()
                .unwrap_or(x.end);
            let tail = &text[last..hi];
            let through = tail
                .find("through")
                .filter(|k| tail[..*k].split_whitespace().count() <= 3)
                .map(|k| roles::listed(text, &cx.ms, last + k + 7, hi))
                .filter(|c| !c.is_empty() && form != Form::Adjective);
            // "delivered by", "presented by" without an amount: not money.
            if matches!(cue.class, Class::Money) && amount.is_none() {
                return;
            }
            let base = 0.5;
            // A national body of the giver's own country after "through"
            // ("Japan through its cooperation agency") carries the gift: it
            // is not the recipient.
            let through = through.filter(|ch| !same_country_channel(orgs, &funders, ch[0]));
            if let Some(ch) = through {
                push(&funders, Party::Org(ch[0]), amount, base + 0.4);
                return;
            }
            if let Some((rs, _)) = to_phrase(x.end) {
                for r in rs {
                    push(&funders, r, amount, base + 0.3);
                }
                return;
            }
            let subj: Vec<Party> = roles::subject_party(text, &cx.ms, slo, x.start)
                .into_iter()
                .filter(|e| !funders.contains(e))
                .collect();
            let mut funders = funders;
            let subj = if subj.is_empty() {
                fronted_subject(cx, slo, x, hi, &mut funders)
            } else {
                subj
            };
            if !subj.is_empty() {
                for r in subj {
                    push(&funders, r, amount, base + 0.3);
                }
            } else if let Some((r, sc)) = fallback(&funders) {
                push(&funders, r, amount, base + sc);
            }
        }
        Form::Verb(tense) => {
            let subject = roles::subject_party(text, &cx.ms, slo, x.start);
            let passive = tense == Tense::Participle
                || tense == Tense::PastOrParticiple
                    && (BE.contains(&before.as_str()) || subject.is_empty());
            if cue.class == Class::Receive {
                let from = givers_after_word(text, &cx.ms, x.end, hi, "from");
                if !from.is_empty() {
                    for r in subject {
                        push(&from, r, amount, 0.8);
                    }
                }
                return;
            }
            if cue.class == Class::Sign {
                agreements::sign(cx, x, (lo, hi), amount, &subject, &mut push, orgs);
                return;
            }
            let has_money = amount.is_some() || cx.funding_noun_in(x.start, hi);
            if cue.class == Class::Money && !has_money {
                return;
            }
            if passive {
                // "was handed over to X by Y", "vessels provided today to X";
                // "X has been awarded $N by Y": the subject receives.
                let by = givers_after_word(text, &cx.ms, x.end, hi, "by");
                let Some((rs, _)) = to_phrase(x.end).or_else(|| {
                    let subj: Vec<Party> = subject
                        .iter()
                        .filter(|p| !by.contains(p) && matches!(p, Party::Org(_)))
                        .cloned()
                        .collect();
                    (!subj.is_empty() && BE.contains(&before.as_str())).then_some((subj, 0))
                }) else {
                    return;
                };
                if !by.is_empty() {
                    for r in rs {
                        push(&by, r, amount, 0.7);
                    }
                }
                return;
            }
            if subject.is_empty() {
                return;
            }
            let base = if amount.is_some() { 0.6 } else { 0.4 };
            let fs = orgs_of(&subject);
            // A direct object: "funds IOM", "financed the UNODC".
            let object = roles::listed(text, &cx.ms, x.end, hi);
            if let Some(o) = object.first() {
                push(&subject, Party::Org(*o), amount, base + 0.2);
            } else if let Some((rs, _)) = to_phrase(x.end) {
                for r in rs {
                    push(&subject, r, amount, base + 0.2);
                }
            } else if let Some(r) = project_implementer(cx, x.end, hi, &fs) {
                push(&subject, Party::Org(r), amount, base);
            } else if let Some(c) = amount.and_then(|_| {
                host_in_clause(text, x.end, hi)
                    .or_else(|| host_in_clause(text, cx.lo, x.start))
                    .filter(|c| !gives_for(&subject, c, orgs))
            }) {
                push(&subject, Party::Country(c), amount, base - 0.1);
            }
        }
        Form::Noun => {
            // "funding from X", "X's grant", "a contribution of $N to Y".
            // "a contribution of USD 500,000 from X": past the amount.
            let at = cx
                .money
                .iter()
                .find(|m| {
                    m.start >= x.end
                        && m.end <= hi
                        && text[x.end..m.start].trim().eq_ignore_ascii_case("of")
                })
                .map_or(x.end, |m| m.end);
            // The word stands right after the noun; the bodies it names run
            // to the clause's end.
            let near = floor(text, (at + 12).min(hi));
            let from: Vec<Party> = ["from", "of"]
                .iter()
                .map(|w| {
                    word_at(&text[at..near], w)
                        .map(|k| givers_after(text, &cx.ms, at + k + w.len(), hi))
                        .unwrap_or_default()
                })
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            let modifier = noun_modifier(cx, slo, x.start);
            let from_phrase = !from.is_empty();
            let funders: Vec<Party> = if from_phrase {
                from
            } else if let Some(m) = modifier {
                vec![Party::Org(m)]
            } else {
                roles::subject_party(text, &cx.ms, slo, x.start)
            };
            if funders.is_empty() || cue.class == Class::Money && amount.is_none() {
                return;
            }
            let fs = orgs_of(&funders);
            let base = if amount.is_some() { 0.6 } else { 0.3 };
            if let Some((rs, _)) = to_phrase(x.end) {
                for r in rs {
                    push(&funders, r, amount, base + 0.2);
                }
            } else if let Some(r) = project_implementer(cx, x.end, hi, &fs) {
                push(&funders, Party::Org(r), amount, base);
            } else if from_phrase {
                let subj: Vec<Party> = roles::subject_party(text, &cx.ms, slo, x.start)
                    .into_iter()
                    .filter(|e| !funders.contains(e))
                    .collect();
                let mut funders = funders.clone();
                let subj = if subj.is_empty() {
                    fronted_subject(cx, slo, x, hi, &mut funders)
                } else {
                    subj
                };
                if let Some(r) = subj.first() {
                    push(&funders, r.clone(), amount, base + 0.2);
                } else if let Some((r, sc)) = fallback(&funders) {
                    push(&funders, r, amount, base + sc);
                }
            }
        }
        Form::Implement { .. } => {}
    }
}

/// The givers named right after `from`: bodies, else a country.
fn givers_after(text: &str, ms: &[&OrgMention], from: usize, hi: usize) -> Vec<Party> {
    let list = roles::listed(text, ms, from, hi);
    if list.is_empty() {
        roles::country_at(text, from, hi)
            .map(Party::Country)
            .into_iter()
            .collect()
    } else {
        list.into_iter().map(Party::Org).collect()
    }
}

/// The givers named after the first `word` ("by", "from") in `[from, hi)`.
fn givers_after_word(
    text: &str,
    ms: &[&OrgMention],
    from: usize,
    hi: usize,
    word: &str,
) -> Vec<Party> {
    word_at(&text[from..hi], word)
        .map(|at| givers_after(text, ms, from + at + word.len(), hi))
        .unwrap_or_default()
}

/// Where `word` first stands as a whole word in `seg`.
fn word_at(seg: &str, word: &str) -> Option<usize> {
    let mut k = 0;
    while let Some(i) = seg[k..].find(word) {
        let at = k + i;
        let bounded = seg[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
            && seg[at + word.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
        if bounded {
            return Some(at);
        }
        k = at + word.len();
    }
    None
}

/// "X and Y funded", "X-funded": the bodies right before the cue.
fn adjective_givers(text: &str, ms: &[&OrgMention], lo: usize, at: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut cursor = at;
    for m in ms.iter().rev().filter(|m| m.end <= at && m.start >= lo) {
        let gap = text[m.end..cursor]
            .trim()
            .trim_start_matches([')', '-'])
            .trim();
        let bracket = gap.starts_with('(') && gap.ends_with(')') && gap.len() < 9;
        if gap.is_empty() || matches!(gap, "and" | "," | ", and" | "/") || bracket {
            if !out.contains(&m.entity) {
                out.push(m.entity);
            }
            cursor = m.start;
        } else {
            break;
        }
    }
    out
}

/// The body that qualifies a funding noun: "JTIP funding", "the U.S.
/// contribution", "Japan's grant".
fn noun_modifier(cx: &Ctx<'_>, lo: usize, at: usize) -> Option<usize> {
    cx.ms
        .iter()
        .rfind(|m| m.start >= lo && m.end <= at)
        .filter(|m| {
            // "Japan's $2 million grant", "the EU's new grant".
            let mut gap = cx.text[m.end..at].to_owned();
            // Money is sorted by start: skip to the first after the body.
            let first = cx.money.partition_point(|k| k.start < m.end);
            let between = cx.money[first..].iter().take_while(|k| k.start <= at);
            for k in between.filter(|k| k.end <= at) {
                gap = gap.replace(&cx.text[k.start..k.end], " ");
            }
            gap.split_whitespace()
                .all(|w| matches!(w, "'s" | "’s" | "new" | "additional" | "total" | "-"))
        })
        .map(|m| m.entity)
}

/// "for the project, which will be implemented by X": the implementer of
/// the project the money is for.
fn project_implementer(cx: &Ctx<'_>, from: usize, hi: usize, funders: &[usize]) -> Option<usize> {
    let seg = cx.text[from..hi.max(from)].to_lowercase();
    let names_project = [
        "project",
        "programme",
        "program",
        "initiative",
        "activities",
    ]
    .iter()
    .any(|w| seg.contains(w));
    if !names_project {
        return None;
    }
    cx.nearby.iter().copied().find(|i| !funders.contains(i))
}

/// "£2m to stem trafficking in Albania", "the U.S. Embassy in Moldova
/// ... would earmark $N": the first country after "in" in `[from, hi)`.
fn host_in_clause(text: &str, from: usize, hi: usize) -> Option<String> {
    let seg = &text[from..hi];
    seg.match_indices(" in ")
        .find_map(|(k, _)| roles::country_at(text, from + k + 4, hi))
}

/// True when `country` is the giver itself or the country of a giving body
/// (the money does not go to the giver's own government).
fn gives_for(givers: &[Party], country: &str, orgs: &Orgs) -> bool {
    givers.iter().any(|g| match g {
        Party::Country(c) => c == country,
        Party::Org(i) => orgs.entities[*i].country == country,
    })
}

/// Where the subject of a cue inside a relative clause is read: "X, which
/// is funded by Y" reads X; "the programme, which will be delivered by Y"
/// reads nothing before "which" (the programme is no body), so the clause's
/// main subject never takes the relative's role.
fn relative_subject(text: &str, ms: &[&OrgMention], lo: usize, at: usize) -> usize {
    let seg = &text[lo..at];
    let Some((k, rel)) = [", which ", ", who ", ", that "]
        .iter()
        .filter_map(|r| seg.rfind(r).map(|k| (k, *r)))
        .max_by_key(|(k, _)| *k)
    else {
        return lo;
    };
    let r = lo + k;
    let antecedent = ms.iter().find(|m| {
        m.start >= lo && m.end <= r && text[m.end..r].trim_matches([' ', ')']).is_empty()
    });
    antecedent.map_or(r + rel.len(), |m| m.start)
}

/// "With funding of EUR 2m from X, Y will train ...", "Thanks to a grant
/// from X, Y opened ...": a phrase at the head of the clause names the
/// giver; the body after its closing comma, followed by its verb, is the
/// subject and receives. A list of givers read past that comma gives the
/// subject back.
fn fronted_subject(
    cx: &Ctx<'_>,
    lo: usize,
    x: &cues::Hit,
    hi: usize,
    funders: &mut Vec<Party>,
) -> Vec<Party> {
    let head = cx.text[lo..x.start].trim_start();
    let lead = head.split_whitespace().next().unwrap_or("").to_lowercase();
    let fronted = head.is_empty()
        || ["with", "thanks", "through", "under", "owing", "via"].contains(&lead.as_str());
    if !fronted || head.split_whitespace().count() > 5 || head.contains(',') {
        return Vec::new();
    }
    // The first body after a comma that a lower-case word (its verb)
    // follows, bracketed acronym aside.
    let after_comma = cx.ms.iter().find(|m| {
        m.start >= x.end
            && m.end <= hi
            && cx.text[x.end..m.start]
                .trim_end()
                .trim_end_matches("the")
                .trim_end()
                .ends_with(',')
            && {
                let rest = cx.text[m.end..hi].trim_start();
                let rest = if rest.starts_with('(') {
                    rest.find(')').map_or(rest, |k| rest[k + 1..].trim_start())
                } else {
                    rest
                };
                rest.starts_with(|c: char| c.is_lowercase())
            }
    });
    let Some(m) = after_comma else {
        return Vec::new();
    };
    let subj = Party::Org(m.entity);
    funders.retain(|f| *f != subj);
    if funders.is_empty() {
        return Vec::new();
    }
    vec![subj]
}
