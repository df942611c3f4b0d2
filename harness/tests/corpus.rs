//! The corpus against the reference, through insta: every case must reach
//! its end on the reference, under both argument evaluation orders, and its
//! transcript must equal its snapshot in `cases/snapshots/`. Record new or
//! changed snapshots with `INSTA_UPDATE=always cargo test` or
//! `cargo insta review`.

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use srfi106_conformance::adapter::Adapter;
use srfi106_conformance::corpus::Corpus;
use srfi106_conformance::outcome::Status;
use srfi106_conformance::run::{run_case, Target};
use srfi106_conformance::{message, probe};

fn reference(order: &str) -> Target {
    let adapter = Adapter::command(
        "reference",
        &format!("the reference, {order}"),
        vec!["{impl}".into(), "__reference".into(), format!("--eval-order={order}"), "{file}".into()],
    );
    Target {
        adapter,
        implementation: env!("CARGO_BIN_EXE_srfi106-conform").into(),
        shims: None,
        timeout_multiplier: 1.0,
        missing: probe::environment(),
        lacks: Default::default(),
        version: "test".into(),
        library: None,
    }
}

fn main() {
    let args = Arguments::from_args();
    let cases_dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../cases");
    let cases_dir = cases_dir.canonicalize().unwrap_or(cases_dir);
    let corpus = std::sync::Arc::new(Corpus::from_dir(&cases_dir, None).unwrap_or_else(|e| panic!("{e}")));
    let snapshots = cases_dir.join("snapshots");
    let mut trials = Vec::new();
    for order in ["left-to-right", "right-to-left"] {
        let target = std::sync::Arc::new(reference(order));
        for (index, case) in corpus.cases.iter().enumerate() {
            let (corpus, target, snapshots) = (corpus.clone(), target.clone(), snapshots.clone());
            let name = format!("{order}::{}", case.name);
            let ignored = target.lacks_capability(case).is_some();
            let trial = Trial::test(name, move || {
                let case = &corpus.cases[index];
                let result = run_case(&target, &corpus, case);
                // A missing snapshot is insta's to record; anything else
                // that is not a finished run is a failure of the case.
                let recordable = result.status == Status::Error && result.expected.is_none() && result.ending.is_some();
                if matches!(result.status, Status::Crash | Status::Timeout | Status::Error) && !recordable {
                    return Err(Failed::from(message::report(&corpus, &result)));
                }
                let (dir, stem) = match case.name.rsplit_once('/') {
                    Some((group, stem)) => (snapshots.join(group), stem.to_string()),
                    None => (snapshots.clone(), case.name.clone()),
                };
                let mut settings = insta::Settings::clone_current();
                settings.set_snapshot_path(dir);
                settings.set_prepend_module_to_snapshot(false);
                settings.set_omit_expression(true);
                settings.set_description(case.description.clone());
                let actual = result.actual.clone();
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    settings.bind(|| insta::assert_snapshot!(stem, actual));
                }));
                outcome.map_err(|_| {
                    Failed::from(format!(
                        "the transcript differs from its snapshot\n{}",
                        message::report(&corpus, &result)
                    ))
                })
            });
            trials.push(trial.with_ignored_flag(ignored));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
