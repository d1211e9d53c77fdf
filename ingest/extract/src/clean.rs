//! Stages 2 and 3: page furniture out, stories in. The text is read as
//! lines; each is classified by shape (length, end punctuation, stop-word
//! density, neighbours) as body, title, date line, contact line or
//! furniture. Menus, teasers, captions, bylines and what follows a
//! "Published in" footer are dropped; contact blocks that belong to the
//! story are kept. A page of several releases is split where a date line
//! or a title with its own dateline starts the next one.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::dates::{self, DateExpr, PDate};
use crate::gazetteer;

/// What a kept line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A headline.
    Title,
    /// Story text.
    Body,
    /// A line of a contact block (name, role, office).
    Contact,
}

/// A kept line: its byte span in the cleaned text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// Byte offset in the cleaned text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// What it is.
    pub kind: LineKind,
    /// Index of the story it belongs to.
    pub story: usize,
}

/// The dateline that opens a story ("ISLAMABAD, APR 26 /DNA/ -").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dateline {
    /// The place, as written.
    pub place: String,
    /// The country the place lies in, where known.
    pub country: String,
    /// The date, as written (may lack a year).
    pub date: Option<PDate>,
}

/// One story of the page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryInfo {
    /// Byte offset where the story starts in the cleaned text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Headline, where one was found.
    pub title: String,
    /// Date line above the story (listing or release date).
    pub listing_date: Option<PDate>,
    /// Dateline of its first paragraph.
    pub dateline: Option<Dateline>,
    /// The story's own date: listing date, else dateline date (year
    /// resolved), else the publication date.
    pub date: Option<PDate>,
}

/// A cleaned document.
#[derive(Clone, Debug, Default)]
pub struct Cleaned {
    /// Kept lines joined by newlines.
    pub text: String,
    /// Kept lines.
    pub lines: Vec<Line>,
    /// Stories, in order; at least one.
    pub stories: Vec<StoryInfo>,
    /// Publication date, where the page says.
    pub published: Option<PDate>,
}

struct Patterns {
    furniture: Regex,
    meta_date: Regex,
    published_in: Regex,
    contact_start: Regex,
    contact_noise: Regex,
    separator: Regex,
    caption: Regex,
    caption_position: Regex,
    dateline_sep: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        furniture: Regex::new(
            r"(?ix)^(?:
                skip\ to\ (?:main\ )?content | main\ menu | menu | search | home | share(?:\ this)?(?:\ article)? |
                print | email | tweet | facebook | twitter | linkedin | whatsapp |
                related(?:\ articles|\ news|\ stories|\ posts|\ content)? | more\ to\ read | read\ more | read\ next |
                see\ also | you\ may\ also\ like | recommended | trending | most\ read | latest(?:\ news)? |
                advertisement | sponsored | subscribe.* | sign\ up.* | follow\ us.* | newsletter.* |
                tags?:.* | categor(?:y|ies):.* | filed\ under.* | topics?:.* |
                \d+\s+min(?:ute)?s?\ read | news\ article | press\ release | media\ update | news |
                opinion | editorial | comments? | leave\ a\ (?:reply|comment).* |
                (?:photo|image|picture|credit|source)s?\ ?:.* | \(?(?:photo|image|file\ photo)\b.*\)? |
                copyright.* | ©.* | all\ rights\ reserved.* | cookies?\b.* | privacy\ policy.* | terms\ of\ use.* |
                back\ to\ top | previous | next | page\ \d+.* | loading.* | close |
                [-*•=_~\#|.\s]+ | \d+ | (?:[a-z]{2}\s+){1,6}[a-z]{2}
            )$",
        )
        .unwrap(),
        meta_date: Regex::new(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*").unwrap(),
        published_in: Regex::new(r"(?i)^(?:published|posted|first\ published)(?:\s+(?:in|on|by)\s+[^,]{1,60})?,?\s*(?:on\s+)?").unwrap(),
        contact_start: Regex::new(
            r"(?i)^(?:for\s+(?:more|further)\s+information|media\s+contacts?|press\s+contacts?|contacts?\s*:|for\s+media\s+enquiries|media\s+enquiries|please\s+contact)",
        )
        .unwrap(),
        contact_noise: Regex::new(
            r"(?i)(?:@|https?://|www\.|^(?:tel|phone|mobile|mob|fax|e-?mail|email|cell)\b|^[+(\d][\d\s().+-]{6,}$|mailto)",
        )
        .unwrap(),
        separator: Regex::new(r"^(?:\*{3,}|-{3,}|_{3,}|(?:\*\s){2,}\*|#{3,})$").unwrap(),
        caption: Regex::new(r"(?i)[(\[](?:photo|image|file photo|picture)\s*:?[^)\]]*[)\]]\s*$").unwrap(),
        // "Jane Roe (left) and ..." : a name with its place in a photo.
        caption_position: Regex::new(r"\b[A-Z][a-z]+ \((?:[LRC]|[Ll]eft|[Rr]ight|[Cc]ent(?:re|er)|(?:[Ss]econd|2nd) (?:[Ll]eft|[Rr]ight))\)").unwrap(),
        dateline_sep: Regex::new(r"(?:\s*[/(][A-Za-z][A-Za-z .]{0,20}[/)])?\s*(?:-|:|\.(?:\s))\s*").unwrap(),
    })
}

