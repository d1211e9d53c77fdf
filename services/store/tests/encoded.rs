//! Answers built from stored bytes (`*_encoded`, what the query service
//! sends) are, once decoded, exactly the typed answers: same records,
//! same order, same page tokens, with and without filters; the BASIC view
//! is the same records without `documents`, `evidence` and `merges`.

use prost::Message;
use tipwatch_proto::pb;
use tipwatch_store::{EventFilter, FlowFilter, OrganisationFilter, PageRequest, Store};

const BODIES: [&str; 6] = [
    "International Organisation for Migration",
    "Relief Network of the Coast",
    "Harbour Development Fund",
    "Government of Denmark",
    "Northern Water Trust",
    "Council for Road Safety",
];

/// Document `i`: two organisations, a flow between them and an event,
/// with evidence sentences long enough to be compressed if the store
/// compresses values.
fn doc(i: usize) -> pb::Extraction {
    let (a, b) = (BODIES[i % BODIES.len()], BODIES[(i * 5 + 1) % BODIES.len()]);
    let sentence = format!(
        "In report number {i}, the {a} said it had agreed to fund the {b} for work on \
         water, roads and schools over the coming {} years.",
        i % 7 + 1
    );
    let evidence = |start: u32| pb::Evidence {
        sentence: sentence.clone(),
        start,
        end: start + 10,
        ..Default::default()
    };
    let org = |id: &str, name: &str| pb::Organisation {
        id: id.into(),
        name: name.into(),
        kind: pb::OrganisationKind::Ngo as i32,
        evidence: vec![evidence(3)],
        ..Default::default()
    };
    pb::Extraction {
        source: format!("doc-{i}.txt"),
        title: format!("Report {i}"),
        text: sentence.clone(),
        content_sha256: format!("{i:064x}"),
        organisations: vec![org("l/a", a), org("l/b", b)],
        funding_flows: vec![pb::FundingFlow {
            funder: "l/a".into(),
            recipient: "l/b".into(),
            amount: Some(pb::Money {
                currency_code: if i.is_multiple_of(2) { "USD" } else { "EUR" }.into(),
                units: 1000 * (i as i64 + 1),
                nanos: 0,
            }),
            date: Some(pb::Date {
                year: 2020 + (i % 4) as i32,
                month: (i % 12) as i32 + 1,
                day: 1,
            }),
            purpose: format!("programme {i}"),
            evidence: vec![evidence(20)],
            ..Default::default()
        }],
        events: vec![pb::Event {
            kind: pb::EventKind::Agreement as i32,
            title: format!("Signing {i}"),
            date: Some(pb::Date {
                year: 2021,
                month: (i % 12) as i32 + 1,
                day: (i % 28) as i32 + 1,
            }),
            location: if i.is_multiple_of(3) {
                "Islamabad"
            } else {
                "Tirana"
            }
            .into(),
            participants: vec!["l/a".into(), "l/b".into()],
            evidence: vec![evidence(40)],
            ..Default::default()
        }],
        people: vec![pb::Person {
            id: "p".into(),
            name: format!("Person Number{i}"),
            organisation: "l/a".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for i in 0..40 {
        store.write_extraction(&doc(i)).unwrap();
    }
    (dir, store)
}

/// Walks every page of a list both ways with page size `size` and checks
/// that each encoded page decodes to the typed page.
fn same_pages<T>(
    size: i32,
    typed: impl Fn(&PageRequest) -> (Vec<T>, String),
    encoded: impl Fn(&PageRequest) -> Vec<u8>,
    decode: impl Fn(&[u8]) -> (Vec<T>, String),
) -> usize
where
    T: PartialEq + std::fmt::Debug,
{
    let mut req = PageRequest {
        page_size: size,
        page_token: String::new(),
    };
    let mut seen = 0;
    for _ in 0..100 {
        let (items, token) = typed(&req);
        let (raw_items, raw_token) = decode(&encoded(&req));
        assert_eq!(raw_items, items);
        assert_eq!(raw_token, token);
        seen += items.len();
        if token.is_empty() {
            return seen;
        }
        req.page_token = token;
    }
    panic!("more than 100 pages");
}

#[test]
fn encoded_lists_are_the_typed_lists() {
    let (_dir, s) = store();
    let flow_filters = [
        FlowFilter::default(),
        FlowFilter {
            funder: "International Organisation for Migration".into(),
            ..Default::default()
        },
        FlowFilter {
            currency_code: "usd".into(),
            order: tipwatch_store::Order::AmountDesc,
            ..Default::default()
        },
        FlowFilter {
            start_date: Some(pb::Date {
                year: 2021,
                month: 0,
                day: 0,
            }),
            order: tipwatch_store::Order::DateAsc,
            ..Default::default()
        },
    ];
    let mut listed = Vec::new();
    for f in &flow_filters {
        for size in [0, 7] {
            listed.push(same_pages(
                size,
                |r| {
                    let p = s.list_funding_flows(f, r).unwrap();
                    (p.items, p.next_page_token)
                },
                |r| {
                    s.list_funding_flows_encoded(f, r, true)
                        .unwrap()
                        .into_bytes()
                },
                |b| {
                    let p = pb::ListFundingFlowsResponse::decode(b).unwrap();
                    (p.funding_flows, p.next_page_token)
                },
            ));
        }
    }
    assert!(
        listed[0] > 10 && listed[2] > 0 && listed[2] < listed[0],
        "{listed:?}"
    );
    for f in [
        EventFilter::default(),
        EventFilter {
            location: "islam".into(),
            ..Default::default()
        },
        EventFilter {
            participant: "Harbour Development Fund".into(),
            order: tipwatch_store::Order::DateDesc,
            ..Default::default()
        },
    ] {
        let n = same_pages(
            5,
            |r| {
                let p = s.list_events(&f, r).unwrap();
                (p.items, p.next_page_token)
            },
            |r| s.list_events_encoded(&f, r, true).unwrap().into_bytes(),
            |b| {
                let p = pb::ListEventsResponse::decode(b).unwrap();
                (p.events, p.next_page_token)
            },
        );
        assert!(n > 0);
    }
    for f in [
        OrganisationFilter::default(),
        OrganisationFilter {
            query: "rel net".into(),
            ..Default::default()
        },
        OrganisationFilter {
            kind: pb::OrganisationKind::Ngo as i32,
            ..Default::default()
        },
    ] {
        let n = same_pages(
            2,
            |r| {
                let p = s.list_organisations(&f, r).unwrap();
                (p.items, p.next_page_token)
            },
            |r| {
                s.list_organisations_encoded(&f, r, true)
                    .unwrap()
                    .into_bytes()
            },
            |b| {
                let p = pb::ListOrganisationsResponse::decode(b).unwrap();
                (p.organisations, p.next_page_token)
            },
        );
        assert!(n > 0);
    }
    for org in ["", "International Organisation for Migration"] {
        same_pages(
            3,
            |r| {
                let p = s.list_people(org, r).unwrap();
                (p.items, p.next_page_token)
            },
            |r| s.list_people_encoded(org, r, true).unwrap().into_bytes(),
            |b| {
                let p = pb::ListPeopleResponse::decode(b).unwrap();
                (p.people, p.next_page_token)
            },
        );
    }
    let docs = same_pages(
        9,
        |r| {
            let p = s.list_documents(r).unwrap();
            (p.items, p.next_page_token)
        },
        |r| s.list_documents_encoded(r).unwrap().into_bytes(),
        |b| {
            let p = pb::ListDocumentsResponse::decode(b).unwrap();
            (p.documents, p.next_page_token)
        },
    );
    assert_eq!(docs, 40);
}

#[test]
fn encoded_gets_are_the_typed_gets_and_lists_leave_text_out() {
    let (_dir, s) = store();
    let iom = s.get_organisation("IOM").unwrap_or_else(|_| {
        s.get_organisation("International Organisation for Migration")
            .unwrap()
    });
    let raw = s.get_organisation_encoded(&iom.id).unwrap();
    assert_eq!(raw.to_message().unwrap(), iom);
    let first = s.list_documents(&PageRequest::default()).unwrap().items[0].clone();
    let full = s.get_document(&first.id).unwrap();
    assert!(!full.text.is_empty());
    assert!(first.text.is_empty());
    let raw = s.get_document_encoded(&first.id).unwrap();
    assert_eq!(raw.to_message().unwrap(), full);
    assert!(s.get_organisation_encoded("Nobody At All").is_err());
    assert!(s.get_document_encoded("documents/none").is_err());
}

#[test]
fn basic_view_leaves_out_only_the_heavy_fields() {
    let (_dir, s) = store();
    let req = PageRequest {
        page_size: 10,
        page_token: String::new(),
    };
    let typed = s.list_funding_flows(&FlowFilter::default(), &req).unwrap();
    assert!(typed.items.iter().all(|f| !f.evidence.is_empty()));
    let basic = s
        .list_funding_flows_encoded(&FlowFilter::default(), &req, false)
        .unwrap();
    let basic = pb::ListFundingFlowsResponse::decode(basic.as_bytes()).unwrap();
    let want: Vec<pb::FundingFlow> = typed
        .items
        .into_iter()
        .map(|f| pb::FundingFlow {
            documents: Vec::new(),
            evidence: Vec::new(),
            merges: Vec::new(),
            ..f
        })
        .collect();
    assert_eq!(basic.funding_flows, want);
    assert_eq!(basic.next_page_token, typed.next_page_token);
    assert!(want
        .iter()
        .all(|f| f.amount.is_some() && !f.funder.is_empty()));

    let typed = s
        .list_organisations(&OrganisationFilter::default(), &req)
        .unwrap();
    let basic = s
        .list_organisations_encoded(&OrganisationFilter::default(), &req, false)
        .unwrap();
    let basic = pb::ListOrganisationsResponse::decode(basic.as_bytes()).unwrap();
    assert_eq!(basic.organisations.len(), typed.items.len());
    for (b, t) in basic.organisations.iter().zip(&typed.items) {
        assert!(!t.documents.is_empty() && b.documents.is_empty());
        assert!(b.evidence.is_empty() && b.merges.is_empty());
        assert_eq!((&b.id, &b.name, b.kind), (&t.id, &t.name, t.kind));
    }
    let events = s
        .list_events_encoded(&EventFilter::default(), &req, false)
        .unwrap();
    let events = pb::ListEventsResponse::decode(events.as_bytes()).unwrap();
    assert!(!events.events.is_empty());
    assert!(events
        .events
        .iter()
        .all(|e| e.evidence.is_empty() && e.participants.len() == 2));
}
