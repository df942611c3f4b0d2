//! Benchmarks: Scheme programs shipped with the suite (`conformance/bench`)
//! run on one or more systems, each run beside a raw Rust baseline on
//! socket2 doing the same thing, which stands for what the kernel allows.
//!
//! Runs are interleaved: for each benchmark, every system runs once (then
//! a run of the baseline), then every system again, each round starting
//! one system further on, so that the machine's noise falls on all alike.
//! Figures are medians of the runs after a warm-up, with the min–max. A
//! system's ratio is its median over the median of every baseline run of
//! that benchmark, beside whichever system: all the systems of a row share
//! one denominator, so their ratios rank as their figures do. (A baseline
//! run varies about as much as a system's, and hardly with the run beside
//! it: a ratio to the one baseline run beside each run carried the noise
//! of both.) A run that fails is a result (the benchmark is failed on that
//! system, the others go on); a run that passes its deadline is stopped,
//! and the figure is "slower than" what the deadline allows. Nothing here
//! asserts a figure: the machine may be noisy; targets are printed beside
//! the figures for the reader.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::corpus::Corpus;
use crate::error::Error;
use crate::outcome::Status;
use crate::process::{self, Ending};
use crate::run::{run_case, Target};

const CHUNK: usize = 65536;
const DATAGRAM: usize = 64;
/// Program starts per run of the startup benchmark.
const STARTS: usize = 10;
/// How long one run of a benchmark may take (scaled by the target's
/// timeout multiplier) before it is stopped.
pub const RUN_DEADLINE: Duration = Duration::from_secs(30);

/// How much work each benchmark does.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Sizes {
    pub bulk_bytes: u64,
    pub churn_connections: u64,
    pub datagrams: u64,
    pub runs: usize,
    pub warm_up: bool,
}

impl Sizes {
    /// The full benchmarks: 1 GiB each way, 10,000 connections, 1,000,000
    /// datagrams; five runs after a warm-up.
    pub fn full() -> Sizes {
        Sizes { bulk_bytes: 1 << 30, churn_connections: 10_000, datagrams: 1_000_000, runs: 5, warm_up: true }
    }

    /// A quick pass (CI): small sizes, one run, to show the machinery works.
    pub fn quick() -> Sizes {
        Sizes { bulk_bytes: 16 << 20, churn_connections: 200, datagrams: 10_000, runs: 1, warm_up: false }
    }
}

/// A benchmark of the socket layer: the one definition of each, from which
/// its program, its measurement, its baseline and its row follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Benchmark {
    Bulk,
    Churn,
    Ports,
    Udp,
    Startup,
}

impl Benchmark {
    /// Every benchmark, in the order of the table.
    pub const ALL: [Benchmark; 5] =
        [Benchmark::Bulk, Benchmark::Churn, Benchmark::Ports, Benchmark::Udp, Benchmark::Startup];

    pub fn name(self) -> &'static str {
        match self {
            Benchmark::Bulk => "bulk",
            Benchmark::Churn => "churn",
            Benchmark::Ports => "ports",
            Benchmark::Udp => "udp",
            Benchmark::Startup => "startup",
        }
    }

    /// The unit of its figures; for `ms` lower is better.
    pub fn unit(self) -> &'static str {
        match self {
            Benchmark::Bulk | Benchmark::Ports => "MB/s",
            Benchmark::Churn => "conn/s",
            Benchmark::Udp => "dgram/s",
            Benchmark::Startup => "ms",
        }
    }

    /// What it measures, at `sizes`.
    pub fn what(self, sizes: &Sizes) -> String {
        let size = if sizes.bulk_bytes >= 1 << 30 {
            format!("{} GiB", sizes.bulk_bytes >> 30)
        } else {
            format!("{} MiB", sizes.bulk_bytes >> 20)
        };
        match self {
            Benchmark::Bulk => format!("TCP, {size} each way, 64 KiB socket-send/socket-recv"),
            Benchmark::Churn => format!(
                "{} connections: connect (with its address lookup), accept, 4-byte request/response, close",
                sizes.churn_connections
            ),
            Benchmark::Ports => format!("TCP, {size} each way, write-bytevector/read-bytevector on socket ports"),
            Benchmark::Udp => format!("{} datagrams of {DATAGRAM} bytes", sizes.datagrams),
            Benchmark::Startup => "a program that only imports (srfi 106); baseline: /bin/true".into(),
        }
    }

    /// The target the reference is held to.
    pub fn target(self) -> Option<&'static str> {
        match self {
            Benchmark::Bulk => Some("ratio >= 0.95, peak RSS <= 16 MiB"),
            Benchmark::Churn => Some("ratio >= 0.95"),
            Benchmark::Ports => Some("ratio >= 0.95"),
            Benchmark::Udp => Some("ratio >= 0.90"),
            Benchmark::Startup => Some("median <= 2 ms"),
        }
    }

    /// Whether the reference meets its target with `cell`.
    fn met(self, cell: &Cell) -> Option<bool> {
        let (Some(ratio), Some(figure)) = (cell.ratio, cell.implementation) else { return Some(false) };
        Some(match self {
            Benchmark::Bulk => ratio >= 0.95 && cell.peak_rss.is_some_and(|p| p <= 16 << 20),
            Benchmark::Churn | Benchmark::Ports => ratio >= 0.95,
            Benchmark::Udp => ratio >= 0.90,
            Benchmark::Startup => figure.median <= 2.0,
        })
    }

    /// What `met` holds against the target, precisely enough to show why
    /// a ratio the table rounds to the target can miss it.
    fn measured(self, cell: &Cell) -> Option<String> {
        match self {
            Benchmark::Startup => cell.implementation.map(|f| format!("{:.2} ms", f.median)),
            _ => cell.ratio.map(|r| format!("{r:.3}")),
        }
    }

    fn program(self) -> &'static str {
        match self {
            Benchmark::Bulk => include_str!("../bench/bulk.scm"),
            Benchmark::Churn => include_str!("../bench/churn.scm"),
            Benchmark::Ports => include_str!("../bench/ports.scm"),
            Benchmark::Udp => include_str!("../bench/udp.scm"),
            Benchmark::Startup => include_str!("../bench/startup.scm"),
        }
    }

    /// Whether a higher figure is better.
    fn higher_is_better(self) -> bool {
        self != Benchmark::Startup
    }

    /// The figure of a run that took `took`; for bulk transfers, `took` is
    /// the peer's time from the accept to both directions done.
    fn figure(self, sizes: &Sizes, took: Duration) -> f64 {
        let secs = took.as_secs_f64().max(1e-9);
        match self {
            Benchmark::Bulk | Benchmark::Ports => (sizes.bulk_bytes * 2) as f64 / 1e6 / secs,
            Benchmark::Churn => sizes.churn_connections as f64 / secs,
            Benchmark::Udp => sizes.datagrams as f64 / secs,
            Benchmark::Startup => secs * 1000.0,
        }
    }

    /// The ratio of a system's figure to the baseline's: its share of the
    /// baseline's speed.
    fn ratio(self, figure: f64, baseline: f64) -> f64 {
        if figure <= 0.0 || baseline <= 0.0 {
            0.0
        } else if self.higher_is_better() {
            figure / baseline
        } else {
            baseline / figure
        }
    }
}

