//! Benchmarks: Scheme programs shipped with the suite (`conformance/bench`)
//! run on the target, each beside a raw Rust baseline on socket2 doing the
//! same thing in the same run, which stands for what the kernel allows.
//! Figures are medians of several runs after a warm-up, with the min–max.
//! Nothing here asserts a figure: the machine may be noisy; targets are
//! printed beside the figures for the reader.

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

const BULK: &str = include_str!("../bench/bulk.scm");
const PORTS: &str = include_str!("../bench/ports.scm");
const CHURN: &str = include_str!("../bench/churn.scm");
const UDP: &str = include_str!("../bench/udp.scm");
const STARTUP: &str = include_str!("../bench/startup.scm");

const CHUNK: usize = 65536;
const DATAGRAM: usize = 64;

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

/// A figure as the median of several runs, with their range.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Figure {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Figure {
    fn of(mut xs: Vec<f64>) -> Figure {
        xs.sort_by(|a, b| a.total_cmp(b));
        let median = if xs.is_empty() { 0.0 } else { xs[xs.len() / 2] };
        Figure { median, min: xs.first().copied().unwrap_or(0.0), max: xs.last().copied().unwrap_or(0.0) }
    }
}

/// One row of the table.
#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub name: &'static str,
    pub what: String,
    /// The unit of both figures; for "ms" lower is better.
    pub unit: &'static str,
    pub implementation: Figure,
    pub baseline: Figure,
    /// The implementation's performance as a fraction of the baseline's
    /// (of its speed, for times).
    pub ratio: f64,
    /// Peak resident memory of the implementation's process, in bytes.
    pub peak_rss: Option<u64>,
    pub note: Option<String>,
    /// The target this row is held to on the reference.
    pub target: Option<String>,
}

/// What a benchmark program needs bound besides the standard bindings.
fn program(target: &Target, body: &str, peer_port: u16, server_port: u16, sizes: &Sizes) -> Result<String, Error> {
    let body = format!(
        "(define peer-host \"127.0.0.1\")\n(define peer-port \"{peer_port}\")\n(define server-port \"{server_port}\")\n\
         (define bench-bytes {})\n(define bench-count {})\n{body}\n",
        sizes.bulk_bytes,
        if body == UDP { sizes.datagrams } else { sizes.churn_connections },
    );
    target.adapter.program(&crate::names::Dialect::new(), &body)
}

