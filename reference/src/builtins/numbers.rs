//! Numbers (R7RS 6.2) for exact integers. Results that would leave the
//! 64-bit range, or need rationals or inexact numbers, raise an error
//! instead of being approximated.

use super::{at_least, between, exactly, pure};
use crate::error::Error;
use crate::eval::Builtin;
use crate::library::Lib::Base;
use crate::reader::{parse_number, NumberSyntax};
use crate::value::{check, Value};

pub static TABLE: &[Builtin] = &[
    pure(Base, "+", at_least(0), add),
    pure(Base, "*", at_least(0), mul),
    pure(Base, "-", at_least(1), sub),
    pure(Base, "/", at_least(1), div),
    pure(Base, "=", at_least(2), num_eq),
    pure(Base, "<", at_least(2), lt),
    pure(Base, ">", at_least(2), gt),
    pure(Base, "<=", at_least(2), le),
    pure(Base, ">=", at_least(2), ge),
    pure(Base, "number?", exactly(1), is_number),
    pure(Base, "complex?", exactly(1), is_number),
    pure(Base, "real?", exactly(1), is_number),
    pure(Base, "rational?", exactly(1), is_number),
    pure(Base, "integer?", exactly(1), is_number),
    pure(Base, "exact-integer?", exactly(1), is_number),
    pure(Base, "exact?", exactly(1), is_exact),
    pure(Base, "inexact?", exactly(1), is_inexact),
    pure(Base, "zero?", exactly(1), is_zero),
    pure(Base, "positive?", exactly(1), is_positive),
    pure(Base, "negative?", exactly(1), is_negative),
    pure(Base, "odd?", exactly(1), is_odd),
    pure(Base, "even?", exactly(1), is_even),
    pure(Base, "max", at_least(1), max),
    pure(Base, "min", at_least(1), min),
    pure(Base, "abs", exactly(1), abs),
    pure(Base, "quotient", exactly(2), truncate_quotient),
    pure(Base, "remainder", exactly(2), truncate_remainder),
    pure(Base, "modulo", exactly(2), floor_remainder),
    pure(Base, "truncate-quotient", exactly(2), truncate_quotient),
    pure(Base, "truncate-remainder", exactly(2), truncate_remainder),
    pure(Base, "truncate/", exactly(2), truncate_div),
    pure(Base, "floor-quotient", exactly(2), floor_quotient),
    pure(Base, "floor-remainder", exactly(2), floor_remainder),
    pure(Base, "floor/", exactly(2), floor_div),
    pure(Base, "gcd", at_least(0), gcd),
    pure(Base, "lcm", at_least(0), lcm),
    pure(Base, "numerator", exactly(1), identity),
    pure(Base, "denominator", exactly(1), denominator),
    pure(Base, "floor", exactly(1), identity),
    pure(Base, "ceiling", exactly(1), identity),
    pure(Base, "truncate", exactly(1), identity),
    pure(Base, "round", exactly(1), identity),
    pure(Base, "rationalize", exactly(2), rationalize),
    pure(Base, "square", exactly(1), square),
    pure(Base, "exact-integer-sqrt", exactly(1), exact_integer_sqrt),
    pure(Base, "expt", exactly(2), expt),
    pure(Base, "exact", exactly(1), identity),
    pure(Base, "inexact", exactly(1), inexact),
    pure(Base, "number->string", between(1, 2), number_to_string),
    pure(Base, "string->number", between(1, 2), string_to_number),
];

fn ints(who: &'static str, args: &[Value]) -> Result<Vec<i64>, Error> {
    args.iter().enumerate().map(|(i, v)| check::int(who, i + 1, v)).collect()
}

fn overflow(who: &'static str) -> Error {
    Error::Overflow { who }
}

fn add(args: &[Value]) -> Result<Value, Error> {
    if let [Value::Int(a), Value::Int(b)] = args {
        return a.checked_add(*b).map(Value::Int).ok_or_else(|| overflow("+"));
    }
    let mut acc: i64 = 0;
    for n in ints("+", args)? {
        acc = acc.checked_add(n).ok_or_else(|| overflow("+"))?;
    }
    Ok(Value::Int(acc))
}

fn mul(args: &[Value]) -> Result<Value, Error> {
    let mut acc: i64 = 1;
    for n in ints("*", args)? {
        acc = acc.checked_mul(n).ok_or_else(|| overflow("*"))?;
    }
    Ok(Value::Int(acc))
}

