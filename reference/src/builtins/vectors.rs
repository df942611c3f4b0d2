//! Vectors and bytevectors (R7RS 6.8, 6.9), with the string conversions
//! that produce or consume them.

use super::{at_least, between, exactly, interp, pure};
use crate::error::{Error, Unwind};
use crate::eval::{Builtin, Interp};
use crate::library::Lib::Base;
use crate::value::{check, Value};

pub static TABLE: &[Builtin] = &[
    pure(Base, "vector?", exactly(1), is_vector),
    pure(Base, "make-vector", between(1, 2), make_vector),
    pure(Base, "vector", at_least(0), vector),
    pure(Base, "vector-length", exactly(1), vector_length),
    pure(Base, "vector-ref", exactly(2), vector_ref),
    pure(Base, "vector-set!", exactly(3), vector_set),
    pure(Base, "vector->list", between(1, 3), vector_to_list),
    pure(Base, "list->vector", exactly(1), list_to_vector),
    pure(Base, "vector->string", between(1, 3), vector_to_string),
    pure(Base, "string->vector", between(1, 3), string_to_vector),
    pure(Base, "vector-copy", between(1, 3), vector_copy),
    pure(Base, "vector-copy!", between(3, 5), vector_copy_to),
    pure(Base, "vector-append", at_least(0), vector_append),
    pure(Base, "vector-fill!", between(2, 4), vector_fill),
    interp(Base, "vector-map", at_least(2), vector_map),
    interp(Base, "vector-for-each", at_least(2), vector_for_each),
    pure(Base, "bytevector?", exactly(1), is_bytevector),
    pure(Base, "make-bytevector", between(1, 2), make_bytevector),
    pure(Base, "bytevector", at_least(0), bytevector),
    pure(Base, "bytevector-length", exactly(1), bytevector_length),
    pure(Base, "bytevector-u8-ref", exactly(2), bytevector_u8_ref),
    pure(Base, "bytevector-u8-set!", exactly(3), bytevector_u8_set),
    pure(Base, "bytevector-copy", between(1, 3), bytevector_copy),
    pure(Base, "bytevector-copy!", between(3, 5), bytevector_copy_to),
    pure(Base, "bytevector-append", at_least(0), bytevector_append),
    pure(Base, "utf8->string", between(1, 3), utf8_to_string),
    pure(Base, "string->utf8", between(1, 3), string_to_utf8),
];

fn is_vector(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Vector(_))))
}

fn make_vector(args: &[Value]) -> Result<Value, Error> {
    let n = check::index("make-vector", 1, &args[0])?;
    let fill = args.get(1).cloned().unwrap_or(Value::Unspecified);
    Ok(Value::vector(crate::value::filled("make-vector", n, fill)?))
}

fn vector(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::vector(args.to_vec()))
}

fn vector_length(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(check::vector("vector-length", 1, &args[0])?.items.borrow().len() as i64))
}

fn vector_ref(args: &[Value]) -> Result<Value, Error> {
    let v = check::vector("vector-ref", 1, &args[0])?;
    let k = check::index("vector-ref", 2, &args[1])?;
    let item = v.items.borrow().get(k).cloned();
    item.ok_or_else(|| Error::out_of_range("vector-ref", 2, &args[1]))
}

fn vector_set(args: &[Value]) -> Result<Value, Error> {
    let v = check::mutable_vector("vector-set!", 1, &args[0])?;
    let k = check::index("vector-set!", 2, &args[1])?;
    let mut items = v.items.borrow_mut();
    match items.get_mut(k) {
        Some(slot) => {
            *slot = args[2].clone();
            Ok(Value::Unspecified)
        }
        None => Err(Error::out_of_range("vector-set!", 2, &args[1])),
    }
}

/// The items of the vector `args[0]` between optional start/end.
fn items(who: &'static str, args: &[Value]) -> Result<Vec<Value>, Error> {
    let v = check::vector(who, 1, &args[0])?;
    let items = v.items.borrow();
    let (start, end) = check::range(who, args, 1, items.len())?;
    Ok(items[start..end].to_vec())
}

fn vector_to_list(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::list(items("vector->list", args)?))
}

fn list_to_vector(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::vector(check::list("list->vector", 1, &args[0])?))
}

fn vector_to_string(args: &[Value]) -> Result<Value, Error> {
    let cs = items("vector->string", args)?
        .iter()
        .map(|v| match v {
            Value::Char(c) => Ok(*c),
            _ => Err(Error::wrong_type("vector->string", 1, "vector of characters", &args[0])),
        })
        .collect::<Result<Vec<char>, _>>()?;
    Ok(Value::string_from_chars(cs))
}

