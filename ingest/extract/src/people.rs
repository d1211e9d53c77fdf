//! Stage 6: people. A name is two to four capitalised words that are not
//! part of an organisation, place or title. It is recognised after an
//! honorific ("Ms.", "Rev"), after a title of office ("Ambassador Lis
//! Rosenholm", "Foreign Minister X"), before a title ("X, Chief of
//! Mission, IOM Pakistan"), beside a verb of speech ("said X"), and as
//! a line of a contact block. The organisation a person acts for comes
//! from their title (an organisation named in it, a demonym's
//! government, the ministry a minister's title names) or, failing that,
//! the nearest organisation before them.

use std::collections::HashMap;

use tipwatch_proto::names::norm_alias;
use tipwatch_proto::pb::OrganisationKind as Kind;

use crate::clean::{Line, LineKind};
use crate::gazetteer;
use crate::orgs::Orgs;
use crate::sentences::Sentence;
use crate::tokens::{
    is_connector, is_head, is_title_word as base_title_word, tokenize, Token, HONORIFICS,
};

/// A person found in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonFound {
    /// Full name as written, without honorific.
    pub name: String,
    /// Role, as written.
    pub title: String,
    /// Index of the organisation they act for.
    pub organisation: Option<usize>,
    /// Byte spans of the mentions.
    pub spans: Vec<(usize, usize)>,
    /// Government countries to create for demonym titles ("Danish ambassador").
    pub government_of: Option<String>,
}

const NOT_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "And",
    "Of",
    "In",
    "On",
    "At",
    "For",
    "By",
    "With",
    "From",
    "To",
    "His",
    "Her",
    "Their",
    "Its",
    "Excellency",
    "Government",
    "Minister",
    "Ministry",
    "President",
    "Republic",
    "State",
    "States",
    "United",
    "National",
    "International",
    "Federal",
    "Regional",
    "Office",
    "Director",
    "General",
    "Asia",
    "Africa",
    "Europe",
    "America",
    "Americas",
    "Pacific",
    "Caribbean",
    "Middle",
    "East",
    "West",
    "North",
    "South",
    "Central",
    "Union",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
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
    "Mediterranean",
    "Sahara",
    "Desert",
    "Sea",
    "Ocean",
    "River",
    "Lake",
    "Province",
    "County",
    "District",
    "City",
    "Region",
    "Email",
    "Tel",
    "Phone",
    "Fax",
    "Press",
    "Release",
    "News",
    "Media",
    "Contact",
    "Update",
    "Photo",
    "Embassy",
    "Agency",
    "Human",
    "Rights",
    "Trafficking",
    "Smuggling",
    "Migration",
    "Migrants",
    "Migrant",
    "Persons",
    "Victims",
    "Police",
    "Programme",
    "Program",
    "Project",
    "Plan",
    "Action",
    "Report",
    "Section",
    "Branch",
    "Division",
    "Unit",
    "Wing",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Rev",
    "Said",
    "Also",
    "However",
    "Today",
    "He",
    "She",
    "They",
    "We",
    "It",
    "This",
    "That",
    "Mission",
    "Chief",
    "Deputy",
    "Head",
    "Foreign",
    "Affairs",
    "Interior",
    "Security",
    "Development",
    "Global",
    "UN",
    "EU",
    "Global",
    "Country",
    "Anti",
    "Social",
    "Welfare",
    "Justice",
    "Crime",
    "Law",
    "Council",
    "Commission",
    "Organization",
    "Organisation",
    "Department",
    "Secretary",
    "Ambassador",
    "Coordinator",
    "Officer",
    "Adviser",
];

const SPEECH: &[&str] = &[
    "said",
    "says",
    "added",
    "noted",
    "stated",
    "explained",
    "emphasized",
    "emphasised",
    "stressed",
    "highlighted",
    "commented",
    "remarked",
    "announced",
    "told",
    "urged",
    "thanked",
    "commended",
    "expressed",
    "underscored",
    "welcomed",
    "declared",
    "observed",
    "affirmed",
    "pointed",
    "shared",
    "opened",
    "signed",
    "met",
    "delivered",
];

