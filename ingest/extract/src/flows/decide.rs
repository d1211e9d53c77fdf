//! The decision: candidates above the bar become flows; one flow per
//! pair and amount; a flow without an amount joins one with an amount; a
//! government and its own ministry giving the same money are one giver.

use std::collections::HashMap;

use tipwatch_proto::pb::{FundingStatus, OrganisationKind as Kind};

use super::roles::Party;
use super::{Candidate, FlowFound, BAR};
use crate::money::MoneyMention;
use crate::orgs::Orgs;

/// Keeps candidates above the bar; one flow per pair and amount; a flow
/// without amount joins one with an amount; a government and its own
/// ministry giving the same money are one giver.
pub(super) fn decide(
    cands: Vec<Candidate>,
    orgs: &mut Orgs,
    money: &[MoneyMention],
) -> Vec<FlowFound> {
    let mut out: Vec<FlowFound> = Vec::new();
    let mut heads: Vec<bool> = Vec::new();
    // Flows of `out` by (funder, recipient), in order.
    let mut by_pair: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let amt = |a: Option<usize>| a.map(|k| &money[k].amount);
    for c in cands.into_iter().filter(|c| c.score >= BAR) {
        let mut resolve = |p: &Party| match p {
            Party::Org(r) => *r,
            Party::Country(name) => orgs.government_or_new(name),
        };
        let recipient = resolve(&c.recipient);
        let funder = resolve(&c.funder);
        if recipient == funder || related(orgs, recipient, funder) {
            continue;
        }
        let fl = FlowFound {
            funder,
            recipient,
            amount: c.amount,
            status: c.status,
            sentence: c.sentence,
        };
        let pair = by_pair.entry((fl.funder, fl.recipient)).or_default();
        let same = pair.iter().copied().find(|&k| {
            let x = &out[k];
            x.amount.is_none() || fl.amount.is_none() || amt(x.amount) == amt(fl.amount)
        });
        match same {
            Some(k) => {
                if out[k].amount.is_none() && fl.amount.is_some() {
                    out[k].amount = fl.amount;
                    out[k].sentence = fl.sentence;
                }
                if out[k].status == FundingStatus::Unspecified {
                    out[k].status = fl.status;
                }
            }
            None => {
                pair.push(out.len());
                out.push(fl);
                heads.push(c.headline);
            }
        }
    }
    // A headline rounds or converts the body's amount: where the body
    // gives the same pair another amount, the headline's is not a gift.
    let snapshot = out.clone();
    let mut k = 0;
    out.retain(|f| {
        let head = heads[k];
        k += 1;
        !(head
            && f.amount.is_some()
            && by_pair[&(f.funder, f.recipient)].iter().any(|&j| {
                let (o, h) = (&snapshot[j], heads[j]);
                !h && o.amount.is_some() && amt(o.amount) != amt(f.amount)
            }))
    });
    let snapshot = out.clone();
    out.retain(|f| {
        let g = &orgs.entities[f.funder];
        g.kind != Kind::Government
            || !snapshot.iter().any(|o| {
                let body = &orgs.entities[o.funder];
                o.funder != f.funder
                    && body.kind == Kind::GovernmentBody
                    && body.country == g.country
                    && o.recipient == f.recipient
                    && (f.amount.is_none() || amt(o.amount) == amt(f.amount))
            })
    });
    out
}

/// True when one body is an office or part of the other.
fn related(orgs: &Orgs, a: usize, b: usize) -> bool {
    orgs.entities[a].parent == Some(b) || orgs.entities[b].parent == Some(a)
}
