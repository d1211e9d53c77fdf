//! Stage 5: organisations. Recognition works without any list: acronym
//! definitions both ways ("Long Name (ACR)", "ACR (Long Name)", "Long
//! Name, ACR,"), capitalised names with an organisation head word
//! ("Ministry", "Agency", "Unit", …), governments ("the Danish
//! government", "Government of X", a country that funds or signs),
//! possessives and country offices ("FIA's", "IOM Pakistan" is IOM), and
//! unknown acronyms listed beside known bodies. The gazetteer supplies
//! canonical names, kinds and the short forms rules cannot infer.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use tipwatch_proto::names::norm_alias;
use tipwatch_proto::pb::OrganisationKind as Kind;

use crate::gazetteer::{self, Gazetteer};
use crate::sentences::Sentence;
use crate::tokens::{is_connector, is_head, is_title_word, tokenize, Token, HONORIFICS};

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
            name: format!("Government of {}", the_country(country)),
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

/// Capitalised words that open sentences rather than names.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "With",
    "From",
    "Under",
    "Over",
    "During",
    "After",
    "Before",
    "Since",
    "This",
    "These",
    "Those",
    "That",
    "Its",
    "Their",
    "Our",
    "His",
    "Her",
    "Speaking",
    "According",
    "Through",
    "Together",
    "Meanwhile",
    "However",
    "Also",
    "Both",
    "Several",
    "Some",
    "Many",
    "All",
    "Other",
    "Held",
    "Led",
    "As",
    "While",
    "When",
    "Where",
    "If",
    "To",
    "Of",
    "And",
    "But",
    "Provided",
    "Closing",
    "Representatives",
    "Participants",
    "Detectives",
    "Officers",
    "Officials",
    "Presentations",
    "About",
    "Dear",
    "Adopting",
    "Expressing",
    "Highlighting",
    "Following",
    "Including",
    "Both",
    "Each",
    "Every",
    "Today",
    "Yesterday",
    "Chief",
    "Ms",
    "Mr",
    "Mrs",
    "Dr",
    "Rev",
    "Read",
    "Signs",
    "Says",
    "Said",
    "Since",
    "Under",
    "Upon",
    "Via",
];

/// Generic words that alone (with a head) do not make a proper name.
const GENERIC: &[&str] = &[
    "National",
    "Federal",
    "State",
    "Regional",
    "Local",
    "Provincial",
    "District",
    "Municipal",
    "International",
    "Central",
    "General",
    "Joint",
    "Special",
    "New",
    "Main",
    "Country",
    "Relevant",
    "Key",
    "Senior",
];

fn kind_from_words(name: &str) -> Kind {
    let has = |w: &[&str]| {
        w.iter()
            .any(|x| name.split(|c: char| !c.is_alphanumeric()).any(|y| y == *x))
    };
    let l = name.to_lowercase();
    if l.starts_with("united nations") || l.starts_with("un ") {
        Kind::UnAgency
    } else if has(&[
        "Police",
        "Gendarmerie",
        "Guard",
        "Investigation",
        "Investigations",
        "Criminal",
        "Crime",
        "Wing",
        "Unit",
        "Force",
        "Prosecution",
        "Smuggling",
    ]) && !has(&["Ministry"])
    {
        Kind::LawEnforcement
    } else if has(&["Union"]) && (l.contains("european") || l.contains("african")) {
        Kind::RegionalBody
    } else if has(&[
        "Embassy",
        "Consulate",
        "Ministry",
        "Ministries",
        "Department",
        "Departments",
        "Commission",
        "Office",
        "Agency",
        "Bureau",
        "Directorate",
        "Authority",
        "Authorities",
        "Secretariat",
        "Committee",
        "Committees",
        "Council",
        "Inspectorate",
        "Parliament",
        "Assembly",
        "Senate",
        "Judiciary",
        "Ombudsman",
        "Delegation",
    ]) {
        Kind::GovernmentBody
    } else if name.ends_with(" International")
        || name.ends_with(" Worldwide")
        || has(&[
            "Network",
            "Foundation",
            "Association",
            "Society",
            "Coalition",
            "Trust",
            "Caritas",
            "Cross",
            "Crescent",
            "Alliance",
        ])
    {
        Kind::Ngo
    } else if has(&["University", "Institute", "Academy", "College", "School"]) {
        Kind::Academic
    } else if has(&[
        "Television",
        "Radio",
        "Broadcasting",
        "News",
        "Times",
        "Press",
        "Media",
    ]) {
        Kind::Media
    } else if has(&[
        "Bank",
        "Corporation",
        "Company",
        "Ltd",
        "Inc",
        "Limited",
        "Consortium",
    ]) {
        Kind::Private
    } else {
        Kind::Other
    }
}

