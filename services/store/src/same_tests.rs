use super::*;

fn money(currency: &str, units: i64) -> pb::Money {
    pb::Money {
        currency_code: currency.into(),
        units,
        nanos: 0,
    }
}

fn flow(units: Option<(&str, i64)>, year: Option<i32>) -> pb::FundingFlow {
    pb::FundingFlow {
        funder: "organisations/eu".into(),
        recipient: "organisations/unodc".into(),
        amount: units.map(|(c, u)| money(c, u)),
        date: year.map(|year| pb::Date {
            year,
            month: 0,
            day: 0,
        }),
        ..Default::default()
    }
}

fn own(id: &str) -> String {
    id.to_owned()
}

fn event(kind: pb::EventKind, date: (i32, i32, i32), parts: &[&str], place: &str) -> pb::Event {
    pb::Event {
        kind: kind as i32,
        date: Some(pb::Date {
            year: date.0,
            month: date.1,
            day: date.2,
        }),
        participants: parts.iter().map(|p| p.to_string()).collect(),
        location: place.into(),
        ..Default::default()
    }
}

#[test]
fn rounded_figures_and_converted_currencies_agree() {
    // "$1.6 million" and "$1.585 million": the first is rounded.
    assert!(amounts_agree(
        &money("USD", 1_600_000),
        &money("USD", 1_585_000),
        Some(2021)
    ));
    // "DKK 10 million" was about $1.59 million in 2021.
    assert!(amounts_agree(
        &money("DKK", 10_000_000),
        &money("USD", 1_600_000),
        Some(2021)
    ));
    assert!(!amounts_agree(
        &money("DKK", 10_000_000),
        &money("USD", 10_000_000),
        Some(2021)
    ));
    assert!(!amounts_agree(
        &money("USD", 2_000_000),
        &money("USD", 2_100_000),
        None
    ));
    assert!(!amounts_agree(
        &money("USD", 2_000_000),
        &money("XYZ", 2_000_000),
        None
    ));
}

#[test]
fn reports_of_one_grant_merge_and_say_why() {
    assert_eq!(
        same_flow(
            &flow(Some(("EUR", 15_000_000)), Some(2019)),
            &flow(Some(("EUR", 15_050_000)), None),
            &own
        ),
        Some(vec!["funder", "recipient", "amount"])
    );
    assert_eq!(
        same_flow(
            &flow(None, Some(2019)),
            &flow(Some(("EUR", 1)), Some(2019)),
            &own
        ),
        Some(vec!["funder", "recipient", "year"])
    );
    let dkk = flow(Some(("DKK", 10_000_000)), Some(2021));
    let usd = flow(Some(("USD", 1_600_000)), None);
    assert_eq!(
        same_flow(&dkk, &usd, &own),
        Some(vec!["funder", "recipient", "amount (converted)"])
    );
}

#[test]
fn bodies_of_one_government_merge_only_on_agreeing_amounts() {
    let family = |id: &str| {
        if id == "organisations/home-office" || id == "organisations/uk" {
            "country:united kingdom".to_owned()
        } else {
            id.to_owned()
        }
    };
    let mut a = flow(Some(("GBP", 2_000_000)), None);
    a.funder = "organisations/home-office".into();
    let mut b = a.clone();
    b.funder = "organisations/uk".into();
    assert_eq!(
        same_flow(&a, &b, &family),
        Some(vec!["funder's government", "recipient", "amount"])
    );
    let mut c = b.clone();
    c.amount = None;
    c.date = Some(pb::Date {
        year: 2020,
        month: 0,
        day: 0,
    });
    assert_eq!(same_flow(&a, &c, &family), None);
}