/// A figure as the median of several runs (of an even number, the mean of
/// the middle two), with their range.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Figure {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Figure {
    fn of(mut xs: Vec<f64>) -> Option<Figure> {
        xs.sort_by(|a, b| a.total_cmp(b));
        let upper = *xs.get(xs.len() / 2)?;
        let median = if xs.len() % 2 == 0 { (xs[xs.len() / 2 - 1] + upper) / 2.0 } else { upper };
        Some(Figure { median, min: *xs.first()?, max: *xs.last()? })
    }
}

/// A system benchmarked: how the table names it, and how to run it.
pub struct System<'a> {
    pub name: String,
    pub target: &'a Target,
}

/// How a benchmark went on one system.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum Outcome {
    /// Every run gave a figure.
    Measured,
    /// A run failed: the program's own error.
    Failed { error: String },
    /// A run passed its deadline and was stopped: the system is slower than
    /// this figure.
    Slower { than: f64, deadline_s: f64 },
}

/// One system's cell of a benchmark's row.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub system: String,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub implementation: Option<Figure>,
    /// The baseline runs made beside this system's (the ratio is to the
    /// row's baseline, all of them).
    pub baseline: Option<Figure>,
    /// The system's median over the row's baseline median (for start-up,
    /// the baseline's over the system's).
    pub ratio: Option<f64>,
    /// Peak resident memory of the system's process, in bytes (bulk and
    /// ports).
    pub peak_rss: Option<u64>,
    pub note: Option<String>,
}

/// One benchmark across the systems.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub name: &'static str,
    pub what: String,
    pub unit: &'static str,
    /// The target the reference is held to.
    pub target: Option<&'static str>,
    /// Every baseline run of this benchmark, beside every system: the
    /// denominator of each cell's ratio.
    pub baseline: Option<Figure>,
    pub cells: Vec<Cell>,
}

/// What the suite benchmark measured: the whole corpus on the reference.
#[derive(Clone, Debug, Serialize)]
pub struct SuiteRow {
    pub what: String,
    /// Wall time of the whole corpus, in seconds.
    pub wall: Figure,
    /// The programs' own time spread over the threads, in seconds.
    pub bare: Figure,
    /// Wall time over bare time.
    pub overhead: Figure,
    pub target: &'static str,
}

/// The end of one run on a system.
enum RunEnd {
    /// Its figure, the process's peak memory, and for udp how many
    /// datagrams arrived.
    Figure(f64, u64, Option<u64>),
    Slow,
    Failed(String),
}

/// How a program run ended.
enum Ran {
    Done(Duration, u64),
    Slow,
    Failed(String),
}

/// The program for `benchmark` on `target`: the standard bindings, then its
/// body.
fn program(
    target: &Target,
    benchmark: Benchmark,
    peer_port: u16,
    server_port: u16,
    sizes: &Sizes,
) -> Result<String, Error> {
    let count = if benchmark == Benchmark::Udp { sizes.datagrams } else { sizes.churn_connections };
    let body = format!(
        "(define peer-host \"127.0.0.1\")\n(define peer-port \"{peer_port}\")\n(define server-port \"{server_port}\")\n\
         (define bench-bytes {})\n(define bench-count {count})\n{}\n",
        sizes.bulk_bytes,
        benchmark.program(),
    );
    target.adapter.program(&crate::names::Dialect::new(), &body)
}

