//! People on sentences this test writes: ranks, packaged role words,
//! portfolios and demonyms.

use tipwatch_extract::{extract, Hints, MediaType};

fn names(text: &str) -> Vec<String> {
    let x = extract(
        text.as_bytes(),
        &Hints {
            source: "t.txt".into(),
            media_type: MediaType::Text,
        },
    )
    .expect("text extracts");
    x.people.into_iter().map(|p| p.name).collect()
}

#[test]
fn ranks_and_forms_of_address_are_not_part_of_a_name() {
    assert_eq!(
        names("Vientiane - The deal was signed by Pol. Col Somchai Vong on Friday.\n"),
        vec!["Somchai Vong"]
    );
    assert_eq!(
        names("Lusaka - The Honourable Mary Okafor received the donation.\n"),
        vec!["Mary Okafor"]
    );
}

#[test]
fn packaged_role_words_make_titles() {
    assert_eq!(
        names("Lusaka - Ruth Mwale, the team leader of the project, said it worked.\n"),
        vec!["Ruth Mwale"]
    );
}

#[test]
fn a_portfolio_after_for_is_not_a_name() {
    assert_eq!(
        names("Lusaka - It was signed by the Minister for Safeguarding Jane Roe yesterday.\n"),
        vec!["Jane Roe"]
    );
    assert_eq!(
        names("Lusaka - \"It works,\" said Minister for Trade Anne Marie Tvedt on Monday.\n"),
        vec!["Anne Marie Tvedt"]
    );
}

#[test]
fn people_of_a_country_are_not_a_name() {
    assert!(names("Rome - The Director General for Italians Abroad spoke.\n").is_empty());
}

#[test]
fn several_names_after_one_role() {
    assert_eq!(
        names("Lusaka - Also present were the deputy directors Peter Banda, John Phiri and Grace Zulu.\n"),
        vec!["Peter Banda", "John Phiri", "Grace Zulu"]
    );
}

#[test]
fn title_body_and_place_before_a_name() {
    assert_eq!(
        names("Lusaka - The Chief of Mission, IOM Zambia, Lusaka, Maria Bianchi, handed over the keys.\n"),
        vec!["Maria Bianchi"]
    );
}
