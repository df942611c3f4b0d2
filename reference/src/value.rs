//! Scheme values: the data every other module passes around.
//!
//! One `Value` enum covers the whole dialect. Heap objects are reference
//! counted (`Rc`), mutable ones sit behind `RefCell`, and objects that came
//! from literals are marked immutable so that mutating them raises an error,
//! as on the strict Schemes the suite must stay portable to.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use crate::error::Error;
use crate::eval::{Builtin, Frame, Lambda};
use crate::port::Port;
use crate::socket::Socket;

/// The allocation meter: how many bytes of data (pairs, strings, vectors,
/// bytevectors, string-port output) this thread's program has made, and
/// the most it may make (`Limits::allocation`). Counted as made, not as
/// live: a budget for a run, checked by the evaluator at every step and by
/// procedures before they make something large.
pub mod meter {
    use std::cell::Cell;

    use crate::error::Error;

    thread_local! {
        static MADE: Cell<u64> = const { Cell::new(0) };
        static LIMIT: Cell<u64> = const { Cell::new(u64::MAX) };
    }

    /// Starts metering a program on this thread, with `limit` bytes (none:
    /// unlimited).
    pub fn start(limit: Option<u64>) {
        MADE.set(0);
        LIMIT.set(limit.unwrap_or(u64::MAX));
    }

    /// Records `bytes` made.
    #[inline]
    pub fn charge(bytes: usize) {
        MADE.set(MADE.get().saturating_add(bytes as u64));
    }

    /// Whether the program has made more than its limit.
    #[inline]
    pub fn exceeded() -> bool {
        MADE.get() > LIMIT.get()
    }

    /// The limit, for messages.
    pub fn limit() -> u64 {
        LIMIT.get()
    }

    /// Fails when making `bytes` more would exceed the limit: checked
    /// before a large object is made, so it is never made.
    pub fn check(bytes: u64) -> Result<(), Error> {
        if MADE.get().saturating_add(bytes) > LIMIT.get() {
            return Err(exceeded_error());
        }
        Ok(())
    }

    pub fn exceeded_error() -> Error {
        Error::Limit { what: format!("{} bytes of allocation", LIMIT.get()) }
    }
}

/// A vector of `n` copies of `fill`, for `make-vector` and its kind: the
/// size is checked against the allocation limit and reserved fallibly, so
/// an impossible size is a Scheme error, not an abort.
pub fn filled<T: Clone>(who: &'static str, n: usize, fill: T) -> Result<Vec<T>, Error> {
    let bytes = (n as u64).saturating_mul(std::mem::size_of::<T>().max(1) as u64);
    meter::check(bytes)?;
    let mut v = Vec::new();
    v.try_reserve_exact(n).map_err(|_| {
        let size = if bytes == u64::MAX { String::new() } else { format!(" ({bytes} bytes)") };
        Error::other(who, format!("cannot allocate {n} elements{size}"), vec![Value::Int(n as i64)])
    })?;
    v.resize(n, fill);
    Ok(v)
}

/// An interned symbol (or an uninterned one made by [`Symbol::fresh`]).
///
/// The hasher of the interpreter's own tables (symbols, bindings, source
/// positions): FxHash's rotate-xor-multiply, a few instructions per word
/// where the standard SipHash takes dozens. Its keys are the program's own
/// names and positions; it does not resist chosen collisions, which a
/// program could only use to slow itself down.
#[derive(Clone, Copy, Default)]
pub struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A hash set with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// Symbols are small integers into a per-thread table, so comparing them is
/// comparing integers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Symbol(u32);

struct SymbolTable {
    names: Vec<Rc<str>>,
    /// For uninterned symbols, the interned symbol they were made from.
    base: Vec<Option<Symbol>>,
    by_name: FastMap<Rc<str>, Symbol>,
}

thread_local! {
    static SYMBOLS: RefCell<SymbolTable> = RefCell::new(SymbolTable {
        names: Vec::new(),
        base: Vec::new(),
        by_name: FastMap::default(),
    });
}

