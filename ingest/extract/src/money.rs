//! Stage 7: money. Symbols and codes before or after the number ("$",
//! "US$", "€", "£", "NOK", "Rs", "482,000 USD", "15 million Euros",
//! "400,000 dollars"), scale words ("million", "m", "bn", "crore",
//! "lakh") and ranges; values are exact decimals (units + nanos), never
//! floats.

use std::sync::OnceLock;

use regex::Regex;

/// An exact amount in one currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amount {
    /// ISO 4217 code.
    pub currency: String,
    /// Whole units.
    pub units: i64,
    /// Billionths of a unit.
    pub nanos: i32,
    /// Upper bound of a range, as (units, nanos).
    pub upper: Option<(i64, i32)>,
}

/// An amount found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoneyMention {
    /// Byte offset.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The amount.
    pub amount: Amount,
}

const NUM: &str = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)";
const SCALE: &str =
    r"(?:\s*(?P<scale>million|mln|mn|m|billion|bn|b|thousand|k|crores?|lakhs?|lacs?)\b)?";

struct Patterns {
    prefix: Regex,
    suffix: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        prefix: Regex::new(&format!(
            r"(?P<cur>US\s?\$|U\.S\.\s?\$|USD|A\$|AU\$|AUD|C\$|CA\$|CAD|NZ\$|NZD|HK\$|S\$|\$|€|EUR|£|GBP|¥|JPY|CHF|NOK|SEK|DKK|Rs\.?|PKR|INR|₹|₦|NGN|N|KES|KSh|Ksh|GHS|GH₵|ZAR|R|UGX|TZS|ETB|BDT|Tk|LKR|NPR|PHP|₱|THB|IDR|Rp|MYR|RM|VND|CNY|RMB|KRW|₩|TRY|₺|EGP|MAD|AED|SAR|QAR|BRL|R\$|MXN|COP|ARS|CLP|PEN|RUB|₽|UAH|₴|PLN|CZK|HUF|RON|BGN|ALL|MDL|GEL|AMD|AZN|KZT|UZS|TJS|KGS|AFN|IRR|IQD|JOD|LBP|SYP|XOF|XAF|CFA)\s?{NUM}(?:\s*(?:-|to)\s*(?P<num2>\d[\d,]*(?:\.\d+)?))?{SCALE}"
        ))
        .unwrap(),
        suffix: Regex::new(&format!(
            r"{NUM}(?:\s*(?:-|to)\s*(?P<num2>\d[\d,]*(?:\.\d+)?))?{SCALE}\s*(?P<cur>US dollars|U\.S\. dollars|American dollars|Australian dollars|Canadian dollars|dollars|USD|euros?|Euros?|EUR|pounds sterling|pounds|GBP|Swiss francs|francs|CHF|yen|JPY|Norwegian kroner|Swedish kronor|Danish kroner|kroner|krone|kronor|NOK|SEK|DKK|rupees|naira|Kenyan shillings|shillings|cedis|rand|taka|pesos|dirhams|riyals|lira|hryvnia|leu|lei|lek)\b"
        ))
        .unwrap(),
    })
}

/// Context for ambiguous symbols: which country's rupee or dollar.
#[derive(Clone, Debug, Default)]
pub struct MoneyContext {
    /// Country of the story (from its dateline), if known.
    pub country: String,
    /// True when the text speaks of Nigeria or the naira ("N10 million").
    pub nigerian: bool,
    /// True when the text speaks of South Africa or the rand ("R5m").
    pub south_african: bool,
}

