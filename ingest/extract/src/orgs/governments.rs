//! Governments: "Government of X", "the Danish government", a country
//! that funds or signs, "X-funded", the parties "between X and Y".

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;

use super::{Found, Scan};
use crate::gazetteer::{self, Gazetteer};
use crate::sentences::Sentence;

/// Patterns built once: government phrases and gazetteer matchers.
pub(super) struct Patterns {
    pub(super) gov_of: Regex,
    pub(super) x_gov: Regex,
    pub(super) agent_verbs: Regex,
    pub(super) funded: Regex,
    /// A giving verb or noun and "by"/"from" right before a country.
    pub(super) given_by: Regex,
    /// "the Libyan and " before "Somali Governments".
    pub(super) pair_before: Regex,
    pub(super) between: Regex,
    pub(super) places: AhoCorasick,
    pub(super) place_forms: Vec<String>,
    pub(super) body_names: AhoCorasick,
    pub(super) body_forms: Vec<(String, usize)>,
}

/// The patterns, built on first use.
pub(super) fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let g = gazetteer::get();
        let mut place_forms: Vec<String> = g
            .countries
            .iter()
            .flat_map(|c| std::iter::once(c.name.clone()).chain(c.aliases.clone()).chain(c.demonyms.clone()))
            .collect();
        place_forms.sort();
        place_forms.dedup();
        let places = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&place_forms).expect("place patterns build");
        let body_forms: Vec<(String, usize)> = g
            .body_forms()
            .filter(|(f, _)| f.contains(' ') || f.chars().filter(|c| c.is_alphabetic()).any(char::is_lowercase))
            .map(|(f, i)| (f.to_owned(), i))
            .collect();
        let body_names = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(body_forms.iter().map(|(f, _)| f))
            .expect("body patterns build");
        Patterns {
            gov_of: Regex::new(r"\b[Gg]overnments? of (?:the )?(?P<c>[A-Z][\p{L}'-]+(?: (?:and )?[A-Z][\p{L}'-]+){0,3})").unwrap(),
            x_gov: Regex::new(r"\b(?P<c>[A-Z][\p{L}.-]+(?: [A-Z][\p{L}.-]+){0,2}) [Gg]overnments?\b").unwrap(),
            agent_verbs: Regex::new(
                r"^(?:'s\s+(?:support|funding|contribution|grant|donation|assistance|financial support)\b|\s+(?:will |would |has |have |is |was |had |also |has also |will also |is also )*(?:provides?|provided|providing|funds?|funded|funding|donates?|donated|donating|contributes?|contributed|contributing|grants?|granted|pledges?|pledged|allocates?|allocated|earmarks?|earmarked|finances?|financed|financing|signs?|signed|gives?|gave|hands? over|handed over|supports?|supported|supporting|to finance|to fund)\b|-funded\b|\s+funded\b)",
            )
            .unwrap(),
            given_by: Regex::new(r"(?i)\b(?:funded|financed|supported|sponsored|donated|provided|granted|gifted|support|funding|grants?|contributions?|assistance|donations?|financing)\s+(?:by|from)(?:\s+the)?$").unwrap(),
            pair_before: Regex::new(r"(?P<c>[A-Z][\p{L}'-]+) and $").unwrap(),
            funded: Regex::new(r"^(?:-| )funded\b").unwrap(),
            between: Regex::new(r"\bbetween (?:the )?(?P<a>[A-Z][\p{L}.]+(?: [A-Z][\p{L}.]+| of| of America){0,4}) and (?:the )?(?P<b>[A-Z][\p{L}.]+(?: [A-Z][\p{L}.]+| of| of America){0,4})").unwrap(),
            places,
            place_forms,
            body_names,
            body_forms,
        }
    })
}

