//! Stages 2 and 3: page furniture out, stories in. The text is read as
//! lines; each is classified by shape (length, end punctuation, stop-word
//! density, neighbours) as body, title, date line, contact line or
//! furniture. Menus, teasers, captions, bylines and what follows a
//! "Published in" footer are dropped; contact blocks that belong to the
//! story are kept. A page of several releases is split where a date line
//! or a title with its own dateline starts the next one.

mod classify;
mod date_lines;
mod dateline;
mod shape;
mod stories;
mod unwrap;

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;

use classify::{classify, Raw};
pub use dateline::parse_dateline;
use shape::{ends_sentence, title_case, words};
use unwrap::unwrap_lines;

use crate::dates::{self, DateExpr, PDate};

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
    /// Every date mention of `text`, as [`crate::dates::find`] reads them.
    pub dates: Vec<crate::dates::DateMention>,
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
    })
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

    let (text, out_lines, mut stories) = stories::split(&lines, &classes, &keep);
    let dates = dates::find(&text);
    let published = stories::date(&mut stories, &dates, published, &dates_before);
    Cleaned {
        text,
        lines: out_lines,
        stories,
        published,
        dates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::dates::tests::d;

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
}
