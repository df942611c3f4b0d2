//! The matrix's HTML page in a real browser: headless Chromium (Debian's
//! `chromium`) loads it, and it must show every system and every case and
//! be no wider than the window (its tables scroll in their own boxes).
//! The runs are the fixture corpus on the reference and on a fake that
//! gets one case wrong. Skipped where Chromium is not installed, unless
//! `SRFI106_REQUIRE_BROWSER=1` (CI) makes its absence a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{conform, fake, fixtures, text};

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"].iter().find_map(|name| {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
    })
}

fn results(dir: &Path, name: &str, run: &[&str]) -> PathBuf {
    let json = dir.join(format!("{name}.json"));
    let cases = fixtures();
    let mut args = run.to_vec();
    args.extend(["--cases", cases.to_str().expect("utf-8"), "--results-json", json.to_str().expect("utf-8")]);
    let out = conform(&args);
    assert!(json.is_file(), "no results: {}{}", text(&out.stdout), text(&out.stderr));
    json
}

#[test]
fn the_matrix_page_shows_every_system_and_case_and_does_not_overflow() {
    let Some(browser) = chromium() else {
        let required = std::env::var_os("SRFI106_REQUIRE_BROWSER").is_some_and(|v| v == "1");
        assert!(!required, "SRFI106_REQUIRE_BROWSER=1 but Chromium is not installed (apt-get install chromium)");
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let reference = results(dir.path(), "reference", &[]);
    let wrong = fake(dir.path(), "wrong.sh", "\"$REFERENCE\" __reference \"$1\" | sed 's/say hello/say goodbye/'");
    let run = format!("{} {{file}}", wrong.display());
    let fake_run = results(dir.path(), "fake", &["--run", &run]);
    let page = dir.path().join("matrix.html");
    let out = conform(&[
        "matrix",
        reference.to_str().expect("utf-8"),
        fake_run.to_str().expect("utf-8"),
        "--html",
        page.to_str().expect("utf-8"),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let profile = tempfile::tempdir().expect("profile dir");
    let dom = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,800",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .output()
        .expect("run chromium");
    let dom = text(&dom.stdout);
    assert!(dom.contains("data-overflow=\"none\""), "the page is wider than the window:\n{dom}");
    for system in ["reference 0.1.0", "generic (version unknown)"] {
        assert!(dom.contains(system), "{system} is missing:\n{dom}");
    }
    for case in ["basic/hello", "basic/peer"] {
        assert!(dom.contains(&format!("<th>{case}</th>")), "{case} is missing:\n{dom}");
    }
    assert!(dom.contains("class=\"fail\""), "the failing cell:\n{dom}");
    assert!(dom.contains("id=\"r1-basic-hello\""), "its report:\n{dom}");
}
