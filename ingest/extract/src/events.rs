//! Stage 9: events. Trigger words by kind, outside quotations and
//! statements of intent; the mentions of one kind in one story are one
//! event (the story's lead), except mentions with their own explicit date,
//! which are events of their own (background incidents, earlier
//! signings). Date: the explicit date nearest the trigger, else a weekday
//! or relative word against the story's date, else the dateline's date.
//! Place: the dateline for a story's lead event, else "in/at/off
//! <Place>". Participants: every organisation the event's sentences name.

use std::sync::OnceLock;

use regex::{Regex, RegexSet, RegexSetBuilder};
use tipwatch_proto::pb::EventKind;

use crate::clean::{Cleaned, LineKind};
use crate::dates::{self, DateExpr, PDate};
use crate::gazetteer;
use crate::orgs::Orgs;
use crate::sentences::Sentence;

mod reported;
mod story;

use story::{first_bodies, of_story};

/// An event found in the document.
#[derive(Clone, Debug, PartialEq)]
pub struct EventFound {
    /// Kind.
    pub kind: EventKind,
    /// First day, month or year.
    pub date: Option<PDate>,
    /// Last day of a range.
    pub end_date: Option<PDate>,
    /// Place as written.
    pub location: String,
    /// Participant organisations.
    pub participants: Vec<usize>,
    /// Number of attendees.
    pub attendees: u32,
    /// Sentences that report it.
    pub sentences: Vec<usize>,
    /// Byte span of the first trigger.
    pub trigger: (usize, usize),
    /// The story.
    pub story: usize,
    /// True when the date was written in the event's sentences.
    explicit: bool,
    /// True when the trigger was "training workshop".
    title_has_workshop: bool,
    /// True when the date is a month without a year ("in June").
    weak: bool,
    /// True when reported in the story's first body sentence.
    lead: bool,
}

struct Patterns {
    triggers: Vec<(EventKind, Regex)>,
    /// The same trigger patterns as one set: which kinds a sentence has.
    trigger_set: RegexSet,
    /// A trigger that modifies the noun after it ("training manual").
    modifier: Regex,
    /// A trigger that is the object of giving ("provide training").
    object_of: Regex,
    /// Habitual or hypothetical statements ("can", "when", "usually").
    habitual: Regex,
    /// A mention of a happening already reported ("This handover", "The
    /// ceremony gathered").
    anaphora: Regex,
    intent: Regex,
    attendees: Regex,
    place_prep: Regex,
    admin_place: Regex,
    about: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let triggers = triggers();
        Patterns {
            trigger_set: RegexSetBuilder::new(triggers.iter().map(|(_, re)| re.as_str()))
                .dfa_size_limit(64 << 20)
                .build()
                .expect("trigger table pattern"),
            triggers,
            modifier: Regex::new(r"(?i)^[\s-]+(?:manuals?|materials?|curricul(?:um|a)|modules?|needs|centres?|centers?|rooms?|halls?|venues?|packages?|tools?|guides?|toolkits?|programmes?|programs?|courses? materials?|institutes?|facilit(?:y|ies)|capacity|budgets?|costs?|fees?|plans?|policy|policies|agenda|minutes|notes|outcomes?|reports?|documents?)\b").unwrap(),
            object_of: Regex::new(r"(?i)\b(?:provide[sd]?|providing|offer(?:s|ed|ing)?|give|gives|given|giving|need(?:s|ed)?|access to|receive|receives|receiving)(?:\s+[\w-]+){0,2}\s*$").unwrap(),
            anaphora: Regex::new(r"(?i)(?:^|\b)(?:this|that|the said|the same)\s+$|^(?:the|this)\s+(?:ceremony|event|occasion|function|gathering)\b").unwrap(),
            habitual: Regex::new(r"(?i)\b(?:can|could|may|might|when|whenever|if|regularly|usually|often|routinely|annually|past|previous|previously|each year|every year)\b").unwrap(),
            intent: Regex::new(r"(?i)\b(?:will|would|shall|plans? to|aims? to|intends? to|is to|are to|expected to|hopes? to|to be held|upcoming|future)\b").unwrap(),
            attendees: Regex::new(r"(?i)\b(?:attended by|brought together|gathered|with|over|more than|some)?\s*(\d{1,5})\s+(?:participants|attendees|delegates|officials|representatives|stakeholders|people)\b").unwrap(),
            place_prep: Regex::new(r"\b(?:in|at|off|near|outside)\s+(?:the\s+)?(?:(?:southern|northern|eastern|western|central|coastal|rural)\s+)?(?P<p>[A-Z][\p{L}'-]+(?:\s+[A-Z][\p{L}'-]+){0,3})").unwrap(),
            admin_place: Regex::new(r"\b(?P<p>[A-Z][\p{L}'-]+)\s+(?:State|Province|County|District|Region|City)\b").unwrap(),
            about: Regex::new(r"^About\s+[^:]{1,60}:").unwrap(),
        }
    })
}