/// True when the word opens or makes a title of office: the shared list
/// and the packaged role words of `data/titles.tsv`.
fn is_title_word(w: &str) -> bool {
    let g = gazetteer::get();
    base_title_word(w)
        || g.is_role_word(w)
        || w.strip_suffix('s')
            .is_some_and(|x| x.len() > 3 && (base_title_word(x) || g.is_role_word(x)))
}

/// True when the word is an honorific, rank or form of address written
/// before a name ("Mr", "Col", "Honourable").
fn honorific(w: &str) -> bool {
    HONORIFICS.contains(&w) || gazetteer::get().is_rank(w)
}

fn name_token(t: &Token<'_>) -> bool {
    let w = t.bare();
    let first = w.chars().next();
    let initial =
        w.len() <= 2 && first.is_some_and(char::is_uppercase) && (w.len() == 1 || w.ends_with('.'));
    let caps_surname = t.all_caps() && w.len() >= 3 && w.chars().count() <= 14;
    let word = first.is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.');
    let abstract_noun = [
        "ity", "tion", "ment", "ance", "ence", "ness", "ship", "ism", "ings", "ies", "ure", "ogy",
    ]
    .iter()
    .any(|s| w.len() > 5 && w.ends_with(s));
    (word || initial || caps_surname)
        && !NOT_NAME.contains(&w)
        && !is_head(w)
        && !is_title_word(w)
        && !is_connector(w)
        && !abstract_noun
        && !honorific(t.text)
        && !demonym_plural(w)
}

/// "Italians", "Danes": people of a country, not a name.
fn demonym_plural(w: &str) -> bool {
    let g = gazetteer::get();
    w.strip_suffix('s')
        .is_some_and(|d| g.country_of_demonym(d).is_some())
        || g.country_of_demonym(w).is_some() && w.ends_with('s')
}

