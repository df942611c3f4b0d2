//! `srfi106-conform bench`: the benchmarks of `srfi106_conformance::bench`
//! on the chosen target, printed as a table (and as JSON).

use std::process::ExitCode;

use srfi106_conformance::bench::{self, Sizes};

use crate::cli::BenchArgs;
use crate::{embedded, target};

pub fn run(args: &BenchArgs) -> Result<ExitCode, String> {
    let prepared = target::prepare(&args.target, target::Probe::Start).map_err(|e| e.to_string())?;
    let mut sizes = if args.quick { Sizes::quick() } else { Sizes::full() };
    if let Some(n) = args.runs {
        sizes.runs = n.max(1);
    }
    let corpus = if args.no_suite { None } else { Some(embedded::corpus(None).map_err(|e| e.to_string())?) };
    eprintln!(
        "srfi106-conform bench: {} ({}), {} run(s) per benchmark{}",
        prepared.name,
        prepared.target.version,
        sizes.runs,
        if sizes.warm_up { " after a warm-up" } else { "" }
    );
    let progress = |name: &str| eprintln!("  {name} ...");
    let rows = bench::run(&prepared.target, &sizes, corpus.as_ref(), &progress).map_err(|e| e.to_string())?;
    println!("{}", bench::table(&rows));
    if let Some(path) = &args.json {
        bench::write_json(path, &rows, &sizes, &prepared.name).map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}
