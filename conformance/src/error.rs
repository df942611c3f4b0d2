//! The engine's one error type. Every variant says what was wrong and where
//! (a file and line, an option, a path); none of them is a case failing —
//! those are `Outcome`s.

use std::fmt;
use std::io;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// A case file (or another corpus file) is malformed at `line`.
    Case { file: String, line: usize, message: String },
    /// A corpus directory is missing something or holds no case.
    Corpus { path: PathBuf, message: String },
    /// An adapter file is malformed, or no adapter fits.
    Adapter { source: String, message: String },
    /// The expectations file is malformed.
    Expectations { path: PathBuf, message: String },
    /// The implementation does not start or does not import SRFI 106.
    Probe { command: String, message: String, output: String },
    /// The `--impl` path is missing or not executable.
    Implementation { path: PathBuf, message: String },
    /// Reading or writing a file failed.
    Io { path: PathBuf, doing: &'static str, error: io::Error },
    /// Running a process or setting up a peer failed (not the case's fault).
    Infrastructure { message: String },
    /// Several problems, each reported (a corpus with several mistakes).
    Many(Vec<Error>),
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, doing: &'static str, error: io::Error) -> Error {
        Error::Io { path: path.into(), doing, error }
    }

    pub fn case(file: impl Into<String>, line: usize, message: impl Into<String>) -> Error {
        Error::Case { file: file.into(), line, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Case { file, line, message } => write!(f, "{file}:{line}: {message}"),
            Error::Corpus { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Adapter { source, message } => write!(f, "adapter {source}: {message}"),
            Error::Expectations { path, message } => write!(f, "{}: {message}", path.display()),
            Error::Probe { command, message, output } => {
                write!(f, "{message}\n  command: {command}")?;
                if output.trim().is_empty() {
                    write!(f, "\n  (it printed nothing)")
                } else {
                    write!(f, "\n  output:\n")?;
                    for line in output.lines().take(20) {
                        writeln!(f, "    {line}")?;
                    }
                    Ok(())
                }
            }
            Error::Implementation { path, message } => write!(f, "--impl {}: {message}", path.display()),
            Error::Io { path, doing, error } => write!(f, "cannot {doing} {}: {error}", path.display()),
            Error::Infrastructure { message } => write!(f, "infrastructure: {message}"),
            Error::Many(errors) => {
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{e}")?;
                }
                if errors.len() > 1 {
                    write!(f, "\n({} problems)", errors.len())?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}
