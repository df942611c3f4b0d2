//! Hostile implementations: fakes that fork children which leave their
//! process group and hold the output pipes, ignore SIGTERM, print without
//! newlines forever, close their output and keep running, litter their
//! working directory, or die on a signal. Each must get the right outcome
//! within its timeout, and afterwards no process of it may remain and no
//! temporary directory may be left.
//!
//! Every run gets its own TMPDIR and a tag in its environment, inherited
//! by every process it starts, so what it leaves behind can be found.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::*;

/// What a run of the fixture corpus on a hostile fake left behind.
struct Run {
    out: Output,
    took: Duration,
    /// Processes still carrying the run's tag.
    processes: Vec<String>,
    /// Entries left in the run's TMPDIR.
    temporary: Vec<PathBuf>,
    /// The run's own directory (it holds `kept/` when asked for).
    dir: tempfile::TempDir,
}

impl Run {
    fn stdout(&self) -> String {
        text(&self.out.stdout)
    }

    /// Nothing of the implementation is left.
    fn left_nothing(&self) {
        let _ = &self.dir;
        assert_eq!(self.processes, Vec::<String>::new(), "processes were left behind");
        assert_eq!(self.temporary, Vec::<PathBuf>::new(), "temporary files were left behind");
    }
}

/// The processes whose environment holds `SRFI106_HOSTILE_TEST=tag`, or
/// whose command line mentions `tag` (for those that clear their
/// environment).
fn processes_tagged(tag: &str) -> Vec<String> {
    let variable = format!("SRFI106_HOSTILE_TEST={tag}");
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("read /proc").flatten() {
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        if environ.split(|&b| b == 0).any(|v| v == variable.as_bytes()) || cmdline.contains(tag) {
            found.push(format!("{}: {cmdline}", entry.file_name().to_string_lossy()));
        }
    }
    found
}

/// A run's directory (holding `tmp/`, its TMPDIR, and the fake), its tag,
/// and the command that starts it on the fixture corpus with the fake
/// whose script is `body` and cases' timeouts scaled by `scale`.
fn prepare(name: &str, body: &str, scale: &str, extra: &[&str]) -> (tempfile::TempDir, String, Command) {
    let dir = tempfile::tempdir().expect("temp dir");
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("mkdir tmp");
    let f = fake(dir.path(), "fake.sh", body);
    let run = format!("{} {{file}}", f.display());
    let cases = fixtures();
    let tag = format!("hostile-{}-{name}", std::process::id());
    let keep = dir.path().join("kept").display().to_string();
    let mut args =
        vec!["--run", run.as_str(), "--cases", cases.to_str().expect("utf-8"), "--timeout-multiplier", scale];
    // `KEEP` stands for the run's own `kept` directory, `KEEP.json` for a
    // file `kept.json` beside it.
    let kept_json = dir.path().join("kept.json").display().to_string();
    args.extend(extra.iter().map(|a| match *a {
        "KEEP" => keep.as_str(),
        "KEEP.json" => kept_json.as_str(),
        other => other,
    }));
    let mut command = Command::new(CONFORM);
    command.args(&args).env("TMPDIR", &tmp).env("SRFI106_HOSTILE_TEST", &tag).stdin(Stdio::null());
    (dir, tag, command)
}

/// What is left in the TMPDIR of the run in `dir`.
fn left_in_tmp(dir: &tempfile::TempDir) -> Vec<PathBuf> {
    std::fs::read_dir(dir.path().join("tmp")).expect("read tmp").flatten().map(|e| e.path()).collect()
}

/// Runs the fixture corpus on a fake whose script is `body`, with cases'
/// timeouts scaled to a tenth (1 s).
fn hostile(name: &str, body: &str, extra: &[&str]) -> Run {
    let (dir, tag, mut command) = prepare(name, body, "0.1", extra);
    let start = Instant::now();
    let out = command.output().expect("run srfi106-conform");
    let took = start.elapsed();
    Run { out, took, processes: processes_tagged(&tag), temporary: left_in_tmp(&dir), dir }
}

/// Both fixture cases ran into their 1 s timeout, and the run did not
/// wait much longer than that.
fn timed_out(run: &Run) {
    let stdout = run.stdout();
    assert_eq!(run.out.status.code(), Some(1), "{stdout}");
    assert_eq!(stdout.matches("status: TIMEOUT: the program was still running after").count(), 2, "{stdout}");
    assert!(run.took < Duration::from_secs(15), "took {:?}", run.took);
}

