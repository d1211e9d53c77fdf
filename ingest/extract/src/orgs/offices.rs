//! Offices of a body named as such ("UNODC Regional Office for X").

use super::boundaries::span_text;
use super::registry::Registry;
use super::Found;
use crate::tokens::Token;

/// The words of an office's name from "Regional/Country Office" on.
pub(super) fn office_part<'a, 'b>(toks: &'b [Token<'a>]) -> &'b [Token<'a>] {
    let k = toks
        .iter()
        .position(|t| OFFICE_WORDS.contains(&t.text))
        .unwrap_or(0);
    &toks[k..]
}

/// Words that open the name of a body's own office.
pub(super) const OFFICE_WORDS: &[&str] = &[
    "Regional",
    "Country",
    "Sub-Regional",
    "Subregional",
    "Liaison",
    "Field",
    "Headquarters",
];

/// Returns the body whose office `toks` names: "UNODC Regional Office for
/// X" (a known acronym first), or "Regional Office for X" right after a
/// mention of the body ("Office on Drugs and Crime (UNODC) Regional Office").
pub(super) fn office_of(
    text: &str,
    reg: &Registry<'_>,
    found: &[Found],
    toks: &[Token<'_>],
) -> Option<usize> {
    let k = toks.iter().position(|t| OFFICE_WORDS.contains(&t.text))?;
    if toks
        .get(k + 1)
        .is_none_or(|t| t.text != "Office" && t.text != "Mission")
    {
        return None;
    }
    if k > 0 {
        let owner = span_text(text, &toks[..k]);
        return reg
            .find(owner)
            .or_else(|| reg.g.body_by_acronym(owner).and_then(|b| reg.find(&b.name)));
    }
    let start = toks[0].start;
    found
        .iter()
        .filter(|f| f.end <= start && text[f.end..start].trim_matches([')', ' ']).is_empty())
        .map(|f| f.entity)
        .next_back()
}
