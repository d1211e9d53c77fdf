//! The store's behaviour through its public API on a temporary directory.

use tipwatch_proto::pb;
use tipwatch_store::{EventFilter, FlowFilter, OrganisationFilter, PageRequest, Store, StoreError};

fn org(
    id: &str,
    name: &str,
    acronym: &str,
    aliases: &[&str],
    kind: pb::OrganisationKind,
    country: &str,
) -> pb::Organisation {
    pb::Organisation {
        id: id.into(),
        name: name.into(),
        acronym: acronym.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        kind: kind as i32,
        country: country.into(),
        ..Default::default()
    }
}

fn date(year: i32, month: i32, day: i32) -> Option<pb::Date> {
    Some(pb::Date { year, month, day })
}

fn extraction(hash_byte: char, orgs: Vec<pb::Organisation>) -> pb::Extraction {
    pb::Extraction {
        source: format!("doc-{hash_byte}.txt"),
        content_sha256: hash_byte.to_string().repeat(64),
        organisations: orgs,
        ..Default::default()
    }
}

fn first_doc() -> pb::Extraction {
    use pb::OrganisationKind as K;
    let mut x = extraction(
        'a',
        vec![
            org(
                "l/iom",
                "International Organisation for Migration",
                "IOM",
                &[],
                K::Intergovernmental,
                "",
            ),
            org(
                "l/dk",
                "Government of Denmark",
                "",
                &["Denmark"],
                K::Government,
                "Denmark",
            ),
            org(
                "l/moi",
                "Ministry of Interior",
                "",
                &[],
                K::GovernmentBody,
                "Pakistan",
            ),
        ],
    );
    x.funding_flows.push(pb::FundingFlow {
        funder: "l/dk".into(),
        recipient: "l/iom".into(),
        amount: Some(pb::Money {
            currency_code: "USD".into(),
            units: 1_600_000,
            nanos: 0,
        }),
        date: date(2021, 8, 30),
        ..Default::default()
    });
    x.events.push(pb::Event {
        kind: pb::EventKind::Agreement as i32,
        date: date(2021, 8, 30),
        location: "Islamabad".into(),
        participants: vec!["l/dk".into(), "l/iom".into()],
        ..Default::default()
    });
    x.people.push(pb::Person {
        id: "p1".into(),
        name: "Ada Example".into(),
        organisation: "l/iom".into(),
        ..Default::default()
    });
    x
}

fn second_doc() -> pb::Extraction {
    use pb::OrganisationKind as K;
    let mut x = extraction(
        'b',
        vec![
            org(
                "x1",
                "International Organization for Migration",
                "IOM",
                &["IOM Pakistan"],
                K::Intergovernmental,
                "",
            ),
            org(
                "x2",
                "Ministry of Interior",
                "",
                &[],
                K::GovernmentBody,
                "Albania",
            ),
        ],
    );
    x.events.push(pb::Event {
        kind: pb::EventKind::Training as i32,
        date: date(2023, 2, 0),
        participants: vec!["x1".into()],
        ..Default::default()
    });
    x
}

