//! Running one case on one target: ports, peer, the assembled program, the
//! process, the transcript, the decision.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol, Socket, Type};

use crate::adapter::{Adapter, Places};
use crate::case::{Capability, Case};
use crate::corpus::Corpus;
use crate::outcome::{decide, Answer, CaseResult, Status};
use crate::peer::{Event, Peer};
use crate::process::{self, Ending, Finished};
use crate::transcript::{self, observe, owned, Context, Owned};

/// Default wall-clock limit of a case.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// How many times a case is run, at most, when its server cannot bind
/// the port chosen for it.
const PORT_ATTEMPTS: u32 = 4;
/// How long a peer may go on after its case ended before it is stopped.
const PEER_GRACE: Duration = Duration::from_secs(2);

/// What the cases run on.
pub struct Target {
    pub adapter: Adapter,
    /// The implementation's executable (`{impl}`).
    pub implementation: String,
    /// Where the shim libraries are unpacked (`{shims}`).
    pub shims: Option<PathBuf>,
    pub timeout_multiplier: f64,
    /// Capabilities this run lacks, with the reason.
    pub missing: BTreeMap<Capability, String>,
    /// Names of the dialect the implementation lacks (found by the names
    /// probe), with the reason.
    pub lacks: BTreeMap<String, String>,
    /// The implementation's version string, as it reports it.
    pub version: String,
    /// Which `(srfi 106)` it loads, where the adapter can tell.
    pub library: Option<String>,
}

impl Target {
    fn scaled(&self, d: Duration) -> Duration {
        d.mul_f64(self.timeout_multiplier.max(0.01))
    }

    /// Where a program written as `file` in `dir` runs on this target.
    pub fn places(&self, dir: &std::path::Path, file: &std::path::Path) -> Places {
        let shims = self.shims.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        Places { implementation: self.implementation.clone(), shims, ..Places::default() }.of_program(dir, file)
    }

    /// The capability a case needs that this run lacks, with the reason.
    pub fn lacks_capability<'a>(&'a self, case: &Case) -> Option<(Capability, &'a str)> {
        case.requires.iter().find_map(|c| self.missing.get(c).map(|why| (*c, why.as_str())))
    }

    /// The names `case` uses that the implementation lacks.
    pub fn lacking(&self, case: &Case) -> Vec<String> {
        case.uses.iter().filter(|n| self.lacks.contains_key(*n)).cloned().collect()
    }

    /// Why the case cannot be run at all, if it cannot: a capability the
    /// run lacks or a dialect name the implementation lacks (unsupported),
    /// or a SRFI 106 name it uses for something other than what it tests
    /// (blocked). A case that lacks only names it tests is run, and fails.
    pub fn cannot_run(&self, corpus: &Corpus, case: &Case) -> Option<(Status, String)> {
        if let Some((capability, why)) = self.lacks_capability(case) {
            return Some((Status::Unsupported, crate::message::unsupported(capability.name(), why)));
        }
        let lacking = self.lacking(case);
        let tested = corpus.tested(case);
        let (srfi, dialect): (Vec<String>, Vec<String>) =
            lacking.into_iter().filter(|n| !tested.contains(n)).partition(|n| corpus.dialect.is_srfi106(n));
        if !srfi.is_empty() {
            return Some((Status::Blocked, crate::message::blocked(&srfi)));
        }
        if let Some(first) = dialect.first() {
            let why = self.lacks.get(first).map(String::as_str).unwrap_or("");
            return Some((Status::Unsupported, crate::message::lacks_dialect(&dialect, why)));
        }
        None
    }
}

/// The ports a case is given.
#[derive(Clone, Copy, Debug)]
pub struct Ports {
    /// The peer's port (`peer-port`), or `unused` when no peer listens.
    pub peer: u16,
    /// A free port for the case's server (`server-port`).
    pub server: u16,
    /// A port bound by the harness that never accepts (`unused-port`).
    pub unused: u16,
}

/// The program an implementation runs for `case`: imports, prelude, the
/// check library's definitions the case uses, bindings, the case, and the
/// completion sentinel.
pub fn assemble(adapter: &Adapter, corpus: &Corpus, case: &Case, ports: Ports) -> Result<String, crate::Error> {
    let body = format!(
        ";; --- srfi106-conform check library ---\n{check}\n\
         ;; --- bindings ---\n(define peer-host \"127.0.0.1\")\n(define peer-host6 \"::1\")\n\
         (define peer-port \"{peer}\")\n(define server-port \"{server}\")\n(define unused-port \"{unused}\")\n\
         ;; --- case {name} ---\n{text}\n;; --- end of case ---\n({done})\n",
        check = corpus.check.text(&case.helpers),
        peer = ports.peer,
        server = ports.server,
        unused = ports.unused,
        name = case.name,
        text = case.text.trim_end(),
        done = crate::names::DONE,
    );
    adapter.program(&corpus.dialect, &body)
}