struct Registry<'g> {
    g: &'g Gazetteer,
    entities: Vec<OrgEntity>,
    by_form: HashMap<String, usize>,
}

impl<'g> Registry<'g> {
    fn find(&self, form: &str) -> Option<usize> {
        self.by_form.get(&norm_alias(form)).copied()
    }

    fn index_forms(&mut self, i: usize) {
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

    fn alias(&mut self, i: usize, form: &str) {
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
    fn add(&mut self, name: &str, acronym: &str, kind: Kind, country: &str) -> usize {
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

    fn government(&mut self, country: &str) -> usize {
        let name = format!("Government of {}", the_country(country));
        let i = self.add(&name, "", Kind::Government, country);
        self.alias(i, country);
        i
    }
}

/// "United States" → "the United States" in "Government of the United States".
fn the_country(c: &str) -> String {
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

struct Patterns {
    gov_of: Regex,
    x_gov: Regex,
    agent_verbs: Regex,
    funded: Regex,
    between: Regex,
    places: AhoCorasick,
    place_forms: Vec<String>,
    body_names: AhoCorasick,
    body_forms: Vec<(String, usize)>,
}

fn patterns() -> &'static Patterns {
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
            gov_of: Regex::new(r"\b[Gg]overnments? of (?:the )?(?P<c>[A-Z][\p{L}'-]+(?: [A-Z][\p{L}'-]+){0,3})").unwrap(),
            x_gov: Regex::new(r"\b(?P<c>[A-Z][\p{L}.-]+(?: [A-Z][\p{L}.-]+){0,2}) [Gg]overnment\b").unwrap(),
            agent_verbs: Regex::new(
                r"^(?:'s\s+(?:support|funding|contribution|grant|donation|assistance|financial support)\b|\s+(?:will |would |has |have |is |was |had |also |has also |will also |is also )*(?:provides?|provided|providing|funds?|funded|funding|donates?|donated|donating|contributes?|contributed|contributing|grants?|granted|pledges?|pledged|allocates?|allocated|earmarks?|earmarked|finances?|financed|financing|signs?|signed|gives?|gave|hands? over|handed over|supports?|supported|supporting|to finance|to fund)\b|-funded\b|\s+funded\b)",
            )
            .unwrap(),
            funded: Regex::new(r"^(?:-| )funded\b").unwrap(),
            between: Regex::new(r"\bbetween (?:the )?(?P<a>[A-Z][\p{L}.]+(?: [A-Z][\p{L}.]+| of| of America){0,4}) and (?:the )?(?P<b>[A-Z][\p{L}.]+(?: [A-Z][\p{L}.]+| of| of America){0,4})").unwrap(),
            places,
            place_forms,
            body_names,
            body_forms,
        }
    })
}

/// A candidate found in one sentence before registration.
struct Found {
    start: usize,
    end: usize,
    entity: usize,
}

