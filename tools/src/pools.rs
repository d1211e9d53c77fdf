//! Word pools of the document generator, written for this project. Place
//! and country names and the well-known bodies are public facts; every
//! other name is invented by combining the pools below.

/// A country: name, demonym (adjective) and some of its cities.
pub(crate) struct Country {
    /// Name as written in a sentence ("Kenya").
    pub(crate) name: &'static str,
    /// Adjective ("Kenyan").
    pub(crate) adjective: &'static str,
    /// Cities for datelines and event places.
    pub(crate) cities: &'static [&'static str],
}

macro_rules! countries {
    ($($name:literal, $adj:literal, [$($city:literal),*];)*) => {
        &[$(Country { name: $name, adjective: $adj, cities: &[$($city),*] }),*]
    };
}

/// Countries and cities (public facts).
pub(crate) const COUNTRIES: &[Country] = countries![
    "Kenya", "Kenyan", ["Nairobi", "Mombasa", "Kisumu"];
    "Ethiopia", "Ethiopian", ["Addis Ababa", "Dire Dawa", "Gondar"];
    "Nigeria", "Nigerian", ["Lagos", "Abuja", "Kano", "Benin City"];
    "Ghana", "Ghanaian", ["Accra", "Kumasi", "Tamale"];
    "Senegal", "Senegalese", ["Dakar", "Saint-Louis", "Ziguinchor"];
    "Niger", "Nigerien", ["Niamey", "Agadez", "Zinder"];
    "Mali", "Malian", ["Bamako", "Gao", "Mopti"];
    "Morocco", "Moroccan", ["Rabat", "Casablanca", "Tangier", "Oujda"];
    "Tunisia", "Tunisian", ["Tunis", "Sfax", "Sousse"];
    "Egypt", "Egyptian", ["Cairo", "Alexandria", "Aswan"];
    "Sudan", "Sudanese", ["Khartoum", "Port Sudan", "Kassala"];
    "Uganda", "Ugandan", ["Kampala", "Gulu", "Mbarara"];
    "Tanzania", "Tanzanian", ["Dar es Salaam", "Dodoma", "Arusha"];
    "South Africa", "South African", ["Pretoria", "Johannesburg", "Durban", "Cape Town"];
    "Pakistan", "Pakistani", ["Islamabad", "Lahore", "Karachi", "Quetta"];
    "Bangladesh", "Bangladeshi", ["Dhaka", "Chittagong", "Sylhet"];
    "Nepal", "Nepali", ["Kathmandu", "Pokhara", "Biratnagar"];
    "India", "Indian", ["New Delhi", "Mumbai", "Kolkata", "Chennai"];
    "Sri Lanka", "Sri Lankan", ["Colombo", "Kandy", "Jaffna"];
    "Thailand", "Thai", ["Bangkok", "Chiang Mai", "Mae Sot"];
    "Cambodia", "Cambodian", ["Phnom Penh", "Siem Reap", "Battambang"];
    "Viet Nam", "Vietnamese", ["Hanoi", "Ho Chi Minh City", "Da Nang"];
    "Indonesia", "Indonesian", ["Jakarta", "Surabaya", "Medan"];
    "the Philippines", "Philippine", ["Manila", "Cebu", "Davao"];
    "Malaysia", "Malaysian", ["Kuala Lumpur", "Penang", "Johor Bahru"];
    "Mexico", "Mexican", ["Mexico City", "Tapachula", "Tijuana", "Monterrey"];
    "Guatemala", "Guatemalan", ["Guatemala City", "Quetzaltenango"];
    "Honduras", "Honduran", ["Tegucigalpa", "San Pedro Sula"];
    "Colombia", "Colombian", ["Bogota", "Cucuta", "Medellin", "Cali"];
    "Ecuador", "Ecuadorian", ["Quito", "Guayaquil", "Cuenca"];
    "Peru", "Peruvian", ["Lima", "Arequipa", "Cusco"];
    "Brazil", "Brazilian", ["Brasilia", "Sao Paulo", "Manaus"];
    "Turkey", "Turkish", ["Ankara", "Istanbul", "Izmir", "Gaziantep"];
    "Greece", "Greek", ["Athens", "Thessaloniki", "Patras"];
    "Italy", "Italian", ["Rome", "Palermo", "Naples", "Bari"];
    "Spain", "Spanish", ["Madrid", "Malaga", "Almeria", "Seville"];
    "Serbia", "Serbian", ["Belgrade", "Novi Sad", "Nis"];
    "Albania", "Albanian", ["Tirana", "Durres", "Vlore"];
    "Ukraine", "Ukrainian", ["Kyiv", "Lviv", "Odesa"];
    "Moldova", "Moldovan", ["Chisinau", "Balti"];
    "Jordan", "Jordanian", ["Amman", "Irbid", "Zarqa"];
    "Lebanon", "Lebanese", ["Beirut", "Tripoli", "Sidon"];
];

