//! `(scheme process-context)` (R7RS 6.14).

use super::{between, exactly, interp, pure};
use crate::error::{Error, Unwind, Unwinding};
use crate::eval::{Builtin, Interp};
use crate::library::Lib::ProcessContext;
use crate::value::{check, Value};

pub static TABLE: &[Builtin] = &[
    interp(ProcessContext, "command-line", exactly(0), command_line),
    interp(ProcessContext, "exit", between(0, 1), exit),
    interp(ProcessContext, "emergency-exit", between(0, 1), emergency_exit),
    pure(ProcessContext, "get-environment-variable", exactly(1), get_environment_variable),
    pure(ProcessContext, "get-environment-variables", exactly(0), get_environment_variables),
];

fn command_line(it: &mut Interp, _: &[Value]) -> Result<Value, Unwind> {
    Ok(Value::list(it.command_line.iter().map(|a| Value::str(a))))
}

/// The process exit status `exit` gives for `obj`: `#t` (or no argument)
/// is 0, `#f` is 1, an integer 0..255 is itself.
fn status(who: &'static str, args: &[Value]) -> Result<i32, Error> {
    match args.first() {
        None | Some(Value::Bool(true)) => Ok(0),
        Some(Value::Bool(false)) => Ok(1),
        Some(Value::Int(n)) if (0..=255).contains(n) => Ok(*n as i32),
        Some(v) => Err(Error::wrong_type(who, 1, "boolean or exact integer 0..255", v)),
    }
}

/// Unwinds to the top level, running outstanding `dynamic-wind` after
/// thunks on the way (R7RS 6.14).
fn exit(_: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    Err(Unwinding::Exit(status("exit", args)?).into())
}

/// Ends the process at once: no after thunks run. Buffered standard
/// output is still written, so nothing the program printed is lost.
fn emergency_exit(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let code = status("emergency-exit", args)?;
    let _ = it.io.flush_stdout();
    std::process::exit(code)
}

fn get_environment_variable(args: &[Value]) -> Result<Value, Error> {
    let name = check::string("get-environment-variable", 1, &args[0])?.to_string();
    Ok(std::env::var_os(&name).map(|v| Value::str(&v.to_string_lossy())).unwrap_or(Value::Bool(false)))
}

fn get_environment_variables(_: &[Value]) -> Result<Value, Error> {
    Ok(Value::list(
        std::env::vars_os()
            .map(|(k, v)| Value::cons(Value::str(&k.to_string_lossy()), Value::str(&v.to_string_lossy())))
            .collect::<Vec<_>>(),
    ))
}
