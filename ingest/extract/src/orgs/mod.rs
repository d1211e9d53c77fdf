//! Stage 5: organisations. Recognition works without any list: acronym
//! definitions both ways ("Long Name (ACR)", "ACR (Long Name)", "Long
//! Name, ACR,"), capitalised names with an organisation head word
//! ("Ministry", "Agency", "Unit", …), governments ("the Danish
//! government", "Government of X", a country that funds or signs),
//! possessives and country offices ("FIA's", "IOM Pakistan" is IOM), and
//! unknown acronyms listed beside known bodies. The gazetteer supplies
//! canonical names, kinds and the short forms rules cannot infer.

mod acronyms;
mod boundaries;
mod evidence;
mod governments;
mod offices;
mod registry;
mod spans;
mod words;

use std::collections::{BTreeMap, HashSet};

use tipwatch_proto::names::norm_alias;
use tipwatch_proto::pb::OrganisationKind as Kind;

use crate::gazetteer;
use crate::sentences::Sentence;
use crate::tokens::tokenize;

use registry::Registry;

/// One organisation found in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgEntity {
    /// Display name: canonical where known, else the fullest form seen.
    pub name: String,
    /// Acronym, or empty.
    pub acronym: String,
    /// Other forms seen.
    pub aliases: Vec<String>,
    /// Kind.
    pub kind: Kind,
    /// Country of a national body or government.
    pub country: String,
    /// The body it is part of (a wing of an agency).
    pub parent: Option<usize>,
}

/// A mention of an organisation: byte span and entity index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrgMention {
    /// Byte offset of the mention.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Index into [`Orgs::entities`].
    pub entity: usize,
}

/// The organisations of a document.
#[derive(Clone, Debug, Default)]
pub struct Orgs {
    /// Every organisation.
    pub entities: Vec<OrgEntity>,
    /// Every mention, in text order.
    pub mentions: Vec<OrgMention>,
    /// Offices of the organisations ("IOM Pakistan"); their mentions count
    /// as mentions of the parent.
    pub offices: Vec<Office>,
}

/// A country or regional office of an organisation, named as such.
#[derive(Clone, Debug, PartialEq)]
pub struct Office {
    /// Index of the organisation it belongs to.
    pub parent: usize,
    /// The office's name as written ("IOM Pakistan").
    pub name: String,
    /// Its country, where the name says.
    pub country: String,
    /// Byte spans of its mentions.
    pub spans: Vec<(usize, usize)>,
}

impl Orgs {
    /// Returns the mentions inside a byte span, in order.
    pub fn within(&self, start: usize, end: usize) -> impl Iterator<Item = &OrgMention> {
        // Mentions are sorted by start: skip straight to the span.
        let first = self.mentions.partition_point(|m| m.start < start);
        self.mentions[first..]
            .iter()
            .take_while(move |m| m.start < end)
            .filter(move |m| m.end <= end)
    }

    /// Returns the government entity of a country, adding it when the
    /// document has none yet.
    pub fn government_or_new(&mut self, country: &str) -> usize {
        if let Some(i) = self.government_of(country) {
            return i;
        }
        self.entities.push(OrgEntity {
            name: format!("Government of {}", registry::the_country(country)),
            acronym: String::new(),
            aliases: vec![country.to_owned()],
            kind: Kind::Government,
            country: country.to_owned(),
            parent: None,
        });
        self.entities.len() - 1
    }

    /// Returns the government entity of a country, if the document has one.
    pub fn government_of(&self, country: &str) -> Option<usize> {
        self.entities
            .iter()
            .position(|e| e.kind == Kind::Government && e.country == country)
    }
}

/// A candidate found in one sentence before registration.
struct Found {
    start: usize,
    end: usize,
    entity: usize,
}

/// What the passes over a document have found so far.
struct Scan<'g> {
    reg: Registry<'g>,
    found: Vec<Found>,
    non_org_acronyms: HashSet<String>,
    /// (child, parent) entity pairs.
    parents: Vec<(usize, usize)>,
    /// Country and regional offices: (body, name, start, end).
    offices: Vec<(usize, String, usize, usize)>,
}

