//! Adapters: how to run a program on one implementation, as data.
//!
//! An adapter is a TOML file:
//!
//! ```toml
//! name = "gauche"
//! description = "Gauche, R7RS mode"
//! binaries = ["gosh"]                  # --impl names this adapter fits
//! extension = "scm"                    # of the program file
//! imports = "(import (chezscheme) (srfi :106))"  # optional, see below
//! prelude = ""                         # optional: definitions after the imports
//! run = ["{impl}", "-r7", "{file}"]
//! compile = ["{impl}", "{file}"]       # optional: a step before run
//! compile_timeout = 120                # seconds, default 120
//! timeout_multiplier = 2.0             # optional: this system's deadlines, scaled
//! version = ["{impl}", "-V"]           # prints the version
//! version_match = "Gauche"             # optional: the line that holds it
//! setup = ["sh", "{shims}/x/build.sh", "{impl}"]  # optional: once per run
//! library = ["{impl}", "-e", "..."]    # optional: prints where (srfi 106) is
//! env = { GAUCHE_KEYWORD_IS_SYMBOL = "1" }
//!
//! [unsupported]                         # capabilities it cannot provide
//! oob = "why"
//! ```
//!
//! A program imports `(scheme base)`, `(srfi 106)` and the libraries of the
//! other names it uses, and no others (an implementation without `(scheme
//! char)` still runs every case that does not need it). An adapter for a
//! system without R7RS libraries gives its own `imports` instead, where
//! `{uses}` stands for the dialect's names the program and the prelude use,
//! SRFI 106's and the prelude's own definitions left out (so the program
//! imports exactly those, and may define any other name); its `prelude`
//! defines what the dialect has and the system lacks or has otherwise.
//!
//! Placeholders in `run`, `compile`, `version` and `env` values: `{impl}`
//! (the `--impl` path), `{impl_dir}`, `{file}` (the program), `{dir}` (the
//! case's directory), `{stem}` (the program's path without extension),
//! `{shims}` (where the suite's shim libraries are unpacked). An unknown
//! placeholder is an error when the adapter is loaded.
//!
//! `timeout_multiplier` scales every deadline of a run on the system (its
//! cases', the probes' and the setup's), on top of `--timeout-multiplier`:
//! for a system that is slow for a reason of its own, not a bug the suite
//! tests (say why in a comment). A run's header shows the scale it used.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::case::Capability;
use crate::error::Error;
use crate::names::Dialect;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdapterFile {
    name: String,
    description: Option<String>,
    #[serde(default)]
    binaries: Vec<String>,
    extension: Option<String>,
    imports: Option<String>,
    prelude: Option<String>,
    run: Vec<String>,
    compile: Option<Vec<String>>,
    compile_timeout: Option<u64>,
    timeout_multiplier: Option<f64>,
    version: Option<Vec<String>>,
    version_match: Option<String>,
    setup: Option<Vec<String>>,
    library: Option<Vec<String>>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    unsupported: BTreeMap<String, String>,
}

#[derive(Clone, Debug)]
pub struct Adapter {
    pub name: String,
    pub description: String,
    pub binaries: Vec<String>,
    pub extension: String,
    /// The import declaration, for systems without R7RS libraries (with
    /// `{uses}`); `None`: each program imports the libraries it uses.
    pub imports: Option<String>,
    pub prelude: String,
    /// The names the prelude defines.
    pub prelude_defines: BTreeSet<String>,
    /// The symbols the prelude mentions.
    pub prelude_mentions: BTreeSet<String>,
    pub run: Vec<String>,
    pub compile: Option<Vec<String>>,
    pub compile_timeout: Duration,
    /// Scales every deadline of a run on this system (1 unless it says).
    pub timeout_multiplier: f64,
    pub version: Option<Vec<String>>,
    /// Text on the line of the version command's output that holds the
    /// version (the first line if absent).
    pub version_match: Option<String>,
    /// A command run once before the run (after the shims are unpacked),
    /// for a shim that must be built for the implementation at hand.
    pub setup: Option<Vec<String>>,
    /// A command whose first line of output says which `(srfi 106)` the
    /// implementation loads (a file), for the run's header.
    pub library: Option<Vec<String>>,
    pub env: Vec<(String, String)>,
    pub unsupported: BTreeMap<Capability, String>,
}

const PLACEHOLDERS: [&str; 6] = ["impl", "impl_dir", "file", "dir", "stem", "shims"];

