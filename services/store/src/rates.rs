//! The dated exchange-rate table (`data/exchange_rates.tsv`): annual
//! average rates in units of a currency per US dollar. SummariseFunding
//! converts totals with it and the flow merge rule compares amounts in
//! different currencies through it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use tipwatch_proto::pb;

/// Where the rates come from, as responses state it.
pub const RATE_SOURCE: &str =
    "annual average rates, units per US dollar (IMF IFS / World Bank period averages), tipwatch services/store/data/exchange_rates.tsv";

/// Rates in millionths of a unit per US dollar, by currency and year.
fn table() -> &'static BTreeMap<(String, i32), i128> {
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

/// Parses a decimal rate into millionths: "8.8003" → 8_800_300.
pub fn decimal_micro(s: &str) -> Option<i128> {
    let (int, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
    if frac.len() > 6 {
        return None;
    }
    let frac = format!("{frac:0<6}");
    Some(int.parse::<i128>().ok()? * 1_000_000 + frac.parse::<i128>().ok()?)
}

/// Returns the rate (millionths of a unit per US dollar) of a currency in
/// a year, and the year it is for: that year's, else the nearest year's
/// (the newest when `year` is unknown). `None` for a currency the table
/// lacks.
pub fn rate_for(currency: &str, year: Option<i32>) -> Option<(i32, i128)> {
    let years: Vec<(i32, i128)> = table()
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

/// An amount in billionths of a unit.
pub fn nanos(m: &pb::Money) -> i128 {
    m.units as i128 * 1_000_000_000 + m.nanos as i128
}

/// Converts an amount to US dollars (billionths) at the rate of `year`;
/// `None` when the table lacks the currency.
pub fn usd_nanos(m: &pb::Money, year: Option<i32>) -> Option<i128> {
    let (_, micro) = rate_for(&m.currency_code, year)?;
    (micro > 0).then(|| nanos(m) * 1_000_000 / micro)
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
    fn ten_million_kroner_were_about_one_point_six_million_dollars_in_2021() {
        let dkk = pb::Money {
            currency_code: "DKK".into(),
            units: 10_000_000,
            nanos: 0,
        };
        let usd = usd_nanos(&dkk, Some(2021)).unwrap() / 1_000_000_000;
        assert!((1_550_000..1_650_000).contains(&usd), "{usd}");
    }
}
