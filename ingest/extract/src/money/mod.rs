//! Stage 7: money. One pass finds every number (digits, or words such as
//! "four hundred thousand"); a number is money when a currency form of
//! the table in `data/currencies.tsv` stands before it ("$", "US$", "Rs.",
//! "Tk", "N", "NOK") or after it ("dollars", "euros", "USD"). Scale words
//! ("million", "mln", "m", "bn", "crore", "lakh", "5-million-euro"),
//! decimal commas ("6,5 million") and ranges ("$2-3 million") are read;
//! values are exact decimals (units + nanos), never floats. An amount in
//! brackets right after another one in a different currency is marked as
//! its equivalent, not a second sum.

pub mod currency;
pub mod words;

use std::sync::OnceLock;

use regex::Regex;

use crate::shadow;

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
    /// The mention this one restates in another currency ("DKK 10
    /// million (US$ 1.585 million)"), by index in the result.
    pub equivalent_of: Option<usize>,
}

/// What the story says about where it happens, for currency forms that
/// several countries share ("Rs", "N", "R").
#[derive(Clone, Debug, Default)]
pub struct MoneyContext {
    /// Country of the story (from its dateline), if known.
    pub country: String,
    /// True when the text speaks of Nigeria or the naira.
    pub nigerian: bool,
    /// True when the text speaks of South Africa or the rand.
    pub south_african: bool,
}

const SCALES: &str = r"millions?|mln|mn|billions?|bn|thousand|crores?|lakhs?|lacs?|m|b|k";

fn number_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        // Indian grouping ("50,00,000"), comma groups, dot groups
        // ("1.200.000"), space groups ("500 000"), plain and decimal.
        let num = r"\d{1,2}(?:,\d{2})+,\d{3}\b|\d{1,3}(?:,\s?\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}\b|\d{1,3}(?:[ \u{a0}]\d{3})+\b|\d+(?:\.\d+)?(?:,\d{1,2}\b)?";
        Regex::new(&format!(
            r"(?P<num>{num})(?:\s*(?:-|–|to)\s*(?P<num2>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?))?(?P<sc>[\s-]*(?i:(?P<scale>{SCALES}))\b)?"
        ))
        .expect("number pattern")
    })
}

fn words_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let w = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|millions?|billions?|lakhs?|crores?|half|an?|and";
        // The last word is a number, never "a", "and" or "half".
        let core = w.trim_end_matches("|half|an?|and");
        Regex::new(&format!(r"(?i)\b(?:(?:{w})[\s-]+)*(?:{core})\b")).expect("words pattern")
    })
}

fn scale_factor(s: &str) -> u128 {
    match s.to_ascii_lowercase().as_str() {
        "million" | "millions" | "mln" | "mn" | "m" => 1_000_000,
        "billion" | "billions" | "bn" | "b" => 1_000_000_000,
        "thousand" | "k" => 1_000,
        "crore" | "crores" => 10_000_000,
        "lakh" | "lakhs" | "lac" | "lacs" => 100_000,
        _ => 1,
    }
}

/// Parses "1,600,000", "1.6" or the decimal comma "6,5" times `scale`
/// into exact (units, nanos).
pub fn exact(num: &str, scale: u128) -> Option<(i64, i32)> {
    let num: String = num.chars().filter(|c| !c.is_whitespace()).collect();
    let digits: String = match num.rsplit_once(',') {
        // "6,5 million": a decimal comma.
        Some((a, b)) if b.len() <= 2 && !a.contains(',') => format!("{a}.{b}"),
        _ => num.chars().filter(|c| *c != ',').collect(),
    };
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
    let nanos_total = int.checked_mul(scale)?.checked_mul(1_000_000_000)?
        + frac_v * scale * 1_000_000_000 / frac_den;
    let units = i64::try_from(nanos_total / 1_000_000_000).ok()?;
    Some((units, (nanos_total % 1_000_000_000) as i32))
}

