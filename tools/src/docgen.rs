//! News-like documents for scale runs, written from the pools in
//! [`crate::pools`]: each reports one funding flow (funder, recipient,
//! amount, currency, year) and one event (kind, date, place), quotes a
//! spokesperson and adds background sentences. Document `i` of seed `s`
//! depends on nothing else, so any range can be generated in any order,
//! and every document is distinct (its release number is `i`).

use rand::RngExt;
use rand_chacha::{rand_core::SeedableRng, ChaCha8Rng};

use crate::pools::{self, Country};

/// One generated document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// File name, `doc-{index}.txt` (zero-padded to 8 digits).
    pub name: String,
    /// Plain text.
    pub text: String,
}

/// Number of distinct invented organisations the generator draws from.
pub const INVENTED_ORGANISATIONS: usize =
    pools::NAME_PREFIXES.len() * pools::NAME_THEMES.len() * pools::NAME_HEADS.len();

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const QUOTES: &[&str] = &[
    "This support means that survivors will not have to wait months for help",
    "Nobody should have to risk their life to find decent work",
    "Traffickers adapt quickly, and so must we",
    "We will measure success by the number of people who are safe, not by the number of reports",
    "Every referral is a person who found a way out",
    "Prevention starts long before anyone reaches a border",
];

/// Returns document `index` of the series `seed`.
pub fn document(seed: u64, index: u64) -> Document {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    let g = &mut rng;
    let country = pick(g, pools::COUNTRIES);
    let dateline = pick(g, country.cities);
    let year = g.random_range(2012..=2025u32);
    let month = g.random_range(1..=12u32);
    let day = g.random_range(1..=28u32);
    let mut funder = funder(g);
    let mut recipient = recipient(g, country);
    // Every 16th document names the first well-known body (IOM), on top
    // of the random draws: a record that grows hot with the store, even in
    // a tiny run.
    if index.is_multiple_of(16) {
        if index.is_multiple_of(32) {
            funder = named_well_known(0);
        } else {
            recipient = named_well_known(0);
        }
    }
    while recipient.full == funder.full {
        // Same body on both sides: draw the recipient again.
        recipient = recipient_of(g, country, 2);
    }
    let amount = amount(g);
    let purpose = pick(g, pools::PURPOSES);
    let verb = pick(g, pools::GIVING);
    let n = g.random_range(12..=900u32);

    let title = match g.random_range(0..3u32) {
        0 => format!("{} backs {} with {amount}", funder.short, recipient.short),
        1 => format!(
            "{} receives {amount} from {}",
            capitalise(&recipient.short),
            funder.short
        ),
        _ => format!("{}: new support for {}", country.name, recipient.short),
    };
    let mut paras = vec![capitalise(&title)];
    paras.push(format!(
        "{dateline}, {day} {} {year} - {} has {verb} {amount} to {} to {purpose}.",
        MONTHS[(month - 1) as usize],
        capitalise(&funder.first),
        recipient.first
    ));
    let place = pick(g, country.cities);
    let event_month = g.random_range(1..=12u32);
    let event_day = g.random_range(1..=28u32);
    let event_date = format!("{event_day} {} {year}", MONTHS[(event_month - 1) as usize]);
    let event = pick(g, pools::EVENT_SENTENCES)
        .replace("{place}", place)
        .replace("{date}", &event_date)
        .replace("{n}", &n.to_string())
        .replace("{a}", &funder.short)
        .replace("{b}", &recipient.short);
    paras.push(format!(
        "The {}-year project covers {} and neighbouring countries. {}",
        g.random_range(1..=4u32),
        country.name,
        capitalise(&event)
    ));
    let given = pick(g, pools::GIVEN_NAMES);
    let family = pick(g, pools::FAMILY_NAMES);
    paras.push(format!(
        "\"{},\" said {given} {family}, {} of {}.",
        pick(g, QUOTES),
        pick(g, pools::TITLES),
        recipient.short
    ));
    // Two to five distinct background sentences, from a random start.
    let first = g.random_range(0..pools::BACKGROUND.len());
    let background: Vec<String> = (0..g.random_range(2..=5usize))
        .map(|k| {
            pools::BACKGROUND[(first + k) % pools::BACKGROUND.len()]
                .replace("{country}", country.name)
                .replace("{adj}", country.adjective)
                .replace("{n}", &g.random_range(40..=5000u32).to_string())
        })
        .collect();
    let background = capitalise(&background.join(" "));
    paras.push(background);
    paras.push(format!("Release no. {seed}-{}", index + 1));
    Document {
        name: format!("doc-{index:08}.txt"),
        text: paras.join("\n\n") + "\n",
    }
}

