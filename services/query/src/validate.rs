//! Checks on everything a `WriteExtraction` carries before the store sees
//! it: sizes and counts (so one write's work is bounded), dates, money
//! (sign, nanos, ISO 4217 codes from `data/iso4217.tsv`), enum values,
//! evidence and story spans inside the text, and the content hash.
//!
//! [`Checked`] is the only way to hold a validated extraction:
//! `Checked::try_from(extraction)` either returns it or an [`Invalid`]
//! naming each bad field by its path (`extraction.funding_flows[2].amount.nanos`).

use std::{collections::HashSet, sync::OnceLock};

use tipwatch_proto::pb;

/// Most records (organisations, offices, people, funding flows, events
/// together) one write may carry.
pub const MAX_RECORDS_PER_WRITE: usize = 2_000;
/// Longest document text, in bytes.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// Most entries in any list inside one record (aliases, participants,
/// evidence, …).
pub const MAX_LIST: usize = 256;
/// Longest name, alias, title, place or reference, in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// Longest source, sentence or purpose, in characters.
pub const MAX_LONG_CHARS: usize = 4_000;
/// Longest evidence sentence, in characters (a run-on paragraph of a
/// real page is one "sentence" to the extractor).
pub const MAX_SENTENCE_CHARS: usize = 65_536;
/// Largest amount accepted, in whole currency units.
pub const MAX_UNITS: i64 = 1_000_000_000_000_000;
/// Most violations reported in one answer.
const MAX_VIOLATIONS: usize = 16;

/// One bad field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Path of the field, e.g. `extraction.events[0].kind`.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Why an extraction was refused: its bad fields (at most 16 listed).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{} invalid field(s), first {}: {}", .violations.len(), .violations[0].field, .violations[0].reason)]
pub struct Invalid {
    /// The bad fields, in message order.
    pub violations: Vec<Violation>,
}

/// An extraction that passed every check.
#[derive(Clone, Debug)]
pub struct Checked(pb::Extraction);

impl Checked {
    /// The validated extraction.
    pub fn into_inner(self) -> pb::Extraction {
        self.0
    }
}

impl TryFrom<pb::Extraction> for Checked {
    type Error = Invalid;

    fn try_from(x: pb::Extraction) -> Result<Self, Invalid> {
        extraction(&x)?;
        Ok(Self(x))
    }
}

/// The ISO 4217 alphabetic codes of `data/iso4217.tsv`.
pub fn currencies() -> &'static HashSet<&'static str> {
    static CODES: OnceLock<HashSet<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        include_str!("../data/iso4217.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .filter(|c| c.len() == 3)
            .collect()
    })
}

/// Collects violations; stops recording after [`MAX_VIOLATIONS`].
struct Checker {
    violations: Vec<Violation>,
    text_chars: u64,
}

impl Checker {
    fn bad(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        if self.violations.len() < MAX_VIOLATIONS {
            self.violations.push(Violation {
                field: field.into(),
                reason: reason.into(),
            });
        }
    }