/// Checks that every `{...}` in `s` is a known placeholder.
fn check_placeholders(source: &str, field: &str, s: &str) -> Result<(), Error> {
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err(Error::Adapter { source: source.into(), message: format!("{field}: unclosed `{{` in `{s}`") });
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(Error::Adapter {
                source: source.into(),
                message: format!("{field}: unknown placeholder `{{{name}}}` (known: {})", PLACEHOLDERS.join(", ")),
            });
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

impl Adapter {
    /// The whole program for `body`: its import declaration (the libraries,
    /// or the names, that `body` and the prelude use), the prelude, `body`.
    pub fn program(&self, dialect: &Dialect, body: &str) -> Result<String, Error> {
        let mut uses: BTreeSet<String> =
            crate::names::mentions("the program", body)?.into_iter().filter(|n| dialect.get(n).is_some()).collect();
        uses.extend(self.prelude_mentions.iter().filter(|n| dialect.get(n).is_some()).cloned());
        let imports = match &self.imports {
            None => crate::names::import_line(&dialect.libraries(&uses)),
            Some(template) => {
                let own: Vec<&str> = uses
                    .iter()
                    .filter(|n| !dialect.is_srfi106(n) && !self.prelude_defines.contains(*n))
                    .map(String::as_str)
                    .collect();
                template.replace("{uses}", &own.join(" "))
            }
        };
        Ok(if self.prelude.trim().is_empty() {
            format!("{imports}\n{body}")
        } else {
            format!("{imports}\n{}\n{body}", self.prelude.trim_end())
        })
    }

    /// Writes `program` as `NAME.EXT` in a directory of its own and runs it
    /// there: the compile step, if the adapter has one (with its own
    /// timeout), then the program, with `timeout`.
    pub fn run_program(&self, places: &Places, name: &str, program: &str, timeout: Duration) -> Result<Ran, Error> {
        let dir = crate::scratch::Scratch::new("srfi106-program-")?;
        let file = dir.path().join(format!("{name}.{}", self.extension));
        std::fs::write(&file, program).map_err(|e| Error::io(&file, "write", e))?;
        let places = places.of_program(dir.path(), &file);
        let env = self.env(&places);
        if let Some(compile) = &self.compile {
            let argv = places.expand_all(compile);
            let finished = crate::process::run(&argv, dir.path(), &env, self.compile_timeout.max(timeout), None)?;
            if finished.ending != crate::process::Ending::Exited(0) {
                return Ok(Ran { argv, finished, compile_failed: true });
            }
        }
        let argv = places.expand_all(&self.run);
        let finished = crate::process::run(&argv, dir.path(), &env, timeout, None)?;
        Ok(Ran { argv, finished, compile_failed: false })
    }

    /// The adapter's environment variables, expanded for `places`.
    pub fn env(&self, places: &Places) -> Vec<(String, String)> {
        self.env.iter().map(|(k, v)| (k.clone(), places.expand(v))).collect()
    }

    /// Parses an adapter from TOML text; `source` names it in messages.
    pub fn parse(source: &str, text: &str) -> Result<Adapter, Error> {
        let f: AdapterFile = toml::from_str(text).map_err(|e| Error::Adapter {
            source: source.into(),
            message: e.to_string().trim_end().replace('\n', " "),
        })?;
        let bad = |message: String| Error::Adapter { source: source.into(), message };
        if f.run.is_empty() {
            return Err(bad("run: the command is empty".into()));
        }
        let commands = [
            ("run", Some(&f.run)),
            ("compile", f.compile.as_ref()),
            ("version", f.version.as_ref()),
            ("setup", f.setup.as_ref()),
            ("library", f.library.as_ref()),
        ];
        for (field, list) in commands {
            for arg in list.into_iter().flatten() {
                check_placeholders(source, field, arg)?;
            }
        }
        for v in f.env.values() {
            check_placeholders(source, "env", v)?;
        }
        if let Some(imports) = &f.imports {
            let without = imports.replace("{uses}", "");
            if without.contains('{') {
                return Err(bad(format!("imports: the only placeholder here is {{uses}}, in `{imports}`")));
            }
        }
        let timeout_multiplier = match f.timeout_multiplier {
            None => 1.0,
            Some(m) if m.is_finite() && (1.0..=10.0).contains(&m) => m,
            Some(m) => return Err(bad(format!("timeout_multiplier: expected a number from 1 to 10, not {m}"))),
        };
        let prelude = f.prelude.clone().unwrap_or_default();
        let mut unsupported = BTreeMap::new();
        for (cap, reason) in f.unsupported {
            let c = Capability::parse(&cap).ok_or_else(|| bad(format!("unsupported: unknown capability `{cap}`")))?;
            unsupported.insert(c, reason);
        }
        Ok(Adapter {
            description: f.description.unwrap_or_else(|| f.name.clone()),
            name: f.name,
            binaries: f.binaries,
            extension: f.extension.unwrap_or_else(|| "scm".into()),
            prelude_defines: crate::names::definitions(&format!("{source} (prelude)"), &prelude)?,
            prelude_mentions: crate::names::mentions(&format!("{source} (prelude)"), &prelude)?,
            imports: f.imports,
            prelude,
            run: f.run,
            compile: f.compile,
            compile_timeout: Duration::from_secs(f.compile_timeout.unwrap_or(120)),
            timeout_multiplier,
            version: f.version,
            version_match: f.version_match,
            setup: f.setup,
            library: f.library,
            env: f.env.into_iter().collect(),
            unsupported,
        })
    }

    /// The generic adapter for `--run 'CMD ... {file}'`.
    pub fn generic(command: &str) -> Result<Adapter, Error> {
        let run = split_words(command).map_err(|m| Error::Adapter { source: "--run".into(), message: m })?;
        if run.is_empty() {
            return Err(Error::Adapter { source: "--run".into(), message: "the command is empty".into() });
        }
        if !run.iter().any(|w| w.contains("{file}")) {
            return Err(Error::Adapter {
                source: "--run".into(),
                message: "the command must contain {file}, where the program's path goes".into(),
            });
        }
        for arg in &run {
            check_placeholders("--run", "run", arg)?;
        }
        Ok(Adapter::command("generic", &format!("generic: {command}"), run))
    }

    /// An adapter that runs an R7RS program with `run` and nothing else.
    pub fn command(name: &str, description: &str, run: Vec<String>) -> Adapter {
        Adapter {
            name: name.into(),
            description: description.into(),
            binaries: Vec::new(),
            extension: "scm".into(),
            imports: None,
            prelude: String::new(),
            prelude_defines: BTreeSet::new(),
            prelude_mentions: BTreeSet::new(),
            run,
            compile: None,
            compile_timeout: Duration::from_secs(120),
            timeout_multiplier: 1.0,
            version: None,
            version_match: None,
            setup: None,
            library: None,
            env: Vec::new(),
            unsupported: BTreeMap::new(),
        }
    }

    /// Whether this adapter is for the binary at `path`: its file name is
    /// one of `binaries`, possibly followed by a version (`guile-3.0`,
    /// `gosh3`, `scheme.exe`).
    pub fn fits(&self, path: &Path) -> bool {
        let Some(file) = path.file_name().and_then(|f| f.to_str()) else { return false };
        self.binaries.iter().any(|b| {
            file == b
                || file.strip_prefix(b.as_str()).is_some_and(|rest| {
                    rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '_')) || rest == ".exe"
                })
        })
    }

    /// Whether any command of the adapter uses `{shims}`.
    pub fn uses_shims(&self) -> bool {
        let mut all = self
            .run
            .iter()
            .chain(self.compile.iter().flatten())
            .chain(self.version.iter().flatten())
            .chain(self.setup.iter().flatten())
            .chain(self.library.iter().flatten());
        all.any(|a| a.contains("{shims}")) || self.env.iter().any(|(_, v)| v.contains("{shims}"))
    }
}

