//! Stage 3: the page cut into stories, and the date of each story and of
//! the page.

use super::classify::Raw;
use super::dateline::parse_dateline;
use super::{Line, LineKind, StoryInfo};
use crate::dates::{self, DateExpr, PDate};

/// Joins the kept lines into the cleaned text and cuts it into stories: a
/// date line after body text, a separator, or a title whose next paragraph
/// opens with a dateline starts a new one.
pub(super) fn split(
    lines: &[String],
    classes: &[Raw],
    keep: &[Option<LineKind>],
) -> (String, Vec<Line>, Vec<StoryInfo>) {
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
    (text, out_lines, stories)
}

/// Dates the page and its stories; returns the publication date.
pub(super) fn date(
    stories: &mut [StoryInfo],
    mentions: &[dates::DateMention],
    published: Option<PDate>,
    dates_before: &[(usize, PDate)],
) -> Option<PDate> {
    let mut published = published;
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
    if published.is_none() && distinct.is_empty() {
        if let Some(d) = stories[0].dateline.as_ref().and_then(|d| d.date) {
            published = if d.year > 0 {
                Some(d)
            } else {
                dates::year_after_latest(d.month, d.day, mentions).map(|year| PDate { year, ..d })
            };
        }
    }
    for s in stories.iter_mut() {
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
                s.date = dates::year_after_latest(d.month, d.day, mentions)
                    .map(|year| PDate { year, ..d });
            }
        }
    }
    published
}