fn code(symbol: &str, ctx: &MoneyContext) -> Option<&'static str> {
    let s = symbol.trim().trim_end_matches('.');
    Some(match s {
        "$" | "US$" | "US $" | "U.S.$" | "U.S. $" | "USD" | "US dollars" | "U.S. dollars"
        | "American dollars" | "dollars" => "USD",
        "A$" | "AU$" | "AUD" | "Australian dollars" => "AUD",
        "C$" | "CA$" | "CAD" | "Canadian dollars" => "CAD",
        "NZ$" | "NZD" => "NZD",
        "HK$" => "HKD",
        "S$" => "SGD",
        "€" | "EUR" | "euro" | "euros" | "Euro" | "Euros" => "EUR",
        "£" | "GBP" | "pounds" | "pounds sterling" => "GBP",
        "¥" | "JPY" | "yen" => "JPY",
        "CHF" | "Swiss francs" | "francs" => "CHF",
        "NOK" | "Norwegian kroner" | "kroner" | "krone" if ctx.country != "Denmark" => "NOK",
        "DKK" | "Danish kroner" | "kroner" | "krone" => "DKK",
        "SEK" | "Swedish kronor" | "kronor" => "SEK",
        "Rs" | "rupees" => match ctx.country.as_str() {
            "India" => "INR",
            "Sri Lanka" => "LKR",
            "Nepal" => "NPR",
            _ => "PKR",
        },
        "PKR" => "PKR",
        "INR" | "₹" => "INR",
        "₦" | "NGN" | "naira" => "NGN",
        "N" if ctx.nigerian => "NGN",
        "KES" | "KSh" | "Ksh" | "Kenyan shillings" => "KES",
        "shillings" => match ctx.country.as_str() {
            "Uganda" => "UGX",
            "Tanzania" => "TZS",
            _ => "KES",
        },
        "GHS" | "GH₵" | "cedis" => "GHS",
        "ZAR" | "rand" => "ZAR",
        "R" if ctx.south_african => "ZAR",
        "UGX" => "UGX",
        "TZS" => "TZS",
        "ETB" => "ETB",
        "BDT" | "Tk" | "taka" => "BDT",
        "LKR" => "LKR",
        "NPR" => "NPR",
        "PHP" | "₱" => "PHP",
        "THB" => "THB",
        "IDR" | "Rp" => "IDR",
        "MYR" | "RM" => "MYR",
        "VND" => "VND",
        "CNY" | "RMB" => "CNY",
        "KRW" | "₩" => "KRW",
        "TRY" | "₺" | "lira" => "TRY",
        "EGP" => "EGP",
        "MAD" | "dirhams" => "MAD",
        "AED" => "AED",
        "SAR" | "riyals" => "SAR",
        "QAR" => "QAR",
        "BRL" | "R$" => "BRL",
        "MXN" | "pesos" => "MXN",
        "COP" => "COP",
        "ARS" => "ARS",
        "CLP" => "CLP",
        "PEN" => "PEN",
        "RUB" | "₽" => "RUB",
        "UAH" | "₴" | "hryvnia" => "UAH",
        "PLN" => "PLN",
        "CZK" => "CZK",
        "HUF" => "HUF",
        "RON" | "leu" | "lei" => "RON",
        "BGN" => "BGN",
        "ALL" | "lek" => "ALL",
        "MDL" => "MDL",
        "GEL" => "GEL",
        "AMD" => "AMD",
        "AZN" => "AZN",
        "KZT" => "KZT",
        "UZS" => "UZS",
        "TJS" => "TJS",
        "KGS" => "KGS",
        "AFN" => "AFN",
        "IRR" => "IRR",
        "IQD" => "IQD",
        "JOD" => "JOD",
        "LBP" => "LBP",
        "SYP" => "SYP",
        "XOF" | "CFA" => "XOF",
        "XAF" => "XAF",
        _ => return None,
    })
}

fn scale_factor(s: Option<&str>) -> u128 {
    match s.map(str::to_ascii_lowercase).as_deref() {
        Some("million" | "mln" | "mn" | "m") => 1_000_000,
        Some("billion" | "bn" | "b") => 1_000_000_000,
        Some("thousand" | "k") => 1_000,
        Some("crore" | "crores") => 10_000_000,
        Some("lakh" | "lakhs" | "lac" | "lacs") => 100_000,
        _ => 1,
    }
}

/// Parses "1,600,000" or "1.6" times `scale` into exact (units, nanos).
pub fn exact(num: &str, scale: u128) -> Option<(i64, i32)> {
    let digits: String = num.chars().filter(|c| *c != ',').collect();
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    if int.is_empty() || int.len() > 15 || frac.len() > 9 {
        return None;
    }
    let int: u128 = int.parse().ok()?;
    let frac_v: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let frac_den = 10u128.pow(frac.len() as u32);
    // Value in nanos, exactly.
    let nanos_total = int.checked_mul(scale)?.checked_mul(1_000_000_000)?
        + frac_v * scale * 1_000_000_000 / frac_den;
    let units = i64::try_from(nanos_total / 1_000_000_000).ok()?;
    Some((units, (nanos_total % 1_000_000_000) as i32))
}

