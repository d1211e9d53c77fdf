//! Measures of a line's shape: its words, stop-word density, whether it
//! ends a sentence, whether it is in title case.

const STOP: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "for", "on", "at", "by", "with", "from", "as",
    "is", "was", "are", "were", "be", "been", "has", "have", "had", "that", "this", "which", "who",
    "it", "its", "their", "will", "would", "said", "also", "not", "but", "into", "over", "than",
    "more", "after", "about", "during", "under",
];

/// The line's whitespace-separated words.
pub(super) fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// Share of the words that are stop words.
pub(super) fn stop_density(s: &str) -> f32 {
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

/// True when the line ends with sentence punctuation (closing quotes
/// and brackets aside).
pub(super) fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', ')', ']', ' ']);
    t.ends_with(['.', '!', '?', ':', ';'])
}

/// True when most words longer than three letters are capitalised.
pub(super) fn title_case(s: &str) -> bool {
    let w: Vec<&str> = words(s).into_iter().filter(|w| w.len() > 3).collect();
    !w.is_empty()
        && w.iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count()
            * 10
            >= w.len() * 7
}
