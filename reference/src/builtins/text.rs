//! Characters and strings (R7RS 6.6, 6.7) and `(scheme char)`.

use std::cmp::Ordering;

use super::{at_least, between, exactly, interp, pure};
use crate::error::{Error, Unwind};
use crate::eval::{Builtin, Interp};
use crate::library::Lib::{Base, Char};
use crate::value::{check, Value};

pub static TABLE: &[Builtin] = &[
    pure(Base, "char?", exactly(1), is_char),
    pure(Base, "char=?", at_least(2), char_eq),
    pure(Base, "char<?", at_least(2), char_lt),
    pure(Base, "char>?", at_least(2), char_gt),
    pure(Base, "char<=?", at_least(2), char_le),
    pure(Base, "char>=?", at_least(2), char_ge),
    pure(Base, "char->integer", exactly(1), char_to_integer),
    pure(Base, "integer->char", exactly(1), integer_to_char),
    pure(Char, "char-ci=?", at_least(2), char_ci_eq),
    pure(Char, "char-ci<?", at_least(2), char_ci_lt),
    pure(Char, "char-ci>?", at_least(2), char_ci_gt),
    pure(Char, "char-ci<=?", at_least(2), char_ci_le),
    pure(Char, "char-ci>=?", at_least(2), char_ci_ge),
    pure(Char, "char-alphabetic?", exactly(1), is_alphabetic),
    pure(Char, "char-numeric?", exactly(1), is_numeric),
    pure(Char, "char-whitespace?", exactly(1), is_whitespace),
    pure(Char, "char-upper-case?", exactly(1), is_upper),
    pure(Char, "char-lower-case?", exactly(1), is_lower),
    pure(Char, "digit-value", exactly(1), digit_value),
    pure(Char, "char-upcase", exactly(1), char_upcase),
    pure(Char, "char-downcase", exactly(1), char_downcase),
    pure(Char, "char-foldcase", exactly(1), char_foldcase),
    pure(Base, "string?", exactly(1), is_string),
    pure(Base, "make-string", between(1, 2), make_string),
    pure(Base, "string", at_least(0), string),
    pure(Base, "string-length", exactly(1), string_length),
    pure(Base, "string-ref", exactly(2), string_ref),
    pure(Base, "string-set!", exactly(3), string_set),
    pure(Base, "string=?", at_least(2), string_eq),
    pure(Base, "string<?", at_least(2), string_lt),
    pure(Base, "string>?", at_least(2), string_gt),
    pure(Base, "string<=?", at_least(2), string_le),
    pure(Base, "string>=?", at_least(2), string_ge),
    pure(Char, "string-ci=?", at_least(2), string_ci_eq),
    pure(Char, "string-ci<?", at_least(2), string_ci_lt),
    pure(Char, "string-ci>?", at_least(2), string_ci_gt),
    pure(Char, "string-ci<=?", at_least(2), string_ci_le),
    pure(Char, "string-ci>=?", at_least(2), string_ci_ge),
    pure(Char, "string-upcase", exactly(1), string_upcase),
    pure(Char, "string-downcase", exactly(1), string_downcase),
    pure(Char, "string-foldcase", exactly(1), string_foldcase),
    pure(Base, "substring", exactly(3), substring),
    pure(Base, "string-append", at_least(0), string_append),
    pure(Base, "string->list", between(1, 3), string_to_list),
    pure(Base, "list->string", exactly(1), list_to_string),
    pure(Base, "string-copy", between(1, 3), string_copy),
    pure(Base, "string-copy!", between(3, 5), string_copy_to),
    pure(Base, "string-fill!", between(2, 4), string_fill),
    interp(Base, "string-map", at_least(2), string_map),
    interp(Base, "string-for-each", at_least(2), string_for_each),
];

fn is_char(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Char(_))))
}

fn chars(who: &'static str, args: &[Value], fold: bool) -> Result<Vec<char>, Error> {
    args.iter()
        .enumerate()
        .map(|(i, v)| check::char(who, i + 1, v).map(|c| if fold { foldcase(c) } else { c }))
        .collect()
}

