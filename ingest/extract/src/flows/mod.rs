//! Stage 8: funding flows as a scored decision. The cues of
//! `data/flow_cues.tsv` (verb families in every tense and voice, funding
//! nouns, "with support from" phrases) are found in one pass; each cue
//! proposes candidates whose roles come from its clause: the giver is the
//! subject of an active verb, the body after "by"/"from"/"of" or before
//! "-funded"; the recipient is the body after "to"/"for"/"among", the
//! subject of a passive or "receive" clause, or the implementer the
//! sentence names for the funded project. Each candidate carries a score;
//! candidates below the bar are dropped, and where the text names no
//! recipient the cue proposes nothing. Several cues and amounts per
//! sentence are read; an amount restating another in a second currency,
//! and amounts for salaries, fees or each person, are not gifts.

mod agreements;
pub mod cues;
mod decide;
pub mod roles;
#[cfg(test)]
mod tests;

use tipwatch_proto::pb::{FundingStatus, OrganisationKind as Kind};

use crate::money::MoneyMention;
use crate::orgs::{OrgMention, Orgs};
use crate::sentences::Sentence;
use cues::{Class, Form, Tense};
use roles::Party;

/// A funding flow found in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowFound {
    /// Organisation that gives.
    pub funder: usize,
    /// Organisation that receives or implements.
    pub recipient: usize,
    /// Index of the amount in the money mentions.
    pub amount: Option<usize>,
    /// Status where the text says.
    pub status: FundingStatus,
    /// The sentence it was read from.
    pub sentence: usize,
}

/// A proposed flow before the decision.
#[derive(Clone, Debug)]
struct Candidate {
    funder: Party,
    recipient: Party,
    amount: Option<usize>,
    score: f32,
    sentence: usize,
    status: FundingStatus,
    /// Read from a headline (a line without final punctuation).
    headline: bool,
}

/// Candidates scoring below this are not reported.
const BAR: f32 = 0.5;

/// How likely a body is to be the giving side of a signed grant.
fn donor_rank(k: Kind) -> u8 {
    match k {
        Kind::Government => 5,
        Kind::RegionalBody => 4,
        Kind::GovernmentBody => 3,
        Kind::UnAgency | Kind::Intergovernmental => 2,
        Kind::Private => 1,
        _ => 0,
    }
}

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
const AGREEMENTS: &[&str] = &[
    "agreement",
    "mou",
    "memorandum",
    "grant",
    "contract",
    "compact",
    "deal",
    "partnership",
];

fn last_word(s: &str) -> String {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .rfind(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase()
}

/// What one sentence offers the cues in it.
struct Ctx<'a> {
    text: &'a str,
    ms: Vec<&'a OrgMention>,
    money: &'a [MoneyMention],
    /// Amount indices usable as gifts in this sentence.
    amounts: Vec<usize>,
    implementers: Vec<usize>,
    /// Implementers named in the story's sentences around this one.
    nearby: Vec<usize>,
    lo: usize,
    hi: usize,
    headline: bool,
}

impl Ctx<'_> {
    /// The amount a cue at `[a, b)` gives inside its clause: the first one
    /// after it, else the last one before it.
    fn amount(&self, a: usize, b: usize, c: (usize, usize)) -> Option<usize> {
        let inside = |k: &&usize| self.money[**k].start >= c.0 && self.money[**k].end <= c.1;
        self.amounts
            .iter()
            .filter(inside)
            .find(|k| self.money[**k].start >= b)
            .or_else(|| {
                self.amounts
                    .iter()
                    .filter(inside)
                    .rfind(|k| self.money[**k].end <= a)
            })
            .copied()
    }

    fn funding_noun_in(&self, lo: usize, hi: usize) -> bool {
        let s = self.text[lo..hi].to_lowercase();
        [
            "fund",
            "grant",
            "financ",
            "donation",
            "contribution",
            "budget",
        ]
        .iter()
        .any(|w| s.contains(w))
    }
}