fn string_to_vector(args: &[Value]) -> Result<Value, Error> {
    let s = check::string("string->vector", 1, &args[0])?;
    let cs = s.chars.borrow();
    let (start, end) = check::range("string->vector", args, 1, cs.len())?;
    Ok(Value::vector(cs[start..end].iter().map(|c| Value::Char(*c)).collect()))
}

fn vector_copy(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::vector(items("vector-copy", args)?))
}

fn vector_copy_to(args: &[Value]) -> Result<Value, Error> {
    let to = check::mutable_vector("vector-copy!", 1, &args[0])?;
    let at = check::index("vector-copy!", 2, &args[1])?;
    let source = items("vector-copy!", &args[2..]).map_err(|e| shift_position(e, 2))?;
    let mut target = to.items.borrow_mut();
    if at > target.len() || target.len() - at < source.len() {
        return Err(Error::out_of_range("vector-copy!", 2, &args[1]));
    }
    target[at..at + source.len()].clone_from_slice(&source);
    Ok(Value::Unspecified)
}

/// Renumbers an argument error from a helper that saw only `args[by..]`.
fn shift_position(e: Error, by: usize) -> Error {
    match e {
        Error::WrongType { who, position, expected, got } => {
            Error::WrongType { who, position: position + by, expected, got }
        }
        Error::OutOfRange { who, position, got } => Error::OutOfRange { who, position: position + by, got },
        other => other,
    }
}

fn vector_append(args: &[Value]) -> Result<Value, Error> {
    let mut out = Vec::new();
    for (i, v) in args.iter().enumerate() {
        out.extend(check::vector("vector-append", i + 1, v)?.items.borrow().iter().cloned());
    }
    Ok(Value::vector(out))
}

fn vector_fill(args: &[Value]) -> Result<Value, Error> {
    let v = check::mutable_vector("vector-fill!", 1, &args[0])?;
    let mut items = v.items.borrow_mut();
    let (start, end) = check::range("vector-fill!", args, 2, items.len())?;
    items[start..end].fill(args[1].clone());
    Ok(Value::Unspecified)
}

/// Rows of the vectors' items, truncated to the shortest vector.
fn rows(who: &'static str, args: &[Value]) -> Result<Vec<Vec<Value>>, Error> {
    check::procedure(who, 1, &args[0])?;
    let vs = args[1..]
        .iter()
        .enumerate()
        .map(|(i, v)| check::vector(who, i + 2, v).map(|x| x.items.borrow().clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let n = vs.iter().map(Vec::len).min().unwrap_or(0);
    Ok((0..n).map(|i| vs.iter().map(|v| v[i].clone()).collect()).collect())
}

fn vector_map(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let mut out = Vec::new();
    for row in rows("vector-map", args)? {
        out.push(it.apply(args[0].clone(), row)?);
    }
    Ok(Value::vector(out))
}

fn vector_for_each(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    for row in rows("vector-for-each", args)? {
        it.apply(args[0].clone(), row)?;
    }
    Ok(Value::Unspecified)
}

fn is_bytevector(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Bytevector(_))))
}

fn make_bytevector(args: &[Value]) -> Result<Value, Error> {
    let n = check::index("make-bytevector", 1, &args[0])?;
    let fill = match args.get(1) {
        Some(v) => check::byte("make-bytevector", 2, v)?,
        None => 0,
    };
    Ok(Value::bytevector(crate::value::filled("make-bytevector", n, fill)?))
}

fn bytevector(args: &[Value]) -> Result<Value, Error> {
    let bytes =
        args.iter().enumerate().map(|(i, v)| check::byte("bytevector", i + 1, v)).collect::<Result<Vec<u8>, _>>()?;
    Ok(Value::bytevector(bytes))
}

fn bytevector_length(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(check::bytevector("bytevector-length", 1, &args[0])?.bytes.borrow().len() as i64))
}

fn bytevector_u8_ref(args: &[Value]) -> Result<Value, Error> {
    let b = check::bytevector("bytevector-u8-ref", 1, &args[0])?;
    let k = check::index("bytevector-u8-ref", 2, &args[1])?;
    let byte = b.bytes.borrow().get(k).copied();
    byte.map(|x| Value::Int(x as i64)).ok_or_else(|| Error::out_of_range("bytevector-u8-ref", 2, &args[1]))
}

