//! `srfi106-conform bench`: the benchmarks of `srfi106_conformance::bench`
//! on the reference and every `--impl`, interleaved, printed as one table
//! (and as JSON).

use std::process::ExitCode;

use srfi106_conformance::bench::{self, Outcome, Sizes, System, SystemRecord};
use srfi106_conformance::message;

use crate::cli::{BenchArgs, TargetOptions};
use crate::embedded;
use crate::target::{self, Prepared};

/// The systems of the run: the reference first, then each `--impl` (or the
/// `--run` command), each probed before any benchmark starts.
fn systems(args: &BenchArgs) -> Result<Vec<Prepared>, String> {
    if (args.adapter.is_some() || args.run.is_some()) && args.implementations.len() > 1 {
        return Err("srfi106-conform bench: --adapter and --run apply to one system; with several --impl, each \
                    adapter is chosen by its binary's name"
            .into());
    }
    let reference = TargetOptions { timeout_multiplier: args.timeout_multiplier, ..TargetOptions::default() };
    let mut options = vec![reference];
    for implementation in &args.implementations {
        options.push(TargetOptions {
            implementation: Some(implementation.clone()),
            adapter: args.adapter.clone(),
            run: args.run.clone(),
            timeout_multiplier: args.timeout_multiplier,
            ..TargetOptions::default()
        });
    }
    if args.implementations.is_empty() && (args.run.is_some() || args.adapter.is_some()) {
        options.push(TargetOptions {
            adapter: args.adapter.clone(),
            run: args.run.clone(),
            timeout_multiplier: args.timeout_multiplier,
            ..TargetOptions::default()
        });
    }
    options.iter().map(|o| target::prepare(o, target::Probe::Start).map_err(|e| e.to_string())).collect()
}

pub fn run(args: &BenchArgs) -> Result<ExitCode, String> {
    let prepared = systems(args)?;
    let mut sizes = if args.quick { Sizes::quick() } else { Sizes::full() };
    if let Some(n) = args.runs {
        sizes.runs = n.max(1);
    }
    let names: Vec<String> = prepared
        .iter()
        .map(|p| {
            let version = p.target.version.lines().next().unwrap_or_default();
            message::system(&p.target.adapter.name, version)
        })
        .collect();
    let systems: Vec<System> =
        prepared.iter().zip(&names).map(|(p, name)| System { name: name.clone(), target: &p.target }).collect();
    // One deadline for most systems; those whose adapter scales it are named.
    let seconds = |s: &System| bench::RUN_DEADLINE.as_secs_f64() * s.target.timeout_multiplier;
    let common = seconds(&systems[0]);
    let scaled: Vec<String> =
        systems.iter().filter(|s| seconds(s) != common).map(|s| format!("{} s on {}", seconds(s), s.name)).collect();
    let deadline =
        if scaled.is_empty() { format!("{common} s") } else { format!("{common} s ({})", scaled.join(", ")) };
    eprintln!(
        "srfi106-conform bench: {} on {}; {} run(s) per benchmark{}, interleaved; a run is stopped after {deadline}",
        bench::Benchmark::ALL.map(|b| b.name()).join(", "),
        names.join(", "),
        sizes.runs,
        if sizes.warm_up { " after a warm-up" } else { "" },
    );
    let width = names.iter().map(String::len).max().unwrap_or(0);
    let progress = |p: bench::Progress| {
        let run = if p.run == 0 { "warm-up".to_string() } else { format!("run {}/{}", p.run, p.runs) };
        eprintln!("  {:<7} {:<width$}  {run:<9} {}", p.benchmark.name(), p.system, p.line);
    };
    let rows = bench::run(&systems, &sizes, &progress).map_err(|e| e.to_string())?;
    let suite = if args.no_suite {
        None
    } else {
        eprintln!("  suite   {}  (the whole corpus: the harness's own speed)", names[0]);
        let corpus = embedded::corpus(None).map_err(|e| e.to_string())?;
        Some(bench::suite(&prepared[0].target, &corpus, &sizes).map_err(|e| e.to_string())?)
    };
    println!("{}", bench::table(&rows));
    let failures = bench::failures(&rows);
    if !failures.is_empty() {
        println!("{failures}");
    }
    print!("{}", bench::verdicts(&rows));
    if let Some(row) = &suite {
        println!("{}", bench::suite_line(row));
    }
    if let Some(path) = &args.json {
        let records: Vec<SystemRecord> = prepared
            .iter()
            .zip(&names)
            .map(|(p, name)| SystemRecord {
                name,
                implementation: &p.name,
                adapter: &p.target.adapter.name,
                version: &p.target.version,
            })
            .collect();
        bench::write_json(path, &records, &sizes, &rows, suite.as_ref()).map_err(|e| e.to_string())?;
    }
    let failed: Vec<String> = rows
        .iter()
        .flat_map(|r| r.cells.iter().map(move |c| (r.name, c)))
        .filter(|(_, c)| matches!(c.outcome, Outcome::Failed { .. }))
        .map(|(name, c)| format!("{name} on {}", c.system))
        .collect();
    if failed.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("srfi106-conform bench: failed: {}", failed.join(", "));
        Ok(ExitCode::from(1))
    }
}