/// What a failed program said: on standard error, or on standard output
/// for a system that reports errors there; the first line that speaks of
/// an error or exception (a backtrace follows it on some systems), or else
/// the last lines.
fn last_words(done: &process::Finished) -> String {
    let tail = |text: String| {
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let error = lines.iter().find(|l| {
            let l = l.to_lowercase();
            l.contains("error") || l.contains("exception")
        });
        match error {
            Some(line) => line.to_string(),
            None => lines[lines.len().saturating_sub(3)..].join(" / "),
        }
    };
    let err = tail(done.stderr.text());
    if !err.is_empty() {
        return err;
    }
    let out = tail(done.stdout.text());
    if out.is_empty() {
        "(it printed nothing)".into()
    } else {
        out
    }
}

/// Runs `text` on the target (compiling it first, for an adapter that
/// does), stopping it at `deadline`.
fn run_program(target: &Target, text: &str, deadline: Duration) -> Result<Ran, Error> {
    let dir = crate::scratch::Scratch::new("srfi106-bench-")?;
    let file = dir.path().join(format!("bench.{}", target.adapter.extension));
    std::fs::write(&file, text).map_err(|e| Error::io(&file, "write", e))?;
    let places = target.places(dir.path(), &file);
    let env = target.adapter.env(&places);
    if let Some(compile) = &target.adapter.compile {
        let done = process::run(&places.expand_all(compile), dir.path(), &env, target.adapter.compile_timeout, None)?;
        if done.ending != Ending::Exited(0) {
            return Ok(Ran::Failed(format!("the program did not compile ({}): {}", done.ending, last_words(&done))));
        }
    }
    let (done, peak) =
        process::run_measuring_memory(&places.expand_all(&target.adapter.run), dir.path(), &env, deadline)?;
    Ok(match done.ending {
        Ending::Exited(0) => Ran::Done(done.duration, peak),
        Ending::TimedOut => Ran::Slow,
        other => Ran::Failed(format!("the program failed ({other}): {}", last_words(&done))),
    })
}

fn free_port() -> Result<u16, Error> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Error::Infrastructure { message: format!("choose a port: {e}") })
}

fn infra(what: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Infrastructure { message: format!("{what}: {e}") }
}

/// A bulk peer: accepts one connection, reads to the end while sending
/// `bytes`, then half-closes. Returns the listener's port and a handle
/// yielding the time from the accept to both directions done.
fn bulk_peer(bytes: u64) -> Result<(u16, std::thread::JoinHandle<Result<Duration, String>>), Error> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(infra("bind the bulk peer"))?;
    let port = listener.local_addr().map_err(infra("bind the bulk peer"))?.port();
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
        let start = Instant::now();
        let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
        let sender = std::thread::spawn(move || -> Result<(), String> {
            let chunk = vec![7u8; CHUNK];
            let mut left = bytes;
            while left > 0 {
                let n = (left as usize).min(CHUNK);
                writer.write_all(&chunk[..n]).map_err(|e| format!("send: {e}"))?;
                left -= n as u64;
            }
            writer.shutdown(Shutdown::Write).map_err(|e| e.to_string())
        });
        let mut reader = stream;
        let mut buf = vec![0u8; CHUNK];
        let mut got = 0u64;
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => got += n as u64,
                Err(e) => return Err(format!("receive: {e}")),
            }
        }
        sender.join().map_err(|_| "the sender panicked".to_string())??;
        if got != bytes {
            return Err(format!("received {got} bytes, expected {bytes}"));
        }
        Ok(start.elapsed())
    });
    Ok((port, handle))
}

/// Ends a bulk peer whose program is gone: a connection of our own ends
/// its wait for one, and it returns.
fn dismiss(port: u16, peer: std::thread::JoinHandle<Result<Duration, String>>) {
    drop(TcpStream::connect(("127.0.0.1", port)));
    let _ = peer.join();
}

/// The Rust client of the bulk benchmark: what the Scheme program does.
fn bulk_client(port: u16, bytes: u64) -> Result<(), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let chunk = vec![42u8; CHUNK];
    let mut left = bytes;
    while left > 0 {
        s.write_all(&chunk).map_err(|e| e.to_string())?;
        left = left.saturating_sub(CHUNK as u64);
    }
    s.shutdown(Shutdown::Write).map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; CHUNK];
    while s.read(&mut buf).map_err(|e| e.to_string())? > 0 {}
    Ok(())
}

/// The churn loop in Rust: what churn.scm does, with the address lookup
/// every `make-client-socket` makes (node and service are strings; the
/// SRFI's default hints: IPv4, stream, `AI_V4MAPPED | AI_ADDRCONFIG`).
fn churn_baseline(connections: u64) -> Result<Duration, Error> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(infra("bind"))?;
    let port = listener.local_addr().map_err(infra("bind"))?.port().to_string();
    let hints = dns_lookup::AddrInfoHints {
        flags: libc::AI_V4MAPPED | libc::AI_ADDRCONFIG,
        address: libc::AF_INET,
        socktype: libc::SOCK_STREAM,
        protocol: 0,
    };
    let start = Instant::now();
    let message = [1u8, 2, 3, 4];
    let mut buf = [0u8; 4];
    for _ in 0..connections {
        let addr = dns_lookup::getaddrinfo(Some("127.0.0.1"), Some(&port), Some(hints))
            .ok()
            .and_then(|mut found| found.next())
            .and_then(Result::ok)
            .ok_or_else(|| Error::Infrastructure { message: "the baseline could not resolve 127.0.0.1".into() })?
            .sockaddr;
        let mut c = TcpStream::connect(addr).map_err(infra("connect"))?;
        let (mut a, _) = listener.accept().map_err(infra("accept"))?;
        c.write_all(&message).map_err(infra("send"))?;
        a.read_exact(&mut buf).map_err(infra("receive"))?;
        a.write_all(&message).map_err(infra("send"))?;
        c.read_exact(&mut buf).map_err(infra("receive"))?;
        drop(a);
        drop(c);
    }
    Ok(start.elapsed())
}