const STOP: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "for", "on", "at", "by", "with", "from", "as",
    "is", "was", "are", "were", "be", "been", "has", "have", "had", "that", "this", "which", "who",
    "it", "its", "their", "will", "would", "said", "also", "not", "but", "into", "over", "than",
    "more", "after", "about", "during", "under",
];

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn stop_density(s: &str) -> f32 {
    let w = words(s);
    if w.is_empty() {
        return 0.0;
    }
    let stops = w
        .iter()
        .filter(|x| STOP.contains(&x.to_lowercase().trim_matches(|c: char| !c.is_alphabetic())))
        .count();
    stops as f32 / w.len() as f32
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', ')', ']', ' ']);
    t.ends_with(['.', '!', '?', ':', ';'])
}

/// True when the line is only a date, perhaps with a time, "Updated" or a
/// category label around it.
fn date_line(s: &str) -> Option<PDate> {
    if s.len() >= 60 || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // A masthead split by bars ("Press release | Date: 3/5/2021"): one
    // segment is the date line.
    if s.contains('|') {
        if let Some(d) = s.split('|').find_map(|seg| date_line(seg.trim())) {
            return Some(d);
        }
    }
    if let Some(d) = leading_date(s) {
        return Some(d);
    }
    let found = dates::find(s);
    let first = found.iter().find(
        |d| matches!(d.expr, DateExpr::Calendar { start, .. } if start.year > 0 && start.month > 0),
    )?;
    let DateExpr::Calendar { start, .. } = first.expr else {
        return None;
    };
    let rest: String = format!("{} {}", &s[..first.start], &s[first.end..]);
    let leftover = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "updated"
                    | "published"
                    | "posted"
                    | "on"
                    | "date"
                    | "category"
                    | "official"
                    | "news"
                    | "am"
                    | "pm"
                    | "gmt"
                    | "utc"
                    | "last"
                    | "modified"
            )
        })
        .count();
    (leftover == 0 && s.len() < 60).then_some(start)
}