fn chain<T: Ord>(xs: &[T], ok: fn(Ordering) -> bool) -> Value {
    Value::Bool(xs.windows(2).all(|w| ok(w[0].cmp(&w[1]))))
}

macro_rules! char_comparisons {
    ($($name:ident, $who:literal, $fold:expr, $ok:expr;)*) => {
        $(fn $name(args: &[Value]) -> Result<Value, Error> {
            Ok(chain(&chars($who, args, $fold)?, $ok))
        })*
    };
}

char_comparisons! {
    char_eq, "char=?", false, |o| o == Ordering::Equal;
    char_lt, "char<?", false, |o| o == Ordering::Less;
    char_gt, "char>?", false, |o| o == Ordering::Greater;
    char_le, "char<=?", false, |o| o != Ordering::Greater;
    char_ge, "char>=?", false, |o| o != Ordering::Less;
    char_ci_eq, "char-ci=?", true, |o| o == Ordering::Equal;
    char_ci_lt, "char-ci<?", true, |o| o == Ordering::Less;
    char_ci_gt, "char-ci>?", true, |o| o == Ordering::Greater;
    char_ci_le, "char-ci<=?", true, |o| o != Ordering::Greater;
    char_ci_ge, "char-ci>=?", true, |o| o != Ordering::Less;
}

fn char_to_integer(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(check::char("char->integer", 1, &args[0])? as i64))
}

fn integer_to_char(args: &[Value]) -> Result<Value, Error> {
    let n = check::int("integer->char", 1, &args[0])?;
    u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .map(Value::Char)
        .ok_or_else(|| Error::out_of_range("integer->char", 1, &args[0]))
}

fn char_predicate(who: &'static str, args: &[Value], p: fn(char) -> bool) -> Result<Value, Error> {
    Ok(Value::Bool(p(check::char(who, 1, &args[0])?)))
}

fn is_alphabetic(args: &[Value]) -> Result<Value, Error> {
    char_predicate("char-alphabetic?", args, char::is_alphabetic)
}
fn is_numeric(args: &[Value]) -> Result<Value, Error> {
    char_predicate("char-numeric?", args, |c| c.is_ascii_digit())
}
fn is_whitespace(args: &[Value]) -> Result<Value, Error> {
    char_predicate("char-whitespace?", args, char::is_whitespace)
}
fn is_upper(args: &[Value]) -> Result<Value, Error> {
    char_predicate("char-upper-case?", args, char::is_uppercase)
}
fn is_lower(args: &[Value]) -> Result<Value, Error> {
    char_predicate("char-lower-case?", args, char::is_lowercase)
}

fn digit_value(args: &[Value]) -> Result<Value, Error> {
    let c = check::char("digit-value", 1, &args[0])?;
    Ok(c.to_digit(10).map(|d| Value::Int(d as i64)).unwrap_or(Value::Bool(false)))
}

/// A one-to-one case mapping: characters whose mapping is several
/// characters map to themselves.
fn single(c: char, mut mapped: impl Iterator<Item = char>) -> char {
    match (mapped.next(), mapped.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

fn upcase(c: char) -> char {
    single(c, c.to_uppercase())
}

fn downcase(c: char) -> char {
    single(c, c.to_lowercase())
}

fn foldcase(c: char) -> char {
    downcase(c)
}

fn char_upcase(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Char(upcase(check::char("char-upcase", 1, &args[0])?)))
}
fn char_downcase(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Char(downcase(check::char("char-downcase", 1, &args[0])?)))
}
fn char_foldcase(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Char(foldcase(check::char("char-foldcase", 1, &args[0])?)))
}

fn is_string(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Str(_))))
}

fn make_string(args: &[Value]) -> Result<Value, Error> {
    let n = check::index("make-string", 1, &args[0])?;
    let fill = match args.get(1) {
        Some(v) => check::char("make-string", 2, v)?,
        None => ' ',
    };
    Ok(Value::string_from_chars(crate::value::filled("make-string", n, fill)?))
}

fn string(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::string_from_chars(chars("string", args, false)?))
}

fn string_length(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(check::string("string-length", 1, &args[0])?.chars.borrow().len() as i64))
}