/// The event kind a trigger family names in `data/triggers.tsv`.
fn kind_named(s: &str) -> Option<EventKind> {
    Some(match s {
        "AGREEMENT" => EventKind::Agreement,
        "CONFERENCE" => EventKind::Conference,
        "WORKSHOP" => EventKind::Workshop,
        "TRAINING" => EventKind::Training,
        "MEETING" => EventKind::Meeting,
        "HANDOVER" => EventKind::Handover,
        "LAUNCH" => EventKind::Launch,
        "INCIDENT" => EventKind::Incident,
        _ => return None,
    })
}

/// The word forms of a trigger family: a regular verb with its -s, -ed
/// and -ing forms ("v:launch"), a noun and its plural ("n:workshop"), or a
/// regular expression ("re:...").
fn family_pattern(form: &str) -> Option<String> {
    if let Some(re) = form.strip_prefix("re:") {
        return Some(re.to_owned());
    }
    let (verb, word) = match (form.strip_prefix("v:"), form.strip_prefix("n:")) {
        (Some(v), _) => (true, v.trim_end_matches('|')),
        (None, Some(n)) => (false, n),
        _ => return None,
    };
    let (head, rest) = word.split_once(' ').unwrap_or((word, ""));
    let stem = head.strip_suffix('e').unwrap_or(head);
    let forms: Vec<String> = if verb {
        let es = if head.ends_with("ch") || head.ends_with("sh") || head.ends_with('s') {
            "es"
        } else {
            "s"
        };
        vec![
            head.to_owned(),
            format!("{head}{es}"),
            format!("{stem}ed"),
            format!("{stem}ing"),
        ]
    } else {
        vec![head.to_owned(), format!("{head}s")]
    };
    let alts = forms
        .iter()
        .map(|f| regex::escape(f))
        .collect::<Vec<_>>()
        .join("|");
    let rest = if rest.is_empty() {
        String::new()
    } else {
        format!(r"\s+{}", regex::escape(rest))
    };
    Some(format!(r"\b(?:{alts}){rest}\b"))
}

/// The trigger families of `data/triggers.tsv`, one pattern per kind in
/// the order the kinds first appear (a training is found before a
/// workshop).
fn triggers() -> Vec<(EventKind, Regex)> {
    let mut by_kind: Vec<(EventKind, Vec<String>)> = Vec::new();
    for line in include_str!("../data/triggers.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(kind), Some(form)) = (cols.next().and_then(kind_named), cols.next()) else {
            continue;
        };
        let Some(pat) = family_pattern(form) else {
            continue;
        };
        match by_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, v)) => v.push(pat),
            None => by_kind.push((kind, vec![pat])),
        }
    }
    by_kind
        .into_iter()
        .map(|(k, pats)| {
            let re = format!("(?i){}", pats.join("|"));
            (k, Regex::new(&re).expect("trigger table pattern"))
        })
        .collect()
}

/// True when the byte offset lies inside a quotation of the sentence.
fn quoted(sent: &str, off: usize) -> bool {
    sent[..off].matches('"').count() % 2 == 1
}