/// Recognises the organisations of a document. `story_country` gives the
/// country of the story a byte offset lies in (from its dateline).
pub fn recognise(
    text: &str,
    sentences: &[Sentence],
    story_country: &dyn Fn(usize) -> String,
) -> Orgs {
    let g = gazetteer::get();
    let mut sc = Scan {
        reg: Registry::new(g),
        found: Vec::new(),
        non_org_acronyms: HashSet::new(),
        parents: Vec::new(),
        offices: Vec::new(),
    };
    // Pass 1: definitions, named bodies, governments.
    for s in sentences {
        let country = story_country(s.start);
        let toks = tokenize(text, s.start, s.end);
        let mut chs = boundaries::chunks(text, &toks);
        acronyms::definitions(&mut sc, text, s, &country, &mut chs);
        acronyms::appositions(&mut sc, text, s, &country, &chs);
        evidence::named_bodies(&mut sc, text, &country, &chs);
        governments::find(&mut sc, text, s);
        registry::known_bodies(&mut sc, text, s);
    }
    // Pass 2: acronyms and short names of known bodies, country offices,
    // unknown acronyms listed beside known bodies.
    let mut spans = spans::SpanIndex::default();
    for s in sentences {
        let toks = tokenize(text, s.start, s.end);
        acronyms::mentions(&mut sc, text, &toks);
        acronyms::lists(&mut sc, text, s, &toks, &mut spans);
    }
    finish(sc)
}

