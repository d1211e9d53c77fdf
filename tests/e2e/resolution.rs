//! Resolution that cannot be hijacked and records that cannot be grown,
//! through the running query service: a forged alias does not move an
//! organisation's name, a hash that shares a prefix with a stored one is a
//! new document, and an organisation named in hundreds of documents
//! answers in the same few bytes.

use tipwatch_e2e::{query_client, start_query, writer_client};
use tipwatch_proto::pb;

fn org(name: &str, acronym: &str, aliases: &[&str]) -> pb::Organisation {
    pb::Organisation {
        id: format!("l/{acronym}"),
        name: name.into(),
        acronym: acronym.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        kind: pb::OrganisationKind::UnAgency as i32,
        ..Default::default()
    }
}

fn doc(hash: String, title: &str, orgs: Vec<pb::Organisation>) -> pb::WriteExtractionRequest {
    pb::WriteExtractionRequest {
        extraction: Some(pb::Extraction {
            source: format!("{title}.txt"),
            title: title.into(),
            content_sha256: hash,
            text: format!("{title}: a document we wrote for this test."),
            organisations: orgs,
            ..Default::default()
        }),
    }
}

fn hash(i: u64) -> String {
    format!("{i:064x}")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forged_alias_never_moves_a_name_to_another_organisation() {
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let mut w = writer_client(&server.addr).await;
    let unodc = || org("United Nations Office on Drugs and Crime", "UNODC", &[]);
    let iom = || org("International Organization for Migration", "IOM", &[]);
    w.write_extraction(doc(hash(1), "unodc", vec![unodc()]))
        .await
        .unwrap();
    w.write_extraction(doc(hash(2), "iom", vec![iom()]))
        .await
        .unwrap();
    // A write that claims "UNODC" is another name of IOM.
    let forged = org(
        "International Organization for Migration",
        "IOM",
        &["UNODC"],
    );
    w.write_extraction(doc(hash(3), "forged", vec![forged]))
        .await
        .unwrap();
    let mut q = query_client(&server.addr).await;
    let get = |name: &str| pb::GetOrganisationRequest { name: name.into() };
    let found = q.get_organisation(get("UNODC")).await.unwrap().into_inner();
    assert_eq!(found.name, "United Nations Office on Drugs and Crime");
    let iom_rec = q.get_organisation(get("IOM")).await.unwrap().into_inner();
    assert!(!iom_rec.aliases.iter().any(|a| a == "UNODC"), "{iom_rec:?}");
    // An honest report about UNODC still lands on UNODC.
    w.write_extraction(doc(hash(4), "unodc-again", vec![unodc()]))
        .await
        .unwrap();
    let again = q.get_organisation(get("UNODC")).await.unwrap().into_inner();
    assert_eq!(again.id, found.id);
    assert_eq!(again.documents.len(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hash_sharing_a_prefix_is_another_document_and_never_replaces_one() {
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let mut w = writer_client(&server.addr).await;
    let genuine = format!("{}{}", "7e".repeat(8), "1".repeat(48));
    let forged = format!("{}{}", "7e".repeat(8), "2".repeat(48));
    let first = w
        .write_extraction(doc(genuine.clone(), "genuine", vec![]))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.document, format!("documents/{genuine}"));
    let second = w
        .write_extraction(doc(forged, "forged", vec![]))
        .await
        .unwrap()
        .into_inner();
    assert!(second.created);
    assert_ne!(second.document, first.document);
    let again = w
        .write_extraction(doc(genuine.clone(), "genuine", vec![]))
        .await
        .unwrap()
        .into_inner();
    assert!(!again.created);
    let mut q = query_client(&server.addr).await;
    let stored = q
        .get_document(pb::GetDocumentRequest {
            name: first.document,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(stored.title, "genuine");
    // The same hash in upper case is refused, not stored a second time.
    let upper = w
        .write_extraction(doc(genuine.to_uppercase(), "upper", vec![]))
        .await
        .unwrap_err();
    assert_eq!(upper.code(), tonic::Code::InvalidArgument);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_organisation_named_everywhere_answers_in_the_same_few_bytes() {
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let mut w = writer_client(&server.addr).await;
    let mut q = query_client(&server.addr).await;
    let mut sizes = Vec::new();
    for round in 0..3u64 {
        for i in 0..100u64 {
            let n = round * 100 + i;
            let alias = format!("Migration Agency spelling {n}");
            let o = org("International Organization for Migration", "IOM", &[&alias]);
            w.write_extraction(doc(hash(1000 + n), &format!("d{n}"), vec![o]))
                .await
                .unwrap();
        }
        let rec = q
            .get_organisation(pb::GetOrganisationRequest { name: "IOM".into() })
            .await
            .unwrap()
            .into_inner();
        sizes.push(prost::Message::encoded_len(&rec));
    }
    assert!(sizes[0] < 16 * 1024, "{sizes:?}");
    assert_eq!(sizes[1], sizes[2], "{sizes:?}");
    // All 300 documents are still listed, page by page.
    let mut n = 0;
    let mut token = String::new();
    loop {
        let page = q
            .list_mentions(pb::ListMentionsRequest {
                name: "IOM".into(),
                page_size: 1000,
                page_token: token,
            })
            .await
            .unwrap()
            .into_inner();
        n += page.mentions.len();
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(n, 300);
}