/// Finds the events of a document.
pub fn find(
    c: &Cleaned,
    sentences: &[Sentence],
    orgs: &Orgs,
    story_of: &dyn Fn(usize) -> usize,
) -> Vec<EventFound> {
    let p = patterns();
    let g = gazetteer::get();
    let text = &c.text;
    let mentions = &c.dates;
    // Places the text itself marks ("Gedarif State", "Edo State").
    let local_places: Vec<String> = p
        .admin_place
        .captures_iter(text)
        .map(|m| m["p"].to_owned())
        .collect();
    let is_place = |s: &str| g.is_place(s) || local_places.iter().any(|x| x == s);

    let first_body = first_bodies(sentences, c);
    // Sentences come in text order, so events stay sorted by story.
    let mut events: Vec<EventFound> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let line = c.lines[s.line];
        if line.kind == LineKind::Contact {
            continue;
        }
        let sent = &text[s.start..s.end];
        if p.about.is_match(&text[line.start..line.end]) {
            continue;
        }
        let story = story_of(s.start);
        // Mentions are sorted by start: skip straight to the sentence.
        let sdates: Vec<&dates::DateMention> = mentions
            [mentions.partition_point(|d| d.start < s.start)..]
            .iter()
            .take_while(|d| d.start <= s.end)
            .filter(|d| d.end <= s.end)
            .filter(|d| !reported::dates_a_report(sent, d.start - s.start))
            .collect();
        let dateline_end = if line.start == s.start {
            crate::clean::parse_dateline(sent).map_or(0, |(_, e)| e)
        } else {
            0
        };
        let mut kinds_here: Vec<EventKind> = Vec::new();
        let mut here: Vec<EventFound> = Vec::new();
        // One pass says which kinds the sentence has; on non-ASCII text
        // the set runs its slow engine, so each kind is tried instead.
        let has_kind = sent.is_ascii().then(|| p.trigger_set.matches(sent));
        for (ki, (kind, re)) in p.triggers.iter().enumerate() {
            if has_kind.as_ref().is_some_and(|h| !h.matched(ki)) {
                continue;
            }
            // Quotations speak of plans and opinions; a quoted event counts
            // only with its full date ("capsized ... on 14 June 2023").
            let dated = sdates.iter().any(|d| matches!(d.expr, DateExpr::Calendar { start, .. } if start.year > 0 && start.day > 0));
            // A trigger that modifies a noun ("training manual") names no
            // happening.
            let Some(m) = re.find_iter(sent).find(|m| {
                (!quoted(sent, m.start()) || dated) && !p.modifier.is_match(&sent[m.end()..])
            }) else {
                continue;
            };
            // A training workshop is a training, not also a workshop.
            if *kind == EventKind::Workshop && kinds_here.contains(&EventKind::Training) {
                continue;
            }
            let explicit_date = sdates
                .iter()
                .filter(|d| {
                    d.start - s.start >= dateline_end && matches!(d.expr, DateExpr::Calendar { .. })
                })
                .min_by_key(|d| (d.start as i64 - (s.start + m.start()) as i64).abs())
                .copied();
            let intent = p.intent.is_match(&sent[..m.start()])
                || p.intent
                    .is_match(crate::tokens::prefix_at_most(&sent[m.end()..], 30));
            if intent && explicit_date.is_none() {
                continue;
            }
            // "This handover", "The ceremony gathered ...": the happening
            // already reported; its sentence adds participants only.
            if p.anaphora.is_match(&sent[..m.start()]) {
                if let Some(x) = of_story(&mut events, story).last_mut() {
                    for o in orgs.within(s.start, s.end) {
                        if !x.participants.contains(&o.entity) {
                            x.participants.push(o.entity);
                        }
                    }
                }
                continue;
            }
            // "provide training", "can capsize", "usually meets": a
            // capacity or a habit, not a happening, unless dated.
            let before = &sent[..m.start()];
            let mut w0 = before.len().saturating_sub(60);
            while !before.is_char_boundary(w0) {
                w0 += 1;
            }
            let window = &before[w0..];
            let generic = p.object_of.is_match(before) || p.habitual.is_match(window);
            if generic && sdates.is_empty() {
                continue;
            }
            kinds_here.push(*kind);
            let st = &c.stories[story];
            let reference = st.date.or(c.published);
            let future = intent;
            let mut date = None;
            let mut end_date = None;
            let mut explicit = false;
            // "in June" with no year is too weak to start an event of its own.
            let weak = explicit_date.is_some_and(|d| matches!(d.expr, DateExpr::Calendar { start, .. } if start.year == 0 && start.day == 0));
            if let Some(d) = explicit_date {
                if let Some((a, b)) = dates::resolve(d.expr, reference, future) {
                    date = Some(a);
                    end_date = b;
                    explicit = true;
                }
            }
            if date.is_none() {
                let rel = sdates
                    .iter()
                    .find(|d| matches!(d.expr, DateExpr::Weekday(_) | DateExpr::Relative(_)));
                if let Some(r) = rel {
                    date = dates::resolve(r.expr, reference, future).map(|x| x.0);
                    explicit = date.is_some();
                }
            }
            if date.is_none() && dateline_end > 0 {
                date = st
                    .dateline
                    .as_ref()
                    .and_then(|d| d.date)
                    .and_then(|d| {
                        dates::resolve(
                            DateExpr::Calendar {
                                start: d,
                                end: None,
                            },
                            reference,
                            false,
                        )
                    })
                    .map(|x| x.0);
            }
            let location = place_in(sent, &is_place);
            let mut participants: Vec<usize> = Vec::new();
            for m in orgs.within(s.start, s.end) {
                if !participants.contains(&m.entity) {
                    participants.push(m.entity);
                }
            }
            let attendees = p
                .attendees
                .captures(sent)
                .and_then(|c| c[1].parse().ok())
                .unwrap_or(0);
            let found = EventFound {
                kind: *kind,
                date,
                end_date,
                location,
                participants,
                attendees,
                sentences: vec![si],
                trigger: (s.start + m.start(), s.start + m.end()),
                story,
                explicit,
                title_has_workshop: m.as_str().to_lowercase().contains("workshop"),
                weak,
                lead: false,
            };
            let lead = events_first_sentence(&found, sentences, c, &first_body);
            here.push(EventFound { lead, ..found });
        }
        // One happening named twice in a sentence is one event: a training
        // also called a workshop or conference is the training; a meeting
        // at which something else happens is that other thing.
        let has = |k: EventKind| here.iter().any(|e| e.kind == k);
        let training = has(EventKind::Training);
        let other_than_meeting = here.iter().any(|e| e.kind != EventKind::Meeting);
        here.retain(|e| match e.kind {
            EventKind::Workshop | EventKind::Conference => !training,
            EventKind::Meeting => !other_than_meeting,
            _ => true,
        });
        for e in here {
            merge_into(&mut events, e);
        }
    }
    // A story's undated workshop or conference is its training when it has
    // one: the same happening called two names.
    story::absorb_into_training(&mut events);
    // The story's lead event takes the dateline's place.
    for e in &mut events {
        let st = &c.stories[e.story];
        let lead = events_first_sentence(e, sentences, c, &first_body);
        if let Some(dl) = st.dateline.as_ref().filter(|d| !d.place.is_empty()) {
            if lead || e.location.is_empty() {
                e.location = if dl.country.is_empty() || dl.country == dl.place {
                    dl.place.clone()
                } else {
                    format!("{}, {}", dl.place, dl.country)
                };
            }
        }
        // Else the place the sentences around it name, else any place the
        // event's own sentences name.
        if e.location.is_empty() {
            let first = e.sentences[0];
            let near = [first.checked_sub(1), Some(first + 1)];
            for k in near.into_iter().flatten() {
                if let Some(s) = sentences.get(k).filter(|s| story_of(s.start) == e.story) {
                    let l = place_in(&text[s.start..s.end], &is_place);
                    if !l.is_empty() {
                        e.location = l;
                        break;
                    }
                }
            }
        }
        if e.location.is_empty() {
            let g = gazetteer::get();
            e.location = e
                .sentences
                .iter()
                .flat_map(|k| crate::tokens::tokenize(text, sentences[*k].start, sentences[*k].end))
                .map(|t| t.bare().to_owned())
                .find(|w| local_places.iter().any(|x| x == w) || g.country_of_city(w).is_some())
                .unwrap_or_default();
        }
    }
    events
}

