//! Word lists that decide where names start and what kind a body is.

use tipwatch_proto::pb::OrganisationKind as Kind;

/// Nouns after a known body's name that make the name a modifier ("UN
/// Convention", "EU member states", "UN agencies"): the body does not act.
pub(super) const MODIFIED_NOUNS: &[&str] = &[
    "convention",
    "conventions",
    "protocol",
    "protocols",
    "charter",
    "declaration",
    "resolution",
    "resolutions",
    "standards",
    "guidelines",
    "principles",
    "framework",
    "directive",
    "directives",
    "regulation",
    "treaty",
    "law",
    "laws",
    "legislation",
    "acquis",
    "goals",
    "system",
    "member",
    "members",
    "agencies",
    "citizens",
    "nationals",
    "policy",
    "policies",
    "sanctions",
    "day",
];

/// Capitalised words that open sentences rather than names.
pub(super) const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "By",
    "For",
    "With",
    "From",
    "Under",
    "Over",
    "During",
    "After",
    "Before",
    "Since",
    "This",
    "These",
    "Those",
    "That",
    "Its",
    "Their",
    "Our",
    "His",
    "Her",
    "Speaking",
    "According",
    "Through",
    "Together",
    "Meanwhile",
    "However",
    "Also",
    "Both",
    "Several",
    "Some",
    "Many",
    "All",
    "Other",
    "Held",
    "Led",
    "As",
    "While",
    "When",
    "Where",
    "If",
    "To",
    "Of",
    "And",
    "But",
    "Provided",
    "Closing",
    "Representatives",
    "Participants",
    "Detectives",
    "Officers",
    "Officials",
    "Presentations",
    "About",
    "Dear",
    "Adopting",
    "Expressing",
    "Highlighting",
    "Following",
    "Including",
    "Both",
    "Each",
    "Every",
    "Today",
    "Yesterday",
    "Chief",
    "Ms",
    "Mr",
    "Mrs",
    "Dr",
    "Rev",
    "Read",
    "Signs",
    "Says",
    "Said",
    "Since",
    "Under",
    "Upon",
    "Via",
];

/// Generic words that alone (with a head) do not make a proper name.
pub(super) const GENERIC: &[&str] = &[
    "National",
    "Federal",
    "State",
    "Regional",
    "Local",
    "Provincial",
    "District",
    "Municipal",
    "International",
    "Central",
    "General",
    "Joint",
    "Special",
    "New",
    "Main",
    "Country",
    "Relevant",
    "Key",
    "Senior",
];

/// The kind a body's name suggests by its words.
pub(super) fn kind_from_words(name: &str) -> Kind {
    let has = |w: &[&str]| {
        w.iter()
            .any(|x| name.split(|c: char| !c.is_alphanumeric()).any(|y| y == *x))
    };
    let l = name.to_lowercase();
    if l.starts_with("united nations") || l.starts_with("un ") {
        Kind::UnAgency
    } else if has(&[
        "Police",
        "Gendarmerie",
        "Guard",
        "Coastguard",
        "Investigation",
        "Investigations",
        "Criminal",
        "Crime",
        "Wing",
        "Unit",
        "Force",
        "Prosecution",
        "Smuggling",
    ]) && !has(&["Ministry"])
    {
        Kind::LawEnforcement
    } else if has(&["Union"]) && (l.contains("european") || l.contains("african")) {
        Kind::RegionalBody
    } else if has(&[
        "Embassy",
        "Consulate",
        "Ministry",
        "Ministries",
        "Department",
        "Departments",
        "Commission",
        "Office",
        "Agency",
        "Bureau",
        "Directorate",
        "Division",
        "Authority",
        "Authorities",
        "Secretariat",
        "Committee",
        "Committees",
        "Council",
        "Inspectorate",
        "Parliament",
        "Assembly",
        "Senate",
        "Judiciary",
        "Ombudsman",
        "Delegation",
    ]) {
        Kind::GovernmentBody
    } else if name.ends_with(" International")
        || name.ends_with(" Worldwide")
        || has(&[
            "Network",
            "Foundation",
            "Association",
            "Society",
            "Coalition",
            "Trust",
            "Caritas",
            "Cross",
            "Crescent",
            "Alliance",
        ])
    {
        Kind::Ngo
    } else if has(&["University", "Institute", "Academy", "College", "School"]) {
        Kind::Academic
    } else if has(&[
        "Television",
        "Radio",
        "Broadcasting",
        "News",
        "Times",
        "Press",
        "Media",
    ]) {
        Kind::Media
    } else if has(&[
        "Bank",
        "Corporation",
        "Company",
        "Ltd",
        "Inc",
        "Limited",
        "Consortium",
    ]) {
        Kind::Private
    } else {
        Kind::Other
    }
}

/// All-caps acronyms that are also common English words.
pub(super) fn is_english_word(s: &str) -> bool {
    matches!(
        s,
        "WHO"
            | "IT"
            | "US"
            | "AND"
            | "OR"
            | "IN"
            | "ON"
            | "AT"
            | "TO"
            | "NO"
            | "AU"
            | "EC"
            | "DRC"
            | "IRC"
            | "NRC"
            | "CoE"
    )
}
