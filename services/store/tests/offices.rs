//! A body's records found through the office that acted for it, in
//! whatever order the reports arrive.

use tipwatch_proto::pb;
use tipwatch_store::{EventFilter, FlowFilter, PageRequest, Store};

fn body(id: &str, name: &str, acronym: &str, kind: pb::OrganisationKind) -> pb::Organisation {
    pb::Organisation {
        id: id.into(),
        name: name.into(),
        acronym: acronym.into(),
        kind: kind as i32,
        ..Default::default()
    }
}

fn office(id: &str, name: &str, parent: &str) -> pb::Organisation {
    pb::Organisation {
        id: id.into(),
        name: name.into(),
        parent: parent.into(),
        kind: pb::OrganisationKind::Intergovernmental as i32,
        country: "Pakistan".into(),
        ..Default::default()
    }
}

/// One document: a donor funds the agency and both sign an agreement; the
/// document names `offices` of the agency (ids `o0`, `o1`, ...).
fn report(hash: char, offices: &[&str]) -> pb::Extraction {
    use pb::OrganisationKind as K;
    let mut x = pb::Extraction {
        source: format!("{hash}.txt"),
        content_sha256: hash.to_string().repeat(64),
        organisations: vec![
            body(
                "a",
                "Northern Migration Agency",
                "NMA",
                K::Intergovernmental,
            ),
            body("d", "Government of Freedonia", "", K::Government),
        ],
        ..Default::default()
    };
    for (i, name) in offices.iter().enumerate() {
        x.offices.push(office(&format!("o{i}"), name, "a"));
    }
    x.funding_flows.push(pb::FundingFlow {
        funder: "d".into(),
        recipient: "a".into(),
        amount: Some(pb::Money {
            currency_code: "EUR".into(),
            units: 2_000_000,
            nanos: 0,
        }),
        date: Some(pb::Date {
            year: 2024,
            month: 3,
            day: 4,
        }),
        ..Default::default()
    });
    x.events.push(pb::Event {
        kind: pb::EventKind::Agreement as i32,
        date: Some(pb::Date {
            year: 2024,
            month: 3,
            day: 4,
        }),
        participants: vec!["d".into(), "a".into()],
        ..Default::default()
    });
    x
}

fn events(store: &Store, who: &str, family: bool) -> Vec<pb::Event> {
    let f = EventFilter {
        organisation: who.into(),
        include_children: family,
        ..Default::default()
    };
    store
        .list_events(&f, &PageRequest::default())
        .unwrap()
        .items
}

fn flows(store: &Store, f: FlowFilter) -> Vec<pb::FundingFlow> {
    store
        .list_funding_flows(&f, &PageRequest::default())
        .unwrap()
        .items
}

#[test]
fn an_office_finds_the_records_it_acted_in_and_the_body_finds_them_once() {
    for order in [[0, 1], [1, 0]] {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        // The office is learnt in one report only; the other names none.
        let docs = [report('a', &["NMA Pakistan"]), report('b', &[])];
        for i in order {
            store.write_extraction(&docs[i]).unwrap();
        }
        let agency = store.get_organisation("NMA").unwrap();
        let office = store.get_organisation("NMA Pakistan").unwrap();
        assert_eq!(office.parent, agency.id);

        let by_office = events(&store, "NMA Pakistan", false);
        assert_eq!(by_office.len(), 1, "order {order:?}");
        assert_eq!(by_office[0].offices, vec![office.id.clone()]);
        assert!(by_office[0].participants.contains(&agency.id));
        assert_eq!(by_office[0].documents.len(), 2, "both reports merged");
        assert_eq!(events(&store, "NMA", true).len(), 1);
        assert_eq!(events(&store, "NMA", false).len(), 1);

        let to_office = flows(
            &store,
            FlowFilter {
                recipient: "NMA Pakistan".into(),
                ..Default::default()
            },
        );
        assert_eq!(to_office.len(), 1);
        assert_eq!(
            to_office[0].recipient, agency.id,
            "the body stays the party"
        );
        assert_eq!(to_office[0].recipient_office, office.id);
        assert!(flows(
            &store,
            FlowFilter {
                funder: "NMA Pakistan".into(),
                ..Default::default()
            },
        )
        .is_empty());
        let family = FlowFilter {
            organisation: "NMA".into(),
            include_children: true,
            ..Default::default()
        };
        assert_eq!(flows(&store, family).len(), 1, "listed once");

        // The office's partner is the donor, not its own body.
        let net = store
            .network("NMA Pakistan", 1, &PageRequest::default())
            .unwrap();
        let partners: Vec<&str> = net.links.iter().map(|l| l.organisation.as_str()).collect();
        assert!(!partners.contains(&agency.id.as_str()), "{partners:?}");
        assert!(!partners.is_empty());
    }
}

#[test]
fn two_offices_of_one_body_in_a_document_file_nothing_under_either() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .write_extraction(&report('c', &["NMA Pakistan", "NMA Islamabad"]))
        .unwrap();
    assert!(events(&store, "NMA Pakistan", false).is_empty());
    assert!(events(&store, "NMA Islamabad", false).is_empty());
    assert_eq!(events(&store, "NMA", true).len(), 1);
}
