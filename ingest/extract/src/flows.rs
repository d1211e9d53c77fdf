//! Stage 8: funding flows. A flow needs a funder cue in a sentence:
//! "funded by X", "X-funded", "with (financial) support from X", "with
//! funding from X", a country or body that provides, donates, grants,
//! earmarks or budgets an amount, or "X signed a $N agreement with Y".
//! The recipient is the body the money goes "to", "for" or "with", the
//! subject that works under the funding, the implementer the story names
//! ("implemented by", "carried out by"), the chain's previous giver, or
//! the host government of "work in <Country>". Flows of one pair are one
//! flow; the one with an amount is kept.

use std::sync::OnceLock;

use regex::Regex;
use tipwatch_proto::pb::{FundingStatus, OrganisationKind as Kind};

use crate::gazetteer;
use crate::money::MoneyMention;
use crate::orgs::{OrgMention, Orgs};
use crate::sentences::Sentence;

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

struct Patterns {
    funded_by: Regex,
    adj_funded: Regex,
    verb: Regex,
    signed_with: Regex,
    implementer: Regex,
    passive_by: Regex,
    passive_to: Regex,
    to_for_with: Regex,
    pledged: Regex,
    committed: Regex,
    disbursed: Regex,
    intent: Regex,
    host: Regex,
    grant_word: Regex,
    boilerplate: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        funded_by: Regex::new(r"(?i)\b(?:funded|financed|sponsored|supported|bankrolled|made possible)\s+by\b|\bwith\s+(?:the\s+)?(?:generous\s+|kind\s+)?(?:financial\s+|technical and financial\s+)?(?:support|funding|assistance|contributions?|grants?|backing)\s+(?:of|from)\b|\bwith\s+funds?\s+from\b|\bthanks\s+to\s+(?:funding|financial support|a grant|a contribution)\s+from\b").unwrap(),
        adj_funded: Regex::new(r"(?:-|\s)(?:\([A-Z]{2,6}\)\s?)?funded\b").unwrap(),
        verb: Regex::new(r"(?i)\b(?:provides?|provided|providing|donates?|donated|donating|contributes?|contributed|contributing|grants?|granted|pledges?|pledged|allocates?|allocated|earmarks?|earmarked|awards?|awarded|disburses?|disbursed|commits?|committed|gives?|gave|finances?|financed|financing|funds?|funded|budget of|set aside|to finance|to fund|contribution of|donation of|pledge of)\b").unwrap(),
        signed_with: Regex::new(r"(?i)\bsign(?:s|ed)?\s+(?:an?\s+)?(?:[^.]|\.\d){0,40}?(?:agreement|mou|memorandum|grant|contract|compact|partnership)\b").unwrap(),
        implementer: Regex::new(r"(?i)\b(?:implemented|carried out|executed|managed|run)\s+by\b|\bimplementing\s+partners?\b|\bis\s+(?:responsible\s+for\s+)?implementing\b|\bimplements\b").unwrap(),
        passive_by: Regex::new(r"(?i)\b(?:presented|handed over|donated|provided|given|delivered|supplied|procured)\s+by\b").unwrap(),
        passive_to: Regex::new(r"(?i)\b(?:presented|handed over|donated|provided|given|delivered|supplied)\s+to\b").unwrap(),
        to_for_with: Regex::new(r"(?i)\b(?:to|for|with|towards)\b").unwrap(),
        pledged: Regex::new(r"(?i)\b(?:will|would|pledged?|pledges|announced|to provide|plans? to|intends? to)\b").unwrap(),
        committed: Regex::new(r"(?i)\b(?:signed|agreement|approved|allocated|committed|earmarked|budget)\b").unwrap(),
        disbursed: Regex::new(r"(?i)\b(?:handed over|presented|disbursed|delivered|donated|received)\b").unwrap(),
                intent: Regex::new(r"(?i)\b(?:if|could|might|should)\b").unwrap(),
                grant_word: Regex::new(r"(?i)\b(?:grants?|funds|funding|financial support|donation)\b").unwrap(),
        boilerplate: Regex::new(r"^About\s+[^:]{1,60}:").unwrap(),
        host: Regex::new(r"\bin ([A-Z][\p{L}]+(?: [A-Z][\p{L}]+){0,2})").unwrap(),
    })
}

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