fn sub(args: &[Value]) -> Result<Value, Error> {
    if let [Value::Int(a), Value::Int(b)] = args {
        return a.checked_sub(*b).map(Value::Int).ok_or_else(|| overflow("-"));
    }
    let ns = ints("-", args)?;
    if ns.len() == 1 {
        return ns[0].checked_neg().map(Value::Int).ok_or_else(|| overflow("-"));
    }
    let mut acc = ns[0];
    for n in &ns[1..] {
        acc = acc.checked_sub(*n).ok_or_else(|| overflow("-"))?;
    }
    Ok(Value::Int(acc))
}

fn div(args: &[Value]) -> Result<Value, Error> {
    let ns = ints("/", args)?;
    let (mut acc, divisors) = if ns.len() == 1 { (1, &ns[..]) } else { (ns[0], &ns[1..]) };
    for d in divisors {
        if *d == 0 {
            return Err(Error::other("/", "division by zero", vec![]));
        }
        if acc % d != 0 {
            return Err(Error::OutsideDialect { what: format!("the rational result of dividing {acc} by {d}") });
        }
        acc = acc.checked_div(*d).ok_or_else(|| overflow("/"))?;
    }
    Ok(Value::Int(acc))
}

fn compare(who: &'static str, args: &[Value], ok: fn(i64, i64) -> bool) -> Result<Value, Error> {
    if let [Value::Int(a), Value::Int(b)] = args {
        return Ok(Value::Bool(ok(*a, *b)));
    }
    let ns = ints(who, args)?;
    Ok(Value::Bool(ns.windows(2).all(|w| ok(w[0], w[1]))))
}

fn num_eq(args: &[Value]) -> Result<Value, Error> {
    compare("=", args, |a, b| a == b)
}
fn lt(args: &[Value]) -> Result<Value, Error> {
    compare("<", args, |a, b| a < b)
}
fn gt(args: &[Value]) -> Result<Value, Error> {
    compare(">", args, |a, b| a > b)
}
fn le(args: &[Value]) -> Result<Value, Error> {
    compare("<=", args, |a, b| a <= b)
}
fn ge(args: &[Value]) -> Result<Value, Error> {
    compare(">=", args, |a, b| a >= b)
}

fn is_number(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Int(_))))
}

fn is_exact(args: &[Value]) -> Result<Value, Error> {
    check::int("exact?", 1, &args[0])?;
    Ok(Value::Bool(true))
}

fn is_inexact(args: &[Value]) -> Result<Value, Error> {
    check::int("inexact?", 1, &args[0])?;
    Ok(Value::Bool(false))
}

fn predicate(who: &'static str, args: &[Value], p: fn(i64) -> bool) -> Result<Value, Error> {
    Ok(Value::Bool(p(check::int(who, 1, &args[0])?)))
}

fn is_zero(args: &[Value]) -> Result<Value, Error> {
    predicate("zero?", args, |n| n == 0)
}
fn is_positive(args: &[Value]) -> Result<Value, Error> {
    predicate("positive?", args, |n| n > 0)
}
fn is_negative(args: &[Value]) -> Result<Value, Error> {
    predicate("negative?", args, |n| n < 0)
}
fn is_odd(args: &[Value]) -> Result<Value, Error> {
    predicate("odd?", args, |n| n % 2 != 0)
}
fn is_even(args: &[Value]) -> Result<Value, Error> {
    predicate("even?", args, |n| n % 2 == 0)
}

fn max(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(ints("max", args)?.into_iter().max().unwrap_or(0)))
}

fn min(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(ints("min", args)?.into_iter().min().unwrap_or(0)))
}

fn abs(args: &[Value]) -> Result<Value, Error> {
    check::int("abs", 1, &args[0])?.checked_abs().map(Value::Int).ok_or_else(|| overflow("abs"))
}

fn two(who: &'static str, args: &[Value]) -> Result<(i64, i64), Error> {
    let a = check::int(who, 1, &args[0])?;
    let b = check::int(who, 2, &args[1])?;
    if b == 0 {
        return Err(Error::other(who, "division by zero", vec![]));
    }
    Ok((a, b))
}

/// Truncating division: quotient rounded toward zero.
fn truncated(who: &'static str, args: &[Value]) -> Result<(i64, i64), Error> {
    let (a, b) = two(who, args)?;
    let q = a.checked_div(b).ok_or_else(|| overflow(who))?;
    Ok((q, a.wrapping_rem(b)))
}

/// Floor division: quotient rounded toward negative infinity.
fn floored(who: &'static str, args: &[Value]) -> Result<(i64, i64), Error> {
    let (a, b) = two(who, args)?;
    let mut q = a.checked_div(b).ok_or_else(|| overflow(who))?;
    let mut r = a.wrapping_rem(b);
    if r != 0 && ((r < 0) != (b < 0)) {
        q -= 1;
        r += b;
    }
    Ok((q, r))
}

