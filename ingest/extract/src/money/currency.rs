//! The currency table (`data/currencies.tsv`): surface forms, their ISO
//! 4217 codes, where they stand relative to the number, and the context
//! words that choose among several currencies written the same way
//! ("Rs", "Sh", "K", "N", "kroner").

use std::sync::OnceLock;

/// Where a surface form stands relative to its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// Before the number ("$", "Rs", "NOK").
    Pre,
    /// After the number ("dollars", "euros").
    Post,
    /// Either side (ISO codes, "€").
    Both,
}

/// One row of the currency table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The form as written ("US$", "Rs.", "kroner").
    pub surface: String,
    /// ISO 4217 code.
    pub code: String,
    /// Where the form stands.
    pub position: Position,
    /// Lower-case words that select this row; empty for a default row.
    pub context: Vec<String>,
}

/// The loaded table, with forms sorted longest first so that "US$" wins
/// over "$" and "Rs." over "Rs".
#[derive(Debug)]
pub struct Table {
    rows: Vec<Row>,
}

fn parse(src: &str) -> Table {
    let mut rows: Vec<Row> = src
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let f: Vec<&str> = l.split(" | ").map(str::trim).collect();
            let (surface, code, pos) = (*f.first()?, *f.get(1)?, *f.get(2)?);
            let position = match pos.trim_end_matches(" |") {
                "pre" => Position::Pre,
                "post" => Position::Post,
                _ => Position::Both,
            };
            let context = f
                .get(3)
                .map(|c| {
                    c.split(',')
                        .map(|w| w.trim().to_lowercase())
                        .filter(|w| !w.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            Some(Row {
                surface: surface.to_owned(),
                code: code.to_owned(),
                position,
                context,
            })
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.surface.len()));
    Table { rows }
}

/// The currency table shipped in `data/currencies.tsv`.
pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse(include_str!("../../data/currencies.tsv")))
}

impl Table {
    /// The surface forms allowed at `pos`, longest first.
    pub fn forms(&self, pos: Position) -> impl Iterator<Item = &str> {
        let mut seen: Vec<&str> = Vec::new();
        self.rows
            .iter()
            .filter(move |r| r.position == pos || r.position == Position::Both)
            .map(|r| r.surface.as_str())
            .filter(move |s| {
                if seen.contains(s) {
                    false
                } else {
                    seen.push(s);
                    true
                }
            })
    }

    /// The code a surface form stands for in a document: the row whose
    /// context word the document contains (`has` answers for a word),
    /// else the default row, else none.
    pub fn resolve(&self, surface: &str, has: &dyn Fn(&str) -> bool) -> Option<&str> {
        let rows = self.rows.iter().filter(|r| r.surface == surface);
        let mut default = None;
        for r in rows {
            if r.context.is_empty() {
                default.get_or_insert(r.code.as_str());
            } else if r.context.iter().any(|w| has(w)) {
                return Some(&r.code);
            }
        }
        default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_forms_need_their_context() {
        let t = table();
        assert_eq!(t.resolve("Rs", &|w| w == "india"), Some("INR"));
        assert_eq!(t.resolve("Rs", &|w| w == "pakistan"), Some("PKR"));
        assert_eq!(t.resolve("Sh", &|w| w == "kenya"), Some("KES"));
        assert_eq!(t.resolve("N", &|_| false), None);
        assert_eq!(t.resolve("K", &|w| w == "zambia"), Some("ZMW"));
        assert_eq!(t.resolve("$", &|_| false), Some("USD"));
        assert_eq!(t.resolve("kroner", &|w| w == "danish"), Some("DKK"));
    }

    #[test]
    fn longest_forms_come_first() {
        let pre: Vec<&str> = table().forms(Position::Pre).collect();
        let us = pre.iter().position(|s| *s == "US$").unwrap();
        let bare = pre.iter().position(|s| *s == "$").unwrap();
        assert!(us < bare);
        assert!(!pre.contains(&"dollars"));
    }
}