/// Finds the governments of one sentence.
pub(super) fn find(sc: &mut Scan<'_>, text: &str, s: &Sentence) {
    let g = sc.reg.g;
    let p = patterns();
    let sent = &text[s.start..s.end];
    let Scan { reg, found, .. } = sc;
    // Governments.
    for c in p.gov_of.captures_iter(sent) {
        let m = c.get(0).expect("match");
        let cname = c.name("c").expect("group").as_str();
        if let Some(country) = country_prefix(g, cname) {
            let i = reg.government(&country.0);
            reg.alias(i, &m.as_str()[..m.as_str().len() - cname.len() + country.1]);
            found.push(Found {
                start: s.start + m.start(),
                end: s.start + m.start() + m.as_str().len() - cname.len() + country.1,
                entity: i,
            });
        }
    }
    for c in p.x_gov.captures_iter(sent) {
        let m = c.get(0).expect("match");
        let cname = c.name("c").expect("group").as_str();
        // The last words before "government" name the country.
        let words: Vec<&str> = cname.split(' ').collect();
        for k in 0..words.len() {
            let cand = words[k..].join(" ");
            if let Some(ct) = g.country(&cand).or_else(|| g.country_of_demonym(&cand)) {
                let i = reg.government(&ct.name);
                let plural = m.as_str().ends_with('s');
                let start =
                    s.start + m.end() - (cand.len() + " government".len() + usize::from(plural));
                // "the Libyan and Somali Governments": both governments.
                if plural {
                    let lead = &text[s.start..start];
                    if let Some(pc) = p.pair_before.captures(lead) {
                        let w = pc.name("c").expect("group");
                        if let Some(other) = g
                            .country(w.as_str())
                            .or_else(|| g.country_of_demonym(w.as_str()))
                        {
                            let j = reg.government(&other.name);
                            found.push(Found {
                                start: s.start + w.start(),
                                end: s.start + w.end(),
                                entity: j,
                            });
                        }
                    }
                }
                reg.alias(i, &text[start..s.start + m.end()]);
                found.push(Found {
                    start,
                    end: s.start + m.end(),
                    entity: i,
                });
                break;
            }
        }
    }
    // Countries that fund or sign, and "X-funded" demonyms.
    for m in p.places.find_iter(sent) {
        let form = &p.place_forms[m.pattern().as_usize()];
        let bounded = crate::tokens::word_bounded(sent, m.start(), m.end());
        if !bounded {
            continue;
        }
        let after = &sent[m.end()..];
        let before = sent[..m.start()].trim_end();
        let prep = before.rsplit(' ').next().unwrap_or("").to_lowercase();
        let country = g.country(form).or_else(|| g.country_of_demonym(form));
        let Some(ct) = country else { continue };
        let is_demonym = g.country(form).is_none();
        let acts = if is_demonym {
            p.funded.is_match(after)
                || after.starts_with(" and ")
                    && after.contains("funded")
                    && after.find("funded").is_some_and(|i| i < 40)
        } else {
            p.given_by.is_match(before)
                || p.agent_verbs.is_match(after)
                    && !matches!(
                        prep.as_str(),
                        "in" | "to"
                            | "from"
                            | "across"
                            | "of"
                            | "at"
                            | "into"
                            | "for"
                            | "within"
                            | "throughout"
                    )
        };
        if acts {
            let i = reg.government(&ct.name);
            found.push(Found {
                start: s.start + m.start(),
                end: s.start + m.end(),
                entity: i,
            });
        }
    }
    if sent.contains("sign") || sent.contains("agreement") || sent.contains("compact") {
        for c in p.between.captures_iter(sent) {
            for gname in ["a", "b"] {
                let mm = c.name(gname).expect("group");
                if let Some((ct, len)) = country_prefix(g, mm.as_str()) {
                    let i = reg.government(&ct);
                    found.push(Found {
                        start: s.start + mm.start(),
                        end: s.start + mm.start() + len,
                        entity: i,
                    });
                }
            }
        }
    }
}

/// Returns the country that the first words of `s` name, and the byte
/// length of those words.
pub(super) fn country_prefix(g: &Gazetteer, s: &str) -> Option<(String, usize)> {
    let words: Vec<&str> = s.split(' ').collect();
    for k in (1..=words.len()).rev() {
        let cand = words[..k].join(" ");
        if let Some(c) = g.country(&cand) {
            return Some((c.name.clone(), cand.len()));
        }
    }
    None
}
