//! Stage 4: sentences. A line never spans two sentences' worth of
//! boundary doubt: line ends are boundaries; inside a line a `.`, `!` or
//! `?` ends a sentence unless it closes an abbreviation ("Mr.", "U.S.",
//! "No."), an initial ("Amy E. Pope") or sits inside a number ("1.6").

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "rev", "prof", "st", "no", "nos", "jr", "sr", "gen", "col", "lt",
    "sgt", "capt", "hon", "gov", "sen", "rep", "amb", "mt", "vs", "etc", "e.g", "i.e", "inc",
    "ltd", "co", "corp", "dept", "est", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.u", "art", "para", "approx",
    "govt", "h.e", "excl", "incl", "op", "vol", "p", "pp", "a.m", "p.m", "mme", "mlle", "rs", "tk",
    "ksh", "shs",
];

/// A sentence: its byte span in the text and the line it lies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Index of its line.
    pub line: usize,
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() == 1 && w.chars().all(char::is_alphabetic) {
        return true; // an initial: "E." in "Amy E. Pope"
    }
    ABBREVIATIONS.contains(&w.as_str())
}

/// Splits the line spans of `text` into sentences.
pub fn split(text: &str, lines: &[(usize, usize)]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (li, &(ls, le)) in lines.iter().enumerate() {
        let line = &text[ls..le];
        let mut start = 0;
        let chars: Vec<(usize, char)> = line.char_indices().collect();
        for k in 0..chars.len() {
            let (i, c) = chars[k];
            if !matches!(c, '.' | '!' | '?') {
                continue;
            }
            // Closing quotes and brackets stay with the sentence.
            let mut j = k + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | ')' | ']') {
                j += 1;
            }
            if j >= chars.len() || !chars[j].1.is_whitespace() {
                continue;
            }
            let mut n = j;
            while n < chars.len() && chars[n].1.is_whitespace() {
                n += 1;
            }
            let Some(&(next_i, next_c)) = chars.get(n) else {
                continue;
            };
            let opens = next_c.is_uppercase()
                || next_c.is_ascii_digit()
                || matches!(next_c, '"' | '\'' | '(');
            if !opens || (c == '.' && is_abbreviation(&line[start..i])) {
                continue;
            }
            let end = chars.get(j).map_or(line.len(), |x| x.0);
            if line[start..end].trim().len() > 1 {
                out.push(Sentence {
                    start: ls + start,
                    end: ls + end,
                    line: li,
                });
            }
            start = next_i;
        }
        if line[start..].trim().len() > 1 {
            out.push(Sentence {
                start: ls + start,
                end: le,
                line: li,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        split(t, &[(0, t.len())])
            .into_iter()
            .map(|s| &t[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            texts("Mr. Lee met Amy E. Pope in the U.S. Embassy. They signed a $1.6 million deal. \"Good,\" he said."),
            vec!["Mr. Lee met Amy E. Pope in the U.S. Embassy.", "They signed a $1.6 million deal.", "\"Good,\" he said."]
        );
        assert_eq!(
            texts("It ended. (Photo: X) Next one?"),
            vec!["It ended.", "(Photo: X) Next one?"]
        );
        assert_eq!(texts("See No. 5 here."), vec!["See No. 5 here."]);
        // Currency abbreviations before an amount.
        assert_eq!(
            texts("It gave Rs. 5,00,000 and Tk. 9 lakh."),
            vec!["It gave Rs. 5,00,000 and Tk. 9 lakh."]
        );
    }

    #[test]
    fn lines_are_boundaries() {
        let t = "First line without stop\nSecond line.";
        let s = split(t, &[(0, 23), (24, t.len())]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].line, 1);
    }
}