/// A short header line that opens with a full date, whatever place or
/// category label follows ("3 May 2021 Accra, Ghana Migration"); a year
/// run into the next word ("2021Accra") is split first.
fn leading_date(s: &str) -> Option<PDate> {
    static GLUED: OnceLock<Regex> = OnceLock::new();
    let glued = GLUED.get_or_init(|| Regex::new(r"\b((?:19|20)\d{2})(\p{Lu})").unwrap());
    if ends_sentence(s) {
        return None;
    }
    let t = glued.replace(s, "$1 $2");
    let found = dates::find(&t);
    let first = found
        .iter()
        .filter(|d| matches!(d.expr, DateExpr::Calendar { .. }))
        .min_by_key(|d| d.start)?;
    let DateExpr::Calendar { start, .. } = first.expr else {
        return None;
    };
    let before = t[..first.start].trim_end_matches([',', ' ']);
    let weekday_only = before.is_empty()
        || found.iter().any(|d| {
            matches!(d.expr, DateExpr::Weekday(_)) && d.start == 0 && d.end == before.len()
        });
    (weekday_only && start.year > 0 && start.month > 0 && start.day > 0).then_some(start)
}

/// "Tirana, 3 October 2022" alone on its line: a dateline set apart.
fn place_date_line(t: &str) -> Option<PDate> {
    if t.len() >= 60 || ends_sentence(t) || !t.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let probe = format!("{t} - x");
    let (dl, end) = parse_dateline(&probe)?;
    (end == probe.len() - 1 && !dl.place.is_empty())
        .then_some(dl.date?)
        .filter(|d| d.year > 0 && d.month > 0)
}

/// Splits lines that are hard-wrapped (most long lines 45-80 characters)
/// back into paragraphs.
fn unwrap_lines(lines: Vec<String>) -> Vec<String> {
    let long: Vec<usize> = lines
        .iter()
        .map(|l| l.chars().count())
        .filter(|n| *n >= 40)
        .collect();
    let wrapped =
        long.len() >= 5 && long.iter().filter(|n| **n <= 80).count() * 10 >= long.len() * 7;
    if !wrapped {
        return lines;
    }
    let mut out: Vec<String> = Vec::new();
    let mut joinable = false;
    for l in lines {
        let n = l.chars().count();
        let starts_lower = l
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || c == '"');
        match out.last_mut() {
            Some(prev)
                if !l.is_empty()
                    && !prev.is_empty()
                    && (joinable && !ends_sentence(prev)
                        || starts_lower
                            && l.chars().next().is_some_and(char::is_lowercase)
                            && !ends_sentence(prev)) =>
            {
                prev.push(' ');
                prev.push_str(&l);
            }
            _ => out.push(l.clone()),
        }
        let last = out.last().expect("pushed above");
        let title_like =
            title_case(last) && n < 80 && out.last().is_some_and(|x| x.len() == l.len());
        joinable = !l.is_empty() && n >= 45 && !ends_sentence(last) && !title_like;
    }
    out
}

fn title_case(s: &str) -> bool {
    let w: Vec<&str> = words(s).into_iter().filter(|w| w.len() > 3).collect();
    !w.is_empty()
        && w.iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count()
            * 10
            >= w.len() * 7
}

/// What a raw line was classified as.
#[derive(Clone, Debug, PartialEq)]
enum Raw {
    Blank,
    Furniture,
    Separator,
    DateLine(PDate),
    Short(String),
    Body(String),
    ContactStart(String),
}

fn classify(line: &str) -> Raw {
    let p = patterns();
    let t = line
        .trim()
        .trim_start_matches(['\u{2022}', '*', '>'])
        .trim();
    if t.is_empty() {
        return Raw::Blank;
    }
    if p.separator.is_match(t) {
        return Raw::Separator;
    }
    // Bylines are furniture; a byline's date dates the page.
    if t.starts_with("By ") && t.len() < 100 {
        let dated = dates::find(t).into_iter().find_map(|d| match d.expr {
            DateExpr::Calendar { start, .. } if start.year > 0 && start.month > 0 => Some(start),
            _ => None,
        });
        return dated.map_or(Raw::Furniture, Raw::DateLine);
    }
    if let Some(d) = date_line(t).or_else(|| place_date_line(t)) {
        return Raw::DateLine(d);
    }
    if p.furniture.is_match(t)
        || p.caption.is_match(t) && t.len() < 200
        || p.caption_position.is_match(t) && t.len() < 300
    {
        return Raw::Furniture;
    }
    if p.contact_start.is_match(t) && t.len() < 120 {
        return Raw::ContactStart(t.to_owned());
    }
    let n = words(t).len();
    if !ends_sentence(t) && (n < 25 || t.len() < 150) && stop_density(t) < 0.45
        || n < 4 && !t.ends_with('.')
    {
        return Raw::Short(t.to_owned());
    }
    Raw::Body(t.to_owned())
}

