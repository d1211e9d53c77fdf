//! The write path's storage format through the public API: values
//! compressed by the store read back whole after a restart, mentions that
//! get their record and document back from their key, and the change log
//! (one entry a document) paging without gaps or repeats.

use tipwatch_proto::pb;
use tipwatch_store::{PageRequest, Store};

fn hash(i: usize) -> String {
    format!("{i:064x}")
}

/// A document with a long text and two organisations that share a word.
fn doc(i: usize, partner: &str) -> pb::Extraction {
    let text = format!(
        "Report {i}. The Harbour Relief Council met the {partner} to plan shelters. {}",
        "Each district keeps a register of the people it houses and the help they receive. "
            .repeat(40)
    );
    let span = |name: &str| pb::Evidence {
        start: text.find(name).unwrap_or(0) as u32,
        end: (text.find(name).unwrap_or(0) + name.len()) as u32,
        sentence: format!("The Harbour Relief Council met the {partner} to plan shelters."),
        ..Default::default()
    };
    let org = |id: &str, name: &str| pb::Organisation {
        id: id.into(),
        name: name.into(),
        kind: pb::OrganisationKind::Ngo as i32,
        evidence: vec![span(name)],
        ..Default::default()
    };
    pb::Extraction {
        source: format!("report-{i}.txt"),
        title: format!("Report {i}"),
        content_sha256: hash(i),
        organisations: vec![org("l/h", "Harbour Relief Council"), org("l/p", partner)],
        text,
        ..Default::default()
    }
}

#[test]
fn records_and_texts_read_back_whole_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let written: Vec<pb::Extraction> = (0..3)
        .map(|i| doc(i, &format!("Shelter Trust {i}")))
        .collect();
    let (before, mentions_before) = {
        let store = Store::open(dir.path()).unwrap();
        for r in store.write_batch(&written) {
            assert!(r.unwrap().created);
        }
        let org = store.get_organisation("Harbour Relief Council").unwrap();
        let m = store
            .list_mentions(&org.id, &PageRequest::default())
            .unwrap();
        (org, m.items)
    };
    let store = Store::open(dir.path()).unwrap();
    for x in &written {
        let d = store
            .get_document(&format!("documents/{}", x.content_sha256))
            .unwrap();
        assert_eq!(d.text, x.text);
        assert_eq!(d.title, x.title);
    }
    let org = store.get_organisation("Harbour Relief Council").unwrap();
    assert_eq!(org, before);
    assert_eq!(org.documents.len(), 3);
    // Each mention names its record and document, and so does each span.
    let mentions = store
        .list_mentions(&org.id, &PageRequest::default())
        .unwrap()
        .items;
    assert_eq!(mentions, mentions_before);
    assert_eq!(mentions.len(), 3);
    for (m, x) in mentions.iter().zip(&written) {
        let doc_id = format!("documents/{}", x.content_sha256);
        assert_eq!(m.record, org.id);
        assert_eq!(m.document, doc_id);
        assert_eq!(m.evidence.len(), 1);
        assert_eq!(m.evidence[0].document, doc_id);
        assert!(m.evidence[0]
            .sentence
            .starts_with("The Harbour Relief Council"));
    }
}

#[test]
fn the_change_log_pages_every_change_once_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.last_sequence().unwrap(), 0);
    // Document 0 creates itself and two organisations; the others add a
    // document and a partner and change the shared organisation.
    let xs: Vec<pb::Extraction> = (0..4)
        .map(|i| doc(i, &format!("Shelter Trust {i}")))
        .collect();
    for r in store.write_batch(&xs) {
        r.unwrap();
    }
    let all = store.changes_after(0, 1000).unwrap();
    assert_eq!(all.len(), 4 * 3);
    assert!(all.windows(2).all(|w| w[0].sequence < w[1].sequence));
    assert_eq!(store.last_sequence().unwrap(), all.last().unwrap().sequence);
    // Paging two at a time from each last sequence seen gives the same.
    let mut paged = Vec::new();
    let mut after = 0;
    loop {
        let page = store.changes_after(after, 2).unwrap();
        let Some(last) = page.last() else { break };
        after = last.sequence;
        paged.extend(page);
    }
    assert_eq!(paged, all);
    // The same bytes again change nothing and log nothing.
    let again = store.write_extraction(&xs[1]).unwrap();
    assert!(!again.created);
    assert_eq!(store.changes_after(after, 10).unwrap(), Vec::new());
    // A restart keeps the sequence going up.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    store.write_extraction(&doc(9, "Shelter Trust 9")).unwrap();
    let next = store.changes_after(after, 10).unwrap();
    assert_eq!(next.len(), 3);
    assert!(next[0].sequence > after);
}

#[test]
fn a_store_created_with_sled_page_compression_still_opens_and_writes() {
    let dir = tempfile::tempdir().unwrap();
    {
        // As stores were created before values were compressed by the store.
        let db = sled::Config::new()
            .path(dir.path())
            .use_compression(true)
            .compression_factor(1)
            .open()
            .unwrap();
        db.flush().unwrap();
    }
    let x = doc(1, "Shelter Trust 1");
    {
        let store = Store::open(dir.path()).unwrap();
        assert!(store.write_extraction(&x).unwrap().created);
    }
    let store = Store::open(dir.path()).unwrap();
    let d = store
        .get_document(&format!("documents/{}", x.content_sha256))
        .unwrap();
    assert_eq!(d.text, x.text);
    assert!(!store.write_extraction(&x).unwrap().created);
}
