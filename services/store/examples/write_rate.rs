//! Write-path figure for BENCHMARKS.md: fills a fresh store with N
//! generated news-like extractions (our own words; organisations drawn
//! from large pools, each document reporting a flow and an event) in
//! batches of B documents, durable (one flush per batch), and prints
//! documents per second at the start and at the end of the run, and store
//! bytes per document.
//!
//! `cargo run --release -p tipwatch-store --example write_rate -- N B [DIR]`

use std::time::Instant;

use tipwatch_proto::pb;
use tipwatch_store::Store;

const DONORS: usize = 400;
const AGENCIES: usize = 2_000;
const CITIES: [&str; 8] = [
    "Northport",
    "Eastvale",
    "Riverton",
    "Hillcrest",
    "Lakeside",
    "Stonebridge",
    "Westfield",
    "Greenhaven",
];

fn org(id: &str, name: String, kind: pb::OrganisationKind, ev: (u32, u32)) -> pb::Organisation {
    pb::Organisation {
        id: id.into(),
        name,
        kind: kind as i32,
        evidence: vec![pb::Evidence {
            start: ev.0,
            end: ev.1,
            sentence: String::new(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// The `i`th generated document's extraction.
fn extraction(i: usize) -> pb::Extraction {
    // A cheap, well-spread pseudo-random stream per document.
    let mut s = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut next = |n: usize| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s % n as u64) as usize
    };
    let donor = format!("Foundation for Open Harbours {}", next(DONORS));
    let agency = format!("Relief Network {}", next(AGENCIES));
    let partner = format!("Civic Learning Trust {}", next(AGENCIES));
    let city = CITIES[next(CITIES.len())];
    let amount = (next(900) as i64 + 100) * 10_000;
    let (year, month, day) = (
        2015 + next(10) as i32,
        1 + next(12) as i32,
        1 + next(28) as i32,
    );
    let mut text = format!(
        "{city}, {day} {month} {year}. The {donor} has committed EUR {amount} to the {agency} for \
         shelters and legal aid for people who survived trafficking. The agreement was signed in \
         {city} with the {partner}, which will train officers and social workers over two years. "
    );
    for k in 0..12 {
        text.push_str(&format!(
            "Paragraph {k} of report {i} describes outreach, referral and case work in the \
             districts around {city}, and the people the programme expects to reach. "
        ));
    }
    let at = |name: &str| {
        let start = text.find(name).unwrap_or(0) as u32;
        (start, start + name.len() as u32)
    };
    let date = Some(pb::Date { year, month, day });
    pb::Extraction {
        source: format!("generated/{i}.txt"),
        title: format!("{donor} supports {agency}"),
        content_sha256: format!("{:064x}", (i as u128) << 20 | 0xbeef),
        published: date,
        organisations: vec![
            org("l/d", donor.clone(), pb::OrganisationKind::Ngo, at(&donor)),
            org(
                "l/a",
                agency.clone(),
                pb::OrganisationKind::Ngo,
                at(&agency),
            ),
            org(
                "l/p",
                partner.clone(),
                pb::OrganisationKind::Ngo,
                at(&partner),
            ),
        ],
        funding_flows: vec![pb::FundingFlow {
            funder: "l/d".into(),
            recipient: "l/a".into(),
            amount: Some(pb::Money {
                currency_code: "EUR".into(),
                units: amount,
                nanos: 0,
            }),
            date,
            ..Default::default()
        }],
        events: vec![pb::Event {
            kind: pb::EventKind::Agreement as i32,
            date,
            location: city.into(),
            participants: vec!["l/a".into(), "l/p".into()],
            ..Default::default()
        }],
        text,
        ..Default::default()
    }
}

fn dir_bytes(p: &std::path::Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_bytes(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let b: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(64)
        .max(1);
    let tmp = tempfile::tempdir().expect("a temp dir");
    let dir = args
        .get(3)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().to_owned());
    let store = Store::open(&dir).expect("the store opens");
    let window = (n / 10).max(b);
    let started = Instant::now();
    let mut window_start = Instant::now();
    let mut first_rate = 0.0;
    let mut last_rate = 0.0;
    let mut i = 0;
    let mut in_window = 0;
    while i < n {
        let batch: Vec<pb::Extraction> = (i..(i + b).min(n)).map(extraction).collect();
        if b == 1 {
            store.write_extraction(&batch[0]).expect("written");
        } else {
            for r in store.write_batch(&batch) {
                r.expect("written");
            }
        }
        i += batch.len();
        in_window += batch.len();
        if in_window >= window || i == n {
            let rate = in_window as f64 / window_start.elapsed().as_secs_f64();
            in_window = 0;
            if first_rate == 0.0 {
                first_rate = rate;
            }
            last_rate = rate;
            window_start = Instant::now();
        }
    }
    let total = started.elapsed().as_secs_f64();
    store.flush().expect("flushed");
    drop(store);
    std::thread::sleep(std::time::Duration::from_millis(500));
    let bytes = dir_bytes(&dir);
    println!(
        "docs={n} batch={b} total={total:.1}s mean={:.0} docs/s first10%={first_rate:.0} docs/s last10%={last_rate:.0} docs/s store={:.1} MB bytes/doc={}",
        n as f64 / total,
        bytes as f64 / 1e6,
        bytes / n as u64
    );
}