/// Finds the funding flows of a document.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    story_of: &dyn Fn(usize) -> usize,
    story_title_orgs: &[Vec<usize>],
    orgs: &mut Orgs,
    money: &[MoneyMention],
) -> Vec<FlowFound> {
    let p = patterns();
    let mut flows: Vec<FlowFound> = Vec::new();
    // Funders whose recipient the sentence did not name, resolved at the end.
    // (funder, amount, sentence, co-funders named with it)
    let mut open: Vec<(usize, Option<usize>, usize, Vec<usize>)> = Vec::new();

    for (si, s) in sentences.iter().enumerate() {
        let sent = &text[s.start..s.end];
        let ms: Vec<&OrgMention> = orgs.within(s.start, s.end).collect();
        if ms.is_empty() || p.boilerplate.is_match(sent) {
            continue;
        }
        let amount = money
            .iter()
            .position(|m| m.start >= s.start && m.end <= s.end);
        let mut pairs: Vec<(usize, Option<usize>)> = Vec::new();
        let at = |off: usize| s.start + off;

        // "funded by X", "with support from X" (a list of funders).
        if let Some(m) = p.funded_by.find(sent) {
            let funders = listed_after(text, &ms, at(m.end()), orgs);
            let before: Vec<usize> = ms
                .iter()
                .filter(|x| x.end <= at(m.start()))
                .map(|x| x.entity)
                .collect();
            let recipient = before.iter().rev().copied().find(|r| !funders.contains(r));
            for (k, f) in funders.iter().enumerate() {
                // "EU/UNODC": the first funds through the second.
                if let Some(next) = funders.get(k + 1) {
                    let between = text_between(text, &ms, *f, *next);
                    if between.trim() == "/" {
                        pairs.push((*f, Some(*next)));
                        continue;
                    }
                }
                pairs.push((*f, recipient));
            }
        }
        // "EU-funded", "EU and German funded".
        for m in p.adj_funded.find_iter(sent) {
            let end = at(m.start());
            let mut funders: Vec<usize> = Vec::new();
            let mut cursor = end;
            for x in ms.iter().rev().filter(|x| x.end <= end) {
                let gap = text[x.end..cursor].trim();
                let gap = gap.trim_start_matches('-').trim();
                if gap.is_empty()
                    || gap == "and"
                    || gap == ","
                    || gap.starts_with('(') && gap.ends_with(')') && gap.len() < 9
                {
                    funders.push(x.entity);
                    cursor = x.start;
                } else {
                    break;
                }
            }
            if funders.is_empty() {
                continue;
            }
            // The body that works under the funding is named before it
            // ("UNODC, under the EU-funded initiative"); else the story says.
            let recipient = ms
                .iter()
                .filter(|x| x.end <= cursor)
                .map(|x| x.entity)
                .rfind(|e| !funders.contains(e));
            for f in funders {
                pairs.push((f, recipient));
            }
        }
        // "X signed a $N agreement with Y", "X and Y signed a grant".
        if let (Some(m), Some(a)) = (p.signed_with.find(sent), amount) {
            let before: Vec<usize> = ms
                .iter()
                .filter(|x| x.end <= at(m.start()))
                .map(|x| x.entity)
                .collect();
            let after: Vec<usize> = ms
                .iter()
                .filter(|x| x.start >= money[a].end)
                .map(|x| x.entity)
                .collect();
            let mut parties: Vec<usize> = before.clone();
            parties.dedup();
            if let (Some(&f), Some(&r)) = (before.last(), after.first()) {
                let f = if before.len() >= 2 {
                    *before
                        .iter()
                        .max_by_key(|e| donor_rank(orgs.entities[**e].kind))
                        .expect("non-empty")
                } else {
                    f
                };
                pairs.push((f, Some(r)));
            } else if parties.len() >= 2 {
                let f = *parties
                    .iter()
                    .max_by_key(|e| donor_rank(orgs.entities[**e].kind))
                    .expect("non-empty");
                let r = parties
                    .iter()
                    .copied()
                    .filter(|e| *e != f)
                    .min_by_key(|e| donor_rank(orgs.entities[*e].kind));
                if r.is_some_and(|r| {
                    donor_rank(orgs.entities[r].kind) < donor_rank(orgs.entities[f].kind)
                }) {
                    pairs.push((f, r));
                }
            }
        }
        // "X provides $N to Y", "Norway is donating NOK 70 million to IOM".
        if pairs.is_empty() {
            if let Some(m) = p.verb.find(sent) {
                let v = at(m.start());
                let giver = ms
                    .iter()
                    .filter(|x| x.end <= v)
                    .rev()
                    .map(|x| x.entity)
                    .find(|e| donor_rank(orgs.entities[*e].kind) >= 2)
                    .or_else(|| {
                        amount.and(
                            ms.iter()
                                .filter(|x| x.end <= v)
                                .map(|x| x.entity)
                                .next_back(),
                        )
                    });
                let has_money_or_grant = amount.is_some() || p.grant_word.is_match(sent);
                if let Some(f) =
                    giver.filter(|_| has_money_or_grant && !p.intent.is_match(&sent[..m.start()]))
                {
                    let after_from = amount.map_or(at(m.end()), |a| money[a].end.max(at(m.end())));
                    let recipient = p
                        .to_for_with
                        .find_iter(&text[after_from..s.end])
                        .find_map(|w| {
                            ms.iter().find(|x| {
                                x.start >= after_from + w.end()
                                    && x.start <= after_from + w.end() + 12
                                    && x.entity != f
                            })
                        })
                        // "to UN's International Organization for Migration":
                        // the owner of a possessive is not the recipient.
                        .map(|x| {
                            let owned = (text[x.end..].starts_with("'s")
                                || text[x.start..x.end].ends_with("'s"))
                            .then(|| ms.iter().find(|y| y.start >= x.end && y.start <= x.end + 3))
                            .flatten();
                            owned.map_or(x.entity, |y| y.entity)
                        });
                    pairs.push((f, recipient));
                }
            }
            // Later clauses with their own giver and amount: "..., and the
            // SDC announced a contribution of CHF 2.5m to OHCHR".
            let verbs: Vec<regex::Match<'_>> = p.verb.find_iter(sent).collect();
            for w in verbs.windows(2) {
                let (prev, m2) = (w[0], w[1]);
                let (lo, hi) = (at(prev.end()), at(m2.start()));
                let giver = ms
                    .iter()
                    .filter(|x| x.start >= lo && x.end <= hi)
                    .map(|x| x.entity)
                    .rfind(|e| donor_rank(orgs.entities[*e].kind) >= 2);
                let own = money
                    .iter()
                    .position(|mm| mm.start >= at(m2.end()) && mm.end <= s.end);
                if let (Some(f), Some(a)) = (giver, own) {
                    let after = money[a].end;
                    let r = p
                        .to_for_with
                        .find_iter(&text[after..s.end])
                        .find_map(|t| {
                            ms.iter().find(|x| {
                                x.start >= after + t.end()
                                    && x.start <= after + t.end() + 12
                                    && x.entity != f
                            })
                        })
                        .map(|x| x.entity);
                    if let Some(r) = r {
                        flows.push(FlowFound {
                            funder: f,
                            recipient: r,
                            amount: Some(a),
                            status: FundingStatus::Pledged,
                            sentence: si,
                        });
                    }
                }
            }
        }
        // In-kind gifts: "presented to Y" ... "presented by X" (here or next).
        if pairs.is_empty() {
            if let Some(m) = p.passive_to.find(sent) {
                let r = ms
                    .iter()
                    .find(|x| x.start >= at(m.end()) && x.start <= at(m.end()) + 8)
                    .map(|x| x.entity);
                let mut f = p
                    .passive_by
                    .find(sent)
                    .and_then(|b| {
                        ms.iter()
                            .find(|x| x.start >= at(b.end()) && x.start <= at(b.end()) + 8)
                    })
                    .map(|x| x.entity);
                if f.is_none() {
                    if let Some(n) = sentences.get(si + 1) {
                        let ns = &text[n.start..n.end];
                        if let Some(b) = p.passive_by.find(ns) {
                            f = orgs
                                .within(n.start, n.end)
                                .find(|x| {
                                    x.start >= n.start + b.end() && x.start <= n.start + b.end() + 8
                                })
                                .map(|x| x.entity);
                        }
                    }
                }
                if let (Some(f), Some(r)) = (f, r) {
                    pairs.push((f, Some(r)));
                }
            }
        }

        let status = if p.disbursed.is_match(sent) && !p.pledged.is_match(sent) {
            FundingStatus::Disbursed
        } else if p.committed.is_match(sent) {
            FundingStatus::Committed
        } else if p.pledged.is_match(sent) {
            FundingStatus::Pledged
        } else {
            FundingStatus::Unspecified
        };
        let givers: Vec<usize> = pairs.iter().map(|(f, _)| *f).collect();
        for (f, r) in pairs {
            match r {
                Some(r) if r != f => flows.push(FlowFound {
                    funder: f,
                    recipient: r,
                    amount,
                    status,
                    sentence: si,
                }),
                _ => open.push((f, amount, si, givers.clone())),
            }
        }
    }

    // Recipients the sentence left unnamed.
    for (f, amount, si, co) in open {
        // Co-funders of one cue do not fund each other.
        let other = |e: usize| e != f && !co.contains(&e);
        let s = sentences[si];
        let story = story_of(s.start);
        let in_story: Vec<&Sentence> = sentences
            .iter()
            .filter(|x| story_of(x.start) == story)
            .collect();
        // The chain: the giver named just before becomes the recipient.
        let chain = flows
            .iter()
            .filter(|x| x.sentence < si && si - x.sentence <= 3 && other(x.funder))
            .map(|x| x.funder)
            .next_back();
        // The implementers the story names.
        let mut implementers: Vec<usize> = Vec::new();
        for x in &in_story {
            let t = &text[x.start..x.end];
            for m in patterns().implementer.find_iter(t) {
                let pos = x.start + m.start();
                let cand = if t[m.start()..m.end()].ends_with(" by") {
                    orgs.within(x.start + m.end(), x.end).next()
                } else {
                    orgs.within(x.start, pos).last()
                };
                if let Some(c) =
                    cand.filter(|c| other(c.entity) && !implementers.contains(&c.entity))
                {
                    implementers.push(c.entity);
                }
            }
        }
        let title_org = story_title_orgs
            .get(story)
            .into_iter()
            .flatten()
            .copied()
            .find(|e| other(*e) && orgs.entities[*e].kind != Kind::Government);
        // A giver already linked to a recipient in this story gives to it.
        let known = flows
            .iter()
            .filter(|x| x.funder == f && story_of(sentences[x.sentence].start) == story)
            .map(|x| x.recipient)
            .next();
        // "work in Albania": the host country's government.
        let funder_country = orgs.entities[f].country.clone();
        let host = patterns()
            .host
            .captures_iter(&text[s.start..s.end])
            .filter_map(|c| gazetteer::get().country(&c[1]).map(|ct| ct.name.clone()))
            .find(|c| *c != funder_country);
        let recipients: Vec<usize> = if !implementers.is_empty() {
            implementers
        } else if let Some(k) = known {
            vec![k]
        } else if let Some(c) = chain {
            vec![c]
        } else if let Some(t) = title_org {
            vec![t]
        } else if let Some(country) = host {
            vec![orgs.government_or_new(&country)]
        } else {
            // The body the story mentions most, other than the giver.
            let mut counts: Vec<(usize, usize)> = Vec::new();
            for m in orgs
                .mentions
                .iter()
                .filter(|m| story_of(m.start) == story && other(m.entity))
            {
                match counts.iter_mut().find(|(e, _)| *e == m.entity) {
                    Some(c) => c.1 += 1,
                    None => counts.push((m.entity, 1)),
                }
            }
            counts
                .into_iter()
                .max_by_key(|(e, n)| (*n, donor_rank(orgs.entities[*e].kind) == 0))
                .map(|(e, _)| vec![e])
                .unwrap_or_default()
        };
        for r in recipients {
            flows.push(FlowFound {
                funder: f,
                recipient: r,
                amount,
                status: FundingStatus::Unspecified,
                sentence: si,
            });
        }
    }

    // One flow per pair; an amount wins over none; distinct amounts stay.
    let mut out: Vec<FlowFound> = Vec::new();
    for fl in flows {
        let same_pair = |x: &FlowFound| x.funder == fl.funder && x.recipient == fl.recipient;
        let amt = |x: &FlowFound| {
            x.amount.map(|a| {
                (
                    money[a].amount.currency.clone(),
                    money[a].amount.units,
                    money[a].amount.nanos,
                )
            })
        };
        if let Some(k) = out.iter().position(|x| {
            same_pair(x) && (x.amount.is_none() || fl.amount.is_none() || amt(x) == amt(&fl))
        }) {
            if out[k].amount.is_none() && fl.amount.is_some() {
                out[k].amount = fl.amount;
                out[k].sentence = fl.sentence;
            }
            if out[k].status == FundingStatus::Unspecified {
                out[k].status = fl.status;
            }
        } else {
            out.push(fl);
        }
    }
    // A government and its own ministry or embassy giving the same money to
    // the same body are one gift: the more specific giver stays.
    let same_money = |a: &FlowFound, b: &FlowFound| {
        a.recipient == b.recipient
            && (a.amount.is_none()
                || b.amount
                    .is_some_and(|x| a.amount.is_some_and(|y| money[x].amount == money[y].amount)))
    };
    let snapshot = out.clone();
    out.retain(|f| {
        let g = &orgs.entities[f.funder];
        g.kind != Kind::Government
            || !snapshot.iter().any(|o| {
                let body = &orgs.entities[o.funder];
                o.funder != f.funder
                    && body.kind == Kind::GovernmentBody
                    && body.country == g.country
                    && same_money(f, o)
            })
    });
    out
}

