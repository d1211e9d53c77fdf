//! The whole pipeline on documents this test writes: what an analyst
//! expects from typical releases, and no panic on any input.

use proptest::prelude::*;
use tipwatch_extract::{extract, Hints, MediaType};
use tipwatch_proto::pb;

fn run(text: &str) -> pb::Extraction {
    extract(
        text.as_bytes(),
        &Hints {
            source: "t.txt".into(),
            media_type: MediaType::Text,
        },
    )
    .expect("text extracts")
}

fn org<'a>(x: &'a pb::Extraction, id: &str) -> &'a pb::Organisation {
    x.organisations
        .iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn a_grant_release_yields_flow_event_people_and_evidence() {
    let x = run("Canada grants CAD 3 million to UNICEF for child protection in Ghana\n\
        Accra, 4 March 2022 - The Government of Canada on Tuesday signed a CAD 3 million agreement with the \
        United Nations Children's Fund (UNICEF) to protect children from trafficking in Ghana.\n\
        The agreement was signed by High Commissioner Anne Tremblay and Peter Mensah, UNICEF Representative in Ghana.\n");
    assert_eq!(
        x.published,
        Some(pb::Date {
            year: 2022,
            month: 3,
            day: 4
        })
    );
    assert_eq!(x.funding_flows.len(), 1, "{:?}", x.funding_flows);
    let f = &x.funding_flows[0];
    assert_eq!(org(&x, &f.funder).name, "Government of Canada");
    assert_eq!(org(&x, &f.recipient).acronym, "UNICEF");
    let m = f.amount.as_ref().unwrap();
    assert_eq!((m.currency_code.as_str(), m.units), ("CAD", 3_000_000));
    let agreement = x
        .events
        .iter()
        .find(|e| e.kind == pb::EventKind::Agreement as i32)
        .expect("signing");
    assert_eq!(
        agreement.date,
        Some(pb::Date {
            year: 2022,
            month: 3,
            day: 1
        })
    );
    assert!(agreement.location.contains("Accra"));
    let peter = x
        .people
        .iter()
        .find(|p| p.name == "Peter Mensah")
        .expect("person");
    assert_eq!(org(&x, &peter.organisation).acronym, "UNICEF");
    // Evidence spans point into the text the extraction carries.
    let chars: Vec<char> = x.text.chars().collect();
    let ev = &f.evidence[0];
    let span: String = chars[ev.start as usize..ev.end as usize].iter().collect();
    assert_eq!(span, "CAD 3 million");
    assert!(ev.sentence.contains(&span));
}

#[test]
fn funded_projects_name_their_implementer() {
    let x = run("Lima - The Organization of American States (OAS) held a workshop on 2-3 May 2019 for prosecutors \
        under the EU-funded programme.\nThe project will be carried out by the Andean Legal Network.\n\
        The Government of Spain will provide EUR 500,000 for a second phase of the project.\n");
    let pairs: Vec<(String, String)> = x
        .funding_flows
        .iter()
        .map(|f| {
            (
                org(&x, &f.funder).name.clone(),
                org(&x, &f.recipient).name.clone(),
            )
        })
        .collect();
    assert!(
        pairs.contains(&(
            "European Union".into(),
            "Organization of American States".into()
        )),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("Government of Spain".into(), "Andean Legal Network".into())),
        "{pairs:?}"
    );
    let w = x
        .events
        .iter()
        .find(|e| e.kind == pb::EventKind::Workshop as i32)
        .unwrap();
    assert_eq!(
        w.end_date,
        Some(pb::Date {
            year: 2019,
            month: 5,
            day: 3
        })
    );
}

#[test]
fn statements_of_intent_and_quotes_are_not_events() {
    let x = run("Nairobi - The agency will hold a conference next year. \"We need a summit,\" the director said.\n");
    assert!(x.events.is_empty(), "{:?}", x.events);
}

#[test]
fn binary_and_empty_input_are_refused() {
    let hints = Hints::default();
    assert!(extract(&[0, 1, 2, 3, 0], &hints).is_err());
    assert!(extract(b"   \n\n ", &hints).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = extract(&bytes, &Hints::default());
    }

    #[test]
    fn never_panics_on_news_like_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("The Ministry of Interior (MoI) ".to_string()), Just("signed a $1.5 million agreement with ".to_string()),
                Just("IOM's ".to_string()), Just("funded by the EU. ".to_string()), Just("On 26-27 April ".to_string()), Just("Mr. A. B. Cde, Director, ".to_string()),
                Just("\n".to_string()), Just("(UN) ".to_string()), Just("Published in X, May 3rd, 2021\n".to_string()), Just("\u{201c}quoted\u{201d} ".to_string()),
                Just("Ghana Police Service's Anti-Human Trafficking Unit of the ".to_string()), Just("For more information:\n".to_string()),
                Just("é\u{0301}ü ".to_string()), Just("<p>html</p> ".to_string()), Just("N5 million ".to_string()), Just(" date 2020-01-01 ".to_string()),
                "[A-Za-z0-9 ,.;:()'\"/-]{0,20}",
            ],
            0..60,
        )
    ) {
        let text: String = parts.concat();
        if let Ok(x) = extract(text.as_bytes(), &Hints::default()) {
            let n = x.text.chars().count() as u32;
            for o in &x.organisations {
                for e in &o.evidence {
                    prop_assert!(e.start <= e.end && e.end <= n);
                }
            }
            for f in &x.funding_flows {
                prop_assert!(x.organisations.iter().any(|o| o.id == f.funder));
                prop_assert!(x.organisations.iter().any(|o| o.id == f.recipient));
            }
        }
    }
}

