//! Pairs and lists, symbols, booleans and equivalence (R7RS 6.1, 6.3–6.5),
//! and `(scheme cxr)`.

use std::rc::Rc;

use super::{at_least, between, exactly, interp, pure};
use crate::error::{Error, Unwind, Unwinding};
use crate::eval::{Builtin, Interp};
use crate::library::Lib::{Base, Cxr};
use crate::value::{check, equal, eqv, Pair, SString, Symbol, Value};

pub static TABLE: &[Builtin] = &[
    pure(Base, "pair?", exactly(1), is_pair),
    pure(Base, "cons", exactly(2), cons),
    pure(Base, "car", exactly(1), car),
    pure(Base, "cdr", exactly(1), cdr),
    pure(Base, "set-car!", exactly(2), set_car),
    pure(Base, "set-cdr!", exactly(2), set_cdr),
    pure(Base, "caar", exactly(1), caar),
    pure(Base, "cadr", exactly(1), cadr),
    pure(Base, "cdar", exactly(1), cdar),
    pure(Base, "cddr", exactly(1), cddr),
    pure(Base, "null?", exactly(1), is_null),
    pure(Base, "list?", exactly(1), is_list),
    pure(Base, "make-list", between(1, 2), make_list),
    pure(Base, "list", at_least(0), list),
    pure(Base, "length", exactly(1), length),
    pure(Base, "append", at_least(0), append),
    pure(Base, "reverse", exactly(1), reverse),
    pure(Base, "list-tail", exactly(2), list_tail),
    pure(Base, "list-ref", exactly(2), list_ref),
    pure(Base, "list-set!", exactly(3), list_set),
    pure(Base, "list-copy", exactly(1), list_copy),
    pure(Base, "memq", exactly(2), memq),
    pure(Base, "memv", exactly(2), memv),
    interp(Base, "member", between(2, 3), member),
    pure(Base, "assq", exactly(2), assq),
    pure(Base, "assv", exactly(2), assv),
    interp(Base, "assoc", between(2, 3), assoc),
    pure(Base, "symbol?", exactly(1), is_symbol),
    pure(Base, "symbol=?", at_least(2), symbol_eq),
    pure(Base, "symbol->string", exactly(1), symbol_to_string),
    pure(Base, "string->symbol", exactly(1), string_to_symbol),
    pure(Base, "not", exactly(1), not),
    pure(Base, "boolean?", exactly(1), is_boolean),
    pure(Base, "boolean=?", at_least(2), boolean_eq),
    pure(Base, "eq?", exactly(2), is_eqv),
    pure(Base, "eqv?", exactly(2), is_eqv),
    pure(Base, "equal?", exactly(2), is_equal),
    pure(Cxr, "caaar", exactly(1), caaar),
    pure(Cxr, "caadr", exactly(1), caadr),
    pure(Cxr, "cadar", exactly(1), cadar),
    pure(Cxr, "caddr", exactly(1), caddr),
    pure(Cxr, "cdaar", exactly(1), cdaar),
    pure(Cxr, "cdadr", exactly(1), cdadr),
    pure(Cxr, "cddar", exactly(1), cddar),
    pure(Cxr, "cdddr", exactly(1), cdddr),
    pure(Cxr, "caaaar", exactly(1), caaaar),
    pure(Cxr, "caaadr", exactly(1), caaadr),
    pure(Cxr, "caadar", exactly(1), caadar),
    pure(Cxr, "caaddr", exactly(1), caaddr),
    pure(Cxr, "cadaar", exactly(1), cadaar),
    pure(Cxr, "cadadr", exactly(1), cadadr),
    pure(Cxr, "caddar", exactly(1), caddar),
    pure(Cxr, "cadddr", exactly(1), cadddr),
    pure(Cxr, "cdaaar", exactly(1), cdaaar),
    pure(Cxr, "cdaadr", exactly(1), cdaadr),
    pure(Cxr, "cdadar", exactly(1), cdadar),
    pure(Cxr, "cdaddr", exactly(1), cdaddr),
    pure(Cxr, "cddaar", exactly(1), cddaar),
    pure(Cxr, "cddadr", exactly(1), cddadr),
    pure(Cxr, "cdddar", exactly(1), cdddar),
    pure(Cxr, "cddddr", exactly(1), cddddr),
];

fn is_pair(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Pair(_))))
}

fn cons(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::cons(args[0].clone(), args[1].clone()))
}

