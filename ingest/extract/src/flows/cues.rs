//! Funding cues as data (`data/flow_cues.tsv`): each verb family is
//! expanded into its forms (active, "PP by", "-PP" adjective), each noun
//! and phrase taken as written, and all of them are found in one
//! case-insensitive `aho-corasick` pass over the document.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// What a cue says about the roles around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// A verb form: "funds", "donated", "is providing", "to give".
    Verb(Tense),
    /// "funded by", "donated by": the giver follows.
    PassiveBy,
    /// "EU-funded": the giver stands right before.
    Adjective,
    /// "funding", "a grant", "contribution".
    Noun,
    /// "with support from", "supported by": the giver follows.
    Support,
    /// "implemented by" (the implementer follows) or "is implementing"
    /// (the implementer stands before).
    Implement {
        /// True when the implementer follows the phrase.
        after: bool,
    },
}

/// The form of a verb cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tense {
    /// Lemma, third person, "-ing": active.
    Active,
    /// A form that is both past and past participle ("funded"): active
    /// unless a form of "be" stands before it.
    PastOrParticiple,
    /// A participle that differs from the past ("given"): passive.
    Participle,
}

/// How much a cue says on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// A flow by itself (fund, finance, grant, donate).
    Strong,
    /// A flow only with an amount or a funding noun (provide, give).
    Money,
    /// The subject receives; "from X" gives.
    Receive,
    /// A signed agreement, a flow with an amount.
    Sign,
    /// No class (phrases, implementers).
    None,
}

/// One generated cue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// The text matched (lower case).
    pub surface: String,
    /// The family (verb lemma or noun) it belongs to.
    pub family: String,
    /// Its form.
    pub form: Form,
    /// Its class.
    pub class: Class,
    /// True when the same word is also a funding noun ("funds", "funding").
    pub noun: bool,
}

/// A cue found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Index into [`Cues::cues`].
    pub cue: usize,
}

/// The generated cue table and its matcher.
pub struct Cues {
    /// Every generated cue.
    pub cues: Vec<Cue>,
    /// Words that make an amount next to them not a gift ("salary").
    pub blockers: Vec<String>,
    matcher: AhoCorasick,
}

fn class(s: &str) -> Class {
    match s {
        "strong" => Class::Strong,
        "money" => Class::Money,
        "receive" => Class::Receive,
        "sign" => Class::Sign,
        _ => Class::None,
    }
}

/// Expands the table's families into cues.
pub fn generate(src: &str) -> (Vec<Cue>, Vec<String>) {
    let mut cues: Vec<Cue> = Vec::new();
    let mut blockers = Vec::new();
    let mut add = |surface: String, family: &str, form: Form, class: Class| match cues
        .iter_mut()
        .find(|c| c.surface == surface)
    {
        Some(c) => c.noun |= form == Form::Noun,
        None => cues.push(Cue {
            surface,
            family: family.to_owned(),
            form,
            class,
            noun: form == Form::Noun,
        }),
    };
    for line in src.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('|').map(str::trim).collect();
        match f.as_slice() {
            ["verb", lemma, third, past, pp, ing, particle, cls] => {
                let c = class(cls);
                let part = |w: &str| {
                    if particle.is_empty() {
                        w.to_lowercase()
                    } else {
                        format!("{w} {particle}").to_lowercase()
                    }
                };
                for w in [lemma, third, ing] {
                    add(part(w), lemma, Form::Verb(Tense::Active), c);
                }
                let past_form = if past == pp {
                    Tense::PastOrParticiple
                } else {
                    add(part(past), lemma, Form::Verb(Tense::Active), c);
                    Tense::Participle
                };
                add(part(pp), lemma, Form::Verb(past_form), c);
                add(format!("{} by", part(pp)), lemma, Form::PassiveBy, c);
                add(format!("-{}", pp.to_lowercase()), lemma, Form::Adjective, c);
            }
            ["noun", form, cls] => add(form.to_lowercase(), form, Form::Noun, class(cls)),
            ["support", phrase] => add(phrase.to_lowercase(), phrase, Form::Support, Class::None),
            ["implement", phrase] => {
                let after = phrase.ends_with(" by");
                add(
                    phrase.to_lowercase(),
                    phrase,
                    Form::Implement { after },
                    Class::None,
                );
            }
            ["block", word] => blockers.push(word.to_lowercase()),
            _ => {}
        }
    }
    (cues, blockers)
}

/// The cue table shipped in `data/flow_cues.tsv`.
pub fn get() -> &'static Cues {
    static C: OnceLock<Cues> = OnceLock::new();
    C.get_or_init(|| {
        let (cues, blockers) = generate(include_str!("../../data/flow_cues.tsv"));
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(cues.iter().map(|c| c.surface.as_str()))
            .expect("cue automaton");
        Cues {
            cues,
            blockers,
            matcher,
        }
    })
}

impl Cues {
    /// Every cue in `text` that stands as whole words, in order.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        let bytes = text.as_bytes();
        let word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
        self.matcher
            .find_iter(text)
            .filter(|m| {
                let cue = &self.cues[m.pattern().as_usize()];
                let before_ok = if cue.form == Form::Adjective {
                    m.start() > 0 && !bytes[m.start() - 1].is_ascii_whitespace()
                } else {
                    m.start() == 0 || !word(bytes[m.start() - 1])
                };
                before_ok && bytes.get(m.end()).is_none_or(|b| !word(*b))
            })
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                cue: m.pattern().as_usize(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<(String, Form)> {
        let c = get();
        c.scan(text)
            .into_iter()
            .map(|h| (text[h.start..h.end].to_lowercase(), c.cues[h.cue].form))
            .collect()
    }

    #[test]
    fn every_tense_and_voice_of_a_family_is_a_cue() {
        let c = get();
        for w in [
            "fund",
            "funds",
            "funded",
            "funding",
            "finance",
            "financed",
            "donates",
            "gave",
            "given",
            "handed over",
            "set aside",
            "receiving",
            "co-financed",
        ] {
            assert!(c.cues.iter().any(|x| x.surface == w), "{w}");
        }
        assert_eq!(
            forms("It was financed by Ruritania."),
            vec![("financed by".into(), Form::PassiveBy)]
        );
        assert_eq!(
            forms("the Ruritania-funded scheme"),
            vec![("-funded".into(), Form::Adjective)]
        );
        assert_eq!(
            forms("Ruritania gave it."),
            vec![("gave".into(), Form::Verb(Tense::Active))]
        );
        assert_eq!(
            forms("it was given"),
            vec![("given".into(), Form::Verb(Tense::Participle))]
        );
    }

    #[test]
    fn phrases_and_implementers() {
        assert_eq!(
            forms("With support from the Ruritanian Trust"),
            vec![("with support from".into(), Form::Support)]
        );
        assert_eq!(
            forms("implemented by Acme"),
            vec![("implemented by".into(), Form::Implement { after: true })]
        );
    }

    #[test]
    fn parts_of_other_words_are_not_cues() {
        assert!(forms("refunds and fundamental grantees").is_empty());
        assert!(get().blockers.contains(&"salary".to_owned()));
    }
}