/// A UDP peer counting datagrams until told to stop.
struct UdpPeer {
    port: u16,
    stop: Arc<AtomicBool>,
    count: Arc<AtomicU64>,
    thread: std::thread::JoinHandle<()>,
}

impl UdpPeer {
    fn start() -> Result<UdpPeer, Error> {
        let socket = UdpSocket::bind("127.0.0.1:0").map_err(infra("bind the UDP peer"))?;
        let port = socket.local_addr().map_err(infra("bind the UDP peer"))?.port();
        socket.set_read_timeout(Some(Duration::from_millis(50))).map_err(infra("UDP peer"))?;
        let _ = socket2::SockRef::from(&socket).set_recv_buffer_size(8 << 20);
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicU64::new(0));
        let (s, c) = (stop.clone(), count.clone());
        let thread = std::thread::spawn(move || {
            let mut buf = [0u8; 2048];
            loop {
                match socket.recv(&mut buf) {
                    Ok(_) => {
                        c.fetch_add(1, Ordering::Relaxed);
                    }
                    // The stop flag is read only after the socket has been
                    // quiet for a while, so datagrams still queued count.
                    Err(_) if s.load(Ordering::Relaxed) => return,
                    Err(_) => {}
                }
            }
        });
        Ok(UdpPeer { port, stop, count, thread })
    }

    /// Stops the peer and returns how many datagrams arrived.
    fn finish(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.thread.join();
        self.count.load(Ordering::Relaxed)
    }
}

/// One run of `benchmark` on `target`.
fn measure(benchmark: Benchmark, target: &Target, sizes: &Sizes) -> Result<RunEnd, Error> {
    let deadline = RUN_DEADLINE.mul_f64(target.timeout_multiplier.max(0.01));
    let ended = |ran: Ran, figure: &dyn Fn(Duration) -> f64| match ran {
        Ran::Done(took, peak) => RunEnd::Figure(figure(took), peak, None),
        Ran::Slow => RunEnd::Slow,
        Ran::Failed(m) => RunEnd::Failed(m),
    };
    Ok(match benchmark {
        Benchmark::Bulk | Benchmark::Ports => {
            let (port, peer) = bulk_peer(sizes.bulk_bytes)?;
            let text = program(target, benchmark, port, 0, sizes)?;
            match run_program(target, &text, deadline)? {
                Ran::Done(_, peak) => match peer.join() {
                    Ok(Ok(took)) => RunEnd::Figure(benchmark.figure(sizes, took), peak, None),
                    Ok(Err(m)) => RunEnd::Failed(format!("the program ended, but the peer saw: {m}")),
                    Err(_) => return Err(Error::Infrastructure { message: "the bulk peer panicked".into() }),
                },
                other => {
                    dismiss(port, peer);
                    ended(other, &|_| 0.0)
                }
            }
        }
        Benchmark::Churn => {
            let text = program(target, benchmark, 0, free_port()?, sizes)?;
            ended(run_program(target, &text, deadline)?, &|took| benchmark.figure(sizes, took))
        }
        Benchmark::Udp => {
            let peer = UdpPeer::start()?;
            let text = program(target, benchmark, peer.port, 0, sizes)?;
            let ran = run_program(target, &text, deadline)?;
            let arrived = peer.finish();
            match ended(ran, &|took| benchmark.figure(sizes, took)) {
                RunEnd::Figure(f, peak, _) => RunEnd::Figure(f, peak, Some(arrived)),
                other => other,
            }
        }
        Benchmark::Startup => {
            // A run is several starts; its figure is their median.
            let text = program(target, benchmark, 0, 0, sizes)?;
            let mut times = Vec::new();
            for _ in 0..STARTS {
                match run_program(target, &text, deadline / STARTS as u32)? {
                    Ran::Done(took, _) => times.push(benchmark.figure(sizes, took)),
                    other => return Ok(ended(other, &|_| 0.0)),
                }
            }
            RunEnd::Figure(Figure::of(times).map_or(0.0, |f| f.median), 0, None)
        }
    })
}

/// One run of the baseline of `benchmark`, and for udp how many datagrams
/// arrived.
fn baseline(benchmark: Benchmark, sizes: &Sizes) -> Result<(f64, Option<u64>), Error> {
    Ok(match benchmark {
        Benchmark::Bulk | Benchmark::Ports => {
            let (port, peer) = bulk_peer(sizes.bulk_bytes)?;
            bulk_client(port, sizes.bulk_bytes)
                .map_err(|m| Error::Infrastructure { message: format!("baseline: {m}") })?;
            let took = peer
                .join()
                .map_err(|_| Error::Infrastructure { message: "the bulk peer panicked".into() })?
                .map_err(|m| Error::Infrastructure { message: format!("bulk peer: {m}") })?;
            (benchmark.figure(sizes, took), None)
        }
        Benchmark::Churn => (benchmark.figure(sizes, churn_baseline(sizes.churn_connections)?), None),
        Benchmark::Udp => {
            let peer = UdpPeer::start()?;
            let s = UdpSocket::bind("127.0.0.1:0").map_err(infra("bind"))?;
            s.connect(("127.0.0.1", peer.port)).map_err(infra("connect"))?;
            let datagram = [7u8; DATAGRAM];
            let start = Instant::now();
            for _ in 0..sizes.datagrams {
                s.send(&datagram).map_err(infra("send"))?;
            }
            let took = start.elapsed();
            (benchmark.figure(sizes, took), Some(peer.finish()))
        }
        Benchmark::Startup => {
            let dir = std::env::temp_dir();
            let mut times = Vec::new();
            for _ in 0..STARTS {
                let done = process::run(&["true".to_string()], &dir, &[], Duration::from_secs(10), None)?;
                times.push(benchmark.figure(sizes, done.duration));
            }
            (Figure::of(times).map_or(0.0, |f| f.median), None)
        }
    })
}