fn car(args: &[Value]) -> Result<Value, Error> {
    Ok(check::pair("car", 1, &args[0])?.car.borrow().clone())
}

fn cdr(args: &[Value]) -> Result<Value, Error> {
    Ok(check::pair("cdr", 1, &args[0])?.cdr.borrow().clone())
}

fn mutable_pair<'a>(who: &'static str, v: &'a Value) -> Result<&'a Rc<Pair>, Error> {
    let p = check::pair(who, 1, v)?;
    if !p.mutable {
        return Err(Error::Immutable { who, value: v.clone() });
    }
    Ok(p)
}

fn set_car(args: &[Value]) -> Result<Value, Error> {
    *mutable_pair("set-car!", &args[0])?.car.borrow_mut() = args[1].clone();
    Ok(Value::Unspecified)
}

fn set_cdr(args: &[Value]) -> Result<Value, Error> {
    *mutable_pair("set-cdr!", &args[0])?.cdr.borrow_mut() = args[1].clone();
    Ok(Value::Unspecified)
}

/// `c[ad]+r`: `path` is read right to left, as in the name.
fn cxr(who: &'static str, path: &str, v: &Value) -> Result<Value, Error> {
    let mut cur = v.clone();
    for step in path.chars().rev() {
        let next = match &cur {
            Value::Pair(p) if step == 'a' => p.car.borrow().clone(),
            Value::Pair(p) => p.cdr.borrow().clone(),
            _ => return Err(Error::wrong_type(who, 1, "list structure deep enough for this accessor", v)),
        };
        cur = next;
    }
    Ok(cur)
}

macro_rules! cxr_procedures {
    ($($name:ident = $path:literal),* $(,)?) => {
        $(fn $name(args: &[Value]) -> Result<Value, Error> {
            cxr(concat!("c", $path, "r"), $path, &args[0])
        })*
    };
}

cxr_procedures! {
    caar = "aa", cadr = "ad", cdar = "da", cddr = "dd",
    caaar = "aaa", caadr = "aad", cadar = "ada", caddr = "add",
    cdaar = "daa", cdadr = "dad", cddar = "dda", cdddr = "ddd",
    caaaar = "aaaa", caaadr = "aaad", caadar = "aada", caaddr = "aadd",
    cadaar = "adaa", cadadr = "adad", caddar = "adda", cadddr = "addd",
    cdaaar = "daaa", cdaadr = "daad", cdadar = "dada", cdaddr = "dadd",
    cddaar = "ddaa", cddadr = "ddad", cdddar = "ddda", cddddr = "dddd",
}

fn is_null(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Null)))
}

fn is_list(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(args[0].list_to_vec().is_some()))
}

fn make_list(args: &[Value]) -> Result<Value, Error> {
    let n = check::index("make-list", 1, &args[0])?;
    let fill = args.get(1).cloned().unwrap_or(Value::Unspecified);
    // Each element becomes a pair: check the pairs' size up front.
    crate::value::meter::check((n as u64).saturating_mul(std::mem::size_of::<crate::value::Pair>() as u64))?;
    Ok(Value::list(crate::value::filled("make-list", n, fill)?))
}

fn list(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::list(args.iter().cloned()))
}

fn length(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Int(check::list("length", 1, &args[0])?.len() as i64))
}

fn append(args: &[Value]) -> Result<Value, Error> {
    let Some((last, init)) = args.split_last() else { return Ok(Value::Null) };
    let mut items = Vec::new();
    for (i, l) in init.iter().enumerate() {
        items.extend(check::list("append", i + 1, l)?);
    }
    Ok(Value::list_with_tail(items, last.clone()))
}

fn reverse(args: &[Value]) -> Result<Value, Error> {
    let items = check::list("reverse", 1, &args[0])?;
    Ok(items.into_iter().fold(Value::Null, |acc, x| Value::cons(x, acc)))
}

/// The `k`th cdr of `v`.
fn tail(who: &'static str, v: &Value, k: &Value) -> Result<Value, Error> {
    let n = check::index(who, 2, k)?;
    let mut cur = v.clone();
    for _ in 0..n {
        cur = match &cur {
            Value::Pair(p) => p.cdr.borrow().clone(),
            _ => return Err(Error::out_of_range(who, 2, k)),
        };
    }
    Ok(cur)
}

fn list_tail(args: &[Value]) -> Result<Value, Error> {
    tail("list-tail", &args[0], &args[1])
}