/// Resolves overlapping mentions (longest wins), drops bodies left without
/// a mention and gathers offices.
fn finish(sc: Scan<'_>) -> Orgs {
    let Scan {
        mut reg,
        mut found,
        parents,
        offices,
        ..
    } = sc;
    let g = reg.g;

    for (child, parent) in parents {
        if child != parent && reg.entities[child].parent.is_none() {
            reg.entities[child].parent = Some(parent);
        }
    }
    // Longest mention wins where two overlap.
    found.sort_by_key(|f| (std::cmp::Reverse(f.end - f.start), f.start));
    let mut mentions: Vec<OrgMention> = Vec::new();
    // Kept spans by start (they never overlap): only the last one starting
    // before a candidate's end can overlap it.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    for f in found {
        let clear = taken
            .range(..f.end)
            .next_back()
            .is_none_or(|(_, end)| *end <= f.start);
        if clear {
            taken.entry(f.start).or_insert(f.end);
            mentions.push(OrgMention {
                start: f.start,
                end: f.end,
                entity: f.entity,
            });
        }
    }
    mentions.sort_by_key(|m| m.start);
    // Bodies whose every mention lost to a longer one are not reported.
    let mut keep: Vec<Option<usize>> = vec![None; reg.entities.len()];
    let mut entities: Vec<OrgEntity> = Vec::new();
    let mut named = vec![false; reg.entities.len()];
    for m in &mentions {
        named[m.entity] = true;
    }
    for (i, e) in reg.entities.iter().enumerate() {
        if named[i] {
            keep[i] = Some(entities.len());
            entities.push(e.clone());
        }
    }
    for e in &mut entities {
        e.parent = e.parent.and_then(|p| keep[p]);
        let name = e.name.clone();
        e.aliases.retain(|a| *a != name);
    }
    for m in &mut mentions {
        m.entity = keep[m.entity].expect("a mention keeps its entity");
    }
    let mut office_list: Vec<Office> = Vec::new();
    for (owner, name, start, end) in offices {
        let Some(parent) = keep[owner] else { continue };
        match office_list
            .iter_mut()
            .find(|o| norm_alias(&o.name) == norm_alias(&name))
        {
            Some(o) => o.spans.push((start, end)),
            None => {
                let country = name
                    .split_whitespace()
                    .rev()
                    .find_map(|w| g.place_country(w))
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                office_list.push(Office {
                    parent,
                    name,
                    country,
                    spans: vec![(start, end)],
                });
            }
        }
    }
    Orgs {
        entities,
        mentions,
        offices: office_list,
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::sentences;

    fn run(text: &str) -> Orgs {
        let s = sentences::split(text, &[(0, text.len())]);
        recognise(text, &s, &|_| "Kenya".to_owned())
    }

    fn names(o: &Orgs) -> Vec<String> {
        let mut v: Vec<String> = o.entities.iter().map(|e| e.name.clone()).collect();
        v.sort();
        v
    }

    #[test]
    fn acronym_definitions_both_ways_and_later_mentions() {
        let o = run("The National Bureau of Statistics (NBS) met the NBS board. Later the NBS's office opened.");
        let e = &o.entities[0];
        assert_eq!(
            (e.name.as_str(), e.acronym.as_str()),
            ("National Bureau of Statistics", "NBS")
        );
        assert_eq!(o.mentions.iter().filter(|m| m.entity == 0).count(), 4);
        let o = run("Officials of the CTU (Counter Trafficking Unit) spoke.");
        assert_eq!(o.entities[0].name, "Counter Trafficking Unit");
        assert_eq!(o.entities[0].acronym, "CTU");
        assert_eq!(o.entities[0].kind, Kind::LawEnforcement);
    }

    #[test]
    fn non_organisation_acronyms_stay_out() {
        let o = run("They fight Trafficking in Persons (TIP) and signed a Memorandum of Understanding (MoU). TIP is rising.");
        assert!(o.entities.is_empty(), "{:?}", o.entities);
    }

    #[test]
    fn governments_from_demonyms_countries_and_of_phrases() {
        let o = run("The Danish government signed. Norway is donating NOK 5 million. The Government of Chile agreed. It was EU and German funded.");
        assert_eq!(
            names(&o),
            vec![
                "European Union",
                "Government of Chile",
                "Government of Denmark",
                "Government of Germany",
                "Government of Norway"
            ]
        );
        let dk = o
            .entities
            .iter()
            .find(|e| e.name == "Government of Denmark")
            .unwrap();
        assert!(dk.aliases.contains(&"Denmark".to_string()));
        assert!(dk.aliases.contains(&"Danish government".to_string()));
        let o = run("Migrants travel to Norway and live in Chile.");
        assert!(o.entities.is_empty());
    }

    #[test]
    fn head_words_possessives_units_and_titles() {
        let o = run("The Adviser to the Ministry of Labour met the Anti-Smuggling Unit of the Kenya Police Service and the KPS's Border Wing.");
        let n = names(&o);
        assert!(n.contains(&"Ministry of Labour".to_string()), "{n:?}");
        assert!(n.contains(&"Anti-Smuggling Unit".to_string()), "{n:?}");
        assert!(n.contains(&"Kenya Police Service".to_string()), "{n:?}");
        assert!(!n.iter().any(|x| x.starts_with("Adviser")));
        let unit = o
            .entities
            .iter()
            .position(|e| e.name == "Anti-Smuggling Unit")
            .unwrap();
        let kps = o
            .entities
            .iter()
            .position(|e| e.name == "Kenya Police Service")
            .unwrap();
        assert_eq!(o.entities[unit].parent, Some(kps));
        let o = run("Inspector General of Police (IGP) John Doe spoke.");
        assert!(o.entities.is_empty(), "{:?}", o.entities);
    }

    #[test]
    fn a_known_body_used_as_a_modifier_is_no_organisation() {
        for t in [
            "The country ratified the UN Convention against Corruption last year.",
            "Delegates of EU member states and UN agencies discussed EU standards.",
            "The United Nations Protocol on smuggling was quoted.",
            "Officials of the United Nations World Food Programme (WFP) spoke.",
        ] {
            let o = run(t);
            let names: Vec<&str> = o.entities.iter().map(|e| e.name.as_str()).collect();
            assert!(
                !names.contains(&"United Nations") && !names.contains(&"European Union"),
                "{t}: {names:?}"
            );
        }
        // A giver before "-funded" and a body that acts stay.
        let o = run("The EU-funded project started. The UN said it would help.");
        let names: Vec<&str> = o.entities.iter().map(|e| e.name.as_str()).collect();
        assert!(
            names.contains(&"European Union") && names.contains(&"United Nations"),
            "{names:?}"
        );
    }

    #[test]
    fn gazetteer_canonicalises_and_country_offices_join_their_parent() {
        let o = run("The International Organisation for Migration (IOM) said IOM Ghana and the UN Migration Agency agreed.");
        assert_eq!(o.entities.len(), 1, "{:?}", o.entities);
        let e = &o.entities[0];
        assert_eq!(e.name, "International Organization for Migration");
        assert!(e
            .aliases
            .contains(&"International Organisation for Migration".to_string()));
        assert!(!e.aliases.contains(&"IOM Ghana".to_string()));
        assert_eq!(o.offices.len(), 1);
        assert_eq!(
            (
                o.offices[0].name.as_str(),
                o.offices[0].country.as_str(),
                o.offices[0].parent
            ),
            ("IOM Ghana", "Ghana", 0)
        );
    }

    #[test]
    fn unknown_acronyms_in_lists_of_known_bodies() {
        let o =
            run("Partners including UNODC, ILO, IOM, and XYZO attended. The TIP report is out.");
        let n = names(&o);
        assert!(n.contains(&"XYZO".to_string()), "{n:?}");
        assert!(!n.contains(&"TIP".to_string()));
    }
}

