//! SummariseFunding: totals of funding flows per group, per original
//! currency (exact) and in US dollars from a dated table of annual average
//! rates (`data/exchange_rates.tsv`). A flow without an amount is counted,
//! never summed; a currency the table lacks is counted as not converted.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use tipwatch_proto::pb;
use tipwatch_store::{FlowFilter, PageRequest, Store, MAX_PAGE_SIZE};

/// Where the rates come from, as the response states it.
pub(crate) const RATE_SOURCE: &str =
    "annual average rates, units per US dollar (IMF IFS / World Bank period averages), tipwatch data/exchange_rates.tsv";

/// Rates in millionths of a unit per US dollar, by currency and year.
fn rates() -> &'static BTreeMap<(String, i32), i128> {
    static R: OnceLock<BTreeMap<(String, i32), i128>> = OnceLock::new();
    R.get_or_init(|| {
        include_str!("../data/exchange_rates.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let micro = decimal_micro(f.get(2)?)?;
                Some(((f[0].to_owned(), f.get(1)?.parse().ok()?), micro))
            })
            .collect()
    })
}

/// "8.8003" → 8_800_300 (millionths).
fn decimal_micro(s: &str) -> Option<i128> {
    let (int, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    if frac.len() > 6 {
        return None;
    }
    let frac = format!("{frac:0<6}");
    Some(int.parse::<i128>().ok()? * 1_000_000 + frac.parse::<i128>().ok()?)
}

/// The rate for a currency in a year: that year's, else the nearest year's.
fn rate_for(currency: &str, year: Option<i32>) -> Option<(i32, i128)> {
    let table = rates();
    let years: Vec<(i32, i128)> = table
        .range((currency.to_owned(), i32::MIN)..=(currency.to_owned(), i32::MAX))
        .map(|((_, y), r)| (*y, *r))
        .collect();
    match year {
        Some(y) => years
            .iter()
            .copied()
            .min_by_key(|(ry, _)| ((ry - y).abs(), -ry)),
        None => years.last().copied(),
    }
}

fn nanos(m: &pb::Money) -> i128 {
    m.units as i128 * 1_000_000_000 + m.nanos as i128
}

fn money(currency: &str, n: i128) -> pb::Money {
    pb::Money {
        currency_code: currency.to_owned(),
        units: (n / 1_000_000_000) as i64,
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
        *g.per_currency.entry(m.currency_code.clone()).or_default() += nanos(m);
        match rate_for(&m.currency_code, year) {
            Some((rate_year, micro)) if micro > 0 => {
                g.usd += nanos(m) * 1_000_000 / micro;
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
    fn rates_load_and_pick_the_nearest_year() {
        assert_eq!(decimal_micro("8.8003"), Some(8_800_300));
        assert_eq!(decimal_micro("1"), Some(1_000_000));
        assert_eq!(rate_for("NOK", Some(2019)), Some((2019, 8_800_300)));
        assert_eq!(rate_for("NOK", Some(2030)).map(|r| r.0), Some(2024));
        assert_eq!(rate_for("USD", None), Some((2015, 1_000_000)));
        assert_eq!(rate_for("XXX", Some(2020)), None);
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
