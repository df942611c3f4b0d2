//! Start-up time of `srfi106-scheme` on a hello-world program, beside the
//! cost of spawning a process that does nothing (`/bin/true`), measured in
//! the same run. Prints figures; it asserts nothing (machines are noisy).
//!
//! Run: `cargo bench -p srfi106-reference --bench startup`

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn time_runs(mut make: impl FnMut() -> Command) -> Vec<Duration> {
    // Warm-up: page cache, dynamic loader.
    for _ in 0..10 {
        let _ = make().stdout(Stdio::null()).status();
    }
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = make().stdout(Stdio::null()).status().expect("spawn");
            assert!(status.success(), "the benchmark program failed");
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hello = dir.path().join("hello.scm");
    std::fs::write(&hello, "(import (scheme base) (scheme write))\n(display \"hello, world\")\n(newline)\n")
        .expect("write program");
    let scheme = env!("CARGO_BIN_EXE_srfi106-scheme");
    let reference = time_runs(|| {
        let mut c = Command::new(scheme);
        c.arg(&hello);
        c
    });
    let baseline = time_runs(|| Command::new("true"));
    let median = |t: &[Duration]| t[t.len() / 2];
    println!("start-up of srfi106-scheme on hello world ({RUNS} runs, after 10 warm-up runs)");
    println!(
        "  srfi106-scheme  median {:.2} ms  min {:.2} ms  max {:.2} ms",
        ms(median(&reference)),
        ms(reference[0]),
        ms(reference[RUNS - 1])
    );
    println!(
        "  /bin/true       median {:.2} ms  min {:.2} ms  max {:.2} ms",
        ms(median(&baseline)),
        ms(baseline[0]),
        ms(baseline[RUNS - 1])
    );
    println!("  target: median under 5 ms");
}
