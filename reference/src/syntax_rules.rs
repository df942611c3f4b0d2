//! `syntax-rules` (R7RS 4.3.2): parsing transformers, matching patterns,
//! transcribing templates.
//!
//! Literals match by binding (`free-identifier=?`), not by name. Every
//! identifier a template introduces is renamed to a fresh alias of the
//! macro's definition scope, once per expansion, which is what keeps
//! expansions hygienic (see `syntax.rs`).

use std::rc::Rc;

use crate::error::Error;
use crate::syntax::{Expander, Resolved, Scope, Special};
use crate::value::{equal, FastMap, Symbol, Value};

pub struct Macro {
    pub name: Symbol,
    /// A custom ellipsis identifier (`(syntax-rules ::: (...) ...)`).
    pub ellipsis: Option<Symbol>,
    pub literals: Vec<Symbol>,
    pub rules: Vec<(Value, Value)>,
    /// The scope the macro was defined in.
    pub env: Rc<Scope>,
}

/// What a pattern variable matched: one form, or (under an ellipsis) a
/// sequence of matches.
#[derive(Clone)]
enum Match {
    One(Value),
    Many(Rc<Vec<Match>>),
}

type Bindings = FastMap<Symbol, Match>;

fn bad(m_name: Symbol, msg: impl Into<String>, form: &Value) -> Error {
    Error::syntax(format!("{}: {}", m_name.base(), msg.into()), form)
}

/// Parses `(syntax-rules [ellipsis] (literal ...) (pattern template) ...)`.
pub fn parse(ex: &Expander, name: Symbol, spec: &Value, scope: &Rc<Scope>) -> Result<Macro, Error> {
    let items = spec.list_to_vec().ok_or_else(|| bad(name, "syntax-rules: expected a proper list", spec))?;
    let (ellipsis, rest) = match items.get(1) {
        Some(Value::Symbol(e)) => (Some(*e), &items[2..]),
        _ => (None, &items[1..]),
    };
    let Some(literal_list) = rest.first() else {
        return Err(bad(name, "syntax-rules: expected a list of literals", spec));
    };
    let mut literals = Vec::new();
    for l in literal_list
        .list_to_vec()
        .ok_or_else(|| bad(name, "syntax-rules: literals must be a list of identifiers", spec))?
    {
        match l {
            Value::Symbol(s) => literals.push(s),
            _ => return Err(bad(name, "syntax-rules: literals must be identifiers", spec)),
        }
    }
    let mut m = Macro { name, ellipsis, literals, rules: Vec::new(), env: scope.clone() };
    for rule in &rest[1..] {
        let parts = rule
            .list_to_vec()
            .filter(|p| p.len() == 2)
            .ok_or_else(|| bad(name, "each rule is (pattern template)", rule))?;
        if !matches!(parts[0], Value::Pair(_)) {
            return Err(bad(name, "a pattern must be a list starting with the keyword position", rule));
        }
        check_pattern(ex, &m, &parts[0])?;
        m.rules.push((parts[0].clone(), parts[1].clone()));
    }
    Ok(m)
}

/// Rejects patterns with two ellipses at one level or a leading ellipsis.
fn check_pattern(ex: &Expander, m: &Macro, pat: &Value) -> Result<(), Error> {
    let (elems, tail) = improper_items(pat);
    let mut seen = false;
    for (i, e) in elems.iter().enumerate() {
        if let Value::Symbol(s) = e {
            if is_ellipsis(ex, m, *s) {
                if seen || i == 0 {
                    return Err(bad(m.name, "misplaced ellipsis in pattern", pat));
                }
                seen = true;
                continue;
            }
        }
        if matches!(e, Value::Pair(_) | Value::Vector(_)) {
            check_pattern(ex, m, e)?;
        }
    }
    if let Value::Vector(v) = pat {
        let as_list = Value::list(v.items.borrow().iter().cloned());
        return check_pattern(ex, m, &as_list);
    }
    if matches!(tail, Value::Pair(_) | Value::Vector(_)) {
        check_pattern(ex, m, &tail)?;
    }
    Ok(())
}

/// The elements of a possibly improper list, and its final cdr.
fn improper_items(v: &Value) -> (Vec<Value>, Value) {
    let mut items = Vec::new();
    let mut cur = v.clone();
    while let Value::Pair(p) = &cur {
        items.push(p.car.borrow().clone());
        let next = p.cdr.borrow().clone();
        cur = next;
    }
    (items, cur)
}

fn is_literal(m: &Macro, s: Symbol) -> bool {
    m.literals.contains(&s)
}

fn is_ellipsis(ex: &Expander, m: &Macro, s: Symbol) -> bool {
    if is_literal(m, s) {
        return false;
    }
    match m.ellipsis {
        Some(e) => s == e,
        None => {
            &*s.base().name() == "..."
                && matches!(ex.resolve(s, &m.env), Resolved::Special(Special::Ellipsis) | Resolved::Unbound { .. })
        }
    }
}

