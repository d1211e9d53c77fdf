//! Each mechanism on sentences written for these tests: positive and
//! negative examples per cue family.

use tipwatch_proto::pb;

use crate::{extract, Hints, MediaType};

/// (funder name, recipient name, amount units) of every flow of `text`.
fn flows(text: &str) -> Vec<(String, String, Option<i64>)> {
    let x = extract(
        text.as_bytes(),
        &Hints {
            source: "t.txt".into(),
            media_type: MediaType::Text,
        },
    )
    .expect("extracts");
    let name = |id: &str| -> String {
        x.organisations
            .iter()
            .find(|o| o.id == id)
            .map(|o: &pb::Organisation| o.name.clone())
            .unwrap_or_default()
    };
    x.funding_flows
        .iter()
        .map(|f| {
            (
                name(&f.funder),
                name(&f.recipient),
                f.amount.as_ref().map(|m| m.units),
            )
        })
        .collect()
}

fn has(fs: &[(String, String, Option<i64>)], f: &str, r: &str, a: Option<i64>) -> bool {
    fs.iter()
        .any(|(x, y, z)| x.contains(f) && y.contains(r) && *z == a)
}

#[test]
fn active_verbs_in_any_tense_give_to_the_object_of_to() {
    for verb in [
        "donates",
        "donated",
        "is donating",
        "will donate",
        "has contributed",
    ] {
        let t = format!(
            "The Government of Sweden {verb} SEK 4 million to the United Nations Children's Fund (UNICEF).\n"
        );
        let fs = flows(&t);
        assert!(
            has(&fs, "Sweden", "Children", Some(4_000_000)),
            "{verb}: {fs:?}"
        );
    }
}

#[test]
fn passive_by_makes_the_subject_the_recipient() {
    let fs = flows(
        "The World Health Organization (WHO) received new laboratories funded by the Government of Japan.\n\
         The clinic project, financed by the European Union, is run by the International Labour Organization (ILO).\n",
    );
    assert!(has(&fs, "Japan", "World Health", None), "{fs:?}");
}

#[test]
fn support_phrases_name_the_giver_and_the_subject_receives() {
    let fs = flows(
        "The International Labour Organization (ILO), with support from the Government of Canada, trained 40 inspectors.\n",
    );
    assert!(has(&fs, "Canada", "International Labour", None), "{fs:?}");
}

#[test]
fn receiving_from_reverses_the_roles() {
    let fs = flows(
        "The United Nations Children's Fund (UNICEF) received $300,000 from the Government of Ireland.\n",
    );
    assert!(has(&fs, "Ireland", "Children", Some(300_000)), "{fs:?}");
}

#[test]
fn handed_over_to_by_reads_both_phrases() {
    let fs = flows(
        "Boats worth $90,000 were handed over yesterday to the Ghana Police Service by the International Organization for Migration (IOM).\n",
    );
    assert!(
        has(&fs, "International Organization", "Police", Some(90_000)),
        "{fs:?}"
    );
}