/// Donor countries (their governments fund).
pub(crate) const DONORS: &[&str] = &[
    "Sweden",
    "Norway",
    "Denmark",
    "Finland",
    "Germany",
    "the Netherlands",
    "Switzerland",
    "Japan",
    "Canada",
    "Australia",
    "Ireland",
    "Belgium",
    "Austria",
    "Luxembourg",
    "the Republic of Korea",
    "New Zealand",
    "France",
    "the United Kingdom",
    "the United States",
    "Italy",
];

/// Well-known bodies (public facts) that many documents name: the hot
/// records of a scale run.
pub(crate) const WELL_KNOWN: &[(&str, &str)] = &[
    ("International Organization for Migration", "IOM"),
    ("United Nations Office on Drugs and Crime", "UNODC"),
    (
        "Office of the United Nations High Commissioner for Refugees",
        "UNHCR",
    ),
    ("United Nations Children's Fund", "UNICEF"),
    ("International Labour Organization", "ILO"),
    ("United Nations Development Programme", "UNDP"),
    ("European Union", "EU"),
    (
        "International Centre for Migration Policy Development",
        "ICMPD",
    ),
];

/// First parts of invented organisation names.
pub(crate) const NAME_PREFIXES: &[&str] = &[
    "Amberline",
    "Northgate",
    "Silverbrook",
    "Clearwater",
    "Bright Path",
    "Harbourlight",
    "Greenfield",
    "Stonebridge",
    "Riverbend",
    "Sunrise",
    "Open Door",
    "Safe Haven",
    "Lantern",
    "Compass",
    "Keystone",
    "Meridian",
    "Horizon",
    "Cedar",
    "Oakridge",
    "Bluewater",
    "Starling",
    "Wayfarer",
    "Lighthouse",
    "Crossroads",
    "Firstlight",
    "Kestrel",
    "Willow",
    "Evergreen",
    "Highland",
    "Seaview",
    "Granite",
    "Morningside",
    "Juniper",
    "Falcon",
    "Rosewood",
    "Skyline",
    "Trailhead",
    "Beacon",
    "Harvest",
    "Pioneer",
    "Summit",
    "Tidewater",
    "Unity",
    "Vanguard",
    "Westwind",
    "Anchor",
    "Bridgewater",
    "Copperfield",
    "Driftwood",
    "Eastbrook",
    "Foxglove",
    "Goldcrest",
    "Hawthorn",
    "Ironwood",
    "Jasmine",
    "Kingsway",
    "Larkspur",
    "Maplewood",
    "Nightingale",
    "Orchard",
];

/// Middle parts: what the invented organisation works on.
pub(crate) const NAME_THEMES: &[&str] = &[
    "Migrant Rights",
    "Child Protection",
    "Anti-Trafficking",
    "Safe Migration",
    "Refugee Legal Aid",
    "Border Welfare",
    "Survivor Support",
    "Labour Rights",
    "Women's Shelter",
    "Community Justice",
    "Returnee Reintegration",
    "Victim Assistance",
    "Youth Outreach",
    "Fair Recruitment",
    "Humanitarian Relief",
    "Family Tracing",
    "Legal Empowerment",
    "Domestic Workers",
    "Seafarers' Welfare",
    "Displacement Response",
    "Civic Education",
    "Health Access",
    "Livelihoods",
    "Human Rights",
    "Counter-Smuggling",
    "Shelter",
    "Protection",
    "Migration Studies",
    "Rule of Law",
    "Mobility",
];

/// Head words that make the invented names organisations.
pub(crate) const NAME_HEADS: &[&str] = &[
    "Foundation",
    "Association",
    "Coalition",
    "Network",
    "Institute",
    "Centre",
    "Trust",
    "Society",
    "Council",
    "Alliance Foundation",
    "Support Centre",
    "Resource Centre",
];

/// National bodies of a country: "the {adjective} {body}".
pub(crate) const NATIONAL_BODIES: &[&str] = &[
    "Immigration Service",
    "National Police Service",
    "Border Guard",
    "Ministry of Labour",
    "Ministry of Interior",
    "Ministry of Social Welfare",
    "Anti-Trafficking Unit",
    "Coast Guard",
    "Labour Inspectorate",
    "Office of the Public Prosecutor",
];

