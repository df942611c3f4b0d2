//! The printer: values to their R7RS external representations.
//!
//! `write` labels only what is needed to break cycles, `write-shared`
//! labels every shared pair or vector, `write-simple` labels nothing, and
//! `display` writes strings and characters as their contents. Printing is
//! iterative, so deeply nested data cannot exhaust the Rust stack.

use std::collections::HashMap;
use std::rc::Rc;

use crate::reader::char_name;
use crate::value::{Procedure, Symbol, Value};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// `write`: datum labels for cycles only.
    Write,
    /// `write-shared`: datum labels for all shared structure.
    Shared,
    /// `write-simple`: no labels (loops on cycles, as R7RS allows).
    Simple,
    /// `display`.
    Display,
}

pub fn write_string(v: &Value) -> String {
    to_string(v, Mode::Write)
}

pub fn display_string(v: &Value) -> String {
    to_string(v, Mode::Display)
}

pub fn to_string(v: &Value, mode: Mode) -> String {
    let mut out = String::new();
    print(v, mode, &mut out);
    out
}

fn node_id(v: &Value) -> Option<usize> {
    match v {
        Value::Pair(p) => Some(Rc::as_ptr(p) as *const u8 as usize),
        Value::Vector(x) => Some(Rc::as_ptr(x) as *const u8 as usize),
        _ => None,
    }
}

fn children(v: &Value) -> Vec<Value> {
    match v {
        Value::Pair(p) => vec![p.car.borrow().clone(), p.cdr.borrow().clone()],
        Value::Vector(x) => x.items.borrow().clone(),
        _ => Vec::new(),
    }
}

/// The pairs and vectors that need a datum label: those reached again
/// while still being visited (cycles), or, for `write-shared`, reached more
/// than once at all.
fn labelled_nodes(root: &Value, mode: Mode) -> HashMap<usize, Option<usize>> {
    let mut need = HashMap::new();
    if matches!(mode, Mode::Simple) || node_id(root).is_none() {
        return need;
    }
    #[derive(PartialEq)]
    enum State {
        OnPath,
        Done,
    }
    let mut state: HashMap<usize, State> = HashMap::new();
    // (node, whether its children were pushed)
    let mut stack: Vec<(Value, bool)> = vec![(root.clone(), false)];
    while let Some((v, expanded)) = stack.pop() {
        let Some(id) = node_id(&v) else { continue };
        if expanded {
            state.insert(id, State::Done);
            continue;
        }
        match state.get(&id) {
            Some(State::OnPath) => {
                need.insert(id, None);
                continue;
            }
            Some(State::Done) => {
                if mode == Mode::Shared {
                    need.insert(id, None);
                }
                continue;
            }
            None => {}
        }
        state.insert(id, State::OnPath);
        stack.push((v.clone(), true));
        for c in children(&v).into_iter().rev() {
            if node_id(&c).is_some() {
                stack.push((c, false));
            }
        }
    }
    need
}

