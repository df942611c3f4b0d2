//! Adapters: how to run a program on one implementation, as data.
//!
//! An adapter is a TOML file:
//!
//! ```toml
//! name = "gauche"
//! description = "Gauche, R7RS mode"
//! binaries = ["gosh"]                  # --impl names this adapter fits
//! extension = "scm"                    # of the program file
//! imports = "(import (scheme base) ... (srfi 106))"
//! prelude = ""                         # optional: definitions after the imports
//! run = ["{impl}", "-r7", "{file}"]
//! compile = ["{impl}", "{file}"]       # optional: a step before run
//! compile_timeout = 120                # seconds, default 120
//! version = ["{impl}", "-V"]           # prints the version string
//! env = { GAUCHE_KEYWORD_IS_SYMBOL = "1" }
//!
//! [unsupported]                         # capabilities it cannot provide
//! oob = "why"
//! ```
//!
//! Placeholders in `run`, `compile`, `version` and `env` values: `{impl}`
//! (the `--impl` path), `{impl_dir}`, `{file}` (the program), `{dir}` (the
//! case's directory), `{stem}` (the program's path without extension),
//! `{shims}` (where the suite's shim libraries are unpacked). An unknown
//! placeholder is an error when the adapter is loaded.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::case::Capability;
use crate::error::Error;

/// The standard import line: every library of the case dialect.
pub const R7RS_IMPORTS: &str = "(import (scheme base) (scheme char) (scheme cxr) (scheme case-lambda) (scheme lazy) \
                                (scheme process-context) (scheme write) (srfi 106))";

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
    version: Option<Vec<String>>,
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
    pub imports: String,
    pub prelude: String,
    pub run: Vec<String>,
    pub compile: Option<Vec<String>>,
    pub compile_timeout: Duration,
    pub version: Option<Vec<String>>,
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
        for (field, list) in [("run", Some(&f.run)), ("compile", f.compile.as_ref()), ("version", f.version.as_ref())] {
            for arg in list.into_iter().flatten() {
                check_placeholders(source, field, arg)?;
            }
        }
        for v in f.env.values() {
            check_placeholders(source, "env", v)?;
        }
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
            imports: f.imports.unwrap_or_else(|| R7RS_IMPORTS.into()),
            prelude: f.prelude.unwrap_or_default(),
            run: f.run,
            compile: f.compile,
            compile_timeout: Duration::from_secs(f.compile_timeout.unwrap_or(120)),
            version: f.version,
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
        Ok(Adapter {
            name: "generic".into(),
            description: format!("generic: {command}"),
            binaries: Vec::new(),
            extension: "scm".into(),
            imports: R7RS_IMPORTS.into(),
            prelude: String::new(),
            run,
            compile: None,
            compile_timeout: Duration::from_secs(120),
            version: None,
            env: Vec::new(),
            unsupported: BTreeMap::new(),
        })
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
        let mut all = self.run.iter().chain(self.compile.iter().flatten()).chain(self.version.iter().flatten());
        all.any(|a| a.contains("{shims}")) || self.env.iter().any(|(_, v)| v.contains("{shims}"))
    }
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
        assert_eq!(a.imports, R7RS_IMPORTS);
        assert!(a.uses_shims());
        assert_eq!(a.unsupported.get(&Capability::Oob).map(String::as_str), Some("no urgent data"));
    }

    #[rstest]
    #[case("name = \"x\"\nrun = []", "run: the command is empty")]
    #[case("name = \"x\"\nrun = [\"{interpreter}\"]", "unknown placeholder `{interpreter}`")]
    #[case("name = \"x\"\nrun = [\"a\"]\ncolour = 1", "unknown field `colour`")]
    #[case("run = [\"a\"]", "missing field `name`")]
    #[case("name = \"x\"\nrun = [\"a\"]\n[unsupported]\nteleport = \"no\"", "unknown capability `teleport`")]
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