/// A socket bound to an OS-chosen loopback port and never listening:
/// connecting to its port is refused while it is held.
fn unused_port() -> std::io::Result<(Socket, u16)> {
    let s = Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP))?;
    s.bind(&SocketAddr::from(([127, 0, 0, 1], 0)).into())?;
    let port = s.local_addr()?.as_socket().map(|a| a.port()).unwrap_or(0);
    Ok((s, port))
}

fn error_result(case: &Case, message: String) -> CaseResult {
    CaseResult { reason: Some(message), ..CaseResult::blank(&case.name) }
}

/// Runs `case` on `target` and decides its status (before expectations).
pub fn run_case(target: &Target, corpus: &Corpus, case: &Case) -> CaseResult {
    if let Some((status, why)) = target.cannot_run(corpus, case) {
        let mut r = error_result(case, why);
        r.status = status;
        r.lacking = target.lacking(case);
        return r;
    }
    let mut retries = 0;
    let mut free_port_failures = 0;
    loop {
        let last = retries + 1 == PORT_ATTEMPTS;
        let mut result = match attempt(target, corpus, case, free_port_failures) {
            Ok(Attempt::Ran(result)) => result,
            Ok(Attempt::FailedOnFreePort(result)) if last => result,
            Ok(Attempt::PortTaken) if last => return error_result(case, crate::message::port_taken(PORT_ATTEMPTS)),
            Ok(retry) => {
                free_port_failures += u32::from(matches!(retry, Attempt::FailedOnFreePort(_)));
                retries += 1;
                continue;
            }
            Err(e) => return error_result(case, e.to_string()),
        };
        result.retries = retries;
        result.lacking = target.lacking(case);
        return result;
    }
}

/// How one run of a case ended.
enum Attempt {
    /// The case ran to a result.
    Ran(CaseResult),
    /// The case's server could not bind the port chosen for it, and
    /// neither could the harness afterwards: another process holds it.
    PortTaken,
    /// The case's server could not bind the port chosen for it, and the
    /// case failed, though the harness could bind the port afterwards. The
    /// result stands if the last run ends so too. Another process may have
    /// held the port for a moment only, between the harness's check when
    /// it chose the port and its check afterwards (seen once in a soak of
    /// the reference, at 8 threads), so the case runs again on another
    /// port; an implementation that cannot make a server on a free port
    /// fails every run.
    FailedOnFreePort(CaseResult),
}