/// Finds the dateline at the start of a paragraph: places and a date
/// before a dash, colon or full stop. Returns it and the byte offset where
/// the story text proper begins.
pub fn parse_dateline(par: &str) -> Option<(Dateline, usize)> {
    let g = gazetteer::get();
    let head_end = par.char_indices().nth(110).map_or(par.len(), |(i, _)| i);
    let head = &par[..head_end];
    let mut best: Option<(Dateline, usize)> = None;
    for m in patterns().dateline_sep.find_iter(head) {
        let prefix = &head[..m.start()];
        if prefix.trim().is_empty() || prefix.split_whitespace().count() > 10 {
            continue;
        }
        let mut date = None;
        let mut rest = prefix.to_owned();
        for d in dates::find(prefix).into_iter().rev() {
            if let DateExpr::Calendar { start, .. } = d.expr {
                date.get_or_insert(start);
                date = Some(start);
                rest.replace_range(d.start..d.end, ",");
            }
        }
        let parts: Vec<&str> = rest
            .split([',', '-'])
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .collect();
        let mut place = String::new();
        let mut country = String::new();
        let mut ok = true;
        for (i, part) in parts.iter().enumerate() {
            let known = g
                .place_country(part)
                .or_else(|| g.place_country(&title_word(part)));
            let caps = part.split_whitespace().count() <= 3
                && part
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && part.chars().any(char::is_alphabetic);
            let all_caps = caps
                && part
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase);
            if let Some(c) = known {
                if place.is_empty() {
                    place = part.to_string();
                }
                if country.is_empty() {
                    country = c.name.clone();
                }
            } else if i == 0 && (all_caps || caps && (parts.len() > 1 || date.is_some())) {
                place = part.to_string();
            } else {
                ok = false;
                break;
            }
        }
        if !ok || (place.is_empty() && date.is_none()) {
            continue;
        }
        if place.chars().all(|c| !c.is_lowercase()) && place.len() > 3 {
            place = title_word(&place);
        }
        let found = (
            Dateline {
                place,
                country,
                date,
            },
            m.end(),
        );
        if best.as_ref().is_none_or(|(_, e)| found.1 > *e) {
            best = Some(found);
        }
    }
    best
}