impl Symbol {
    /// The interned symbol named `name`.
    pub fn intern(name: &str) -> Symbol {
        SYMBOLS.with(|t| {
            let mut t = t.borrow_mut();
            if let Some(s) = t.by_name.get(name) {
                return *s;
            }
            let s = Symbol(t.names.len() as u32);
            let rc: Rc<str> = Rc::from(name);
            t.names.push(rc.clone());
            t.base.push(None);
            t.by_name.insert(rc, s);
            s
        })
    }

    /// A new uninterned symbol that prints like `of` and is distinct from
    /// every other symbol. The expander uses these as renamed identifiers.
    pub fn fresh(of: Symbol) -> Symbol {
        SYMBOLS.with(|t| {
            let mut t = t.borrow_mut();
            let s = Symbol(t.names.len() as u32);
            let name = t.names[of.0 as usize].clone();
            let base = t.base[of.0 as usize].unwrap_or(of);
            t.names.push(name);
            t.base.push(Some(base));
            s
        })
    }

    /// The interned symbol this one was renamed from (itself if interned).
    pub fn base(self) -> Symbol {
        SYMBOLS.with(|t| t.borrow().base[self.0 as usize].unwrap_or(self))
    }

    pub fn is_interned(self) -> bool {
        self.base() == self
    }

