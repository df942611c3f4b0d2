//! Before a run: does the implementation start and import `(srfi 106)`,
//! what version is it, and which capabilities does this machine lack?

use std::collections::BTreeMap;
use std::net::UdpSocket;
use std::time::Duration;

use crate::adapter::{Adapter, Places};
use crate::case::Capability;
use crate::error::Error;
use crate::process::{self, Ending};

const PROBE_TIMEOUT: Duration = Duration::from_secs(60);
const VERSION_TIMEOUT: Duration = Duration::from_secs(10);

/// The capabilities this machine lacks, with the reason.
pub fn environment() -> BTreeMap<Capability, String> {
    let mut missing = BTreeMap::new();
    if UdpSocket::bind("[::1]:0").is_err() {
        missing.insert(Capability::Ipv6, "this machine has no IPv6 loopback".to_string());
    }
    if UdpSocket::bind("127.0.0.2:0").is_err() {
        missing.insert(Capability::LoopbackAlias, "127.0.0.2 is not a local address here".to_string());
    }
    let hints = dns_lookup::AddrInfoHints { socktype: libc_sock_stream(), ..Default::default() };
    if dns_lookup::getaddrinfo(Some("127.0.0.1"), Some("http"), Some(hints)).is_err() {
        missing.insert(Capability::ServiceNames, "service names do not resolve (no services database)".to_string());
    }
    missing
}

/// SOCK_STREAM, so the services lookup asks for TCP.
fn libc_sock_stream() -> i32 {
    socket2::Type::STREAM.into()
}

/// Runs a tiny program through the adapter: it must print the probe
/// marker. Returns the implementation's version string.
pub fn probe(adapter: &Adapter, places: &Places, timeout_multiplier: f64) -> Result<String, Error> {
    let dir = crate::scratch::Scratch::new("srfi106-probe-")?;
    let file = dir.path().join(format!("probe.{}", adapter.extension));
    let program = format!(
        "{}\n{}\n(display \"@conform probe\")\n(newline)\n(flush-output-port)\n",
        adapter.imports, adapter.prelude
    );
    std::fs::write(&file, program).map_err(|e| Error::io(&file, "write", e))?;
    let places = places.of_program(dir.path(), &file);
    let env = adapter.env(&places);
    let timeout = PROBE_TIMEOUT.mul_f64(timeout_multiplier.max(0.01));
    let fail = |argv: &[String], message: &str, out: &process::Finished| Error::Probe {
        command: process::show_command(argv),
        message: message.to_string(),
        output: format!("{}{}", out.stdout.text(), out.stderr.text()),
    };
    if let Some(compile) = &adapter.compile {
        let argv = places.expand_all(compile);
        let done = process::run(&argv, dir.path(), &env, timeout, None)?;
        if done.ending != Ending::Exited(0) {
            return Err(fail(
                &argv,
                &format!("the compile step of a program importing (srfi 106) failed ({})", done.ending),
                &done,
            ));
        }
    }
    let argv = places.expand_all(&adapter.run);
    let done = process::run(&argv, dir.path(), &env, timeout, None)?;
    if !done.stdout.text().lines().any(|l| l.contains("@conform probe")) {
        let what = format!(
            "the implementation did not run a program importing (srfi 106) ({}); every case would fail, so none was run",
            done.ending
        );
        return Err(fail(&argv, &what, &done));
    }
    Ok(version(adapter, &places, &env))
}

/// The first line the adapter's version command prints, or "unknown".
fn version(adapter: &Adapter, places: &Places, env: &[(String, String)]) -> String {
    let Some(cmd) = &adapter.version else { return "unknown".into() };
    let argv = places.expand_all(cmd);
    let dir = std::env::temp_dir();
    match process::run(&argv, &dir, env, VERSION_TIMEOUT, None) {
        Ok(done) => {
            let text = format!("{}\n{}", done.stdout.text(), done.stderr.text());
            text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("unknown").to_string()
        }
        Err(_) => "unknown".into(),
    }
}