/// Finds every amount of money in `text`.
pub fn find(text: &str, ctx: &MoneyContext) -> Vec<MoneyMention> {
    let p = patterns();
    let mut out: Vec<MoneyMention> = Vec::new();
    for re in [&p.prefix, &p.suffix] {
        for c in re.captures_iter(text) {
            let m = c.get(0).expect("match");
            let cur = c.name("cur").expect("group").as_str();
            // A bare letter symbol ("N", "R") must touch its digits.
            if cur.len() == 1
                && cur.chars().all(|ch| ch.is_ascii_alphabetic())
                && !text[m.start() + 1..].starts_with(|ch: char| ch.is_ascii_digit())
            {
                continue;
            }
            if text[..m.start()]
                .chars()
                .last()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let Some(code) = code(cur, ctx) else { continue };
            let scale_word = c.name("scale").map(|s| s.as_str());
            // "m" alone after a bare number is metres unless a symbol says money.
            let scale = scale_factor(scale_word);
            let Some((units, nanos)) = exact(&c["num"], scale) else {
                continue;
            };
            if units == 0 && nanos == 0 {
                continue;
            }
            let upper = c
                .name("num2")
                .and_then(|n| exact(n.as_str(), scale))
                .filter(|u| *u > (units, nanos));
            let mention = MoneyMention {
                start: m.start(),
                end: m.end(),
                amount: Amount {
                    currency: code.to_owned(),
                    units,
                    nanos,
                    upper,
                },
            };
            if out
                .iter()
                .all(|o| o.end <= mention.start || o.start >= mention.end)
            {
                out.push(mention);
            }
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (String, i64, i32) {
        let ctx = MoneyContext {
            country: "Pakistan".into(),
            nigerian: true,
            south_african: false,
        };
        let m = find(text, &ctx);
        assert_eq!(m.len(), 1, "{text}: {m:?}");
        (
            m[0].amount.currency.clone(),
            m[0].amount.units,
            m[0].amount.nanos,
        )
    }

    #[test]
    fn symbols_codes_words_and_scales() {
        assert_eq!(
            one("signed a $1.6 million deal"),
            ("USD".into(), 1_600_000, 0)
        );
        assert_eq!(one("a £2m boost"), ("GBP".into(), 2_000_000, 0));
        assert_eq!(one("NOK 70 million to"), ("NOK".into(), 70_000_000, 0));
        assert_eq!(
            one("worth more than 482,000 USD for"),
            ("USD".into(), 482_000, 0)
        );
        assert_eq!(
            one("would earmark 400,000 dollars."),
            ("USD".into(), 400_000, 0)
        );
        assert_eq!(
            one("a budget of 15 million Euros for"),
            ("EUR".into(), 15_000_000, 0)
        );
        assert_eq!(
            one("signed a N10 million grant"),
            ("NGN".into(), 10_000_000, 0)
        );
        assert_eq!(one("Rs 5 crore were"), ("PKR".into(), 50_000_000, 0));
        assert_eq!(one("US$ 2.75bn"), ("USD".into(), 2_750_000_000, 0));
        assert_eq!(one("€ 12.345678 only"), ("EUR".into(), 12, 345_678_000));
    }

    #[test]
    fn ranges_keep_their_upper_bound() {
        let m = find("between $2-3 million", &MoneyContext::default());
        assert_eq!(m[0].amount.units, 2_000_000);
        assert_eq!(m[0].amount.upper, Some((3_000_000, 0)));
    }

    #[test]
    fn not_money() {
        assert!(find(
            "in 2021, 350 people and 10 million migrants",
            &MoneyContext::default()
        )
        .is_empty());
        assert!(find("N10 million", &MoneyContext::default()).is_empty());
        assert!(find("ABN 5 million", &MoneyContext::default()).is_empty());
    }

    #[test]
    fn exact_never_overflows() {
        assert_eq!(exact("999999999999999", 1_000_000_000), None);
        assert_eq!(exact("1.000000001", 1), Some((1, 1)));
    }
}
