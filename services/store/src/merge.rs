//! Merging a newly read record into the stored one with the same id.
//!
//! Rules: names and scalar fields already stored are kept, empty ones are
//! filled (a finer event date replaces a coarser one; of a flow's amounts
//! the most precisely stated wins, so that the result does not depend on
//! the order the reports arrived in); aliases, documents,
//! participants, people, evidence and merge decisions are unions in first
//! seen order, each capped (the `MAX_*` constants), so that a record stays
//! small however often it is reported: every mention of a record is kept
//! in the mention index instead (`ListMentions`). Once a record's lists
//! are full, a new report changes nothing and the record is not rewritten.

use tipwatch_proto::pb;

use crate::keys::norm_alias;

/// Most evidence spans kept on one record (and on one mention).
pub const MAX_EVIDENCE: usize = 8;
/// Most document names kept on one record.
pub const MAX_DOCUMENTS: usize = 16;
/// Most aliases kept on one organisation.
pub const MAX_ALIASES: usize = 32;
/// Most participants (organisations) and people kept on one event.
pub const MAX_PARTICIPANTS: usize = 64;
/// Most offices kept on one event.
pub const MAX_OFFICES: usize = 8;
/// Most merge decisions kept on one record.
pub const MAX_MERGES: usize = 16;
/// Longest evidence sentence kept, in characters.
pub const MAX_SENTENCE: usize = 300;

fn union_capped(into: &mut Vec<String>, from: &[String], cap: usize) {
    for s in from {
        if into.len() >= cap {
            break;
        }
        if !into.contains(s) {
            into.push(s.clone());
        }
    }
}

fn union(into: &mut Vec<String>, from: &[String]) {
    union_capped(into, from, MAX_DOCUMENTS);
}