fn is_underscore(ex: &Expander, m: &Macro, s: Symbol) -> bool {
    !is_literal(m, s)
        && &*s.base().name() == "_"
        && matches!(ex.resolve(s, &m.env), Resolved::Special(Special::Underscore) | Resolved::Unbound { .. })
}

/// Expands one use of `m`.
pub fn expand(ex: &mut Expander, m: &Rc<Macro>, form: &Value, use_scope: &Rc<Scope>) -> Result<Value, Error> {
    let args = form.cdr().unwrap_or_default();
    for (pattern, template) in &m.rules {
        let mut binds = Bindings::default();
        let pat_args = pattern.cdr().unwrap_or_default();
        if matches(ex, m, use_scope, &pat_args, &args, &mut binds)? {
            let mut renames = FastMap::default();
            return transcribe(ex, m, template, &binds, &mut renames, false);
        }
    }
    Err(bad(m.name, "no syntax-rules clause matches this use", form))
}

fn pattern_vars(ex: &Expander, m: &Macro, pat: &Value, out: &mut Vec<Symbol>) {
    match pat {
        Value::Symbol(s) if !is_literal(m, *s) && !is_ellipsis(ex, m, *s) && !is_underscore(ex, m, *s) => out.push(*s),
        Value::Pair(p) => {
            pattern_vars(ex, m, &p.car.borrow(), out);
            pattern_vars(ex, m, &p.cdr.borrow(), out);
        }
        Value::Vector(v) => {
            for x in v.items.borrow().iter() {
                pattern_vars(ex, m, x, out);
            }
        }
        _ => {}
    }
}

fn matches(
    ex: &Expander,
    m: &Macro,
    use_scope: &Rc<Scope>,
    pat: &Value,
    form: &Value,
    binds: &mut Bindings,
) -> Result<bool, Error> {
    match pat {
        Value::Symbol(p) => {
            if is_literal(m, *p) {
                let Value::Symbol(f) = form else { return Ok(false) };
                return Ok(ex.resolve(*f, use_scope).same_binding(&ex.resolve(*p, &m.env)));
            }
            if !is_underscore(ex, m, *p) {
                binds.insert(*p, Match::One(form.clone()));
            }
            Ok(true)
        }
        Value::Pair(_) => {
            let (pelems, ptail) = improper_items(pat);
            let (felems, ftail) = improper_items(form);
            match_sequence(ex, m, use_scope, &pelems, &ptail, &felems, &ftail, binds)
        }
        Value::Vector(pv) => {
            let Value::Vector(fv) = form else { return Ok(false) };
            let pelems = pv.items.borrow().clone();
            let felems = fv.items.borrow().clone();
            match_sequence(ex, m, use_scope, &pelems, &Value::Null, &felems, &Value::Null, binds)
        }
        Value::Null => Ok(matches!(form, Value::Null)),
        datum => Ok(equal(datum, form)),
    }
}

#[allow(clippy::too_many_arguments)]
fn match_sequence(
    ex: &Expander,
    m: &Macro,
    use_scope: &Rc<Scope>,
    pelems: &[Value],
    ptail: &Value,
    felems: &[Value],
    ftail: &Value,
    binds: &mut Bindings,
) -> Result<bool, Error> {
    let ellipsis_at = pelems.iter().position(|p| matches!(p, Value::Symbol(s) if is_ellipsis(ex, m, *s)));
    let Some(e) = ellipsis_at else {
        // No ellipsis: element by element, then the tails.
        if felems.len() < pelems.len() {
            return Ok(false);
        }
        for (p, f) in pelems.iter().zip(felems) {
            if !matches(ex, m, use_scope, p, f, binds)? {
                return Ok(false);
            }
        }
        let rest = Value::list_with_tail(felems[pelems.len()..].iter().cloned(), ftail.clone());
        return matches(ex, m, use_scope, ptail, &rest, binds);
    };
    let before = &pelems[..e - 1];
    let repeated = &pelems[e - 1];
    let after = &pelems[e + 1..];
    if felems.len() < before.len() + after.len() {
        return Ok(false);
    }
    // With a proper-list pattern the form must be proper too.
    if matches!(ptail, Value::Null) && !matches!(ftail, Value::Null) {
        return Ok(false);
    }
    for (p, f) in before.iter().zip(felems) {
        if !matches(ex, m, use_scope, p, f, binds)? {
            return Ok(false);
        }
    }
    let reps = &felems[before.len()..felems.len() - after.len()];
    let mut vars = Vec::new();
    pattern_vars(ex, m, repeated, &mut vars);
    let mut seqs: Vec<Vec<Match>> = vec![Vec::new(); vars.len()];
    for f in reps {
        let mut b = Bindings::default();
        if !matches(ex, m, use_scope, repeated, f, &mut b)? {
            return Ok(false);
        }
        for (i, v) in vars.iter().enumerate() {
            seqs[i].push(b.remove(v).unwrap_or_else(|| Match::Many(Rc::new(Vec::new()))));
        }
    }
    for (v, seq) in vars.into_iter().zip(seqs) {
        binds.insert(v, Match::Many(Rc::new(seq)));
    }
    for (p, f) in after.iter().zip(&felems[felems.len() - after.len()..]) {
        if !matches(ex, m, use_scope, p, f, binds)? {
            return Ok(false);
        }
    }
    if matches!(ptail, Value::Null) {
        return Ok(true);
    }
    matches(ex, m, use_scope, ptail, ftail, binds)
}

