//! The shared corpus of real documents, end to end, when it sits beside
//! the checkout: the facts its gold files hold for the Danish grant and
//! the agreements, through the running pair.

use tipwatch_e2e::{organisation, push, query_client, shared_corpus, start_query};
use tipwatch_proto::pb;

#[tokio::test(flavor = "multi_thread")]
async fn shared_corpus_facts_survive_a_restart() {
    let Some(corpus) = shared_corpus() else {
        panic!("../shared/corpus is missing beside the checkout; CI provides it");
    };
    let data = tempfile::tempdir().unwrap();
    let server = start_query(data.path());
    let out = push(&server.url(), &[&corpus]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    server.stop();
    let server = start_query(data.path());
    let mut q = query_client(&server.addr).await;

    let iom = organisation(&mut q, "IOM").await;
    assert_eq!(iom.name, "International Organization for Migration");
    for variant in [
        "International Organisation for Migration",
        "UN Migration Agency",
        "IOM - UN Migration Agency",
    ] {
        assert_eq!(organisation(&mut q, variant).await.id, iom.id, "{variant}");
    }

    let flows = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            funder: "Denmark".into(),
            view: pb::RecordView::Full as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .funding_flows;
    // One Danish grant reported as "$1.6 million" and "DKK 10 million":
    // one flow, whichever report arrived first.
    let danish = flows
        .iter()
        .find(|f| {
            f.amount.as_ref().is_some_and(|m| {
                (m.currency_code.as_str(), m.units) == ("USD", 1_600_000)
                    || (m.currency_code.as_str(), m.units) == ("DKK", 10_000_000)
            })
        })
        .unwrap_or_else(|| panic!("no Danish grant to IOM in {flows:?}"));
    assert!(danish.documents.len() >= 3, "{danish:?}");
    assert!(danish
        .merges
        .iter()
        .any(|m| m.agreed.iter().any(|a| a == "amount (converted)")));
    assert_eq!(danish.recipient, iom.id);
    let funder = organisation(&mut q, &danish.funder).await;
    assert_eq!(funder.name, "Government of Denmark");

    // The EU -> UNODC flow that two documents report is one flow.
    let eu_unodc = q
        .list_funding_flows(pb::ListFundingFlowsRequest {
            funder: "EU".into(),
            recipient: "UNODC".into(),
            view: pb::RecordView::Full as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .funding_flows;
    let reported_twice = eu_unodc.iter().filter(|f| f.documents.len() >= 2).count();
    assert!(reported_twice >= 1, "{eu_unodc:?}");
    // Funding totals by funder: Denmark in dollars, the EU's flows counted.
    let summary = q
        .summarise_funding(pb::SummariseFundingRequest {
            group_by: pb::FundingGroupBy::Funder as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let dk = summary
        .totals
        .iter()
        .find(|t| t.display_name == "Government of Denmark")
        .expect("Denmark in the summary");
    let usd = dk.usd_equivalent.as_ref().unwrap().units;
    assert!((1_550_000..=1_600_000).contains(&usd), "{dk:?}");
    let eu = summary
        .totals
        .iter()
        .find(|t| t.display_name == "European Union")
        .expect("EU in the summary");
    assert!(eu.flow_count >= 3 && eu.flows_without_amount >= 2, "{eu:?}");
    assert!(!summary.rate_source.is_empty());
    // The network of IOM: event partners and funders.
    let net = q
        .get_organisation_network(pb::GetOrganisationNetworkRequest {
            name: "IOM".into(),
            depth: 1,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let linked: Vec<&str> = net.links.iter().map(|l| l.display_name.as_str()).collect();
    for name in [
        "Federal Investigation Agency",
        "National Commission for Human Rights",
        "Government of Denmark",
    ] {
        assert!(
            linked.contains(&name),
            "{name} not linked to IOM: {linked:?}"
        );
    }
    assert!(net
        .links
        .iter()
        .any(|l| l.display_name == "Government of Denmark" && l.funding_flows >= 1));
    let agreements = q
        .list_events(pb::ListEventsRequest {
            kind: pb::EventKind::Agreement as i32,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .events;
    let on = |y, m, d| {
        agreements.iter().find(|e| {
            e.date
                == Some(pb::Date {
                    year: y,
                    month: m,
                    day: d,
                })
        })
    };
    let islamabad =
        on(2021, 8, 30).unwrap_or_else(|| panic!("no signing on 2021-08-30 in {agreements:?}"));
    assert!(islamabad.location.contains("Islamabad"));
    assert!(islamabad.participants.contains(&iom.id));
    let mou = on(2023, 10, 18).unwrap_or_else(|| panic!("no MoU on 2023-10-18 in {agreements:?}"));
    let nchr = organisation(&mut q, "NCHR").await;
    assert!(mou.participants.contains(&nchr.id));
}
