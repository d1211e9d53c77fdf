//! The registry of a document's organisations: one entity per body,
//! looked up by any of its normalised forms; gazetteer bodies matched in
//! any case.

use std::collections::HashMap;

use tipwatch_proto::names::norm_alias;
use tipwatch_proto::pb::OrganisationKind as Kind;

use super::{Found, OrgEntity, Scan};
use crate::gazetteer::Gazetteer;
use crate::sentences::Sentence;

/// The document's organisations and the forms that name them.
pub(super) struct Registry<'g> {
    pub(super) g: &'g Gazetteer,
    pub(super) entities: Vec<OrgEntity>,
    pub(super) by_form: HashMap<String, usize>,
}

impl<'g> Registry<'g> {
    /// An empty registry over the gazetteer.
    pub(super) fn new(g: &'g Gazetteer) -> Self {
        Registry {
            g,
            entities: Vec::new(),
            by_form: HashMap::new(),
        }
    }

    pub(super) fn find(&self, form: &str) -> Option<usize> {
        self.by_form.get(&norm_alias(form)).copied()
    }

    pub(super) fn index_forms(&mut self, i: usize) {
        let e = &self.entities[i];
        let forms: Vec<String> = std::iter::once(e.name.clone())
            .chain(std::iter::once(e.acronym.clone()))
            .chain(e.aliases.iter().cloned())
            .filter(|f| !norm_alias(f).is_empty())
            .collect();
        for f in forms {
            self.by_form.entry(norm_alias(&f)).or_insert(i);
        }
    }

    pub(super) fn alias(&mut self, i: usize, form: &str) {
        let form = form.trim();
        let e = &mut self.entities[i];
        if norm_alias(form).is_empty()
            || form == e.name
            || form == e.acronym
            || e.aliases.iter().any(|a| a == form)
        {
            return;
        }
        e.aliases.push(form.to_owned());
        self.by_form.entry(norm_alias(form)).or_insert(i);
    }

    /// Adds (or finds) the organisation named `name` with `acronym`.
    pub(super) fn add(&mut self, name: &str, acronym: &str, kind: Kind, country: &str) -> usize {
        let name = name.trim();
        let body = self.g.body(name).or_else(|| {
            (!acronym.is_empty())
                .then(|| self.g.body_by_acronym(acronym))
                .flatten()
        });
        let (canon, acr, kind, country) = match body {
            Some(b) => (
                b.name.clone(),
                if b.acronym.is_empty() {
                    acronym.to_owned()
                } else {
                    b.acronym.clone()
                },
                b.kind,
                if b.country.is_empty() {
                    country.to_owned()
                } else {
                    b.country.clone()
                },
            ),
            None => (
                name.to_owned(),
                acronym.to_owned(),
                kind,
                country.to_owned(),
            ),
        };
        let national = matches!(
            kind,
            Kind::Government | Kind::GovernmentBody | Kind::LawEnforcement
        );
        let country = if national { country } else { String::new() };
        let existing = self
            .find(&canon)
            .or_else(|| self.find(name))
            .or_else(|| (!acr.is_empty()).then(|| self.find(&acr)).flatten());
        let i = match existing {
            Some(i) => {
                let e = &mut self.entities[i];
                if e.acronym.is_empty() && !acr.is_empty() {
                    e.acronym = acr.clone();
                }
                // A name spelled out replaces a bare acronym as display name.
                if e.name == e.acronym && canon != acr {
                    let old = std::mem::replace(&mut e.name, canon.clone());
                    if old != e.acronym {
                        e.aliases.push(old);
                    }
                }
                if e.country.is_empty() {
                    e.country = country.clone();
                }
                i
            }
            None => {
                self.entities.push(OrgEntity {
                    name: canon.clone(),
                    acronym: acr.clone(),
                    aliases: Vec::new(),
                    kind,
                    country,
                    parent: None,
                });
                self.entities.len() - 1
            }
        };
        if name != canon {
            self.alias(i, name);
        }
        if let Some(b) = body {
            for a in &b.aliases {
                self.by_form.entry(norm_alias(a)).or_insert(i);
            }
        }
        self.index_forms(i);
        i
    }