/// One run, after `free_port_failures` runs of the case that failed on a
/// free port.
fn attempt(
    target: &Target,
    corpus: &Corpus,
    case: &Case,
    free_port_failures: u32,
) -> Result<Attempt, crate::error::Error> {
    let infra = |what: &str, e: std::io::Error| crate::error::Error::Infrastructure { message: format!("{what}: {e}") };
    let start = Instant::now();
    let dir = crate::scratch::Scratch::new("srfi106-case-")?;
    let (_unused_socket, unused) = unused_port().map_err(|e| infra("reserve an unused port", e))?;
    let claimed = crate::server_port::claim().map_err(|e| infra("choose a server port", e))?;
    let server = claimed.port();
    let timeout = target.scaled(case.timeout.unwrap_or(DEFAULT_TIMEOUT));
    let peer_deadline = timeout.min(target.scaled(DEFAULT_TIMEOUT));
    let peer = match &case.peer {
        Some(script) => Some(Peer::bind(script, peer_deadline).map_err(|e| infra("bind the peer", e))?),
        None => None,
    };
    let peer_port = peer.as_ref().filter(|p| p.port != 0).map(|p| p.port).unwrap_or(unused);
    let ports = Ports { peer: peer_port, server, unused };
    let program = assemble(&target.adapter, corpus, case, ports)?;
    let file = dir.path().join(format!("case.{}", target.adapter.extension));
    std::fs::write(&file, &program).map_err(|e| crate::error::Error::io(&file, "write", e))?;
    let places = target.places(dir.path(), &file);
    let env = target.adapter.env(&places);
    let argv = places.expand_all(&target.adapter.run);
    let cx = Context { ports: vec![ports.peer, ports.server, ports.unused] };

    let mut result = CaseResult {
        expected: corpus.snapshots.get(&case.name).cloned(),
        program: program.clone(),
        argv: argv.clone(),
        ..CaseResult::blank(&case.name)
    };

    if let Some(compile) = &target.adapter.compile {
        let compile_argv = places.expand_all(compile);
        let done = process::run(&compile_argv, dir.path(), &env, target.scaled(target.adapter.compile_timeout), None)?;
        if done.ending != Ending::Exited(0) {
            result.argv = compile_argv;
            return Ok(Attempt::Ran(finish(result, case, &done, &[], &cx, start, Some("the compile step failed"))));
        }
    }

    // The peer runs beside the program; the program's owned lines that
    // concern it (ready, signals) are forwarded as they arrive.
    let (events_tx, events_rx) = mpsc::channel();
    let (lines_tx, lines_rx) = mpsc::channel::<String>();
    let forward_events = events_tx.clone();
    let (forwarded_tx, forwarded_rx) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        let _done = forwarded_tx;
        for line in lines_rx {
            match owned(&line) {
                Some(Owned::Ready) => {
                    let _ = forward_events.send(Event::Ready);
                }
                Some(Owned::Signal(name)) => {
                    let _ = forward_events.send(Event::Signal(name));
                }
                _ => {}
            }
        }
    });
    let abort = peer.as_ref().map(|p| p.abort.clone());
    let (peer_tx, peer_rx) = mpsc::channel();
    if let Some(p) = peer {
        std::thread::spawn(move || {
            let _ = peer_tx.send(p.run(server, events_rx));
        });
    }
    let finished = process::run(&argv, dir.path(), &env, timeout, Some(lines_tx));
    // Every line the program printed before it ended is forwarded before
    // the peer hears that it ended; unless an escaped process holds the
    // output open, when the forwarder never finishes and is not waited for.
    if finished.as_ref().is_ok_and(|f| !f.stdout.still_open) {
        let _ = forwarded_rx.recv_timeout(PEER_GRACE);
    }
    let _ = events_tx.send(Event::Ended);
    let peer_lines = match abort {
        None => Vec::new(),
        Some(abort) => {
            abort.case_ended();
            match peer_rx.recv_timeout(PEER_GRACE) {
                Ok(lines) => lines,
                Err(_) => {
                    abort.trigger();
                    peer_rx.recv_timeout(peer_deadline).unwrap_or_else(|_| vec!["peer: did not finish".into()])
                }
            }
        }
    };
    let finished = finished?;
    if let Some(what) = observe(&finished.stdout.text()).bind_failed {
        if !crate::server_port::is_free(server) {
            return Ok(Attempt::PortTaken);
        }
        let mut r = finish(result, case, &finished, &peer_lines, &cx, start, None);
        if r.status == Status::Pass {
            return Ok(Attempt::Ran(r));
        }
        let raised = crate::message::server_failed(&what, free_port_failures + 1);
        r.reason = Some(match &case.ruling {
            Some(ruling) => crate::message::deviates_because(ruling, &raised),
            None => raised,
        });
        return Ok(Attempt::FailedOnFreePort(r));
    }
    Ok(Attempt::Ran(finish(result, case, &finished, &peer_lines, &cx, start, None)))
}

fn finish(
    mut result: CaseResult,
    case: &Case,
    finished: &Finished,
    peer: &[String],
    cx: &Context,
    start: Instant,
    step_failed: Option<&str>,
) -> CaseResult {
    let stdout = finished.stdout.text();
    let observed = observe(&stdout);
    let answer = Answer::of(case, finished, &observed);
    result.actual = if answer == Answer::Rejected {
        transcript::REJECTED.to_string()
    } else {
        transcript::transcript(&observed.entries, peer, cx)
    };
    let (status, reason) = decide(case, answer, &result.actual, result.expected.as_deref());
    result.status = status;
    result.reason = match (step_failed, reason) {
        (Some(step), Some(r)) if status != Status::Pass => Some(crate::message::step_failed(step, &r)),
        (_, r) => r,
    };
    result.ending = Some(finished.ending);
    result.leaks = finished.leaks;
    result.stdout = stdout;
    result.stderr = finished.stderr.text();
    result.output_truncated = finished.stdout.truncated() || finished.stderr.truncated();
    result.peer = peer.to_vec();
    result.duration = start.elapsed();
    result
}