/// Entities listed right after `from`: "X, Y, and Z" (a government that
/// only qualifies the ministry before it is not listed apart).
fn listed_after(text: &str, ms: &[&OrgMention], from: usize, orgs: &Orgs) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut cursor = from;
    let mut prev: Option<&OrgMention> = None;
    for m in ms.iter().filter(|m| m.start >= from) {
        let gap = text[cursor..m.start].trim();
        let gap = gap.trim_start_matches("the").trim();
        let ok = gap.is_empty()
            || matches!(
                gap,
                "," | "and" | ", and" | "/" | "and the" | ", the" | "as well as" | "&"
            );
        if !ok {
            break;
        }
        let qualifies = prev.is_some_and(|p| {
            orgs.entities[m.entity].kind == Kind::Government
                && orgs.entities[p.entity].kind == Kind::GovernmentBody
                && gap == ","
        });
        if !qualifies && !out.contains(&m.entity) {
            out.push(m.entity);
        }
        cursor = m.end;
        prev = Some(m);
    }
    out
}

fn text_between<'a>(text: &'a str, ms: &[&OrgMention], a: usize, b: usize) -> &'a str {
    let ma = ms.iter().find(|m| m.entity == a);
    let mb = ms.iter().find(|m| m.entity == b);
    match (ma, mb) {
        (Some(x), Some(y)) if x.end <= y.start => &text[x.end..y.start],
        _ => "",
    }
}
