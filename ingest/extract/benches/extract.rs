//! Throughput of `extract` in bytes per second on press releases this
//! benchmark generates (names, amounts, dates and places varied from
//! small lists), one document at a time as the worker runs it.

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

criterion_group!(benches, bench);
criterion_main!(benches);
