//! Word tokens with byte spans, and the word lists that the recognisers
//! share (connectors inside names, titles of office, honorifics).

/// A word of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte offset in the text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The word as written.
    pub text: &'a str,
}

impl Token<'_> {
    /// True when the word starts with an upper-case letter or a digit
    /// followed by letters ("3rd").
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// True when every letter is upper case and there are two or more.
    pub fn all_caps(&self) -> bool {
        let mut n = 0;
        for c in self.bare().chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            n += 1;
        }
        n >= 2
    }

    /// The word without a possessive "'s".
    pub fn bare(&self) -> &str {
        self.text.strip_suffix("'s").unwrap_or(self.text)
    }
}

fn word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '-' | '.' | '/' | '&')
}

/// Splits `text[start..end]` into words: letters and digits with inner
/// apostrophes, hyphens, dots and slashes ("FIA's", "Anti-Human", "U.S.",
/// "J/TIP"); trailing dots and quotes are not part of a word, except in
/// dotted abbreviations.
pub fn tokenize<'a>(text: &'a str, start: usize, end: usize) -> Vec<Token<'a>> {
    let s = &text[start..end];
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    let push = |a: usize, b: usize, out: &mut Vec<Token<'a>>| {
        let mut w = &s[a..b];
        // Trim punctuation that belongs to the sentence, not the word.
        let dotted = w.len() >= 3
            && w.ends_with('.')
            && w.matches('.').count() >= 2
            && w.chars().filter(|c| c.is_alphabetic()).count() <= 4;
        while let Some(last) = w.chars().last() {
            if matches!(last, '\'' | '-' | '/' | '&') || last == '.' && !dotted {
                w = &w[..w.len() - last.len_utf8()];
            } else {
                break;
            }
        }
        let lead = w.len() - w.trim_start_matches(['\'', '-', '.', '/', '&']).len();
        let w2 = &w[lead..];
        if w2.is_empty() {
            return;
        }
        let at = start + a + lead;
        // "EU-funded", "UN-led": an acronym glued to a lower-case word is two words.
        if let Some((head, tail)) = w2.split_once('-') {
            let acronym = head.chars().count() >= 2 && head.chars().all(|c| c.is_uppercase());
            if acronym && tail.chars().next().is_some_and(char::is_lowercase) {
                out.push(Token {
                    start: at,
                    end: at + head.len(),
                    text: &text[at..at + head.len()],
                });
                let t0 = at + head.len() + 1;
                out.push(Token {
                    start: t0,
                    end: at + w2.len(),
                    text: &text[t0..at + w2.len()],
                });
                return;
            }
        }
        out.push(Token {
            start: at,
            end: at + w2.len(),
            text: &text[at..at + w2.len()],
        });
    };
    for (i, c) in s.char_indices() {
        match (word_char(c), cur) {
            (true, None) => cur = Some(i),
            (false, Some(a)) => {
                push(a, i, &mut out);
                cur = None;
            }
            _ => {}
        }
    }
    if let Some(a) = cur {
        push(a, s.len(), &mut out);
    }
    out
}

/// Lower-case words that may join the capitalised words of a name.
pub const CONNECTORS: &[&str] = &[
    "of", "for", "and", "on", "the", "to", "in", "against", "de", "del", "la", "du", "des", "&",
    "y", "et",
];

