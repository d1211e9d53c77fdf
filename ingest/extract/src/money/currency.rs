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
    /// Distinct forms allowed before the number, bucketed by last byte.
    pre: FormIndex,
    /// Distinct forms allowed after the number, bucketed by first byte.
    post: FormIndex,
    /// Distinct forms written on either side.
    both: Vec<String>,
}

/// Distinct surface forms in table order (longest first), with the
/// positions of those that can end (or start) with each byte, so that a
/// look-up tests only the forms that can match.
#[derive(Debug)]
struct FormIndex {
    forms: Vec<String>,
    by_byte: Vec<Vec<usize>>,
}

impl FormIndex {
    /// Indexes `forms` by the byte `key` picks from each (every bucket
    /// for an empty form).
    fn new(forms: Vec<String>, key: fn(&[u8]) -> Option<&u8>) -> Self {
        let mut by_byte = vec![Vec::new(); 256];
        for (i, f) in forms.iter().enumerate() {
            match key(f.as_bytes()) {
                Some(&b) => by_byte[usize::from(b)].push(i),
                None => by_byte.iter_mut().for_each(|v| v.push(i)),
            }
        }
        Self { forms, by_byte }
    }

    /// The forms whose key byte is `b`, in table order.
    fn with(&self, b: u8) -> impl Iterator<Item = &str> {
        self.by_byte[usize::from(b)]
            .iter()
            .map(|&i| self.forms[i].as_str())
    }
}

/// The distinct surfaces of the rows allowed at `pos`, in row order.
fn distinct_forms(rows: &[Row], pos: Position) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in rows {
        let allowed = r.position == pos || r.position == Position::Both;
        if allowed && !out.contains(&r.surface) {
            out.push(r.surface.clone());
        }
    }
    out
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
    let pre = FormIndex::new(distinct_forms(&rows, Position::Pre), <[u8]>::last);
    let post = FormIndex::new(distinct_forms(&rows, Position::Post), <[u8]>::first);
    let both = distinct_forms(&rows, Position::Both);
    Table {
        rows,
        pre,
        post,
        both,
    }
}

/// The currency table shipped in `data/currencies.tsv`.
pub fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse(include_str!("../../data/currencies.tsv")))
}

impl Table {
    /// The surface forms allowed at `pos`, longest first.
    pub fn forms(&self, pos: Position) -> impl Iterator<Item = &str> {
        let list = match pos {
            Position::Pre => &self.pre.forms,
            Position::Post => &self.post.forms,
            Position::Both => &self.both,
        };
        list.iter().map(String::as_str)
    }

    /// The forms allowed before a number that end with byte `last`,
    /// longest first.
    pub fn pre_forms_ending(&self, last: u8) -> impl Iterator<Item = &str> {
        self.pre.with(last)
    }

    /// The forms allowed after a number that start with byte `first`,
    /// longest first.
    pub fn post_forms_starting(&self, first: u8) -> impl Iterator<Item = &str> {
        self.post.with(first)
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
