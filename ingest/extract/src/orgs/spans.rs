//! An index of the spans found so far, so that "how many found names lie
//! inside this sentence" and "does a found name cover this word" read a
//! few neighbours instead of scanning every name of the document.

use std::collections::BTreeMap;

use super::Found;

/// The spans of a growing list of [`Found`] names, by start.
#[derive(Debug, Default)]
pub(super) struct SpanIndex {
    /// (start, end) → how many found names have that span.
    spans: BTreeMap<(usize, usize), usize>,
    /// Longest span indexed: a span covering a word starts at most this
    /// far before the word's end.
    max_len: usize,
    /// How many entries of the found list are indexed.
    synced: usize,
}

impl SpanIndex {
    /// Indexes the entries of `found` added since the last call.
    pub(super) fn sync(&mut self, found: &[Found]) {
        for f in found.get(self.synced..).unwrap_or_default() {
            self.insert(f.start, f.end);
        }
        self.synced = found.len();
    }

    fn insert(&mut self, start: usize, end: usize) {
        *self.spans.entry((start, end)).or_insert(0) += 1;
        self.max_len = self.max_len.max(end.saturating_sub(start));
    }

    /// How many indexed spans lie inside `start..=end` (both ends inside),
    /// counting no further than `limit`.
    pub(super) fn count_within(&self, start: usize, end: usize, limit: usize) -> usize {
        if start > end {
            let n = self
                .spans
                .iter()
                .filter(|(&(s, e), _)| s >= start && e <= end);
            return n.map(|(_, &k)| k).sum::<usize>().min(limit);
        }
        let mut n = 0;
        for (&(_, e), &k) in self.spans.range((start, 0)..=(end, usize::MAX)) {
            if e <= end {
                n += k;
                if n >= limit {
                    break;
                }
            }
        }
        n
    }

    /// True when an indexed span starts at or before `start` and ends at or
    /// after `end`.
    pub(super) fn covers(&self, start: usize, end: usize) -> bool {
        if start > end {
            // Spans are never inverted enough to cover an inverted word;
            // answer by a scan to keep the plain definition.
            return self.spans.keys().any(|&(s, e)| s <= start && end <= e);
        }
        let lo = end.saturating_sub(self.max_len);
        if lo > start {
            return false;
        }
        self.spans
            .range((lo, 0)..=(start, usize::MAX))
            .any(|(&(_, e), _)| end <= e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(spans: &[(usize, usize)]) -> Vec<Found> {
        spans
            .iter()
            .map(|&(start, end)| Found {
                start,
                end,
                entity: 0,
            })
            .collect()
    }

    #[test]
    fn answers_as_a_scan_of_the_list_does() {
        let list = found(&[(10, 20), (12, 14), (30, 80), (40, 45), (40, 45), (90, 95)]);
        let mut ix = SpanIndex::default();
        ix.sync(&list);
        for (s, e) in [(0, 100), (10, 20), (11, 25), (35, 60), (40, 45), (96, 99)] {
            let scan = list.iter().filter(|f| f.start >= s && f.end <= e).count();
            assert_eq!(ix.count_within(s, e, usize::MAX), scan, "{s}..{e}");
            assert_eq!(ix.count_within(s, e, 2), scan.min(2), "{s}..{e}");
        }
        for (s, e) in [
            (12, 13),
            (15, 20),
            (31, 79),
            (41, 44),
            (50, 85),
            (20, 21),
            (90, 95),
        ] {
            let scan = list.iter().any(|f| f.start <= s && e <= f.end);
            assert_eq!(ix.covers(s, e), scan, "{s}..{e}");
        }
    }

    #[test]
    fn sync_indexes_only_what_was_added() {
        let mut list = found(&[(0, 5)]);
        let mut ix = SpanIndex::default();
        ix.sync(&list);
        list.push(Found {
            start: 7,
            end: 9,
            entity: 1,
        });
        assert!(!ix.covers(7, 8));
        ix.sync(&list);
        assert!(ix.covers(7, 8));
        assert_eq!(ix.count_within(0, 9, usize::MAX), 2);
    }
}
