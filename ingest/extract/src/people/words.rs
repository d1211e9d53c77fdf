//! Word tests for names: which words can be part of a person's name, and
//! which open titles or forms of address.

use crate::gazetteer;
use crate::tokens::{is_connector, is_head, is_title_word as base_title_word, Token, HONORIFICS};

const NOT_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "And",
    "Of",
    "In",
    "On",
    "At",
    "For",
    "By",
    "With",
    "From",
    "To",
    "His",
    "Her",
    "Their",
    "Its",
    "Excellency",
    "Government",
    "Minister",
    "Ministry",
    "President",
    "Republic",
    "State",
    "States",
    "United",
    "National",
    "International",
    "Federal",
    "Regional",
    "Office",
    "Director",
    "General",
    "Asia",
    "Africa",
    "Europe",
    "America",
    "Americas",
    "Pacific",
    "Caribbean",
    "Middle",
    "East",
    "West",
    "North",
    "South",
    "Central",
    "Union",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mediterranean",
    "Sahara",
    "Desert",
    "Sea",
    "Ocean",
    "River",
    "Lake",
    "Province",
    "County",
    "District",
    "City",
    "Region",
    "Email",
    "Tel",
    "Phone",
    "Fax",
    "Press",
    "Release",
    "News",
    "Media",
    "Contact",
    "Update",
    "Photo",
    "Embassy",
    "Agency",
    "Human",
    "Rights",
    "Trafficking",
    "Smuggling",
    "Migration",
    "Migrants",
    "Migrant",
    "Persons",
    "Victims",
    "Police",
    "Programme",
    "Program",
    "Project",
    "Plan",
    "Action",
    "Report",
    "Section",
    "Branch",
    "Division",
    "Unit",
    "Wing",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Rev",
    "Said",
    "Also",
    "However",
    "Today",
    "He",
    "She",
    "They",
    "We",
    "It",
    "This",
    "That",
    "Mission",
    "Chief",
    "Deputy",
    "Head",
    "Foreign",
    "Affairs",
    "Interior",
    "Security",
    "Development",
    "Global",
    "UN",
    "EU",
    "Global",
    "Country",
    "Anti",
    "Social",
    "Welfare",
    "Justice",
    "Crime",
    "Law",
    "Council",
    "Commission",
    "Organization",
    "Organisation",
    "Department",
    "Secretary",
    "Ambassador",
    "Coordinator",
    "Officer",
    "Adviser",
];

/// Verbs of speaking and acting that follow or precede a name.
pub(super) const SPEECH: &[&str] = &[
    "said",
    "says",
    "added",
    "noted",
    "stated",
    "explained",
    "emphasized",
    "emphasised",
    "stressed",
    "highlighted",
    "commented",
    "remarked",
    "announced",
    "told",
    "urged",
    "thanked",
    "commended",
    "expressed",
    "underscored",
    "welcomed",
    "declared",
    "observed",
    "affirmed",
    "pointed",
    "shared",
    "opened",
    "signed",
    "met",
    "delivered",
];

/// True when the word opens or makes a title of office: the shared list
/// and the packaged role words of `data/titles.tsv`.
pub(super) fn is_title_word(w: &str) -> bool {
    let g = gazetteer::get();
    base_title_word(w)
        || g.is_role_word(w)
        || w.strip_suffix('s')
            .is_some_and(|x| x.len() > 3 && (base_title_word(x) || g.is_role_word(x)))
}

/// True when the word is an honorific, rank or form of address written
/// before a name ("Mr", "Col", "Honourable").
pub(super) fn honorific(w: &str) -> bool {
    HONORIFICS.contains(&w) || gazetteer::get().is_rank(w)
}

/// True when the word can be part of a person's name.
pub(super) fn name_token(t: &Token<'_>) -> bool {
    let w = t.bare();
    let first = w.chars().next();
    let initial =
        w.len() <= 2 && first.is_some_and(char::is_uppercase) && (w.len() == 1 || w.ends_with('.'));
    let caps_surname = t.all_caps() && w.len() >= 3 && w.chars().count() <= 14;
    let word = first.is_some_and(char::is_uppercase)
        && w.chars().skip(1).any(char::is_lowercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.');
    let abstract_noun = [
        "ity", "tion", "ment", "ance", "ence", "ness", "ship", "ism", "ings", "ies", "ure", "ogy",
    ]
    .iter()
    .any(|s| w.len() > 5 && w.ends_with(s));
    (word || initial || caps_surname)
        && !NOT_NAME.contains(&w)
        && !is_head(w)
        && !is_title_word(w)
        && !is_connector(w)
        && !abstract_noun
        && !honorific(t.text)
        && !demonym_plural(w)
}

/// "Italians", "Danes": people of a country, not a name.
pub(super) fn demonym_plural(w: &str) -> bool {
    let g = gazetteer::get();
    w.strip_suffix('s')
        .is_some_and(|d| g.country_of_demonym(d).is_some())
        || g.country_of_demonym(w).is_some() && w.ends_with('s')
}