/// True when the event is reported in the story's first body sentence.
fn events_first_sentence(
    e: &EventFound,
    sentences: &[Sentence],
    c: &Cleaned,
    first_body: &[Option<usize>],
) -> bool {
    let first_body = first_body[e.story];
    // A dateline cut off as its own short sentence ("Accra. On Monday...").
    let short = |k: usize| {
        c.text[sentences[k].start..sentences[k].end]
            .split_whitespace()
            .count()
            <= 5
    };
    first_body
        .is_some_and(|f| e.sentences.contains(&f) || short(f) && e.sentences.contains(&(f + 1)))
}

/// The first "in/at/off <Place>" of a sentence.
fn place_in(sent: &str, is_place: &dyn Fn(&str) -> bool) -> String {
    for m in patterns().place_prep.captures_iter(sent) {
        let words: Vec<&str> = m["p"].split_whitespace().collect();
        // The longest run of words, from the right end, that is a place.
        for k in 0..words.len() {
            let cand = words[k..].join(" ");
            if is_place(&cand) {
                return cand;
            }
            let head = words[..words.len() - k].join(" ");
            if is_place(&head) {
                return head;
            }
        }
        // "off Pylos, Greece": an unknown place with its country.
        let after = &sent[m.get(0).map_or(0, |x| x.end())..];
        if let Some(rest) = after.strip_prefix(", ") {
            let c: String = rest
                .chars()
                .take_while(|c| c.is_alphabetic() || *c == ' ')
                .collect();
            let c = c.trim();
            if words.len() <= 2
                && (1..=3).any(|n| {
                    gazetteer::get()
                        .country(&c.split(' ').take(n).collect::<Vec<_>>().join(" "))
                        .is_some()
                })
            {
                let country = (1..=3)
                    .rev()
                    .map(|n| c.split(' ').take(n).collect::<Vec<_>>().join(" "))
                    .find(|x| gazetteer::get().country(x).is_some())
                    .unwrap_or_default();
                return format!("{}, {}", words.join(" "), country);
            }
        }
        // "at Makindu": one unknown capitalised word after "at".
        if m.get(0).is_some_and(|x| x.as_str().starts_with("at "))
            && words.len() == 1
            && !words[0].chars().all(|c| c.is_uppercase())
            && crate::dates::month_number(words[0]).is_none()
            && words[0].parse::<chrono::Weekday>().is_err()
            && ![
                "The", "This", "That", "Least", "Last", "First", "Present", "Home",
            ]
            .contains(&words[0])
        {
            return words[0].to_owned();
        }
        let landmark = [
            "Bridge", "Road", "Port", "Camp", "Border", "Island", "Airport", "Station", "Market",
            "Beach",
        ];
        if words.len() >= 2 && landmark.contains(&words[words.len() - 1]) {
            return words.join(" ");
        }
    }
    String::new()
}