    pub(super) fn government(&mut self, country: &str) -> usize {
        let name = format!("Government of {}", the_country(country));
        let i = self.add(&name, "", Kind::Government, country);
        self.alias(i, country);
        i
    }
}

/// "United States" → "the United States" in "Government of the United States".
pub(super) fn the_country(c: &str) -> String {
    let plural = c.ends_with('s') && c.contains(' ')
        || ["United Kingdom", "Netherlands", "Philippines", "Gambia"].contains(&c);
    if plural
        || c.starts_with("United ")
        || c.starts_with("Republic")
        || c.starts_with("Democratic")
    {
        format!("the {c}")
    } else {
        c.to_owned()
    }
}

/// Named bodies from the gazetteer written in any case.
pub(super) fn known_bodies(sc: &mut Scan<'_>, text: &str, s: &Sentence) {
    let g = sc.reg.g;
    let p = super::governments::patterns();
    let sent = &text[s.start..s.end];
    let Scan { reg, found, .. } = sc;
    let ms: Vec<_> = p.body_names.find_iter(sent).collect();
    for (k, m) in ms.iter().enumerate() {
        let (form, bi) = &p.body_forms[m.pattern().as_usize()];
        let bounded = crate::tokens::word_bounded(sent, m.start(), m.end());
        let cap = sent[m.start()..]
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        // "UN convention", "EU member states", "the United Nations
        // International Organization for Migration": a modifier, not a
        // body that acts here.
        let next_body = ms.get(k + 1).is_some_and(|n| n.start() == m.end() + 1);
        if bounded && cap && !next_body && !modifier_use(&sent[m.end()..]) {
            let b = &g.bodies[*bi];
            let i = reg.add(&b.name, &b.acronym, b.kind, &b.country);
            let mut end = m.end();
            // "World Vision Japan": the body's office in a country.
            let rest = &sent[m.end()..];
            if let Some(r) = rest.strip_prefix(' ') {
                if let Some(ct) = g.countries.iter().find(|c| {
                    r.starts_with(c.name.as_str())
                        && !r[c.name.len()..].starts_with(|ch: char| ch.is_alphanumeric())
                }) {
                    end = m.end() + 1 + ct.name.len();
                }
            }
            reg.alias(i, &sent[m.start()..end]);
            let _ = form;
            found.push(Found {
                start: s.start + m.start(),
                end: s.start + end,
                entity: i,
            });
        }
    }
}

/// True when the words after a known body's name make it a modifier:
/// "-led", "-wide" (but "-funded" names a giver), or a noun of
/// [`super::words::MODIFIED_NOUNS`] ("Convention", "member states").
pub(super) fn modifier_use(rest: &str) -> bool {
    if let Some(r) = rest.strip_prefix(['-', '–']) {
        let w: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
        return w.starts_with(char::is_lowercase)
            && !["funded", "financed", "supported", "sponsored", "backed"].contains(&w.as_str());
    }
    let Some(r) = rest.strip_prefix(' ') else {
        return false;
    };
    // The next word, compared without a lower-case copy when it is ASCII.
    let end = r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len());
    if r[..end].is_ascii() {
        let w = &r[..end];
        return super::words::MODIFIED_NOUNS
            .iter()
            .any(|n| n.eq_ignore_ascii_case(w));
    }
    let w: String = r
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    super::words::MODIFIED_NOUNS.contains(&w.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modified_nouns_are_read_in_any_case_and_never_as_bodies() {
        // modifier_use compares ASCII words without a lower-case copy.
        for n in super::super::words::MODIFIED_NOUNS {
            assert!(n.bytes().all(|b| b.is_ascii_lowercase()), "{n}");
        }
        assert!(modifier_use(" Convention against Corruption"));
        assert!(modifier_use(" MEMBER states"));
        assert!(modifier_use("-led mission"));
        assert!(!modifier_use("-funded project"));
        assert!(!modifier_use(" Conventional"));
        assert!(!modifier_use(" Office in Accra"));
    }
}
