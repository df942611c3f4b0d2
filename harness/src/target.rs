//! Choosing what the cases run on: the built-in reference, or `--impl`
//! with an adapter (by name, by file, by the binary's name, or `--run`),
//! and probing it before the run.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use srfi106_conformance::adapter::{Adapter, Places};
use srfi106_conformance::corpus::Corpus;
use srfi106_conformance::names::Dialect;
use srfi106_conformance::run::Target;
use srfi106_conformance::{message, probe, Error};
use srfi106_reference::{program, EvalOrder, Options, Session, STACK_SIZE};

use crate::cli::{ReferenceArgs, TargetOptions};
use crate::embedded;

pub struct Prepared {
    pub target: Target,
    /// How reports name the implementation.
    pub name: String,
    /// Keeps the unpacked shims alive for the run.
    pub _shims: Option<tempfile::TempDir>,
}

/// Finds `--impl`: a path (made absolute, since programs run in their own
/// directories), or a name looked up on PATH; it must be an executable file.
fn locate(implementation: &Path) -> Result<PathBuf, Error> {
    let bad = |message: &str| Error::Implementation { path: implementation.to_path_buf(), message: message.into() };
    let candidate = if implementation.components().count() == 1 && !implementation.exists() {
        let path = std::env::var_os("PATH").unwrap_or_default();
        std::env::split_paths(&path)
            .map(|dir| dir.join(implementation))
            .find(|p| p.is_file())
            .ok_or_else(|| bad("not found (neither a file nor a command on PATH)"))?
    } else {
        implementation.to_path_buf()
    };
    let meta = std::fs::metadata(&candidate).map_err(|_| bad("not found"))?;
    if !meta.is_file() {
        return Err(bad("not a file"));
    }
    if meta.permissions().mode() & 0o111 == 0 {
        return Err(bad("not executable"));
    }
    std::path::absolute(&candidate).map_err(|e| bad(&format!("cannot make the path absolute: {e}")))
}

pub fn builtin_reference(eval_order: Option<&str>) -> Adapter {
    let mut run = vec!["{impl}".to_string(), "__reference".to_string()];
    if let Some(order) = eval_order {
        run.push(format!("--eval-order={order}"));
    }
    run.push("{file}".into());
    Adapter::command("reference", "the built-in reference implementation", run)
}

/// The adapter the options ask for.
fn choose_adapter(options: &TargetOptions, implementation: Option<&Path>) -> Result<Adapter, Error> {
    if let Some(command) = &options.run {
        return Adapter::generic(command);
    }
    let adapters = embedded::adapters()?;
    let names = || adapters.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ");
    if let Some(wanted) = &options.adapter {
        if wanted.ends_with(".toml") || Path::new(wanted).is_file() {
            let text = std::fs::read_to_string(wanted).map_err(|e| Error::io(wanted, "read the adapter", e))?;
            return Adapter::parse(wanted, &text);
        }
        return adapters.iter().find(|a| &a.name == wanted).cloned().ok_or_else(|| Error::Adapter {
            source: wanted.clone(),
            message: format!("no built-in adapter has this name (built in: {})", names()),
        });
    }
    let Some(path) = implementation else { unreachable!("the built-in reference needs no adapter") };
    // By the name given, then by the name of the file a link points to
    // (/usr/bin/guile -> guile-3.0).
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let found = adapters.iter().find(|a| a.fits(path)).or_else(|| adapters.iter().find(|a| a.fits(&real)));
    found.cloned().ok_or_else(|| Error::Adapter {
        source: path.display().to_string(),
        message: format!(
            "no built-in adapter fits this binary's name: pass --adapter NAME (built in: {}), --adapter FILE, \
             or --run 'CMD ... {{file}}'",
            names()
        ),
    })
}

/// What to ask the implementation before the run.
pub enum Probe<'a> {
    /// Nothing: the cases are only listed.
    None,
    /// That it starts and imports `(srfi 106)`.
    Start,
    /// That, and which of the names `corpus` uses it lacks.
    Names(&'a Corpus),
}

