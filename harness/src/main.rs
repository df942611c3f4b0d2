//! `srfi106-conform`: runs the SRFI 106 conformance corpus against the
//! built-in reference implementation or any Scheme binary, and gates CI on
//! the result. A thin layer over `srfi106-conformance` and libtest-mimic:
//! the command line, the trials, and the reports at the end.

#![forbid(unsafe_code)]

mod bench;
mod cli;
mod embedded;
mod mutants;
mod target;

use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use clap::Parser;
use libtest_mimic::{Completion, Failed, Trial};
use srfi106_conformance::expect::Expectations;
use srfi106_conformance::outcome::{CaseResult, Status};
use srfi106_conformance::report::{self, RunInfo};
use srfi106_conformance::{message, run, supervise};

use cli::{Cli, Command};

/// Exit status for a bad command line, corpus, adapter or expectations
/// file, or an implementation that does not start.
const USAGE_ERROR: u8 = 2;

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("srfi106-conform: {message}");
    ExitCode::from(USAGE_ERROR)
}

fn main() -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|a| a == "__reference") {
        let reference = cli::ReferenceCli::parse_from(std::env::args_os().skip(1));
        return target::run_reference(&reference.args);
    }
    let cli = Cli::parse();
    if let Some(Command::Reference(r)) = &cli.command {
        return target::run_reference(r);
    }
    // Whatever the implementations start, the run ends with nothing of
    // theirs left running, even when interrupted.
    if let Err(e) = supervise::supervise() {
        return fail(e);
    }
    let result = match cli.command {
        Some(Command::Bench(b)) => bench::run(&b),
        Some(Command::Mutants(m)) => mutants::run(&m),
        Some(Command::Matrix(m)) => matrix(&m),
        Some(Command::Reference(_)) | None => run_suite(cli),
    };
    let orphans = supervise::reap_orphans();
    if orphans > 0 {
        eprintln!("{}", message::orphans_killed(orphans));
    }
    match result {
        Ok(code) => code,
        Err(message) => fail(message),
    }
}

/// How a result shows in libtest's terms.
fn completion(corpus: &srfi106_conformance::corpus::Corpus, result: &CaseResult) -> Result<Completion, Failed> {
    match result.status {
        Status::Pass => Ok(Completion::Completed),
        Status::Xfail | Status::Deviates | Status::Unsupported => {
            Ok(Completion::ignored_with(result.reason.clone().unwrap_or_else(|| result.status.name().into())))
        }
        Status::Fail | Status::Crash | Status::Timeout | Status::Blocked | Status::Xpass | Status::Error => {
            Err(message::report(corpus, result).into())
        }
    }
}