/// Finds people in the sentences and contact lines of a document.
pub fn recognise(
    text: &str,
    sentences: &[Sentence],
    lines: &[Line],
    orgs: &Orgs,
) -> Vec<PersonFound> {
    let g = gazetteer::get();
    let in_org = |t: &Token<'_>| {
        orgs.mentions
            .iter()
            .any(|m| t.start < m.end && t.end > m.start)
    };
    let is_place = |t: &Token<'_>| g.is_place(t.bare()) || g.country_of_demonym(t.bare()).is_some();
    let mut found: Vec<PersonFound> = Vec::new();

    for s in sentences {
        let line = lines[s.line];
        let toks = tokenize(text, s.start, s.end);
        let ok = |i: usize| {
            toks.get(i)
                .is_some_and(|t| name_token(t) && !in_org(t) && !is_place(t))
        };
        let mut i = 0;
        let mut list_end: Option<usize> = None;
        while i < toks.len() {
            // A run starts at a name word not glued to a name word before it.
            if !ok(i)
                || i > 0 && ok(i - 1) && text[toks[i - 1].end..toks[i].start].trim().is_empty()
            {
                i += 1;
                continue;
            }
            // A run of name tokens with nothing but spaces between them.
            let mut j = i + 1;
            while j < toks.len()
                && ok(j)
                && {
                    // Only spaces between names, or the dot of an initial.
                    let gap = text[toks[j - 1].end..toks[j].start].trim();
                    gap.is_empty() || gap == "." && toks[j - 1].text.chars().count() == 1
                }
                && j - i < 4
            {
                j += 1;
            }
            let run = &toks[i..j];
            let real_words = run
                .iter()
                .filter(|t| t.bare().len() > 2 || !t.bare().ends_with('.'))
                .count();
            let prev = i.checked_sub(1).map(|k| toks[k]);
            let gap_before = prev
                .map(|p| text[p.end..toks[i].start].to_owned())
                .unwrap_or_default();
            let next = toks.get(j);
            let gap_after = next
                .map(|n| text[toks[j - 1].end..n.start].to_owned())
                .unwrap_or_default();
            let honorific =
                prev.is_some_and(|p| honorific(p.text) || honorific(&format!("{}.", p.text)));
            // A title right before the name, perhaps with its body and
            // place ("Deputy Minister of Interior Rovena Voda").
            let portfolio: bool;
            let title_chain = {
                let mut k = i;
                let mut hit = false;
                while k > 0 && i - k < 8 {
                    let p = toks[k - 1];
                    let glued = text[p.end..toks[k].start].trim().is_empty();
                    if !glued
                        || !(p.capitalised()
                            || is_connector(p.text)
                            || in_org(&p)
                            || is_title_word(p.text))
                    {
                        break;
                    }
                    if is_title_word(p.text) {
                        hit = true;
                        break;
                    }
                    k -= 1;
                }
                // "Minister for Safeguarding Jane Roe": the word right after
                // "for" names the portfolio, not the person.
                portfolio = hit && i > 0 && toks[i - 1].text == "for";
                hit
            };
            let after_title = title_chain && gap_before.trim().is_empty();
            // "A charge d'affaires of the embassy, Julie Roe, said".
            let appositive = gap_before.trim() == ","
                && (next.is_none() || matches!(gap_after.trim(), "," | "." | ")"))
                && {
                    let seg_end = prev.map_or(s.start, |p| p.end);
                    // "Chief of Mission, IOM Zambia, Lusaka, Jane Roe": the
                    // title up to three short segments back.
                    let seg = &text[s.start..seg_end];
                    let titled = |p: &str| {
                        p.split_whitespace()
                            .any(|w| is_title_word(w.trim_matches(|c: char| !c.is_alphanumeric())))
                    };
                    let mut hit = false;
                    for (k, p) in seg.rsplit([',', '"', ';']).take(4).enumerate() {
                        if titled(p) {
                            hit = true;
                            break;
                        }
                        let short = p.split_whitespace().count() <= 5;
                        let capital = p.trim_start().starts_with(char::is_uppercase);
                        if k == 3 || !short || !capital {
                            break;
                        }
                    }
                    hit
                };
            // "Mona Roe from the Radio Network commented".
            let from_org = next.is_some_and(|n| {
                matches!(n.text, "from" | "of" | "at") && gap_after.trim().is_empty()
            }) && toks.get(j + 1).is_some_and(|n| {
                in_org(n) || n.text == "the" && toks.get(j + 2).is_some_and(&in_org)
            });
            let title_after = gap_after.trim() == ","
                && next.is_some_and(|n| {
                    is_title_word(n.text)
                        || in_org(n)
                        // "Jane Roe, the (team) leader of ...": a title
                        // within the next words.
                        || n.text == "the"
                            && toks
                                .iter()
                                .skip(j + 1)
                                .take(2)
                                .any(|m| is_title_word(m.text))
                });
            let speech = next
                .is_some_and(|n| SPEECH.contains(&n.text) && gap_after.trim().is_empty())
                || prev.is_some_and(|p| SPEECH.contains(&p.text) && gap_before.trim().is_empty());
            let contact_line = line.kind == LineKind::Contact && i == 0;
            if line.kind == LineKind::Title && !honorific {
                i = j;
                continue;
            }
            let caps_tail = run.iter().any(|t| t.all_caps());
            let plausible = real_words >= 2 && (!caps_tail || contact_line || honorific);
            // "directors Peter Banda, John Phiri and Grace Zulu": names
            // listed after one found in this sentence.
            let listed = list_end.is_some_and(|e: usize| {
                e <= toks[i].start
                    && matches!(text[e..toks[i].start].trim(), "," | "and" | ", and" | "&")
            });
            if plausible
                && (listed
                    || honorific
                    || after_title
                    || title_after
                    || speech
                    || contact_line
                    || appositive
                    || from_org)
            {
                let run = if portfolio && after_title && run.len() >= 3 {
                    &run[1..]
                } else {
                    run
                };
                let name = clean_name(&text[run[0].start..run[run.len() - 1].end]);
                let mut title = title_of(text, s, &toks, i, j, contact_line, lines, orgs);
                if listed && title.0.is_empty() {
                    if let Some(p) = found.last() {
                        title = (p.title.clone(), p.organisation, p.government_of.clone());
                    }
                }
                list_end = Some(run[run.len() - 1].end);
                found.push(PersonFound {
                    name,
                    title: title.0,
                    organisation: title.1,
                    spans: vec![(run[0].start, run[run.len() - 1].end)],
                    government_of: title.2,
                });
            }
            i = j;
        }
    }

    // One record per person: merge by normalised name, and a surname alone
    // ("Mr. Ugolor") joins the full name.
    let mut merged: Vec<PersonFound> = Vec::new();
    for p in found {
        let key = norm_alias(&p.name);
        let hit = merged.iter().position(|q| {
            let qk = norm_alias(&q.name);
            qk == key || qk.ends_with(&format!(" {key}")) || key.ends_with(&format!(" {qk}"))
        });
        match hit {
            Some(k) => {
                let q = &mut merged[k];
                if p.name.len() > q.name.len() {
                    q.name = p.name.clone();
                }
                if q.title.is_empty() {
                    q.title = p.title.clone();
                }
                if q.organisation.is_none() {
                    q.organisation = p.organisation;
                }
                if q.government_of.is_none() {
                    q.government_of = p.government_of.clone();
                }
                q.spans.extend(p.spans);
            }
            None => merged.push(p),
        }
    }
    merged.retain(|p| p.name.split_whitespace().count() >= 2);
    merged
}

