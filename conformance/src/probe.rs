//! Before a run: does the implementation start and import `(srfi 106)`,
//! what version is it, which names of SRFI 106 and of the case dialect
//! does it lack, and which capabilities does this machine lack?

use std::collections::{BTreeMap, BTreeSet};
use std::net::UdpSocket;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::adapter::{Adapter, Places};
use crate::case::Capability;
use crate::error::Error;
use crate::names::{Dialect, Library};
use crate::process;

const PROBE_TIMEOUT: Duration = Duration::from_secs(60);
const VERSION_TIMEOUT: Duration = Duration::from_secs(10);

/// The service the corpus names (`client/service-name`): one with a port
/// above 1024 that nothing is likely to use, so the peer can listen on it.
const SERVICE: &str = "kermit";

/// The capabilities this machine lacks, with the reason.
pub fn environment() -> BTreeMap<Capability, String> {
    let mut missing = BTreeMap::new();
    if UdpSocket::bind("[::1]:0").is_err() {
        missing.insert(Capability::Ipv6, "this machine has no IPv6 loopback".to_string());
    }
    if UdpSocket::bind("127.0.0.2:0").is_err() {
        missing.insert(Capability::LoopbackAlias, "127.0.0.2 is not a local address here".to_string());
    }
    if crate::peer::service_port(SERVICE).is_err() {
        missing.insert(
            Capability::ServiceNames,
            format!("service names do not resolve (`{SERVICE}` is not in the services database)"),
        );
    }
    missing
}

/// A probe program: `body`, then the marker.
fn probe_program(adapter: &Adapter, dialect: &Dialect, body: &str) -> Result<String, Error> {
    let marker = crate::transcript::Kind::Probe.line();
    adapter.program(dialect, &format!("{body}\n(write-string \"{marker}\")\n(newline)\n(flush-output-port)\n"))
}

/// Runs `program` through the adapter; whether it printed the marker.
fn run_probe(
    adapter: &Adapter,
    places: &Places,
    program: &str,
    timeout_multiplier: f64,
) -> Result<(bool, Vec<String>, process::Finished), Error> {
    let timeout = PROBE_TIMEOUT.mul_f64(timeout_multiplier.max(0.01));
    let ran = adapter.run_program(places, "probe", program, timeout)?;
    let printed = !ran.compile_failed
        && ran
            .finished
            .stdout
            .text()
            .lines()
            .any(|l| crate::transcript::owned(l) == Some(crate::transcript::Owned::Probe));
    Ok((printed, ran.argv, ran.finished))
}

/// How long an adapter's setup step may take.
const SETUP_TIMEOUT: Duration = Duration::from_secs(300);

/// Runs the adapter's setup step, if it has one (a shim built for the
/// implementation at hand).
pub fn setup(adapter: &Adapter, places: &Places, timeout_multiplier: f64) -> Result<(), Error> {
    let Some(cmd) = &adapter.setup else { return Ok(()) };
    let argv = places.expand_all(cmd);
    let done = process::run(
        &argv,
        &std::env::temp_dir(),
        &adapter.env(places),
        SETUP_TIMEOUT.mul_f64(timeout_multiplier.max(0.01)),
        None,
    )?;
    if done.ending == process::Ending::Exited(0) {
        return Ok(());
    }
    Err(Error::Probe {
        command: process::show_command(&argv),
        message: format!("the {} adapter's setup step failed ({}), so no case was run", adapter.name, done.ending),
        output: format!("{}{}", done.stdout.text(), done.stderr.text()),
    })
}

/// Which `(srfi 106)` the implementation loads, as the adapter's library
/// command says (its first line of output), if it has one.
pub fn library(adapter: &Adapter, places: &Places) -> Option<String> {
    let argv = places.expand_all(adapter.library.as_ref()?);
    let done = process::run(&argv, &std::env::temp_dir(), &adapter.env(places), VERSION_TIMEOUT, None).ok()?;
    let text = done.stdout.text();
    text.lines().map(str::trim).find(|l| !l.is_empty()).map(str::to_string)
}

/// Runs a tiny program through the adapter: it must import `(scheme base)`
/// and `(srfi 106)` and print the probe marker. Returns the
/// implementation's version string.
pub fn probe(adapter: &Adapter, places: &Places, dialect: &Dialect, timeout_multiplier: f64) -> Result<String, Error> {
    let program = probe_program(adapter, dialect, "")?;
    let (ran, argv, done) = run_probe(adapter, places, &program, timeout_multiplier)?;
    if !ran {
        let what = format!(
            "the implementation did not run a program importing (scheme base) and (srfi 106) ({}); every case would \
             fail, so none was run",
            done.ending
        );
        return Err(Error::Probe {
            command: process::show_command(&argv),
            message: what,
            output: format!("{}{}", done.stdout.text(), done.stderr.text()),
        });
    }
    Ok(version(adapter, places, &adapter.env(places)))
}