/// Words that head an organisation's name.
pub const HEADS: &[&str] = &[
    "Ministry",
    "Ministries",
    "Agency",
    "Agencies",
    "Commission",
    "Office",
    "Organisation",
    "Organization",
    "Department",
    "Departments",
    "Centre",
    "Center",
    "Centres",
    "Centers",
    "Committee",
    "Committees",
    "Council",
    "Bureau",
    "Embassy",
    "Delegation",
    "Union",
    "Fund",
    "Service",
    "Services",
    "Police",
    "Directorate",
    "Unit",
    "Wing",
    "Network",
    "Institute",
    "Institution",
    "University",
    "Foundation",
    "Association",
    "Society",
    "Authority",
    "Authorities",
    "Secretariat",
    "Federation",
    "Corporation",
    "Bank",
    "Trust",
    "Coalition",
    "Force",
    "Guard",
    "Coastguard",
    "Division",
    "Parliament",
    "Assembly",
    "Senate",
    "Television",
    "Radio",
    "Broadcasting",
    "Gendarmerie",
    "Inspectorate",
    "Board",
    "Chamber",
    "Academy",
    "School",
    "College",
    "Consortium",
    "Company",
    "Ltd",
    "Inc",
    "Limited",
    "Cross",
    "Crescent",
    "Caritas",
    "Judiciary",
    "Prosecution",
    "Ombudsman",
    "Consulate",
    "High Commission",
    "Casa",
    "Fundación",
    "Fundacion",
    "Asociación",
    "Asociacion",
    "Instituto",
    "Ministerio",
    "Secretaría",
    "Secretaria",
    "Dirección",
    "Direccion",
    "Centro",
    "Comisión",
    "Comision",
    "Consejo",
    "Oficina",
    "Policía",
    "Policia",
    "Procuraduría",
    "Defensoría",
    "Ministère",
    "Direction",
    "Agence",
    "Fondation",
];

/// Words that open a title of office rather than a body's name.
pub const TITLE_WORDS: &[&str] = &[
    "Minister",
    "Secretary",
    "Director",
    "Deputy",
    "Chief",
    "Head",
    "Inspector",
    "Ambassador",
    "Chairperson",
    "Chairman",
    "Chairwoman",
    "Chair",
    "President",
    "Vice",
    "Commissioner",
    "Representative",
    "Coordinator",
    "Officer",
    "Adviser",
    "Advisor",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Governor",
    "Executive",
    "Assistant",
    "Additional",
    "Senior",
    "Programme",
    "Program",
    "Project",
    "Manager",
    "Consul",
    "Attaché",
    "Counsellor",
    "Counselor",
    "Superintendent",
    "Commander",
    "Mayor",
    "Judge",
    "Justice",
    "Prosecutor",
    "Envoy",
    "Rapporteur",
    "Founder",
    "Member",
    "Members",
    "Staff",
    "Officials",
    "Official",
    "Charge",
    "Chargé",
];

/// Honorifics that come before a name.
pub const HONORIFICS: &[&str] = &[
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Miss",
    "Dr",
    "Dr.",
    "Prof",
    "Prof.",
    "Professor",
    "Rev",
    "Rev.",
    "Sir",
    "Dame",
    "Madam",
    "Hon",
    "Hon.",
    "H.E.",
    "Mme",
    "Mme.",
];

/// Returns the longest prefix of `s` of at most `max` bytes that ends on
/// a character boundary.
pub fn prefix_at_most(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// True when `s[start..end]` is not glued to letters or digits on either side.
pub fn word_bounded(s: &str, start: usize, end: usize) -> bool {
    s[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
        && s[end..].chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// True when the word is a connector.
pub fn is_connector(w: &str) -> bool {
    CONNECTORS.contains(&w)
}

/// True when the word heads an organisation name.
pub fn is_head(w: &str) -> bool {
    HEADS.contains(&w)
}

/// True when the word opens a title of office.
pub fn is_title_word(w: &str) -> bool {
    TITLE_WORDS.iter().any(|t| t.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_marks_and_drop_sentence_marks() {
        let t = "FIA's Anti-Human wing, the U.S. (J/TIP) said: \"done.\"";
        let w: Vec<&str> = tokenize(t, 0, t.len()).iter().map(|x| x.text).collect();
        assert_eq!(
            w,
            vec![
                "FIA's",
                "Anti-Human",
                "wing",
                "the",
                "U.S.",
                "J/TIP",
                "said",
                "done"
            ]
        );
        let toks = tokenize(t, 0, t.len());
        assert_eq!(&t[toks[0].start..toks[0].end], "FIA's");
        assert_eq!(toks[0].bare(), "FIA");
    }
}
