//! `srfi106-conform` as a command, against fake implementations (small
//! shell scripts wrapped around the built-in reference) that answer wrong,
//! exit early, or cannot import SRFI 106; and the expectations, reports
//! and errors around a run. (Hostile implementations: `hostile.rs`.)

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use rstest::rstest;

mod common;
use common::*;

#[test]
fn the_reference_passes_the_fixture_corpus() {
    let out = conform(&["--cases", fixtures().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(text(&out.stdout).contains("2 passed; 0 failed"));
}

#[test]
fn a_wrong_answer_fails_with_a_diff_of_both_sides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_fake(
        dir.path(),
        "\"$REFERENCE\" __reference \"$1\" | sed 's/say hello/say goodbye/; s/\"hi\"/\"ho\"/'",
        &[],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("test basic/hello ... FAILED"), "{stdout}");
    assert!(stdout.contains("- say hello\n+ say goodbye"), "{stdout}");
    assert!(stdout.contains("status: FAIL"), "{stdout}");
}

#[test]
fn an_early_exit_is_a_crash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_fake(dir.path(), "echo '@conform say hello'; echo 'it broke' >&2; exit 3", &[]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("status: CRASH: the program ended (exit status 3) before reaching the end of the case"),
        "{stdout}"
    );
    assert!(stdout.contains("standard error (last 20 lines):\n  it broke"), "{stdout}");
}

/// A case's server that cannot bind a free port once (another process
/// may have held it for a moment) is not the implementation's failure:
/// the case runs again, on another port. The fake refuses the first run
/// of the whole run only: `mkdir` takes the mark atomically, whichever
/// case runs first.
#[test]
fn a_server_refused_a_free_port_once_runs_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("results.json");
    let body = "if mkdir \"$(dirname \"$0\")/refused-once\" 2>/dev/null; then
                  echo '@conform bind-failed address already in use'; exit 70
                fi
                exec \"$REFERENCE\" __reference \"$1\"";
    let out = run_fake(dir.path(), body, &["--results-json", json.to_str().expect("utf-8")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("2 passed; 0 failed"), "{stdout}");
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("the results JSON")).expect("JSON");
    let mut retries: Vec<u64> = record["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["retries"].as_u64().expect("retries"))
        .collect();
    retries.sort();
    assert_eq!(retries, [0, 1], "{record}");
}

/// An implementation that cannot make a server on a free port fails the
/// case, in every run of it.
#[test]
fn a_server_refused_a_free_port_every_time_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_fake(dir.path(), "echo '@conform bind-failed address already in use'; exit 70", &[]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout
            .matches(
                "status: CRASH: make-server-socket raised on a free port in each of 4 runs: address already in use"
            )
            .count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("retries: 3 (the case's server could not bind the port chosen for it)"), "{stdout}");
}

#[test]
fn keep_failed_holds_what_reproduces_the_case() {
    let dir = tempfile::tempdir().expect("temp dir");
    let keep = dir.path().join("kept");
    let body = "sed 's/\"hi\"/\"ho\"/' \"$1\" > \"$1.changed\" && exec \"$REFERENCE\" __reference \"$1.changed\"";
    run_fake(dir.path(), body, &["--keep-failed", keep.to_str().expect("utf-8")]);
    let case = keep.join("basic/peer");
    for file in [
        "program.scm",
        "command.txt",
        "stdout.txt",
        "stderr.txt",
        "peer.txt",
        "expected.txt",
        "actual.txt",
        "report.txt",
    ] {
        assert!(case.join(file).is_file(), "{file} is missing");
    }
    let program = std::fs::read_to_string(case.join("program.scm")).expect("program");
    assert!(program.contains("(socket-send s (string->utf8 \"hi\"))"));
    assert!(program.contains("(conform-done)"));
    assert!(!keep.join("basic/hello").exists(), "passing cases are not kept");
}