/// Runs `text` on the target and returns its wall time and peak memory.
fn run_program(target: &Target, text: &str, timeout: Duration) -> Result<(Duration, u64), Error> {
    let dir = crate::scratch::Scratch::new("srfi106-bench-")?;
    let file = dir.path().join(format!("bench.{}", target.adapter.extension));
    std::fs::write(&file, text).map_err(|e| Error::io(&file, "write", e))?;
    let places = target.places(dir.path(), &file);
    let env = target.adapter.env(&places);
    if let Some(compile) = &target.adapter.compile {
        let done = process::run(&places.expand_all(compile), dir.path(), &env, target.adapter.compile_timeout, None)?;
        if done.ending != Ending::Exited(0) {
            return Err(Error::Infrastructure {
                message: format!("the benchmark did not compile: {}", done.stderr.text()),
            });
        }
    }
    let (done, peak) =
        process::run_measuring_memory(&places.expand_all(&target.adapter.run), dir.path(), &env, timeout)?;
    if done.ending != Ending::Exited(0) {
        return Err(Error::Infrastructure {
            message: format!("the benchmark program failed ({}): {}", done.ending, done.stderr.text().trim()),
        });
    }
    Ok((done.duration, peak))
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

fn mb_per_s(bytes: u64, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64().max(1e-9)
}

/// Measures the implementation and the baseline in turn, run after run
/// (so both see the machine in the same state), after a warm-up of each.
/// Returns both figures, the median of the per-run ratios of
/// implementation to baseline, and the peak memory the implementation
/// reported.
fn paired(
    sizes: &Sizes,
    mut implementation: impl FnMut() -> Result<(f64, u64), Error>,
    mut baseline: impl FnMut() -> Result<f64, Error>,
) -> Result<(Figure, Figure, f64, u64), Error> {
    if sizes.warm_up {
        implementation()?;
        baseline()?;
    }
    let (mut imp, mut base, mut ratios, mut peak) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for _ in 0..sizes.runs.max(1) {
        let (i, p) = implementation()?;
        let b = baseline()?;
        peak = peak.max(p);
        ratios.push(if b > 0.0 { i / b } else { 0.0 });
        imp.push(i);
        base.push(b);
    }
    Ok((Figure::of(imp), Figure::of(base), Figure::of(ratios).median, peak))
}

/// Repeats `measure` (a warm-up first, if asked) and collects its figures.
fn repeat(sizes: &Sizes, mut measure: impl FnMut() -> Result<(f64, u64), Error>) -> Result<(Figure, u64), Error> {
    if sizes.warm_up {
        measure()?;
    }
    let mut figures = Vec::new();
    let mut peak = 0;
    for _ in 0..sizes.runs.max(1) {
        let (f, p) = measure()?;
        figures.push(f);
        peak = peak.max(p);
    }
    Ok((Figure::of(figures), peak))
}

fn bulk(target: &Target, sizes: &Sizes, body: &'static str) -> Result<(Figure, Figure, f64, u64), Error> {
    let moved = sizes.bulk_bytes * 2;
    let timeout = Duration::from_secs(600).mul_f64(target.timeout_multiplier.max(0.01));
    let peer_time = |peer: std::thread::JoinHandle<Result<Duration, String>>| {
        peer.join()
            .map_err(|_| Error::Infrastructure { message: "the peer panicked".into() })?
            .map_err(|m| Error::Infrastructure { message: format!("bulk peer: {m}") })
    };
    paired(
        sizes,
        || {
            let (port, peer) = bulk_peer(sizes.bulk_bytes)?;
            let text = program(target, body, port, 0, sizes)?;
            let (_, peak) = run_program(target, &text, timeout)?;
            Ok((mb_per_s(moved, peer_time(peer)?), peak))
        },
        || {
            let (port, peer) = bulk_peer(sizes.bulk_bytes)?;
            bulk_client(port, sizes.bulk_bytes)
                .map_err(|m| Error::Infrastructure { message: format!("baseline: {m}") })?;
            Ok(mb_per_s(moved, peer_time(peer)?))
        },
    )
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

fn churn(target: &Target, sizes: &Sizes) -> Result<(Figure, Figure, f64), Error> {
    let n = sizes.churn_connections;
    let timeout = Duration::from_secs(600).mul_f64(target.timeout_multiplier.max(0.01));
    let (i, b, r, _) = paired(
        sizes,
        || {
            let text = program(target, CHURN, 0, free_port()?, sizes)?;
            let (took, _) = run_program(target, &text, timeout)?;
            Ok((n as f64 / took.as_secs_f64(), 0))
        },
        || Ok(n as f64 / churn_baseline(n)?.as_secs_f64()),
    )?;
    Ok((i, b, r))
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

fn udp(target: &Target, sizes: &Sizes) -> Result<(Figure, Figure, f64, String), Error> {
    let n = sizes.datagrams;
    let timeout = Duration::from_secs(600).mul_f64(target.timeout_multiplier.max(0.01));
    let mut arrived = Vec::new();
    let mut baseline_arrived = Vec::new();
    let (i, b, r, _) = paired(
        sizes,
        || {
            let peer = UdpPeer::start()?;
            let text = program(target, UDP, peer.port, 0, sizes)?;
            let (took, _) = run_program(target, &text, timeout)?;
            arrived.push(peer.finish());
            Ok((n as f64 / took.as_secs_f64(), 0))
        },
        || {
            let peer = UdpPeer::start()?;
            let s = UdpSocket::bind("127.0.0.1:0").map_err(infra("bind"))?;
            s.connect(("127.0.0.1", peer.port)).map_err(infra("connect"))?;
            let datagram = [7u8; DATAGRAM];
            let start = Instant::now();
            for _ in 0..n {
                s.send(&datagram).map_err(infra("send"))?;
            }
            let took = start.elapsed();
            baseline_arrived.push(peer.finish());
            Ok(n as f64 / took.as_secs_f64())
        },
    )?;
    let median = |mut v: Vec<u64>| {
        v.sort();
        v.get(v.len() / 2).copied().unwrap_or(0)
    };
    let note = format!("arrived: {} of {n} (baseline: {})", median(arrived), median(baseline_arrived));
    Ok((i, b, r, note))
}

fn startup(target: &Target, sizes: &Sizes) -> Result<(Figure, Figure, f64), Error> {
    let runs = Sizes { runs: sizes.runs.max(1) * 10, ..*sizes };
    let text = program(target, STARTUP, 0, 0, sizes)?;
    let dir = std::env::temp_dir();
    let (i, b, r, _) = paired(
        &runs,
        || {
            let (took, _) = run_program(target, &text, Duration::from_secs(60))?;
            Ok((took.as_secs_f64() * 1000.0, 0))
        },
        || {
            let done = process::run(&["true".to_string()], &dir, &[], Duration::from_secs(10), None)?;
            Ok(done.duration.as_secs_f64() * 1000.0)
        },
    )?;
    // For times the implementation's share of the baseline's speed.
    Ok((i, b, if r > 0.0 { 1.0 / r } else { 0.0 }))
}

/// The whole corpus against the target: its wall time, and how much of it
/// is the harness (wall time over the sum of the programs' own times spread
/// over the threads).
fn suite(target: &Target, corpus: &Corpus, sizes: &Sizes) -> Result<(Figure, Figure, Figure), Error> {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let mut overheads = Vec::new();
    let mut bares = Vec::new();
    let (wall, _) = repeat(sizes, || {
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
        let bare = Duration::from_micros(busy.load(Ordering::Relaxed)) / threads as u32;
        overheads.push(wall.as_secs_f64() / bare.as_secs_f64().max(1e-9));
        bares.push(bare.as_secs_f64());
        Ok((wall.as_secs_f64(), 0))
    })?;
    // `repeat` measured a warm-up first: it is not a figure.
    if sizes.warm_up {
        bares.remove(0);
        overheads.remove(0);
    }
    Ok((wall, Figure::of(bares), Figure::of(overheads)))
}

/// Runs the benchmarks on `target`; with `corpus`, the suite benchmark too.
/// `progress` is told which benchmark starts.
pub fn run(
    target: &Target,
    sizes: &Sizes,
    corpus: Option<&Corpus>,
    progress: &dyn Fn(&str),
) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::new();
    let size = |bytes: u64| {
        if bytes >= 1 << 30 {
            format!("{} GiB", bytes >> 30)
        } else {
            format!("{} MiB", bytes >> 20)
        }
    };

    progress("bulk");
    let (i, b, r, peak) = bulk(target, sizes, BULK)?;
    rows.push(Row {
        name: "bulk",
        what: format!("TCP, {} each way, 64 KiB socket-send/socket-recv", size(sizes.bulk_bytes)),
        unit: "MB/s",
        implementation: i,
        baseline: b,
        ratio: r,
        peak_rss: Some(peak),
        note: None,
        target: Some("ratio >= 0.90, peak RSS <= 16 MiB".into()),
    });
    progress("churn");
    let (i, b, r) = churn(target, sizes)?;
    rows.push(Row {
        name: "churn",
        what: format!(
            "{} connections: connect (with its address lookup), accept, 4-byte request/response, close",
            sizes.churn_connections
        ),
        unit: "conn/s",
        implementation: i,
        baseline: b,
        ratio: r,
        peak_rss: None,
        note: None,
        target: Some("ratio >= 0.70".into()),
    });
    progress("ports");
    let (i, b, r, peak) = bulk(target, sizes, PORTS)?;
    rows.push(Row {
        name: "ports",
        what: format!("TCP, {} each way, write-bytevector/read-bytevector on socket ports", size(sizes.bulk_bytes)),
        unit: "MB/s",
        implementation: i,
        baseline: b,
        ratio: r,
        peak_rss: Some(peak),
        note: None,
        target: Some("ratio >= 0.60".into()),
    });
    progress("udp");
    let (i, b, r, note) = udp(target, sizes)?;
    rows.push(Row {
        name: "udp",
        what: format!("{} datagrams of {DATAGRAM} bytes", sizes.datagrams),
        unit: "dgram/s",
        implementation: i,
        baseline: b,
        ratio: r,
        peak_rss: None,
        note: Some(note),
        target: None,
    });
    progress("startup");
    let (i, b, r) = startup(target, sizes)?;
    rows.push(Row {
        name: "startup",
        what: "a program that only imports (srfi 106); baseline: /bin/true".into(),
        unit: "ms",
        implementation: i,
        baseline: b,
        ratio: r,
        peak_rss: None,
        note: None,
        target: Some("median <= 5 ms".into()),
    });
    if let Some(corpus) = corpus {
        progress("suite");
        let (wall, bare, overhead) = suite(target, corpus, sizes)?;
        rows.push(Row {
            name: "suite",
            what: format!(
                "the whole corpus ({} cases); baseline: the programs' own time over the threads",
                corpus.cases.len()
            ),
            unit: "s",
            implementation: wall,
            baseline: bare,
            ratio: 1.0 / overhead.median.max(1e-9),
            peak_rss: None,
            note: Some(format!(
                "harness overhead: {:.2}x bare ({:.2}–{:.2})",
                overhead.median, overhead.min, overhead.max
            )),
            target: Some("wall <= 3 s, overhead <= 1.10x".into()),
        });
    }
    Ok(rows)
}

fn number(x: f64, unit: &str) -> String {
    match unit {
        "ms" => format!("{x:.2}"),
        "s" => format!("{x:.3}"),
        _ if x >= 100.0 => format!("{x:.0}"),
        _ => format!("{x:.1}"),
    }
}

/// The table of `rows`.
pub fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str(
        "| benchmark | what | implementation (median, min–max) | baseline (socket2) | ratio | peak RSS | target |\n",
    );
    s.push_str("|---|---|---|---|---|---|---|\n");
    for r in rows {
        let f = |x: &Figure| {
            format!("{} {} ({}–{})", number(x.median, r.unit), r.unit, number(x.min, r.unit), number(x.max, r.unit))
        };
        let rss = r.peak_rss.map(|b| format!("{:.1} MiB", b as f64 / (1 << 20) as f64)).unwrap_or_default();
        let mut what = r.what.clone();
        if let Some(n) = &r.note {
            what.push_str(&format!("; {n}"));
        }
        s.push_str(&format!(
            "| {} | {} | {} | {} | {:.2} | {} | {} |\n",
            r.name,
            what,
            f(&r.implementation),
            f(&r.baseline),
            r.ratio,
            rss,
            r.target.clone().unwrap_or_default()
        ));
    }
    s
}

/// Writes the rows as JSON.
pub fn write_json(path: &Path, rows: &[Row], sizes: &Sizes, implementation: &str) -> Result<(), Error> {
    #[derive(Serialize)]
    struct Out<'a> {
        implementation: &'a str,
        sizes: &'a Sizes,
        benchmarks: &'a [Row],
    }
    let text = serde_json::to_string_pretty(&Out { implementation, sizes, benchmarks: rows }).unwrap_or_default();
    std::fs::write(path, text).map_err(|e| Error::io(path, "write", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_medians_with_ranges() {
        let f = Figure::of(vec![3.0, 1.0, 2.0]);
        assert_eq!((f.median, f.min, f.max), (2.0, 1.0, 3.0));
    }

    #[test]
    fn the_baselines_run() {
        assert!(churn_baseline(20).is_ok());
        let (port, peer) = bulk_peer(1 << 20).expect("peer");
        bulk_client(port, 1 << 20).expect("client");
        assert!(peer.join().expect("join").is_ok());
    }
}