#[test]
fn signed_agreements_with_an_amount() {
    let fs = flows(
        "The Government of Norway signed a NOK 12 million agreement with the United Nations Development Programme (UNDP).\n",
    );
    assert!(
        has(&fs, "Norway", "Development", Some(12_000_000)),
        "{fs:?}"
    );
    // Without an amount a signing is cooperation, not a flow.
    let fs = flows(
        "The Government of Norway signed a memorandum of understanding with the United Nations Development Programme (UNDP).\n",
    );
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn cooperation_and_bare_support_are_not_flows() {
    let fs = flows(
        "The Government of Norway supports the United Nations Development Programme (UNDP) in its work.\n\
         The Government of Norway and UNDP agreed to strengthen their partnership.\n",
    );
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn unnamed_recipients_are_not_invented() {
    let fs = flows(
        "The Government of Norway will provide $2 million to help victims of trafficking.\n\
         The United Nations Development Programme (UNDP) opened an office.\n",
    );
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn money_to_people_and_salaries_is_not_a_flow() {
    let fs = flows(
        "The Government of Norway gave $400 each to 300 returnees.\n\
         The United Nations Development Programme (UNDP) pays a salary of $2,000 to its staff.\n",
    );
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn a_bracketed_equivalent_is_the_same_gift() {
    let fs = flows(
        "The Government of Sweden has contributed SEK 10 million (US$ 950,000) to the United Nations Children's Fund (UNICEF).\n",
    );
    assert_eq!(fs.len(), 1, "{fs:?}");
    assert!(has(&fs, "Sweden", "Children", Some(10_000_000)), "{fs:?}");
}

#[test]
fn adjectival_funding_gives_to_the_clause_subject() {
    let fs = flows(
        "The International Labour Organization (ILO), under the EU-funded SAFE initiative, held a workshop.\n",
    );
    assert!(
        has(&fs, "European Union", "International Labour", None),
        "{fs:?}"
    );
}

#[test]
fn implementers_of_funded_projects_receive() {
    let fs = flows(
        "The Government of Spain has set a budget of EUR 3 million for the project, which will be implemented by the International Labour Organization (ILO).\n",
    );
    assert!(
        has(&fs, "Spain", "International Labour", Some(3_000_000)),
        "{fs:?}"
    );
}

#[test]
fn a_headline_rounding_the_body_amount_is_not_a_second_gift() {
    let fs = flows(
        "Sweden gives $400,000 to UNICEF\n\
         The Government of Sweden has donated SEK 4 million to the United Nations Children's Fund (UNICEF).\n",
    );
    assert!(has(&fs, "Sweden", "Children", Some(4_000_000)), "{fs:?}");
    assert!(!fs.iter().any(|f| f.2 == Some(400_000)), "{fs:?}");
}

#[test]
fn a_possessor_with_an_amount_gives_its_grant() {
    let fs = flows(
        "The European Union's EUR 4 million grant to the United Nations Children's Fund (UNICEF) was announced on Monday.\n",
    );
    assert!(
        has(&fs, "European Union", "Children", Some(4_000_000)),
        "{fs:?}"
    );
}

#[test]
fn through_the_givers_own_agency_is_a_channel_not_a_recipient() {
    let fs = flows(
        "The project was funded by the Government of Norway through the Norwegian \
         Agency for Development Cooperation (Norad). UNICEF runs it in three districts.",
    );
    assert!(
        !fs.iter().any(|(_, r, _)| r.contains("Norwegian Agency")),
        "{fs:?}"
    );
    let fs = flows(
        "The shelter was funded by the Government of Norway through UNICEF, \
         which runs it in three districts.",
    );
    assert!(has(&fs, "Norway", "Children", None), "{fs:?}");
}

#[test]
fn one_amount_to_several_listed_recipients_goes_to_each() {
    let t = "The European Union has allocated EUR 6 million to the United Nations Children's Fund (UNICEF) and the World Food Programme (WFP).\n";
    let fs = flows(t);
    assert!(has(&fs, "European", "Children", Some(6_000_000)), "{fs:?}");
    assert!(has(&fs, "European", "Food", Some(6_000_000)), "{fs:?}");
}

#[test]
fn a_relative_clause_reads_its_own_subject() {
    // The programme, not the clause's main subject, is what the relative
    // clause is about: the body that delivers it never gives to the funder.
    let t = "The Government of Sweden will fund the SEK 9 million programme, which will be delivered by the World Food Programme (WFP).\n";
    let fs = flows(t);
    assert!(!has(&fs, "Food", "Sweden", Some(9_000_000)), "{fs:?}");
    // A body before "which" is the subject of the relative clause.
    let t = "The World Food Programme (WFP), which is funded by the Government of Sweden, opened an office.\n";
    let fs = flows(t);
    assert!(has(&fs, "Sweden", "Food", None), "{fs:?}");
}

#[test]
fn a_host_country_named_in_the_sentence_receives_an_amount() {
    let t = "The Ambassador of Sweden in Ruritania said that Sweden would earmark 300,000 dollars to implement the project.\n";
    let fs = flows(t);
    assert!(fs.is_empty(), "no country named: {fs:?}");
    let t = "A diplomat of the Embassy of Sweden in Albania said that Sweden would earmark 300,000 dollars to implement the project.\n";
    let fs = flows(t);
    assert!(has(&fs, "Sweden", "Albania", Some(300_000)), "{fs:?}");
    // Never the giver's own government.
    let t = "Officials in Sweden said that Sweden would earmark 300,000 dollars for the project.\n";
    let fs = flows(t);
    assert!(fs.is_empty(), "{fs:?}");
}

#[test]
fn a_passive_award_gives_to_its_subject() {
    let fs =
        flows("The Beta Foundation has been awarded $5 million by the Government of Sweden.\n");
    assert!(
        has(&fs, "Sweden", "Beta Foundation", Some(5_000_000)),
        "{fs:?}"
    );
    let fs = flows("The Beta Foundation secured SEK 2 million from the Government of Sweden.\n");
    assert!(
        has(&fs, "Sweden", "Beta Foundation", Some(2_000_000)),
        "{fs:?}"
    );
}

#[test]
fn a_fronted_funding_phrase_gives_to_the_subject_after_its_comma() {
    let fs = flows(
        "With funding of SEK 3 million from the Government of Sweden, the Beta Foundation will train 40 judges.\n",
    );
    assert!(
        has(&fs, "Sweden", "Beta Foundation", Some(3_000_000)),
        "{fs:?}"
    );
    let fs = flows(
        "Thanks to a contribution of SEK 4 million from the Government of Sweden, the Beta Foundation opened a shelter.\n",
    );
    assert!(
        has(&fs, "Sweden", "Beta Foundation", Some(4_000_000)),
        "{fs:?}"
    );
    // Not fronted: the list after "from" stays a list of givers.
    let fs = flows(
        "The trainings were held with support from the Government of Sweden, the Government of Norway and the Beta Foundation.\n",
    );
    assert!(!has(&fs, "Sweden", "Beta Foundation", None), "{fs:?}");
}