/// A program run through an adapter.
pub struct Ran {
    /// The command of the step that ended the run: the program's, or the
    /// compile step's if that failed.
    pub argv: Vec<String>,
    pub finished: crate::process::Finished,
    pub compile_failed: bool,
}

/// Values for the placeholders.
#[derive(Clone, Debug, Default)]
pub struct Places {
    pub implementation: String,
    pub file: String,
    pub dir: String,
    pub stem: String,
    pub shims: String,
}

impl Places {
    /// These places, for a program written as `file` in `dir`.
    pub fn of_program(&self, dir: &Path, file: &Path) -> Places {
        Places {
            file: file.display().to_string(),
            dir: dir.display().to_string(),
            stem: file.with_extension("").display().to_string(),
            ..self.clone()
        }
    }

    pub fn expand(&self, s: &str) -> String {
        let impl_dir = Path::new(&self.implementation).parent().map(|p| p.display().to_string()).unwrap_or_default();
        s.replace("{impl_dir}", &impl_dir)
            .replace("{impl}", &self.implementation)
            .replace("{file}", &self.file)
            .replace("{dir}", &self.dir)
            .replace("{stem}", &self.stem)
            .replace("{shims}", &self.shims)
    }

    pub fn expand_all(&self, args: &[String]) -> Vec<String> {
        args.iter().map(|a| self.expand(a)).collect()
    }
}

