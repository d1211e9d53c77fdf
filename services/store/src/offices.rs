//! Offices through which a body acted in one document.
//!
//! Extraction files what an office does under its parent ("staff of an
//! office act for the parent body"), and lists the offices it saw apart,
//! each linked to its parent. The store links the two back, one document
//! at a time:
//!
//! | the document names | the body's flows and events in that document |
//! |---|---|
//! | exactly one office of the body | carry that office (`Event.offices`, `FundingFlow.funder_office` / `recipient_office`) and are indexed under it too |
//! | two or more offices of the body | carry none (the rule abstains rather than guess) |
//! | no office of the body | carry none |
//!
//! So a query by an office ("IOM Pakistan") finds the records of the
//! stories told by or about that office, while the record still names the
//! body itself as the party, and `include_children` on the body lists
//! each record once.

use std::collections::HashMap;

use tipwatch_proto::pb;

use crate::merge;

/// The acting office of each body in one document: body id to office id
/// (store ids), for bodies with exactly one office named.
#[derive(Debug, Default)]
pub(crate) struct ActingOffices(HashMap<String, String>);

impl ActingOffices {
    /// Builds the table from the extraction's offices and the store ids of
    /// its local ids (`ids`: local id to store id, offices included).
    pub(crate) fn new(offices: &[pb::Organisation], ids: &HashMap<String, String>) -> Self {
        let mut seen: HashMap<String, Option<String>> = HashMap::new();
        for o in offices {
            let (Some(body), Some(office)) = (ids.get(&o.parent), ids.get(&o.id)) else {
                continue;
            };
            if body == office {
                continue;
            }
            seen.entry(body.clone())
                .and_modify(|known| {
                    if known.as_ref() != Some(office) {
                        *known = None;
                    }
                })
                .or_insert_with(|| Some(office.clone()));
        }
        Self(
            seen.into_iter()
                .filter_map(|(body, office)| Some((body, office?)))
                .collect(),
        )
    }

    /// The office through which `body` acted, if the document names
    /// exactly one.
    pub(crate) fn of(&self, body: &str) -> Option<&String> {
        self.0.get(body)
    }

    /// Sets a flow's funder and recipient offices.
    pub(crate) fn mark_flow(&self, f: &mut pb::FundingFlow) {
        if let Some(o) = self.of(&f.funder) {
            f.funder_office = o.clone();
        }
        if let Some(o) = self.of(&f.recipient) {
            f.recipient_office = o.clone();
        }
    }

    /// Lists the offices of an event's participants, at most
    /// [`merge::MAX_OFFICES`].
    pub(crate) fn mark_event(&self, e: &mut pb::Event) {
        for p in &e.participants {
            if let Some(o) = self.of(p) {
                if !e.offices.contains(o) && e.offices.len() < merge::MAX_OFFICES {
                    e.offices.push(o.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office(id: &str, parent: &str) -> pb::Organisation {
        pb::Organisation {
            id: id.into(),
            parent: parent.into(),
            ..Default::default()
        }
    }

    fn ids(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn one_office_of_a_body_acts_for_it_two_abstain() {
        let ids = ids(&[
            ("iom", "organisations/iom"),
            ("pk", "organisations/iom-pakistan"),
            ("nps", "organisations/nps"),
            ("a", "organisations/nps-a"),
            ("b", "organisations/nps-b"),
        ]);
        let acting = ActingOffices::new(
            &[office("pk", "iom"), office("a", "nps"), office("b", "nps")],
            &ids,
        );
        assert_eq!(
            acting.of("organisations/iom").map(String::as_str),
            Some("organisations/iom-pakistan")
        );
        assert_eq!(acting.of("organisations/nps"), None);

        let mut e = pb::Event {
            participants: vec!["organisations/nps".into(), "organisations/iom".into()],
            ..Default::default()
        };
        acting.mark_event(&mut e);
        assert_eq!(e.offices, vec!["organisations/iom-pakistan"]);

        let mut f = pb::FundingFlow {
            funder: "organisations/nps".into(),
            recipient: "organisations/iom".into(),
            ..Default::default()
        };
        acting.mark_flow(&mut f);
        assert_eq!(f.funder_office, "");
        assert_eq!(f.recipient_office, "organisations/iom-pakistan");
    }

    #[test]
    fn an_office_resolved_to_its_own_body_is_no_office() {
        let ids = ids(&[("iom", "organisations/iom"), ("x", "organisations/iom")]);
        let acting = ActingOffices::new(&[office("x", "iom")], &ids);
        assert_eq!(acting.of("organisations/iom"), None);
    }
}
