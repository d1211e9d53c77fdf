use super::*;

/// An extraction the extractor makes from a sentence we wrote.
fn sample() -> pb::Extraction {
    let text = "Bangkok, 5 May 2023 - The Government of Australia and the International \
                Organization for Migration (IOM) signed a AUD 3 million agreement to protect \
                migrant workers at a conference in Bangkok.\n";
    tipwatch_extract::extract(
        text.as_bytes(),
        &tipwatch_extract::Hints {
            source: "sample.txt".into(),
            media_type: tipwatch_extract::MediaType::Text,
        },
    )
    .expect("the sample reads")
}

fn fields(x: pb::Extraction) -> Vec<String> {
    match Checked::try_from(x) {
        Ok(_) => vec![],
        Err(e) => e.violations.into_iter().map(|v| v.field).collect(),
    }
}

#[test]
fn what_the_extractor_makes_passes() {
    let x = sample();
    assert!(!x.organisations.is_empty() && !x.funding_flows.is_empty());
    assert_eq!(fields(x), Vec::<String>::new());
}

#[test]
fn impossible_dates_are_refused() {
    let bad = |y, m, d| {
        date(&pb::Date {
            year: y,
            month: m,
            day: d,
        })
        .is_err()
    };
    assert!(bad(2023, 13, 0));
    assert!(bad(99999, 1, 1));
    assert!(bad(2023, 2, 29));
    assert!(bad(2023, 0, 5));
    assert!(bad(-1, 0, 0));
    assert!(!bad(2024, 2, 29));
    assert!(!bad(2023, 0, 0));
    assert!(!bad(0, 0, 0));
    let mut x = sample();
    x.published = Some(pb::Date {
        year: 2023,
        month: 13,
        day: 0,
    });
    assert_eq!(fields(x), ["extraction.published"]);
}

#[test]
fn money_needs_a_real_code_a_sign_and_nanos_in_range() {
    let m = |c: &str, u, n| pb::Money {
        currency_code: c.into(),
        units: u,
        nanos: n,
    };
    assert!(money(&m("USD", 5, 500_000_000)).is_ok());
    assert!(money(&m("XDR", 1, 0)).is_ok());
    assert_eq!(money(&m("ZZZ", 1, 0)).unwrap_err().0, "currency_code");
    assert_eq!(money(&m("usd", 1, 0)).unwrap_err().0, "currency_code");
    assert_eq!(money(&m("USD", -5, 0)).unwrap_err().0, "units");
    assert_eq!(money(&m("USD", 5, 2_000_000_000)).unwrap_err().0, "nanos");
    assert_eq!(money(&m("USD", i64::MAX, 0)).unwrap_err().0, "units");
    let mut x = sample();
    x.funding_flows[0].amount = Some(m("ZZZZ", 1, 0));
    assert_eq!(
        fields(x),
        ["extraction.funding_flows[0].amount.currency_code"]
    );
}

#[test]
fn unknown_enums_spans_and_hashes_are_named() {
    let mut x = sample();
    x.organisations[0].kind = 300;
    assert_eq!(fields(x), ["extraction.organisations[0].kind"]);
    let mut x = sample();
    x.funding_flows[0].status = -1;
    assert_eq!(fields(x), ["extraction.funding_flows[0].status"]);
    let mut x = sample();
    let n = x.text.chars().count() as u32;
    x.organisations[0].evidence[0].end = n + 1;
    assert_eq!(fields(x), ["extraction.organisations[0].evidence[0]"]);
    let mut x = sample();
    x.content_sha256 = x.content_sha256.to_uppercase();
    assert_eq!(fields(x), ["extraction.content_sha256"]);
    let mut x = sample();
    x.content_sha256.truncate(16);
    assert_eq!(fields(x), ["extraction.content_sha256"]);
}

#[test]
fn oversized_writes_and_lists_are_refused() {
    let mut x = sample();
    x.organisations[0].aliases = vec!["x".repeat(10); MAX_LIST + 1];
    assert_eq!(fields(x), ["extraction.organisations[0].aliases"]);
    let mut x = sample();
    x.organisations[0].aliases = vec!["a".repeat(4 * 1024 * 1024)];
    assert_eq!(fields(x), ["extraction.organisations[0].aliases[0]"]);
    let mut x = sample();
    let one = x.organisations[0].clone();
    x.organisations = vec![one; MAX_RECORDS_PER_WRITE + 1];
    assert_eq!(fields(x), ["extraction"]);
    let mut x = sample();
    x.source.clear();
    assert_eq!(fields(x), ["extraction.source"]);
}

#[test]
fn the_currency_list_is_the_iso_list() {
    let c = currencies();
    assert!(c.len() > 150);
    for code in ["USD", "EUR", "JPY", "AUD", "THB", "PHP"] {
        assert!(c.contains(code), "{code}");
    }
    assert!(!c.contains("ZZZ"));
}

#[test]
fn a_run_on_paragraph_of_a_real_page_passes() {
    let para = "The Government of Australia and the International Organization for \
                Migration (IOM) met officials "
        .repeat(300);
    let text = format!("Bangkok, 5 May 2023 - {para}\n");
    let x = tipwatch_extract::extract(
        text.as_bytes(),
        &tipwatch_extract::Hints {
            source: "long.txt".into(),
            media_type: tipwatch_extract::MediaType::Text,
        },
    )
    .unwrap();
    assert_eq!(fields(x), Vec::<String>::new());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Whatever the extractor makes of news-like text is accepted: the
    /// checks refuse forgeries and garbage, never the extractor's output.
    #[test]
    fn the_extractors_output_always_validates(
        parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::strategy::Just("The Ministry of Interior (MoI) ".to_string()),
                proptest::strategy::Just("signed a $1.5 million agreement with ".to_string()),
                proptest::strategy::Just("IOM's ".to_string()),
                proptest::strategy::Just("funded by the EU with EUR 2,000,000. ".to_string()),
                proptest::strategy::Just("On 26-27 April ".to_string()),
                proptest::strategy::Just("Mr. A. B. Cde, Director, ".to_string()),
                proptest::strategy::Just("\n".to_string()),
                proptest::strategy::Just("Published in X, May 3rd, 2021\n".to_string()),
                proptest::strategy::Just("Ghana Police Service's Anti-Human Trafficking Unit held a training ".to_string()),
                proptest::strategy::Just("<p>html</p> ".to_string()),
                proptest::strategy::Just("N5 million ".to_string()),
                proptest::strategy::Just(" on 31 February 2023 ".to_string()),
                proptest::strategy::Just("Bangkok, 5 May 2023 - ".to_string()),
                "[A-Za-z0-9 ,.;:()'\"/-]{0,20}",
            ],
            0..60,
        )
    ) {
        let text: String = parts.concat();
        let hints = tipwatch_extract::Hints {
            source: "generated.txt".into(),
            media_type: tipwatch_extract::MediaType::Detect,
        };
        if let Ok(x) = tipwatch_extract::extract(text.as_bytes(), &hints) {
            let refused = fields(x);
            proptest::prop_assert!(refused.is_empty(), "{refused:?} for {text:?}");
        }
    }
}