/// Given names of invented spokespeople.
pub(crate) const GIVEN_NAMES: &[&str] = &[
    "Amina", "Daniel", "Grace", "Tomas", "Leila", "Samuel", "Priya", "Jonas", "Fatima", "Marco",
    "Aisha", "Peter", "Nadia", "Carlos", "Mei", "Ibrahim", "Sofia", "Kwame", "Elena", "Ravi",
    "Hana", "Oscar", "Zainab", "Lukas", "Maria", "Yusuf", "Ingrid", "Diego", "Chloe", "Moses",
    "Anya", "Rashid", "Lucia", "Kofi", "Mira", "Andrei", "Joy", "Tariq", "Helena", "Victor",
];

/// Family names of invented spokespeople.
pub(crate) const FAMILY_NAMES: &[&str] = &[
    "Okafor",
    "Lindgren",
    "Mensah",
    "Haddad",
    "Moreno",
    "Nakamura",
    "Osei",
    "Petrov",
    "Banda",
    "Castillo",
    "Rahman",
    "Novak",
    "Mwangi",
    "Silva",
    "Kaya",
    "Andersen",
    "Diallo",
    "Fernandes",
    "Hussain",
    "Ivanova",
    "Jensen",
    "Kamau",
    "Lopez",
    "Mahmoud",
    "Nguyen",
    "Ortega",
    "Papadopoulos",
    "Quispe",
    "Rossi",
    "Sato",
    "Tembo",
    "Uddin",
    "Varga",
    "Wanjiru",
    "Yilmaz",
    "Zubair",
    "Achieng",
    "Baptiste",
    "Cruz",
    "Dimitrov",
];

/// Titles of spokespeople.
pub(crate) const TITLES: &[&str] = &[
    "Executive Director",
    "Programme Manager",
    "Country Director",
    "Head of Mission",
    "Director",
    "Chief of Programmes",
    "Regional Coordinator",
    "Chairperson",
];

/// What the money is for (completes "to ...").
pub(crate) const PURPOSES: &[&str] = &[
    "strengthen the identification of victims of trafficking at border crossings",
    "expand shelter places for survivors of trafficking",
    "train labour inspectors to detect forced labour in agriculture",
    "support the safe return and reintegration of stranded migrants",
    "improve case management for unaccompanied children",
    "set up a hotline for migrants who face exploitation abroad",
    "help prosecutors follow the money of smuggling networks",
    "provide legal aid to migrant domestic workers",
    "map recruitment agencies that charge illegal fees",
    "run information campaigns on safe migration in rural districts",
    "equip reception centres along the main transit routes",
    "fund psychosocial care for survivors in host communities",
    "build the capacity of frontline officers to screen for trafficking",
    "support search and rescue coordination at sea",
    "improve data collection on missing migrants",
];

/// Background sentences; `{country}`, `{adj}` and `{n}` are filled in.
pub(crate) const BACKGROUND: &[&str] = &[
    "Officials say smuggling networks in {country} have shifted to longer and more dangerous routes over the past year.",
    "Local groups estimate that {n} people were referred for assistance in the first half of the year.",
    "The {adj} authorities have reported a rise in recruitment fraud targeting young job seekers.",
    "Many of those assisted had paid intermediaries for jobs that did not exist.",
    "Previous phases of the programme reached {n} families in border districts.",
    "Community leaders welcomed the support but called for longer funding cycles.",
    "Researchers note that most cases are still identified by chance rather than through screening.",
    "The project will also publish an annual review of its results.",
    "Shelters in the region have operated at full capacity for several months.",
    "Organisers said {n} local volunteers had been recruited to support the outreach work.",
    "The {adj} parliament is debating amendments to the law on labour migration.",
    "Partners plan to share referral data through a common case register.",
];

/// Events: trigger phrase with `{place}` and `{date}` filled in.
pub(crate) const EVENT_SENTENCES: &[&str] = &[
    "{a} and {b} signed the agreement in {place} on {date} in the presence of local officials.",
    "A first training for {n} frontline officers, run by {b}, was held in {place} on {date}.",
    "{b} and {a} held a two-day workshop on victim identification in {place} on {date}.",
    "Representatives of {a} met with {b} and community leaders in {place} on {date}.",
    "{a} handed over equipment for the reception centre to {b} in {place} on {date}.",
    "{b} opened a regional conference on safe migration in {place} on {date}, with {a} among the speakers.",
    "{b} launched a new referral hotline with {a} in {place} on {date}.",
];

/// Currencies: (prefix as written, scale words allowed).
pub(crate) const CURRENCIES: &[&str] = &[
    "US$", "EUR ", "€", "£", "CHF ", "SEK ", "NOK ", "CAD ", "AUD ", "JPY ",
];

/// Verbs of giving, completing "{funder} has ... {amount} to {recipient}".
pub(crate) const GIVING: &[&str] = &["provided", "granted", "donated", "committed", "allocated"];