/// Truncates an evidence sentence to [`MAX_SENTENCE`] characters.
pub(crate) fn short_sentence(s: &str) -> String {
    match s.char_indices().nth(MAX_SENTENCE) {
        Some((i, _)) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// Appends merge decisions, at most [`MAX_MERGES`] a record.
pub(crate) fn add_merges(into: &mut Vec<pb::MergeDecision>, from: &[pb::MergeDecision]) {
    for m in from {
        if into.len() >= MAX_MERGES {
            break;
        }
        if !into.iter().any(|x| x.document == m.document) {
            into.push(m.clone());
        }
    }
}

fn fill(into: &mut String, from: &str) {
    if into.is_empty() {
        *into = from.to_owned();
    }
}

fn add_evidence(into: &mut Vec<pb::Evidence>, from: &[pb::Evidence]) {
    for e in from {
        if into.len() >= MAX_EVIDENCE {
            break;
        }
        if !into.contains(e) {
            into.push(e.clone());
        }
    }
}

/// Merges organisation `new` into `old`. Every form of the name stays
/// findable: a new name that differs only in spelling becomes an alias.
pub(crate) fn organisation(old: &mut pb::Organisation, new: &pb::Organisation) {
    fill(&mut old.acronym, &new.acronym);
    fill(&mut old.country, &new.country);
    fill(&mut old.parent, &new.parent);
    if old.kind == 0 {
        old.kind = new.kind;
    }
    let mut forms = vec![new.name.clone()];
    forms.extend(new.aliases.iter().cloned());
    // Prefer the longer full name as display name (a later document may
    // spell the name out where an earlier one gave only the acronym).
    if new.name.len() > old.name.len()
        && !old.name.is_empty()
        && !new.acronym.is_empty()
        && old.name == old.acronym
    {
        forms.push(std::mem::replace(&mut old.name, new.name.clone()));
    }
    for f in forms {
        if old.aliases.len() >= MAX_ALIASES {
            break;
        }
        let n = norm_alias(&f);
        let known = n.is_empty()
            || n == norm_alias(&old.name)
            || n == norm_alias(&old.acronym)
            || old.aliases.iter().any(|a| norm_alias(a) == n);
        if !known {
            old.aliases.push(f);
        }
    }
    union(&mut old.documents, &new.documents);
    add_evidence(&mut old.evidence, &new.evidence);
    add_merges(&mut old.merges, &new.merges);
}

/// Merges person `new` into `old`.
pub(crate) fn person(old: &mut pb::Person, new: &pb::Person) {
    fill(&mut old.title, &new.title);
    fill(&mut old.organisation, &new.organisation);
    union(&mut old.documents, &new.documents);
    add_evidence(&mut old.evidence, &new.evidence);
    add_merges(&mut old.merges, &new.merges);
}

/// Significant digits of an amount as stated: "1.585 million" has 4,
/// "10 million" 1.
fn significant_digits(m: &pb::Money) -> usize {
    let digits = format!("{}{:09}", m.units.unsigned_abs(), m.nanos.unsigned_abs());
    digits.trim_start_matches('0').trim_end_matches('0').len()
}

/// The order in which a flow's amounts are preferred: the most precisely
/// stated first, then the larger, then by currency code, so that the
/// kept amount does not depend on the order of the reports.
fn amount_rank(m: &pb::Money) -> (usize, i64, i32, &str) {
    (
        significant_digits(m),
        m.units,
        m.nanos,
        m.currency_code.as_str(),
    )
}

/// Date precision: 0 unknown, 1 year, 2 month, 3 day.
fn grain(d: Option<&pb::Date>) -> u8 {
    d.map_or(0, |d| {
        (d.year > 0) as u8 + (d.month > 0) as u8 + (d.day > 0) as u8
    })
}

/// Merges funding flow `new` into `old` (same funder, recipient, amount).
/// Whatever the order of the reports, the same amount, date and purpose
/// are kept: the most precisely stated amount (with its range), the
/// finest date (the earlier of two as fine), the longer purpose.
pub(crate) fn funding_flow(old: &mut pb::FundingFlow, new: &pb::FundingFlow) {
    let better = match (&old.amount, &new.amount) {
        (None, Some(_)) => true,
        (Some(a), Some(b)) => amount_rank(b) > amount_rank(a),
        _ => false,
    };
    if better {
        old.amount = new.amount.clone();
        old.amount_upper = new.amount_upper.clone();
    }
    if old.status < new.status {
        old.status = new.status;
    }
    let (go, gn) = (grain(old.date.as_ref()), grain(new.date.as_ref()));
    if gn > go || (gn == go && gn > 0 && date_order(new.date) < date_order(old.date)) {
        old.date = new.date;
    }
    if (new.purpose.len(), &old.purpose) > (old.purpose.len(), &new.purpose) {
        old.purpose = new.purpose.clone();
    }
    fill(&mut old.funder_office, &new.funder_office);
    fill(&mut old.recipient_office, &new.recipient_office);
    union(&mut old.documents, &new.documents);
    add_evidence(&mut old.evidence, &new.evidence);
    add_merges(&mut old.merges, &new.merges);
}

/// Merges event `new` into `old` (same kind and date).
pub(crate) fn event(old: &mut pb::Event, new: &pb::Event) {
    // A finer date (a day where the stored report gave a month) wins.
    if grain(new.date.as_ref()) > grain(old.date.as_ref()) {
        old.date = new.date;
    }
    fill(&mut old.title, &new.title);
    if old.end_date.is_none() {
        old.end_date = new.end_date;
    }
    fill(&mut old.location, &new.location);
    union_capped(&mut old.participants, &new.participants, MAX_PARTICIPANTS);
    union_capped(&mut old.people, &new.people, MAX_PARTICIPANTS);
    union_capped(&mut old.offices, &new.offices, MAX_OFFICES);
    old.attendee_count = old.attendee_count.max(new.attendee_count);
    union(&mut old.documents, &new.documents);
    add_evidence(&mut old.evidence, &new.evidence);
    add_merges(&mut old.merges, &new.merges);
}

/// A date as `(year, month, day)` for ordering.
fn date_order(d: Option<pb::Date>) -> (i32, i32, i32) {
    d.map_or((0, 0, 0), |d| (d.year, d.month, d.day))
}

/// Returns every name form of an organisation: name, acronym and its
/// first [`MAX_ALIASES`] aliases.
pub(crate) fn name_forms(o: &pb::Organisation) -> impl Iterator<Item = &str> {
    std::iter::once(o.name.as_str())
        .chain(std::iter::once(o.acronym.as_str()))
        .chain(o.aliases.iter().take(MAX_ALIASES).map(String::as_str))
        .filter(|s| !norm_alias(s).is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_become_aliases_once() {
        let mut a = pb::Organisation {
            name: "International Organization for Migration".into(),
            acronym: "IOM".into(),
            documents: vec!["documents/a".into()],
            ..Default::default()
        };
        let b = pb::Organisation {
            name: "International Organisation for Migration".into(),
            acronym: "IOM".into(),
            aliases: vec!["IOM Pakistan".into()],
            documents: vec!["documents/b".into()],
            ..Default::default()
        };
        organisation(&mut a, &b);
        organisation(&mut a, &b);
        assert_eq!(a.name, "International Organization for Migration");
        // A spelling that normalises to a known form is not a new alias.
        assert_eq!(a.aliases, vec!["IOM Pakistan"]);
        assert_eq!(a.documents, vec!["documents/a", "documents/b"]);
    }

    #[test]
    fn acronym_only_name_gives_way_to_full_name() {
        let mut a = pb::Organisation {
            name: "SSDO".into(),
            acronym: "SSDO".into(),
            ..Default::default()
        };
        let b = pb::Organisation {
            name: "Sustainable Social Development Organization".into(),
            acronym: "SSDO".into(),
            ..Default::default()
        };
        organisation(&mut a, &b);
        assert_eq!(a.name, "Sustainable Social Development Organization");
    }

    #[test]
    fn event_participants_union_and_counts_max() {
        let mut a = pb::Event {
            participants: vec!["organisations/a".into()],
            attendee_count: 10,
            ..Default::default()
        };
        let b = pb::Event {
            participants: vec!["organisations/b".into(), "organisations/a".into()],
            attendee_count: 68,
            ..Default::default()
        };
        event(&mut a, &b);
        assert_eq!(a.participants, vec!["organisations/a", "organisations/b"]);
        assert_eq!(a.attendee_count, 68);
    }

    fn usd(units: i64, nanos: i32, code: &str) -> Option<pb::Money> {
        Some(pb::Money {
            currency_code: code.into(),
            units,
            nanos,
        })
    }

    #[test]
    fn a_merged_flow_keeps_the_same_amount_whatever_the_order() {
        let reports = [
            pb::FundingFlow {
                amount: usd(1_600_000, 0, "USD"),
                date: Some(pb::Date {
                    year: 2021,
                    month: 0,
                    day: 0,
                }),
                ..Default::default()
            },
            pb::FundingFlow {
                amount: usd(1_585_000, 0, "USD"),
                purpose: "to counter migrant smuggling".into(),
                ..Default::default()
            },
            pb::FundingFlow {
                amount: usd(10_000_000, 0, "DKK"),
                date: Some(pb::Date {
                    year: 2021,
                    month: 8,
                    day: 30,
                }),
                ..Default::default()
            },
        ];
        let orders = [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]];
        let merged: Vec<pb::FundingFlow> = orders
            .iter()
            .map(|o| {
                let mut acc = reports[o[0]].clone();
                for &i in &o[1..] {
                    funding_flow(&mut acc, &reports[i]);
                }
                acc
            })
            .collect();
        for m in &merged {
            assert_eq!(m.amount, usd(1_585_000, 0, "USD"), "most precise amount");
            assert_eq!(m.date, reports[2].date, "finest date");
            assert_eq!(m.purpose, "to counter migrant smuggling");
        }
        assert_eq!(significant_digits(&usd(6, 500_000_000, "EUR").unwrap()), 2);
    }

    #[test]
    fn evidence_is_capped() {
        let mut a = pb::Person::default();
        let new = pb::Person {
            evidence: (0..100)
                .map(|i| pb::Evidence {
                    start: i,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        person(&mut a, &new);
        assert_eq!(a.evidence.len(), MAX_EVIDENCE);
    }

    #[test]
    fn aliases_and_documents_are_capped_and_deduplicated() {
        let mut a = pb::Organisation {
            name: "Target".into(),
            ..Default::default()
        };
        for i in 0..100 {
            let b = pb::Organisation {
                name: format!("Spelling {i}"),
                aliases: vec![format!("SPELLING {i}"), "target".into()],
                documents: vec![format!("documents/{i}")],
                ..Default::default()
            };
            organisation(&mut a, &b);
        }
        assert_eq!(a.aliases.len(), MAX_ALIASES);
        assert_eq!(a.documents.len(), MAX_DOCUMENTS);
        assert!(!a.aliases.iter().any(|x| x == "target" || x == "SPELLING 0"));
        assert_eq!(short_sentence(&"x".repeat(1000)).len(), MAX_SENTENCE);
    }
}