/// What a benchmark has measured on one system so far.
#[derive(Default)]
struct Tally {
    figures: Vec<f64>,
    baselines: Vec<f64>,
    peak: u64,
    arrived: Vec<u64>,
    baseline_arrived: Vec<u64>,
    stopped: Option<Outcome>,
}

impl Tally {
    /// The system's cell, its ratio taken to `baseline`, the row's.
    fn cell(self, system: &str, benchmark: Benchmark, sizes: &Sizes, baseline: Option<Figure>) -> Cell {
        // Counts take their median as every figure does (the mean of the
        // middle two of an even number), rounded to a whole datagram.
        let median =
            |v: Vec<u64>| Figure::of(v.into_iter().map(|n| n as f64).collect()).map(|f| f.median.round() as u64);
        let note = match (median(self.arrived), median(self.baseline_arrived)) {
            (Some(a), Some(b)) => Some(format!("arrived: {a} of {} (baseline: {b})", sizes.datagrams)),
            _ => None,
        };
        let measured = self.stopped.is_none();
        let implementation = if measured { Figure::of(self.figures) } else { None };
        Cell {
            system: system.to_string(),
            outcome: self.stopped.unwrap_or(Outcome::Measured),
            implementation,
            baseline: Figure::of(self.baselines),
            ratio: implementation.zip(baseline).map(|(f, b)| benchmark.ratio(f.median, b.median)),
            peak_rss: (measured && matches!(benchmark, Benchmark::Bulk | Benchmark::Ports)).then_some(self.peak),
            note,
        }
    }
}

/// A line of progress: which run of which benchmark on which system ended,
/// and how.
pub struct Progress<'a> {
    pub benchmark: Benchmark,
    pub system: &'a str,
    /// 0 for the warm-up, then 1 to `runs`.
    pub run: usize,
    pub runs: usize,
    pub line: String,
}

fn number(x: f64, unit: &str) -> String {
    match unit {
        "ms" => format!("{x:.2}"),
        "s" => format!("{x:.3}"),
        _ if x >= 100.0 => format!("{x:.0}"),
        _ => format!("{x:.1}"),
    }
}

/// Runs the benchmarks on `systems`, interleaved, telling `progress` of
/// each run as it ends.
pub fn run(systems: &[System], sizes: &Sizes, progress: &dyn Fn(Progress)) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    let warm = usize::from(sizes.warm_up);
    let runs = sizes.runs.max(1);
    for benchmark in Benchmark::ALL {
        let unit = benchmark.unit();
        let mut tallies: Vec<Tally> = systems.iter().map(|_| Tally::default()).collect();
        for run in (1 - warm)..=runs {
            for i in turn(run, systems.len()) {
                let (system, tally) = (&systems[i], &mut tallies[i]);
                if tally.stopped.is_some() {
                    continue;
                }
                let line = match measure(benchmark, system.target, sizes)? {
                    RunEnd::Figure(figure, peak, arrived) => {
                        let (base, base_arrived) = baseline(benchmark, sizes)?;
                        if run > 0 {
                            tally.figures.push(figure);
                            tally.baselines.push(base);
                            tally.peak = tally.peak.max(peak);
                            tally.arrived.extend(arrived);
                            tally.baseline_arrived.extend(base_arrived);
                        }
                        format!(
                            "{} {unit} (the baseline beside it: {} {unit})",
                            number(figure, unit),
                            number(base, unit)
                        )
                    }
                    RunEnd::Slow => {
                        let deadline = RUN_DEADLINE.mul_f64(system.target.timeout_multiplier.max(0.01));
                        let per = if benchmark == Benchmark::Startup { deadline / STARTS as u32 } else { deadline };
                        let than = benchmark.figure(sizes, per);
                        tally.stopped = Some(Outcome::Slower { than, deadline_s: per.as_secs_f64() });
                        format!("stopped at its deadline ({:.0} s): {}", per.as_secs_f64(), slower(than, unit))
                    }
                    RunEnd::Failed(error) => {
                        let line = format!("failed: {error}");
                        tally.stopped = Some(Outcome::Failed { error });
                        line
                    }
                };
                progress(Progress { benchmark, system: &system.name, run, runs, line });
            }
        }
        let names: Vec<&str> = systems.iter().map(|s| s.name.as_str()).collect();
        rows.push(row(benchmark, sizes, &names, tallies));
    }
    Ok(rows)
}

/// The order the systems take in run `run` of a benchmark: each run starts
/// one system further on, so that no system always runs first, or always
/// after the same one: whatever a run leaves behind (sockets in
/// TIME_WAIT, a busy cache) falls on each in turn.
fn turn(run: usize, systems: usize) -> impl Iterator<Item = usize> {
    (0..systems).map(move |k| (run + k) % systems)
}