enum Task {
    Value(Value),
    Text(&'static str),
    /// The rest of a list whose first element was printed.
    Tail(Value),
}

/// Appends the external representation of `v` to `out`.
pub fn print(v: &Value, mode: Mode, out: &mut String) {
    let mut labels = labelled_nodes(v, mode);
    let mut next_label = 0;
    let mut tasks = vec![Task::Value(v.clone())];
    while let Some(task) = tasks.pop() {
        match task {
            Task::Text(s) => out.push_str(s),
            Task::Tail(rest) => match &rest {
                Value::Null => out.push(')'),
                Value::Pair(p) if !node_id(&rest).is_some_and(|id| labels.contains_key(&id)) => {
                    out.push(' ');
                    tasks.push(Task::Tail(p.cdr.borrow().clone()));
                    tasks.push(Task::Value(p.car.borrow().clone()));
                }
                _ => {
                    out.push_str(" . ");
                    tasks.push(Task::Text(")"));
                    tasks.push(Task::Value(rest.clone()));
                }
            },
            Task::Value(v) => {
                if let Some(id) = node_id(&v) {
                    if let Some(label) = labels.get_mut(&id) {
                        match label {
                            Some(n) => {
                                out.push_str(&format!("#{n}#"));
                                continue;
                            }
                            None => {
                                *label = Some(next_label);
                                out.push_str(&format!("#{next_label}="));
                                next_label += 1;
                            }
                        }
                    }
                }
                match &v {
                    Value::Pair(p) => {
                        out.push('(');
                        tasks.push(Task::Tail(p.cdr.borrow().clone()));
                        tasks.push(Task::Value(p.car.borrow().clone()));
                    }
                    Value::Vector(x) => {
                        out.push_str("#(");
                        tasks.push(Task::Text(")"));
                        let items = x.items.borrow();
                        for (i, item) in items.iter().enumerate().rev() {
                            tasks.push(Task::Value(item.clone()));
                            if i > 0 {
                                tasks.push(Task::Text(" "));
                            }
                        }
                    }
                    other => print_atom(other, mode, out),
                }
            }
        }
    }
}

fn print_atom(v: &Value, mode: Mode, out: &mut String) {
    match v {
        Value::Null => out.push_str("()"),
        Value::Unspecified => out.push_str("#<unspecified>"),
        Value::Unassigned => out.push_str("#<unassigned>"),
        Value::Eof => out.push_str("#<eof>"),
        Value::Bool(true) => out.push_str("#t"),
        Value::Bool(false) => out.push_str("#f"),
        Value::Int(n) => out.push_str(&n.to_string()),
        Value::Char(c) => {
            if mode == Mode::Display {
                out.push(*c);
            } else {
                write_char(*c, out);
            }
        }
        Value::Symbol(s) => {
            if mode == Mode::Display {
                out.push_str(&s.name());
            } else {
                write_symbol(*s, out);
            }
        }
        Value::Str(s) => {
            let chars = s.chars.borrow();
            if mode == Mode::Display {
                out.extend(chars.iter());
            } else {
                write_string_literal(&chars, out);
            }
        }
        Value::Bytevector(b) => {
            out.push_str("#u8(");
            let bytes = b.bytes.borrow();
            for (i, byte) in bytes.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(&byte.to_string());
            }
            out.push(')');
        }
        Value::Procedure(p) => {
            let name = p.name();
            match &**p {
                Procedure::Continuation(_) => out.push_str("#<continuation>"),
                Procedure::Parameter(_) => out.push_str("#<parameter>"),
                _ if name.is_empty() => out.push_str("#<procedure>"),
                _ => out.push_str(&format!("#<procedure {name}>")),
            }
        }
        Value::Record(r) => out.push_str(&format!("#<{}>", r.rtd.name.base())),
        Value::RecordType(t) => out.push_str(&format!("#<record-type {}>", t.name.base())),
        Value::Error(e) => {
            out.push_str("#<error-object ");
            write_string_literal(&e.message.chars().collect::<Vec<_>>(), out);
            if let Some(irritants) = e.irritants.list_to_vec() {
                for i in irritants {
                    out.push(' ');
                    print(&i, Mode::Write, out);
                }
            }
            out.push('>');
        }
        Value::Promise(_) => out.push_str("#<promise>"),
        Value::Port(p) => out.push_str(&format!("#<{}>", p.description())),
        Value::Socket(s) => out.push_str(&format!("#<{}>", s.description())),
        Value::Values(vs) => {
            out.push_str("#<values");
            for v in vs.iter() {
                out.push(' ');
                print(v, mode, out);
            }
            out.push('>');
        }
        Value::Pair(_) | Value::Vector(_) => print(v, mode, out),
    }
}

fn write_char(c: char, out: &mut String) {
    out.push_str("#\\");
    if let Some(name) = char_name(c) {
        out.push_str(name);
    } else if c.is_control() {
        out.push_str(&format!("x{:x}", c as u32));
    } else {
        out.push(c);
    }
}

