//! Amounts in the forms news text writes them, on sentences written for
//! these tests.

use super::*;

fn all(text: &str, ctx: &MoneyContext) -> Vec<(String, i64, i32)> {
    find(text, ctx)
        .into_iter()
        .map(|m| (m.amount.currency, m.amount.units, m.amount.nanos))
        .collect()
}

fn one(text: &str) -> (String, i64, i32) {
    let ctx = MoneyContext {
        country: "Pakistan".into(),
        nigerian: true,
        south_african: false,
    };
    let m = all(text, &ctx);
    assert_eq!(m.len(), 1, "{text}: {m:?}");
    m[0].clone()
}

#[test]
fn symbols_codes_and_scales_before_or_after() {
    assert_eq!(
        one("signed a $1.6 million deal"),
        ("USD".into(), 1_600_000, 0)
    );
    assert_eq!(one("a £2m boost"), ("GBP".into(), 2_000_000, 0));
    assert_eq!(one("a £ 2 mln grant"), ("GBP".into(), 2_000_000, 0));
    assert_eq!(one("NOK 70 million to"), ("NOK".into(), 70_000_000, 0));
    assert_eq!(
        one("around NOK 1 billion"),
        ("NOK".into(), 1_000_000_000, 0)
    );
    assert_eq!(
        one("worth more than 482,000 USD for"),
        ("USD".into(), 482_000, 0)
    );
    assert_eq!(
        one("would set aside 300,000 dollars."),
        ("USD".into(), 300_000, 0)
    );
    assert_eq!(
        one("a budget of 12 million Euros for"),
        ("EUR".into(), 12_000_000, 0)
    );
    assert_eq!(one("a 3-million-euro loan"), ("EUR".into(), 3_000_000, 0));
    assert_eq!(one("a 7 million pound fund"), ("GBP".into(), 7_000_000, 0));
    assert_eq!(one("US$ 2.75bn"), ("USD".into(), 2_750_000_000, 0));
    assert_eq!(one("€ 12.345678 only"), ("EUR".into(), 12, 345_678_000));
    assert_eq!(
        one("items worth US$12,500.00 were"),
        ("USD".into(), 12_500, 0)
    );
    assert_eq!(one("gave £ 418, 250 to"), ("GBP".into(), 418_250, 0));
}

#[test]
fn decimal_commas_need_a_scale_word() {
    assert_eq!(one("EUR 6,5 million"), ("EUR".into(), 6_500_000, 0));
    assert_eq!(one("USD 4,000 for each"), ("USD".into(), 4_000, 0));
}

#[test]
fn written_out_numbers() {
    assert_eq!(
        one("would give three hundred thousand dollars to"),
        ("USD".into(), 300_000, 0)
    );
    assert_eq!(
        one("two and a half million euros"),
        ("EUR".into(), 2_500_000, 0)
    );
    assert!(all("one of the two agencies", &MoneyContext::default()).is_empty());
}

#[test]
fn local_forms_in_context() {
    let ng = MoneyContext {
        nigerian: true,
        ..Default::default()
    };
    assert_eq!(
        all("signed a N25 million grant", &ng),
        vec![("NGN".into(), 25_000_000, 0)]
    );
    assert!(all("signed a N25 million grant", &MoneyContext::default()).is_empty());
    assert_eq!(
        all(
            "Rs.4 crore and Rs 2 lakh in Kerala, India",
            &MoneyContext::default()
        ),
        vec![("INR".into(), 40_000_000, 0), ("INR".into(), 200_000, 0)]
    );
    assert_eq!(
        all("Tk 5 crore for returnees", &MoneyContext::default()),
        vec![("BDT".into(), 50_000_000, 0)]
    );
    assert_eq!(
        all(
            "equipment worth Sh60 million at the Nairobi depot",
            &MoneyContext::default()
        ),
        vec![("KES".into(), 60_000_000, 0)]
    );
    assert_eq!(
        all(
            "a K5 million grant in Lusaka, Zambia",
            &MoneyContext::default()
        ),
        vec![("ZMW".into(), 5_000_000, 0)]
    );
}

#[test]
fn ranges_keep_their_upper_bound() {
    let m = find("between $2-3 million", &MoneyContext::default());
    assert_eq!(m[0].amount.units, 2_000_000);
    assert_eq!(m[0].amount.upper, Some((3_000_000, 0)));
}

#[test]
fn bracketed_equivalents_restate_the_first_amount() {
    let m = find(
        "a SEK 20 million (US$ 1.9 million) agreement and a further $3 million",
        &MoneyContext::default(),
    );
    assert_eq!(m.len(), 3);
    assert_eq!(m[1].equivalent_of, Some(0));
    assert_eq!(m[2].equivalent_of, None);
    // The same currency in brackets is not a restatement.
    let m = find("$5 million ($2 million in cash)", &MoneyContext::default());
    assert_eq!(m[1].equivalent_of, None);
}

#[test]
fn not_money() {
    assert!(find(
        "in 2021, 350 people and 10 million migrants",
        &MoneyContext::default()
    )
    .is_empty());
    assert!(find("ABN 5 million", &MoneyContext::default()).is_empty());
    assert!(find("a 5 m wall", &MoneyContext::default()).is_empty());
}

#[test]
fn exact_never_overflows() {
    assert_eq!(exact("999999999999999", 1_000_000_000), None);
    assert_eq!(exact("1.000000001", 1), Some((1, 1)));
}

#[test]
fn thousands_grouped_by_spaces_dots_or_the_indian_way() {
    assert_eq!(
        one("a grant of EUR 500 000 for"),
        ("EUR".into(), 500_000, 0)
    );
    assert_eq!(one("1.200.000 euros were"), ("EUR".into(), 1_200_000, 0));
    assert_eq!(one("gave €750.000 to"), ("EUR".into(), 750_000, 0));
    // With a scale word the dot is a decimal point.
    assert_eq!(one("€1.500 million"), ("EUR".into(), 1_500_000, 0));
    assert_eq!(one("INR 50,00,000 for"), ("INR".into(), 5_000_000, 0));
    // Two numbers apart are not one.
    assert!(all("In 2019 500 people came.", &MoneyContext::default()).is_empty());
}

#[test]
fn more_symbols_and_written_halves() {
    assert_eq!(one("GH¢ 300,000 in"), ("GHS".into(), 300_000, 0));
    assert_eq!(one("AUD$3 million"), ("AUD".into(), 3_000_000, 0));
    assert_eq!(one("Php 5 million"), ("PHP".into(), 5_000_000, 0));
    assert_eq!(one("Ksh.5 million"), ("KES".into(), 5_000_000, 0));
    assert_eq!(one("1.5 billion Naira"), ("NGN".into(), 1_500_000_000, 0));
    assert_eq!(one("half a million dollars"), ("USD".into(), 500_000, 0));
}
