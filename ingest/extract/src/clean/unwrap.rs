//! Hard-wrapped text (most long lines 45-80 characters) joined back into
//! paragraphs.

use super::shape::{ends_sentence, title_case};

/// Splits lines that are hard-wrapped (most long lines 45-80 characters)
/// back into paragraphs.
pub(super) fn unwrap_lines(lines: Vec<String>) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use crate::clean::clean;

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