#[cfg(test)]
mod boundary_tests {
    use super::*;
    use crate::sentences;

    fn names(text: &str) -> Vec<String> {
        let s = sentences::split(text, &[(0, text.len())]);
        let o = recognise(text, &s, &|_| String::new());
        let mut v: Vec<String> = o.entities.iter().map(|e| e.name.clone()).collect();
        v.sort();
        v
    }

    #[test]
    fn comma_inside_a_name_before_its_acronym() {
        let n = names("Officers of the Office of Rural Planning, Survey and Mapping (ORPSM) met.");
        assert_eq!(n, vec!["Office of Rural Planning, Survey and Mapping"]);
    }

    #[test]
    fn divisions_and_coastguards_head_names() {
        let n = names(
            "Laptops went to the Family and Youth Affairs Division and the Northland Coastguard.",
        );
        assert_eq!(
            n,
            vec!["Family and Youth Affairs Division", "Northland Coastguard"]
        );
    }

    #[test]
    fn a_portfolio_in_brackets_after_a_title_is_not_a_body() {
        let n = names("The Deputy Director (Treaties Division) of the Ministry of Justice spoke.");
        assert_eq!(n, vec!["Ministry of Justice"]);
        let n = names("Staff of the Harbour Division (HD) spoke.");
        assert_eq!(n, vec!["Harbour Division"]);
    }

    #[test]
    fn acronyms_matched_inside_words() {
        // Schwartz-Hearst: letters found inside the words, right to left.
        let n = names("The Coastwatch Agency (CWA) patrolled.");
        assert_eq!(n, vec!["Coastwatch Agency"]);
        assert_eq!(sh_probe("Homeland Rescue Institute", "HRI"), Some(0));
        assert_eq!(sh_probe("the Homeland Rescue Institute", "HRI"), Some(1));
        assert_eq!(sh_probe("Homeland Rescue Institute", "XYZ"), None);
    }

    fn sh_probe(s: &str, acr: &str) -> Option<usize> {
        acronyms::sh_start(&crate::tokens::tokenize(s, 0, s.len()), acr)
    }

    #[test]
    fn one_body_sharing_a_head_versus_two_bodies() {
        let n = names("The UK Foreign and Commonwealth Office spoke.");
        assert_eq!(n, vec!["UK Foreign and Commonwealth Office"]);
        let n = names("Staff of the Ministry of Energy and the Water Board met.");
        assert_eq!(n, vec!["Ministry of Energy", "Water Board"]);
    }

    #[test]
    fn formal_country_names_are_not_bodies() {
        let n =
            names("A project between the Water Council and the Hashemite Kingdom of Jordan began.");
        assert_eq!(n, vec!["Water Council"]);
    }

    #[test]
    fn a_title_and_person_run_into_a_name_are_cut_off() {
        let n = names("Bureau of Customs Commissioner Jane Roe said so.");
        assert_eq!(n, vec!["Bureau of Customs"]);
        let n = names("Director of the Department of Border Services Peter Okello spoke.");
        assert_eq!(n, vec!["Department of Border Services"]);
    }

    #[test]
    fn trailing_place_is_not_part_of_the_name_but_embassies_keep_it() {
        let n = names("They met the Refugee Agency in Kenya on Monday.");
        assert_eq!(n, vec!["Refugee Agency"]);
        let n = names("They met the Embassy of Chile in Kenya on Monday.");
        assert_eq!(n, vec!["Embassy of Chile in Kenya"]);
    }

    #[test]
    fn countries_that_give_and_governments_listed_together() {
        let n = names("The vehicles were funded by Denmark through the agency.");
        assert_eq!(n, vec!["Government of Denmark"]);
        let n = names("It acted with the Libyan and Somali Governments.");
        assert_eq!(n, vec!["Government of Libya", "Government of Somalia"]);
        let n = names("The Government of Trinidad and Tobago opened it.");
        assert_eq!(n, vec!["Government of Trinidad and Tobago"]);
    }
}
