//! Reference data written from public facts: countries (demonyms, other
//! names, major cities) and well-known bodies (canonical name, acronym,
//! kind, other names). Lookups are by exact surface form; finding names in
//! running text is the recognisers' job.

use std::collections::HashMap;
use std::sync::OnceLock;

use tipwatch_proto::names::norm_alias;
use tipwatch_proto::pb::OrganisationKind;

/// One country.
#[derive(Debug)]
pub struct Country {
    /// Short English name ("Denmark").
    pub name: String,
    /// Adjectives and nouns for its people ("Danish").
    pub demonyms: Vec<String>,
    /// Other names ("UK", "Türkiye").
    pub aliases: Vec<String>,
    /// Capital and major cities.
    pub cities: Vec<String>,
}

/// One well-known body.
#[derive(Debug)]
pub struct Body {
    /// Canonical name.
    pub name: String,
    /// Acronym, or empty.
    pub acronym: String,
    /// Kind.
    pub kind: OrganisationKind,
    /// Other names.
    pub aliases: Vec<String>,
    /// Country of a national body, or empty.
    pub country: String,
}

/// The loaded reference data.
pub struct Gazetteer {
    /// Every country.
    pub countries: Vec<Country>,
    /// Every body.
    pub bodies: Vec<Body>,
    country_by_form: HashMap<String, usize>,
    country_by_demonym: HashMap<String, usize>,
    city: HashMap<String, usize>,
    body_by_form: HashMap<String, usize>,
    body_by_acronym: HashMap<String, usize>,
    /// Title words ("leader", "ceo"), lower case.
    roles: std::collections::HashSet<String>,
    /// Ranks and forms of address before a name ("col", "honourable").
    ranks: std::collections::HashSet<String>,
}

