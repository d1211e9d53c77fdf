//! The date of a report is not the date of what it reports: "said in a
//! statement on Friday that ... on Thursday" dates the happening Thursday.

/// Words that report speech; a date right after one of them ("said on
/// Friday", "a statement on Friday", "told reporters on Monday") dates the
/// report.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "stated",
    "statement",
    "told",
    "tweeted",
    "disclosed",
    "revealed",
    "confirmed",
    "added",
    "explained",
    "noted",
    "reporters",
    "journalists",
    "release",
];

/// True when the date mention starting at `at` in `sent` dates a report:
/// one of [`REPORTING`] is among the five words before it, with no comma or
/// "that" between ("said on", "in a statement on", "told journalists in
/// Dutse on").
pub(super) fn dates_a_report(sent: &str, at: usize) -> bool {
    let mut k = at.min(sent.len());
    while !sent.is_char_boundary(k) {
        k -= 1;
    }
    let head = &sent[..k];
    let head = &head[head.rfind([',', ';', ':']).map_or(0, |i| i + 1)..];
    head.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .take(5)
        .take_while(|w| !w.eq_ignore_ascii_case("that"))
        .any(|w| REPORTING.contains(&w.to_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_after_reporting_words_date_the_report() {
        let s =
            "The agency said in a statement on Friday that police rescued four women on Thursday.";
        assert!(dates_a_report(s, s.find("Friday").unwrap()));
        assert!(!dates_a_report(s, s.find("Thursday").unwrap()));
        let s = "The minister told reporters on Monday.";
        assert!(dates_a_report(s, s.find("Monday").unwrap()));
        let s = "He told journalists in the capital on Friday.";
        assert!(dates_a_report(s, s.find("Friday").unwrap()));
        let s = "He said that the workshop opened on Monday.";
        assert!(!dates_a_report(s, s.find("Monday").unwrap()));
        let s = "The workshop opened on Monday.";
        assert!(!dates_a_report(s, s.find("Monday").unwrap()));
    }
}
