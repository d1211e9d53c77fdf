//! Throughput of `extract` in bytes per second on press releases this
//! benchmark generates (names, amounts, dates and places varied from
//! small lists), one document at a time as the worker runs it; on the
//! shared dev corpus when it is checked out next to the repository
//! (`../shared/corpus`, read at run time); and how the cost grows with
//! size: 1, 2 and 4 MB of generated news naming organisations from a pool
//! of 8,000, and 100,000 nested `<div>`s.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use tipwatch_extract::{extract, Hints, MediaType};

const DONORS: &[&str] = &[
    "Government of Norway",
    "European Union",
    "Government of Japan",
    "Swiss Government",
    "Danish government",
];
const AGENCIES: &[(&str, &str)] = &[
    ("International Organization for Migration", "IOM"),
    ("United Nations Office on Drugs and Crime", "UNODC"),
    ("National Agency for Victim Support", "NAVS"),
    ("Border Management Directorate", "BMD"),
];
const PLACES: &[&str] = &["Nairobi", "Islamabad", "Accra", "Hanoi", "Tirana", "Lima"];
const MONTHS: &[&str] = &["January", "March", "May", "July", "September", "November"];

/// Returns press release number `i`, about 1.5 KB of text.
fn release(i: usize) -> String {
    let donor = DONORS[i % DONORS.len()];
    let (agency, acr) = AGENCIES[i % AGENCIES.len()];
    let (partner, pacr) = AGENCIES[(i + 1) % AGENCIES.len()];
    let place = PLACES[i % PLACES.len()];
    let month = MONTHS[i % MONTHS.len()];
    let day = 1 + i % 27;
    let year = 2015 + i % 10;
    format!(
        "{agency} and partners launch project number {i}\n\
         Share\n\
         {place}, {day} {month} {year} - The {donor} has signed a US$ {amount}.5 million agreement with the {agency} ({acr}) \
         to strengthen the response to trafficking in persons and the smuggling of migrants.\n\
         The agreement was signed by Ambassador Jane Example{i} and Ms. Ruth Sample{i}, {acr} Chief of Mission, at a ceremony in {place}.\n\
         Under the project, {acr} will work with the {partner} ({pacr}) to train 120 officials. A first training workshop was held on \
         {d2}-{d3} {month} {year} with financial support from the {donor}.\n\
         \"This support will help survivors rebuild their lives,\" said Ruth Sample{i}, adding that {acr} and {pacr} would report on progress.\n\
         Related articles\nMore news from the region\n\
         For more information, please contact:\nJohn Contact{i}\nCommunications Officer\n{acr}\nEmail: press{i}@example.org\n\n",
        amount = 1 + i % 9,
        d2 = 1 + i % 20,
        d3 = 2 + i % 20,
    )
}

const AREAS: &[&str] = &[
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Coastal",
    "Highland",
    "Rural",
    "Urban",
    "Regional",
    "National",
    "Global",
    "United",
    "Independent",
    "Community",
    "Civic",
    "Pan-African",
    "Andean",
    "Baltic",
    "Pacific",
];
const THEMES: &[&str] = &[
    "Child Protection",
    "Migrant Rights",
    "Labour Standards",
    "Women's Empowerment",
    "Refugee Support",
    "Legal Aid",
    "Border Security",
    "Victim Assistance",
    "Youth Development",
    "Health Access",
    "Anti-Slavery",
    "Justice Reform",
    "Safe Migration",
    "Education Access",
    "Family Welfare",
    "Human Rights",
    "Social Inclusion",
    "Worker Safety",
    "Community Resilience",
    "Digital Safety",
];
const BODIES: &[&str] = &[
    "Network",
    "Foundation",
    "Alliance",
    "Institute",
    "Centre",
    "Council",
    "Trust",
    "Association",
    "Coalition",
    "Initiative",
    "Agency",
    "Fund",
    "Forum",
    "Society",
    "Commission",
    "Committee",
    "Bureau",
    "Project",
    "Partnership",
    "Service",
];