fn string_ref(args: &[Value]) -> Result<Value, Error> {
    let s = check::string("string-ref", 1, &args[0])?;
    let k = check::index("string-ref", 2, &args[1])?;
    let c = s.chars.borrow().get(k).copied();
    c.map(Value::Char).ok_or_else(|| Error::out_of_range("string-ref", 2, &args[1]))
}

fn string_set(args: &[Value]) -> Result<Value, Error> {
    let s = check::mutable_string("string-set!", 1, &args[0])?;
    let k = check::index("string-set!", 2, &args[1])?;
    let c = check::char("string-set!", 3, &args[2])?;
    let mut chars = s.chars.borrow_mut();
    match chars.get_mut(k) {
        Some(slot) => {
            *slot = c;
            Ok(Value::Unspecified)
        }
        None => Err(Error::out_of_range("string-set!", 2, &args[1])),
    }
}

fn strings(who: &'static str, args: &[Value], fold: bool) -> Result<Vec<Vec<char>>, Error> {
    args.iter()
        .enumerate()
        .map(|(i, v)| {
            let s = check::string(who, i + 1, v)?;
            let cs = s.chars.borrow();
            Ok(if fold { cs.iter().map(|c| foldcase(*c)).collect() } else { cs.clone() })
        })
        .collect()
}

macro_rules! string_comparisons {
    ($($name:ident, $who:literal, $fold:expr, $ok:expr;)*) => {
        $(fn $name(args: &[Value]) -> Result<Value, Error> {
            Ok(chain(&strings($who, args, $fold)?, $ok))
        })*
    };
}

string_comparisons! {
    string_eq, "string=?", false, |o| o == Ordering::Equal;
    string_lt, "string<?", false, |o| o == Ordering::Less;
    string_gt, "string>?", false, |o| o == Ordering::Greater;
    string_le, "string<=?", false, |o| o != Ordering::Greater;
    string_ge, "string>=?", false, |o| o != Ordering::Less;
    string_ci_eq, "string-ci=?", true, |o| o == Ordering::Equal;
    string_ci_lt, "string-ci<?", true, |o| o == Ordering::Less;
    string_ci_gt, "string-ci>?", true, |o| o == Ordering::Greater;
    string_ci_le, "string-ci<=?", true, |o| o != Ordering::Greater;
    string_ci_ge, "string-ci>=?", true, |o| o != Ordering::Less;
}

fn string_upcase(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::str(&check::string("string-upcase", 1, &args[0])?.to_string().to_uppercase()))
}
fn string_downcase(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::str(&check::string("string-downcase", 1, &args[0])?.to_string().to_lowercase()))
}
fn string_foldcase(args: &[Value]) -> Result<Value, Error> {
    let s = check::string("string-foldcase", 1, &args[0])?;
    Ok(Value::string_from_chars(s.chars.borrow().iter().map(|c| foldcase(*c)).collect()))
}

/// The characters of `args[0]` between the optional start/end at
/// `args[from..]`.
fn slice(who: &'static str, args: &[Value], from: usize) -> Result<Vec<char>, Error> {
    let s = check::string(who, 1, &args[0])?;
    let cs = s.chars.borrow();
    let (start, end) = check::range(who, args, from, cs.len())?;
    Ok(cs[start..end].to_vec())
}

fn substring(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::string_from_chars(slice("substring", args, 1)?))
}

fn string_append(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::string_from_chars(strings("string-append", args, false)?.concat()))
}

fn string_to_list(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::list(slice("string->list", args, 1)?.into_iter().map(Value::Char)))
}

fn list_to_string(args: &[Value]) -> Result<Value, Error> {
    let items = check::list("list->string", 1, &args[0])?;
    let cs = items
        .iter()
        .map(|v| match v {
            Value::Char(c) => Ok(*c),
            _ => Err(Error::wrong_type("list->string", 1, "list of characters", &args[0])),
        })
        .collect::<Result<Vec<char>, _>>()?;
    Ok(Value::string_from_chars(cs))
}

fn string_copy(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::string_from_chars(slice("string-copy", args, 1)?))
}