/// The row of `benchmark`: each system's cell, its ratio taken to the
/// median of every baseline run of the benchmark.
fn row(benchmark: Benchmark, sizes: &Sizes, systems: &[&str], tallies: Vec<Tally>) -> Row {
    let baseline = Figure::of(tallies.iter().flat_map(|t| t.baselines.iter().copied()).collect());
    Row {
        name: benchmark.name(),
        what: benchmark.what(sizes),
        unit: benchmark.unit(),
        target: benchmark.target(),
        baseline,
        cells: systems.iter().zip(tallies).map(|(s, t)| t.cell(s, benchmark, sizes, baseline)).collect(),
    }
}

fn slower(than: f64, unit: &str) -> String {
    if unit == "ms" {
        format!("slower than {} ms", number(than, unit))
    } else {
        format!("slower than {} {unit}", number(than, unit))
    }
}

/// The whole corpus against `target`: its wall time, and how much of it
/// is the harness (wall time over the sum of the programs' own times spread
/// over the threads).
pub fn suite(target: &Target, corpus: &Corpus, sizes: &Sizes) -> Result<SuiteRow, Error> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let (mut walls, mut bares, mut overheads) = (Vec::new(), Vec::new(), Vec::new());
    for run in (1 - usize::from(sizes.warm_up))..=sizes.runs.max(1) {
        let queue = std::sync::Mutex::new(corpus.cases.iter());
        let busy = AtomicU64::new(0);
        let failures = std::sync::Mutex::new(Vec::new());
        let start = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    let Some(case) = queue.lock().ok().and_then(|mut q| q.next()) else { return };
                    let result = run_case(target, corpus, case);
                    busy.fetch_add(result.duration.as_micros() as u64, Ordering::Relaxed);
                    if !matches!(result.status, Status::Pass | Status::Unsupported | Status::Deviates) {
                        if let Ok(mut f) = failures.lock() {
                            f.push(result.case);
                        }
                    }
                });
            }
        });
        let wall = start.elapsed();
        let failed = failures.into_inner().unwrap_or_default();
        if !failed.is_empty() {
            return Err(Error::Infrastructure { message: format!("the corpus does not pass: {}", failed.join(", ")) });
        }
        if run == 0 {
            continue;
        }
        let bare = Duration::from_micros(busy.load(Ordering::Relaxed)) / threads as u32;
        walls.push(wall.as_secs_f64());
        overheads.push(wall.as_secs_f64() / bare.as_secs_f64().max(1e-9));
        bares.push(bare.as_secs_f64());
    }
    let none = || Error::Infrastructure { message: "the suite benchmark measured nothing".into() };
    Ok(SuiteRow {
        what: format!(
            "the whole corpus ({} cases) on {threads} threads; baseline: the programs' own time over the threads",
            corpus.cases.len()
        ),
        wall: Figure::of(walls).ok_or_else(none)?,
        bare: Figure::of(bares).ok_or_else(none)?,
        overhead: Figure::of(overheads).ok_or_else(none)?,
        target: "wall <= 3 s, overhead <= 1.10x",
    })
}

/// How much of a failure's message a table cell shows; [`failures`] has
/// the whole of it.
const CELL_ERROR_CHARS: usize = 100;

/// A figure as the table shows it: the median, then the min–max.
fn range(f: &Figure, unit: &str) -> String {
    format!("{} {unit} ({}–{})", number(f.median, unit), number(f.min, unit), number(f.max, unit))
}

/// A cell of the table.
fn cell_text(cell: &Cell, unit: &str) -> String {
    match &cell.outcome {
        Outcome::Failed { error } => {
            let mut first: String = error.chars().take(CELL_ERROR_CHARS).collect();
            if first.len() < error.len() {
                first.push('…');
            }
            format!("failed: {}", first.replace('|', "\\|"))
        }
        Outcome::Slower { than, .. } => slower(*than, unit),
        Outcome::Measured => {
            let Some(f) = cell.implementation else { return "—".into() };
            let mut s = format!("{}, ratio {:.2}", range(&f, unit), cell.ratio.unwrap_or(0.0));
            if let Some(rss) = cell.peak_rss {
                s.push_str(&format!(", {:.1} MiB", rss as f64 / (1 << 20) as f64));
            }
            s
        }
    }
}

/// The table: benchmarks down, then the baseline (median and min–max of
/// all its runs) and the systems across; each cell the system's median
/// (min–max), its ratio to the baseline's median, and the peak memory for
/// bulk transfers.
pub fn table(rows: &[Row]) -> String {
    let Some(first) = rows.first() else { return String::new() };
    let mut s = String::from("| benchmark | what | baseline (socket2) |");
    for c in &first.cells {
        s.push_str(&format!(" {} |", c.system));
    }
    s.push_str("\n|---|---|---|");
    s.push_str(&"---|".repeat(first.cells.len()));
    s.push('\n');
    for r in rows {
        let mut what = r.what.clone();
        if let Some(note) = r.cells.first().and_then(|c| c.note.as_ref()) {
            what.push_str(&format!("; {}: {note}", r.cells[0].system));
        }
        let baseline = r.baseline.map_or("—".to_string(), |f| range(&f, r.unit));
        s.push_str(&format!("| {} | {what} | {baseline} |", r.name));
        for c in &r.cells {
            s.push_str(&format!(" {} |", cell_text(c, r.unit)));
        }
        s.push('\n');
    }
    s
}

/// Every failed benchmark in full, a line each: the table cuts the
/// program's message short.
pub fn failures(rows: &[Row]) -> String {
    let mut s = String::new();
    for r in rows {
        for c in &r.cells {
            if let Outcome::Failed { error } = &c.outcome {
                s.push_str(&format!("{} on {} failed: {error}\n", r.name, c.system));
            }
        }
    }
    s
}