fn initials(tokens: &[Token<'_>]) -> String {
    let mut out = String::new();
    for t in tokens {
        if is_connector(t.text) {
            continue;
        }
        for part in t.bare().split(['-', '/']) {
            if let Some(c) = part.chars().next() {
                out.extend(c.to_uppercase());
            }
        }
    }
    out
}

fn acronym_letters(acr: &str) -> String {
    let upper: String = acr.chars().filter(|c| c.is_uppercase()).collect();
    if upper.len() >= 2 {
        upper
    } else {
        acr.chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// Returns where in `chunk` the long form of `acr` starts, if the initials
/// of a suffix of the chunk spell the acronym (a trailing head word may be
/// left out of the acronym).
fn long_form_start(chunk: &[Token<'_>], acr: &str) -> Option<usize> {
    let letters = acronym_letters(acr);
    if letters.len() < 2 {
        return None;
    }
    for s in (0..chunk.len()).rev() {
        if is_connector(chunk[s].text) {
            continue;
        }
        let ini = initials(&chunk[s..]);
        if ini == letters
            || (ini.len() == letters.len() + 1
                && ini.starts_with(&letters)
                && is_head(chunk[chunk.len() - 1].text))
        {
            return Some(s);
        }
        if ini.len() > letters.len() + 1 {
            break;
        }
    }
    None
}

/// Splits a sentence's tokens into runs of capitalised words (with
/// connectors inside), only whitespace or hyphens between them.
fn chunks<'a>(text: &str, toks: &[Token<'a>]) -> Vec<Vec<Token<'a>>> {
    let mut out: Vec<Vec<Token<'a>>> = Vec::new();
    let mut cur: Vec<Token<'a>> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let gap_ok = cur
            .last()
            .is_none_or(|p: &Token<'_>| text[p.end..t.start].trim().is_empty());
        let calendar =
            crate::dates::month_number(t.text).is_some() && t.text.len() >= 3 && !t.all_caps()
                || t.text.parse::<chrono::Weekday>().is_ok() && t.text.len() > 3;
        let cap = !calendar
            && (t.capitalised()
                || t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
                    && t.text.chars().any(char::is_alphabetic));
        let conn = is_connector(t.text)
            && !cur.is_empty()
            && toks
                .get(i + 1)
                .is_some_and(|n| n.capitalised() || n.text == "the");
        if (cap || conn) && (gap_ok || cur.is_empty()) {
            cur.push(*t);
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if cap {
                cur.push(*t);
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    for c in &mut out {
        while c.last().is_some_and(|t| is_connector(t.text)) {
            c.pop();
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

fn span_text<'a>(text: &'a str, toks: &[Token<'_>]) -> &'a str {
    let last = toks[toks.len() - 1];
    &text[toks[0].start..last.start + last.bare().len()]
}

/// Words that end ministry and office names ("of Foreign Affairs") and so
/// are never the start of a person's name after them.
const NAME_TAIL_WORDS: &[&str] = &[
    "Affairs",
    "Interior",
    "Justice",
    "Health",
    "Labour",
    "Labor",
    "Defence",
    "Defense",
    "Development",
    "Welfare",
    "Security",
    "Rights",
    "Education",
    "Trade",
    "Finance",
    "Women",
    "Children",
    "Youth",
    "Culture",
    "Migration",
    "Immigration",
    "Investigation",
    "Investigations",
    "Crime",
    "Police",
    "Agriculture",
    "Planning",
    "Transport",
    "Energy",
    "Environment",
    "Integration",
    "Cooperation",
    "Persons",
    "Refugees",
    "Statistics",
    "Protection",
];

/// True when `toks[k..]` look like a person's name glued after a body's
/// name ("Ministry of Interior Rehman Malik").
fn trailing_person(toks: &[Token<'_>], k: usize) -> bool {
    let tail = &toks[k..];
    (2..=4).contains(&tail.len())
        && tail.iter().all(|t| {
            t.capitalised()
                && !t.all_caps()
                && !is_head(t.bare())
                && !is_connector(t.text)
                && !NAME_TAIL_WORDS.contains(&t.bare())
                && !GENERIC.contains(&t.bare())
        })
        && k > 0
        && !is_connector(toks[k - 1].text)
}

/// True when the words before `start` make the name a description ("an
/// independent National Human Rights Institute").
fn indefinite(text: &str, start: usize) -> bool {
    let before = &text[..start];
    for w in before.split_whitespace().rev().take(3) {
        let lw = w.trim_matches(|c: char| !c.is_alphanumeric());
        if lw == "a" || lw == "an" || lw == "A" || lw == "An" {
            return true;
        }
        if !lw.chars().all(|c| c.is_lowercase() || c == '-') || lw.is_empty() {
            return false;
        }
    }
    false
}

/// True when the tokens name a government ("Swiss Government").
fn gov_phrase(toks: &[Token<'_>]) -> bool {
    toks.iter().any(|t| {
        t.bare().eq_ignore_ascii_case("government") || t.bare().eq_ignore_ascii_case("governments")
    })
}

fn org_like(g: &Gazetteer, toks: &[Token<'_>], text: &str) -> bool {
    if toks.is_empty() {
        return false;
    }
    if g.body(span_text(text, toks)).is_some() {
        return true;
    }
    let has_head = toks.iter().any(|t| is_head(t.bare()));
    let content = toks
        .iter()
        .filter(|t| !is_connector(t.text) && !is_head(t.bare()) && !GENERIC.contains(&t.bare()))
        .count();
    // "Winrock International", "Plan Worldwide": NGOs named without a head word.
    let ngo_suffix = toks.len() >= 2
        && matches!(toks[toks.len() - 1].bare(), "International" | "Worldwide")
        && toks.iter().all(|t| t.capitalised())
        && !GENERIC.contains(&toks[0].bare());
    (has_head && content >= 1 || ngo_suffix)
        && !is_title_word(toks[0].text)
        && !HONORIFICS.contains(&toks[0].text)
}

/// Recognises the organisations of a document. `story_country` gives the
/// country of the story a byte offset lies in (from its dateline).
pub fn recognise(
    text: &str,
    sentences: &[Sentence],
    story_country: &dyn Fn(usize) -> String,
) -> Orgs {
    let g = gazetteer::get();
    let p = patterns();
    let mut reg = Registry {
        g,
        entities: Vec::new(),
        by_form: HashMap::new(),
    };
    let mut found: Vec<Found> = Vec::new();
    let mut non_org_acronyms: HashSet<String> = HashSet::new();
    let mut parents: Vec<(usize, usize)> = Vec::new();
    // Country and regional offices: (body, name, start, end).
    let mut offices: Vec<(usize, String, usize, usize)> = Vec::new();

    // Pass 1: definitions, named bodies, governments.
    for s in sentences {
        let country = story_country(s.start);
        let toks = tokenize(text, s.start, s.end);
        let sent = &text[s.start..s.end];
        let mut chs = chunks(text, &toks);
        // "Long Name (ACR)" and "ACR (Long Name)".
        for (ci, c) in chs.clone().iter().enumerate() {
            let after = &text[c[c.len() - 1].end..s.end];
            let Some(inner) = after.strip_prefix(" (").or_else(|| after.strip_prefix('(')) else {
                continue;
            };
            let Some(close) = inner.find(')') else {
                continue;
            };
            let acr = inner[..close].trim();
            if acr.contains(' ') {
                // "ACR (Long Name)": the chunk ends with the acronym.
                let last = c[c.len() - 1];
                let inner_start = c[c.len() - 1].end + (after.len() - inner.len());
                let inner_toks = tokenize(text, inner_start, inner_start + close);
                if last.all_caps()
                    && long_form_start(&inner_toks, last.bare()) == Some(0)
                    && org_like(g, &inner_toks, text)
                {
                    let name = span_text(text, &inner_toks);
                    let i = reg.add(name, last.bare(), kind_from_words(name), &country);
                    found.push(Found {
                        start: last.start,
                        end: last.end,
                        entity: i,
                    });
                    found.push(Found {
                        start: inner_toks[0].start,
                        end: inner_toks[inner_toks.len() - 1].end,
                        entity: i,
                    });
                }
                continue;
            }
            if acr.len() < 2
                || acr.len() > 12
                || !acr.chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            if let Some(st) = long_form_start(c, acr) {
                let long = &c[st..];
                let name = span_text(text, long);
                let described = indefinite(text, long[0].start) && g.body_by_acronym(acr).is_none();
                if !described && (org_like(g, long, text) || g.body_by_acronym(acr).is_some()) {
                    let i = reg.add(name, acr, kind_from_words(name), &country);
                    found.push(Found {
                        start: long[0].start,
                        end: long[long.len() - 1].end,
                        entity: i,
                    });
                    let acr_start = c[c.len() - 1].end + (after.len() - inner.len());
                    found.push(Found {
                        start: acr_start,
                        end: acr_start + close,
                        entity: i,
                    });
                    chs[ci].truncate(st);
                } else {
                    non_org_acronyms.insert(acr.to_owned());
                }
            } else if g.body_by_acronym(acr).is_none() && !org_like(g, c, text) {
                non_org_acronyms.insert(acr.to_owned());
            }
        }
        // "Long Name, ACR," appositions.
        for c in &chs {
            if c.is_empty() {
                continue;
            }
            let after = &text[c[c.len() - 1].end..s.end];
            if let Some(rest) = after.strip_prefix(", ") {
                let acr: String = rest.chars().take_while(|ch| ch.is_alphanumeric()).collect();
                let next = rest[acr.len()..].chars().next();
                if acr.len() >= 2
                    && acr.chars().all(|ch| ch.is_uppercase())
                    && matches!(next, Some(',') | Some('.') | None)
                {
                    if let Some(st) =
                        long_form_start(c, &acr).filter(|st| org_like(g, &c[*st..], text))
                    {
                        let name = span_text(text, &c[st..]);
                        let i = reg.add(name, &acr, kind_from_words(name), &country);
                        let a0 = c[c.len() - 1].end + 2;
                        found.push(Found {
                            start: c[st].start,
                            end: c[c.len() - 1].end,
                            entity: i,
                        });
                        found.push(Found {
                            start: a0,
                            end: a0 + acr.len(),
                            entity: i,
                        });
                    }
                }
            }
        }
        // Capitalised names with a head word.
        for c in &chs {
            for (part, parent_part) in split_chunk(g, text, c) {
                let Some((a, b)) = trim_name(&part) else {
                    continue;
                };
                let mut name_toks = &part[a..b];
                if gov_phrase(name_toks) || indefinite(text, name_toks[0].start) {
                    continue;
                }
                // A person's name glued after a title-led body name.
                if a > 0 && name_toks.len() > 3 {
                    if let Some(k) =
                        (name_toks.len().saturating_sub(4)..name_toks.len() - 1).find(|k| {
                            trailing_person(name_toks, *k) && org_like(g, &name_toks[..*k], text)
                        })
                    {
                        name_toks = &name_toks[..k];
                    }
                }
                // "UNODC Regional Office for ...", "(UNODC) Regional Office":
                // an office of a known body is that body here.
                if let Some(owner) = office_of(text, &reg, &found, name_toks) {
                    let start = found
                        .iter()
                        .filter(|f| f.entity == owner && f.end <= name_toks[0].start)
                        .filter(|f| {
                            text[f.end..name_toks[0].start]
                                .trim_matches([')', ' '])
                                .is_empty()
                        })
                        .map(|f| f.start)
                        .next()
                        .unwrap_or(name_toks[0].start);
                    let end = name_toks[name_toks.len() - 1].end;
                    let alias = format!(
                        "{} {}",
                        reg.entities[owner].acronym,
                        span_text(text, office_part(name_toks))
                    );
                    offices.push((owner, alias.trim().to_owned(), start, end));
                    found.push(Found {
                        start,
                        end,
                        entity: owner,
                    });
                    continue;
                }
                if !org_like(g, name_toks, text) {
                    continue;
                }
                let name = span_text(text, name_toks);
                let k = kind_from_words(name);
                let own_country = name_toks
                    .iter()
                    .find_map(|t| {
                        g.country(t.bare())
                            .or_else(|| g.country_of_demonym(t.bare()))
                    })
                    .map(|c| c.name.clone());
                let i = reg.add(name, "", k, &own_country.unwrap_or_else(|| country.clone()));
                found.push(Found {
                    start: name_toks[0].start,
                    end: name_toks[name_toks.len() - 1].end,
                    entity: i,
                });
                if let Some(pp) = parent_part {
                    let pname = span_text(text, &pp);
                    if let Some(pi) = reg.find(pname).or_else(|| {
                        org_like(g, &pp, text)
                            .then(|| reg.add(pname, "", kind_from_words(pname), &country))
                    }) {
                        parents.push((i, pi));
                        found.push(Found {
                            start: pp[0].start,
                            end: pp[pp.len() - 1].end,
                            entity: pi,
                        });
                    }
                }
            }
        }
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
                    let start = s.start + m.end() - (cand.len() + " government".len());
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
                p.agent_verbs.is_match(after)
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
        // Named bodies from the gazetteer written in any case.
        for m in p.body_names.find_iter(sent) {
            let (form, bi) = &p.body_forms[m.pattern().as_usize()];
            let bounded = crate::tokens::word_bounded(sent, m.start(), m.end());
            let cap = sent[m.start()..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if bounded && cap {
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

    // Pass 2: acronyms and short names of known bodies, country offices,
    // unknown acronyms listed beside known bodies.
    for s in sentences {
        let toks = tokenize(text, s.start, s.end);
        for (ti, t) in toks.iter().enumerate() {
            let bare = t.bare();
            if non_org_acronyms.contains(bare) {
                continue;
            }
            let known = reg.by_form.get(&norm_alias(bare)).copied().filter(|i| {
                let e = &reg.entities[*i];
                e.acronym == bare
            });
            let gaz = if known.is_none() && t.all_caps() {
                g.body_by_acronym(bare)
            } else {
                None
            };
            let shouting =
                ti > 0 && toks[ti - 1].all_caps() && toks.get(ti + 1).is_some_and(|n| n.all_caps());
            // An acronym never defined but spelled by a named body's initials.
            let spelled = if known.is_none() && gaz.is_none() && t.all_caps() && bare.len() >= 2 {
                reg.entities.iter().position(|e| {
                    e.acronym.is_empty() && {
                        let nt = tokenize(&e.name, 0, e.name.len());
                        nt.len() >= 2 && initials(&nt) == acronym_letters(bare)
                    }
                })
            } else {
                None
            };
            let i = match (known, gaz, spelled) {
                (Some(i), _, _) => i,
                (None, Some(b), _) if !shouting && !is_english_word(bare) => {
                    reg.add(&b.name, &b.acronym, b.kind, &b.country)
                }
                (None, None, Some(i)) if !shouting => {
                    reg.entities[i].acronym = bare.to_owned();
                    reg.by_form.entry(norm_alias(bare)).or_insert(i);
                    i
                }
                _ => continue,
            };
            let mut end = t.end;
            // Country offices: "IOM Pakistan", "IOM in Ghana".
            if let Some(n) = toks
                .get(ti + 1)
                .filter(|n| text[t.end..n.start].trim().is_empty())
            {
                if g.is_place(n.bare()) && !bare.ends_with("'s") && t.text == bare {
                    end = n.end;
                } else if n.text == "in" {
                    if let Some(n2) = toks.get(ti + 2).filter(|n2| g.is_place(n2.bare())) {
                        end = n2.end;
                    }
                }
            }
            if end != t.end {
                offices.push((i, text[t.start..end].to_owned(), t.start, end));
            }
            found.push(Found {
                start: t.start,
                end,
                entity: i,
            });
        }
        // Lists: "UNODC, ILO, IOM, ICMPD, and SSDO".
        let sent = &text[s.start..s.end];
        let known_in_sentence: Vec<&Found> = found
            .iter()
            .filter(|f| f.start >= s.start && f.end <= s.end)
            .collect();
        if known_in_sentence.len() >= 2 {
            for (ti, t) in toks.iter().enumerate() {
                let bare = t.bare();
                if !t.all_caps()
                    || bare.len() > 7
                    || non_org_acronyms.contains(bare)
                    || reg.find(bare).is_some()
                    || g.is_place(bare)
                {
                    continue;
                }
                let in_list = |k: usize| {
                    found
                        .iter()
                        .any(|f| f.start <= toks[k].start && toks[k].end <= f.end)
                };
                let listed = |a: usize, b: usize| {
                    let gap = text[toks[a].end..toks[b].start].trim();
                    matches!(gap, "," | "and" | ", and" | "&" | "/")
                };
                let prev = (0..ti).rev().find(|k| toks[*k].text != "and");
                let next = (ti + 1..toks.len()).find(|k| toks[*k].text != "and");
                let left = prev.is_some_and(|k| listed(k, ti) && in_list(k));
                let right = next.is_some_and(|k| listed(ti, k) && in_list(k));
                if left || right {
                    let i = reg.add(bare, bare, Kind::Other, "");
                    found.push(Found {
                        start: t.start,
                        end: t.end,
                        entity: i,
                    });
                }
            }
        }
        let _ = sent;
    }

    for (child, parent) in parents {
        if child != parent && reg.entities[child].parent.is_none() {
            reg.entities[child].parent = Some(parent);
        }
    }
    // Longest mention wins where two overlap.
    found.sort_by_key(|f| (std::cmp::Reverse(f.end - f.start), f.start));
    let mut mentions: Vec<OrgMention> = Vec::new();
    for f in found {
        if mentions
            .iter()
            .all(|m| f.end <= m.start || f.start >= m.end)
        {
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
    for (i, e) in reg.entities.iter().enumerate() {
        if mentions.iter().any(|m| m.entity == i) {
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

/// The words of an office's name from "Regional/Country Office" on.
fn office_part<'a, 'b>(toks: &'b [Token<'a>]) -> &'b [Token<'a>] {
    let k = toks
        .iter()
        .position(|t| OFFICE_WORDS.contains(&t.text))
        .unwrap_or(0);
    &toks[k..]
}

/// Words that open the name of a body's own office.
const OFFICE_WORDS: &[&str] = &[
    "Regional",
    "Country",
    "Sub-Regional",
    "Subregional",
    "Liaison",
    "Field",
    "Headquarters",
];

/// Returns the body whose office `toks` names: "UNODC Regional Office for
/// X" (a known acronym first), or "Regional Office for X" right after a
/// mention of the body ("Office on Drugs and Crime (UNODC) Regional Office").
fn office_of(text: &str, reg: &Registry<'_>, found: &[Found], toks: &[Token<'_>]) -> Option<usize> {
    let k = toks.iter().position(|t| OFFICE_WORDS.contains(&t.text))?;
    if toks
        .get(k + 1)
        .is_none_or(|t| t.text != "Office" && t.text != "Mission")
    {
        return None;
    }
    if k > 0 {
        let owner = span_text(text, &toks[..k]);
        return reg
            .find(owner)
            .or_else(|| reg.g.body_by_acronym(owner).and_then(|b| reg.find(&b.name)));
    }
    let start = toks[0].start;
    found
        .iter()
        .filter(|f| f.end <= start && text[f.end..start].trim_matches([')', ' ']).is_empty())
        .map(|f| f.entity)
        .next_back()
}

/// Returns the country that the first words of `s` name, and the byte
/// length of those words.
fn country_prefix(g: &Gazetteer, s: &str) -> Option<(String, usize)> {
    let words: Vec<&str> = s.split(' ').collect();
    for k in (1..=words.len()).rev() {
        let cand = words[..k].join(" ");
        if let Some(c) = g.country(&cand) {
            return Some((c.name.clone(), cand.len()));
        }
    }
    None
}

/// All-caps acronyms that are also common English words.
fn is_english_word(s: &str) -> bool {
    matches!(
        s,
        "WHO"
            | "IT"
            | "US"
            | "AND"
            | "OR"
            | "IN"
            | "ON"
            | "AT"
            | "TO"
            | "NO"
            | "AU"
            | "EC"
            | "DRC"
            | "IRC"
            | "NRC"
            | "CoE"
    )
}

/// Trims a chunk to the name proper: sentence openers, titles of office
/// and honorifics before it are dropped. Returns the token range.
fn trim_name(part: &[Token<'_>]) -> Option<(usize, usize)> {
    let mut a = 0;
    loop {
        let t = part.get(a)?;
        if OPENERS.contains(&t.text) || HONORIFICS.contains(&t.text) {
            a += 1;
        } else if is_title_word(t.text) {
            // "Deputy Head of the EU Delegation": skip the title and its
            // connector; a title without connector ends the name search.
            let mut k = a;
            while part
                .get(k)
                .is_some_and(|t| is_title_word(t.text) || OPENERS.contains(&t.text))
            {
                k += 1;
            }
            if part.get(k).is_some_and(|t| is_connector(t.text)) {
                while part.get(k).is_some_and(|t| is_connector(t.text)) {
                    k += 1;
                }
                a = k;
            } else {
                return None;
            }
        } else {
            break;
        }
    }
    let mut b = part.len();
    while b > a && is_connector(part[b - 1].text) {
        b -= 1;
    }
    (b > a).then_some((a, b))
}

type Part<'a> = (Vec<Token<'a>>, Option<Vec<Token<'a>>>);

/// Splits a chunk at possessives ("FIA's Anti-Human Smuggling Wing"), at
/// "and" between two names, and at "of (the)" between a unit and the body
/// it belongs to. Returns each part with the part it belongs to.
fn split_chunk<'a>(g: &Gazetteer, text: &str, c: &[Token<'a>]) -> Vec<Part<'a>> {
    // "X and Y" where both are names.
    for (k, t) in c.iter().enumerate() {
        if t.text == "and" && k > 0 && k + 1 < c.len() {
            let left = &c[..k];
            let mut r0 = k + 1;
            if c[r0].text == "the" {
                r0 += 1;
            }
            let right = &c[r0..];
            let side = |x: &[Token<'_>]| {
                org_like(g, x, text) || x.first().is_some_and(|t| t.all_caps()) || gov_phrase(x)
            };
            let tail =
                |x: &[Token<'_>]| x.first().is_some_and(|t| is_title_word(t.text)) || side(x);
            let named = |x: &[Token<'_>]| org_like(g, x, text) || gov_phrase(x);
            if side(left) && tail(right) && (named(left) || named(right))
                || tail(left) && side(right) && named(right)
            {
                let mut out = split_chunk(g, text, left);
                out.extend(split_chunk(g, text, right));
                return out;
            }
        }
    }
    // Possessive: the token ending in 's closes the owner.
    if let Some(k) = c.iter().position(|t| t.text.ends_with("'s")) {
        if k + 1 < c.len() {
            let owner = c[..=k].to_vec();
            let rest = c[k + 1..].to_vec();
            let last = owner[owner.len() - 1].bare();
            let proper = owner[owner.len() - 1].all_caps() || is_head(last) || g.is_place(last);
            if !proper {
                return vec![(c.to_vec(), None)];
            }
            let owner_is_org = org_like(g, &owner, text) || owner.iter().all(|t| t.all_caps());
            let mut out = split_chunk(g, text, &rest);
            for p in &mut out {
                if p.1.is_none() && owner_is_org {
                    p.1 = Some(owner.clone());
                }
            }
            if owner_is_org {
                out.push((owner, None));
            }
            return out;
        }
    }
    // "Unit of the Police Service": a unit of a body.
    for (k, t) in c.iter().enumerate() {
        if t.text == "of" && k > 0 && is_head(c[k - 1].text) {
            let mut r0 = k + 1;
            if c.get(r0).is_some_and(|t| t.text == "the") {
                r0 += 1;
            }
            let right = &c[r0..];
            if right.len() >= 2 && org_like(g, right, text) && right.iter().any(|t| is_head(t.text))
            {
                return vec![
                    (c[..k].to_vec(), Some(right.to_vec())),
                    (right.to_vec(), None),
                ];
            }
        }
    }
    vec![(c.to_vec(), None)]
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