/// An organisation as the text names it.
struct Named {
    /// First mention, with acronym where there is one ("the Amberline
    /// Shelter Trust (AST)").
    first: String,
    /// Later mentions ("AST", or the name again).
    short: String,
    /// Full name, to keep funder and recipient apart.
    full: String,
}

fn pick<'a, T>(g: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[g.random_range(0..items.len())]
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn funder(g: &mut ChaCha8Rng) -> Named {
    match g.random_range(0..20u32) {
        0..=6 => {
            let donor = pick(g, pools::DONORS);
            let full = format!("the Government of {donor}");
            Named {
                first: full.clone(),
                short: full.clone(),
                full,
            }
        }
        7..=11 => well_known(g),
        _ => invented(g),
    }
}

fn recipient(g: &mut ChaCha8Rng, country: &Country) -> Named {
    let choice = g.random_range(0..3u32);
    recipient_of(g, country, choice)
}

fn recipient_of(g: &mut ChaCha8Rng, country: &Country, choice: u32) -> Named {
    match choice {
        0 => well_known(g),
        1 => {
            let body = pick(g, pools::NATIONAL_BODIES);
            let full = format!("the {} {body}", country.adjective);
            Named {
                first: full.clone(),
                short: full.clone(),
                full,
            }
        }
        _ => invented(g),
    }
}

fn well_known(g: &mut ChaCha8Rng) -> Named {
    named_well_known(g.random_range(0..pools::WELL_KNOWN.len()))
}

fn named_well_known(i: usize) -> Named {
    let (name, acronym) = pools::WELL_KNOWN[i];
    let full = format!("the {name}");
    Named {
        first: format!("{full} ({acronym})"),
        short: acronym.to_owned(),
        full,
    }
}

/// An invented organisation, drawn with a skew so that a few are named
/// often and most rarely, as in a news archive.
fn invented(g: &mut ChaCha8Rng) -> Named {
    let u: f64 = g.random();
    let rank = ((INVENTED_ORGANISATIONS as f64) * u * u * u) as usize;
    let rank = rank.min(INVENTED_ORGANISATIONS - 1);
    let (p, t) = (pools::NAME_PREFIXES.len(), pools::NAME_THEMES.len());
    let name = format!(
        "{} {} {}",
        pools::NAME_PREFIXES[rank % p],
        pools::NAME_THEMES[(rank / p) % t],
        pools::NAME_HEADS[rank / (p * t)]
    );
    let full = format!("the {name}");
    if g.random_range(0..10u32) < 3 {
        let acronym: String = name
            .split([' ', '-'])
            .filter_map(|w| w.chars().next())
            .filter(char::is_ascii_uppercase)
            .collect();
        Named {
            first: format!("{full} ({acronym})"),
            short: acronym,
            full,
        }
    } else {
        Named {
            first: full.clone(),
            short: full.clone(),
            full,
        }
    }
}

fn amount(g: &mut ChaCha8Rng) -> String {
    let currency = pick(g, pools::CURRENCIES);
    if g.random_range(0..2u32) == 0 {
        format!(
            "{currency}{}.{} million",
            g.random_range(1..=9u32),
            g.random_range(1..=9u32)
        )
    } else {
        format!("{currency}{},000", g.random_range(50..=950u32))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn same_seed_and_index_give_the_same_document() {
        assert_eq!(document(7, 123), document(7, 123));
        assert_ne!(document(7, 123).text, document(8, 123).text);
    }

    #[test]
    fn every_document_of_a_series_is_distinct() {
        let texts: HashSet<String> = (0..2000).map(|i| document(1, i).text).collect();
        assert_eq!(texts.len(), 2000);
    }

    #[test]
    fn documents_report_a_dated_amount_and_an_event() {
        for i in 0..200 {
            let d = document(3, i);
            assert!(d.text.contains(" - "), "no dateline: {}", d.text);
            assert!(d.text.contains(",000") || d.text.contains(" million"));
            assert!(
                MONTHS.iter().filter(|m| d.text.contains(*m)).count() >= 1,
                "{}",
                d.text
            );
            assert!(
                d.text.len() > 400 && d.text.len() < 4000,
                "{}",
                d.text.len()
            );
        }
    }

    #[test]
    fn every_sixteenth_document_names_the_hot_body() {
        for i in (0..320).step_by(16) {
            assert!(document(4, i).text.contains("(IOM)"), "{i}");
        }
    }

    #[test]
    fn organisations_vary_widely_with_a_few_named_often() {
        let mut g = ChaCha8Rng::seed_from_u64(9);
        let mut counts = std::collections::HashMap::new();
        for _ in 0..5000 {
            *counts.entry(invented(&mut g).full).or_insert(0u32) += 1;
        }
        assert!(counts.len() > 1500, "{}", counts.len());
        let top = counts.values().max().copied().unwrap_or(0);
        assert!(top > 20 && top < 500, "{top}");
    }
}
