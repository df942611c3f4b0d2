//! The command line: the suite's options, then the options it shares with
//! `cargo test` (filters, `--exact`, `--skip`, `--list`, `--test-threads`,
//! `--format`), and subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "srfi106-conform",
    version,
    override_usage = "srfi106-conform [OPTIONS] [FILTER]\n       srfi106-conform <COMMAND> [OPTIONS]",
    about = "Runs the SRFI 106 conformance suite against the built-in reference or any Scheme binary.",
    after_help = "Exit status: 0 when every result is as expected; 1 on an unexpected failure, a stale or \
                  unmatched expectation; 2 for a bad command line, corpus, adapter or expectations file, or \
                  an implementation that does not start or cannot import (srfi 106).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub options: RunOptions,
    #[command(flatten)]
    pub cases: CaseSelection,
}

/// Which cases run and how they show, as with `cargo test`.
#[derive(Args, Debug, Default)]
#[command(next_help_heading = "Choosing and showing cases (as cargo test does)")]
pub struct CaseSelection {
    /// Run only the cases whose names contain FILTER (`ports/`, `send/size`).
    #[arg(value_name = "FILTER")]
    pub filter: Option<String>,
    /// Match FILTER and --skip against whole case names.
    #[arg(long)]
    pub exact: bool,
    /// Leave out the cases whose names contain this (may be repeated).
    #[arg(long, value_name = "FILTER")]
    pub skip: Vec<String>,
    /// List the cases instead of running them.
    #[arg(long)]
    pub list: bool,
    /// Cases run at once (default: the number of CPUs).
    #[arg(long, value_name = "N")]
    pub test_threads: Option<usize>,
    /// pretty (a line per case, the default), terse (a character per case)
    /// or json (a JSON line per event).
    #[arg(long, value_enum, value_name = "FORMAT", hide_possible_values = true)]
    pub format: Option<libtest_mimic::FormatSetting>,
    /// The same as --format terse.
    #[arg(short, long, conflicts_with = "format")]
    pub quiet: bool,
    /// When to colour the output: auto (on a terminal, the default), always
    /// or never.
    #[arg(long, value_enum, value_name = "WHEN", hide_possible_values = true)]
    pub color: Option<libtest_mimic::ColorSetting>,
}

impl CaseSelection {
    /// libtest-mimic's arguments for these choices.
    pub fn arguments(&self) -> libtest_mimic::Arguments {
        libtest_mimic::Arguments {
            filter: self.filter.clone(),
            exact: self.exact,
            skip: self.skip.clone(),
            list: self.list,
            test_threads: self.test_threads,
            format: self.format,
            quiet: self.quiet,
            color: self.color,
            ..libtest_mimic::Arguments::default()
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Benchmarks: the implementation's socket layer beside a raw Rust
    /// baseline on socket2, and the suite's own speed.
    Bench(BenchArgs),
    /// The mutation check: runs the corpus against each mutant of the
    /// reference (a deliberate bug seen in a real implementation) and
    /// requires every one to be caught. Needs a build with `--features
    /// mutants`.
    Mutants(MutantsArgs),
    /// A results matrix across systems from their `--results-json` files:
    /// Markdown (for CONFORMANCE.md) and a self-contained HTML page.
    Matrix(MatrixArgs),
    /// Runs a program with the built-in reference (how the suite runs it).
    #[command(name = "__reference", hide = true)]
    Reference(ReferenceArgs),
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// A Scheme implementation to benchmark beside the reference (a path, or
    /// a name on PATH); may be repeated. Its adapter is chosen by the
    /// binary's name.
    #[arg(long = "impl", value_name = "BIN")]
    pub implementations: Vec<PathBuf>,
    /// The adapter of the one --impl: a built-in name or a TOML file.
    #[arg(long, value_name = "NAME|FILE")]
    pub adapter: Option<String>,
    /// A generic adapter for one system: the command that runs a program,
    /// with {file}.
    #[arg(long, value_name = "'CMD ... {file}'", conflicts_with = "adapter")]
    pub run: Option<String>,
    /// Multiply every deadline (each run's, and the probes').
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0)]
    pub timeout_multiplier: f64,
    /// Small sizes and one run: checks the benchmarks work (CI).
    #[arg(long)]
    pub quick: bool,
    /// Runs per benchmark, after a warm-up (default 5; 1 with --quick).
    #[arg(long, value_name = "N")]
    pub runs: Option<usize>,
    /// Also write the figures as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Leave out the suite benchmark (the whole corpus on the reference: the
    /// harness's own speed).
    #[arg(long)]
    pub no_suite: bool,
}

