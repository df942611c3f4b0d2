//! Running an implementation's process: in its own process group, stdin
//! from /dev/null, output captured up to a cap, a wall-clock deadline, and
//! the whole group killed and reaped afterwards so nothing is left behind.
//!
//! A process can leave its group (`setsid`, `setpgid`), so every process
//! is also marked with an environment variable naming its run
//! ([`MARKER_VARIABLE`]); after the group is killed, any process still
//! carrying the mark is found in `/proc` and killed too. A process that
//! both leaves the group and clears its environment is still found, as an
//! orphan, at the end of the run (see [`crate::supervise`]); and a pipe it
//! holds open delays nothing: output is collected with a deadline.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use rustix::process::{kill_process, kill_process_group, waitid, Pid, Signal, WaitId, WaitIdOptions};

use crate::error::Error;

/// Bytes of standard output, and of standard error, kept per process.
pub const OUTPUT_CAP: usize = 1 << 20;
/// The longest line forwarded to a line listener (longer ones are cut).
const LINE_CAP: usize = 64 * 1024;
/// How long to wait for the output pipes to close once the process group
/// is gone (a process that escaped the group may hold them open).
const DRAIN_GRACE: Duration = Duration::from_secs(2);
/// The environment variable that marks every process of one run.
pub const MARKER_VARIABLE: &str = "SRFI106_CONFORM_RUN";
/// How long to go on killing marked processes (a process may be forking).
const SWEEP_DEADLINE: Duration = Duration::from_secs(5);

/// A mark unique to one run of one process.
fn new_mark() -> String {
    static RUNS: AtomicU64 = AtomicU64::new(0);
    format!("{}.{}", std::process::id(), RUNS.fetch_add(1, Ordering::Relaxed))
}

/// The processes in /proc for which `wanted` says yes, given their pid
/// and their /proc directory (`None` from `wanted`: unreadable, not ours).
pub(crate) fn processes_where(wanted: impl Fn(i32, &Path) -> Option<bool>) -> Vec<Pid> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<i32>().ok()?;
            wanted(pid, &entry.path())?.then(|| Pid::from_raw(pid)).flatten()
        })
        .collect()
}

/// The processes whose environment holds `MARKER_VARIABLE=mark`. (A
/// process's environment is readable in /proc by its own user; others are
/// not ours.)
fn marked(mark: &str) -> Vec<Pid> {
    let wanted = format!("{MARKER_VARIABLE}={mark}");
    processes_where(|_, dir| {
        let environ = std::fs::read(dir.join("environ")).ok()?;
        Some(environ.split(|&b| b == 0).any(|v| v == wanted.as_bytes()))
    })
}

/// Kills every process carrying `mark`, until none is left or the sweep's
/// deadline passes; returns the ids of those it found.
pub(crate) fn sweep(mark: &str) -> std::collections::BTreeSet<i32> {
    let deadline = Instant::now() + SWEEP_DEADLINE;
    let own = Pid::from_raw(std::process::id() as i32);
    let mut killed = std::collections::BTreeSet::new();
    loop {
        let found: Vec<Pid> = marked(mark).into_iter().filter(|p| Some(*p) != own).collect();
        if found.is_empty() || Instant::now() >= deadline {
            // Those that became this process's children (see
            // `supervise`) are reaped now rather than at the end; not a
            // running implementation's main process, which its own
            // thread waits for.
            for pid in killed.iter().filter_map(|p| Pid::from_raw(*p)) {
                if crate::supervise::is_running(pid) {
                    continue;
                }
                let _ = waitid(WaitId::Pid(pid), WaitIdOptions::EXITED | WaitIdOptions::NOHANG);
            }
            return killed;
        }
        for pid in found {
            let _ = kill_process(pid, Signal::KILL);
            killed.insert(pid.as_raw_nonzero().get());
        }
        // A killed process keeps its environment until it is gone: give
        // the kernel a moment before looking again.
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// How a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ending {
    Exited(i32),
    Signalled(i32),
    /// Killed by us at the deadline.
    TimedOut,
}

impl std::fmt::Display for Ending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ending::Exited(c) => write!(f, "exit status {c}"),
            Ending::Signalled(s) => match signal_name(*s) {
                Some(name) => write!(f, "killed by signal {s} ({name})"),
                None => write!(f, "killed by signal {s}"),
            },
            Ending::TimedOut => write!(f, "timed out"),
        }
    }
}