/// Opens a store again in this process: sled's background threads may
/// hold the directory's lock for a moment after the last handle drops.
fn reopen(dir: &std::path::Path) -> Store {
    let mut tries = 0;
    loop {
        match Store::open(dir) {
            Ok(s) => return s,
            Err(e) if tries < 100 => {
                tries += 1;
                let _ = e;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => panic!("store does not reopen: {e}"),
        }
    }
}

#[test]
fn one_organisation_for_every_spelling_and_scoped_ministries() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert!(store.write_extraction(&first_doc()).unwrap().created);
    assert!(store.write_extraction(&second_doc()).unwrap().created);

    let iom = store.get_organisation("iom").unwrap();
    assert_eq!(iom.id, "organisations/iom");
    // The other spelling folds to the same alias key: not stored twice.
    assert_eq!(iom.aliases, vec!["IOM Pakistan"], "{iom:?}");
    assert_eq!(iom.documents.len(), 2);
    let same = store
        .get_organisation("international organisation for migration")
        .unwrap();
    assert_eq!(same.id, iom.id);

    match store.get_organisation("Ministry of Interior") {
        Err(StoreError::Ambiguous { candidates, .. }) => {
            assert!(candidates.contains("pakistan") && candidates.contains("albania"))
        }
        other => panic!("expected two ministries, got {other:?}"),
    }
    assert!(matches!(
        store.get_organisation("Nobody"),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn reingest_changes_nothing_and_restart_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        store.write_extraction(&first_doc()).unwrap();
        let before = store.counts();
        let again = store.write_extraction(&first_doc()).unwrap();
        assert!(!again.created);
        assert_eq!(store.counts(), before);
    }
    let store = reopen(dir.path());
    assert_eq!(store.counts(), [1, 3, 1, 1, 1]);
    let flows = store
        .list_funding_flows(
            &FlowFilter {
                funder: "Denmark".into(),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    assert_eq!(flows.items.len(), 1);
    let f = &flows.items[0];
    assert_eq!(f.recipient, "organisations/iom");
    assert_eq!(f.amount.as_ref().unwrap().units, 1_600_000);
    assert_eq!(f.evidence.len(), 0);
    assert_eq!(f.documents, vec![format!("documents/{}", "a".repeat(64))]);
}

#[test]
fn lists_filter_and_page_without_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.write_extraction(&first_doc()).unwrap();
    store.write_extraction(&second_doc()).unwrap();

    let mut seen = Vec::new();
    let mut req = PageRequest {
        page_size: 2,
        page_token: String::new(),
    };
    loop {
        let page = store
            .list_organisations(&OrganisationFilter::default(), &req)
            .unwrap();
        assert!(page.items.len() <= 2);
        seen.extend(page.items.into_iter().map(|o| o.id));
        if page.next_page_token.is_empty() {
            break;
        }
        req.page_token = page.next_page_token;
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    let mut dedup = seen.clone();
    dedup.dedup();
    assert_eq!(dedup, seen);

    let q = store
        .list_organisations(
            &OrganisationFilter {
                query: "migr".into(),
                kind: 0,
            },
            &PageRequest::default(),
        )
        .unwrap();
    assert_eq!(
        q.items.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(),
        vec!["organisations/iom"]
    );

    let agreements = store
        .list_events(
            &EventFilter {
                kind: pb::EventKind::Agreement as i32,
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    assert_eq!(agreements.items.len(), 1);
    assert_eq!(agreements.items[0].date, date(2021, 8, 30));
    let in_2023 = store
        .list_events(
            &EventFilter {
                start_date: date(2023, 1, 1),
                end_date: date(2023, 0, 0),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    assert_eq!(in_2023.items.len(), 1);
    assert_eq!(in_2023.items[0].kind, pb::EventKind::Training as i32);
    let with_iom = store
        .list_events(
            &EventFilter {
                participant: "IOM".into(),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    assert_eq!(with_iom.items.len(), 2);

    let bad = store.list_events(
        &EventFilter::default(),
        &PageRequest {
            page_size: 1,
            page_token: "zz".into(),
        },
    );
    assert!(matches!(
        bad,
        Err(StoreError::InvalidArgument {
            field: "page_token",
            ..
        })
    ));
    let bad = store.list_events(
        &EventFilter {
            start_date: date(2021, 13, 1),
            ..Default::default()
        },
        &PageRequest::default(),
    );
    assert!(matches!(
        bad,
        Err(StoreError::InvalidArgument {
            field: "start_date",
            ..
        })
    ));
}

#[test]
fn invalid_extraction_is_refused_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.write_extraction(&first_doc()).unwrap();
    let before = store.counts();
    let mut bad = second_doc();
    bad.content_sha256 = "not-a-hash".into();
    assert!(matches!(
        store.write_extraction(&bad),
        Err(StoreError::InvalidArgument {
            field: "extraction.content_sha256",
            ..
        })
    ));
    assert_eq!(store.counts(), before);
}

#[test]
fn network_links_funders_and_event_partners_to_depth_two() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.write_extraction(&first_doc()).unwrap();
    store.write_extraction(&second_doc()).unwrap();
    let net = store.network("IOM", 1, &PageRequest::default()).unwrap();
    let dk = net
        .links
        .iter()
        .find(|l| l.organisation == "organisations/government-of-denmark")
        .expect("funder linked");
    assert_eq!((dk.funding_flows, dk.shared_events, dk.depth), (1, 1, 1));
    assert_eq!(dk.records.len(), 2);
    let deep = store
        .network("Denmark", 2, &PageRequest::default())
        .unwrap();
    assert!(deep
        .links
        .iter()
        .all(|l| l.organisation != "organisations/government-of-denmark"));
    assert!(matches!(
        store.network("IOM", 3, &PageRequest::default()),
        Err(StoreError::InvalidArgument { field: "depth", .. })
    ));
}

#[test]
fn flows_and_events_order_by_date_and_amount_across_pages() {
    use pb::OrganisationKind as K;
    use tipwatch_store::Order;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut x = extraction(
        'c',
        vec![
            org("a", "Alpha Fund", "", &[], K::Ngo, ""),
            org("b", "Beta Agency", "", &[], K::Ngo, ""),
            org("c", "Gamma Network", "", &[], K::Ngo, ""),
        ],
    );
    for (f, r, units, year) in [
        ("a", "b", 300, 2019),
        ("b", "c", 100, 2021),
        ("c", "a", 200, 2020),
    ] {
        x.funding_flows.push(pb::FundingFlow {
            funder: f.into(),
            recipient: r.into(),
            amount: Some(pb::Money {
                currency_code: "USD".into(),
                units,
                nanos: 0,
            }),
            date: date(year, 1, 1),
            ..Default::default()
        });
        x.events.push(pb::Event {
            kind: pb::EventKind::Meeting as i32,
            date: date(year, 1, 1),
            participants: vec![f.into()],
            ..Default::default()
        });
    }
    store.write_extraction(&x).unwrap();
    let all = |order: Order| {
        let mut out = Vec::new();
        let mut req = PageRequest {
            page_size: 1,
            page_token: String::new(),
        };
        loop {
            let page = store
                .list_funding_flows(
                    &FlowFilter {
                        order,
                        ..Default::default()
                    },
                    &req,
                )
                .unwrap();
            out.extend(page.items.iter().map(|f| f.amount.as_ref().unwrap().units));
            if page.next_page_token.is_empty() {
                return out;
            }
            req.page_token = page.next_page_token;
        }
    };
    assert_eq!(all(Order::AmountDesc), vec![300, 200, 100]);
    assert_eq!(all(Order::AmountAsc), vec![100, 200, 300]);
    assert_eq!(all(Order::DateDesc), vec![100, 200, 300]);
    assert_eq!(all(Order::DateAsc), vec![300, 200, 100]);
    // A token from one order is refused by another.
    let first = store
        .list_funding_flows(
            &FlowFilter {
                order: Order::DateDesc,
                ..Default::default()
            },
            &PageRequest {
                page_size: 1,
                page_token: String::new(),
            },
        )
        .unwrap();
    let other = store.list_funding_flows(
        &FlowFilter {
            order: Order::DateAsc,
            ..Default::default()
        },
        &PageRequest {
            page_size: 1,
            page_token: first.next_page_token,
        },
    );
    assert!(matches!(
        other,
        Err(StoreError::InvalidArgument {
            field: "page_token",
            ..
        })
    ));

    let either = store
        .list_funding_flows(
            &FlowFilter {
                organisation: "Beta Agency".into(),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    let mut units: Vec<i64> = either
        .items
        .iter()
        .map(|f| f.amount.as_ref().unwrap().units)
        .collect();
    units.sort();
    assert_eq!(units, vec![100, 300]);

    let newest = store
        .list_events(
            &EventFilter {
                order: Order::DateDesc,
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    let years: Vec<i32> = newest.items.iter().map(|e| e.date.unwrap().year).collect();
    assert_eq!(years, vec![2021, 2020, 2019]);
    let with_gamma = store
        .list_events(
            &EventFilter {
                organisation: "Gamma Network".into(),
                ..Default::default()
            },
            &PageRequest::default(),
        )
        .unwrap();
    assert_eq!(with_gamma.items.len(), 1);
}

#[test]
fn offices_and_wings_are_records_of_their_own_found_through_the_parent() {
    use pb::OrganisationKind as K;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut wing = org(
        "w",
        "Anti-Smuggling Wing",
        "",
        &[],
        K::LawEnforcement,
        "Kenya",
    );
    wing.parent = "p".into();
    let mut x = extraction(
        'd',
        vec![
            org(
                "p",
                "National Police Service",
                "NPS",
                &[],
                K::LawEnforcement,
                "Kenya",
            ),
            wing,
        ],
    );
    x.offices.push(pb::Organisation {
        id: "o".into(),
        name: "NPS Mombasa".into(),
        parent: "p".into(),
        kind: K::LawEnforcement as i32,
        ..Default::default()
    });
    x.events.push(pb::Event {
        kind: pb::EventKind::Incident as i32,
        date: date(2024, 5, 1),
        participants: vec!["w".into()],
        ..Default::default()
    });
    x.funding_flows.push(pb::FundingFlow {
        funder: "w".into(),
        recipient: "o".into(),
        ..Default::default()
    });
    store.write_extraction(&x).unwrap();

    let office = store.get_organisation("NPS Mombasa").unwrap();
    let parent = store.get_organisation("NPS").unwrap();
    assert_ne!(office.id, parent.id);
    assert_eq!(office.parent, parent.id);
    assert_eq!(
        store
            .get_organisation("Anti-Smuggling Wing")
            .unwrap()
            .parent,
        parent.id
    );

    let only = EventFilter {
        organisation: "NPS".into(),
        ..Default::default()
    };
    assert!(store
        .list_events(&only, &PageRequest::default())
        .unwrap()
        .items
        .is_empty());
    let family = EventFilter {
        organisation: "NPS".into(),
        include_children: true,
        ..Default::default()
    };
    assert_eq!(
        store
            .list_events(&family, &PageRequest::default())
            .unwrap()
            .items
            .len(),
        1
    );
    let flows = FlowFilter {
        organisation: "NPS".into(),
        include_children: true,
        ..Default::default()
    };
    let got = store
        .list_funding_flows(&flows, &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(got.len(), 1, "one flow though both parties are children");
}
