//! How organisation names compare: the one normalisation that the store's
//! alias index, the query filters and the extractor's merging share.

/// Normalises a name for alias lookup: lower case, British/American
/// spellings folded, "the" and punctuation dropped, spaces collapsed.
pub fn norm_alias(s: &str) -> String {
    let lower = s.to_lowercase().replace(['\u{2019}', '\u{2018}'], "'");
    let mut out = String::with_capacity(lower.len());
    for w in lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .map(|w| w.strip_suffix("'s").unwrap_or(w))
        .filter(|w| !w.is_empty() && *w != "the")
    {
        let w = match w {
            "organisation" => "organization",
            "organisations" => "organizations",
            "labour" => "labor",
            "centre" => "center",
            "centres" => "centers",
            "programme" => "program",
            "programmes" => "programs",
            other => other,
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::norm_alias;

    #[test]
    fn spellings_and_possessives_fold() {
        assert_eq!(
            norm_alias("The Labour Organisation's"),
            "labor organization"
        );
        assert_eq!(norm_alias("  U.N.  "), "u n");
        assert_eq!(norm_alias("..."), "");
    }
}
