//! Stage 10: the recognisers' results become one `Extraction`, every
//! record carrying evidence (character span and sentence) in the cleaned
//! text that the extraction also carries.

use std::collections::HashMap;

use tipwatch_proto::pb;

use crate::clean::{Cleaned, LineKind};
use crate::dates::PDate;
use crate::money::{self, MoneyContext};
use crate::orgs::Orgs;
use crate::sentences::{self, Sentence};
use crate::{events, flows, people};

/// Most evidence spans emitted for one organisation.
const MAX_ORG_EVIDENCE: usize = 8;

/// Byte offsets to character offsets.
struct CharIndex(Vec<u32>);

impl CharIndex {
    fn new(text: &str) -> Self {
        let mut v = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (i, c) in text.char_indices() {
            for k in 0..c.len_utf8() {
                v[i + k] = n;
            }
            n += 1;
        }
        v[text.len()] = n;
        Self(v)
    }

    fn at(&self, byte: usize) -> u32 {
        self.0.get(byte).copied().unwrap_or(0)
    }
}

fn date(d: Option<PDate>) -> Option<pb::Date> {
    d.filter(|d| d.year > 0).map(|d| pb::Date {
        year: d.year,
        month: d.month as i32,
        day: d.day as i32,
    })
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
        if out.len() > 60 {
            break;
        }
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

/// Assembles the extraction of a cleaned document.
pub(crate) fn assemble(c: &Cleaned, source: &str, sha: &str) -> pb::Extraction {
    let text = &c.text;
    let spans: Vec<(usize, usize)> = c.lines.iter().map(|l| (l.start, l.end)).collect();
    let sents: Vec<Sentence> = sentences::split(text, &spans);
    // Stories are sorted by start: the last one starting at or before.
    let story_of = |off: usize| {
        c.stories
            .partition_point(|s| s.start <= off)
            .saturating_sub(1)
    };
    let story_country = |off: usize| {
        c.stories[story_of(off)]
            .dateline
            .as_ref()
            .map(|d| d.country.clone())
            .unwrap_or_default()
    };
    let mut orgs: Orgs = crate::orgs::recognise(text, &sents, &story_country);
    let mut found_people = people::recognise(text, &sents, &c.lines, &orgs);
    // Ambassadors and ministers named by demonym act for their government.
    for p in &mut found_people {
        if let (None, Some(country)) = (p.organisation, p.government_of.clone()) {
            let i = orgs.government_or_new(&country);
            p.organisation = Some(i);
        }
    }
    let lower = text.to_lowercase();
    let ctx = MoneyContext {
        country: story_country(0),
        nigerian: lower.contains("nigeria") || lower.contains("naira"),
        south_african: lower.contains("south africa") || lower.contains(" rand"),
    };
    let money = money::find(text, &ctx);
    let title_orgs: Vec<Vec<usize>> = c
        .stories
        .iter()
        .map(|st| {
            // Lines are sorted: from the story's first line to its end.
            let first = c.lines.partition_point(|l| l.start < st.start);
            c.lines[first..]
                .iter()
                .take_while(|l| l.end <= st.end || st.end <= st.start)
                .filter(|l| l.kind == LineKind::Title)
                .flat_map(|l| {
                    orgs.within(l.start, l.end)
                        .map(|m| m.entity)
                        .collect::<Vec<_>>()
                })
                .collect()
        })
        .collect();
    let found_flows = flows::find(text, &sents, &story_of, &title_orgs, &mut orgs, &money);
    let found_events = events::find(c, &sents, &orgs, &story_of);

    let ci = CharIndex::new(text);
    let sentence_of = |off: usize| {
        // Sentences are sorted by start: the last one starting at or before.
        let k = sents.partition_point(|s| s.start <= off);
        k.checked_sub(1)
            .map(|k| &sents[k])
            .filter(|s| off < s.end.max(s.start + 1))
    };
    let evidence = |start: usize, end: usize| -> pb::Evidence {
        let sentence = sentence_of(start)
            .map(|s| text[s.start..s.end].to_owned())
            .unwrap_or_default();
        pb::Evidence {
            document: String::new(),
            start: ci.at(start),
            end: ci.at(end),
            sentence,
        }
    };

    // Organisations: local ids from their names.
    let mut ids: Vec<String> = Vec::new();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for e in &orgs.entities {
        let base = slug(if e.acronym.is_empty() {
            &e.name
        } else {
            &e.acronym
        });
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        ids.push(if *n == 1 {
            format!("organisations/{base}")
        } else {
            format!("organisations/{base}-{n}")
        });
    }
    // One pass over mentions, people and flows: which bodies are named,
    // and each body's first evidence spans.
    let mut mentioned = vec![false; orgs.entities.len()];
    let mut org_spans: Vec<Vec<(usize, usize)>> = vec![Vec::new(); orgs.entities.len()];
    for m in &orgs.mentions {
        if let Some(spans) = org_spans.get_mut(m.entity) {
            mentioned[m.entity] = true;
            if spans.len() < MAX_ORG_EVIDENCE {
                spans.push((m.start, m.end));
            }
        }
    }
    let named = found_people
        .iter()
        .filter_map(|p| p.organisation)
        .chain(found_flows.iter().flat_map(|f| [f.funder, f.recipient]));
    for i in named {
        if let Some(m) = mentioned.get_mut(i) {
            *m = true;
        }
    }
    let organisations: Vec<pb::Organisation> = orgs
        .entities
        .iter()
        .enumerate()
        .filter(|(i, _)| mentioned[*i])
        .map(|(i, e)| pb::Organisation {
            id: ids[i].clone(),
            name: e.name.clone(),
            acronym: e.acronym.clone(),
            aliases: e.aliases.clone(),
            kind: e.kind as i32,
            country: e.country.clone(),
            parent: e.parent.map(|p| ids[p].clone()).unwrap_or_default(),
            documents: Vec::new(),
            merges: Vec::new(),
            evidence: org_spans[i].iter().map(|(a, b)| evidence(*a, *b)).collect(),
        })
        .collect();

    let offices: Vec<pb::Organisation> = orgs
        .offices
        .iter()
        .filter(|o| mentioned[o.parent])
        .map(|o| pb::Organisation {
            id: format!("organisations/{}", slug(&o.name)),
            name: o.name.clone(),
            kind: orgs.entities[o.parent].kind as i32,
            country: o.country.clone(),
            parent: ids[o.parent].clone(),
            evidence: o
                .spans
                .iter()
                .take(MAX_ORG_EVIDENCE)
                .map(|(a, b)| evidence(*a, *b))
                .collect(),
            ..Default::default()
        })
        .collect();
    let person_ids: Vec<String> = found_people
        .iter()
        .map(|p| format!("people/{}", slug(&p.name)))
        .collect();
    let people: Vec<pb::Person> = found_people
        .iter()
        .enumerate()
        .map(|(i, p)| pb::Person {
            id: person_ids[i].clone(),
            name: p.name.clone(),
            title: p.title.clone(),
            organisation: p.organisation.map(|o| ids[o].clone()).unwrap_or_default(),
            documents: Vec::new(),
            merges: Vec::new(),
            evidence: p.spans.iter().map(|(a, b)| evidence(*a, *b)).collect(),
        })
        .collect();

    // The first dated event reported by each sentence.
    let mut event_date: HashMap<usize, PDate> = HashMap::new();
    for e in &found_events {
        if let Some(d) = e.date {
            for k in &e.sentences {
                event_date.entry(*k).or_insert(d);
            }
        }
    }
    // The people each sentence names, in order.
    let mut people_in: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in found_people.iter().enumerate() {
        for (a, _) in &p.spans {
            let k = sents.partition_point(|s| s.start <= *a);
            if let Some(k) = k.checked_sub(1).filter(|k| *a < sents[*k].end) {
                let here = people_in.entry(k).or_default();
                if here.last() != Some(&i) {
                    here.push(i);
                }
            }
        }
    }

    let funding_flows: Vec<pb::FundingFlow> = found_flows
        .iter()
        .map(|f| {
            let s = sents[f.sentence];
            let amount = f.amount.map(|a| &money[a].amount);
            pb::FundingFlow {
                id: String::new(),
                funder: ids[f.funder].clone(),
                recipient: ids[f.recipient].clone(),
                amount: amount.map(|a| pb::Money {
                    currency_code: a.currency.clone(),
                    units: a.units,
                    nanos: a.nanos,
                }),
                amount_upper: amount
                    .and_then(|a| a.upper)
                    .map(|(units, nanos)| pb::Money {
                        currency_code: amount.map(|a| a.currency.clone()).unwrap_or_default(),
                        units,
                        nanos,
                    }),
                status: f.status as i32,
                // The date of the signing the sentence reports, else the story's.
                date: date(
                    event_date
                        .get(&f.sentence)
                        .copied()
                        .or(c.stories[story_of(s.start)].date),
                ),
                purpose: String::new(),
                documents: Vec::new(),
                merges: Vec::new(),
                // Offices acting for a party are the store's to link.
                funder_office: String::new(),
                recipient_office: String::new(),
                evidence: vec![match f.amount {
                    Some(a) => evidence(money[a].start, money[a].end),
                    None => evidence(s.start, s.end),
                }],
            }
        })
        .collect();

    let events: Vec<pb::Event> = found_events
        .iter()
        .map(|e| {
            let first = sents[e.sentences[0]];
            let mut here: Vec<usize> = e
                .sentences
                .iter()
                .filter_map(|k| people_in.get(k))
                .flatten()
                .copied()
                .collect();
            here.sort_unstable();
            here.dedup();
            let people_here: Vec<String> = here.iter().map(|i| person_ids[*i].clone()).collect();
            pb::Event {
                id: String::new(),
                kind: e.kind as i32,
                title: text[e.trigger.0..e.trigger.1].to_owned(),
                date: date(e.date),
                end_date: date(e.end_date),
                location: e.location.clone(),
                participants: e
                    .participants
                    .iter()
                    .filter(|p| mentioned[**p])
                    .map(|p| ids[*p].clone())
                    .collect(),
                people: people_here,
                attendee_count: e.attendees,
                documents: Vec::new(),
                merges: Vec::new(),
                offices: Vec::new(),
                evidence: e
                    .sentences
                    .iter()
                    .map(|k| sents[*k])
                    .map(|s| {
                        if s.start == first.start {
                            evidence(e.trigger.0, e.trigger.1)
                        } else {
                            evidence(s.start, s.end)
                        }
                    })
                    .collect(),
            }
        })
        .collect();

    let stories: Vec<pb::Story> = c
        .stories
        .iter()
        .map(|s| pb::Story {
            title: s.title.clone(),
            date: date(s.date),
            dateline_location: s
                .dateline
                .as_ref()
                .map(|d| d.place.clone())
                .unwrap_or_default(),
            start: ci.at(s.start),
            end: ci.at(s.end.max(s.start)),
        })
        .collect();
    let title = c
        .stories
        .iter()
        .map(|s| s.title.clone())
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| {
            text.lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(120)
                .collect()
        });
    pb::Extraction {
        source: source.to_owned(),
        title,
        published: date(c.published),
        content_sha256: sha.to_owned(),
        text: text.clone(),
        stories,
        organisations,
        people,
        funding_flows,
        events,
        offices,
    }
}