    fn string(&mut self, field: &str, s: &str, max: usize, required: bool) {
        if required && s.trim().is_empty() {
            self.bad(field, "is required");
        } else if s.len() > max * 4 || s.chars().count() > max {
            self.bad(field, format!("is longer than {max} characters"));
        } else if max <= MAX_NAME_CHARS
            && s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            self.bad(field, "holds control characters");
        }
    }

    fn list<T>(&mut self, field: &str, items: &[T]) -> bool {
        if items.len() > MAX_LIST {
            self.bad(
                field,
                format!("has {} entries, more than {MAX_LIST}", items.len()),
            );
            return false;
        }
        true
    }

    fn strings(&mut self, field: &str, items: &[String]) {
        if self.list(field, items) {
            for (i, s) in items.iter().enumerate() {
                self.string(&format!("{field}[{i}]"), s, MAX_NAME_CHARS, true);
            }
        }
    }

    fn date(&mut self, field: &str, d: Option<&pb::Date>) {
        let Some(d) = d else { return };
        if let Err(reason) = date(d) {
            self.bad(field, reason);
        }
    }

    fn money(&mut self, field: &str, m: Option<&pb::Money>) {
        let Some(m) = m else { return };
        if let Err((part, reason)) = money(m) {
            self.bad(format!("{field}.{part}"), reason);
        }
    }

    fn span(&mut self, field: &str, start: u32, end: u32) {
        if start > end {
            self.bad(field, format!("start {start} is after end {end}"));
        } else if u64::from(end) > self.text_chars {
            self.bad(
                field,
                format!(
                    "end {end} is past the text's {} characters",
                    self.text_chars
                ),
            );
        }
    }

    fn evidence(&mut self, field: &str, ev: &[pb::Evidence]) {
        if !self.list(field, ev) {
            return;
        }
        for (i, e) in ev.iter().enumerate() {
            let f = format!("{field}[{i}]");
            self.span(&f, e.start, e.end);
            self.string(&format!("{f}.document"), &e.document, MAX_NAME_CHARS, false);
            self.string(
                &format!("{f}.sentence"),
                &e.sentence,
                MAX_SENTENCE_CHARS,
                false,
            );
        }
    }

    fn organisation(&mut self, f: &str, o: &pb::Organisation) {
        self.string(&format!("{f}.id"), &o.id, MAX_NAME_CHARS, true);
        self.string(&format!("{f}.name"), &o.name, MAX_NAME_CHARS, true);
        self.string(&format!("{f}.acronym"), &o.acronym, MAX_NAME_CHARS, false);
        self.strings(&format!("{f}.aliases"), &o.aliases);
        if pb::OrganisationKind::try_from(o.kind).is_err() {
            self.bad(
                format!("{f}.kind"),
                format!("{} is not an OrganisationKind", o.kind),
            );
        }
        self.string(&format!("{f}.country"), &o.country, MAX_NAME_CHARS, false);
        self.string(&format!("{f}.parent"), &o.parent, MAX_NAME_CHARS, false);
        self.strings(&format!("{f}.documents"), &o.documents);
        self.evidence(&format!("{f}.evidence"), &o.evidence);
    }
}

/// Checks a calendar date with its precision: all zero (unset), a year,
/// a year and month, or a full date that exists; years 1 to 9999.
pub fn date(d: &pb::Date) -> Result<(), String> {
    if (d.year, d.month, d.day) == (0, 0, 0) {
        return Ok(());
    }
    if !(1..=9999).contains(&d.year) {
        return Err(format!("year {} is not between 1 and 9999", d.year));
    }
    if !(0..=12).contains(&d.month) {
        return Err(format!("month {} is not between 1 and 12", d.month));
    }
    if d.day != 0 {
        if d.month == 0 {
            return Err("a day needs a month".into());
        }
        let leap = d.year % 4 == 0 && (d.year % 100 != 0 || d.year % 400 == 0);
        let days = match d.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        if !(1..=days).contains(&d.day) {
            return Err(format!(
                "day {} does not exist in {:04}-{:02}",
                d.day, d.year, d.month
            ));
        }
    }
    Ok(())
}

/// Checks an amount of money: an ISO 4217 code, not negative, nanos
/// below one unit, at most [`MAX_UNITS`]. The error names the bad part.
pub fn money(m: &pb::Money) -> Result<(), (&'static str, String)> {
    if !currencies().contains(m.currency_code.as_str()) {
        let shown = crate::limits::truncate(&m.currency_code);
        return Err((
            "currency_code",
            format!("{shown:?} is not an ISO 4217 code"),
        ));
    }
    if m.units < 0 || m.nanos < 0 {
        return Err(("units", "a funding amount cannot be negative".into()));
    }
    if m.nanos > 999_999_999 {
        return Err(("nanos", format!("{} is not below 1,000,000,000", m.nanos)));
    }
    if m.units > MAX_UNITS {
        return Err(("units", format!("{} is more than {MAX_UNITS}", m.units)));
    }
    Ok(())
}