/// Splits a command line into words: whitespace separates, single and
/// double quotes group, backslash escapes the next character.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') | (None, '\\') => {
                current.push(chars.next().ok_or("a trailing backslash")?);
                in_word = true;
            }
            (Some(_), c) => current.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            (None, c) => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if quote.is_some() {
        return Err("an unclosed quote".into());
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const GOOD: &str = r#"
name = "example"
binaries = ["gosh"]
run = ["{impl}", "-r7", "{file}"]
version = ["{impl}", "-V"]
env = { LIB = "{shims}/x" }
[unsupported]
oob = "no urgent data"
"#;

    #[test]
    fn parses_an_adapter() {
        let a = Adapter::parse("example.toml", GOOD).expect("parses");
        assert_eq!(a.extension, "scm");
        assert_eq!(a.imports, None);
        assert!(a.uses_shims());
        assert_eq!(a.unsupported.get(&Capability::Oob).map(String::as_str), Some("no urgent data"));
        assert_eq!(a.timeout_multiplier, 1.0);
        let slow = Adapter::parse("slow.toml", "name = \"x\"\nrun = [\"a\"]\ntimeout_multiplier = 3").expect("parses");
        assert_eq!(slow.timeout_multiplier, 3.0);
    }

    #[rstest]
    #[case("name = \"x\"\nrun = []", "run: the command is empty")]
    #[case("name = \"x\"\nrun = [\"{interpreter}\"]", "unknown placeholder `{interpreter}`")]
    #[case("name = \"x\"\nrun = [\"a\"]\ncolour = 1", "unknown field `colour`")]
    #[case("run = [\"a\"]", "missing field `name`")]
    #[case("name = \"x\"\nrun = [\"a\"]\n[unsupported]\nteleport = \"no\"", "unknown capability `teleport`")]
    #[case(
        "name = \"x\"\nrun = [\"a\"]\ntimeout_multiplier = 0.5",
        "timeout_multiplier: expected a number from 1 to 10, not 0.5"
    )]
    #[case("name = \"x\"\nrun = [\"a\"]\ntimeout_multiplier = \"2\"", "timeout_multiplier")]
    fn bad_adapters(#[case] text: &str, #[case] message: &str) {
        let e = Adapter::parse("bad.toml", text).expect_err("rejected").to_string();
        assert!(e.starts_with("adapter bad.toml: "), "{e}");
        assert!(e.contains(message), "{e}");
    }

    #[rstest]
    #[case("/usr/bin/gosh", true)]
    #[case("/opt/gauche/bin/gosh-0.9.15", true)]
    #[case("gosh3", true)]
    #[case("/usr/bin/goshawk", false)]
    #[case("/usr/bin/guile", false)]
    fn fits_by_binary_name(#[case] path: &str, #[case] fits: bool) {
        let a = Adapter::parse("example.toml", GOOD).expect("parses");
        assert_eq!(a.fits(Path::new(path)), fits);
    }

    #[test]
    fn generic_adapters_need_the_file_placeholder() {
        assert_eq!(
            Adapter::generic("chibi-scheme -m srfi.106 {file}").expect("ok").run,
            ["chibi-scheme", "-m", "srfi.106", "{file}"]
        );
        assert!(Adapter::generic("chibi-scheme").is_err());
        assert!(Adapter::generic("x 'unclosed {file}").is_err());
    }

    #[test]
    fn splits_words_like_a_shell() {
        assert_eq!(split_words(r#"a "b c" 'd e' f\ g"#).expect("split"), ["a", "b c", "d e", "f g"]);
    }

    #[test]
    fn expands_placeholders() {
        let p = Places { implementation: "/usr/bin/gosh".into(), file: "/t/case.scm".into(), ..Places::default() };
        assert_eq!(
            p.expand_all(&["{impl}".into(), "-I{impl_dir}".into(), "{file}".into()]),
            ["/usr/bin/gosh", "-I/usr/bin", "/t/case.scm"]
        );
    }
}