fn truncate_quotient(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(truncated("truncate-quotient", args)?.0))
}
fn truncate_remainder(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(truncated("truncate-remainder", args)?.1))
}
fn truncate_div(args: &[Value]) -> Result<Value, Error> {
    let (q, r) = truncated("truncate/", args)?;
    Ok(Value::values(vec![Value::Int(q), Value::Int(r)]))
}
fn floor_quotient(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(floored("floor-quotient", args)?.0))
}
fn floor_remainder(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(floored("floor-remainder", args)?.1))
}
fn floor_div(args: &[Value]) -> Result<Value, Error> {
    let (q, r) = floored("floor/", args)?;
    Ok(Value::values(vec![Value::Int(q), Value::Int(r)]))
}

fn gcd2(mut a: i64, mut b: i64) -> i64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn gcd(args: &[Value]) -> Result<Value, Error> {
    let mut acc: i64 = 0;
    for n in ints("gcd", args)? {
        acc = gcd2(acc, n);
    }
    acc.checked_abs().map(Value::Int).ok_or_else(|| overflow("gcd"))
}

fn lcm(args: &[Value]) -> Result<Value, Error> {
    let mut acc: i64 = 1;
    for n in ints("lcm", args)? {
        if n == 0 {
            return Ok(Value::Int(0));
        }
        let g = gcd2(acc, n);
        acc = (acc / g).checked_mul(n).and_then(i64::checked_abs).ok_or_else(|| overflow("lcm"))?;
    }
    Ok(Value::Int(acc))
}

fn identity(args: &[Value]) -> Result<Value, Error> {
    check::int("exact", 1, &args[0])?;
    Ok(args[0].clone())
}

fn denominator(args: &[Value]) -> Result<Value, Error> {
    check::int("denominator", 1, &args[0])?;
    Ok(Value::Int(1))
}

fn rationalize(_: &[Value]) -> Result<Value, Error> {
    Err(Error::OutsideDialect { what: "rationalize (it needs rational or inexact numbers)".into() })
}

fn inexact(_: &[Value]) -> Result<Value, Error> {
    Err(Error::OutsideDialect { what: "inexact (inexact numbers)".into() })
}

fn square(args: &[Value]) -> Result<Value, Error> {
    let n = check::int("square", 1, &args[0])?;
    n.checked_mul(n).map(Value::Int).ok_or_else(|| overflow("square"))
}

/// The largest `s` with `s * s <= n`, for `n >= 0`.
pub fn isqrt(n: i64) -> i64 {
    let mut s = (n as f64).sqrt() as i64;
    while s.checked_mul(s).is_none_or(|sq| sq > n) {
        s -= 1;
    }
    while (s + 1).checked_mul(s + 1).is_some_and(|sq| sq <= n) {
        s += 1;
    }
    s
}

fn exact_integer_sqrt(args: &[Value]) -> Result<Value, Error> {
    let n = check::int("exact-integer-sqrt", 1, &args[0])?;
    if n < 0 {
        return Err(Error::out_of_range("exact-integer-sqrt", 1, &args[0]));
    }
    let s = isqrt(n);
    Ok(Value::values(vec![Value::Int(s), Value::Int(n - s * s)]))
}

fn expt(args: &[Value]) -> Result<Value, Error> {
    let base = check::int("expt", 1, &args[0])?;
    let e = check::int("expt", 2, &args[1])?;
    if e < 0 {
        return match base {
            1 => Ok(Value::Int(1)),
            -1 => Ok(Value::Int(if e % 2 == 0 { 1 } else { -1 })),
            0 => Err(Error::other("expt", "division by zero", vec![])),
            _ => Err(Error::OutsideDialect { what: format!("the rational result of (expt {base} {e})") }),
        };
    }
    let e = u32::try_from(e).map_err(|_| overflow("expt"))?;
    base.checked_pow(e).map(Value::Int).ok_or_else(|| overflow("expt"))
}

fn radix(who: &'static str, args: &[Value]) -> Result<u32, Error> {
    match args.get(1) {
        None => Ok(10),
        Some(Value::Int(r @ (2 | 8 | 10 | 16))) => Ok(*r as u32),
        Some(v) => Err(Error::wrong_type(who, 2, "radix (2, 8, 10 or 16)", v)),
    }
}