/// The targets the reference (the first system) is held to, and for each
/// benchmark the systems whose ratio is above the reference's.
pub fn verdicts(rows: &[Row]) -> String {
    let mut s = String::new();
    for r in rows {
        let (Some(reference), Some(target)) = (r.cells.first(), r.target) else { continue };
        let benchmark = Benchmark::ALL.iter().copied().find(|b| b.name() == r.name);
        let met = benchmark.and_then(|b| b.met(reference)).unwrap_or(false);
        let ahead: Vec<String> = r.cells[1..]
            .iter()
            .filter_map(|c| Some((c, c.ratio?)))
            .filter(|(_, ratio)| reference.ratio.is_none_or(|mine| *ratio > mine))
            .map(|(c, ratio)| format!("{} ({ratio:.2})", c.system))
            .collect();
        let measured = benchmark.and_then(|b| b.measured(reference)).map(|m| format!(" ({m})")).unwrap_or_default();
        s.push_str(&format!(
            "{}: {} target {target}: {}{measured}{}\n",
            r.name,
            reference.system,
            if met { "met" } else { "NOT met" },
            if ahead.is_empty() { String::new() } else { format!("; ratio above it: {}", ahead.join(", ")) }
        ));
    }
    s
}

/// The suite benchmark's line.
pub fn suite_line(row: &SuiteRow) -> String {
    format!(
        "suite: {}: {} s ({}–{}); baseline {} s; harness overhead {:.2}x ({:.2}–{:.2}); target {}",
        row.what,
        number(row.wall.median, "s"),
        number(row.wall.min, "s"),
        number(row.wall.max, "s"),
        number(row.bare.median, "s"),
        row.overhead.median,
        row.overhead.min,
        row.overhead.max,
        row.target
    )
}

/// A system of the JSON record.
#[derive(Serialize)]
pub struct SystemRecord<'a> {
    pub name: &'a str,
    pub implementation: &'a str,
    pub adapter: &'a str,
    pub version: &'a str,
}

