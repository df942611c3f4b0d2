//! Control features, exceptions, parameters and promises (R7RS 6.10,
//! 6.11, 4.2.5, 4.2.6).

use std::cell::RefCell;
use std::rc::Rc;

use super::{at_least, between, exactly, interp, pure, tail};
use crate::error::{Error, Unwind};
use crate::eval::{Builtin, Interp, TailCall};
use crate::library::Lib::{Base, Lazy};
use crate::library::FEATURES;
use crate::value::{check, ErrorKind, Parameter, Procedure, Promise, PromiseState, Value};

pub static TABLE: &[Builtin] = &[
    pure(Base, "procedure?", exactly(1), is_procedure),
    tail(Base, "apply", at_least(2), apply),
    interp(Base, "map", at_least(2), map),
    interp(Base, "for-each", at_least(2), for_each),
    interp(Base, "call-with-current-continuation", exactly(1), call_cc),
    interp(Base, "call/cc", exactly(1), call_cc),
    pure(Base, "values", at_least(0), values),
    tail(Base, "call-with-values", exactly(2), call_with_values),
    interp(Base, "dynamic-wind", exactly(3), dynamic_wind),
    interp(Base, "raise", exactly(1), raise),
    interp(Base, "raise-continuable", exactly(1), raise_continuable),
    interp(Base, "with-exception-handler", exactly(2), with_exception_handler),
    interp(Base, "error", at_least(1), error),
    pure(Base, "error-object?", exactly(1), is_error_object),
    pure(Base, "error-object-message", exactly(1), error_object_message),
    pure(Base, "error-object-irritants", exactly(1), error_object_irritants),
    pure(Base, "read-error?", exactly(1), is_read_error),
    pure(Base, "file-error?", exactly(1), is_file_error),
    interp(Base, "make-parameter", between(1, 2), make_parameter),
    pure(Base, "features", exactly(0), features),
    interp(Lazy, "force", exactly(1), force),
    pure(Lazy, "make-promise", exactly(1), make_promise),
    pure(Lazy, "promise?", exactly(1), is_promise),
];

fn is_procedure(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(args[0].is_procedure()))
}

fn apply(_: &mut Interp, args: &[Value]) -> Result<TailCall, Unwind> {
    check::procedure("apply", 1, &args[0])?;
    let (last, middle) = args[1..].split_last().expect("arity checked: at least two arguments");
    let mut all = middle.to_vec();
    all.extend(check::list("apply", args.len(), last)?);
    Ok(TailCall::Call(args[0].clone(), all))
}

/// Rows of the lists' elements, stopping at the end of the shortest list.
/// Some lists may be circular, but not all (R7RS 6.10): that would be
/// rows without end.
fn rows(who: &'static str, args: &[Value]) -> Result<Vec<Vec<Value>>, Error> {
    check::procedure(who, 1, &args[0])?;
    if args[1..].iter().all(|l| l.is_circular()) {
        return Err(Error::other(who, "the lists are all circular", args[1..].to_vec()));
    }
    let mut cursors: Vec<Value> = args[1..].to_vec();
    let mut out = Vec::new();
    loop {
        let mut row = Vec::with_capacity(cursors.len());
        for (i, c) in cursors.iter_mut().enumerate() {
            match c.clone() {
                Value::Pair(p) => {
                    row.push(p.car.borrow().clone());
                    *c = p.cdr.borrow().clone();
                }
                Value::Null => return Ok(out),
                _ => return Err(Error::wrong_type(who, i + 2, "list", &args[i + 1])),
            }
        }
        out.push(row);
    }
}

fn map(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let mut out = Vec::new();
    for row in rows("map", args)? {
        out.push(it.apply(args[0].clone(), row)?);
    }
    Ok(Value::list(out))
}

fn for_each(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    for row in rows("for-each", args)? {
        it.apply(args[0].clone(), row)?;
    }
    Ok(Value::Unspecified)
}

fn call_cc(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    check::procedure("call-with-current-continuation", 1, &args[0])?;
    it.call_cc(args[0].clone())
}

fn values(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::values(args.to_vec()))
}

fn call_with_values(it: &mut Interp, args: &[Value]) -> Result<TailCall, Unwind> {
    check::procedure("call-with-values", 1, &args[0])?;
    check::procedure("call-with-values", 2, &args[1])?;
    let produced = it.apply(args[0].clone(), vec![])?;
    Ok(TailCall::Call(args[1].clone(), produced.into_values()))
}

fn dynamic_wind(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    for (i, a) in args.iter().enumerate() {
        check::procedure("dynamic-wind", i + 1, a)?;
    }
    it.dynamic_wind(args[0].clone(), args[1].clone(), args[2].clone())
}

fn raise(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    Err(it.raise_noncontinuable(args[0].clone()))
}

fn raise_continuable(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    it.raise(args[0].clone(), true)
}

fn with_exception_handler(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    check::procedure("with-exception-handler", 1, &args[0])?;
    check::procedure("with-exception-handler", 2, &args[1])?;
    it.with_handler(args[0].clone(), args[1].clone())
}

fn error(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let message = check::string("error", 1, &args[0])?.to_string();
    let obj = Value::error_object(ErrorKind::Plain, message, Value::list(args[1..].iter().cloned()));
    Err(it.raise_noncontinuable(obj))
}

fn is_error_object(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Error(_))))
}

fn error_object_message(args: &[Value]) -> Result<Value, Error> {
    match &args[0] {
        Value::Error(e) => Ok(Value::str(&e.message)),
        other => Err(Error::wrong_type("error-object-message", 1, "error object", other)),
    }
}

fn error_object_irritants(args: &[Value]) -> Result<Value, Error> {
    match &args[0] {
        Value::Error(e) => Ok(e.irritants.clone()),
        other => Err(Error::wrong_type("error-object-irritants", 1, "error object", other)),
    }
}

fn is_read_error(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(&args[0], Value::Error(e) if e.kind == ErrorKind::Read)))
}

fn is_file_error(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(&args[0], Value::Error(e) if e.kind == ErrorKind::File)))
}

fn make_parameter(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let converter = args.get(1).cloned();
    let value = match &converter {
        Some(c) => {
            check::procedure("make-parameter", 2, c)?;
            it.apply(c.clone(), vec![args[0].clone()])?
        }
        None => args[0].clone(),
    };
    let p = Parameter { value: RefCell::new(value), converter, name: "parameter" };
    Ok(Value::Procedure(Rc::new(Procedure::Parameter(p))))
}

fn features(_: &[Value]) -> Result<Value, Error> {
    Ok(Value::list(FEATURES.iter().map(|f| Value::sym(f))))
}

fn force(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    it.force(args[0].clone())
}

fn make_promise(args: &[Value]) -> Result<Value, Error> {
    match &args[0] {
        Value::Promise(_) => Ok(args[0].clone()),
        v => Ok(Promise::make(PromiseState::Done(v.clone()))),
    }
}

fn is_promise(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Promise(_))))
}