/// The names of `names` the implementation lacks, each with the reason:
/// SRFI 106 names its `(srfi 106)` does not export (or whose form, for a
/// flag operator, does not run), and names of the dialect it does not have
/// (with the library, when the whole library cannot be imported).
///
/// One program uses every name; only if it fails are the libraries tried
/// one by one and the names bisected, the programs run `threads` at a
/// time: a handful of runs for an implementation that lacks a name or
/// two, one run for one that lacks none.
pub fn names(
    adapter: &Adapter,
    places: &Places,
    dialect: &Dialect,
    names: &BTreeSet<String>,
    timeout_multiplier: f64,
    threads: usize,
) -> Result<BTreeMap<String, String>, Error> {
    let names: Vec<String> = names.iter().filter(|n| uses_form(dialect, n).is_some()).cloned().collect();
    let works = |set: &[String]| -> Result<bool, Error> {
        let body: Vec<String> = set.iter().filter_map(|n| uses_form(dialect, n)).collect();
        let values: Vec<&str> =
            set.iter().filter(|n| dialect.get(n).is_some_and(|d| !d.syntax)).map(String::as_str).collect();
        let mut text =
            body.iter().enumerate().map(|(i, f)| format!("(define conform-probe-{i} {f})")).collect::<Vec<_>>();
        if !values.is_empty() {
            text.push(format!("(define conform-probe-values (list {}))", values.join(" ")));
        }
        let program = probe_program(adapter, dialect, &text.join("\n"))?;
        Ok(run_probe(adapter, places, &program, timeout_multiplier)?.0)
    };
    let mut lacks = BTreeMap::new();
    if works(&names)? {
        return Ok(lacks);
    }
    // Whole libraries first: a library that cannot be imported takes all
    // its names with it.
    let base = dialect.libraries(&BTreeSet::new());
    let libraries: BTreeSet<Library> =
        names.iter().filter_map(|n| dialect.get(n)).map(|n| n.library).filter(|l| !base.contains(l)).collect();
    // A library is tried with one of its names that needs nothing else.
    let missing_libraries = parallel_filter(libraries.into_iter().collect(), threads, |lib: &Library| {
        let Some(name) = names.iter().find(|n| dialect.get(n).is_some_and(|d| d.library == *lib && !d.syntax)) else {
            return Ok(false);
        };
        let program = probe_program(adapter, dialect, &format!("(define conform-probe-library {name})"))?;
        Ok(!run_probe(adapter, places, &program, timeout_multiplier)?.0)
    })?;
    let mut rest = Vec::new();
    for n in names {
        match dialect.get(&n).map(|d| d.library).filter(|l| missing_libraries.contains(l)) {
            Some(lib) => {
                lacks.insert(n, crate::message::lacks_library(lib.name()));
            }
            None => rest.push(n),
        }
    }
    for n in bisect(rest, threads, &works)? {
        let why = match dialect.get(&n) {
            Some(d) if d.library.is_srfi106() && d.syntax => {
                crate::message::lacks_flag_operator(&uses_form(dialect, &n).unwrap_or_default())
            }
            Some(d) if d.library.is_srfi106() => crate::message::lacks_export(),
            Some(d) => crate::message::lacks_name(d.library.name(), &n),
            None => "unknown".to_string(),
        };
        lacks.insert(n, why);
    }
    Ok(lacks)
}

/// How a probe program uses `name`: a form for syntax, the name itself for
/// a variable; `None` for syntax that appears only inside other forms.
fn uses_form(dialect: &Dialect, name: &str) -> Option<String> {
    let d = dialect.get(name)?;
    if d.syntax {
        crate::names::syntax_probe(name).map(str::to_string)
    } else {
        Some(name.to_string())
    }
}