fn list(s: &str, sep: char) -> Vec<String> {
    s.split(sep)
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

fn kind(s: &str) -> OrganisationKind {
    OrganisationKind::from_str_name(&format!("ORGANISATION_KIND_{}", s.trim()))
        .unwrap_or(OrganisationKind::Other)
}

impl Gazetteer {
    fn load() -> Self {
        let mut g = Gazetteer {
            countries: Vec::new(),
            bodies: Vec::new(),
            country_by_form: HashMap::new(),
            country_by_demonym: HashMap::new(),
            city: HashMap::new(),
            body_by_form: HashMap::new(),
            body_by_acronym: HashMap::new(),
            roles: Default::default(),
            ranks: Default::default(),
        };
        for line in include_str!("../data/titles.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            match (cols.next(), cols.next()) {
                (Some(w), Some("role")) => g.roles.insert(w.trim().to_lowercase()),
                (Some(w), Some("rank")) => g.ranks.insert(w.trim().to_lowercase()),
                _ => false,
            };
        }
        for line in include_str!("../data/countries.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split('|').map(str::trim).collect();
            let c = Country {
                name: f[0].trim().to_owned(),
                demonyms: list(f.get(1).unwrap_or(&""), ','),
                aliases: list(f.get(2).unwrap_or(&""), ','),
                cities: list(f.get(3).unwrap_or(&""), ','),
            };
            let i = g.countries.len();
            g.country_by_form.insert(c.name.clone(), i);
            for a in &c.aliases {
                g.country_by_form.insert(a.clone(), i);
            }
            for d in &c.demonyms {
                g.country_by_demonym.insert(d.clone(), i);
            }
            for city in &c.cities {
                g.city.entry(city.clone()).or_insert(i);
            }
            g.countries.push(c);
        }
        for line in include_str!("../data/bodies.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let f: Vec<&str> = line.split('|').map(str::trim).collect();
            let b = Body {
                name: f[0].trim().to_owned(),
                acronym: f.get(1).map(|s| s.trim().to_owned()).unwrap_or_default(),
                kind: kind(f.get(2).unwrap_or(&"OTHER")),
                aliases: list(f.get(3).unwrap_or(&""), ';'),
                country: f.get(4).map(|s| s.trim().to_owned()).unwrap_or_default(),
            };
            let i = g.bodies.len();
            g.body_by_form.insert(norm_alias(&b.name), i);
            for a in &b.aliases {
                g.body_by_form.entry(norm_alias(a)).or_insert(i);
            }
            if !b.acronym.is_empty() {
                g.body_by_acronym.insert(b.acronym.clone(), i);
            }
            g.bodies.push(b);
        }
        g
    }

    /// Returns the country with this name or other name (exact form).
    pub fn country(&self, form: &str) -> Option<&Country> {
        self.country_by_form.get(form).map(|i| &self.countries[*i])
    }

    /// Returns the country of a demonym ("Danish" → Denmark).
    pub fn country_of_demonym(&self, demonym: &str) -> Option<&Country> {
        self.country_by_demonym
            .get(demonym)
            .map(|i| &self.countries[*i])
    }

    /// Returns the country of a major city.
    pub fn country_of_city(&self, city: &str) -> Option<&Country> {
        self.city.get(city).map(|i| &self.countries[*i])
    }

    /// Returns the country a place names: a country or a major city.
    pub fn place_country(&self, place: &str) -> Option<&Country> {
        self.country(place).or_else(|| self.country_of_city(place))
    }

    /// True when the form is a country, its other name or a major city.
    pub fn is_place(&self, form: &str) -> bool {
        self.place_country(form).is_some()
    }

    /// Returns the body with this name or other name (normalised).
    pub fn body(&self, form: &str) -> Option<&Body> {
        self.body_by_form
            .get(&norm_alias(form))
            .map(|i| &self.bodies[*i])
    }

    /// Returns the body with this acronym (exact case).
    pub fn body_by_acronym(&self, acronym: &str) -> Option<&Body> {
        self.body_by_acronym.get(acronym).map(|i| &self.bodies[*i])
    }

    /// Every surface form worth searching running text for: body names,
    /// other names and acronyms, each with its body.
    pub fn body_forms(&self) -> impl Iterator<Item = (&str, usize)> {
        self.bodies.iter().enumerate().flat_map(|(i, b)| {
            std::iter::once(b.name.as_str())
                .chain(b.aliases.iter().map(String::as_str))
                .chain(std::iter::once(b.acronym.as_str()).filter(|a| !a.is_empty()))
                .map(move |f| (f, i))
        })
    }

    /// Every place form: country names, other names and cities.
    pub fn place_forms(&self) -> impl Iterator<Item = &str> {
        self.countries.iter().flat_map(|c| {
            std::iter::once(c.name.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .chain(c.cities.iter().map(String::as_str))
        })
    }
}

impl Gazetteer {
    /// True when the word makes a title of office ("Leader", "CEO").
    pub fn is_role_word(&self, w: &str) -> bool {
        self.roles.contains(&w.to_lowercase())
    }

    /// True when the word is a rank or form of address written before a
    /// name and not part of it ("Col", "Honourable", "Eng.").
    pub fn is_rank(&self, w: &str) -> bool {
        self.ranks.contains(&w.to_lowercase())
    }
}

/// Returns the reference data, loaded once.
pub fn get() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(Gazetteer::load)
}

#[cfg(test)]
mod tests {
    #[test]
    fn data_files_load_and_answer() {
        let g = super::get();
        assert!(g.countries.len() > 150);
        assert_eq!(g.country_of_demonym("Danish").unwrap().name, "Denmark");
        assert_eq!(g.country("Türkiye").unwrap().name, "Turkey");
        assert_eq!(g.country_of_city("Abuja").unwrap().name, "Nigeria");
        assert_eq!(
            g.body_by_acronym("IOM").unwrap().name,
            "International Organization for Migration"
        );
        assert_eq!(g.body("UN Migration Agency").unwrap().acronym, "IOM");
        assert!(g.is_role_word("CEO") && g.is_role_word("Leader"));
        assert!(g.is_rank("Col") && g.is_rank("Honourable") && !g.is_rank("John"));
        assert!(g
            .bodies
            .iter()
            .all(|b| b.kind != tipwatch_proto::pb::OrganisationKind::Unspecified));
    }
}
