//! Watching over everything a run starts, so that nothing outlives it.
//!
//! Each implementation process runs in its own process group and carries
//! its run's mark (see [`crate::process`]); its temporary directory is a
//! [`crate::scratch::Scratch`]. Both are registered here while they exist.
//! [`supervise`] then adds two things for the harness process:
//!
//! - it becomes the *child subreaper* of everything it starts, so a process
//!   that leaves its group and clears its environment (escaping both the
//!   group kill and the mark) becomes the harness's child when its parent
//!   dies, and [`reap_orphans`] finds it at the end of the run;
//! - SIGINT, SIGTERM and SIGHUP stop every running implementation, remove
//!   every temporary directory, and only then end the harness — an
//!   interrupted run leaves nothing behind either.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rustix::process::{getpid, kill_process, kill_process_group, waitid, Pid, Signal, WaitId, WaitIdOptions};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::error::Error;

/// How long to go on killing orphans (they may be forking).
const REAP_DEADLINE: Duration = Duration::from_secs(5);

struct Registry {
    /// Set once the harness is stopping: nothing new may start.
    stopping: bool,
    /// Running implementation processes, by pid, with their marks.
    processes: BTreeMap<i32, String>,
    /// Temporary directories in use.
    scratch: BTreeSet<PathBuf>,
}

static REGISTRY: Mutex<Registry> =
    Mutex::new(Registry { stopping: false, processes: BTreeMap::new(), scratch: BTreeSet::new() });

fn registry() -> MutexGuard<'static, Registry> {
    // A panic elsewhere while holding the lock leaves the data consistent
    // (every update is a single insert or remove).
    REGISTRY.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Records a started process; `false` when the harness is stopping and the
/// process must be killed at once.
pub(crate) fn register_process(pid: Pid, mark: &str) -> bool {
    let mut r = registry();
    r.processes.insert(pid.as_raw_nonzero().get(), mark.to_string());
    !r.stopping
}

pub(crate) fn unregister_process(pid: Pid) {
    registry().processes.remove(&pid.as_raw_nonzero().get());
}

/// Whether `pid` is a running implementation's main process.
pub(crate) fn is_running(pid: Pid) -> bool {
    registry().processes.contains_key(&pid.as_raw_nonzero().get())
}

pub(crate) fn register_scratch(path: &Path) {
    registry().scratch.insert(path.to_path_buf());
}

pub(crate) fn unregister_scratch(path: &Path) {
    registry().scratch.remove(path);
}

/// Makes this process the subreaper of what it starts and stops every
/// implementation on SIGINT, SIGTERM or SIGHUP before exiting with 128 +
/// the signal's number. For the harness's own process, once, at start.
pub fn supervise() -> Result<(), Error> {
    rustix::process::set_child_subreaper(Some(getpid()))
        .map_err(|e| Error::Infrastructure { message: format!("cannot become a child subreaper: {e}") })?;
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP])
        .map_err(|e| Error::Infrastructure { message: format!("cannot handle signals: {e}") })?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let (processes, orphans) = stop_everything();
                let name = match signal {
                    SIGINT => "SIGINT",
                    SIGTERM => "SIGTERM",
                    _ => "SIGHUP",
                };
                eprintln!("{}", crate::message::stopped_by(name, processes, orphans));
                std::process::exit(128 + signal);
            }
        })
        .map_err(|e| Error::Infrastructure { message: format!("cannot start the signal thread: {e}") })?;
    Ok(())
}

/// Kills every running implementation (its group and its marked
/// processes), then every orphan, and removes every temporary directory.
/// Returns how many implementations and orphans were killed.
pub fn stop_everything() -> (usize, usize) {
    let (processes, scratch) = {
        let mut r = registry();
        r.stopping = true;
        (r.processes.clone(), r.scratch.clone())
    };
    for (pid, mark) in &processes {
        if let Some(pid) = Pid::from_raw(*pid) {
            let _ = kill_process_group(pid, Signal::KILL);
        }
        crate::process::sweep(mark);
    }
    let orphans = reap_orphans();
    for path in scratch {
        let _ = crate::scratch::remove_tree(&path);
    }
    (processes.len(), orphans)
}

/// This process's children that are not running implementations: under
/// [`supervise`], the orphans of what it started.
fn orphans() -> Vec<Pid> {
    let me = getpid().as_raw_nonzero().get();
    let running: BTreeSet<i32> = registry().processes.keys().copied().collect();
    crate::process::processes_where(|pid, dir| {
        let stat = std::fs::read_to_string(dir.join("stat")).ok()?;
        // "pid (comm) state ppid …": comm may hold anything, so read after
        // its closing parenthesis.
        let ppid: i32 = stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()?;
        Some(ppid == me && !running.contains(&pid))
    })
}

/// Kills and reaps every orphan (see [`orphans`]), until none is left or
/// the deadline passes; returns how many there were. At the end of a run,
/// when no implementation runs, this leaves nothing behind.
pub fn reap_orphans() -> usize {
    let deadline = Instant::now() + REAP_DEADLINE;
    let mut reaped = BTreeSet::new();
    loop {
        let found = orphans();
        if found.is_empty() || Instant::now() >= deadline {
            return reaped.len();
        }
        for pid in found {
            let _ = kill_process(pid, Signal::KILL);
            // Our child: waiting reaps it, and its own children become
            // ours before the wait returns.
            let _ = waitid(WaitId::Pid(pid), WaitIdOptions::EXITED);
            reaped.insert(pid.as_raw_nonzero().get());
        }
    }
}
