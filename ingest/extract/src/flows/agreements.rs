//! Signed agreements with an amount: "X signed a $N agreement with Y",
//! "X and Y signed a $N MoU", "a $N agreement between X and Y". The
//! likelier donor of the parties gives to the other.

use tipwatch_proto::pb::OrganisationKind as Kind;

use super::roles::{self, Party};
use super::{cues, donor_rank, status_of, Candidate, Ctx, AGREEMENTS};
use crate::money::MoneyMention;
use crate::orgs::Orgs;

/// Receives (givers, recipient, amount, score) for each flow proposed.
pub(super) type Push<'a> = dyn FnMut(&[Party], Party, Option<usize>, f32) + 'a;

/// The rank of a party as a likely donor; a country acting is its government.
fn party_rank(orgs: &Orgs, p: &Party) -> u8 {
    match p {
        Party::Org(e) => donor_rank(orgs.entities[*e].kind),
        Party::Country(_) => donor_rank(Kind::Government),
    }
}

/// "X signed a $N agreement with Y", "X and Y signed a $N MoU": the
/// likelier donor gives.
pub(super) fn sign(
    cx: &Ctx<'_>,
    x: &cues::Hit,
    (lo, hi): (usize, usize),
    amount: Option<usize>,
    subject: &[Party],
    push: &mut Push<'_>,
    orgs: &Orgs,
) {
    let Some(a) = amount else { return };
    let end = restated_end(cx.money, a);
    // "signed a $N agreement" or "signed an agreement worth $N".
    let before_amount = cx.text[x.end..cx.money[a].start.max(x.end)].to_lowercase();
    let named_before = before_amount.split_whitespace().count() <= 6
        && AGREEMENTS.iter().any(|g| before_amount.contains(g));
    if cx.money[a].start < x.end || !(names_agreement(&cx.text[end..hi]) || named_before) {
        return;
    }
    let _ = lo;
    let with = roles::phrase(cx.text, &cx.ms, x.end, hi, &["with"]);
    parties(subject, with.map(|w| w.0), amount, push, orgs, 0.9);
}

/// One past the last of an amount and the amounts restating it.
fn restated_end(money: &[MoneyMention], a: usize) -> usize {
    money
        .iter()
        .filter(|e| e.equivalent_of == Some(a))
        .map(|e| e.end)
        .max()
        .unwrap_or(money[a].end)
        .max(money[a].end)
}

/// True when one of the next three words names an agreement.
fn names_agreement(after: &str) -> bool {
    after
        .split_whitespace()
        .take(3)
        .any(|w| AGREEMENTS.iter().any(|g| w.to_lowercase().starts_with(g)))
}

/// The flow between the parties of an agreement: the likelier donor gives
/// to the other party named with it.
fn parties(
    side: &[Party],
    other: Option<Party>,
    amount: Option<usize>,
    push: &mut Push<'_>,
    orgs: &Orgs,
    score: f32,
) {
    let rank = |p: &Party| party_rank(orgs, p);
    match (side, other) {
        ([_, ..], Some(r)) => {
            let f = side.iter().max_by_key(|p| rank(p)).expect("non-empty");
            push(std::slice::from_ref(f), r, amount, score);
        }
        ([_, _, ..], None) => {
            let f = side.iter().max_by_key(|p| rank(p)).expect("two");
            if let Some(r) = side.iter().filter(|p| *p != f).min_by_key(|p| rank(p)) {
                if rank(r) < rank(f) {
                    push(std::slice::from_ref(f), r.clone(), amount, score - 0.1);
                }
            }
        }
        _ => {}
    }
}

/// "a EUR 20 million agreement between X and Y".
pub(super) fn between(cx: &Ctx<'_>, si: usize, orgs: &Orgs, out: &mut Vec<Candidate>) {
    for &a in &cx.amounts {
        let end = restated_end(cx.money, a);
        let rest = &cx.text[end..cx.hi];
        if !names_agreement(rest) {
            continue;
        }
        let Some(k) = rest.find(" between ") else {
            continue;
        };
        if rest[..k].split_whitespace().count() > 3 {
            continue;
        }
        let side: Vec<Party> = roles::listed(cx.text, &cx.ms, end + k + 9, cx.hi)
            .into_iter()
            .map(Party::Org)
            .collect();
        let status = status_of(&cx.text[cx.lo..cx.hi]);
        let mut push = |f: &[Party], r: Party, amount: Option<usize>, score: f32| {
            out.extend(f.iter().map(|f| Candidate {
                funder: f.clone(),
                recipient: r.clone(),
                amount,
                score,
                sentence: si,
                status,
                headline: cx.headline,
            }));
        };
        parties(&side, None, Some(a), &mut push, orgs, 0.9);
    }
}