/// True for 64 lower-case hexadecimal digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks every field of an extraction.
pub fn extraction(x: &pb::Extraction) -> Result<(), Invalid> {
    let mut c = Checker {
        violations: Vec::new(),
        text_chars: 0,
    };
    let records = x.organisations.len()
        + x.offices.len()
        + x.people.len()
        + x.funding_flows.len()
        + x.events.len()
        + x.stories.len();
    if records > MAX_RECORDS_PER_WRITE {
        c.bad(
            "extraction",
            format!("holds {records} records and stories, more than {MAX_RECORDS_PER_WRITE} in one write"),
        );
    }
    if x.text.len() > MAX_TEXT_BYTES {
        c.bad(
            "extraction.text",
            format!("is {} bytes, more than {MAX_TEXT_BYTES}", x.text.len()),
        );
    }
    if !c.violations.is_empty() {
        return Err(Invalid {
            violations: c.violations,
        });
    }
    c.text_chars = x.text.chars().count() as u64;
    if x.text.trim().is_empty() {
        c.bad("extraction.text", "is required");
    }
    c.string("extraction.source", &x.source, MAX_LONG_CHARS, true);
    c.string("extraction.title", &x.title, MAX_LONG_CHARS, false);
    c.date("extraction.published", x.published.as_ref());
    if !is_sha256_hex(&x.content_sha256) {
        c.bad(
            "extraction.content_sha256",
            "must be 64 lower-case hexadecimal digits (the SHA-256 of the document's bytes)",
        );
    }
    for (i, s) in x.stories.iter().enumerate() {
        let f = format!("extraction.stories[{i}]");
        c.string(&format!("{f}.title"), &s.title, MAX_LONG_CHARS, false);
        c.date(&format!("{f}.date"), s.date.as_ref());
        c.string(
            &format!("{f}.dateline_location"),
            &s.dateline_location,
            MAX_NAME_CHARS,
            false,
        );
        c.span(&f, s.start, s.end);
    }
    for (i, o) in x.organisations.iter().enumerate() {
        c.organisation(&format!("extraction.organisations[{i}]"), o);
    }
    for (i, o) in x.offices.iter().enumerate() {
        c.organisation(&format!("extraction.offices[{i}]"), o);
    }
    for (i, p) in x.people.iter().enumerate() {
        let f = format!("extraction.people[{i}]");
        c.string(&format!("{f}.id"), &p.id, MAX_NAME_CHARS, true);
        c.string(&format!("{f}.name"), &p.name, MAX_NAME_CHARS, true);
        c.string(&format!("{f}.title"), &p.title, MAX_NAME_CHARS, false);
        c.string(
            &format!("{f}.organisation"),
            &p.organisation,
            MAX_NAME_CHARS,
            false,
        );
        c.strings(&format!("{f}.documents"), &p.documents);
        c.evidence(&format!("{f}.evidence"), &p.evidence);
    }
    for (i, fl) in x.funding_flows.iter().enumerate() {
        let f = format!("extraction.funding_flows[{i}]");
        c.string(&format!("{f}.id"), &fl.id, MAX_NAME_CHARS, false);
        c.string(&format!("{f}.funder"), &fl.funder, MAX_NAME_CHARS, false);
        c.string(
            &format!("{f}.recipient"),
            &fl.recipient,
            MAX_NAME_CHARS,
            false,
        );
        c.money(&format!("{f}.amount"), fl.amount.as_ref());
        c.money(&format!("{f}.amount_upper"), fl.amount_upper.as_ref());
        if let (Some(lo), Some(hi)) = (&fl.amount, &fl.amount_upper) {
            if lo.currency_code != hi.currency_code {
                c.bad(
                    format!("{f}.amount_upper.currency_code"),
                    "differs from amount's",
                );
            } else if (hi.units, hi.nanos) < (lo.units, lo.nanos) {
                c.bad(format!("{f}.amount_upper"), "is below amount");
            }
        }
        if pb::FundingStatus::try_from(fl.status).is_err() {
            c.bad(
                format!("{f}.status"),
                format!("{} is not a FundingStatus", fl.status),
            );
        }
        c.date(&format!("{f}.date"), fl.date.as_ref());
        c.string(&format!("{f}.purpose"), &fl.purpose, MAX_LONG_CHARS, false);
        c.strings(&format!("{f}.documents"), &fl.documents);
        c.evidence(&format!("{f}.evidence"), &fl.evidence);
    }
    for (i, e) in x.events.iter().enumerate() {
        let f = format!("extraction.events[{i}]");
        c.string(&format!("{f}.id"), &e.id, MAX_NAME_CHARS, false);
        if pb::EventKind::try_from(e.kind).is_err() {
            c.bad(
                format!("{f}.kind"),
                format!("{} is not an EventKind", e.kind),
            );
        }
        c.string(&format!("{f}.title"), &e.title, MAX_LONG_CHARS, false);
        c.date(&format!("{f}.date"), e.date.as_ref());
        c.date(&format!("{f}.end_date"), e.end_date.as_ref());
        c.string(&format!("{f}.location"), &e.location, MAX_NAME_CHARS, false);
        c.strings(&format!("{f}.participants"), &e.participants);
        c.strings(&format!("{f}.people"), &e.people);
        c.strings(&format!("{f}.documents"), &e.documents);
        c.evidence(&format!("{f}.evidence"), &e.evidence);
    }
    if c.violations.is_empty() {
        Ok(())
    } else {
        Err(Invalid {
            violations: c.violations,
        })
    }
}

#[cfg(test)]
mod tests;
