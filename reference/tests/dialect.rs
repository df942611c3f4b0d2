//! The dialect corpus: every `tests/dialect/NAME.scm` must print exactly
//! `NAME.out` and exit 0 on the reference under both argument evaluation
//! orders. (The real implementations run it through their adapters in
//! `harness/tests/systems.rs`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use libtest_mimic::{Arguments, Failed, Trial};

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dialect");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "scm"))
        .collect();
    files.sort();
    files
}

fn expected(program: &Path) -> Result<String, Failed> {
    let out = program.with_extension("out");
    std::fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()).into())
}

/// Runs `cmd` and checks status 0 and the expected output; on failure the
/// message shows the command, status, both outputs and the first
/// differing line.
fn check(mut cmd: Command, program: &Path) -> Result<(), Failed> {
    let want = expected(program)?;
    let shown = format!("{cmd:?}");
    let output = cmd.stdin(Stdio::null()).output().map_err(|e| format!("cannot run {shown}: {e}"))?;
    let got = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.success() && got == want {
        return Ok(());
    }
    let first_diff = got
        .lines()
        .zip(want.lines())
        .enumerate()
        .find(|(_, (g, w))| g != w)
        .map(|(i, (g, w))| format!("first difference at line {}:\n  expected: {w}\n  actual:   {g}", i + 1))
        .unwrap_or_else(|| format!("output has {} lines, expected {}", got.lines().count(), want.lines().count()));
    Err(format!("command: {shown}\nstatus: {}\n{first_diff}\nstderr:\n{stderr}", output.status).into())
}

fn main() {
    let args = Arguments::from_args();
    let reference = env!("CARGO_BIN_EXE_srfi106-scheme");
    let mut trials = Vec::new();
    let files = corpus();
    assert!(!files.is_empty(), "the dialect corpus is empty");
    for file in files {
        let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        for order in ["left-to-right", "right-to-left"] {
            let file = file.clone();
            trials.push(Trial::test(format!("reference::{order}::{name}"), move || {
                let mut cmd = Command::new(reference);
                cmd.arg(format!("--eval-order={order}")).arg(&file);
                check(cmd, &file)
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
