//! SummariseFunding: totals of funding flows per group, per original
//! currency (exact) and in US dollars from a dated table of annual average
//! rates (`services/store/data/exchange_rates.tsv`, read through
//! [`tipwatch_store::rates`]). A flow without an amount is counted,
//! never summed; a currency the table lacks is counted as not converted.

use std::collections::BTreeMap;

use tipwatch_proto::pb;
use tipwatch_store::rates::{nanos, rate_for, RATE_SOURCE};
use tipwatch_store::{FlowFilter, PageRequest, Store, MAX_PAGE_SIZE};

/// A total in billionths as Money. Sums are i128 and never wrap; a total
/// beyond what `Money.units` (i64) holds is reported as the largest
/// representable amount rather than a wrapped one.
fn money(currency: &str, n: i128) -> pb::Money {
    let units = i64::try_from(n / 1_000_000_000).unwrap_or_else(|_| {
        tracing::warn!(
            currency,
            "a funding total exceeds i64 units; reported saturated"
        );
        if n < 0 {
            i64::MIN
        } else {
            i64::MAX
        }
    });
    pb::Money {
        currency_code: currency.to_owned(),
        units,
        nanos: (n % 1_000_000_000) as i32,
    }
}

#[derive(Default)]
struct Group {
    per_currency: BTreeMap<String, i128>,
    usd: i128,
    count: u32,
    without_amount: u32,
    not_converted: u32,
    rates: Vec<pb::ExchangeRate>,
}

/// Returns every flow that `filter` selects, page by page through the index.
fn all_flows(store: &Store, filter: &FlowFilter) -> tipwatch_store::Result<Vec<pb::FundingFlow>> {
    let mut out = Vec::new();
    let mut req = PageRequest {
        page_size: MAX_PAGE_SIZE as i32,
        page_token: String::new(),
    };
    loop {
        let page = store.list_funding_flows(filter, &req)?;
        out.extend(page.items);
        if page.next_page_token.is_empty() {
            return Ok(out);
        }
        req.page_token = page.next_page_token;
    }
}

/// Summarises the flows that `filter` selects, grouped by `by`.
pub(crate) fn summarise(
    store: &Store,
    filter: &FlowFilter,
    by: pb::FundingGroupBy,
) -> tipwatch_store::Result<pb::SummariseFundingResponse> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for f in all_flows(store, filter)? {
        let year = f.date.map(|d| d.year).filter(|y| *y > 0);
        let key = match by {
            pb::FundingGroupBy::Recipient => f.recipient.clone(),
            pb::FundingGroupBy::Year => year.map_or("unknown".to_owned(), |y| y.to_string()),
            pb::FundingGroupBy::Currency => f
                .amount
                .as_ref()
                .map_or("none".to_owned(), |m| m.currency_code.clone()),
            pb::FundingGroupBy::Funder | pb::FundingGroupBy::Unspecified => f.funder.clone(),
        };
        let g = groups.entry(key).or_default();
        g.count += 1;
        let Some(m) = f.amount.as_ref() else {
            g.without_amount += 1;
            continue;
        };
        let total = g.per_currency.entry(m.currency_code.clone()).or_default();
        *total = total.saturating_add(nanos(m));
        match rate_for(&m.currency_code, year) {
            Some((rate_year, micro)) if micro > 0 => {
                g.usd = g
                    .usd
                    .saturating_add(nanos(m).saturating_mul(1_000_000) / micro);
                let used = pb::ExchangeRate {
                    currency_code: m.currency_code.clone(),
                    per_usd: format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000)
                        .trim_end_matches('0')
                        .trim_end_matches('.')
                        .to_owned(),
                    year: rate_year,
                };
                if !g.rates.contains(&used) {
                    g.rates.push(used);
                }
            }
            _ => g.not_converted += 1,
        }
    }
    let org_group = matches!(
        by,
        pb::FundingGroupBy::Funder
            | pb::FundingGroupBy::Recipient
            | pb::FundingGroupBy::Unspecified
    );
    let mut totals: Vec<pb::FundingTotal> = Vec::new();
    for (key, g) in groups {
        let display_name = if org_group {
            store
                .get_organisation(&key)
                .map(|o| o.name)
                .unwrap_or_default()
        } else {
            String::new()
        };
        totals.push(pb::FundingTotal {
            key,
            display_name,
            totals: g.per_currency.iter().map(|(c, n)| money(c, *n)).collect(),
            usd_equivalent: Some(money("USD", g.usd)),
            flow_count: g.count,
            flows_without_amount: g.without_amount,
            flows_not_converted: g.not_converted,
            rates: g.rates,
        });
    }
    totals.sort_by_key(|t| std::cmp::Reverse(t.usd_equivalent.as_ref().map_or(0, nanos)));
    Ok(pb::SummariseFundingResponse {
        totals,
        rate_source: RATE_SOURCE.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_past_i64_saturate_instead_of_wrapping() {
        let big = i128::from(i64::MAX) * 1_000_000_000 * 4;
        assert_eq!(money("EUR", big).units, i64::MAX);
        let m = money("EUR", 1_500_000_000);
        assert_eq!((m.units, m.nanos), (1, 500_000_000));
    }

    #[test]
    fn flows_are_summed_per_currency_and_in_dollars() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let org = |id: &str, name: &str| pb::Organisation {
            id: id.into(),
            name: name.into(),
            ..Default::default()
        };
        let flow = |amount: Option<(&str, i64)>, year: i32| pb::FundingFlow {
            funder: "d".into(),
            recipient: "r".into(),
            amount: amount.map(|(c, units)| pb::Money {
                currency_code: c.into(),
                units,
                nanos: 0,
            }),
            date: Some(pb::Date {
                year,
                month: 0,
                day: 0,
            }),
            ..Default::default()
        };
        let x = pb::Extraction {
            source: "a".into(),
            content_sha256: "a".repeat(64),
            organisations: vec![org("d", "Donor Land"), org("r", "Receiving Agency")],
            funding_flows: vec![
                flow(Some(("NOK", 88_003_000)), 2019),
                flow(Some(("USD", 1_000_000)), 2020),
                flow(None, 2021),
            ],
            ..Default::default()
        };
        store.write_extraction(&x).unwrap();
        let s = summarise(&store, &FlowFilter::default(), pb::FundingGroupBy::Funder).unwrap();
        assert_eq!(s.totals.len(), 1);
        let t = &s.totals[0];
        assert_eq!(t.display_name, "Donor Land");
        assert_eq!((t.flow_count, t.flows_without_amount), (3, 1));
        assert_eq!(t.usd_equivalent.as_ref().unwrap().units, 11_000_000);
        assert_eq!(t.totals.len(), 2);
        assert!(t
            .rates
            .iter()
            .any(|r| r.currency_code == "NOK" && r.year == 2019 && r.per_usd == "8.8003"));
    }
}