#[test]
fn a_child_that_leaves_the_group_and_holds_the_pipes_is_killed() {
    // The daemon starts its own session: killing the process group does
    // not reach it, and it holds standard output and error open. The fake
    // waits (on a FIFO) until the daemon has left the group: before that,
    // it is rightly counted as still in the group.
    let body = "mkfifo daemon-ready || exit 9
                setsid sh -c 'echo > daemon-ready; exec sleep 300' &
                read _ < daemon-ready || exit 9
                exec \"$REFERENCE\" __reference \"$1\"";
    let run = hostile("escape", body, &["--results-json", "KEEP.json"]);
    let stdout = run.stdout();
    assert_eq!(run.out.status.code(), Some(0), "{stdout}{}", text(&run.out.stderr));
    assert!(stdout.contains("2 passed; 0 failed"), "{stdout}");
    // Nobody waited for the pipes to close by themselves.
    assert!(run.took < Duration::from_secs(10), "took {:?}", run.took);
    // A leak is a result of its case, though the case passed.
    for leaks in leaks_reported(&run) {
        assert_eq!(leaks, "1 process(es) that had left its process group, killed by the harness");
    }
    run.left_nothing();
}

/// The `leaks` of each case in the run's `--results-json KEEP.json`.
fn leaks_reported(run: &Run) -> Vec<String> {
    let json = std::fs::read_to_string(run.dir.path().join("kept.json")).expect("the results JSON");
    let record: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let results = record["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "{json}");
    results
        .iter()
        .map(|r| r["leaks"].as_str().unwrap_or_else(|| panic!("no leaks reported: {r}")).to_string())
        .collect()
}

#[test]
fn a_child_left_running_in_the_group_is_reported_and_killed() {
    let run = hostile(
        "left",
        "sleep 300 </dev/null >/dev/null 2>&1 & exec \"$REFERENCE\" __reference \"$1\"",
        &["--results-json", "KEEP.json"],
    );
    let stdout = run.stdout();
    assert_eq!(run.out.status.code(), Some(0), "{stdout}{}", text(&run.out.stderr));
    for leaks in leaks_reported(&run) {
        assert_eq!(leaks, "1 process(es) in its process group, killed by the harness");
    }
    run.left_nothing();
}

#[test]
fn a_child_that_outlives_the_script_in_its_group_is_killed() {
    let run = hostile("outlive", "sh -c 'sleep 300' & sh -c 'sleep 300'", &[]);
    timed_out(&run);
    run.left_nothing();
}

#[test]
fn an_implementation_ignoring_sigterm_is_stopped() {
    let run = hostile("sigterm", "trap '' TERM HUP INT; exec sleep 300", &[]);
    timed_out(&run);
    run.left_nothing();
}

#[test]
fn output_without_newlines_forever_is_capped_and_stopped() {
    let run = hostile("no-newline", "yes '@conform say x' | tr -d '\\n'", &["--keep-failed", "KEEP"]);
    timed_out(&run);
    assert!(run.stdout().contains("output: truncated to 1048576 bytes per stream"), "{}", run.stdout());
    run.left_nothing();
}

#[test]
fn closing_output_and_running_on_is_a_timeout() {
    let run = hostile("closed", "exec >&- 2>&-; exec sleep 300", &[]);
    timed_out(&run);
    run.left_nothing();
}

#[test]
fn closing_output_and_exiting_cleanly_is_a_crash() {
    let run = hostile("closed-exit", "exec >&-; exit 0", &[]);
    let stdout = run.stdout();
    assert_eq!(run.out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.matches("status: CRASH: the program ended (exit status 0) before reaching the end of the case").count(),
        2,
        "{stdout}"
    );
    run.left_nothing();
}

#[test]
fn litter_in_the_working_directory_is_removed_even_when_locked() {
    let body = "mkdir -p junk/deep && head -c 1000000 /dev/zero > junk/deep/big && : > \"$1.extra\" && \
                chmod 000 junk/deep junk && exec \"$REFERENCE\" __reference \"$1\"";
    let run = hostile("litter", body, &[]);
    let stdout = run.stdout();
    assert_eq!(run.out.status.code(), Some(0), "{stdout}{}", text(&run.out.stderr));
    assert!(!text(&run.out.stderr).contains("warning"), "{}", text(&run.out.stderr));
    run.left_nothing();
}

#[test]
fn death_by_a_signal_is_a_crash_naming_the_signal() {
    let run = hostile("signal", "echo '@conform say hello'; kill -SEGV $$", &[]);
    let stdout = run.stdout();
    assert_eq!(run.out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout
            .matches("status: CRASH: the program was killed by signal 11 (SIGSEGV) before reaching the end of the case")
            .count(),
        2,
        "{stdout}"
    );
    run.left_nothing();
}

#[test]
fn a_flood_of_output_is_capped() {
    let run = hostile("flood", "head -c 50000000 /dev/zero | tr '\\0' 'x'", &["--keep-failed", "KEEP"]);
    assert_eq!(run.out.status.code(), Some(1));
    assert!(run.took < Duration::from_secs(30), "took {:?}", run.took);
    assert!(run.stdout().contains("output: truncated to 1048576 bytes per stream"));
    let kept = std::fs::metadata(run.dir.path().join("kept/basic/hello/stdout.txt")).expect("kept stdout").len();
    assert_eq!(kept, 1 << 20, "stdout is kept up to the cap");
    run.left_nothing();
}

#[test]
fn a_child_that_leaves_the_group_and_clears_its_environment_is_killed_at_the_end() {
    // Neither the group kill nor the mark reaches it: it is found as an
    // orphan of the run. Its command line names the test's tag. The fake
    // waits (on a FIFO) until the daemon has cleared its environment:
    // before that, it still carries the mark, and the sweep at the end of
    // the case would kill it first.
    let body = "mkfifo daemon-ready || exit 9
                setsid env -i sh -c \"echo > daemon-ready; sleep 300; : $SRFI106_HOSTILE_TEST\" &
                read _ < daemon-ready || exit 9
                exec \"$REFERENCE\" __reference \"$1\"";
    let run = hostile("clear-env", body, &["--results-json", "KEEP.json"]);
    let stdout = run.stdout();
    let stderr = text(&run.out.stderr);
    assert_eq!(run.out.status.code(), Some(0), "{stdout}{stderr}");
    // The held pipes delay each case by at most the output's grace period;
    // the output that arrived is judged, not lost.
    assert!(stdout.contains("2 passed; 0 failed"), "{stdout}");
    assert!(run.took < Duration::from_secs(15), "took {:?}", run.took);
    assert!(stderr.contains("process(es) the implementation left running"), "{stderr}");
    for leaks in leaks_reported(&run) {
        assert_eq!(leaks, "a process that held its output open, killed by the harness");
    }
    run.left_nothing();
}

/// Waits, with a deadline, until a process carrying `tag` runs `what`.
fn wait_for_process(tag: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !processes_tagged(tag).iter().any(|p| p.contains(what)) {
        assert!(Instant::now() < deadline, "the implementation never started");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[rstest::rstest]
#[case::sigint("INT", 130, "SIGINT")]
#[case::sigterm("TERM", 143, "SIGTERM")]
#[case::sighup("HUP", 129, "SIGHUP")]
fn an_interrupted_run_leaves_nothing(#[case] signal: &str, #[case] code: i32, #[case] name: &str) {
    // The implementation hangs with a child that leaves its group; the
    // cases' timeouts are ten times the default, so only the signal ends
    // the run.
    let body = "setsid sh -c 'sleep 300' & trap '' TERM INT HUP; exec sleep 300";
    let (dir, tag, mut command) = prepare(&format!("interrupt-{signal}"), body, "10", &[]);
    let child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start srfi106-conform");
    wait_for_process(&tag, "sleep 300");
    let start = Instant::now();
    let killed = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status().expect("kill");
    assert!(killed.success());
    let out = child.wait_with_output().expect("wait for srfi106-conform");
    assert!(start.elapsed() < Duration::from_secs(15), "took {:?} to stop", start.elapsed());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(&format!("srfi106-conform: stopped by {name}: killed ")), "{stderr}");
    assert_eq!(processes_tagged(&tag), Vec::<String>::new(), "processes were left behind");
    assert_eq!(left_in_tmp(&dir), Vec::<PathBuf>::new(), "temporary files were left behind");
}