/// "ROMA" → "Roma"; honorifics and "(Mr.)" dropped.
fn clean_name(s: &str) -> String {
    s.split_whitespace()
        .filter(|w| !honorific(w))
        .map(|w| {
            if w.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && w.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
            {
                let mut c = w.chars();
                let f = c.next().expect("non-empty");
                f.to_string() + &c.as_str().to_lowercase()
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Returns the title, the organisation and a government country for the
/// person whose name is `toks[i..j]`.
#[allow(clippy::too_many_arguments)]
fn title_of(
    text: &str,
    s: &Sentence,
    toks: &[Token<'_>],
    i: usize,
    j: usize,
    contact_line: bool,
    lines: &[Line],
    orgs: &Orgs,
) -> (String, Option<usize>, Option<String>) {
    let g = gazetteer::get();
    let name_start = toks[i].start;
    let name_end = toks[j - 1].end;
    // Title after the name: ", Title[, Org]" up to a verb, quote or end.
    let after = &text[name_end..s.end];
    let mut title = String::new();
    let mut span = (name_end, name_end);
    if let Some(rest) = after.strip_prefix(", ") {
        let stop = rest.find(['"', ';', ':']).unwrap_or(rest.len());
        let mut segment = &rest[..stop];
        for verb in [
            " said",
            " says",
            " has ",
            " had ",
            " who ",
            " highlight",
            " comment",
            " state",
            " note",
            " delivered",
            " emphasi",
            " added",
            " told",
            " expressed",
            " was ",
            " is ",
            " will ",
            " signed",
            " commended",
            " spoke",
            " stress",
            " explain",
            " shared",
            " underlin",
            " pointed",
            " thanked",
            " welcomed",
            " opened",
            " at a ",
            " during ",
        ] {
            if let Some(k) = segment.find(verb) {
                segment = &segment[..k];
            }
        }
        let segment = segment.trim_end_matches([',', ' ', '.']);
        let first_word = segment.split_whitespace().next().unwrap_or("");
        let opens_title = is_title_word(first_word)
            || gazetteer::get()
                .country(first_word.trim_end_matches("'s"))
                .is_some()
            || first_word == "the"
            || orgs.mentions.iter().any(|m| m.start == name_end + 2);
        // A long role is cut at a word boundary; its bodies come first.
        let mut segment = segment;
        if segment.len() > 160 {
            let cut = crate::tokens::prefix_at_most(segment, 160)
                .rfind(' ')
                .unwrap_or(0);
            segment = &segment[..cut];
        }
        if opens_title && !segment.is_empty() {
            title = segment.trim_start_matches("the ").to_owned();
            span = (name_end + 2, name_end + 2 + segment.len());
        }
    }
    // Title before the name: the words back to a comma or sentence start.
    if title.is_empty() {
        let before = &text[s.start..name_start];
        let before = before.trim_end_matches([' ', ',']);
        let from = before.rfind([',', '"', '(', ';']).map_or(0, |k| k + 1);
        let mut seg = before[from..].trim();
        for cut in [
            " and ",
            " by ",
            " with ",
            " hosted ",
            " met ",
            " invited ",
            " said ",
            " that ",
        ] {
            if let Some(k) = seg.rfind(cut) {
                let rest = &seg[k + cut.len()..];
                if rest.split_whitespace().any(is_title_word) {
                    seg = rest;
                }
            }
        }
        let seg = seg.trim_start_matches("said ").trim_start_matches("says ");
        let seg = seg
            .trim_start_matches("the ")
            .trim_start_matches("The ")
            .trim_start_matches("A ")
            .trim_start_matches("a ");
        let seg = if seg.starts_with("His Excellency") || seg.starts_with("Her Excellency") {
            ""
        } else {
            seg
        };
        if seg.split_whitespace().any(is_title_word) && seg.len() < 160 {
            title = seg.to_owned();
            let st = s.start + before.len() - seg.len();
            span = (st, st + seg.len());
        } else if seg.is_empty() || seg.starts_with("His Excellency") {
            // "The Swiss Ambassador to Nigeria, His Excellency, Mr. X".
            let earlier = &text[s.start..name_start];
            if let Some(pos) = earlier.find(',') {
                let cand = earlier[..pos]
                    .trim()
                    .trim_start_matches("The ")
                    .trim_start_matches("the ");
                if cand.split_whitespace().any(is_title_word) && cand.len() < 120 {
                    title = cand.to_owned();
                    let st = s.start + earlier[..pos].len() - cand.len();
                    span = (st, st + cand.len());
                }
            }
        }
    }
    // Contact lines: the next lines hold the role and the office.
    let mut org = None;
    if contact_line {
        let li = s.line;
        for l in lines.iter().skip(li + 1).take(4) {
            if l.kind != LineKind::Contact {
                break;
            }
            let t = &text[l.start..l.end];
            if let Some(domain) = t.split('@').nth(1) {
                let label = domain.split(['.', ' ']).next().unwrap_or("");
                if let Some(k) = orgs
                    .entities
                    .iter()
                    .position(|e| !e.acronym.is_empty() && e.acronym.eq_ignore_ascii_case(label))
                {
                    org = Some(k);
                    break;
                }
                continue;
            }
            if let Some(m) = orgs.within(l.start, l.end).next() {
                org = Some(m.entity);
                if title.is_empty() && t.split_whitespace().any(is_title_word) {
                    title = t.split(',').next().unwrap_or(t).trim().to_owned();
                }
                break;
            }
            if title.is_empty() && t.split_whitespace().any(is_title_word) {
                title = t.split(',').next().unwrap_or(t).trim().to_owned();
            }
        }
    }
    // The organisation named in the title, its parent where it is a unit.
    let mut gov = None;
    if org.is_none() {
        // "Director of the State Department's Office to ...": the last body
        // the role names is the one the person works for.
        org = orgs.within(span.0, span.1).map(|m| m.entity).last();
    }
    let title_words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
    if org.is_none() {
        if let Some(c) = title_words
            .iter()
            .find_map(|w| g.country_of_demonym(w).or_else(|| g.country(w)))
        {
            match orgs.government_of(&c.name) {
                Some(i) => org = Some(i),
                None => gov = Some(c.name.clone()),
            }
        }
    }
    if org.is_none() && !title.is_empty() {
        // "Minister of Social Welfare" acts for the "Ministry of Social Welfare".
        let keywords: Vec<&str> = title_words
            .iter()
            .copied()
            .filter(|w| {
                w.len() > 3 && w.chars().next().is_some_and(char::is_uppercase) && !is_title_word(w)
            })
            .collect();
        org = orgs.entities.iter().position(|e| {
            !keywords.is_empty()
                && matches!(e.kind, Kind::GovernmentBody)
                && keywords.iter().all(|k| e.name.contains(k))
        });
    }
    if org.is_none() {
        // The nearest organisation mentioned before the name in the sentence,
        // else right after it.
        org = orgs
            .within(s.start, name_start)
            .last()
            .or_else(|| orgs.within(name_end, s.end).next())
            .map(|m| m.entity);
        let ministerial = title_words.iter().any(|w| {
            matches!(
                *w,
                "Minister" | "minister" | "Ambassador" | "ambassador" | "Secretary"
            )
        });
        // An ambassador acts for the government whose embassy the story names.
        let envoy = title_words
            .iter()
            .any(|w| w.eq_ignore_ascii_case("ambassador") || w.eq_ignore_ascii_case("affaires"));
        let embassy_country = orgs
            .entities
            .iter()
            .filter(|e| e.name.contains("Embassy"))
            .find_map(|e| {
                e.name.split_whitespace().find_map(|w| {
                    g.country(w.trim_end_matches("'s"))
                        .or_else(|| g.country_of_demonym(w))
                })
            })
            .map(|c| c.name.clone());
        if let (true, Some(country)) = (envoy, embassy_country) {
            match orgs.government_of(&country) {
                Some(i) => org = Some(i),
                None => {
                    org = None;
                    gov = Some(country);
                }
            }
        } else if ministerial {
            let govs: Vec<usize> = orgs
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == Kind::Government)
                .map(|(k, _)| k)
                .collect();
            let body_before = orgs
                .mentions
                .iter()
                .rfind(|m| {
                    m.end <= name_start
                        && matches!(
                            orgs.entities[m.entity].kind,
                            Kind::GovernmentBody | Kind::Government
                        )
                })
                .map(|m| m.entity);
            org = body_before.or(if govs.len() == 1 { Some(govs[0]) } else { org });
        }
    }
    // Staff of a wing or office act for the parent body.
    if let Some(o) = org {
        if let Some(p) = orgs.entities[o].parent {
            org = Some(p);
        }
    }
    (clean_title(&title, orgs, span.0), org, gov)
}

/// Keeps the role only: organisation names and "in <Place>" dropped from
/// the ends ("IOM Chief of Mission in Pakistan" → "Chief of Mission").
fn clean_title(title: &str, _orgs: &Orgs, _at: usize) -> String {
    let g = gazetteer::get();
    let mut words: Vec<&str> = title.split_whitespace().collect();
    while words.first().is_some_and(|w| {
        !is_title_word(w)
            && (g.country_of_demonym(w).is_some()
                || w.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase))
    }) {
        words.remove(0);
    }
    if let Some(k) = words.iter().position(|w| *w == "in" || *w == "at") {
        if k > 0 {
            words.truncate(k);
        }
    }
    let t = words.join(" ");
    let t = t.trim_end_matches([',', '.']).to_owned();
    let mut chars = t.chars();
    match chars.next() {
        Some(c) if t.split_whitespace().next().is_some_and(is_title_word) => {
            c.to_uppercase().chain(chars).collect()
        }
        _ => t,
    }
}

/// Maps a person's key to their index, for events that list people.
pub fn index(people: &[PersonFound]) -> HashMap<String, usize> {
    people
        .iter()
        .enumerate()
        .map(|(i, p)| (norm_alias(&p.name), i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean, orgs, sentences};

    fn run(text: &str) -> (Vec<PersonFound>, Orgs) {
        let c = clean::clean(text);
        let spans: Vec<(usize, usize)> = c.lines.iter().map(|l| (l.start, l.end)).collect();
        let s = sentences::split(&c.text, &spans);
        let o = orgs::recognise(&c.text, &s, &|_| String::new());
        (recognise(&c.text, &s, &c.lines, &o), o)
    }

    #[test]
    fn titles_before_and_after_names() {
        let (p, o) = run("Speaking at the event, Ambassador Jane Doe said the grant matters. \"It works,\" said Ali Khan, UNHCR Representative in Kenya, on the day.");
        let names: Vec<&str> = p.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, vec!["Jane Doe", "Ali Khan"]);
        assert_eq!(p[1].title, "Representative");
        assert_eq!(o.entities[p[1].organisation.unwrap()].acronym, "UNHCR");
    }

    #[test]
    fn honorifics_demonyms_and_contacts() {
        let (p, _) = run("The statement was signed by the Rev John Okafor of the group and the Danish ambassador Mette Hansen on Monday at the office.\n\
            For more information, please contact:\nAmina Yusuf\nCommunications Officer\nUNICEF\n");
        let names: Vec<&str> = p.iter().map(|x| x.name.as_str()).collect();
        assert!(names.contains(&"John Okafor"), "{names:?}");
        let mette = p.iter().find(|x| x.name == "Mette Hansen").unwrap();
        assert_eq!(mette.government_of.as_deref(), Some("Denmark"));
        let amina = p.iter().find(|x| x.name == "Amina Yusuf").unwrap();
        assert_eq!(amina.title, "Communications Officer");
        assert!(amina.organisation.is_some());
    }

    #[test]
    fn places_and_organisations_are_not_people() {
        let (p, _) =
            run("The Ministry of Health said on Monday that Addis Ababa and Costa Rica agreed.");
        assert!(p.is_empty(), "{p:?}");
    }
}