/// The items for which `wanted` says yes, asked `threads` at a time.
fn parallel_filter<T: Send + Sync + Clone>(
    items: Vec<T>,
    threads: usize,
    wanted: impl Fn(&T) -> Result<bool, Error> + Sync,
) -> Result<Vec<T>, Error> {
    let queue = Mutex::new(items.into_iter().collect::<Vec<T>>());
    let found = Mutex::new(Vec::new());
    let failure = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let Some(item) = queue.lock().ok().and_then(|mut q| q.pop()) else { return };
                match wanted(&item) {
                    Ok(true) => found.lock().map(|mut f| f.push(item)).unwrap_or(()),
                    Ok(false) => {}
                    Err(e) => {
                        failure.lock().map(|mut f| *f = Some(e)).unwrap_or(());
                        queue.lock().map(|mut q| q.clear()).unwrap_or(());
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    Ok(found.into_inner().unwrap_or_default())
}

/// The names whose programs fail, found by halving the sets that fail, the
/// sets run `threads` at a time.
fn bisect(
    names: Vec<String>,
    threads: usize,
    works: &(dyn Fn(&[String]) -> Result<bool, Error> + Sync),
) -> Result<Vec<String>, Error> {
    struct Work {
        sets: Vec<Vec<String>>,
        running: usize,
        missing: Vec<String>,
        failure: Option<Error>,
    }
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let work = Mutex::new(Work { sets: vec![names], running: 0, missing: Vec::new(), failure: None });
    let changed = Condvar::new();
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| loop {
                let set = {
                    let Ok(mut w) = work.lock() else { return };
                    loop {
                        if let Some(set) = w.sets.pop() {
                            w.running += 1;
                            break set;
                        }
                        if w.running == 0 {
                            return;
                        }
                        w = match changed.wait(w) {
                            Ok(w) => w,
                            Err(_) => return,
                        };
                    }
                };
                let result = works(&set);
                let Ok(mut w) = work.lock() else { return };
                w.running -= 1;
                match result {
                    Ok(true) => {}
                    Ok(false) if set.len() == 1 => w.missing.extend(set),
                    Ok(false) => {
                        let (a, b) = set.split_at(set.len() / 2);
                        w.sets.push(a.to_vec());
                        w.sets.push(b.to_vec());
                    }
                    Err(e) => {
                        w.failure = Some(e);
                        w.sets.clear();
                    }
                }
                changed.notify_all();
            });
        }
    });
    let w = work.into_inner().map_err(|_| Error::Infrastructure { message: "the names probe panicked".into() })?;
    match w.failure {
        Some(e) => Err(e),
        None => {
            let mut missing = w.missing;
            missing.sort();
            Ok(missing)
        }
    }
}

/// The implementation's version: the first number in the line of the
/// version command's output that holds the adapter's `version_match` (or
/// in its first line), or that whole line if it holds no number.
fn version(adapter: &Adapter, places: &Places, env: &[(String, String)]) -> String {
    let Some(cmd) = &adapter.version else {
        return crate::message::no_version_option();
    };
    let argv = places.expand_all(cmd);
    let dir = std::env::temp_dir();
    match process::run(&argv, &dir, env, VERSION_TIMEOUT, None) {
        Ok(done) => {
            version_in(&format!("{}\n{}", done.stdout.text(), done.stderr.text()), adapter.version_match.as_deref())
                .unwrap_or_else(|| crate::message::no_version_printed(&process::show_command(&argv)))
        }
        Err(e) => format!("unknown ({e})"),
    }
}

/// The version in a version command's output (see [`version`]).
fn version_in(output: &str, wanted: Option<&str>) -> Option<String> {
    let line = output.lines().map(str::trim).find(|l| !l.is_empty() && wanted.is_none_or(|w| l.contains(w)))?;
    let after = wanted.and_then(|w| line.find(w).map(|at| &line[at + w.len()..])).unwrap_or(line);
    let number = after
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"' | ','))
        .find(|t| t.starts_with(|c: char| c.is_ascii_digit()));
    Some(number.unwrap_or(line).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bisection_finds_every_failing_name_and_only_those() {
        let all: Vec<String> = (0..40).map(|i| format!("n{i}")).collect();
        let bad = names(&["n17", "n3", "n39"]);
        let runs = std::sync::atomic::AtomicUsize::new(0);
        let works = |set: &[String]| -> Result<bool, Error> {
            runs.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(!set.iter().any(|n| bad.contains(n)))
        };
        assert_eq!(bisect(all, 2, &works).expect("bisects"), bad);
        // Each bad name costs at most two runs per halving of 40.
        assert!(runs.into_inner() <= 1 + 3 * 2 * 6);
    }

    #[test]
    fn bisection_stops_at_the_first_error() {
        let works = |_: &[String]| -> Result<bool, Error> { Err(Error::Infrastructure { message: "no".into() }) };
        assert!(bisect(names(&["a", "b"]), 2, &works).is_err());
    }

    #[rstest::rstest]
    #[case(
        "Gauche scheme shell, version 0.9.15-p2 [utf-8,pthreads,snapshot=20241205], x86_64-pc-linux-gnu",
        None,
        "0.9.15-p2"
    )]
    #[case("guile (GNU Guile) 3.0.8\nCopyright (C) 2022", None, "3.0.8")]
    #[case("0.37.0", None, "0.37.0")]
    #[case(
        "(scheme.features ...)\n(scheme.path ...)\nFoment Scheme 0.4\n(version \"0.4\")",
        Some("Foment Scheme"),
        "0.4"
    )]
    #[case("chibi-scheme 0.12.0 \"magnesium\" (chibi r7rs)", None, "0.12.0")]
    #[case("\n9.5.8", None, "9.5.8")]
    #[case("no number here", None, "no number here")]
    fn versions_read_like_versions(#[case] output: &str, #[case] wanted: Option<&str>, #[case] version: &str) {
        assert_eq!(version_in(output, wanted).as_deref(), Some(version));
    }

    #[test]
    fn parallel_filter_keeps_what_is_wanted() {
        let mut kept = parallel_filter((0..20).collect(), 3, |n: &i32| Ok(n % 5 == 0)).expect("filters");
        kept.sort();
        assert_eq!(kept, [0, 5, 10, 15]);
    }
}