#[test]
fn different_years_amounts_currencies_or_parties_do_not_merge() {
    let none = |a: &pb::FundingFlow, b: &pb::FundingFlow| same_flow(a, b, &own).is_none();
    assert!(none(
        &flow(Some(("USD", 2_000_000)), Some(2019)),
        &flow(Some(("USD", 2_000_000)), Some(2021))
    ));
    assert!(none(&flow(None, Some(2019)), &flow(None, Some(2020))));
    assert!(none(
        &flow(Some(("USD", 2_000_000)), None),
        &flow(Some(("USD", 3_000_000)), None)
    ));
    // Nothing positively agrees: an amount-less, undated report of the
    // same pair is not taken to be a known grant.
    assert!(none(
        &flow(None, None),
        &flow(Some(("USD", 1_600_000)), Some(2021))
    ));
    let mut other = flow(None, Some(2019));
    other.recipient = "organisations/iom".into();
    assert!(none(&flow(None, Some(2019)), &other));
}

#[test]
fn reports_of_one_event_merge_and_others_do_not() {
    use pb::EventKind::{Agreement, Conference};
    let iom = "organisations/iom";
    let a = event(Agreement, (2021, 8, 30), &[iom], "Islamabad");
    assert!(same_event(&a, &event(Agreement, (2021, 8, 0), &[iom], "")).is_some());
    assert!(same_event(
        &a,
        &event(Agreement, (2021, 8, 30), &[], "Islamabad, Pakistan")
    )
    .is_some());
    assert!(same_event(&a, &event(Agreement, (2021, 8, 31), &[iom], "Islamabad")).is_none());
    assert!(same_event(&a, &event(Conference, (2021, 8, 30), &[iom], "Islamabad")).is_none());
    assert!(same_event(&a, &event(Agreement, (2021, 8, 30), &[iom], "Lahore")).is_none());
    let mut two_days = event(Conference, (2024, 4, 26), &["organisations/eu"], "");
    two_days.end_date = Some(pb::Date {
        year: 2024,
        month: 4,
        day: 27,
    });
    assert!(same_event(
        &two_days,
        &event(Conference, (2024, 4, 27), &["organisations/eu"], "")
    )
    .is_some());
}

#[test]
fn one_signing_dated_three_ways_is_one_event() {
    use pb::EventKind::Agreement;
    let parts = ["organisations/nchr", "organisations/iom"];
    let release = event(Agreement, (2023, 10, 18), &parts, "Islamabad, Pakistan");
    let sunday = event(Agreement, (2023, 10, 22), &parts, "Islamabad");
    let mut undated = event(Agreement, (0, 0, 0), &parts, "");
    undated.date = None;
    assert_eq!(
        same_event(&release, &sunday),
        Some(vec![
            "kind",
            "date (within 7 days)",
            "participants",
            "place"
        ])
    );
    assert_eq!(
        same_event(&release, &undated),
        Some(vec!["kind", "date (one report undated)", "participants"])
    );
    // One shared participant is not enough four days apart, and a year
    // apart is never the same signing.
    let one = event(Agreement, (2023, 10, 22), &parts[..1], "");
    assert!(same_event(&release, &one).is_none());
    let next_year = event(Agreement, (2024, 10, 18), &parts, "Islamabad");
    assert!(same_event(&release, &next_year).is_none());
    // Two undated reports: nothing says they are one event.
    let mut undated2 = undated.clone();
    undated2.location = "Islamabad".into();
    assert!(same_event(&undated, &undated2).is_none());
}

#[test]
fn an_undated_report_with_only_some_participants_joins_the_dated_one() {
    use pb::EventKind::Training;
    let dated = event(
        Training,
        (2023, 2, 0),
        &[
            "organisations/iom",
            "organisations/fia",
            "organisations/denmark",
        ],
        "Islamabad",
    );
    let mut funder_only = event(Training, (0, 0, 0), &["organisations/denmark"], "");
    funder_only.date = None;
    assert!(same_event(&dated, &funder_only).is_some());
    let mut stranger = funder_only.clone();
    stranger.participants.push("organisations/unhcr".into());
    assert!(same_event(&dated, &stranger).is_none());
}