/// Writes everything measured as JSON.
pub fn write_json(
    path: &Path,
    systems: &[SystemRecord],
    sizes: &Sizes,
    rows: &[Row],
    suite: Option<&SuiteRow>,
) -> Result<(), Error> {
    #[derive(Serialize)]
    struct Out<'a> {
        suite_version: &'a str,
        sizes: &'a Sizes,
        run_deadline_s: f64,
        systems: &'a [SystemRecord<'a>],
        benchmarks: &'a [Row],
        suite: Option<&'a SuiteRow>,
    }
    let out = Out {
        suite_version: env!("CARGO_PKG_VERSION"),
        sizes,
        run_deadline_s: RUN_DEADLINE.as_secs_f64(),
        systems,
        benchmarks: rows,
        suite,
    };
    let text = serde_json::to_string_pretty(&out)
        .map_err(|e| Error::Infrastructure { message: format!("cannot encode the figures as JSON: {e}") })?;
    std::fs::write(path, text).map_err(|e| Error::io(path, "write", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_medians_with_ranges() {
        let f = Figure::of(vec![3.0, 1.0, 2.0]).expect("a figure");
        assert_eq!((f.median, f.min, f.max), (2.0, 1.0, 3.0));
        let f = Figure::of(vec![4.0, 1.0, 2.0, 3.0]).expect("a figure");
        assert_eq!((f.median, f.min, f.max), (2.5, 1.0, 4.0));
        assert_eq!(Figure::of(vec![7.0]).map(|f| f.median), Some(7.0));
        assert!(Figure::of(Vec::new()).is_none());
    }

    #[test]
    fn the_baselines_run() {
        let sizes = Sizes::quick();
        for b in Benchmark::ALL {
            let (figure, _) = baseline(b, &sizes).unwrap_or_else(|e| panic!("{}: {e}", b.name()));
            assert!(figure > 0.0, "{}", b.name());
        }
    }

    #[test]
    fn ratios_are_shares_of_the_baselines_speed() {
        assert_eq!(Benchmark::Bulk.ratio(50.0, 100.0), 0.5);
        assert_eq!(Benchmark::Startup.ratio(4.0, 1.0), 0.25);
        assert_eq!(Benchmark::Udp.ratio(0.0, 100.0), 0.0);
    }

    /// Two systems with the same figures have the same ratio, whichever
    /// baseline runs happened beside them: the ratio is to the median of
    /// all of them. (A ratio to the runs beside each gave 0.5 and 1.0.)
    #[test]
    fn every_system_of_a_row_shares_the_baseline_of_all_its_runs() {
        let tally = |figures: [f64; 3], baselines: [f64; 3]| Tally {
            figures: figures.to_vec(),
            baselines: baselines.to_vec(),
            ..Tally::default()
        };
        let systems = ["a", "b"];
        let tallies = vec![tally([10.0, 11.0, 9.0], [20.0, 21.0, 19.0]), tally([9.0, 10.0, 11.0], [10.0, 9.0, 11.0])];
        let row = row(Benchmark::Churn, &Sizes::quick(), &systems, tallies);
        let baseline = row.baseline.expect("a baseline");
        // The six baseline runs 9, 10, 11, 19, 20, 21.
        assert_eq!((baseline.median, baseline.min, baseline.max), (15.0, 9.0, 21.0));
        let ratios: Vec<Option<f64>> = row.cells.iter().map(|c| c.ratio).collect();
        assert_eq!(ratios, [Some(10.0 / 15.0), Some(10.0 / 15.0)]);
        // Each cell still records the baseline runs made beside it.
        assert_eq!(row.cells[1].baseline.map(|f| f.median), Some(10.0));
        // Start-up: the baseline's time over the system's.
        let row = self::row(Benchmark::Startup, &Sizes::quick(), &systems[..1], vec![tally([4.0; 3], [1.0; 3])]);
        assert_eq!(row.cells[0].ratio, Some(0.25));
    }

    /// The udp cell's arrived counts are medians as its figures are: of
    /// an even number of runs, the mean of the middle two.
    #[test]
    fn arrived_counts_take_the_median_figures_take() {
        let tally = Tally {
            figures: vec![1.0, 2.0],
            baselines: vec![1.0, 2.0],
            arrived: vec![100, 90],
            baseline_arrived: vec![80, 100, 90, 70],
            ..Tally::default()
        };
        let cell = tally.cell("a", Benchmark::Udp, &Sizes::quick(), None);
        assert_eq!(cell.note.as_deref(), Some("arrived: 95 of 10000 (baseline: 85)"));
    }

    #[test]
    fn each_run_starts_one_system_further_on() {
        let order = |run| turn(run, 3).collect::<Vec<_>>();
        assert_eq!([order(0), order(1), order(2), order(3)], [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 1, 2]]);
        assert_eq!(turn(4, 1).collect::<Vec<_>>(), [0]);
        assert_eq!(turn(0, 0).count(), 0);
    }

    #[test]
    fn a_deadline_gives_the_figure_a_system_is_slower_than() {
        let sizes = Sizes::full();
        // 2 GiB moved in 30 s.
        let floor = Benchmark::Bulk.figure(&sizes, RUN_DEADLINE);
        assert!((floor - 71.58).abs() < 0.01, "{floor}");
        assert_eq!(slower(floor, "MB/s"), "slower than 71.6 MB/s");
        assert_eq!(Benchmark::Churn.figure(&sizes, RUN_DEADLINE).round(), 333.0);
    }

    fn cell(system: &str, outcome: Outcome, ratio: Option<f64>) -> Cell {
        let f = Figure { median: 10.0, min: 9.0, max: 11.0 };
        Cell {
            system: system.into(),
            implementation: ratio.map(|_| f),
            baseline: Some(f),
            ratio,
            peak_rss: None,
            note: None,
            outcome,
        }
    }

    #[test]
    fn the_table_has_a_column_per_system_and_a_cell_per_outcome() {
        let rows = vec![Row {
            name: "udp",
            what: "datagrams".into(),
            unit: "dgram/s",
            target: Some("ratio >= 0.90"),
            baseline: Some(Figure { median: 12.5, min: 12.0, max: 13.0 }),
            cells: vec![
                cell("reference", Outcome::Measured, Some(0.8)),
                cell("fast", Outcome::Measured, Some(0.95)),
                cell("broken", Outcome::Failed { error: "error: bad | thing".into() }, None),
                cell("slow", Outcome::Slower { than: 33333.3, deadline_s: 30.0 }, None),
            ],
        }];
        let t = table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "| benchmark | what | baseline (socket2) | reference | fast | broken | slow |");
        assert_eq!(lines[1], "|---|---|---|---|---|---|---|");
        assert_eq!(
            lines[2],
            "| udp | datagrams | 12.5 dgram/s (12.0–13.0) | 10.0 dgram/s (9.0–11.0), ratio 0.80 | 10.0 dgram/s (9.0–11.0), ratio 0.95 | \
             failed: error: bad \\| thing | slower than 33333 dgram/s |"
        );
        assert_eq!(
            verdicts(&rows),
            "udp: reference target ratio >= 0.90: NOT met (0.800); ratio above it: fast (0.95)\n"
        );
        assert_eq!(failures(&rows), "udp on broken failed: error: bad | thing\n");
    }

    /// A ratio the table rounds up to the target still misses it, and the
    /// verdict shows by how much; start-up is held to its median time.
    #[test]
    fn a_verdict_shows_the_figure_it_judged() {
        let row = |name, target, ratio| Row {
            name,
            what: String::new(),
            unit: "",
            target: Some(target),
            baseline: None,
            cells: vec![cell("reference", Outcome::Measured, Some(ratio))],
        };
        let rows = vec![row("churn", "ratio >= 0.95", 0.948), row("startup", "median <= 2 ms", 0.5)];
        assert!(table(&rows).contains("ratio 0.95 |"), "{}", table(&rows));
        assert_eq!(
            verdicts(&rows),
            "churn: reference target ratio >= 0.95: NOT met (0.948)\n\
             startup: reference target median <= 2 ms: NOT met (10.00 ms)\n"
        );
    }

    #[test]
    fn a_long_failure_is_cut_in_its_cell_and_whole_below_the_table() {
        let error = format!("error: {}", "é".repeat(200));
        let rows = vec![Row {
            name: "bulk",
            what: "bytes".into(),
            unit: "MB/s",
            target: None,
            baseline: None,
            cells: vec![cell("broken", Outcome::Failed { error: error.clone() }, None)],
        }];
        let t = table(&rows);
        let cell = t.lines().nth(2).and_then(|l| l.split(" | ").nth(3)).unwrap_or_default();
        assert_eq!(cell.chars().count(), "failed: ".len() + CELL_ERROR_CHARS + "…".chars().count() + " |".len());
        assert!(cell.ends_with("é… |"), "{cell}");
        assert_eq!(failures(&rows), format!("bulk on broken failed: {error}\n"));
    }
}