    pub fn name(self) -> Rc<str> {
        SYMBOLS.with(|t| t.borrow().names[self.0 as usize].clone())
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

/// A Scheme value.
#[derive(Clone, Default)]
pub enum Value {
    #[default]
    Null,
    /// The value of expressions whose value R7RS leaves unspecified.
    Unspecified,
    Eof,
    Bool(bool),
    /// An exact integer. Arithmetic that would leave the 64-bit range raises.
    Int(i64),
    Char(char),
    Symbol(Symbol),
    Str(Rc<SString>),
    Pair(Rc<Pair>),
    Vector(Rc<SVector>),
    Bytevector(Rc<SBytes>),
    Procedure(Rc<Procedure>),
    Record(Rc<Record>),
    RecordType(Rc<RecordType>),
    Error(Rc<ErrorObject>),
    Promise(Rc<Promise>),
    Port(Rc<Port>),
    /// Zero or several values returned by `values` (one value is itself).
    Values(Rc<Vec<Value>>),
    /// A SRFI 106 socket.
    Socket(Rc<Socket>),
    /// The content of a `letrec` variable before its initialiser ran. Never
    /// visible to programs: reading such a variable raises an error.
    Unassigned,
}

/// A pair. Literal pairs are immutable.
pub struct Pair {
    pub car: RefCell<Value>,
    pub cdr: RefCell<Value>,
    pub mutable: bool,
}

/// A string: a mutable sequence of characters (so `string-ref` is O(1)).
pub struct SString {
    pub chars: RefCell<Vec<char>>,
    pub mutable: bool,
}

pub struct SVector {
    pub items: RefCell<Vec<Value>>,
    pub mutable: bool,
}

pub struct SBytes {
    pub bytes: RefCell<Vec<u8>>,
    pub mutable: bool,
}

/// Everything that can be applied.
pub enum Procedure {
    Closure(Closure),
    CaseLambda(Vec<Closure>),
    Builtin(&'static Builtin),
    Continuation(Continuation),
    Parameter(Parameter),
    Record(RecordProc),
}

pub struct Closure {
    pub lambda: Rc<Lambda>,
    pub env: Rc<Frame>,
}

/// An escape-only continuation: valid while the `call/cc` that made it has
/// not returned.
pub struct Continuation {
    pub id: u64,
    pub live: Cell<bool>,
}

/// A parameter object (R7RS 4.2.6).
pub struct Parameter {
    pub value: RefCell<Value>,
    pub converter: Option<Value>,
    pub name: &'static str,
}

/// The procedures `define-record-type` defines.
pub enum RecordProc {
    Constructor { rtd: Rc<RecordType>, name: Symbol, fields: Vec<usize> },
    Predicate { rtd: Rc<RecordType>, name: Symbol },
    Accessor { rtd: Rc<RecordType>, name: Symbol, field: usize },
    Modifier { rtd: Rc<RecordType>, name: Symbol, field: usize },
}

pub struct RecordType {
    pub name: Symbol,
    pub fields: Vec<Symbol>,
}

pub struct Record {
    pub rtd: Rc<RecordType>,
    pub fields: RefCell<Vec<Value>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ErrorKind {
    /// Made by `error` or by a failing primitive.
    Plain,
    /// `read-error?` is true of it.
    Read,
    /// `file-error?` is true of it.
    File,
}

/// An R7RS error object.
pub struct ErrorObject {
    pub kind: ErrorKind,
    pub message: String,
    pub irritants: Value,
}

/// A promise (R7RS 4.2.5), shared boxes as in the R7RS reference
/// implementation so that `delay-force` chains run in constant space.
pub struct Promise {
    pub cell: RefCell<Rc<RefCell<PromiseState>>>,
}

pub enum PromiseState {
    Done(Value),
    /// A thunk from `delay`: its value is the promise's value.
    Delayed(Value),
    /// A thunk from `delay-force`: it returns another promise.
    DelayedForce(Value),
}

impl Value {
    pub fn is_true(&self) -> bool {
        !matches!(self, Value::Bool(false))
    }

    pub fn cons(car: Value, cdr: Value) -> Value {
        meter::charge(std::mem::size_of::<Pair>());
        Value::Pair(Rc::new(Pair { car: RefCell::new(car), cdr: RefCell::new(cdr), mutable: true }))
    }

    /// A proper list of `items`.
    pub fn list<I>(items: I) -> Value
    where
        I: IntoIterator<Item = Value>,
        I::IntoIter: DoubleEndedIterator,
    {
        Value::list_with_tail(items, Value::Null)
    }

    pub fn list_with_tail<I>(items: I, tail: Value) -> Value
    where
        I: IntoIterator<Item = Value>,
        I::IntoIter: DoubleEndedIterator,
    {
        items.into_iter().rev().fold(tail, |acc, x| Value::cons(x, acc))
    }

    pub fn str(s: &str) -> Value {
        meter::charge(s.len() * 4);
        Value::Str(Rc::new(SString { chars: RefCell::new(s.chars().collect()), mutable: true }))
    }

    pub fn string_from_chars(chars: Vec<char>) -> Value {
        meter::charge(chars.len() * 4);
        Value::Str(Rc::new(SString { chars: RefCell::new(chars), mutable: true }))
    }

    pub fn vector(items: Vec<Value>) -> Value {
        meter::charge(items.len() * std::mem::size_of::<Value>());
        Value::Vector(Rc::new(SVector { items: RefCell::new(items), mutable: true }))
    }

    pub fn bytevector(bytes: Vec<u8>) -> Value {
        meter::charge(bytes.len());
        Value::Bytevector(Rc::new(SBytes { bytes: RefCell::new(bytes), mutable: true }))
    }

    pub fn sym(name: &str) -> Value {
        Value::Symbol(Symbol::intern(name))
    }

    pub fn error_object(kind: ErrorKind, message: String, irritants: Value) -> Value {
        Value::Error(Rc::new(ErrorObject { kind, message, irritants }))
    }

    /// Several values as one value (`values`).
    pub fn values(mut vals: Vec<Value>) -> Value {
        if vals.len() == 1 {
            vals.pop().unwrap_or_default()
        } else {
            Value::Values(Rc::new(vals))
        }
    }

    /// The values this value stands for: `Values` spread out, anything else
    /// as a single value.
    pub fn into_values(self) -> Vec<Value> {
        match self {
            Value::Values(vs) => Rc::try_unwrap(vs).unwrap_or_else(|shared| (*shared).clone()),
            v => vec![v],
        }
    }

    pub fn car(&self) -> Option<Value> {
        match self {
            Value::Pair(p) => Some(p.car.borrow().clone()),
            _ => None,
        }
    }

    pub fn cdr(&self) -> Option<Value> {
        match self {
            Value::Pair(p) => Some(p.cdr.borrow().clone()),
            _ => None,
        }
    }

    /// The elements of a proper list, or `None` if this is not one
    /// (improper or circular).
    pub fn list_to_vec(&self) -> Option<Vec<Value>> {
        let mut out = Vec::new();
        let mut cur = self.clone();
        let mut slow = self.clone();
        loop {
            match cur {
                Value::Null => return Some(out),
                Value::Pair(p) => {
                    out.push(p.car.borrow().clone());
                    cur = p.cdr.borrow().clone();
                }
                _ => return None,
            }
            if out.len() % 2 == 0 {
                slow = slow.cdr().unwrap_or_default();
                if let (Value::Pair(a), Value::Pair(b)) = (&slow, &cur) {
                    if Rc::ptr_eq(a, b) {
                        return None;
                    }
                }
            }
        }
    }

    /// Whether this is a circular list: following cdrs from it never ends.
    pub fn is_circular(&self) -> bool {
        let mut fast = self.clone();
        let mut slow = self.clone();
        loop {
            for _ in 0..2 {
                fast = match fast.cdr() {
                    Some(next) => next,
                    None => return false,
                };
            }
            slow = slow.cdr().unwrap_or_default();
            if let (Value::Pair(a), Value::Pair(b)) = (&slow, &fast) {
                if Rc::ptr_eq(a, b) {
                    return true;
                }
            }
        }
    }

    pub fn as_symbol(&self) -> Option<Symbol> {
        match self {
            Value::Symbol(s) => Some(*s),
            _ => None,
        }
    }

    pub fn is_procedure(&self) -> bool {
        matches!(self, Value::Procedure(_))
    }

    /// A short name of this value's type, used in error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "empty list",
            Value::Unspecified => "unspecified value",
            Value::Eof => "eof-object",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "exact integer",
            Value::Char(_) => "character",
            Value::Symbol(_) => "symbol",
            Value::Str(_) => "string",
            Value::Pair(_) => "pair",
            Value::Vector(_) => "vector",
            Value::Bytevector(_) => "bytevector",
            Value::Procedure(_) => "procedure",
            Value::Record(_) => "record",
            Value::RecordType(_) => "record type",
            Value::Error(_) => "error object",
            Value::Promise(_) => "promise",
            Value::Port(_) => "port",
            Value::Values(_) => "multiple values",
            Value::Socket(_) => "socket",
            Value::Unassigned => "unassigned variable",
        }
    }
}

impl SString {
    /// The string's characters as a Rust string.
    pub fn text(&self) -> String {
        let chars = self.chars.borrow();
        let mut text = String::with_capacity(chars.len());
        text.extend(chars.iter());
        text
    }
}

impl fmt::Display for SString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl Procedure {
    /// The procedure's name, for messages and `write`.
    pub fn name(&self) -> String {
        match self {
            Procedure::Closure(c) => c.lambda.name.map(|s| s.base().to_string()).unwrap_or_default(),
            Procedure::CaseLambda(cs) => {
                cs.first().and_then(|c| c.lambda.name).map(|s| s.base().to_string()).unwrap_or_default()
            }
            Procedure::Builtin(b) => b.name.to_string(),
            Procedure::Continuation(_) => "continuation".to_string(),
            Procedure::Parameter(p) => p.name.to_string(),
            Procedure::Record(r) => match r {
                RecordProc::Constructor { name, .. }
                | RecordProc::Predicate { name, .. }
                | RecordProc::Accessor { name, .. }
                | RecordProc::Modifier { name, .. } => name.base().to_string(),
            },
        }
    }
}

impl Promise {
    pub fn make(state: PromiseState) -> Value {
        Value::Promise(Rc::new(Promise { cell: RefCell::new(Rc::new(RefCell::new(state))) }))
    }
}

/// `eqv?`: identity for heap objects, value for immediates.
pub fn eqv(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Null, Null) | (Unspecified, Unspecified) | (Eof, Eof) | (Unassigned, Unassigned) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        (Char(x), Char(y)) => x == y,
        (Symbol(x), Symbol(y)) => x == y,
        (Str(x), Str(y)) => Rc::ptr_eq(x, y),
        (Pair(x), Pair(y)) => Rc::ptr_eq(x, y),
        (Vector(x), Vector(y)) => Rc::ptr_eq(x, y),
        (Bytevector(x), Bytevector(y)) => Rc::ptr_eq(x, y),
        (Procedure(x), Procedure(y)) => Rc::ptr_eq(x, y),
        (Record(x), Record(y)) => Rc::ptr_eq(x, y),
        (RecordType(x), RecordType(y)) => Rc::ptr_eq(x, y),
        (Error(x), Error(y)) => Rc::ptr_eq(x, y),
        (Promise(x), Promise(y)) => Rc::ptr_eq(x, y),
        (Port(x), Port(y)) => Rc::ptr_eq(x, y),
        (Socket(x), Socket(y)) => Rc::ptr_eq(x, y),
        (Values(x), Values(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// `equal?`: structural equality on pairs, vectors, strings and
/// bytevectors, `eqv?` elsewhere. Iterative, and it terminates on circular
/// structures: a pair of nodes already under comparison is assumed equal
/// (the comparison is a bisimulation).
pub fn equal(a: &Value, b: &Value) -> bool {
    let mut seen: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    let mut work = vec![(a.clone(), b.clone())];
    while let Some((x, y)) = work.pop() {
        match (&x, &y) {
            (Value::Pair(p), Value::Pair(q)) => {
                if Rc::ptr_eq(p, q) || !seen.insert((Rc::as_ptr(p) as usize, Rc::as_ptr(q) as usize)) {
                    continue;
                }
                work.push((p.cdr.borrow().clone(), q.cdr.borrow().clone()));
                work.push((p.car.borrow().clone(), q.car.borrow().clone()));
            }
            (Value::Vector(p), Value::Vector(q)) => {
                if Rc::ptr_eq(p, q) || !seen.insert((Rc::as_ptr(p) as usize, Rc::as_ptr(q) as usize)) {
                    continue;
                }
                let (pi, qi) = (p.items.borrow(), q.items.borrow());
                if pi.len() != qi.len() {
                    return false;
                }
                for (u, v) in pi.iter().zip(qi.iter()).rev() {
                    work.push((u.clone(), v.clone()));
                }
            }
            (Value::Str(p), Value::Str(q)) => {
                if *p.chars.borrow() != *q.chars.borrow() {
                    return false;
                }
            }
            (Value::Bytevector(p), Value::Bytevector(q)) => {
                if *p.bytes.borrow() != *q.bytes.borrow() {
                    return false;
                }
            }
            _ => {
                if !eqv(&x, &y) {
                    return false;
                }
            }
        }
    }
    true
}

/// Dropping a long list or a deeply nested structure the naive way recurses
/// once per element and overflows the stack; these `Drop`s unlink children
/// onto an explicit work list instead.
fn drop_iteratively(mut work: Vec<Value>) {
    while let Some(v) = work.pop() {
        match v {
            Value::Pair(rc) => {
                if let Ok(pair) = Rc::try_unwrap(rc) {
                    work.push(pair.car.take());
                    work.push(pair.cdr.take());
                }
            }
            Value::Vector(rc) => {
                if let Ok(vector) = Rc::try_unwrap(rc) {
                    work.append(&mut vector.items.take());
                }
            }
            _ => {}
        }
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        let (car, cdr) = (self.car.take(), self.cdr.take());
        if matches!(car, Value::Pair(_) | Value::Vector(_)) || matches!(cdr, Value::Pair(_) | Value::Vector(_)) {
            drop_iteratively(vec![car, cdr]);
        }
    }
}

impl Drop for SVector {
    fn drop(&mut self) {
        let items = self.items.take();
        if items.iter().any(|v| matches!(v, Value::Pair(_) | Value::Vector(_))) {
            drop_iteratively(items);
        }
    }
}

/// Checks for procedure arguments: each returns the payload or a type error
/// naming the procedure, the expected type and the argument position.
pub mod check {
    use super::*;

    pub fn int(who: &'static str, pos: usize, v: &Value) -> Result<i64, Error> {
        match v {
            Value::Int(n) => Ok(*n),
            _ => Err(Error::wrong_type(who, pos, "exact integer", v)),
        }
    }

    /// A non-negative exact integer usable as an index or size.
    pub fn index(who: &'static str, pos: usize, v: &Value) -> Result<usize, Error> {
        match v {
            Value::Int(n) if *n >= 0 => Ok(*n as usize),
            _ => Err(Error::wrong_type(who, pos, "non-negative exact integer", v)),
        }
    }

    pub fn char(who: &'static str, pos: usize, v: &Value) -> Result<char, Error> {
        match v {
            Value::Char(c) => Ok(*c),
            _ => Err(Error::wrong_type(who, pos, "character", v)),
        }
    }

    pub fn string<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<SString>, Error> {
        match v {
            Value::Str(s) => Ok(s),
            _ => Err(Error::wrong_type(who, pos, "string", v)),
        }
    }

    pub fn symbol(who: &'static str, pos: usize, v: &Value) -> Result<Symbol, Error> {
        match v {
            Value::Symbol(s) => Ok(*s),
            _ => Err(Error::wrong_type(who, pos, "symbol", v)),
        }
    }

    pub fn pair<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<Pair>, Error> {
        match v {
            Value::Pair(p) => Ok(p),
            _ => Err(Error::wrong_type(who, pos, "pair", v)),
        }
    }

    pub fn vector<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<SVector>, Error> {
        match v {
            Value::Vector(x) => Ok(x),
            _ => Err(Error::wrong_type(who, pos, "vector", v)),
        }
    }

    pub fn bytevector<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<SBytes>, Error> {
        match v {
            Value::Bytevector(x) => Ok(x),
            _ => Err(Error::wrong_type(who, pos, "bytevector", v)),
        }
    }

    pub fn byte(who: &'static str, pos: usize, v: &Value) -> Result<u8, Error> {
        match v {
            Value::Int(n) if (0..=255).contains(n) => Ok(*n as u8),
            _ => Err(Error::wrong_type(who, pos, "byte (exact integer 0..255)", v)),
        }
    }

    pub fn list(who: &'static str, pos: usize, v: &Value) -> Result<Vec<Value>, Error> {
        v.list_to_vec().ok_or_else(|| Error::wrong_type(who, pos, "proper list", v))
    }

    pub fn procedure(who: &'static str, pos: usize, v: &Value) -> Result<(), Error> {
        match v {
            Value::Procedure(_) => Ok(()),
            _ => Err(Error::wrong_type(who, pos, "procedure", v)),
        }
    }

    pub fn port<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<Port>, Error> {
        match v {
            Value::Port(p) => Ok(p),
            _ => Err(Error::wrong_type(who, pos, "port", v)),
        }
    }

    /// Optional `start`/`end` arguments at `args[from]`, `args[from+1]`
    /// checked against a sequence of length `len`.
    pub fn range(who: &'static str, args: &[Value], from: usize, len: usize) -> Result<(usize, usize), Error> {
        let start = match args.get(from) {
            Some(v) => index(who, from + 1, v)?,
            None => 0,
        };
        let end = match args.get(from + 1) {
            Some(v) => index(who, from + 2, v)?,
            None => len,
        };
        if end > len {
            return Err(Error::out_of_range(who, from + 2, &args[from + 1]));
        }
        if start > end {
            return Err(Error::out_of_range(who, from + 1, &args[from]));
        }
        Ok((start, end))
    }

    /// The string's contents, unless it is a literal (immutable).
    pub fn mutable_string<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<SString>, Error> {
        let s = string(who, pos, v)?;
        if !s.mutable {
            return Err(Error::Immutable { who, value: v.clone() });
        }
        Ok(s)
    }

    pub fn mutable_vector<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<SVector>, Error> {
        let x = vector(who, pos, v)?;
        if !x.mutable {
            return Err(Error::Immutable { who, value: v.clone() });
        }
        Ok(x)
    }

    pub fn mutable_bytevector<'a>(who: &'static str, pos: usize, v: &'a Value) -> Result<&'a Rc<SBytes>, Error> {
        let x = bytevector(who, pos, v)?;
        if !x.mutable {
            return Err(Error::Immutable { who, value: v.clone() });
        }
        Ok(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn interning_is_identity() {
        assert_eq!(Symbol::intern("abc"), Symbol::intern("abc"));
        assert_ne!(Symbol::intern("abc"), Symbol::intern("abd"));
    }

    #[test]
    fn fresh_symbols_are_distinct_but_share_a_name_and_base() {
        let a = Symbol::intern("tmp");
        let f = Symbol::fresh(a);
        let g = Symbol::fresh(f);
        assert_ne!(a, f);
        assert_ne!(f, g);
        assert_eq!(&*f.name(), "tmp");
        assert_eq!(g.base(), a);
        assert!(a.is_interned() && !f.is_interned());
    }

    #[rstest]
    #[case(Value::Int(3), Value::Int(3), true)]
    #[case(Value::Char('a'), Value::Char('a'), true)]
    #[case(Value::str("x"), Value::str("x"), false)]
    #[case(Value::Null, Value::Null, true)]
    #[case(Value::Int(3), Value::Char('3'), false)]
    fn eqv_cases(#[case] a: Value, #[case] b: Value, #[case] expected: bool) {
        assert_eq!(eqv(&a, &b), expected);
    }

    #[test]
    fn equal_compares_structure() {
        let a = Value::list([Value::Int(1), Value::vector(vec![Value::str("a")]), Value::bytevector(vec![1])]);
        let b = Value::list([Value::Int(1), Value::vector(vec![Value::str("a")]), Value::bytevector(vec![1])]);
        let c = Value::list([Value::Int(1), Value::vector(vec![Value::str("b")])]);
        assert!(equal(&a, &b));
        assert!(!equal(&a, &c));
    }

    #[test]
    fn equal_terminates_on_cycles() {
        let a = Value::list([Value::Int(1), Value::Int(2)]);
        let b = Value::list([Value::Int(1), Value::Int(2)]);
        for v in [&a, &b] {
            if let Value::Pair(p) = v {
                let second = p.cdr.borrow().clone();
                if let Value::Pair(q) = second {
                    *q.cdr.borrow_mut() = v.clone();
                }
            }
        }
        assert!(equal(&a, &b));
        // break the cycles so the test does not leak
        for v in [&a, &b] {
            if let Some(Value::Pair(q)) = v.cdr() {
                *q.cdr.borrow_mut() = Value::Null;
            }
        }
    }

    #[test]
    fn list_to_vec_rejects_improper_and_circular_lists() {
        let improper = Value::cons(Value::Int(1), Value::Int(2));
        assert!(improper.list_to_vec().is_none());
        let l = Value::list([Value::Int(1), Value::Int(2), Value::Int(3)]);
        assert_eq!(l.list_to_vec().map(|v| v.len()), Some(3));
        if let Some(Value::Pair(last)) = l.cdr().and_then(|x| x.cdr()) {
            *last.cdr.borrow_mut() = l.clone();
            assert!(l.list_to_vec().is_none());
            *last.cdr.borrow_mut() = Value::Null;
        }
    }

    #[test]
    fn dropping_a_long_list_does_not_overflow_the_stack() {
        let mut l = Value::Null;
        for i in 0..2_000_000 {
            l = Value::cons(Value::Int(i), l);
        }
        drop(l);
        let mut nested = Value::Null;
        for _ in 0..1_000_000 {
            nested = Value::cons(nested, Value::Null);
        }
        drop(nested);
    }
}
