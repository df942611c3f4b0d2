//! Helpers shared by the command-line tests: the binary, the fixture
//! corpus, and fake implementations.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const CONFORM: &str = env!("CARGO_BIN_EXE_srfi106-conform");

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// A fake implementation: a shell script. Programs that are the harness's
/// probe run on the reference, so the fake passes the probe unless `body`
/// handles it; `$1` is the program.
pub fn fake(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    let script = format!(
        "#!/bin/sh\nREFERENCE='{CONFORM}'\nif grep -q '@conform probe' \"$1\"; then exec \"$REFERENCE\" __reference \"$1\"; fi\n{body}\n"
    );
    std::fs::write(&path, script).expect("write fake");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

pub fn conform(args: &[&str]) -> Output {
    Command::new(CONFORM).args(args).stdin(Stdio::null()).output().expect("run srfi106-conform")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs the fixture corpus on a fake whose script is `body`.
pub fn run_fake(dir: &Path, body: &str, extra: &[&str]) -> Output {
    let f = fake(dir, "fake.sh", body);
    let run = format!("{} {{file}}", f.display());
    let cases = fixtures();
    let mut args = vec!["--run", run.as_str(), "--cases", cases.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    conform(&args)
}