#[test]
fn ngo_recipients_envoys_and_wire_datelines() {
    let x = run("Agency awards grant to fight trafficking\n\n\
        DHAKA, Jan. 15, 2025 - The United States Agency for International Development (USAID) has awarded a $4.5 million \
        grant to Winrock International to help survivors, the U.S. Embassy in Dhaka announced on Wednesday.\n\n\
        \"Trafficking destroys lives,\" said Ambassador Peter Haas at the launch event in Dhaka.\n");
    assert_eq!(
        x.published,
        Some(pb::Date {
            year: 2025,
            month: 1,
            day: 15
        })
    );
    let f = &x.funding_flows[0];
    assert_eq!(org(&x, &f.recipient).name, "Winrock International");
    assert_eq!(org(&x, &f.recipient).kind, pb::OrganisationKind::Ngo as i32);
    let haas = x.people.iter().find(|p| p.name == "Peter Haas").unwrap();
    assert_eq!(
        org(&x, &haas.organisation).name,
        "Government of the United States"
    );

    let x = run("TRIPOLI, 12 July 2023 (Wire) - Coast guard officers intercepted a boat off the coast on Tuesday, the Interior Ministry said.\n\
        In June 2023, more than 600 people died when a fishing boat sank off Pylos, Greece.\n");
    let incidents: Vec<(Option<pb::Date>, &str)> = x
        .events
        .iter()
        .filter(|e| e.kind == pb::EventKind::Incident as i32)
        .map(|e| (e.date, e.location.as_str()))
        .collect();
    assert_eq!(
        incidents,
        vec![
            (
                Some(pb::Date {
                    year: 2023,
                    month: 7,
                    day: 11
                }),
                "Tripoli, Libya"
            ),
            (
                Some(pb::Date {
                    year: 2023,
                    month: 6,
                    day: 0
                }),
                "Pylos, Greece"
            ),
        ]
    );
}

#[test]
fn bylines_sentence_final_governments_and_one_giver_per_gift() {
    let x = run("Italy pledges EUR 5 million to UNHCR\nBy Staff Reporter | 14 March 2023\n\
        ROME - Italy's Ministry of Foreign Affairs on Tuesday pledged EUR 5 million to the UN Refugee Agency (UNHCR) for refugees in Libya.\n\
        A second project was launched with funding from the Government of Denmark.\n");
    assert_eq!(
        x.published,
        Some(pb::Date {
            year: 2023,
            month: 3,
            day: 14
        })
    );
    assert!(!x.text.contains("Staff Reporter"), "bylines are furniture");
    assert!(x
        .organisations
        .iter()
        .any(|o| o.name == "Government of Denmark"));
    let givers: Vec<&str> = x
        .funding_flows
        .iter()
        .filter(|f| f.amount.as_ref().is_some_and(|m| m.units == 5_000_000))
        .map(|f| org(&x, &f.funder).name.as_str())
        .collect();
    assert_eq!(givers, vec!["Ministry of Foreign Affairs"]);
}

#[test]
fn two_gifts_in_one_sentence_and_envoys_titled_by_country() {
    let x = run("Geneva, 16 June 2022 - During the conference, the Government of Sweden pledged SEK 40 million to the \
        International Labour Organization (ILO), and the Swiss Agency for Development and Cooperation (SDC) announced a \
        contribution of CHF 2.5m to UNHCR.\n\
        \"No country can end trafficking alone,\" said Maria Svensson, Sweden's Ambassador for Combating Trafficking in Persons.\n");
    let mut gifts: Vec<(String, String, i64)> = x
        .funding_flows
        .iter()
        .map(|f| {
            (
                org(&x, &f.funder).name.clone(),
                org(&x, &f.recipient).name.clone(),
                f.amount.as_ref().unwrap().units,
            )
        })
        .collect();
    gifts.sort();
    assert_eq!(
        gifts,
        vec![
            (
                "Government of Sweden".into(),
                "International Labour Organization".into(),
                40_000_000
            ),
            (
                "Swiss Agency for Development and Cooperation".into(),
                "Office of the United Nations High Commissioner for Refugees".into(),
                2_500_000
            ),
        ]
    );
    let maria = x
        .people
        .iter()
        .find(|p| p.name == "Maria Svensson")
        .unwrap();
    assert_eq!(org(&x, &maria.organisation).name, "Government of Sweden");
}
