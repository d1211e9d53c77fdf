//! Prints what a store holds, tree by tree: keys, key bytes and value
//! bytes (per document too), to compare with its size on disk
//! (`du -sb DIR`). Open it while no server holds the directory.
//!
//! `cargo run --release -p tipwatch-store --example store_stats -- DIR`

use tipwatch_store::Store;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: store_stats DIR");
        std::process::exit(2);
    };
    let store = match Store::open(std::path::Path::new(&dir)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("store_stats: cannot open {dir}: {e}");
            std::process::exit(1);
        }
    };
    let stats = match store.tree_stats() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("store_stats: cannot read {dir}: {e}");
            std::process::exit(1);
        }
    };
    let docs = store.counts()[0].max(1) as f64;
    println!(
        "{:<26} {:>10} {:>8} {:>12} {:>12} {:>10}",
        "tree", "keys", "keys/doc", "key bytes", "value bytes", "bytes/doc"
    );
    let (mut tn, mut tk, mut tv) = (0, 0, 0);
    for (name, n, k, v) in stats {
        println!(
            "{name:<26} {n:>10} {:>8.2} {k:>12} {v:>12} {:>10.0}",
            n as f64 / docs,
            (k + v) as f64 / docs
        );
        (tn, tk, tv) = (tn + n, tk + k, tv + v);
    }
    println!(
        "{:<26} {tn:>10} {:>8.2} {tk:>12} {tv:>12} {:>10.0}",
        "total",
        tn as f64 / docs,
        (tk + tv) as f64 / docs
    );
}
