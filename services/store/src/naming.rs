//! Store-side name normalisation, read from data tables in `data/`:
//! canonical names of bodies known under several names
//! (`organisation_names.tsv`), countries and their adjectives
//! (`countries.tsv`) and names that are never organisations
//! (`junk_names.tsv`). Resolution applies these whatever the extractor
//! sent, so that a name variant or a truncated name cannot split or
//! pollute the store.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use tipwatch_proto::pb;

use crate::keys::norm_alias;

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            l.split('\t')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect()
        })
}

/// Normalised variant → canonical display name.
fn canonical_names() -> &'static HashMap<String, &'static str> {
    static M: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = HashMap::new();
        for row in rows(include_str!("../data/organisation_names.tsv")) {
            let Some(canonical) = row.first().copied() else {
                continue;
            };
            for name in &row {
                m.insert(norm_alias(name), canonical);
            }
        }
        m
    })
}

/// Normalised country name or adjective → country name.
fn countries() -> &'static HashMap<String, &'static str> {
    static M: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = HashMap::new();
        for row in rows(include_str!("../data/countries.tsv")) {
            let Some(country) = row.first().copied() else {
                continue;
            };
            for name in &row {
                m.insert(norm_alias(name), country);
            }
        }
        m
    })
}

struct Junk {
    generic: HashSet<String>,
    furniture: HashSet<String>,
    heads: HashSet<String>,
}

fn junk() -> &'static Junk {
    static J: OnceLock<Junk> = OnceLock::new();
    J.get_or_init(|| {
        let mut j = Junk {
            generic: HashSet::new(),
            furniture: HashSet::new(),
            heads: HashSet::new(),
        };
        for row in rows(include_str!("../data/junk_names.tsv")) {
            let set = match row.first().copied() {
                Some("generic") => &mut j.generic,
                Some("furniture") => &mut j.furniture,
                Some("head") => &mut j.heads,
                _ => continue,
            };
            set.extend(row[1..].iter().map(|n| norm_alias(n)));
        }
        j
    })
}

/// Returns the canonical name of a body known under several names, when
/// `name` is one of them ("UN Migration Agency" → "International
/// Organization for Migration").
pub(crate) fn canonical(name: &str) -> Option<&'static str> {
    canonical_names().get(&norm_alias(name)).copied()
}

/// Returns the country that `s` names, as a country name or adjective
/// ("Danish", "UK", "Denmark" → "Denmark").
pub(crate) fn country(s: &str) -> Option<&'static str> {
    countries().get(&norm_alias(s)).copied()
}

/// Infers the country of a national body from its name: a leading
/// country or adjective ("Danish Embassy", "UK Home Office") or a
/// trailing "of {country}" ("Ministry of Interior of Pakistan").
pub(crate) fn country_in_name(name: &str) -> Option<&'static str> {
    let n = norm_alias(name);
    let words: Vec<&str> = n.split(' ').collect();
    for len in (1..=4.min(words.len().saturating_sub(1))).rev() {
        if let Some(c) = countries().get(&words[..len].join(" ")) {
            return Some(c);
        }
    }
    if let Some(pos) = words.iter().rposition(|w| *w == "of") {
        if pos + 1 < words.len() {
            if let Some(c) = countries().get(&words[pos + 1..].join(" ")) {
                return Some(c);
            }
        }
    }
    None
}

/// True when `name` is never an organisation: a generic noun or plural
/// ("authorities"), page furniture ("Privacy Policy"), or a truncated name
/// made of a country and a head word only ("United States Department").
pub(crate) fn is_junk(name: &str) -> bool {
    let n = norm_alias(name);
    let j = junk();
    if n.is_empty() || j.generic.contains(&n) || j.furniture.contains(&n) {
        return true;
    }
    let Some((rest, last)) = n.rsplit_once(' ') else {
        return false;
    };
    j.heads.contains(last) && countries().contains_key(rest)
}

/// True for kinds whose names are national: the same name in two
/// countries is two bodies.
pub(crate) fn national(kind: i32) -> bool {
    use pb::OrganisationKind as K;
    matches!(
        K::try_from(kind).unwrap_or(K::Unspecified),
        K::GovernmentBody | K::LawEnforcement | K::Government
    )
}

/// Normalises an incoming organisation before resolution: folds its
/// country to one spelling, infers the country of a national body from
/// its name where the extractor gave none, and adds the canonical name of
/// a body known under several names as an alias.
pub(crate) fn prepare(o: &mut pb::Organisation) {
    if let Some(c) = country(&o.country) {
        o.country = c.to_owned();
    }
    if o.country.is_empty() && national(o.kind) {
        if let Some(c) = country_in_name(&o.name) {
            o.country = c.to_owned();
        }
    }
    let forms: Vec<String> = std::iter::once(o.name.clone())
        .chain(std::iter::once(o.acronym.clone()))
        .chain(o.aliases.iter().cloned())
        .collect();
    for f in forms {
        if let Some(c) = canonical(&f) {
            if norm_alias(c) != norm_alias(&o.name) && !o.aliases.iter().any(|a| a == c) {
                o.aliases.insert(0, c.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_variants_fold_to_one_canonical_name() {
        let iom = "International Organization for Migration";
        assert_eq!(canonical("UN Migration Agency"), Some(iom));
        assert_eq!(canonical("IOM – UN Migration Agency"), Some(iom));
        assert_eq!(
            canonical("International Organisation for Migration"),
            Some(iom)
        );
        assert_eq!(canonical("Ministry of Foreign Affairs"), None);
    }

    #[test]
    fn countries_are_read_from_adjectives_and_names() {
        assert_eq!(country("Danish"), Some("Denmark"));
        assert_eq!(country("UK"), Some("United Kingdom"));
        assert_eq!(
            country_in_name("Danish Embassy in Islamabad"),
            Some("Denmark")
        );
        assert_eq!(
            country_in_name("Ministry of Foreign Affairs of Denmark"),
            Some("Denmark")
        );
        assert_eq!(country_in_name("Ministry of Foreign Affairs"), None);
        assert_eq!(country_in_name("Denmark"), None);
    }

    #[test]
    fn junk_names_are_refused_and_real_ones_kept() {
        for junk in [
            "United States Department",
            "authorities",
            "Privacy Policy",
            "the Ministry",
        ] {
            assert!(is_junk(junk), "{junk}");
        }
        for good in [
            "Home Office",
            "United States Department of State",
            "Danish Embassy",
            "Federal Investigation Agency",
        ] {
            assert!(!is_junk(good), "{good}");
        }
    }

    #[test]
    fn a_national_body_gets_its_country_and_a_variant_its_canonical_name() {
        let mut o = pb::Organisation {
            name: "Danish Embassy".into(),
            kind: pb::OrganisationKind::GovernmentBody as i32,
            ..Default::default()
        };
        prepare(&mut o);
        assert_eq!(o.country, "Denmark");
        let mut o = pb::Organisation {
            name: "UN Migration Agency".into(),
            ..Default::default()
        };
        prepare(&mut o);
        assert_eq!(o.aliases, vec!["International Organization for Migration"]);
    }
}
