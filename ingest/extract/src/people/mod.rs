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

use crate::clean::{Line, LineKind};
use crate::gazetteer;
use crate::orgs::Orgs;
use crate::sentences::Sentence;
use crate::tokens::{is_connector, tokenize, Token};

mod title;
mod words;

use title::title_of;
use words::{honorific, is_title_word, name_token, SPEECH};

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

/// Finds people in the sentences and contact lines of a document.
pub fn recognise(
    text: &str,
    sentences: &[Sentence],
    lines: &[Line],
    orgs: &Orgs,
) -> Vec<PersonFound> {
    let g = gazetteer::get();
    // Mentions are sorted by start; with the furthest end of each prefix,
    // "does any mention overlap this token" is one binary search.
    let reach: Vec<usize> = orgs
        .mentions
        .iter()
        .scan(0, |far, m| {
            *far = m.end.max(*far);
            Some(*far)
        })
        .collect();
    let in_org = |t: &Token<'_>| {
        let k = orgs.mentions.partition_point(|m| m.start < t.end);
        k > 0 && reach[k - 1] > t.start
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
