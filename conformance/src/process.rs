//! Running an implementation's process: in its own process group, stdin
//! from /dev/null, output captured up to a cap, a wall-clock deadline, and
//! the whole group killed and reaped afterwards so nothing is left behind.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use rustix::process::{kill_process_group, waitid, Pid, Signal, WaitId, WaitIdOptions};

use crate::error::Error;

/// Bytes of standard output, and of standard error, kept per process.
pub const OUTPUT_CAP: usize = 1 << 20;
/// The longest line forwarded to a line listener (longer ones are cut).
const LINE_CAP: usize = 64 * 1024;
/// How long to wait for the output pipes to close once the process group
/// is gone (a process that escaped the group may hold them open).
const DRAIN_GRACE: Duration = Duration::from_secs(2);

/// How a process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
            Ending::Signalled(s) => write!(f, "killed by signal {s}"),
            Ending::TimedOut => write!(f, "timed out"),
        }
    }
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
}

/// Reads `stream` to its end, keeping `OUTPUT_CAP` bytes and sending
/// complete lines to `lines`.
fn drain(mut stream: impl Read + Send + 'static, lines: Option<Sender<String>>) -> mpsc::Receiver<Captured> {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let mut captured = Captured::default();
        let mut buf = vec![0u8; 64 * 1024];
        let mut line: Vec<u8> = Vec::new();
        loop {
            let n = match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            captured.total += n as u64;
            let room = OUTPUT_CAP.saturating_sub(captured.bytes.len());
            captured.bytes.extend_from_slice(&buf[..n.min(room)]);
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
        let _ = done.send(captured);
    });
    result
}

/// The output of a drained stream, unless its pipe is still open at
/// `until` (a process outside the group holds it).
fn collect(result: mpsc::Receiver<Captured>, until: Instant) -> Captured {
    result
        .recv_timeout(until.saturating_duration_since(Instant::now()))
        .unwrap_or_else(|_| Captured { still_open: true, ..Captured::default() })
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
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .map_err(|e| Error::Infrastructure { message: format!("cannot run {}: {e}", show_command(argv)) })?;
    let pid = Pid::from_child(&child);
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
    // Kill the whole group: the process at its deadline, and anything it
    // left behind in any case.
    let _ = kill_process_group(pid, Signal::KILL);
    let status =
        child.wait().map_err(|e| Error::Infrastructure { message: format!("cannot wait for {program}: {e}") })?;
    let duration = start.elapsed();
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
    Ok(Finished { ending, stdout, stderr, duration })
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