/// Adds an event, joining the story's event of the same kind when the new
/// one has no date of its own or the same date.
fn merge_into(events: &mut Vec<EventFound>, mut e: EventFound) {
    // Once a story has called its event a training workshop, its later
    // "workshop" mentions are that training.
    let lo = events.partition_point(|x| x.story < e.story);
    let here = of_story(events, e.story);
    if e.kind == EventKind::Workshop
        && here
            .iter()
            .any(|x| x.story == e.story && x.kind == EventKind::Training && x.title_has_workshop)
    {
        e.kind = EventKind::Training;
    }
    if e.weak && here.iter().any(|x| x.story == e.story && x.kind == e.kind) {
        e.explicit = false;
    }
    let same = here.iter().position(|x| {
        x.story == e.story
            && x.kind == e.kind
            && (!e.explicit
                || !x.explicit && (x.lead || x.sentences[0] + 3 >= e.sentences[0])
                || x.date == e.date)
    });
    match same {
        Some(k) => {
            let x = &mut events[lo + k];
            if !x.explicit && e.explicit {
                x.date = e.date;
                x.end_date = e.end_date;
                x.explicit = true;
            } else if x.date.is_none() {
                x.date = e.date;
                x.end_date = e.end_date;
            }
            if x.location.is_empty() {
                x.location = e.location;
            }
            for p in e.participants {
                if !x.participants.contains(&p) {
                    x.participants.push(p);
                }
            }
            x.attendees = x.attendees.max(e.attendees);
            x.sentences.extend(e.sentences);
        }
        None => events.push(e),
    }
}

#[cfg(test)]
mod tests;
