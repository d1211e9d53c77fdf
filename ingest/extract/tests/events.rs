//! Events on sentences this test writes: trigger families, triggers that
//! name no happening, and one happening named twice.

use tipwatch_extract::{extract, Hints, MediaType};
use tipwatch_proto::pb::{self, EventKind};

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

fn kinds(x: &pb::Extraction) -> Vec<EventKind> {
    x.events.iter().map(|e| e.kind()).collect()
}

#[test]
fn goods_presented_are_a_handover() {
    let x = run("Lusaka, 3 May 2022 - The agency presented ten motorcycles and radios to the Zambia Police Service on Tuesday.\n");
    assert_eq!(kinds(&x), vec![EventKind::Handover]);
}

#[test]
fn courtesy_calls_are_meetings() {
    let x = run("Lusaka, 3 May 2022 - The ambassador paid a courtesy call on the Minister of Home Affairs on Monday.\n");
    assert_eq!(kinds(&x), vec![EventKind::Meeting]);
}

#[test]
fn modifiers_objects_and_habits_are_not_events() {
    let x = run("Lusaka - The agency printed a new training manual for border staff. It will provide training to officers. \
        The boats can capsize in rough seas.\n");
    assert!(x.events.is_empty(), "{:?}", x.events);
}

#[test]
fn a_training_also_called_a_workshop_or_conference_is_one_event() {
    let x = run("Lusaka, 3 May 2022 - The agency held a training conference for forty prosecutors on Tuesday. \
        The workshop covered victim identification.\n");
    assert_eq!(kinds(&x), vec![EventKind::Training]);
}

#[test]
fn a_meeting_at_which_something_else_happens_is_that_thing() {
    let x = run("Lusaka, 3 May 2022 - Attending the meeting on Tuesday, the minister launched the new hotline.\n");
    assert_eq!(kinds(&x), vec![EventKind::Launch]);
}

#[test]
fn an_anaphoric_mention_adds_no_second_event() {
    let x = run("Lusaka, 3 May 2022 - The agency handed over two vehicles to the Zambia Police Service on Tuesday. \
        This handover follows the opening of a shelter in December 2020.\n");
    assert_eq!(kinds(&x), vec![EventKind::Handover]);
    let d = x.events[0].date.expect("dated");
    assert_eq!((d.year, d.month), (2022, 5));
}

#[test]
fn congress_as_a_legislature_is_not_a_conference() {
    let x = run("Lusaka, 3 May 2022 - The grant was approved by Congress after a long debate.\n");
    assert!(
        !kinds(&x).contains(&EventKind::Conference),
        "{:?}",
        x.events
    );
}
