//! Events grouped by story: events are pushed in text order, so they
//! stay sorted by story and a story's events are one run of the list.

use std::mem::take;

use tipwatch_proto::pb::EventKind;

use super::EventFound;
use crate::clean::{Cleaned, LineKind};
use crate::sentences::Sentence;

/// For each story, its first body sentence: the first sentence starting at
/// or after the story's start that lies in a body line.
pub(super) fn first_bodies(sentences: &[Sentence], c: &Cleaned) -> Vec<Option<usize>> {
    let mut next = vec![None; sentences.len() + 1];
    for i in (0..sentences.len()).rev() {
        let body = c.lines[sentences[i].line].kind == LineKind::Body;
        next[i] = if body { Some(i) } else { next[i + 1] };
    }
    let at = |start: usize| next[sentences.partition_point(|s| s.start < start)];
    c.stories.iter().map(|st| at(st.start)).collect()
}

/// The events of one story: events are sorted by story.
pub(super) fn of_story(events: &mut [EventFound], story: usize) -> &mut [EventFound] {
    let lo = events.partition_point(|x| x.story < story);
    let hi = events.partition_point(|x| x.story <= story);
    &mut events[lo..hi]
}

/// A story's undated workshop or conference is its training when it has
/// one: the same happening called two names. Its participants, place and
/// sentences join the story's first training.
pub(super) fn absorb_into_training(events: &mut Vec<EventFound>) {
    let training_of = |events: &[EventFound], story: usize| {
        let lo = events.partition_point(|t| t.story < story);
        let here = &events[lo..events.partition_point(|t| t.story <= story)];
        (here.iter().position(|t| t.kind == EventKind::Training)).map(|i| lo + i)
    };
    let mut absorbed = vec![false; events.len()];
    for k in 0..events.len() {
        let e = &events[k];
        let undated = matches!(e.kind, EventKind::Workshop | EventKind::Conference) && !e.explicit;
        let Some(t) = training_of(events, e.story).filter(|_| undated) else {
            continue;
        };
        absorbed[k] = true;
        let e = &mut events[k];
        let (ps, loc, ss) = (
            take(&mut e.participants),
            take(&mut e.location),
            take(&mut e.sentences),
        );
        let t = &mut events[t];
        for p in ps {
            if !t.participants.contains(&p) {
                t.participants.push(p);
            }
        }
        if t.location.is_empty() {
            t.location = loc;
        }
        t.sentences.extend(ss);
    }
    let mut k = 0;
    events.retain(|_| {
        k += 1;
        !absorbed[k - 1]
    });
}