fn string_copy_to(args: &[Value]) -> Result<Value, Error> {
    let to = check::mutable_string("string-copy!", 1, &args[0])?;
    let at = check::index("string-copy!", 2, &args[1])?;
    let source = {
        let from = check::string("string-copy!", 3, &args[2])?;
        let cs = from.chars.borrow();
        let (start, end) = check::range("string-copy!", args, 3, cs.len())?;
        cs[start..end].to_vec()
    };
    let mut target = to.chars.borrow_mut();
    if at > target.len() || target.len() - at < source.len() {
        return Err(Error::out_of_range("string-copy!", 2, &args[1]));
    }
    target[at..at + source.len()].copy_from_slice(&source);
    Ok(Value::Unspecified)
}

fn string_fill(args: &[Value]) -> Result<Value, Error> {
    let s = check::mutable_string("string-fill!", 1, &args[0])?;
    let c = check::char("string-fill!", 2, &args[1])?;
    let mut cs = s.chars.borrow_mut();
    let (start, end) = check::range("string-fill!", args, 2, cs.len())?;
    cs[start..end].fill(c);
    Ok(Value::Unspecified)
}

/// The strings' characters, truncated to the shortest (R7RS: iteration
/// stops at the end of the shortest string).
fn columns(who: &'static str, args: &[Value]) -> Result<Vec<Vec<Value>>, Error> {
    check::procedure(who, 1, &args[0])?;
    let ss = strings(who, &args[1..], false).map_err(|e| match e {
        Error::WrongType { who, position, expected, got } => {
            Error::WrongType { who, position: position + 1, expected, got }
        }
        other => other,
    })?;
    let n = ss.iter().map(Vec::len).min().unwrap_or(0);
    Ok((0..n).map(|i| ss.iter().map(|s| Value::Char(s[i])).collect()).collect())
}

fn string_map(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let mut out = Vec::new();
    for row in columns("string-map", args)? {
        match it.apply(args[0].clone(), row)? {
            Value::Char(c) => out.push(c),
            other => {
                return Err(Error::other("string-map", "the procedure must return a character", vec![other]).into())
            }
        }
    }
    Ok(Value::string_from_chars(out))
}

fn string_for_each(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    for row in columns("string-for-each", args)? {
        it.apply(args[0].clone(), row)?;
    }
    Ok(Value::Unspecified)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::write_string;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    #[test]
    fn comparisons_chain() {
        assert_eq!(write_string(&string_lt(&[s("a"), s("b"), s("c")]).expect("cmp")), "#t");
        assert_eq!(write_string(&string_lt(&[s("a"), s("c"), s("b")]).expect("cmp")), "#f");
        assert_eq!(write_string(&string_ci_eq(&[s("AbC"), s("aBc")]).expect("cmp")), "#t");
        assert_eq!(write_string(&char_ci_lt(&[Value::Char('a'), Value::Char('B')]).expect("cmp")), "#t");
    }

    #[test]
    fn copy_checks_bounds_and_handles_overlap() {
        let t = s("abcdef");
        string_copy_to(&[t.clone(), Value::Int(2), t.clone(), Value::Int(0), Value::Int(3)]).expect("copy");
        assert_eq!(write_string(&t), "\"ababcf\"");
        assert!(string_copy_to(&[t.clone(), Value::Int(5), s("xyz")]).is_err());
        assert!(substring(&[t, Value::Int(4), Value::Int(2)]).is_err());
    }

    #[test]
    fn literal_strings_are_immutable() {
        let (datums, _) = crate::reader::read_all("\"abc\"", "t").expect("reads");
        assert!(string_set(&[datums[0].clone(), Value::Int(0), Value::Char('x')]).is_err());
        assert!(string_fill(&[datums[0].clone(), Value::Char('x')]).is_err());
    }

    #[test]
    fn case_mapping() {
        assert_eq!(write_string(&char_upcase(&[Value::Char('a')]).expect("up")), "#\\A");
        assert_eq!(write_string(&char_upcase(&[Value::Char('ß')]).expect("up")), "#\\ß");
        assert_eq!(write_string(&digit_value(&[Value::Char('7')]).expect("dv")), "7");
        assert_eq!(write_string(&digit_value(&[Value::Char('x')]).expect("dv")), "#f");
    }
}
