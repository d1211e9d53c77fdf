//! Bounded records, the mention index, group commit and resolution that
//! cannot be hijacked, through the store's public API.

use tipwatch_proto::pb;
use tipwatch_store::{
    FlowFilter, PageRequest, Store, StoreError, MAX_ALIASES, MAX_DOCUMENTS, MAX_EVIDENCE,
};

fn hash(i: usize) -> String {
    format!("{i:064x}")
}

fn org(id: &str, name: &str, acronym: &str, aliases: &[&str]) -> pb::Organisation {
    pb::Organisation {
        id: id.into(),
        name: name.into(),
        acronym: acronym.into(),
        aliases: aliases.iter().map(|s| s.to_string()).collect(),
        kind: pb::OrganisationKind::Intergovernmental as i32,
        evidence: vec![pb::Evidence {
            start: 0,
            end: 3,
            sentence: "IOM said so.".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn doc(i: usize, orgs: Vec<pb::Organisation>) -> pb::Extraction {
    pb::Extraction {
        source: format!("doc-{i}.txt"),
        content_sha256: hash(i),
        text: format!("Document {i} names IOM."),
        organisations: orgs,
        ..Default::default()
    }
}

#[test]
fn a_record_stays_small_however_often_it_is_named_and_mentions_page() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let docs: Vec<pb::Extraction> = (0..200)
        .map(|i| {
            let alias = format!("IOM spelling {i}");
            doc(
                i,
                vec![org(
                    "l/iom",
                    "International Organization for Migration",
                    "IOM",
                    &[&alias],
                )],
            )
        })
        .collect();
    for r in store.write_batch(&docs) {
        assert!(r.unwrap().created);
    }
    let iom = store.get_organisation("IOM").unwrap();
    assert_eq!(iom.aliases.len(), MAX_ALIASES);
    assert_eq!(iom.documents.len(), MAX_DOCUMENTS);
    assert!(iom.evidence.len() <= MAX_EVIDENCE);
    let size = prost::Message::encoded_len(&iom);
    // Every mention is in the index, page by page, none twice.
    let mut seen = std::collections::BTreeSet::new();
    let mut req = PageRequest {
        page_size: 64,
        page_token: String::new(),
    };
    loop {
        let page = store.list_mentions("IOM", &req).unwrap();
        for m in &page.items {
            assert_eq!(m.record, iom.id);
            assert_eq!(m.evidence.len(), 1);
            assert!(seen.insert(m.document.clone()));
        }
        if page.next_page_token.is_empty() {
            break;
        }
        req.page_token = page.next_page_token;
    }
    assert_eq!(seen.len(), 200);
    // Another 100 documents do not grow the record.
    let more: Vec<pb::Extraction> = (200..300)
        .map(|i| doc(i, vec![org("l/iom", "IOM", "IOM", &[])]))
        .collect();
    store.write_batch(&more);
    let again = store.get_organisation("IOM").unwrap();
    assert_eq!(prost::Message::encoded_len(&again), size);
    assert!(matches!(
        store.list_mentions("events/none", &PageRequest::default()),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn an_alias_that_names_one_organisation_is_never_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let unodc = org(
        "l/u",
        "United Nations Office on Drugs and Crime",
        "UNODC",
        &[],
    );
    store
        .write_extraction(&doc(1, vec![unodc.clone()]))
        .unwrap();
    store
        .write_extraction(&doc(0, vec![org("l/i", "IOM", "IOM", &[])]))
        .unwrap();
    // A forged IOM record listing "UNODC" as its alias.
    let forged = org(
        "l/i",
        "International Organization for Migration",
        "IOM",
        &["UNODC"],
    );
    store.write_extraction(&doc(2, vec![forged])).unwrap();
    let got = store.get_organisation("UNODC").unwrap();
    assert_eq!(got.name, "United Nations Office on Drugs and Crime");
    let iom = store.get_organisation("IOM").unwrap();
    assert!(!iom.aliases.iter().any(|a| a == "UNODC"), "{iom:?}");
    // Later honest reports about UNODC still find UNODC.
    store.write_extraction(&doc(3, vec![unodc])).unwrap();
    assert_eq!(store.get_organisation("UNODC").unwrap().id, got.id);
    assert_eq!(store.get_organisation("UNODC").unwrap().documents.len(), 2);
}

#[test]
fn document_ids_carry_the_full_hash_and_hashes_are_lower_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let a = format!("{}{}", "ab".repeat(8), "0".repeat(48));
    let b = format!("{}{}", "ab".repeat(8), "1".repeat(48));
    let mut x = doc(0, vec![]);
    x.content_sha256 = a.clone();
    x.title = "genuine".into();
    let first = store.write_extraction(&x).unwrap();
    assert_eq!(first.document, format!("documents/{a}"));
    // Same first 16 hex digits, different hash: a second document.
    let mut y = doc(1, vec![]);
    y.content_sha256 = b.clone();
    y.title = "forged".into();
    let second = store.write_extraction(&y).unwrap();
    assert!(second.created);
    assert_ne!(second.document, first.document);
    assert_eq!(
        store.get_document(&first.document).unwrap().title,
        "genuine"
    );
    let mut upper = doc(2, vec![]);
    upper.content_sha256 = a.to_uppercase();
    assert!(matches!(
        store.write_extraction(&upper),
        Err(StoreError::InvalidArgument {
            field: "extraction.content_sha256",
            ..
        })
    ));
}

#[test]
fn a_batch_writes_every_good_document_and_refuses_only_the_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut bad = doc(2, vec![]);
    bad.source = String::new();
    let dup = doc(1, vec![org("l/i", "IOM", "IOM", &[])]);
    let outs = store.write_batch(&[
        doc(1, vec![org("l/i", "IOM", "IOM", &[])]),
        bad,
        dup,
        doc(3, vec![org("l/i", "IOM", "IOM", &[])]),
    ]);
    assert!(outs[0].as_ref().unwrap().created);
    assert!(outs[1].is_err());
    assert!(!outs[2].as_ref().unwrap().created, "same hash in one batch");
    assert!(outs[3].as_ref().unwrap().created);
    assert_eq!(store.counts()[0], 2);
    assert_eq!(store.get_organisation("IOM").unwrap().documents.len(), 2);
}

#[test]
fn flows_of_one_grant_in_two_currencies_merge_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let parties = || {
        vec![
            pb::Organisation {
                kind: pb::OrganisationKind::Government as i32,
                country: "Denmark".into(),
                ..org("l/dk", "Government of Denmark", "", &[])
            },
            org("l/iom", "UN Migration Agency", "", &[]),
        ]
    };
    let flow = |currency: &str, units: i64, year: i32| pb::FundingFlow {
        funder: "l/dk".into(),
        recipient: "l/iom".into(),
        amount: Some(pb::Money {
            currency_code: currency.into(),
            units,
            nanos: 0,
        }),
        date: Some(pb::Date {
            year,
            month: 0,
            day: 0,
        }),
        ..Default::default()
    };
    let mut a = doc(1, parties());
    a.organisations[1] = org(
        "l/iom",
        "International Organization for Migration",
        "IOM",
        &[],
    );
    a.funding_flows = vec![flow("USD", 1_600_000, 2021)];
    let mut b = doc(2, parties());
    b.funding_flows = vec![flow("DKK", 10_000_000, 2021)];
    let mut c = doc(3, parties());
    c.funding_flows = vec![flow("DKK", 10_000_000, 2019)];
    store.write_batch(&[a, b, c]);
    let flows = store
        .list_funding_flows(&FlowFilter::default(), &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(flows.len(), 2, "{flows:#?}");
    let merged = flows.iter().find(|f| f.documents.len() == 2).unwrap();
    assert_eq!(
        merged.merges[0].agreed,
        vec!["funder", "recipient", "amount (converted)", "year"]
    );
}