#[test]
fn an_implementation_without_srfi_106_stops_the_run_with_one_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nosrfi.sh");
    std::fs::write(&path, "#!/bin/sh\necho 'error: unknown library (srfi 106)' >&2\nexit 1\n").expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let run = format!("{} {{file}}", path.display());
    let out = conform(&["--run", &run, "--cases", fixtures().to_str().expect("utf-8")]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.starts_with(
            "srfi106-conform: the implementation did not run a program importing (scheme base) and (srfi 106)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("command: "), "{stderr}");
    assert!(stderr.contains("error: unknown library (srfi 106)"), "{stderr}");
    assert!(!text(&out.stdout).contains("test basic"), "no case ran");
}

#[rstest]
#[case::missing(&["--impl", "/nonexistent/gosh"], "srfi106-conform: --impl /nonexistent/gosh: not found")]
#[case::not_on_path(&["--impl", "no-such-scheme-anywhere"], "srfi106-conform: --impl no-such-scheme-anywhere: not found (neither a file nor a command on PATH)")]
#[case::unknown_adapter(&["--impl", "/bin/sh", "--adapter", "nonesuch"], "srfi106-conform: adapter nonesuch: no built-in adapter has this name")]
#[case::no_adapter_fits(&["--impl", "/bin/sh"], "srfi106-conform: adapter /bin/sh: no built-in adapter fits this binary's name")]
#[case::run_without_file(&["--run", "gosh -r7"], "srfi106-conform: adapter --run: the command must contain {file}")]
#[case::missing_expectations(&["--expect", "/nonexistent/expect.toml"], "srfi106-conform: cannot read the expectations file /nonexistent/expect.toml")]
#[case::missing_cases(&["--cases", "/nonexistent/cases"], "srfi106-conform: /nonexistent/cases: not a directory")]
fn bad_command_lines_exit_2_with_one_line(#[case] args: &[&str], #[case] message: &str) {
    let out = conform(args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with(message), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_non_executable_impl_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("gosh");
    std::fs::write(&path, "").expect("write");
    let out = conform(&["--impl", path.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(": not executable"));
}

#[test]
fn a_malformed_case_is_reported_as_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("g")).expect("mkdir");
    std::fs::write(dir.path().join("g/bad.scm"), ";;@ description: d\n;;@ spec: send.size\n;;@ colour: red\n(say 1)\n")
        .expect("write");
    let out = conform(&["--cases", dir.path().to_str().expect("utf-8")]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr
            .starts_with(&format!("srfi106-conform: {}/g/bad.scm:3: unknown directive `colour`", dir.path().display())),
        "{stderr}"
    );
}

fn expectations(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("expect.toml");
    std::fs::write(&path, text).expect("write expectations");
    path
}

const WRONG_HELLO: &str = "\"$REFERENCE\" __reference \"$1\" | sed 's/say hello/say goodbye/'";

#[test]
fn an_expected_failure_does_not_fail_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e =
        expectations(dir.path(), "[[expect]]\ncase = \"basic/hello\"\nstatus = \"fail\"\nreason = \"says goodbye\"\n");
    let out = run_fake(dir.path(), WRONG_HELLO, &["--expect", e.to_str().expect("utf-8")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("basic/hello ... ignored (expected to fail: says goodbye)"), "{stdout}");
}

#[test]
fn a_listed_case_that_passes_is_a_stale_entry() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = expectations(dir.path(), "[[expect]]\ncase = \"basic/peer\"\nstatus = \"fail\"\nreason = \"was broken\"\n");
    let out = run_fake(dir.path(), WRONG_HELLO, &["--expect", e.to_str().expect("utf-8")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("status: XPASS: listed in"), "{stdout}");
    assert!(stdout.contains("remove the stale entry `basic/peer`"), "{stdout}");
}

#[test]
fn an_entry_matching_no_case_fails_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = expectations(
        dir.path(),
        "[[expect]]\ncase = \"basic/hello\"\nstatus = \"fail\"\nreason = \"r\"\n[[expect]]\ncase = \"gone/*\"\nstatus = \"crash\"\nreason = \"r\"\n",
    );
    let out = run_fake(dir.path(), WRONG_HELLO, &["--expect", e.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the entry for `gone/*` matches no case"), "{}", text(&out.stderr));
}

#[test]
fn skipped_cases_do_not_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = expectations(dir.path(), "[[expect]]\ncase = \"basic/hello\"\nstatus = \"skip\"\nreason = \"not today\"\n");
    let out = run_fake(dir.path(), WRONG_HELLO, &["--expect", e.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("basic/hello ... ignored (skipped by"), "{}", text(&out.stdout));
}

#[test]
fn a_malformed_expectations_file_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = expectations(dir.path(), "[[expect]]\ncase = \"x\"\nstatus = \"flaky\"\nreason = \"r\"\n");
    let out = conform(&["--expect", e.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with(&format!("srfi106-conform: {}: line 3:", e.display())),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn written_expectations_make_the_next_run_pass() {
    let dir = tempfile::tempdir().expect("temp dir");
    let baseline = dir.path().join("baseline.toml");
    let first = run_fake(dir.path(), WRONG_HELLO, &["--write-expectations", baseline.to_str().expect("utf-8")]);
    assert_eq!(first.status.code(), Some(1));
    let written = std::fs::read_to_string(&baseline).expect("baseline");
    assert!(written.contains("case = \"basic/hello\""), "{written}");
    let second = run_fake(dir.path(), WRONG_HELLO, &["--expect", baseline.to_str().expect("utf-8")]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stdout));
}

#[test]
fn reports_describe_every_case() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (junit, json, md) = (dir.path().join("j.xml"), dir.path().join("r.json"), dir.path().join("r.md"));
    let out = run_fake(
        dir.path(),
        WRONG_HELLO,
        &[
            "--junit",
            junit.to_str().expect("utf-8"),
            "--results-json",
            json.to_str().expect("utf-8"),
            "--report-md",
            md.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));

    let xml = std::fs::read_to_string(&junit).expect("junit");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut testcases, mut failures) = (0, 0);
    loop {
        match reader.read_event().expect("the JUnit report is well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => testcases += 1,
                b"failure" => failures += 1,
                _ => {}
            },
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((testcases, failures), (2, 1), "{xml}");

    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    assert!(run["implementation_version"].is_string());
    assert_eq!(run["suite_version"], env!("CARGO_PKG_VERSION"));
    let records = run["results"].as_array().expect("an array of results");
    assert_eq!(records.len(), 2);
    let hello = records.iter().find(|r| r["case"] == "basic/hello").expect("hello record");
    assert_eq!(hello["status"], "fail");
    assert!(hello["diff"].as_str().is_some_and(|d| d.contains("+ say goodbye")));

    let table = std::fs::read_to_string(&md).expect("md");
    assert!(table.contains("| 2 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |"), "{table}");
}

#[test]
fn listing_needs_no_implementation() {
    let out =
        conform(&["--run", "/nonexistent/scheme {file}", "--cases", fixtures().to_str().expect("utf-8"), "--list"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "basic/hello: test\nbasic/peer: test\n");
}

#[test]
fn libtest_filters_select_cases() {
    let cases = fixtures();
    let out = conform(&["--cases", cases.to_str().expect("utf-8"), "--exact", "basic/peer"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("1 passed; 0 failed; 0 ignored; 0 measured; 1 filtered out"), "{stdout}");
    let out = conform(&["--cases", cases.to_str().expect("utf-8"), "--skip", "peer", "--format", "terse"]);
    assert!(text(&out.stdout).contains("1 passed; 0 failed; 0 ignored; 0 measured; 1 filtered out"));
}

/// The benchmarks run on the reference and print a well-formed table and
/// JSON (no figure is asserted: machines are noisy).
#[test]
fn bench_quick_prints_a_table_and_json() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("bench.json");
    let out = conform(&["bench", "--quick", "--no-suite", "--json", json.to_str().expect("utf-8")]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| benchmark")).collect();
    let names: Vec<&str> = rows.iter().filter_map(|r| r.split('|').nth(1)).map(str::trim).collect();
    assert_eq!(names, ["bulk", "churn", "ports", "udp", "startup"], "{stdout}");
    for row in &rows {
        assert_eq!(row.matches('|').count(), 5, "a column for the baseline, one for the reference: {row}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    assert_eq!(v["systems"].as_array().map(Vec::len), Some(1), "{v}");
    let benchmarks = v["benchmarks"].as_array().expect("benchmarks");
    assert_eq!(benchmarks.len(), 5);
    for b in benchmarks {
        let cell = &b["cells"][0];
        assert_eq!(cell["status"], "measured", "{b}");
        assert!(cell["implementation"]["median"].as_f64().is_some_and(|x| x > 0.0), "{b}");
        assert!(cell["baseline"]["median"].as_f64().is_some_and(|x| x > 0.0), "{b}");
        assert!(cell["ratio"].as_f64().is_some_and(|x| x > 0.0), "{b}");
        assert!(b["baseline"]["median"].as_f64().is_some_and(|x| x > 0.0), "the row's baseline: {b}");
    }
}

/// Two systems in one run: a failing benchmark and one stopped at its
/// deadline are results of their own, and the others are measured.
#[test]
fn bench_goes_on_past_a_failing_and_a_slow_benchmark() {
    let dir = tempfile::tempdir().expect("temp dir");
    let json = dir.path().join("bench.json");
    // Its datagram client fails, as Gauche's does; its bulk transfer hangs.
    let body = "if grep -q 'sock-dgram' \"$1\"; then echo 'error: connection refused' >&2; exit 70; fi\n\
                if grep -q 'socket-recv s 65536' \"$1\"; then exec sleep 60; fi\n\
                exec \"$REFERENCE\" __reference \"$1\"";
    let f = fake(dir.path(), "fake.sh", body);
    let run = format!("{} {{file}}", f.display());
    let out = conform(&[
        "bench",
        "--quick",
        "--no-suite",
        "--run",
        &run,
        "--timeout-multiplier",
        "0.1",
        "--json",
        json.to_str().expect("utf-8"),
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stderr.contains("srfi106-conform bench: failed: udp on generic (version unknown)"), "{stderr}");
    // One progress line per run as it ends.
    let progress = |benchmark: &str| {
        let start = format!("  {benchmark:<7} generic (version unknown)");
        stderr.lines().find(|l| l.starts_with(&start)).unwrap_or_else(|| panic!("no {start:?}: {stderr}")).to_string()
    };
    assert!(
        progress("udp").ends_with("run 1/1   failed: the program failed (exit status 70): error: connection refused"),
        "{stderr}"
    );
    assert!(progress("bulk").ends_with("run 1/1   stopped at its deadline (3 s): slower than 11.2 MB/s"), "{stderr}");
    let header = stdout.lines().find(|l| l.starts_with("| benchmark")).expect("a table");
    assert!(header.ends_with("| generic (version unknown) |"), "{header}");
    let cell = |name: &str| {
        let row = stdout.lines().find(|l| l.starts_with(&format!("| {name} |"))).expect("a row");
        row.trim_end_matches(" |").rsplit(" | ").next().expect("a cell").to_string()
    };
    assert_eq!(cell("udp"), "failed: the program failed (exit status 70): error: connection refused");
    assert_eq!(cell("bulk"), "slower than 11.2 MB/s");
    for name in ["churn", "ports", "startup"] {
        assert!(cell(name).contains(", ratio "), "{name}: {stdout}");
    }
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).expect("json")).expect("valid JSON");
    let status = |i: usize| v["benchmarks"][i]["cells"][1]["status"].as_str().unwrap_or_default().to_string();
    assert_eq!((0..5).map(status).collect::<Vec<_>>(), ["slower", "measured", "measured", "failed", "measured"]);
    assert_eq!(v["benchmarks"][0]["cells"][1]["deadline_s"], 3.0);
    assert_eq!(v["benchmarks"][3]["cells"][0]["status"], "measured", "the reference's udp");
}

/// A fake implementation whose (srfi 106) lacks socket-close: any program
/// that names it fails as an unbound variable, as Foment's does.
fn without_socket_close(dir: &Path) -> PathBuf {
    let path = dir.join("noclose.sh");
    let script = format!(
        "#!/bin/sh\nif grep -v '^ *;' \"$1\" | grep -qw 'socket-close'; then echo 'error: unbound variable socket-close' >&2; exit 1; fi\n\
         exec '{CONFORM}' __reference \"$1\"\n"
    );
    std::fs::write(&path, script).expect("write fake");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

#[test]
fn a_missing_name_is_named_once_and_blocks_the_cases_that_need_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = format!("{} {{file}}", without_socket_close(dir.path()).display());
    let cases = fixtures();
    let out = conform(&["--run", &run, "--cases", cases.to_str().expect("utf-8")]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(
        stderr.contains(
            "This implementation's (srfi 106) lacks:\n  socket-close ((srfi 106) does not export it): blocks 1 case(s)"
        ),
        "{stderr}"
    );
    assert!(stdout.contains("test basic/hello ... ok"), "{stdout}");
    assert!(stdout.contains("status: BLOCKED: blocked: needs `socket-close`"), "{stdout}");
    assert!(stderr.contains("1 × its (srfi 106) lacks `socket-close`"), "{stderr}");

    // One [[missing]] entry expects every case the name blocks.
    let e = expectations(dir.path(), "[[missing]]\nname = \"socket-close\"\nreason = \"not exported\"\n");
    let out =
        conform(&["--run", &run, "--cases", cases.to_str().expect("utf-8"), "--expect", e.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));

    // And it is stale once the implementation has the name.
    let reference = format!("{CONFORM} __reference {{file}}");
    let out = conform(&[
        "--run",
        &reference,
        "--cases",
        cases.to_str().expect("utf-8"),
        "--expect",
        e.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the implementation has `socket-close` now: remove its [[missing]] entry"));
}

#[test]
fn a_relative_impl_path_runs_from_the_cases_directories() {
    let dir = tempfile::tempdir().expect("temp dir");
    fake(dir.path(), "fake.sh", "exec \"$REFERENCE\" __reference \"$1\"");
    let cases = fixtures();
    let out = std::process::Command::new(CONFORM)
        .current_dir(dir.path())
        .args(["--impl", "./fake.sh", "--adapter", "reference", "--cases", cases.to_str().expect("utf-8")])
        .output()
        .expect("run srfi106-conform");
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
}

#[test]
fn help_names_the_program_and_puts_the_suites_options_first() {
    let out = conform(&["--help"]);
    let help = text(&out.stdout);
    assert!(help.contains("Usage: srfi106-conform [OPTIONS] [FILTER]"), "{help}");
    let (own, libtest) = (help.find("--impl").expect("--impl"), help.find("--test-threads").expect("--test-threads"));
    assert!(own < libtest, "{help}");
    for no_op in ["--show-output", "--nocapture", "--bench", "-Z"] {
        assert!(!help.contains(no_op), "{no_op} is shown: {help}");
    }
}