/// "1.200.000", and "500.000" without a scale word: dots that group
/// thousands (the European way), not a decimal point.
fn thousands_dots(num: &str, scaled: bool) -> String {
    let groups: Vec<&str> = num.split('.').collect();
    let grouped = groups.len() >= 2
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3 && !g.contains(','));
    if grouped && (groups.len() > 2 || !scaled) {
        groups.concat()
    } else {
        num.to_owned()
    }
}

/// True when `c` continues a word (so a form next to it is not a form).
fn wordy(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// The currency form that ends right before `at` (spaces allowed between),
/// as (start of the form, form).
fn form_before(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let head = &text[..at];
    let trimmed = head.trim_end_matches([' ', '\u{a0}']);
    let gap = head.len() - trimmed.len();
    let last = *trimmed.as_bytes().last()?;
    for form in currency::table().pre_forms_ending(last) {
        if !trimmed.ends_with(form) {
            continue;
        }
        let start = trimmed.len() - form.len();
        let single_letter = form.len() == 1 && form.chars().all(|c| c.is_ascii_alphabetic());
        // A bare letter ("N10 million", "K5m") must touch its digits.
        if single_letter && gap > 0 || gap > 2 {
            continue;
        }
        let first_alpha = form.chars().next().is_some_and(char::is_alphanumeric);
        if first_alpha && wordy(trimmed[..start].chars().next_back()) {
            continue;
        }
        return Some((start, form));
    }
    None
}

/// The currency form that starts right after `at` (one space or hyphen
/// allowed between), as (end of the form, form).
fn form_after(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let tail = &text[at..];
    let trimmed = tail.trim_start_matches([' ', '-', '\u{a0}']);
    let gap = tail.len() - trimmed.len();
    if gap > 2 {
        return None;
    }
    let first = *trimmed.as_bytes().first()?;
    for form in currency::table().post_forms_starting(first) {
        if trimmed.starts_with(form) && !wordy(trimmed[form.len()..].chars().next()) {
            return Some((at + gap + form.len(), form));
        }
    }
    None
}

/// Finds every amount of money in `text`.
pub fn find(text: &str, ctx: &MoneyContext) -> Vec<MoneyMention> {
    let lower = text.to_lowercase();
    let country = ctx.country.to_lowercase();
    let has = |w: &str| {
        lower.contains(w)
            || (!country.is_empty() && country == w)
            || ctx.nigerian && w == "nigeria"
            || ctx.south_african && w == "south africa"
    };
    let table = currency::table();
    let mut out: Vec<MoneyMention> = Vec::new();
    // The searches run on an ASCII stand-in when no character they could
    // match is lost in it (see `shadow`): the same matches, found faster.
    let risky =
        |c: char| c.is_whitespace() || c.is_numeric() || c == '–' || shadow::folds_to_ascii(c);
    let hay = shadow::ascii(text, risky);
    let hay: &str = hay.as_deref().unwrap_or(text);
    for m in number_re().find_iter(hay) {
        let pre = form_before(text, m.start());
        if pre.is_none() && wordy(text[..m.start()].chars().next_back()) {
            continue;
        }
        // A match ending in a digit has no scale word, so it ends where it
        // matched: with no currency form on either side it is no money,
        // and its groups (the slower captures) are not needed.
        let bare = m.as_str().ends_with(|c: char| c.is_ascii_digit());
        if pre.is_none() && bare && form_after(text, m.end()).is_none() {
            continue;
        }
        // The same match, now with its groups.
        let Some(c) = number_re().captures_at(hay, m.start()) else {
            continue;
        };
        debug_assert_eq!(c.get(0).map(|x| x.range()), Some(m.range()));
        let num = &c["num"];
        let (mut end, mut scale_word) = (m.end(), c.name("scale").map(|s| s.as_str()));
        // A lone letter after a space ("5 m") is a unit, unless money says so.
        if let (Some(sc), Some(s)) = (c.name("sc"), scale_word) {
            if s.len() == 1 && sc.as_str().len() > 1 && pre.is_none() {
                scale_word = None;
                end = sc.start();
            }
        }
        // "6,5" is a decimal only before a scale word.
        let tail = num.rsplit_once(',').map(|(_, b)| b.len());
        if tail.is_some_and(|n| n <= 2) && scale_word.is_none() {
            continue;
        }
        let post = form_after(text, end);
        let (start, form) = match (pre, post) {
            (Some((s, f)), _) => (s, f),
            (None, Some((e, f))) => {
                end = e;
                (m.start(), f)
            }
            (None, None) => continue,
        };
        if pre.is_some() {
            if let Some((e, f)) = post {
                // "$5 million dollars": the same currency twice.
                if table.resolve(f, &has) == table.resolve(form, &has) {
                    end = e;
                }
            }
        }
        let Some(code) = table.resolve(form, &has) else {
            continue;
        };
        let scale = scale_word.map_or(1, scale_factor);
        let num = &thousands_dots(num, scale_word.is_some());
        let Some((units, nanos)) = exact(num, scale) else {
            continue;
        };
        if units == 0 && nanos == 0 {
            continue;
        }
        let upper = c
            .name("num2")
            .and_then(|n| exact(n.as_str(), scale))
            .filter(|u| *u > (units, nanos));
        push(&mut out, start, end, code, (units, nanos), upper);
    }
    for m in words_re().find_iter(hay) {
        let pre = form_before(text, m.start());
        let post = form_after(text, m.end());
        let (start, end, form) = match (pre, post) {
            (Some((s, f)), _) => (s, m.end(), f),
            (None, Some((e, f))) => (m.start(), e, f),
            (None, None) => continue,
        };
        let ws: Vec<String> = m
            .as_str()
            .split([' ', '-', '\n', '\t'])
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let refs: Vec<&str> = ws.iter().map(String::as_str).collect();
        if !refs.iter().all(|w| words::is_number_word(w)) {
            continue;
        }
        let Some(v) = words::value(&refs) else {
            continue;
        };
        let Some(code) = table.resolve(form, &has) else {
            continue;
        };
        let Ok(units) = i64::try_from(v) else {
            continue;
        };
        if units > 0 {
            push(&mut out, start, end, code, (units, 0), None);
        }
    }
    out.sort_by_key(|m| m.start);
    mark_equivalents(text, &mut out);
    out
}

fn push(
    out: &mut Vec<MoneyMention>,
    start: usize,
    end: usize,
    code: &str,
    (units, nanos): (i64, i32),
    upper: Option<(i64, i32)>,
) {
    if out.iter().any(|o| o.start < end && start < o.end) {
        return;
    }
    out.push(MoneyMention {
        start,
        end,
        amount: Amount {
            currency: code.to_owned(),
            units,
            nanos,
            upper,
        },
        equivalent_of: None,
    });
}

/// "DKK 10 million (US$ 1.585 million)", "£2m (about $2.6m)", "£236,640,
/// or $357,598": a second currency restating the first.
fn mark_equivalents(text: &str, out: &mut [MoneyMention]) {
    for k in 1..out.len() {
        let (a, b) = (&out[k - 1], &out[k]);
        if a.amount.currency == b.amount.currency || b.start < a.end {
            continue;
        }
        let gap = text[a.end..b.start].trim().to_lowercase();
        let gap = gap
            .trim_start_matches([',', '('])
            .trim()
            .trim_start_matches("or ")
            .trim();
        let filler = [
            "",
            "about",
            "approximately",
            "approx.",
            "around",
            "roughly",
            "some",
            "nearly",
            "almost",
            "equivalent to",
            "equal to",
            "worth",
            "or",
            "i.e.",
            "~",
        ];
        let bracketed = text[a.end..b.start].contains('(');
        let or_form = text[a.end..b.start].contains(" or ") || gap.starts_with("equivalent");
        if (bracketed || or_form) && filler.contains(&gap) {
            out[k].equivalent_of = Some(out[k - 1].equivalent_of.unwrap_or(k - 1));
        }
    }
}

#[cfg(test)]
mod tests;