/// The name of a signal that ends programs, as Linux numbers them.
pub fn signal_name(signal: i32) -> Option<&'static str> {
    Some(match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        14 => "SIGALRM",
        15 => "SIGTERM",
        24 => "SIGXCPU",
        25 => "SIGXFSZ",
        _ => return None,
    })
}

/// Captured output of one stream.
#[derive(Clone, Debug, Default)]
pub struct Captured {
    pub bytes: Vec<u8>,
    /// Total bytes written, including those past the cap.
    pub total: u64,
    /// The pipe was still open when we stopped waiting for it.
    pub still_open: bool,
}

impl Captured {
    pub fn truncated(&self) -> bool {
        self.total > self.bytes.len() as u64
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

#[derive(Clone, Debug)]
pub struct Finished {
    pub ending: Ending,
    pub stdout: Captured,
    pub stderr: Captured,
    pub duration: Duration,
    /// What the process left behind when it ended, killed by the harness.
    pub leaks: Leaks,
}

/// What a process left behind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Leaks {
    /// Processes still in its process group after it ended.
    pub in_group: usize,
    /// Processes that had left the group, found by the run's mark.
    pub escaped: usize,
    /// Whether something held its output open after they were killed.
    pub pipes_open: bool,
}

impl Leaks {
    pub fn any(&self) -> bool {
        self.in_group > 0 || self.escaped > 0 || self.pipes_open
    }
}

/// The process group of the process whose /proc directory is `dir`.
fn process_group(dir: &Path) -> Option<i32> {
    let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
    stat[stat.rfind(')')? + 1..].split_whitespace().nth(2)?.parse().ok()
}

/// A stream being read to its end by its own thread.
struct Draining {
    captured: std::sync::Arc<std::sync::Mutex<Captured>>,
    done: mpsc::Receiver<()>,
}

/// Reads `stream` to its end, keeping `OUTPUT_CAP` bytes and sending
/// complete lines to `lines`.
fn drain(mut stream: impl Read + Send + 'static, lines: Option<Sender<String>>) -> Draining {
    let captured = std::sync::Arc::new(std::sync::Mutex::new(Captured::default()));
    let (done_tx, done) = mpsc::channel();
    let shared = captured.clone();
    std::thread::spawn(move || {
        let _done = done_tx;
        let mut buf = vec![0u8; 64 * 1024];
        let mut line: Vec<u8> = Vec::new();
        loop {
            let n = match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if let Ok(mut c) = shared.lock() {
                c.total += n as u64;
                let room = OUTPUT_CAP.saturating_sub(c.bytes.len());
                c.bytes.extend_from_slice(&buf[..n.min(room)]);
            }
            if let Some(tx) = &lines {
                for &b in &buf[..n] {
                    if b == b'\n' {
                        let _ = tx.send(String::from_utf8_lossy(&line).into_owned());
                        line.clear();
                    } else if line.len() < LINE_CAP {
                        line.push(b);
                    }
                }
            }
        }
        if let Some(tx) = &lines {
            if !line.is_empty() {
                let _ = tx.send(String::from_utf8_lossy(&line).into_owned());
            }
        }
    });
    Draining { captured, done }
}

/// The output of a drained stream: all of it, or what arrived by `until`
/// if its pipe is still open then (a process outside the group holds it).
fn collect(stream: Draining, until: Instant) -> Captured {
    let ended = matches!(
        stream.done.recv_timeout(until.saturating_duration_since(Instant::now())),
        Err(RecvTimeoutError::Disconnected)
    );
    let mut captured = stream.captured.lock().map(|c| c.clone()).unwrap_or_default();
    captured.still_open = !ended;
    captured
}

/// Runs `argv` in `dir` with `env` added, for at most `timeout`. Complete
/// lines of standard output go to `lines` as they arrive.
pub fn run(
    argv: &[String],
    dir: &Path,
    env: &[(String, String)],
    timeout: Duration,
    lines: Option<Sender<String>>,
) -> Result<Finished, Error> {
    spawn_and_wait(argv, dir, env, timeout, lines, None)
}

/// Like [`run`], and also returns the process's peak resident memory in
/// bytes (its VmHWM, sampled every 10 ms while it runs).
pub fn run_measuring_memory(
    argv: &[String],
    dir: &Path,
    env: &[(String, String)],
    timeout: Duration,
) -> Result<(Finished, u64), Error> {
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let finished = spawn_and_wait(argv, dir, env, timeout, None, Some(peak.clone()))?;
    Ok((finished, peak.load(std::sync::atomic::Ordering::Relaxed)))
}

/// The VmHWM line of /proc/PID/status, in bytes.
fn high_water_mark(pid: Pid) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid.as_raw_nonzero())).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn spawn_and_wait(
    argv: &[String],
    dir: &Path,
    env: &[(String, String)],
    timeout: Duration,
    lines: Option<Sender<String>>,
    peak_rss: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
) -> Result<Finished, Error> {
    let Some((program, args)) = argv.split_first() else {
        return Err(Error::Infrastructure { message: "an empty command".into() });
    };
    let start = Instant::now();
    let mark = new_mark();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .env(MARKER_VARIABLE, &mark)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| Error::Infrastructure { message: format!("cannot run {}: {e}", show_command(argv)) })?;
    let pid = Pid::from_child(&child);
    if !crate::supervise::register_process(pid, &mark) {
        // The harness is stopping: this process must not run.
        let _ = kill_process_group(pid, Signal::KILL);
    }
    let stdout = drain(child.stdout.take().expect("piped stdout"), lines);
    let stderr = drain(child.stderr.take().expect("piped stderr"), None);

    // Learn that the process ended without reaping it, so its process
    // group id cannot be reused before the group is killed.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(waitid(WaitId::Pid(pid), WaitIdOptions::EXITED | WaitIdOptions::NOWAIT));
    });
    let timed_out = match &peak_rss {
        None => matches!(rx.recv_timeout(timeout), Err(RecvTimeoutError::Timeout)),
        Some(peak) => loop {
            // Sample the memory high-water mark while waiting: a
            // measurement, read until the process is gone.
            if let Some(hwm) = high_water_mark(pid) {
                peak.fetch_max(hwm, std::sync::atomic::Ordering::Relaxed);
            }
            match rx.recv_timeout(Duration::from_millis(10)) {
                Ok(_) | Err(RecvTimeoutError::Disconnected) => break false,
                Err(RecvTimeoutError::Timeout) if start.elapsed() >= timeout => break true,
                Err(RecvTimeoutError::Timeout) => {}
            }
        },
    };
    let duration = start.elapsed();
    // Kill the whole group: the process at its deadline, and anything it
    // left behind in any case; then whatever left the group. What was
    // left is counted, for the case's report.
    let group = pid.as_raw_nonzero().get();
    let members: std::collections::BTreeSet<i32> =
        processes_where(|p, dir| Some(p != group && process_group(dir)? == group))
            .into_iter()
            .map(|p| p.as_raw_nonzero().get())
            .collect();
    let _ = kill_process_group(pid, Signal::KILL);
    // The sweep finds the group's members too, while they die.
    let escaped = sweep(&mark).into_iter().filter(|p| *p != group && !members.contains(p)).count();
    // (At a deadline, what runs in the group is the program still at work,
    // not something it left.)
    let in_group = if timed_out { 0 } else { members.len() };
    let status = child.wait();
    crate::supervise::unregister_process(pid);
    let status = status.map_err(|e| Error::Infrastructure { message: format!("cannot wait for {program}: {e}") })?;
    let ending = if timed_out {
        Ending::TimedOut
    } else if let Some(code) = status.code() {
        Ending::Exited(code)
    } else {
        Ending::Signalled(status.signal().unwrap_or(0))
    };
    let until = Instant::now() + DRAIN_GRACE;
    let stdout = collect(stdout, until);
    let stderr = collect(stderr, until);
    let leaks = Leaks { in_group, escaped, pipes_open: stdout.still_open || stderr.still_open };
    Ok(Finished { ending, stdout, stderr, duration, leaks })
}

