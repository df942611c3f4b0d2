//! The read-eval-print loop, and `-e EXPR`.
//!
//! Both import every dialect library and allow redefinitions. The REPL
//! reads until a datum is complete, so expressions can span lines, and
//! recovers from errors: it prints the error and reads on.

use std::io::{BufRead, IsTerminal, Write};

use crate::error::{describe_uncaught, Error, Unwind, Unwinding};
use crate::printer::write_string;
use crate::program::{Session, EXIT_UNCAUGHT};
use crate::reader::read_all;
use crate::value::Value;

/// Prints the values of a top-level form, one per line; nothing for an
/// unspecified value.
fn print_values(session: &mut Session, v: Value) -> Result<(), Unwind> {
    let mut text = String::new();
    for v in v.into_values() {
        if !matches!(v, Value::Unspecified) {
            text.push_str(&write_string(&v));
            text.push('\n');
        }
    }
    if let Value::Port(p) = &session.interp.io.stdout {
        p.write_str("repl", &text)?;
    }
    session.interp.io.flush_stdout()?;
    Ok(())
}

/// What an error line says for an unwind that reached the top level.
fn report(u: &Unwind) -> Option<String> {
    match u.kind() {
        Unwinding::Uncaught(v) => Some(describe_uncaught(v)),
        Unwinding::Error(e) => Some(format!("error: {e}")),
        Unwinding::Exit(_) => None,
        _ => Some(format!("error: control left the expression through a stale {u:?}")),
    }
}

/// Evaluates every form of `text` and prints each value. Returns the exit
/// status: 0, 70 after an error, or the argument of `exit`.
pub fn eval_string(session: &mut Session, text: &str) -> i32 {
    let forms = match read_all(text, "<-e>") {
        Ok((forms, map)) => {
            session.interp.expander.source = map;
            forms
        }
        Err(e) => {
            eprintln!("{}", e.message());
            return crate::program::EXIT_READ_ERROR;
        }
    };
    for form in &forms {
        let outcome = session.eval_toplevel(form).and_then(|v| print_values(session, v));
        if let Err(u) = outcome {
            return session.finish(Err(u));
        }
    }
    session.finish(Ok(()))
}

/// Runs the REPL on standard input until end of input or `exit`.
pub fn run(session: &mut Session) -> i32 {
    let interactive = std::io::stdin().is_terminal();
    let mut pending = String::new();
    let stdin = std::io::stdin();
    loop {
        if interactive {
            let prompt = if pending.is_empty() { "> " } else { "... " };
            let mut err = std::io::stderr();
            let _ = write!(err, "{prompt}").and_then(|_| err.flush());
        }
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) => {
                if !pending.trim().is_empty() {
                    eprintln!("error: end of input inside an unfinished datum");
                }
                return session.finish(Ok(()));
            }
            Ok(_) => pending.push_str(&line),
            Err(e) => {
                eprintln!("error: cannot read standard input: {e}");
                return EXIT_UNCAUGHT;
            }
        }
        let forms = match read_all(&pending, "<stdin>") {
            Ok((forms, map)) => {
                session.interp.expander.source = map;
                forms
            }
            Err(Error::Read { incomplete: true, .. }) => continue,
            Err(e) => {
                eprintln!("{}", e.message());
                pending.clear();
                continue;
            }
        };
        pending.clear();
        for form in &forms {
            match session.eval_toplevel(form).and_then(|v| print_values(session, v)) {
                Ok(()) => {}
                // A limit ends the session: nothing more could run.
                Err(u) if matches!(u.kind(), Unwinding::Exit(_) | Unwinding::Limit(_)) => {
                    return session.finish(Err(u))
                }
                Err(u) => {
                    let _ = session.interp.io.flush_stdout();
                    if let Some(line) = report(&u) {
                        eprintln!("{line}");
                    }
                    break;
                }
            }
        }
    }
}