fn transcribe(
    ex: &mut Expander,
    m: &Rc<Macro>,
    t: &Value,
    binds: &Bindings,
    renames: &mut FastMap<Symbol, Symbol>,
    escaped: bool,
) -> Result<Value, Error> {
    match t {
        Value::Symbol(s) => match binds.get(s) {
            Some(Match::One(v)) => Ok(v.clone()),
            Some(Match::Many(_)) => Err(bad(
                m.name,
                format!("pattern variable `{}` needs an ellipsis after it in the template", s.base()),
                t,
            )),
            None => {
                let alias = match renames.get(s) {
                    Some(a) => *a,
                    None => {
                        let a = ex.make_alias(*s, &m.env);
                        renames.insert(*s, a);
                        a
                    }
                };
                Ok(Value::Symbol(alias))
            }
        },
        Value::Pair(_) => {
            let (elems, tail) = improper_items(t);
            // (... ...) and (... template): the escape.
            if !escaped {
                if let Some(Value::Symbol(first)) = elems.first() {
                    if is_ellipsis(ex, m, *first) && elems.len() == 2 && matches!(tail, Value::Null) {
                        return transcribe(ex, m, &elems[1], binds, renames, true);
                    }
                }
            }
            let out = transcribe_elements(ex, m, &elems, binds, renames, escaped)?;
            let tail = transcribe(ex, m, &tail, binds, renames, escaped)?;
            Ok(Value::list_with_tail(out, tail))
        }
        Value::Vector(v) => {
            let elems = v.items.borrow().clone();
            Ok(Value::vector(transcribe_elements(ex, m, &elems, binds, renames, escaped)?))
        }
        other => Ok(other.clone()),
    }
}

fn transcribe_elements(
    ex: &mut Expander,
    m: &Rc<Macro>,
    elems: &[Value],
    binds: &Bindings,
    renames: &mut FastMap<Symbol, Symbol>,
    escaped: bool,
) -> Result<Vec<Value>, Error> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < elems.len() {
        let e = &elems[i];
        let mut depth = 0;
        while !escaped && matches!(elems.get(i + 1 + depth), Some(Value::Symbol(s)) if is_ellipsis(ex, m, *s)) {
            depth += 1;
        }
        if depth == 0 {
            out.push(transcribe(ex, m, e, binds, renames, escaped)?);
        } else {
            out.extend(expand_ellipsis(ex, m, e, binds, renames, depth)?);
        }
        i += 1 + depth;
    }
    Ok(out)
}

fn template_vars(t: &Value, binds: &Bindings, out: &mut Vec<Symbol>) {
    match t {
        Value::Symbol(s) if binds.contains_key(s) && !out.contains(s) => out.push(*s),
        Value::Pair(p) => {
            template_vars(&p.car.borrow(), binds, out);
            template_vars(&p.cdr.borrow(), binds, out);
        }
        Value::Vector(v) => {
            for x in v.items.borrow().iter() {
                template_vars(x, binds, out);
            }
        }
        _ => {}
    }
}

/// Transcribes `t` followed by `depth` ellipses.
fn expand_ellipsis(
    ex: &mut Expander,
    m: &Rc<Macro>,
    t: &Value,
    binds: &Bindings,
    renames: &mut FastMap<Symbol, Symbol>,
    depth: usize,
) -> Result<Vec<Value>, Error> {
    let mut vars = Vec::new();
    template_vars(t, binds, &mut vars);
    let iterating: Vec<Symbol> = vars.into_iter().filter(|v| matches!(binds.get(v), Some(Match::Many(_)))).collect();
    if iterating.is_empty() {
        return Err(bad(m.name, "an ellipsis in the template follows no pattern variable bound under an ellipsis", t));
    }
    let mut len = None;
    for v in &iterating {
        if let Some(Match::Many(items)) = binds.get(v) {
            match len {
                None => len = Some(items.len()),
                Some(n) if n != items.len() => {
                    return Err(bad(
                        m.name,
                        "pattern variables under one ellipsis matched sequences of different lengths",
                        t,
                    ));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for i in 0..len.unwrap_or(0) {
        let mut b = binds.clone();
        for v in &iterating {
            if let Some(Match::Many(items)) = binds.get(v) {
                b.insert(*v, items[i].clone());
            }
        }
        if depth == 1 {
            out.push(transcribe(ex, m, t, &b, renames, false)?);
        } else {
            out.extend(expand_ellipsis(ex, m, t, &b, renames, depth - 1)?);
        }
    }
    Ok(out)
}