fn list_ref(args: &[Value]) -> Result<Value, Error> {
    match tail("list-ref", &args[0], &args[1])? {
        Value::Pair(p) => Ok(p.car.borrow().clone()),
        _ => Err(Error::out_of_range("list-ref", 2, &args[1])),
    }
}

fn list_set(args: &[Value]) -> Result<Value, Error> {
    match tail("list-set!", &args[0], &args[1])? {
        Value::Pair(p) if p.mutable => {
            *p.car.borrow_mut() = args[2].clone();
            Ok(Value::Unspecified)
        }
        Value::Pair(_) => Err(Error::Immutable { who: "list-set!", value: args[0].clone() }),
        _ => Err(Error::out_of_range("list-set!", 2, &args[1])),
    }
}

fn list_copy(args: &[Value]) -> Result<Value, Error> {
    let mut items = Vec::new();
    let mut cur = args[0].clone();
    let mut slow = args[0].clone();
    while let Value::Pair(p) = &cur {
        items.push(p.car.borrow().clone());
        let next = p.cdr.borrow().clone();
        cur = next;
        if items.len() % 2 == 0 {
            slow = slow.cdr().unwrap_or_default();
            if let (Value::Pair(a), Value::Pair(b)) = (&slow, &cur) {
                if Rc::ptr_eq(a, b) {
                    return Err(Error::wrong_type("list-copy", 1, "non-circular list", &args[0]));
                }
            }
        }
    }
    Ok(Value::list_with_tail(items, cur))
}

/// The first pair of `list` whose car satisfies `hit`.
fn find_tail(
    who: &'static str,
    list: &Value,
    mut hit: impl FnMut(&Value) -> Result<bool, Unwind>,
) -> Result<Value, Unwind> {
    let mut cur = list.clone();
    // A second cursor at half speed: meeting it means the list is circular.
    let mut slow = list.clone();
    let mut steps = 0u64;
    loop {
        match &cur {
            Value::Pair(p) => {
                let item = p.car.borrow().clone();
                if hit(&item)? {
                    return Ok(cur);
                }
                let next = p.cdr.borrow().clone();
                cur = next;
            }
            Value::Null => return Ok(Value::Bool(false)),
            _ => return Err(Error::wrong_type(who, 2, "proper list", list).into()),
        }
        steps += 1;
        if steps % 2 == 0 {
            slow = slow.cdr().unwrap_or_default();
            if let (Value::Pair(a), Value::Pair(b)) = (&slow, &cur) {
                if Rc::ptr_eq(a, b) {
                    return Err(Error::wrong_type(who, 2, "proper list", list).into());
                }
            }
        }
    }
}

fn pure_result(r: Result<Value, Unwind>) -> Result<Value, Error> {
    r.map_err(|u| match u.into_kind() {
        Unwinding::Error(e) => e,
        _ => unreachable!("pure searches only fail with errors"),
    })
}

fn memq(args: &[Value]) -> Result<Value, Error> {
    pure_result(find_tail("memq", &args[1], |x| Ok(eqv(&args[0], x))))
}

fn memv(args: &[Value]) -> Result<Value, Error> {
    pure_result(find_tail("memv", &args[1], |x| Ok(eqv(&args[0], x))))
}

fn member(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    match args.get(2) {
        None => find_tail("member", &args[1], |x| Ok(equal(&args[0], x))),
        Some(compare) => {
            check::procedure("member", 3, compare)?;
            find_tail("member", &args[1], |x| {
                Ok(it.apply(compare.clone(), vec![args[0].clone(), x.clone()])?.is_true())
            })
        }
    }
}

/// The first element of an association list whose key satisfies `hit`.
fn find_entry(
    who: &'static str,
    alist: &Value,
    mut hit: impl FnMut(&Value) -> Result<bool, Unwind>,
) -> Result<Value, Unwind> {
    let entries = check::list(who, 2, alist)?;
    for entry in entries {
        let Value::Pair(p) = &entry else {
            return Err(Error::wrong_type(who, 2, "association list (a list of pairs)", alist).into());
        };
        let key = p.car.borrow().clone();
        if hit(&key)? {
            return Ok(entry.clone());
        }
    }
    Ok(Value::Bool(false))
}

fn assq(args: &[Value]) -> Result<Value, Error> {
    pure_result(find_entry("assq", &args[1], |k| Ok(eqv(&args[0], k))))
}