fn number_to_string(args: &[Value]) -> Result<Value, Error> {
    let n = check::int("number->string", 1, &args[0])?;
    let r = radix("number->string", args)?;
    let magnitude = n.unsigned_abs();
    let digits = match r {
        2 => format!("{magnitude:b}"),
        8 => format!("{magnitude:o}"),
        16 => format!("{magnitude:x}"),
        _ => magnitude.to_string(),
    };
    Ok(Value::str(&format!("{}{digits}", if n < 0 { "-" } else { "" })))
}

fn string_to_number(args: &[Value]) -> Result<Value, Error> {
    let s = check::string("string->number", 1, &args[0])?.to_string();
    let r = radix("string->number", args)?;
    match parse_number(&s, r) {
        NumberSyntax::Integer(n) => Ok(Value::Int(n)),
        NumberSyntax::NotANumber | NumberSyntax::Bad => Ok(Value::Bool(false)),
        NumberSyntax::Outside(what) => Err(Error::other("string->number", what, vec![args[0].clone()])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn call(f: fn(&[Value]) -> Result<Value, Error>, args: &[i64]) -> Result<String, String> {
        let vals: Vec<Value> = args.iter().map(|n| Value::Int(*n)).collect();
        f(&vals).map(|v| crate::printer::write_string(&v)).map_err(|e| e.message())
    }

    #[rstest]
    #[case(floor_div as fn(&[Value]) -> Result<Value, Error>, &[5, 2], "#<values 2 1>")]
    #[case(floor_div, &[-5, 2], "#<values -3 1>")]
    #[case(floor_div, &[5, -2], "#<values -3 -1>")]
    #[case(floor_div, &[-5, -2], "#<values 2 -1>")]
    #[case(truncate_div, &[-5, 2], "#<values -2 -1>")]
    #[case(truncate_div, &[5, -2], "#<values -2 1>")]
    #[case(gcd, &[32, -36], "4")]
    #[case(gcd, &[], "0")]
    #[case(lcm, &[32, -36], "288")]
    #[case(lcm, &[], "1")]
    #[case(expt, &[2, 10], "1024")]
    #[case(expt, &[0, 0], "1")]
    #[case(exact_integer_sqrt, &[17], "#<values 4 1>")]
    #[case(exact_integer_sqrt, &[i64::MAX], "#<values 3037000499 5928526806>")]
    #[case(div, &[12, 3, 2], "2")]
    #[case(sub, &[5], "-5")]
    fn arithmetic(#[case] f: fn(&[Value]) -> Result<Value, Error>, #[case] args: &[i64], #[case] expected: &str) {
        assert_eq!(call(f, args), Ok(expected.to_string()));
    }

    #[rstest]
    #[case(add as fn(&[Value]) -> Result<Value, Error>, &[i64::MAX, 1])]
    #[case(mul, &[i64::MAX, 2])]
    #[case(sub, &[i64::MIN])]
    #[case(abs, &[i64::MIN])]
    #[case(expt, &[2, 64])]
    #[case(truncate_quotient, &[i64::MIN, -1])]
    fn overflow_raises(#[case] f: fn(&[Value]) -> Result<Value, Error>, #[case] args: &[i64]) {
        let e = call(f, args).expect_err("overflows");
        assert!(e.contains("64-bit"), "{e}");
    }

    #[test]
    fn non_integer_results_are_refused() {
        assert!(call(div, &[1, 2]).expect_err("rational").contains("outside the case dialect"));
        assert!(call(expt, &[2, -1]).expect_err("rational").contains("outside the case dialect"));
        assert!(call(truncate_quotient, &[1, 0]).expect_err("zero").contains("division by zero"));
    }

    #[rstest]
    #[case("255", 10, "255")]
    #[case("ff", 16, "255")]
    #[case("#xff", 10, "255")]
    #[case("-101", 2, "-5")]
    #[case("abc", 10, "#f")]
    #[case("", 10, "#f")]
    #[case("1+", 10, "#f")]
    fn string_to_number_cases(#[case] s: &str, #[case] radix: i64, #[case] expected: &str) {
        let v = string_to_number(&[Value::str(s), Value::Int(radix)]).expect("parses");
        assert_eq!(crate::printer::write_string(&v), expected);
    }

    #[test]
    fn string_to_number_refuses_inexact_syntax() {
        assert!(string_to_number(&[Value::str("1.5")]).is_err());
    }

    #[rstest]
    #[case(255, 16, "\"ff\"")]
    #[case(-5, 2, "\"-101\"")]
    #[case(i64::MIN, 10, "\"-9223372036854775808\"")]
    fn number_to_string_cases(#[case] n: i64, #[case] radix: i64, #[case] expected: &str) {
        let v = number_to_string(&[Value::Int(n), Value::Int(radix)]).expect("formats");
        assert_eq!(crate::printer::write_string(&v), expected);
    }
}