fn run_suite(cli: Cli) -> Result<ExitCode, String> {
    let corpus = Arc::new(embedded::corpus(cli.options.cases.as_deref()).map_err(|e| e.to_string())?);
    let expectations = match &cli.options.expect {
        Some(path) => Expectations::load(path).map_err(|e| e.to_string())?,
        None => Expectations::default(),
    };
    let listing = cli.cases.list;
    // The probes run the implementation; listing cases needs none.
    let probe = if listing { target::Probe::None } else { target::Probe::Names(&corpus) };
    let prepared = target::prepare(&cli.options.target, probe).map_err(|e| e.to_string())?;
    let target = Arc::new(prepared.target);
    let results: Arc<Mutex<Vec<CaseResult>>> = Arc::default();
    let expectations = Arc::new(expectations);

    let mut trials = Vec::new();
    for (index, case) in corpus.cases.iter().enumerate() {
        let name = case.name.clone();
        if let Some(entry) = expectations.lookup(&name).filter(|e| e.is_skip()) {
            let reason = message::skipped_by(&expectations.path, &entry.reason);
            trials.push(Trial::ignorable_test(name, move || Ok(Completion::ignored_with(reason))));
            continue;
        }
        let (corpus, target, results, expectations) =
            (corpus.clone(), target.clone(), results.clone(), expectations.clone());
        trials.push(Trial::ignorable_test(name, move || {
            let case = &corpus.cases[index];
            let mut result = run::run_case(&target, &corpus, case);
            expectations.apply(&mut result);
            let shown = completion(&corpus, &result);
            if let Ok(mut all) = results.lock() {
                all.push(result);
            }
            shown
        }));
    }

    if !listing {
        eprintln!(
            "{}",
            message::header(
                env!("CARGO_PKG_VERSION"),
                corpus.cases.len(),
                &target.adapter.description,
                &target.version
            )
        );
        if let Some(library) = &target.library {
            eprintln!("{}", message::library(library));
        }
        if target.adapter.timeout_multiplier != 1.0 {
            eprintln!("{}", message::adapter_deadlines(&target.adapter.name, target.adapter.timeout_multiplier));
        }
        if !target.lacks.is_empty() {
            eprintln!("{}", message::lacks_summary(&corpus, &target));
        }
    }
    let conclusion = libtest_mimic::run(&cli.cases.arguments(), trials);
    if listing {
        return Ok(ExitCode::SUCCESS);
    }

    let mut results = std::mem::take(&mut *results.lock().map_err(|_| "a trial panicked while recording its result")?);
    results.sort_by(|a, b| a.case.cmp(&b.case));
    let mut failed = conclusion.has_failed();

    let names: Vec<&str> = corpus.cases.iter().map(|c| c.name.as_str()).collect();
    for entry in expectations.unmatched(&names) {
        eprintln!("{}", message::unmatched_entry(&expectations.path, &entry.case));
        failed = true;
    }
    for m in expectations.stale_missing(&target.lacks) {
        eprintln!("{}", message::stale_missing(&expectations.path, &m.name));
        failed = true;
    }
    let causes = message::causes_summary(&corpus, &results);
    if !causes.is_empty() {
        eprintln!("\n{causes}");
    }
    let deviations = message::deviations(&results);
    if !deviations.is_empty() {
        eprintln!("\n{deviations}");
    }

    let info = RunInfo {
        implementation: prepared.name,
        adapter: target.adapter.name.clone(),
        implementation_version: target.version.clone(),
        suite_version: env!("CARGO_PKG_VERSION").to_string(),
    };
    write_reports(&cli.options, &info, &corpus, &target, &results, &expectations)?;
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `srfi106-conform matrix`: the results of several runs side by side.
fn matrix(args: &cli::MatrixArgs) -> Result<ExitCode, String> {
    let runs = args
        .results
        .iter()
        .map(|p| report::RunRecord::read(p))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let corpus = embedded::corpus(None).map_err(|e| e.to_string())?;
    let write = |path: &std::path::Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    if let Some(path) = &args.html {
        write(path, &srfi106_conformance::matrix::html(&runs, Some(&corpus)))?;
    }
    match &args.markdown {
        Some(path) => write(path, &srfi106_conformance::matrix::markdown(&runs))?,
        None if args.html.is_none() => print!("{}", srfi106_conformance::matrix::markdown(&runs)),
        None => {}
    }
    Ok(ExitCode::SUCCESS)
}

fn write_reports(
    options: &cli::RunOptions,
    info: &RunInfo,
    corpus: &srfi106_conformance::corpus::Corpus,
    target: &run::Target,
    results: &[CaseResult],
    expectations: &Expectations,
) -> Result<(), String> {
    let write = |path: &std::path::Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    if let Some(path) = &options.results_json {
        let with_expected: Vec<(CaseResult, Option<String>)> =
            results.iter().map(|r| (r.clone(), expectations.lookup(&r.case).map(|e| e.shown()))).collect();
        write(path, &report::json(info, corpus, &target.lacks, &with_expected))?;
    }
    if let Some(path) = &options.junit {
        write(path, &report::junit(info, corpus, &target.lacks, results).map_err(|e| e.to_string())?)?;
    }
    if let Some(path) = &options.report_md {
        write(path, &report::markdown(info, &target.lacks, results))?;
    }
    if let Some(dir) = &options.keep_failed {
        report::keep_failed(dir, corpus, results, &target.adapter.extension).map_err(|e| e.to_string())?;
    }
    if let Some(path) = &options.write_expectations {
        write(
            path,
            &Expectations::baseline(results, &format!("{} {}", info.implementation, info.implementation_version)),
        )?;
    }
    Ok(())
}