fn assv(args: &[Value]) -> Result<Value, Error> {
    pure_result(find_entry("assv", &args[1], |k| Ok(eqv(&args[0], k))))
}

fn assoc(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    match args.get(2) {
        None => find_entry("assoc", &args[1], |k| Ok(equal(&args[0], k))),
        Some(compare) => {
            check::procedure("assoc", 3, compare)?;
            find_entry("assoc", &args[1], |k| {
                Ok(it.apply(compare.clone(), vec![args[0].clone(), k.clone()])?.is_true())
            })
        }
    }
}

fn is_symbol(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Symbol(_))))
}

fn symbol_eq(args: &[Value]) -> Result<Value, Error> {
    let syms = args
        .iter()
        .enumerate()
        .map(|(i, v)| check::symbol("symbol=?", i + 1, v))
        .collect::<Result<Vec<Symbol>, _>>()?;
    Ok(Value::Bool(syms.windows(2).all(|w| w[0] == w[1])))
}

fn symbol_to_string(args: &[Value]) -> Result<Value, Error> {
    let s = check::symbol("symbol->string", 1, &args[0])?;
    Ok(Value::Str(Rc::new(SString { chars: std::cell::RefCell::new(s.name().chars().collect()), mutable: false })))
}

fn string_to_symbol(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Symbol(Symbol::intern(&check::string("string->symbol", 1, &args[0])?.to_string())))
}

fn not(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Bool(false))))
}

fn is_boolean(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Bool(_))))
}

fn boolean_eq(args: &[Value]) -> Result<Value, Error> {
    let bs = args
        .iter()
        .enumerate()
        .map(|(i, v)| match v {
            Value::Bool(b) => Ok(*b),
            _ => Err(Error::wrong_type("boolean=?", i + 1, "boolean", v)),
        })
        .collect::<Result<Vec<bool>, _>>()?;
    Ok(Value::Bool(bs.windows(2).all(|w| w[0] == w[1])))
}

fn is_eqv(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(eqv(&args[0], &args[1])))
}

fn is_equal(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(equal(&args[0], &args[1])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::write_string;

    fn ints(ns: &[i64]) -> Value {
        Value::list(ns.iter().map(|n| Value::Int(*n)))
    }

    #[test]
    fn cxr_follows_the_name_right_to_left() {
        let v = Value::list([Value::Int(1), ints(&[2, 3]), Value::Int(4)]);
        assert_eq!(write_string(&caddr(std::slice::from_ref(&v)).expect("caddr")), "4");
        assert_eq!(write_string(&cadadr(std::slice::from_ref(&v)).expect("cadadr")), "3");
        assert!(cadddr(&[v]).is_err());
    }

    #[test]
    fn append_shares_the_last_argument_and_checks_the_others() {
        let v = append(&[ints(&[1]), ints(&[2]), Value::Int(3)]).expect("append");
        assert_eq!(write_string(&v), "(1 2 . 3)");
        assert!(append(&[Value::Int(1), ints(&[2])]).is_err());
    }

    #[test]
    fn literal_pairs_are_immutable() {
        let (datums, _) = crate::reader::read_all("(1 2)", "t").expect("reads");
        let e = set_car(&[datums[0].clone(), Value::Int(9)]).expect_err("immutable");
        assert!(e.message().contains("literal constant"));
    }

    #[test]
    fn searches() {
        let l = ints(&[1, 2, 3]);
        assert_eq!(write_string(&memv(&[Value::Int(2), l.clone()]).expect("memv")), "(2 3)");
        assert_eq!(write_string(&memq(&[Value::Int(9), l]).expect("memq")), "#f");
        let alist = Value::list([Value::cons(Value::sym("a"), Value::Int(1))]);
        assert_eq!(write_string(&assq(&[Value::sym("a"), alist]).expect("assq")), "(a . 1)");
        assert!(memq(&[Value::Int(1), Value::cons(Value::Int(0), Value::Int(2))]).is_err());
    }

    #[test]
    fn list_tail_and_ref_check_ranges() {
        let l = ints(&[1, 2]);
        assert_eq!(write_string(&list_tail(&[l.clone(), Value::Int(2)]).expect("tail")), "()");
        assert!(list_ref(&[l.clone(), Value::Int(2)]).is_err());
        assert!(list_tail(&[l, Value::Int(3)]).is_err());
    }
}