#[derive(Args, Debug)]
pub struct MatrixArgs {
    /// The JSON results of the runs, one per system (`--results-json`).
    #[arg(value_name = "RESULTS.json", required = true)]
    pub results: Vec<PathBuf>,
    /// Write the Markdown matrix here (without --markdown or --html, it goes
    /// to standard output).
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,
    /// Write the HTML page here.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct MutantsArgs {
    /// Run only these mutants.
    #[arg(long, value_name = "NAME")]
    pub only: Vec<String>,
    /// Run another corpus.
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    /// Cases run at once (default: the number of CPUs).
    #[arg(long, value_name = "N")]
    pub test_threads: Option<usize>,
    /// Multiply every timeout: mutants that hang are only waited for this
    /// much.
    #[arg(long, value_name = "FACTOR", default_value_t = 0.5)]
    pub timeout_multiplier: f64,
    /// Write the table of mutants and the cases that catch them.
    #[arg(long, value_name = "FILE")]
    pub report_md: Option<PathBuf>,
}

/// `srfi106-conform __reference ...` alone: every case's program on the
/// built-in reference starts this way, so it does not build the whole
/// command line first.
#[derive(Parser, Debug)]
#[command(name = "srfi106-conform __reference")]
pub struct ReferenceCli {
    #[command(flatten)]
    pub args: ReferenceArgs,
}

#[derive(Args, Debug)]
pub struct ReferenceArgs {
    /// left-to-right or right-to-left
    #[arg(long, default_value = "left-to-right")]
    pub eval_order: String,
    pub file: PathBuf,
}

/// Which implementation the cases (or benchmarks) run on.
#[derive(Args, Debug, Default)]
pub struct TargetOptions {
    /// The Scheme implementation to test (a path, or a name on PATH). Without
    /// it, the built-in reference implementation runs the corpus.
    #[arg(long = "impl", value_name = "BIN")]
    pub implementation: Option<PathBuf>,
    /// The adapter: a built-in name (see --list-adapters) or a TOML file.
    /// By default it is chosen by the binary's name.
    #[arg(long, value_name = "NAME|FILE")]
    pub adapter: Option<String>,
    /// A generic adapter: the command that runs a program, with {file}.
    #[arg(long, value_name = "'CMD ... {file}'", conflicts_with = "adapter")]
    pub run: Option<String>,
    /// Multiply every timeout (slow machines, sanitizers, emulators).
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0)]
    pub timeout_multiplier: f64,
    /// For the built-in reference: the argument evaluation order.
    #[arg(long, value_name = "ORDER", value_parser = ["left-to-right", "right-to-left"])]
    pub eval_order: Option<String>,
    /// List the built-in adapters and exit.
    #[arg(long)]
    pub list_adapters: bool,
}

#[derive(Args, Debug, Default)]
pub struct RunOptions {
    #[command(flatten)]
    pub target: TargetOptions,
    /// Run another corpus (with its snapshots/) instead of the built-in one.
    #[arg(long, value_name = "DIR")]
    pub cases: Option<PathBuf>,
    /// Expected failures (TOML): the run passes when results match it.
    #[arg(long, value_name = "FILE")]
    pub expect: Option<PathBuf>,
    /// Write an expectations file listing this run's failures.
    #[arg(long, value_name = "FILE")]
    pub write_expectations: Option<PathBuf>,
    /// Write a JUnit XML report.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Write one JSON record per case.
    #[arg(long, value_name = "FILE")]
    pub results_json: Option<PathBuf>,
    /// Write a Markdown results table.
    #[arg(long, value_name = "FILE")]
    pub report_md: Option<PathBuf>,
    /// For each case that fails, keep its program, command, outputs and
    /// peer transcript under DIR.
    #[arg(long, value_name = "DIR")]
    pub keep_failed: Option<PathBuf>,
}