fn bytevector_u8_set(args: &[Value]) -> Result<Value, Error> {
    let b = check::mutable_bytevector("bytevector-u8-set!", 1, &args[0])?;
    let k = check::index("bytevector-u8-set!", 2, &args[1])?;
    let x = check::byte("bytevector-u8-set!", 3, &args[2])?;
    let mut bytes = b.bytes.borrow_mut();
    match bytes.get_mut(k) {
        Some(slot) => {
            *slot = x;
            Ok(Value::Unspecified)
        }
        None => Err(Error::out_of_range("bytevector-u8-set!", 2, &args[1])),
    }
}

/// The bytes of the bytevector `args[0]` between optional start/end.
fn bytes(who: &'static str, args: &[Value]) -> Result<Vec<u8>, Error> {
    let b = check::bytevector(who, 1, &args[0])?;
    let bytes = b.bytes.borrow();
    let (start, end) = check::range(who, args, 1, bytes.len())?;
    Ok(bytes[start..end].to_vec())
}

fn bytevector_copy(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::bytevector(bytes("bytevector-copy", args)?))
}

fn bytevector_copy_to(args: &[Value]) -> Result<Value, Error> {
    let to = check::mutable_bytevector("bytevector-copy!", 1, &args[0])?;
    let at = check::index("bytevector-copy!", 2, &args[1])?;
    let source = bytes("bytevector-copy!", &args[2..]).map_err(|e| shift_position(e, 2))?;
    let mut target = to.bytes.borrow_mut();
    if at > target.len() || target.len() - at < source.len() {
        return Err(Error::out_of_range("bytevector-copy!", 2, &args[1]));
    }
    target[at..at + source.len()].copy_from_slice(&source);
    Ok(Value::Unspecified)
}

fn bytevector_append(args: &[Value]) -> Result<Value, Error> {
    let mut out = Vec::new();
    for (i, v) in args.iter().enumerate() {
        out.extend_from_slice(&check::bytevector("bytevector-append", i + 1, v)?.bytes.borrow());
    }
    Ok(Value::bytevector(out))
}

fn utf8_to_string(args: &[Value]) -> Result<Value, Error> {
    let b = bytes("utf8->string", args)?;
    match String::from_utf8(b) {
        Ok(s) => Ok(Value::str(&s)),
        Err(_) => Err(Error::other("utf8->string", "the bytes are not valid UTF-8", vec![args[0].clone()])),
    }
}

fn string_to_utf8(args: &[Value]) -> Result<Value, Error> {
    let s = check::string("string->utf8", 1, &args[0])?;
    let cs = s.chars.borrow();
    let (start, end) = check::range("string->utf8", args, 1, cs.len())?;
    Ok(Value::bytevector(cs[start..end].iter().collect::<String>().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::write_string;

    fn bv(b: &[u8]) -> Value {
        Value::bytevector(b.to_vec())
    }

    #[test]
    fn bytevector_copy_with_ranges() {
        let v = bytevector_copy(&[bv(&[1, 2, 3, 4]), Value::Int(1), Value::Int(3)]).expect("copy");
        assert_eq!(write_string(&v), "#u8(2 3)");
        let t = bv(&[0, 0, 0, 0]);
        bytevector_copy_to(&[t.clone(), Value::Int(1), bv(&[7, 8, 9]), Value::Int(1)]).expect("copy!");
        assert_eq!(write_string(&t), "#u8(0 8 9 0)");
        assert!(bytevector_copy_to(&[t, Value::Int(3), bv(&[1, 2])]).is_err());
    }

    #[test]
    fn bytes_are_checked() {
        assert!(bytevector(&[Value::Int(256)]).is_err());
        assert!(make_bytevector(&[Value::Int(2), Value::Int(-1)]).is_err());
    }

    #[test]
    fn utf8_round_trip() {
        let b = string_to_utf8(&[Value::str("λx")]).expect("encode");
        assert_eq!(write_string(&b), "#u8(206 187 120)");
        assert_eq!(write_string(&utf8_to_string(&[b]).expect("decode")), "\"λx\"");
        assert!(utf8_to_string(&[bv(&[0xff])]).is_err());
    }

    #[test]
    fn vector_copy_to_reports_the_callers_argument_positions() {
        let e = vector_copy_to(&[Value::vector(vec![]), Value::Int(0), Value::Int(5)]).expect_err("type");
        assert!(e.message().contains("argument 3"), "{}", e.message());
    }
}