/// Organisation `k` of the pool of 8,000, with its acronym.
fn organisation(k: usize) -> (String, String) {
    let name = format!(
        "{} {} {}",
        AREAS[k % 20],
        THEMES[(k / 20) % 20],
        BODIES[(k / 400) % 20]
    );
    let acronym = name
        .split([' ', '-'])
        .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
        .collect();
    (name, acronym)
}

/// News story `i`: a grant from a donor to one organisation of the pool,
/// a partner, a signatory, a quote and a workshop (about 900 bytes).
fn story(i: usize) -> String {
    let (org, acr) = organisation(i.wrapping_mul(7919) % 8000);
    let (partner, pacr) = organisation(i.wrapping_mul(104_729).wrapping_add(17) % 8000);
    let donor = DONORS[i % DONORS.len()];
    let place = PLACES[i % PLACES.len()];
    let month = MONTHS[i % MONTHS.len()];
    let (day, year) = (1 + i % 27, 2012 + i % 14);
    format!(
        "{donor} backs {org} with new grant\n\n\
         {upper}, {day} {month} {year} - The {donor} has granted {amount},000 US dollars to the {org} ({acr}) \
         for a project on safe migration, officials said on {month} {day}.\n\n\
         The grant agreement was signed by Amina Okafor{i}, Executive Director of {acr}, and the {donor} \
         at a ceremony in {place}. The {org} will work with the {partner} ({pacr}) in three districts.\n\n\
         \"Nobody should have to risk their life to find decent work,\" said Amina Okafor{i}. A training \
         workshop for 40 police officers was held on {d2} {month} {year} in {place}.\n\n\
         The {pacr} said the project would run until {end}.\n\n",
        upper = place.to_uppercase(),
        amount = 100 + i % 800,
        d2 = day + 1,
        end = year + 2,
    )
}

/// At least `bytes` of generated news as one document.
fn news(bytes: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < bytes {
        out.push_str(&story(i));
        i += 1;
    }
    out
}

fn scaling(c: &mut Criterion) {
    let hints = Hints {
        source: "bench.txt".into(),
        media_type: MediaType::Detect,
    };
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for mb in [1, 2, 4] {
        let text = news(mb * 1_000_000);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("news_mb", mb), &text, |b, text| {
            b.iter(|| std::hint::black_box(extract(text.as_bytes(), &hints).expect("extracts")))
        });
    }
    let n = 100_000;
    let page = format!(
        "<html><body>{}<p>The Government of Norway signed an agreement with IOM in Nairobi.</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_with_input(BenchmarkId::new("nested_divs", n), &page, |b, page| {
        b.iter(|| std::hint::black_box(extract(page.as_bytes(), &hints).expect("extracts")))
    });
    group.finish();
}

/// The shared dev corpus, when it is checked out next to the repository.
fn corpus(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("no corpus at {}: skipped", dir.display());
        return;
    };
    let docs: Vec<Vec<u8>> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .collect();
    let total: usize = docs.iter().map(Vec::len).sum();
    let hints = Hints {
        source: "corpus.txt".into(),
        media_type: MediaType::Detect,
    };
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(20);
    group.bench_with_input(BenchmarkId::new("dev", docs.len()), &docs, |b, docs| {
        b.iter(|| {
            for d in docs {
                std::hint::black_box(extract(d, &hints).ok());
            }
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let docs: Vec<String> = (0..200).map(release).collect();
    let total: usize = docs.iter().map(String::len).sum();
    let hints = Hints {
        source: "bench.txt".into(),
        media_type: MediaType::Text,
    };
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(total as u64));
    group.sample_size(20);
    group.bench_with_input(
        BenchmarkId::new("press_releases", docs.len()),
        &docs,
        |b, docs| {
            b.iter(|| {
                for d in docs {
                    let x = extract(d.as_bytes(), &hints).expect("generated text extracts");
                    std::hint::black_box(x);
                }
            })
        },
    );
    let big: String = docs.concat();
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("one_long_page", big.len()),
        &big,
        |b, big| {
            b.iter(|| {
                std::hint::black_box(
                    extract(big.as_bytes(), &hints).expect("generated text extracts"),
                )
            })
        },
    );
    group.finish();
}

criterion_group!(benches, bench, corpus, scaling);
criterion_main!(benches);
