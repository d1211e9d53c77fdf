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
mod propose;
pub mod roles;
#[cfg(test)]
mod tests;

use tipwatch_proto::pb::{FundingStatus, OrganisationKind as Kind};

use crate::money::MoneyMention;
use crate::orgs::{OrgMention, Orgs};
use crate::sentences::Sentence;
use cues::Form;
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
        // Money is sorted by start: the sentence's amounts are one run.
        let lo = money.partition_point(|m| m.start < s.start);
        let inside = || {
            (lo..money.len())
                .take_while(|k| money[*k].start <= s.end)
                .filter(|k| money[*k].end <= s.end)
        };
        if per[si].is_empty() && inside().next().is_none() {
            continue;
        }
        let ms: Vec<&OrgMention> = orgs.within(s.start, s.end).collect();
        let amounts: Vec<usize> = inside()
            .filter(|k| money[*k].equivalent_of.is_none() && !blocked(&money[*k]))
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
            propose::propose(&cx, x, prev_end, si, &actor, orgs, &mut cands);
            prev_end = x.end;
        }
        agreements::between(&cx, si, orgs, &mut cands);
    }
    decide::decide(cands, orgs, money)
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