/// Finds the funding flows of a document.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    story_of: &dyn Fn(usize) -> usize,
    story_title_orgs: &[Vec<usize>],
    orgs: &mut Orgs,
    money: &[MoneyMention],
) -> Vec<FlowFound> {
    let table = cues::get();
    let hits = table.scan(text);
    if hits.is_empty() {
        return Vec::new();
    }
    let blocked = |m: &MoneyMention| {
        let before = &text[floor(text, m.start.saturating_sub(24))..m.start];
        let after = &text[m.end..floor(text, (m.end + 24).min(text.len()))];
        let after = &after[..after.find(['.', ';']).unwrap_or(after.len())];
        let near = format!("{} {}", last_word(before), after.to_lowercase());
        near.split(|c: char| !c.is_alphanumeric())
            .take(4)
            .any(|w| table.blockers.iter().any(|b| b == w))
    };
    // Hits per sentence, and the implementers each sentence names.
    let mut per: Vec<Vec<cues::Hit>> = vec![Vec::new(); sentences.len()];
    let mut h = 0;
    for (si, s) in sentences.iter().enumerate() {
        while h < hits.len() && hits[h].start < s.start {
            h += 1;
        }
        per[si] = hits[h..]
            .iter()
            .take_while(|x| x.end <= s.end)
            .copied()
            .collect();
    }
    let implementers: Vec<Vec<usize>> = sentences
        .iter()
        .zip(&per)
        .map(|(s, here)| {
            let mut found = Vec::new();
            for x in here {
                if let Form::Implement { after } = table.cues[x.cue].form {
                    let ms: Vec<&OrgMention> = orgs.within(s.start, s.end).collect();
                    if after {
                        found.extend(roles::listed(text, &ms, x.end, s.end));
                    } else {
                        found.extend(
                            ms.iter()
                                .filter(|m| m.end <= x.start && x.start - m.end <= 4)
                                .map(|m| m.entity),
                        );
                    }
                }
            }
            found
        })
        .collect();
    let mut cands: Vec<Candidate> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        if per[si].is_empty() && !money.iter().any(|m| m.start >= s.start && m.end <= s.end) {
            continue;
        }
        let ms: Vec<&OrgMention> = orgs.within(s.start, s.end).collect();
        let amounts: Vec<usize> = money
            .iter()
            .enumerate()
            .filter(|(_, m)| m.start >= s.start && m.end <= s.end)
            .filter(|(_, m)| m.equivalent_of.is_none() && !blocked(m))
            .map(|(k, _)| k)
            .collect();
        let story = story_of(s.start);
        let nearby: Vec<usize> = (si.saturating_sub(3)..(si + 6).min(sentences.len()))
            .filter(|k| story_of(sentences[*k].start) == story)
            .flat_map(|k| implementers[k].iter().copied())
            .collect();
        let cx = Ctx {
            text,
            ms,
            money,
            amounts,
            implementers: implementers[si].clone(),
            nearby,
            lo: s.start,
            hi: s.end,
            headline: {
                let t = text[s.start..s.end].trim_end();
                t.len() < 200 && !t.ends_with(['.', '!', '?', '"', '”', ':'])
            },
        };
        let actor = story_title_orgs.get(story).cloned().unwrap_or_default();
        // A cue inside a body's name ("Children's Fund") is no cue.
        let mut prev_end = s.start;
        for x in per[si]
            .iter()
            .filter(|x| !cx.ms.iter().any(|m| m.start < x.end && x.start < m.end))
        {
            propose(&cx, x, prev_end, si, &actor, orgs, &mut cands);
            prev_end = x.end;
        }
        agreements::between(&cx, si, orgs, &mut cands);
    }
    decide::decide(cands, orgs, money)
}

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
fn propose(
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
        |from: usize| roles::phrase(text, &cx.ms, from, hi, &["to", "for", "towards", "among"]);
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
            if let Some((r, _)) = to_phrase(x.end) {
                push(&funders, r, amount, base + 0.3);
                return;
            }
            let subj: Vec<Party> = roles::subject_party(text, &cx.ms, slo, x.start)
                .into_iter()
                .filter(|e| !funders.contains(e))
                .collect();
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
                // "was handed over to X by Y", "vessels provided today to X".
                let Some((r, _)) = to_phrase(x.end) else {
                    return;
                };
                let by = givers_after_word(text, &cx.ms, x.end, hi, "by");
                if !by.is_empty() {
                    push(&by, r, amount, 0.7);
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
            } else if let Some((r, _)) = to_phrase(x.end) {
                push(&subject, r, amount, base + 0.2);
            } else if let Some(r) = project_implementer(cx, x.end, hi, &fs) {
                push(&subject, Party::Org(r), amount, base);
            } else if let Some(c) = amount.and_then(|_| host_in_clause(text, x.end, hi)) {
                push(&subject, Party::Country(c), amount, base - 0.1);
            }
        }
        Form::Noun => {
            // "funding from X", "X's grant", "a contribution of $N to Y".
            let from: Vec<Party> = ["from", "of"]
                .iter()
                .map(|w| {
                    givers_after_word(text, &cx.ms, x.end, floor(text, (x.end + 12).min(hi)), w)
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
            if let Some((r, _)) = to_phrase(x.end) {
                push(&funders, r, amount, base + 0.2);
            } else if let Some(r) = project_implementer(cx, x.end, hi, &fs) {
                push(&funders, Party::Org(r), amount, base);
            } else if from_phrase {
                let subj: Vec<Party> = roles::subject_party(text, &cx.ms, slo, x.start)
                    .into_iter()
                    .filter(|e| !funders.contains(e))
                    .collect();
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
    let seg = &text[from..hi];
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
            return givers_after(text, ms, from + at + word.len(), hi);
        }
        k = at + word.len();
    }
    Vec::new()
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
            for k in cx.money.iter().filter(|k| k.start >= m.end && k.end <= at) {
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

/// "£2m to stem trafficking in Albania": the country the money is for.
fn host_in_clause(text: &str, from: usize, hi: usize) -> Option<String> {
    let seg = &text[from..hi];
    let k = seg.find(" in ")?;
    roles::country_at(text, from + k + 4, hi)
}

/// The status a clause states.
fn status_of(clause: &str) -> FundingStatus {
    let c = clause.to_lowercase();
    let any = |ws: &[&str]| ws.iter().any(|w| c.contains(w));
    if any(&["will ", "would ", "pledge", "to provide", "plans to"]) {
        FundingStatus::Pledged
    } else if any(&[
        "handed over",
        "disbursed",
        "delivered",
        "received",
        "donated",
    ]) {
        FundingStatus::Disbursed
    } else if any(&[
        "signed",
        "agreement",
        "approved",
        "allocated",
        "committed",
        "earmarked",
    ]) {
        FundingStatus::Committed
    } else {
        FundingStatus::Unspecified
    }
}

/// The char boundary at or before `i`.
fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
