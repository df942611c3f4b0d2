//! The mutation check: the corpus must catch every mutant of the
//! reference. Each mutant is the built-in reference run with
//! `SRFI106_MUTANT` naming it; a case catches it when its result is no
//! longer a pass.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use srfi106_conformance::adapter::Places;
use srfi106_conformance::corpus::Corpus;
use srfi106_conformance::outcome::Status;
use srfi106_conformance::probe;
use srfi106_conformance::run::{run_case, Target};
use srfi106_reference::mutant::{Mutant, AVAILABLE, MUTANTS};

use crate::cli::MutantsArgs;
use crate::{embedded, target};

/// What running the corpus against one mutant (or none) showed.
struct Findings {
    /// Cases whose result is not a pass, with their status.
    caught_by: Vec<(String, Status)>,
}

/// The reference with `mutant` in, and the names it lacks (the names probe
/// runs on each mutant, as it would on an implementation with that bug).
fn reference_target(corpus: &Corpus, mutant: Option<&str>, multiplier: f64) -> Result<Target, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
    let mut adapter = target::builtin_reference(None);
    if let Some(name) = mutant {
        adapter.env.push(("SRFI106_MUTANT".into(), name.into()));
    }
    let places = Places { implementation: exe.display().to_string(), ..Places::default() };
    let lacks = probe::names(&adapter, &places, &corpus.dialect, &corpus.names(), multiplier, 1)
        .map_err(|e| format!("the names probe of {}: {e}", mutant.unwrap_or("the reference")))?;
    Ok(Target {
        adapter,
        implementation: exe.display().to_string(),
        shims: None,
        timeout_multiplier: multiplier,
        missing: probe::environment(),
        lacks,
        version: "mutant".into(),
        library: None,
    })
}

/// Runs every case on every target, `threads` at a time.
fn run_all(corpus: &Arc<Corpus>, targets: Vec<(String, Target)>, threads: usize) -> BTreeMap<String, Findings> {
    let jobs: Vec<(usize, usize)> =
        (0..targets.len()).flat_map(|t| (0..corpus.cases.len()).map(move |c| (t, c))).collect();
    let targets = Arc::new(targets);
    let queue = Arc::new(Mutex::new(jobs.into_iter()));
    let results = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..threads.max(1))
        .map(|_| {
            let (corpus, targets, queue, results) = (corpus.clone(), targets.clone(), queue.clone(), results.clone());
            std::thread::spawn(move || loop {
                let Some((t, c)) = queue.lock().ok().and_then(|mut q| q.next()) else { return };
                let case = &corpus.cases[c];
                let result = run_case(&targets[t].1, &corpus, case);
                if let Ok(mut r) = results.lock() {
                    r.push((t, case.name.clone(), result.status));
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let mut findings: BTreeMap<String, Findings> =
        targets.iter().map(|(name, _)| (name.clone(), Findings { caught_by: Vec::new() })).collect();
    let results = std::mem::take(&mut *results.lock().unwrap_or_else(|e| e.into_inner()));
    for (t, case, status) in results {
        if !matches!(status, Status::Pass | Status::Unsupported) {
            if let Some(f) = findings.get_mut(&targets[t].0) {
                f.caught_by.push((case, status));
            }
        }
    }
    for f in findings.values_mut() {
        f.caught_by.sort_by(|a, b| a.0.cmp(&b.0));
    }
    findings
}

fn table(mutants: &[&Mutant], findings: &BTreeMap<String, Findings>) -> String {
    let mut s = String::from("| mutant | seen in | the bug | caught by |\n|---|---|---|---|\n");
    for m in mutants {
        let caught = findings.get(m.name).map(|f| f.caught_by.as_slice()).unwrap_or(&[]);
        let cases = if caught.is_empty() {
            "**not caught**".to_string()
        } else {
            caught.iter().map(|(c, status)| format!("`{c}` [{}]", status.name())).collect::<Vec<_>>().join(", ")
        };
        s.push_str(&format!("| `{}` | {} | {} | {} |\n", m.name, m.seen_in, m.bug, cases));
    }
    s
}

pub fn run(args: &MutantsArgs) -> Result<ExitCode, String> {
    if !AVAILABLE {
        return Err("this srfi106-conform was built without mutants: run \
                    `cargo run --release -p srfi106-conform --features mutants -- mutants`"
            .into());
    }
    for name in &args.only {
        if !MUTANTS.iter().any(|m| m.name == name) {
            let known: Vec<&str> = MUTANTS.iter().map(|m| m.name).collect();
            return Err(format!("--only {name}: no such mutant (known: {})", known.join(", ")));
        }
    }
    let corpus = Arc::new(embedded::corpus(args.cases.as_deref()).map_err(|e| e.to_string())?);
    let mutants: Vec<&Mutant> =
        MUTANTS.iter().filter(|m| args.only.is_empty() || args.only.iter().any(|o| o == m.name)).collect();
    let threads =
        args.test_threads.unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    let mut targets = vec![("(none)".to_string(), reference_target(&corpus, None, args.timeout_multiplier)?)];
    for m in &mutants {
        targets.push((m.name.to_string(), reference_target(&corpus, Some(m.name), args.timeout_multiplier)?));
    }
    eprintln!("srfi106-conform: {} cases against the reference and {} mutants", corpus.cases.len(), mutants.len());
    let findings = run_all(&corpus, targets, threads);

    let baseline = &findings["(none)"].caught_by;
    if !baseline.is_empty() {
        let list: Vec<String> = baseline.iter().map(|(c, s)| format!("{c} ({})", s.name())).collect();
        return Err(format!("the corpus does not pass on the reference itself: {}", list.join(", ")));
    }
    let mut survivors = Vec::new();
    for m in &mutants {
        let caught = &findings[m.name].caught_by;
        if caught.is_empty() {
            println!("{:<26} NOT CAUGHT  ({})", m.name, m.bug);
            survivors.push(m.name);
        } else {
            let names: Vec<String> = caught.iter().map(|(c, s)| format!("{c} [{}]", s.name())).collect();
            println!("{:<26} caught by {:>3} case(s): {}", m.name, caught.len(), names.join(", "));
        }
    }
    if let Some(path) = &args.report_md {
        std::fs::write(path, table(&mutants, &findings))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    println!("\n{} mutants, {} caught, {} not caught", mutants.len(), mutants.len() - survivors.len(), survivors.len());
    Ok(if survivors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