fn write_string_literal(chars: &[char], out: &mut String) {
    out.push('"');
    for &c in chars {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            c if c.is_control() => out.push_str(&format!("\\x{:x};", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Whether a symbol name reads back as the same symbol without `|...|`.
fn is_plain_identifier(name: &str) -> bool {
    let Some(first) = name.chars().next() else { return false };
    if name == "." {
        return false;
    }
    if name.chars().any(|c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '(' | ')' | '"' | ';' | '|' | '\'' | '`' | ',' | '\\' | '[' | ']' | '{' | '}')
    }) {
        return false;
    }
    if first == '#' {
        return false;
    }
    // Anything that starts like a number must be written with bars.
    let rest = name.strip_prefix(['+', '-']).unwrap_or(name);
    let numeric_start = rest.starts_with(|c: char| c.is_ascii_digit())
        || (rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit()));
    if numeric_start {
        return false;
    }
    !matches!(name.to_ascii_lowercase().as_str(), "+inf.0" | "-inf.0" | "+nan.0" | "-nan.0" | "+i" | "-i")
}

fn write_symbol(s: Symbol, out: &mut String) {
    let name = s.name();
    if is_plain_identifier(&name) {
        out.push_str(&name);
        return;
    }
    out.push('|');
    for c in name.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\x{:x};", c as u32)),
            c => out.push(c),
        }
    }
    out.push('|');
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(Value::str("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"", "a\"b\\c\nd")]
    #[case(Value::Char(' '), "#\\space", " ")]
    #[case(Value::Char('\0'), "#\\null", "\0")]
    #[case(Value::Char('\u{1}'), "#\\x1", "\u{1}")]
    #[case(Value::sym("abc"), "abc", "abc")]
    #[case(Value::sym("a b"), "|a b|", "a b")]
    #[case(Value::sym(""), "||", "")]
    #[case(Value::sym("1+"), "|1+|", "1+")]
    #[case(Value::sym("..."), "...", "...")]
    #[case(Value::bytevector(vec![1, 2, 255]), "#u8(1 2 255)", "#u8(1 2 255)")]
    #[case(Value::list([Value::str("a"), Value::Char('b'), Value::sym("c")]), "(\"a\" #\\b c)", "(a b c)")]
    #[case(Value::cons(Value::Int(1), Value::Int(2)), "(1 . 2)", "(1 . 2)")]
    #[case(Value::vector(vec![]), "#()", "#()")]
    #[case(Value::Int(-5), "-5", "-5")]
    fn write_and_display(#[case] v: Value, #[case] written: &str, #[case] displayed: &str) {
        assert_eq!(write_string(&v), written);
        assert_eq!(display_string(&v), displayed);
    }

    fn cyclic_list() -> Value {
        let l = Value::list([Value::Int(1), Value::Int(2)]);
        if let Some(Value::Pair(second)) = l.cdr() {
            *second.cdr.borrow_mut() = l.clone();
        }
        l
    }

    fn break_cycle(l: &Value) {
        if let Some(Value::Pair(second)) = l.cdr() {
            *second.cdr.borrow_mut() = Value::Null;
        }
    }

    #[test]
    fn write_labels_cycles() {
        let l = cyclic_list();
        assert_eq!(write_string(&l), "#0=(1 2 . #0#)");
        break_cycle(&l);
    }

    #[test]
    fn write_shared_labels_sharing_but_write_does_not() {
        let shared = Value::list([Value::Int(1)]);
        let v = Value::list([shared.clone(), shared]);
        assert_eq!(write_string(&v), "((1) (1))");
        assert_eq!(to_string(&v, Mode::Shared), "(#0=(1) #0#)");
        assert_eq!(to_string(&v, Mode::Simple), "((1) (1))");
    }

    #[test]
    fn deep_nesting_prints_iteratively() {
        let mut v = Value::Null;
        for _ in 0..200_000 {
            v = Value::list([v]);
        }
        let s = write_string(&v);
        assert_eq!(s.len(), 200_000 * 2 + 2);
    }
}