/// A command line as a person would type it.
pub fn show_command(argv: &[String]) -> String {
    argv.iter()
        .map(|a| {
            if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%{}".contains(c)) {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(script: &str, timeout: Duration) -> Finished {
        let dir = tempfile::tempdir().expect("temp dir");
        run(&["sh".into(), "-c".into(), script.into()], dir.path(), &[], timeout, None).expect("runs")
    }

    #[test]
    fn captures_status_and_output() {
        let f = sh("echo out; echo err >&2; exit 3", Duration::from_secs(10));
        assert_eq!(f.ending, Ending::Exited(3));
        assert_eq!(f.stdout.text(), "out\n");
        assert_eq!(f.stderr.text(), "err\n");
    }

    #[test]
    fn kills_at_the_deadline() {
        let start = Instant::now();
        let f = sh("sleep 60", Duration::from_millis(200));
        assert_eq!(f.ending, Ending::TimedOut);
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn kills_what_left_the_group() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tag = format!("SWEEP_TEST={}", std::process::id());
        let env = [("SWEEP_TEST".to_string(), std::process::id().to_string())];
        let argv = ["sh".to_string(), "-c".into(), "setsid sleep 60 & echo started".into()];
        let start = Instant::now();
        let f = run(&argv, dir.path(), &env, Duration::from_secs(10), None).expect("runs");
        assert_eq!(f.stdout.text(), "started\n");
        assert!(!f.stdout.still_open, "the escaped child was killed, closing the pipe");
        assert!(start.elapsed() < DRAIN_GRACE);
        let left: Vec<_> = std::fs::read_dir("/proc")
            .expect("/proc")
            .flatten()
            .filter(|e| {
                let environ = std::fs::read(e.path().join("environ")).unwrap_or_default();
                environ.split(|&b| b == 0).any(|v| v == tag.as_bytes())
            })
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }

    #[test]
    fn caps_output() {
        let f = sh("head -c 3000000 /dev/zero", Duration::from_secs(10));
        assert_eq!(f.stdout.bytes.len(), OUTPUT_CAP);
        assert_eq!(f.stdout.total, 3_000_000);
        assert!(f.stdout.truncated());
    }

    #[test]
    fn forwards_lines() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (tx, rx) = mpsc::channel();
        let argv = ["sh".to_string(), "-c".into(), "printf 'a\\nb\\nc'".into()];
        run(&argv, dir.path(), &[], Duration::from_secs(10), Some(tx)).expect("runs");
        assert_eq!(rx.iter().collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    #[test]
    fn reports_a_missing_program() {
        let dir = tempfile::tempdir().expect("temp dir");
        let e = run(&["/nonexistent/scheme".into()], dir.path(), &[], Duration::from_secs(1), None).expect_err("fails");
        assert!(e.to_string().contains("cannot run /nonexistent/scheme"), "{e}");
    }

    #[test]
    fn quotes_commands_for_people() {
        assert_eq!(show_command(&["gosh".into(), "-r7".into(), "a b.scm".into()]), "gosh -r7 'a b.scm'");
    }
}