/// "ISLAMABAD" → "Islamabad"; "NEW YORK" → "New York".
fn title_word(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cleans decoded text into kept lines, stories and a publication date.
pub fn clean(decoded: &str) -> Cleaned {
    let p = patterns();
    let mut published: Option<PDate> = None;
    let mut raw_lines: Vec<String> = decoded.lines().map(|l| l.trim().to_owned()).collect();
    if let Some(first) = raw_lines.iter_mut().find(|l| !l.is_empty()) {
        if let Some(c) = p.meta_date.captures(first) {
            published = dates::find(&c[1]).first().and_then(|d| match d.expr {
                DateExpr::Calendar { start, .. } => Some(start),
                _ => None,
            });
            let end = c.get(0).expect("match").end();
            *first = first[end..].trim().to_owned();
        }
    }
    let lines = unwrap_lines(raw_lines);
    let mut classes: Vec<Raw> = lines.iter().map(|l| classify(l)).collect();
    // A page cut off mid-sentence ends in a long line without a full stop:
    // story text, not a heading.
    if let Some(last) = classes.iter().rposition(|c| *c != Raw::Blank) {
        if let Raw::Short(t) = &classes[last] {
            if words(t).len() >= 8 && !title_case(t) {
                classes[last] = Raw::Body(t.clone());
            }
        }
    }

    // "Published in <outlet>, <date>" ends the story: take its date, drop
    // what follows (other stories' teasers).
    let mut seen_body = false;
    for i in 0..classes.len() {
        if let Raw::Body(_) = classes[i] {
            seen_body = true;
        }
        let t = lines[i].trim();
        if seen_body && p.published_in.is_match(t) && t.len() < 100 {
            if let Some(d) = dates::find(t).into_iter().find_map(|d| match d.expr {
                DateExpr::Calendar { start, .. } if start.year > 0 && start.month > 0 => {
                    Some(start)
                }
                _ => None,
            }) {
                published.get_or_insert(d);
                for c in classes.iter_mut().skip(i) {
                    *c = Raw::Furniture;
                }
                break;
            }
        }
    }

    // Contact blocks: from their opening line to the next body paragraph.
    let mut in_contact = false;
    let mut contact = vec![false; classes.len()];
    // A short line right before a long paragraph is that paragraph's
    // headline, not a contact line.
    // (One backward pass: the first non-blank line after each.)
    let mut next_body = vec![false; classes.len()];
    let mut after: Option<&Raw> = None;
    for (i, c) in classes.iter().enumerate().rev() {
        next_body[i] = after.is_some_and(|c| matches!(c, Raw::Body(b) if b.len() > 120));
        if *c != Raw::Blank {
            after = Some(c);
        }
    }
    for (i, c) in classes.iter_mut().enumerate() {
        if in_contact && matches!(c, Raw::Short(_)) && next_body[i] {
            in_contact = false;
        }
        match c {
            Raw::ContactStart(_) => {
                in_contact = true;
                contact[i] = true;
            }
            Raw::Body(b) if in_contact && (b.len() > 120 || ends_sentence(b) && b.len() > 60) => {
                in_contact = false
            }
            Raw::Short(_) | Raw::Body(_) if in_contact => {
                // E-mail addresses stay: their domain names the office.
                let email =
                    lines[i].contains('@') && !lines[i].contains("mailto") && lines[i].len() < 80;
                if p.contact_noise.is_match(&lines[i]) && !email {
                    *c = Raw::Furniture;
                } else {
                    contact[i] = true;
                }
            }
            Raw::DateLine(_) | Raw::Separator => in_contact = false,
            _ => {}
        }
    }

    // Duplicated paragraphs (syndication copies) are kept once.
    let mut seen: HashSet<String> = HashSet::new();
    for c in classes.iter_mut() {
        if let Raw::Body(b) = c {
            if !seen.insert(b.clone()) {
                *c = Raw::Furniture;
            }
        }
    }

    // Titles: in each run of short lines ending at a body paragraph, the
    // longest with four words or more; the other short lines are dropped.
    let mut keep: Vec<Option<LineKind>> = vec![None; classes.len()];
    let mut run: Vec<usize> = Vec::new();
    let mut dates_before: Vec<(usize, PDate)> = Vec::new();
    for i in 0..classes.len() {
        if contact[i] {
            if !matches!(classes[i], Raw::ContactStart(_)) {
                keep[i] = Some(LineKind::Contact);
            }
            run.clear();
            continue;
        }
        match &classes[i] {
            Raw::Short(_) => run.push(i),
            Raw::Body(_) => {
                let best = run
                    .iter()
                    .copied()
                    .filter(|j| words(&lines[*j]).len() >= 4)
                    .max_by_key(|j| lines[*j].len());
                if let Some(t) = best {
                    keep[t] = Some(LineKind::Title);
                }
                run.clear();
                keep[i] = Some(LineKind::Body);
            }
            Raw::DateLine(d) => dates_before.push((i, *d)),
            Raw::Separator => run.clear(),
            _ => {}
        }
    }

    // Stories: a date line after body text, a separator, or a title whose
    // next paragraph opens with a dateline starts a new one.
    let mut text = String::new();
    let mut out_lines: Vec<Line> = Vec::new();
    let mut stories: Vec<StoryInfo> = vec![StoryInfo::default()];
    let mut pending_date: Option<PDate> = None;
    let mut story_has_body = false;
    // The next kept body line after each line.
    let mut next_kept_body: Vec<Option<usize>> = vec![None; classes.len()];
    let mut after: Option<usize> = None;
    for i in (0..classes.len()).rev() {
        next_kept_body[i] = after;
        if keep[i] == Some(LineKind::Body) {
            after = Some(i);
        }
    }
    for i in 0..classes.len() {
        if let Raw::DateLine(d) = classes[i] {
            if story_has_body {
                stories.push(StoryInfo {
                    start: text.len(),
                    ..Default::default()
                });
                story_has_body = false;
            }
            pending_date = Some(d);
            continue;
        }
        if classes[i] == Raw::Separator && story_has_body {
            stories.push(StoryInfo {
                start: text.len(),
                ..Default::default()
            });
            story_has_body = false;
            continue;
        }
        let Some(kind) = keep[i] else { continue };
        let line = lines[i]
            .trim()
            .trim_start_matches(['\u{2022}', '*', '>'])
            .trim();
        if kind == LineKind::Title && story_has_body {
            let next_body = next_kept_body[i];
            let opens_dateline =
                next_body.is_some_and(|j| parse_dateline(lines[j].trim()).is_some());
            if opens_dateline {
                stories.push(StoryInfo {
                    start: text.len(),
                    ..Default::default()
                });
                story_has_body = false;
            }
        }
        let story = stories.len() - 1;
        let s = stories.last_mut().expect("one story at least");
        if s.listing_date.is_none() {
            s.listing_date = pending_date.take();
        }
        if kind == LineKind::Title && s.title.is_empty() && !story_has_body {
            s.title = line.to_owned();
        }
        if kind == LineKind::Body && !story_has_body {
            s.dateline = parse_dateline(line).map(|(d, _)| d);
            story_has_body = true;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        let start = text.len();
        text.push_str(line);
        out_lines.push(Line {
            start,
            end: text.len(),
            kind,
            story,
        });
    }
    let n = stories.len();
    for (k, s) in stories.iter_mut().enumerate() {
        s.end = if k + 1 < n { 0 } else { text.len() };
    }
    for k in 0..n.saturating_sub(1) {
        stories[k].end = stories[k + 1].start.saturating_sub(1).max(stories[k].start);
    }
    // Lines are sorted and do not overlap: the first line starting in a
    // story is the one that can end inside it.
    stories.retain(|s| {
        let first = out_lines.partition_point(|l| l.start < s.start);
        out_lines
            .get(first)
            .is_some_and(|l| l.end <= s.end.max(s.start))
            || n == 1
    });
    if stories.is_empty() {
        stories.push(StoryInfo {
            start: 0,
            end: text.len(),
            ..Default::default()
        });
    }
    for l in &mut out_lines {
        // Stories are sorted by start: the last one starting at or before.
        l.story = stories
            .partition_point(|s| s.start <= l.start)
            .saturating_sub(1);
    }

    // Publication date: metadata, footer, the page's one date line, or the
    // first story's dated dateline.
    let listing: Vec<PDate> = stories.iter().filter_map(|s| s.listing_date).collect();
    let mut distinct = listing.clone();
    distinct.sort();
    distinct.dedup();
    if published.is_none() && distinct.len() == 1 && stories[0].listing_date.is_some() {
        published = distinct.first().copied();
    }
    if published.is_none() && distinct.is_empty() {
        if let Some(d) = dates_before
            .first()
            .filter(|_| stories.len() == 1)
            .map(|x| x.1)
        {
            published = Some(d);
        }
    }
    let mentions = dates::find(&text);
    if published.is_none() && distinct.is_empty() {
        if let Some(d) = stories[0].dateline.as_ref().and_then(|d| d.date) {
            published = if d.year > 0 {
                Some(d)
            } else {
                dates::year_after_latest(d.month, d.day, &mentions).map(|year| PDate { year, ..d })
            };
        }
    }
    for s in &mut stories {
        let dl = s.dateline.as_ref().and_then(|d| d.date);
        let reference = s.listing_date.or(published);
        s.date = s
            .listing_date
            .or_else(|| {
                dl.and_then(|d| {
                    dates::resolve(
                        DateExpr::Calendar {
                            start: d,
                            end: None,
                        },
                        reference,
                        false,
                    )
                })
                .map(|x| x.0)
            })
            .or(published)
            .filter(|d| d.year > 0);
        if s.date.is_none() {
            if let Some(d) = dl.filter(|d| d.year == 0) {
                s.date = dates::year_after_latest(d.month, d.day, &mentions)
                    .map(|year| PDate { year, ..d });
            }
        }
    }
    Cleaned {
        text,
        lines: out_lines,
        stories,
        published,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::dates::tests::d;

    #[test]
    fn datelines_in_their_common_shapes() {
        let cases = [
            ("ISLAMABAD: The government signed", "Islamabad", None),
            (
                "Lagos, 18 October 2023: The agency said",
                "Lagos",
                Some(d(2023, 10, 18)),
            ),
            (
                "KAMPALA, MAR 3 /XNA/ - Officials met",
                "Kampala",
                Some(d(0, 3, 3)),
            ),
            ("Nairobi, Kenya - On 11 October 2024, the", "Nairobi", None),
            ("Accra. On July 12 and 13, the", "Accra", None),
            (
                "Dakar, Senegal - September 25, 2023 - The office",
                "Dakar",
                Some(d(2023, 9, 25)),
            ),
        ];
        for (text, place, date) in cases {
            let (dl, _) = parse_dateline(text).unwrap_or_else(|| panic!("no dateline in {text:?}"));
            assert_eq!(dl.place, place, "{text}");
            assert_eq!(dl.date, date, "{text}");
        }
        let (dl, _) = parse_dateline("3 May 2021 - The ministry said").unwrap();
        assert_eq!(dl.date, Some(d(2021, 5, 3)));
        assert!(
            parse_dateline("The ministry said on Monday that it - and others - agreed.").is_none()
        );
    }

    #[test]
    fn furniture_dropped_title_and_contacts_kept() {
        let page = "Skip to main content\nSite Name Here\n\u{2022} 3 March 2022\n\u{2022} 2 min read\n\
            Agency opens a new shelter for survivors in the capital city\n\
            Accra - The agency opened a shelter on Monday with support from partners, the director said in a statement to the press.\n\
            Related articles\nShare\n\
            For more information, please contact:\nJane Roe\nCommunications Officer\nEmail: jane@example.org\nTel: +1 555 0100 200\n";
        let c = clean(page);
        assert!(!c.text.contains("Skip"));
        assert!(!c.text.contains("Site Name"));
        assert!(!c.text.contains("Related"));
        assert!(
            c.text.contains("jane@example.org"),
            "e-mail kept for its domain"
        );
        assert!(!c.text.contains("555"), "phone numbers dropped");
        assert!(c.text.contains("Jane Roe\nCommunications Officer"));
        assert_eq!(c.stories.len(), 1);
        assert_eq!(
            c.stories[0].title,
            "Agency opens a new shelter for survivors in the capital city"
        );
        assert_eq!(c.published, Some(d(2022, 3, 3)));
        assert_eq!(c.stories[0].date, Some(d(2022, 3, 3)));
        assert!(c.lines.iter().any(|l| l.kind == LineKind::Contact));
    }

    #[test]
    fn masthead_and_labelled_date_lines_date_the_page() {
        let body = "\nAgency and ministry sign a deal on shelters for survivors\n\
            The agency and the ministry signed an agreement today to open two shelters for survivors, the director said.\n";
        for (head, date) in [
            ("Statement | Date: 04/05/2021", d(2021, 5, 4)),
            ("March 3, 2020Accra, GhanaMigration News", d(2020, 3, 3)),
            ("Friday, 7 May 2021 Port Town Region", d(2021, 5, 7)),
        ] {
            let c = clean(&format!("{head}{body}"));
            assert_eq!(c.published, Some(date), "{head}");
        }
        let c = clean(&format!("Report on the year 2020 Migration{body}"));
        assert_eq!(c.published, None);
    }

    #[test]
    fn photo_captions_are_furniture() {
        let page = "Agency hands over vehicles to the border police in the north\n\
            Port Town - The agency handed over ten vehicles to the border police on Monday, the regional director said in a statement.\n\
            Director Jane Roe (right) and officer John Doe receive the keys at the police headquarters, Port Town, Monday. [PHOTO: A. SNAPPER/PAPER]\n\
            Minister Ann Poe (L) and the agency's Bob Loe brief reporters in the capital on 1 April 2020 (XY)\n\
            The vehicles will be used to patrol the border, the director added in the statement to reporters.\n";
        let c = clean(page);
        assert!(!c.text.contains("John Doe"), "{}", c.text);
        assert!(!c.text.contains("Bob Loe"), "{}", c.text);
        assert!(c.text.contains("patrol the border"));
        assert!(c.text.contains("ten vehicles"));
    }

    #[test]
    fn listing_pages_split_into_dated_stories() {
        let page = "5 August, 2018\n\nFirst story headline about the new hubs\n\n\
            Quito, Ecuador. The office opened two hubs in coordination with local governments and partners this week.\n\n\
            17 July, 2018\n\nSecond story headline about a workshop\n\n\
            Lima - The office held a regional workshop on return with officials from several countries.\n";
        let c = clean(page);
        assert_eq!(c.stories.len(), 2, "{:?}", c.stories);
        assert_eq!(c.stories[0].date, Some(d(2018, 8, 5)));
        assert_eq!(c.stories[1].date, Some(d(2018, 7, 17)));
        assert_eq!(c.published, None);
        assert_eq!(c.stories[1].dateline.as_ref().unwrap().place, "Lima");
    }

    #[test]
    fn footer_date_ends_the_story_and_drops_teasers() {
        let page = "Kabul: The ministry and the agency signed an agreement on Monday to expand services for returnees.\n\
            Published in Daily Paper, March 3rd, 2021\nOpinion\nAnother story teaser that should never be read as news.\n";
        let c = clean(page);
        assert_eq!(c.published, Some(d(2021, 3, 3)));
        assert!(!c.text.contains("teaser"));
    }

    #[test]
    fn metadata_date_prefix_and_duplicates() {
        let c = clean(" date 2020-04-17 Abuja - The embassy signed a grant agreement with the network on Thursday.\n\
            The grant covers nine months of work in the state, officials said on the day.\n\
            The grant covers nine months of work in the state, officials said on the day.\n");
        assert_eq!(c.published, Some(d(2020, 4, 17)));
        assert_eq!(c.text.matches("nine months").count(), 1);
        assert!(c.text.starts_with("Abuja"));
    }

    #[test]
    fn hard_wrapped_text_is_unwrapped() {
        let wrapped = "Agency Hosts Regional Conference On Smuggling\n\
            The agency and the ministry this week hosted a regional\n\
            conference organized to address the challenges posed by\n\
            smuggling in the region, with senior officials of key\n\
            ministries and departments attending the two days of\n\
            discussions on cooperation and victim protection.\n\
            The conference reviewed internal and cross-border cases\n\
            and discussed ways to strengthen collaboration.\n";
        let c = clean(wrapped);
        assert_eq!(
            c.stories[0].title,
            "Agency Hosts Regional Conference On Smuggling"
        );
        assert!(
            c.text.contains("hosted a regional conference organized"),
            "{}",
            c.text
        );
    }
}