/// Sets the target up and probes the implementation as `probe` asks.
pub fn prepare(options: &TargetOptions, probe: Probe) -> Result<Prepared, Error> {
    if options.list_adapters {
        for a in embedded::adapters()? {
            println!("{:<12} {} (binaries: {})", a.name, a.description, a.binaries.join(", "));
        }
        std::process::exit(0);
    }
    let (adapter, implementation, name) = match (&options.implementation, &options.run) {
        (None, None) => {
            let exe = std::env::current_exe()
                .map_err(|e| Error::Infrastructure { message: format!("cannot find this executable: {e}") })?;
            let adapter = builtin_reference(options.eval_order.as_deref());
            (adapter, exe, format!("srfi106-scheme {} (reference)", env!("CARGO_PKG_VERSION")))
        }
        (Some(imp), _) => {
            let path = locate(imp)?;
            let adapter = choose_adapter(options, Some(&path))?;
            let name = format!("{} ({})", path.display(), adapter.name);
            (adapter, path, name)
        }
        (None, Some(_)) => {
            let adapter = choose_adapter(options, None)?;
            let name = adapter.description.clone();
            (adapter, PathBuf::new(), name)
        }
    };
    let shims = if adapter.uses_shims() {
        let dir = tempfile::Builder::new()
            .prefix("srfi106-shims-")
            .tempdir()
            .map_err(|e| Error::Infrastructure { message: format!("temporary directory: {e}") })?;
        embedded::unpack_shims(dir.path())?;
        Some(dir)
    } else {
        None
    };
    let mut missing = probe::environment();
    for (c, why) in &adapter.unsupported {
        missing.entry(*c).or_insert_with(|| format!("{} cannot: {why}", adapter.name));
    }
    let places = Places {
        implementation: implementation.display().to_string(),
        shims: shims.as_ref().map(|d| d.path().display().to_string()).unwrap_or_default(),
        ..Places::default()
    };
    // The command line's scale, and the adapter's for a slow system.
    let multiplier = options.timeout_multiplier * adapter.timeout_multiplier;
    if !matches!(probe, Probe::None) {
        probe::setup(&adapter, &places, multiplier)?;
    }
    let library = match probe {
        Probe::None => None,
        _ => probe::library(&adapter, &places).map(|file| match &shims {
            Some(dir) if file.starts_with(&dir.path().display().to_string()) => message::suites_library(&adapter.name),
            _ => message::implementations_library(&file),
        }),
    };
    let dialect = Dialect::new();
    let builtin = adapter.name == "reference" && options.implementation.is_none();
    let version = match probe {
        Probe::None => String::new(),
        Probe::Start | Probe::Names(_) => {
            let version = probe::probe(&adapter, &places, &dialect, multiplier)?;
            if builtin {
                format!("{} (built in)", env!("CARGO_PKG_VERSION"))
            } else {
                version
            }
        }
    };
    let lacks = match probe {
        Probe::Names(corpus) => {
            let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
            probe::names(&adapter, &places, &dialect, &corpus.names(), multiplier, threads)?
        }
        Probe::None | Probe::Start => Default::default(),
    };
    let target = Target {
        adapter,
        implementation: implementation.display().to_string(),
        shims: shims.as_ref().map(|d| d.path().to_path_buf()),
        timeout_multiplier: multiplier,
        missing,
        lacks,
        version,
        library,
    };
    Ok(Prepared { target, name, _shims: shims })
}

/// `srfi106-conform __reference FILE`: runs a program with the built-in
/// reference, exactly as `srfi106-scheme FILE` would.
pub fn run_reference(args: &ReferenceArgs) -> ExitCode {
    let eval_order = match args.eval_order.as_str() {
        "left-to-right" => EvalOrder::LeftToRight,
        "right-to-left" => EvalOrder::RightToLeft,
        other => {
            eprintln!("srfi106-conform: --eval-order must be left-to-right or right-to-left, not `{other}`");
            return ExitCode::from(64);
        }
    };
    let file = args.file.clone();
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("srfi106-conform: cannot read {}: {e}", file.display());
            return ExitCode::from(66);
        }
    };
    let status = program::with_stack(STACK_SIZE, move || {
        let mut session = Session::new(Options { eval_order, stack_size: STACK_SIZE, ..Options::default() }, false);
        session.interp.command_line = vec![file.display().to_string()];
        session.run_program(&text, &file.display().to_string())
    });
    ExitCode::from(status.clamp(0, 255) as u8)
}
