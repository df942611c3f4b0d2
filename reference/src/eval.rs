//! The evaluator: compiled nodes, run-time frames, the dynamic state, and
//! the loop that evaluates nodes with proper tail calls.
//!
//! Tail calls are the `loop` in [`Interp::eval`]: a node in tail position
//! replaces the current node and frame instead of recursing. Non-local exits
//! (`raise`, escaping continuations, `exit`) are [`Unwind`] values returned
//! up the Rust stack; the dynamic state (`dynamic-wind` winds, exception
//! handlers, parameter bindings) is a set of persistent lists, so saving and
//! restoring it is copying three pointers.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::error::{Count, Counted, Error, Unwind, Unwinding};
use crate::syntax::Expander;
use crate::value::{
    eqv, Closure, Continuation, Parameter, Procedure, Promise, PromiseState, Record, RecordProc, RecordType, Symbol,
    Value,
};

/// A compiled expression.
pub enum Node {
    Const(Value),
    Ref(Var),
    /// `set!`, or the initialisation of a definition (`define: true`).
    Set {
        var: Var,
        value: Rc<Node>,
        define: bool,
    },
    If(Rc<Node>, Rc<Node>, Rc<Node>),
    /// A non-empty sequence; the last node is in tail position.
    Seq(Vec<Rc<Node>>),
    Lambda(Rc<Lambda>),
    CaseLambda(Vec<Rc<Lambda>>),
    App(Rc<Node>, Vec<Rc<Node>>),
    /// A call whose operator is an imported builtin: imported bindings
    /// cannot be assigned or redefined (R7RS 5.2, 5.3), so the procedure
    /// is known when the call is compiled.
    Primitive(&'static Builtin, Vec<Rc<Node>>),
    And(Vec<Rc<Node>>),
    Or(Vec<Rc<Node>>),
    /// A new frame of `size` slots whose first slots are `inits`, evaluated
    /// in the enclosing frame (`let`, and bodies with internal definitions).
    Let {
        size: usize,
        inits: Vec<Rc<Node>>,
        body: Rc<Node>,
    },
    /// `let-values`: each producer's values fill the slots from `first`.
    LetValues {
        size: usize,
        bindings: Vec<ValuesBinding>,
        body: Rc<Node>,
    },
    /// `define-values` at any level.
    DefineValues {
        formals: Formals,
        targets: Vec<Var>,
        value: Rc<Node>,
    },
    /// A named `let`: `lambda`, in a new frame whose one slot holds it
    /// (the loop's name), called with the values of `inits`, evaluated in
    /// the enclosing frame.
    NamedLet {
        lambda: Rc<Lambda>,
        inits: Vec<Rc<Node>>,
    },
    /// `do`: a new frame of `size` slots whose first are `inits`,
    /// evaluated in the enclosing frame. Until `test` is true, `commands`
    /// run and then `steps` give the next iteration's variables; then
    /// `result` is evaluated, in tail position.
    Do {
        size: usize,
        inits: Vec<Rc<Node>>,
        test: Rc<Node>,
        result: Rc<Node>,
        commands: Vec<Rc<Node>>,
        steps: Vec<Rc<Node>>,
    },
    Cond(Vec<Clause>),
    Case {
        key: Rc<Node>,
        clauses: Vec<(Vec<Value>, ClauseBody)>,
        otherwise: Option<ClauseBody>,
    },
    /// `guard`: `clauses` run in a new frame whose slot 0 is the condition.
    Guard {
        body: Rc<Node>,
        size: usize,
        clauses: Vec<Clause>,
    },
    Parameterize {
        params: Vec<Rc<Node>>,
        values: Vec<Rc<Node>>,
        body: Rc<Node>,
    },
    /// `delay` (`force: false`) or `delay-force`.
    Delay {
        thunk: Rc<Lambda>,
        force: bool,
    },
    DefineRecord {
        spec: Rc<RecordSpec>,
        targets: Vec<Var>,
    },
}

/// Where a variable lives: `depth` frames up from the current one, or in a
/// top-level cell.
#[derive(Clone)]
pub enum Var {
    Local { depth: usize, index: usize, name: Symbol },
    Global(Rc<Global>),
}

/// A top-level variable.
pub struct Global {
    pub name: Symbol,
    pub value: RefCell<Value>,
}

impl Global {
    pub fn new(name: Symbol, value: Value) -> Rc<Global> {
        Rc::new(Global { name, value: RefCell::new(value) })
    }
}

/// Lambda list shape: `required` positional parameters and maybe a rest.
#[derive(Clone, Copy)]
pub struct Formals {
    pub required: usize,
    pub rest: bool,
}

impl Formals {
    pub fn accepts(&self, n: usize) -> bool {
        n == self.required || (self.rest && n > self.required)
    }

    /// How many arguments these formals take.
    pub fn count(&self) -> Count {
        if self.rest {
            Count::AtLeast(self.required)
        } else {
            Count::Exactly(self.required)
        }
    }
}

pub struct Lambda {
    pub name: Option<Symbol>,
    pub formals: Formals,
    pub frame_size: usize,
    pub body: Rc<Node>,
}

pub struct ValuesBinding {
    pub producer: Rc<Node>,
    pub formals: Formals,
    pub first: usize,
}

pub struct Clause {
    pub test: Rc<Node>,
    pub body: ClauseBody,
}

pub enum ClauseBody {
    /// `(test)`: the clause's value is the test's value.
    Test,
    Seq(Rc<Node>),
    /// `(test => receiver)`.
    Arrow(Rc<Node>),
}

pub struct RecordSpec {
    pub type_name: Symbol,
    pub fields: Vec<Symbol>,
    pub constructor: Option<(Symbol, Vec<usize>)>,
    pub predicate: Symbol,
    /// (field index, accessor name, modifier name)
    pub accessors: Vec<(usize, Symbol, Option<Symbol>)>,
}

/// A run-time frame: the slots of one lambda's parameters and internal
/// definitions.
pub struct Frame {
    pub slots: RefCell<Vec<Value>>,
    pub parent: Option<Rc<Frame>>,
}

thread_local! {
    /// Frames allocated and not yet freed, spare ones included.
    static LIVE_FRAMES: Cell<usize> = const { Cell::new(0) };
    /// Frames nothing references any more, kept with their (empty) slot
    /// vectors for new frames: most frames live only for one call, and
    /// reusing one saves an allocation and a free per call.
    static SPARE_FRAMES: RefCell<Vec<Rc<Frame>>> = const { RefCell::new(Vec::new()) };
}

/// Frames whose slot vectors are larger than this are freed, not kept ...
const SPARE_CAPACITY: usize = 16;
/// ... and at most this many are kept.
const SPARES: usize = 256;

impl Frame {
    pub fn new(slots: Vec<Value>, parent: Option<Rc<Frame>>) -> Rc<Frame> {
        LIVE_FRAMES.with(|n| n.set(n.get() + 1));
        Rc::new(Frame { slots: RefCell::new(slots), parent })
    }

    /// A frame with no slots yet under `parent`: a spare one if there is
    /// one (see [`release`]), else a new one with room for `size` slots.
    pub fn empty(size: usize, parent: Option<Rc<Frame>>) -> Rc<Frame> {
        let spare = SPARE_FRAMES.try_with(|spares| spares.borrow_mut().pop()).ok().flatten();
        if let Some(mut frame) = spare {
            if let Some(f) = Rc::get_mut(&mut frame) {
                f.parent = parent;
                f.slots.get_mut().reserve(size);
                return frame;
            }
        }
        Frame::new(Vec::with_capacity(size.max(4)), parent)
    }

    pub fn root() -> Rc<Frame> {
        Frame::new(Vec::new(), None)
    }

    /// How many frames this thread has alive (for leak tests): spare
    /// frames are not.
    pub fn live() -> usize {
        let spare = SPARE_FRAMES.try_with(|spares| spares.borrow().len()).unwrap_or(0);
        LIVE_FRAMES.with(Cell::get) - spare
    }

    /// Whether the only references to this frame, besides the caller's
    /// one handle, come from closures stored in its own slots that nothing
    /// else references: the cycle `letrec`, named `let` and internal
    /// definitions create.
    fn only_self_referenced(self: &Rc<Frame>) -> bool {
        let slots = self.slots.borrow();
        let mut internal = 0;
        for v in slots.iter() {
            let Value::Procedure(p) = v else { continue };
            if Rc::strong_count(p) != 1 {
                continue;
            }
            match &**p {
                Procedure::Closure(c) if Rc::ptr_eq(&c.env, self) => internal += 1,
                Procedure::CaseLambda(cs) => internal += cs.iter().filter(|c| Rc::ptr_eq(&c.env, self)).count(),
                _ => {}
            }
        }
        internal > 0 && Rc::strong_count(self) == internal + 1
    }

    fn up(self: &Rc<Frame>, depth: usize) -> &Rc<Frame> {
        let mut f = self;
        for _ in 0..depth {
            f = f.parent.as_ref().expect("compiler computed a valid depth");
        }
        f
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        LIVE_FRAMES.with(|n| n.set(n.get() - 1));
    }
}

/// Drops the evaluator's handle on `frame`. Reference counting alone never
/// frees a frame that holds a closure over itself (every `letrec`, named
/// `let` and internal definition makes one), so when the handle released
/// is the last one apart from such closures, the frame's slots are cleared
/// to break the cycle — then the same check runs on the parent, which the
/// frame may have been keeping alive. A frame nothing else references is
/// kept as a spare for [`Frame::empty`].
pub fn release(frame: Rc<Frame>) {
    let mut frame = frame;
    loop {
        if Rc::strong_count(&frame) > 1 {
            if !frame.only_self_referenced() {
                return;
            }
            // Dropping the values runs no Scheme code and borrows no
            // other slots (a frame's drop only counts it).
            frame.slots.borrow_mut().clear();
        }
        let Some(f) = Rc::get_mut(&mut frame) else { return };
        let parent = f.parent.take();
        // Nothing else can reach the slots: no borrow to take.
        f.slots.get_mut().clear();
        if frame.slots.borrow().capacity() <= SPARE_CAPACITY {
            let _ = SPARE_FRAMES.try_with(|spares| {
                let mut spares = spares.borrow_mut();
                if spares.len() < SPARES {
                    spares.push(frame);
                }
            });
        }
        let Some(parent) = parent else { return };
        frame = parent;
    }
}

/// A frame handle that releases its frame (see [`release`]) when dropped.
struct Handle(Option<Rc<Frame>>);

impl Handle {
    fn frame(&self) -> &Rc<Frame> {
        self.0.as_ref().expect("a handle holds its frame until dropped")
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        if let Some(f) = self.0.take() {
            release(f);
        }
    }
}

/// A primitive procedure: one row of the builtin table. Arity is checked
/// here, once, before `body` runs.
pub struct Builtin {
    pub name: &'static str,
    pub library: crate::library::Lib,
    pub min: usize,
    /// `None`: any number of arguments from `min`.
    pub max: Option<usize>,
    pub body: BuiltinFn,
}

/// The most operands [`Interp::few_arguments`] takes.
const FEW: usize = 3;

impl Builtin {
    /// Whether a call of this builtin with `argc` operands can go through
    /// [`Interp::few_arguments`]: it does not end in a call (whose callee
    /// takes the arguments' place on the argument stack), and `argc` is at
    /// most [`FEW`] and within its arity (other calls report their arity
    /// error through [`Interp::call_builtin`]).
    #[inline]
    fn takes_few(&self, argc: usize) -> bool {
        !matches!(self.body, BuiltinFn::Tail(_))
            && argc <= FEW
            && argc >= self.min
            && self.max.is_none_or(|m| argc <= m)
    }
}

pub enum BuiltinFn {
    /// Needs nothing but its arguments.
    Pure(fn(&[Value]) -> Result<Value, Error>),
    /// Needs the interpreter (calls procedures, reads the dynamic state).
    Interp(fn(&mut Interp, &[Value]) -> Result<Value, Unwind>),
    /// Ends in a call that must be a proper tail call (`apply`,
    /// `call-with-values`).
    Tail(fn(&mut Interp, &[Value]) -> Result<TailCall, Unwind>),
}

pub enum TailCall {
    Value(Value),
    Call(Value, Vec<Value>),
}

/// What entering a procedure produced: a value, or a body to continue
/// evaluating in a new frame (the tail call).
enum Step {
    Done(Value),
    /// Continue with this node in the same frame.
    Next(Rc<Node>),
    Continue(Rc<Node>, Rc<Frame>),
}

/// The dynamic environment: `dynamic-wind` entries, exception handlers and
/// parameter bindings in effect, innermost first.
#[derive(Clone, Default)]
pub struct DynamicState {
    pub winds: Option<Rc<Wind>>,
    pub handlers: Option<Rc<HandlerEntry>>,
    pub params: Option<Rc<ParamBinding>>,
}

pub struct Wind {
    pub before: Value,
    pub after: Value,
    pub depth: usize,
    pub next: Option<Rc<Wind>>,
}

pub struct HandlerEntry {
    pub handler: Handler,
    pub next: Option<Rc<HandlerEntry>>,
}

pub enum Handler {
    Procedure(Value),
    /// The handler a `guard` installs.
    Guard(Rc<GuardHandler>),
}

/// What the handler of one `guard` needs: its clauses and frame, and the
/// guard's own dynamic environment.
pub struct GuardHandler {
    pub id: u64,
    pub state: DynamicState,
    pub clauses: Rc<Node>,
    pub env: Rc<Frame>,
}

pub struct ParamBinding {
    pub param: Rc<Procedure>,
    pub value: Value,
    pub next: Option<Rc<ParamBinding>>,
}

/// The order in which the operator and operands of a call, and the inits
/// of a `let` (R7RS 7.3 defines them as a call's operands), are evaluated.
/// Scheme leaves it unspecified; the suite runs cases both ways.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum EvalOrder {
    #[default]
    LeftToRight,
    RightToLeft,
}

/// Stops runaway recursion with a Scheme error before the Rust stack runs
/// out: evaluation checks how much of its thread's stack it has used.
#[derive(Clone, Copy)]
pub struct StackGuard {
    base: usize,
    limit: usize,
    /// Whether the limit is raised to let a handler of the "too deep"
    /// error run where it was raised.
    extended: bool,
}

/// Stack kept free below the limit: room for a handler of the "too deep"
/// error (which runs at the depth of the raise), then for Rust frames that
/// do not check.
const STACK_HEADROOM: usize = 512 * 1024;
const STACK_RESERVE: usize = 512 * 1024;

impl StackGuard {
    /// A guard for the current thread, whose stack has `size` bytes, of
    /// which the caller has already used a little.
    pub fn here(size: usize) -> StackGuard {
        StackGuard {
            base: stack_address(),
            limit: size.saturating_sub(STACK_HEADROOM + STACK_RESERVE + 64 * 1024),
            extended: false,
        }
    }

    pub fn check(&self) -> Result<(), Error> {
        if self.exceeded() {
            return Err(Error::TooDeep);
        }
        Ok(())
    }

    #[inline]
    pub fn exceeded(&self) -> bool {
        self.base.abs_diff(stack_address()) > self.limit
    }
}

#[inline(never)]
fn stack_address() -> usize {
    let marker = 0u8;
    std::ptr::addr_of!(marker) as usize
}

pub struct Options {
    pub eval_order: EvalOrder,
    /// Bytes of stack the interpreter's thread has.
    pub stack_size: usize,
    pub limits: Limits,
}

impl Default for Options {
    fn default() -> Options {
        Options { eval_order: EvalOrder::LeftToRight, stack_size: 8 << 20, limits: Limits::default() }
    }
}

/// Limits a program runs within (none by default). Exceeding one ends the
/// program with `error: the program exceeded its limit of ...` (exit
/// status 70), whatever exception handlers it installed: a limit is the
/// runner's, not the program's, to handle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Evaluation steps: one per expression evaluated, each loop of a tail
    /// call included, so every program that runs long takes many.
    pub steps: Option<u64>,
    /// Bytes of data made, in all (see [`crate::value::meter`]).
    pub allocation: Option<u64>,
}

/// An interpreter: one program's global state.
pub struct Interp {
    pub dynamic: DynamicState,
    pub eval_order: EvalOrder,
    pub stack: StackGuard,
    pub expander: Expander,
    pub io: crate::port::StdPorts,
    pub command_line: Vec<String>,
    next_id: Cell<u64>,
    /// Evaluation steps left (`Limits::steps`).
    fuel: u64,
    limits: Limits,
    /// The argument stack: a call's operands are evaluated onto it, from
    /// the height the call started at, so that a call to a builtin makes
    /// no vector of its own. Every call leaves it at that height again,
    /// however it ends.
    args: Vec<Value>,
}

impl Interp {
    pub fn new(options: Options) -> Interp {
        crate::value::meter::start(options.limits.allocation);
        let io = crate::port::StdPorts::new();
        Interp {
            dynamic: DynamicState::default(),
            eval_order: options.eval_order,
            stack: StackGuard::here(options.stack_size),
            expander: Expander::new(),
            io,
            command_line: Vec::new(),
            next_id: Cell::new(1),
            fuel: options.limits.steps.unwrap_or(u64::MAX),
            limits: options.limits,
            args: Vec::with_capacity(64),
        }
    }

    /// Counts one evaluation step against the limits.
    #[inline]
    fn step(&mut self) -> Result<(), Unwind> {
        self.fuel = self.fuel.saturating_sub(1);
        if self.fuel == 0 || crate::value::meter::exceeded() {
            return Err(self.limit_reached());
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn limit_reached(&mut self) -> Unwind {
        let what = match self.limits.steps {
            Some(steps) if self.fuel == 0 => format!("{steps} evaluation steps"),
            _ => return self.fail(crate::value::meter::exceeded_error()),
        };
        self.fail(Error::Limit { what })
    }

    pub fn fresh_id(&self) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }

    /// Raises the error `e` here: calls the current handler with its error
    /// object. A non-continuable raise never returns normally.
    pub fn fail(&mut self, e: Error) -> Unwind {
        if let Error::Limit { .. } = e {
            // Not raised: no handler of the program's may take it.
            return Unwinding::Limit(e.message()).into();
        }
        if matches!(e, Error::TooDeep) && !self.stack.extended {
            // Let the handler run at this depth, once.
            self.stack.extended = true;
            self.stack.limit += STACK_HEADROOM;
            let u = self.raise_noncontinuable(e.to_value());
            self.stack.limit -= STACK_HEADROOM;
            self.stack.extended = false;
            return u;
        }
        self.raise_noncontinuable(e.to_value())
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&mut self) -> Unwind {
        self.fail(Error::TooDeep)
    }

    /// Turns an undelivered primitive error into a raise at this point.
    fn deliver(&mut self, u: Unwind) -> Unwind {
        match u.kind() {
            Unwinding::Error(_) => match u.into_kind() {
                Unwinding::Error(e) => self.fail(e),
                _ => unreachable!("matched above"),
            },
            _ => u,
        }
    }

    pub fn raise_noncontinuable(&mut self, obj: Value) -> Unwind {
        match self.raise(obj, false) {
            Err(u) => u,
            Ok(_) => Error::other("raise", "handler returned from a non-continuable raise", vec![]).into(),
        }
    }

    /// `raise` / `raise-continuable`: calls the current handler in the
    /// dynamic environment of the raise, minus that handler (R7RS 6.11).
    pub fn raise(&mut self, obj: Value, continuable: bool) -> Result<Value, Unwind> {
        let Some(top) = self.dynamic.handlers.clone() else {
            return Err(Unwinding::Uncaught(obj).into());
        };
        let saved = self.dynamic.handlers.clone();
        self.dynamic.handlers = top.next.clone();
        let handled = match &top.handler {
            Handler::Procedure(h) => self.apply(h.clone(), vec![obj.clone()]),
            Handler::Guard(g) => self.guard_handler(g, obj.clone()),
        };
        let result = match handled {
            Ok(v) if continuable => Ok(v),
            // R7RS: "a secondary exception is raised in the same dynamic
            // environment as the handler".
            Ok(_) => Err(self.raise_noncontinuable(
                Error::other("raise", "exception handler returned from a non-continuable raise", vec![obj]).to_value(),
            )),
            Err(u) => Err(u),
        };
        self.dynamic.handlers = saved;
        result
    }

    #[inline]
    fn lookup(&mut self, var: &Var, env: &Rc<Frame>) -> Result<Value, Unwind> {
        let v = match var {
            Var::Local { depth, index, .. } => env.up(*depth).slots.borrow()[*index].clone(),
            Var::Global(g) => g.value.borrow().clone(),
        };
        if let Value::Unassigned = v {
            return Err(self.unassigned(var));
        }
        Ok(v)
    }

    /// The error of reading `var` before it has a value.
    #[cold]
    #[inline(never)]
    fn unassigned(&mut self, var: &Var) -> Unwind {
        let e = match var {
            Var::Local { name, .. } => Error::Unassigned { name: *name },
            Var::Global(g) => Error::Unbound { name: g.name },
        };
        self.fail(e)
    }

    fn assign(&mut self, var: &Var, value: Value, define: bool, env: &Rc<Frame>) -> Result<(), Unwind> {
        match var {
            Var::Local { depth, index, name } => {
                let frame = env.up(*depth);
                let mut slots = frame.slots.borrow_mut();
                if !define && matches!(slots[*index], Value::Unassigned) {
                    drop(slots);
                    return Err(self.fail(Error::Unassigned { name: *name }));
                }
                slots[*index] = value;
            }
            Var::Global(g) => {
                if !define && matches!(*g.value.borrow(), Value::Unassigned) {
                    return Err(self.fail(Error::Unbound { name: g.name }));
                }
                *g.value.borrow_mut() = value;
            }
        }
        Ok(())
    }

    /// Evaluates `node` in `env`.
    ///
    /// The common, small nodes are handled in this loop; a node in tail
    /// position replaces `node` and `env` instead of recursing. The rest
    /// are in [`Interp::eval_other`], which keeps this function's stack
    /// frame (paid once per level of non-tail recursion) small.
    pub fn eval(&mut self, node: &Rc<Node>, start: &Rc<Frame>) -> Result<Value, Unwind> {
        if self.stack.exceeded() {
            return Err(self.too_deep());
        }
        let mut node = node.clone();
        // The frame a tail call moved the evaluation to, which it owns;
        // until then it runs in the caller's.
        let mut moved: Option<Handle> = None;
        loop {
            self.step()?;
            let env = match &moved {
                Some(handle) => handle.frame(),
                None => start,
            };
            let step = match &*node {
                Node::Const(v) => return Ok(v.clone()),
                Node::Ref(var) => return self.lookup(var, env),
                Node::If(test, then, otherwise) => {
                    let t = self.operand(test, env)?;
                    Step::Next(if t.is_true() { then.clone() } else { otherwise.clone() })
                }
                Node::Seq(nodes) => {
                    let (last, init) = nodes.split_last().expect("sequences are non-empty");
                    for n in init {
                        self.operand(n, env)?;
                    }
                    Step::Next(last.clone())
                }
                Node::App(f, args) => {
                    let (fv, base) = self.eval_operands(f, args, env)?;
                    match self.rebind(&fv, base, &moved) {
                        Some(body) => Step::Next(body),
                        None => self.enter(fv, base)?,
                    }
                }
                Node::Primitive(b, args) if b.takes_few(args.len()) => Step::Done(self.few_arguments(b, args, env)?),
                Node::Primitive(b, args) => {
                    let base = self.eval_arguments(args, env)?;
                    match self.call_builtin(b, base)? {
                        TailCall::Value(v) => Step::Done(v),
                        TailCall::Call(g, a) => {
                            self.args.extend(a);
                            self.enter(g, base)?
                        }
                    }
                }
                Node::Let { size, inits, body } => {
                    let base = self.eval_arguments(inits, env)?;
                    Step::Continue(body.clone(), self.frame_of_arguments(*size, env, base))
                }
                _ => self.eval_other(&node, env)?,
            };
            match step {
                Step::Done(v) => return Ok(v),
                Step::Next(n) => node = n,
                Step::Continue(n, e) => {
                    node = n;
                    moved = Some(Handle(Some(e)));
                }
            }
        }
    }

    /// Evaluates an operand: constants and variables without a call, and
    /// calls of primitives without a trip through [`Interp::eval`]'s loop.
    #[inline]
    fn operand(&mut self, n: &Rc<Node>, env: &Rc<Frame>) -> Result<Value, Unwind> {
        match &**n {
            Node::Const(v) => Ok(v.clone()),
            Node::Ref(var) => self.lookup(var, env),
            Node::Primitive(b, args) => self.primitive_operand(b, args, env),
            _ => self.eval(n, env),
        }
    }

    /// A call of the primitive `b` as an operand (not in tail position). A
    /// primitive that calls a procedure in its tail (`apply`, say) has it
    /// called by [`Interp::apply`]. (Recursion through this function always passes
    /// through [`Interp::eval`], which checks the stack's depth.)
    #[inline(never)]
    fn primitive_operand(&mut self, b: &Builtin, args: &[Rc<Node>], env: &Rc<Frame>) -> Result<Value, Unwind> {
        self.step()?;
        if b.takes_few(args.len()) {
            return self.few_arguments(b, args, env);
        }
        let base = self.eval_arguments(args, env)?;
        match self.call_builtin(b, base)? {
            TailCall::Value(v) => Ok(v),
            // The builtin took its arguments off the stack: `apply` puts
            // the callee's where they were.
            TailCall::Call(g, a) => self.apply(g, a),
        }
    }

    /// The nodes [`Interp::eval`] does not handle inline.
    #[inline(never)]
    fn eval_other(&mut self, node: &Rc<Node>, env: &Rc<Frame>) -> Result<Step, Unwind> {
        let done = |v| Ok(Step::Done(v));
        match &**node {
            Node::Set { var, value, define } => {
                let v = self.operand(value, env)?;
                self.assign(var, v, *define, env)?;
                done(Value::Unspecified)
            }
            Node::Lambda(l) => done(closure(l, env)),
            Node::CaseLambda(ls) => {
                let cs = ls.iter().map(|l| Closure { lambda: l.clone(), env: env.clone() }).collect();
                done(Value::Procedure(Rc::new(Procedure::CaseLambda(cs))))
            }
            Node::And(nodes) => {
                let Some((last, init)) = nodes.split_last() else { return done(Value::Bool(true)) };
                for n in init {
                    let v = self.operand(n, env)?;
                    if !v.is_true() {
                        return done(v);
                    }
                }
                Ok(Step::Next(last.clone()))
            }
            Node::Or(nodes) => {
                let Some((last, init)) = nodes.split_last() else { return done(Value::Bool(false)) };
                for n in init {
                    let v = self.operand(n, env)?;
                    if v.is_true() {
                        return done(v);
                    }
                }
                Ok(Step::Next(last.clone()))
            }
            Node::LetValues { size, bindings, body } => {
                let mut slots = vec![Value::Unassigned; *size];
                for b in bindings {
                    let vals = self.eval(&b.producer, env)?.into_values();
                    let spread = self.spread(b.formals, vals, "let-values")?;
                    for (i, v) in spread.into_iter().enumerate() {
                        slots[b.first + i] = v;
                    }
                }
                Ok(Step::Continue(body.clone(), Frame::new(slots, Some(env.clone()))))
            }
            Node::DefineValues { formals, targets, value } => {
                let vals = self.eval(value, env)?.into_values();
                let spread = self.spread(*formals, vals, "define-values")?;
                for (var, v) in targets.iter().zip(spread) {
                    self.assign(var, v, true, env)?;
                }
                done(Value::Unspecified)
            }
            Node::Cond(clauses) => {
                for clause in clauses {
                    let t = self.operand(&clause.test, env)?;
                    if t.is_true() {
                        return self.clause_step(&clause.body, t, env);
                    }
                }
                done(Value::Unspecified)
            }
            Node::Case { key, clauses, otherwise } => {
                let k = self.operand(key, env)?;
                let body = clauses
                    .iter()
                    .find(|(data, _)| data.iter().any(|d| eqv(d, &k)))
                    .map(|(_, b)| b)
                    .or(otherwise.as_ref());
                match body {
                    Some(body) => self.clause_step(body, k, env),
                    None => done(Value::Unspecified),
                }
            }
            Node::Guard { body, .. } => self.eval_guard(node, body, env).map(Step::Done),
            Node::NamedLet { lambda, inits } => {
                let base = self.eval_arguments(inits, env)?;
                // The frame refers to the procedure and the procedure to
                // the frame: `release` breaks the cycle when the last frame
                // of the loop's body lets go of it.
                let own = Frame::empty(1, Some(env.clone()));
                let procedure = Rc::new(Procedure::Closure(Closure { lambda: lambda.clone(), env: own.clone() }));
                own.slots.borrow_mut().push(Value::Procedure(procedure.clone()));
                let Procedure::Closure(c) = &*procedure else { unreachable!("made as a closure") };
                self.bind(c, base).map(|frame| Step::Continue(lambda.body.clone(), frame))
            }
            Node::Do { size, inits, test, result, commands, steps } => {
                let base = self.eval_arguments(inits, env)?;
                let mut frame = Handle(Some(self.frame_of_arguments(*size, env, base)));
                loop {
                    self.step()?;
                    if self.operand(test, frame.frame())?.is_true() {
                        let frame = frame.0.take().expect("the loop's frame is held until it ends");
                        return Ok(Step::Continue(result.clone(), frame));
                    }
                    for c in commands {
                        self.operand(c, frame.frame())?;
                    }
                    let base = self.eval_arguments(steps, frame.frame())?;
                    // Each iteration has fresh variables (R7RS 4.2.4). When
                    // nothing captured this iteration's, its frame is
                    // refilled; else the next has a frame of its own.
                    if Rc::strong_count(frame.frame()) == 1 {
                        self.refill(frame.frame(), base, *size);
                    } else {
                        frame = Handle(Some(self.frame_of_arguments(*size, env, base)));
                    }
                }
            }
            Node::Parameterize { params, values, body } => {
                self.eval_parameterize(params, values, body, env).map(Step::Done)
            }
            Node::Delay { thunk, force } => {
                let t = closure(thunk, env);
                done(Promise::make(if *force { PromiseState::DelayedForce(t) } else { PromiseState::Delayed(t) }))
            }
            Node::DefineRecord { spec, targets } => {
                for (var, v) in targets.iter().zip(record_definition(spec)) {
                    self.assign(var, v, true, env)?;
                }
                done(Value::Unspecified)
            }
            Node::Const(_)
            | Node::Ref(_)
            | Node::If(..)
            | Node::Seq(_)
            | Node::App(..)
            | Node::Primitive(..)
            | Node::Let { .. } => self.eval(node, env).map(Step::Done),
        }
    }

    fn clause_step(&mut self, body: &ClauseBody, test_value: Value, env: &Rc<Frame>) -> Result<Step, Unwind> {
        match body {
            ClauseBody::Test => Ok(Step::Done(test_value)),
            ClauseBody::Seq(n) => Ok(Step::Next(n.clone())),
            ClauseBody::Arrow(receiver) => {
                let f = self.eval(receiver, env)?;
                let base = self.args.len();
                self.args.push(test_value);
                self.enter(f, base)
            }
        }
    }

    /// Matches `vals` against `formals` (for `let-values` and friends).
    fn spread(&mut self, formals: Formals, mut vals: Vec<Value>, who: &'static str) -> Result<Vec<Value>, Unwind> {
        if !formals.accepts(vals.len()) {
            let e = Error::Arity {
                who: who.to_string(),
                expected: vec![formals.count()],
                of: Counted::Values,
                got: vals.len(),
            };
            return Err(self.fail(e));
        }
        if formals.rest {
            let rest = Value::list(vals.split_off(formals.required));
            vals.push(rest);
        }
        Ok(vals)
    }

    /// Evaluates a call's operator, and its operands onto the argument
    /// stack; returns the operator and the height its operands start at.
    /// If an operand raises, the stack is left as it was found.
    fn eval_operands(&mut self, f: &Rc<Node>, args: &[Rc<Node>], env: &Rc<Frame>) -> Result<(Value, usize), Unwind> {
        match self.eval_order {
            EvalOrder::LeftToRight => {
                let fv = self.operand(f, env)?;
                let base = self.eval_arguments(args, env)?;
                Ok((fv, base))
            }
            EvalOrder::RightToLeft => {
                let base = self.eval_arguments(args, env)?;
                match self.operand(f, env) {
                    Ok(fv) => Ok((fv, base)),
                    Err(u) => Err(self.unstack(base, u)),
                }
            }
        }
    }

    /// Calls the builtin `b` with the values of `args`, when
    /// [`Builtin::takes_few`] of their number: they are evaluated into an
    /// array on the machine stack rather than onto the argument stack, and
    /// handed to the builtin where they lie. Most calls of primitives
    /// (`(+ i 1)`, `(car p)`, `(socket-send s b)`, `(read-u8 port)`) take
    /// this path, which has no stack to balance, no arity to check and no
    /// vector to allocate.
    #[inline(always)]
    fn few_arguments(&mut self, b: &Builtin, args: &[Rc<Node>], env: &Rc<Frame>) -> Result<Value, Unwind> {
        let left_to_right = self.eval_order == EvalOrder::LeftToRight;
        match args {
            [] => self.call_few(b, &[]),
            [a] => {
                let a = self.operand(a, env)?;
                self.call_few(b, &[a])
            }
            [a, c] if left_to_right => {
                let a = self.operand(a, env)?;
                let c = self.operand(c, env)?;
                self.call_few(b, &[a, c])
            }
            [a, c] => {
                let c = self.operand(c, env)?;
                let a = self.operand(a, env)?;
                self.call_few(b, &[a, c])
            }
            [a, c, d] if left_to_right => {
                let a = self.operand(a, env)?;
                let c = self.operand(c, env)?;
                let d = self.operand(d, env)?;
                self.call_few(b, &[a, c, d])
            }
            [a, c, d] => {
                let d = self.operand(d, env)?;
                let c = self.operand(c, env)?;
                let a = self.operand(a, env)?;
                self.call_few(b, &[a, c, d])
            }
            _ => unreachable!("takes_few allows at most {FEW} operands"),
        }
    }

    /// Calls `b`, of which [`Builtin::takes_few`] is true, with `values`,
    /// and raises the error it reports, as [`Interp::call_builtin`] does.
    #[inline(always)]
    fn call_few(&mut self, b: &Builtin, values: &[Value]) -> Result<Value, Unwind> {
        match b.body {
            BuiltinFn::Pure(fun) => fun(values).map_err(|e| self.fail(e)),
            BuiltinFn::Interp(fun) => fun(self, values).map_err(|u| self.deliver(u)),
            BuiltinFn::Tail(_) => unreachable!("takes_few is false of builtins that end in a call"),
        }
    }

    /// Evaluates the operands of a call whose operator is known onto the
    /// argument stack, in the evaluation order; returns their height.
    /// Inlined into both callers, which are every call's path: left to
    /// the compiler, a call costs 5% more instructions (callgrind).
    #[inline(always)]
    fn eval_arguments(&mut self, args: &[Rc<Node>], env: &Rc<Frame>) -> Result<usize, Unwind> {
        let base = self.args.len();
        match self.eval_order {
            EvalOrder::LeftToRight => {
                for a in args {
                    match self.operand(a, env) {
                        Ok(v) => self.args.push(v),
                        Err(u) => return Err(self.unstack(base, u)),
                    }
                }
            }
            EvalOrder::RightToLeft => {
                self.args.resize(base + args.len(), Value::Unassigned);
                for (i, a) in args.iter().enumerate().rev() {
                    match self.operand(a, env) {
                        Ok(v) => self.args[base + i] = v,
                        Err(u) => return Err(self.unstack(base, u)),
                    }
                }
            }
        }
        Ok(base)
    }

    /// Drops the argument stack back to `base` on the way out with `u`.
    #[cold]
    fn unstack(&mut self, base: usize, u: Unwind) -> Unwind {
        self.args.truncate(base);
        u
    }

    /// A new frame of `size` slots under `parent`, its first slots the
    /// arguments from `base` up (taken off the stack): a call's, a `let`'s
    /// or a `do` iteration's.
    #[inline]
    fn frame_of_arguments(&mut self, size: usize, parent: &Rc<Frame>, base: usize) -> Rc<Frame> {
        let frame = Frame::empty(size, Some(parent.clone()));
        self.fill_frame(&frame, base, size);
        frame
    }

    /// Gives `frame`, which nothing else references, the arguments from
    /// `base` up (taken off the stack) in place of its values: a self tail
    /// call's or a `do` iteration's that nothing captured. The old values
    /// are dropped here; no Scheme code runs, and no one else borrows the
    /// slots.
    #[inline]
    fn refill(&mut self, frame: &Frame, base: usize, size: usize) {
        frame.slots.borrow_mut().clear();
        self.fill_frame(frame, base, size);
    }

    /// Moves the arguments from `base` up off the stack into the empty
    /// slots of `frame`, and leaves the rest of its `size` slots (its
    /// internal definitions') unassigned. (A loop, not `Vec::drain`, whose
    /// set-up costs more than moving the one or two arguments of a typical
    /// call.)
    #[inline]
    fn fill_frame(&mut self, frame: &Frame, base: usize, size: usize) {
        let mut slots = frame.slots.borrow_mut();
        for v in &mut self.args[base..] {
            slots.push(std::mem::take(v));
        }
        self.args.truncate(base);
        if slots.len() < size {
            slots.resize(size, Value::Unassigned);
        }
    }

    /// Takes the arguments from `base` up off the stack.
    fn take_args(&mut self, base: usize) -> Vec<Value> {
        self.args.split_off(base)
    }

    /// Applies `f` to the arguments on the stack from `base` up, as a call
    /// in tail position. The arguments are gone from the stack when it
    /// returns, however it returns.
    fn enter(&mut self, mut f: Value, base: usize) -> Result<Step, Unwind> {
        loop {
            let argc = self.args.len() - base;
            let p = match &f {
                Value::Procedure(p) => p.clone(),
                other => {
                    let e = Error::other("", "attempt to apply a non-procedure", vec![other.clone()]);
                    self.args.truncate(base);
                    return Err(self.fail(e));
                }
            };
            match &*p {
                Procedure::Closure(c) => {
                    return self.bind(c, base).map(|frame| Step::Continue(c.lambda.body.clone(), frame))
                }
                Procedure::CaseLambda(cs) => {
                    let Some(c) = cs.iter().find(|c| c.lambda.formals.accepts(argc)) else {
                        let expected = cs.iter().map(|c| c.lambda.formals.count()).collect();
                        let e = Error::Arity { who: p.name(), expected, of: Counted::Arguments, got: argc };
                        self.args.truncate(base);
                        return Err(self.fail(e));
                    };
                    return self.bind(c, base).map(|frame| Step::Continue(c.lambda.body.clone(), frame));
                }
                Procedure::Builtin(b) => match self.call_builtin(b, base)? {
                    TailCall::Value(v) => return Ok(Step::Done(v)),
                    TailCall::Call(g, a) => {
                        f = g;
                        self.args.extend(a);
                    }
                },
                Procedure::Continuation(k) => {
                    let args = self.take_args(base);
                    if !k.live.get() {
                        let e = Error::OutsideDialect {
                            what: "calling a continuation after the call/cc that captured it returned (re-entry)"
                                .into(),
                        };
                        return Err(self.fail(e));
                    }
                    return Err(Unwinding::Escape { k: k.id, value: Value::values(args) }.into());
                }
                Procedure::Parameter(param) => {
                    self.args.truncate(base);
                    if argc != 0 {
                        let e = Error::Arity {
                            who: param.name.to_string(),
                            expected: vec![Count::Exactly(0)],
                            of: Counted::Arguments,
                            got: argc,
                        };
                        return Err(self.fail(e));
                    }
                    return Ok(Step::Done(self.parameter_value(&p, param)));
                }
                Procedure::Record(r) => {
                    let result = record_apply(r, &self.args[base..]);
                    self.args.truncate(base);
                    return match result {
                        Ok(v) => Ok(Step::Done(v)),
                        Err(e) => Err(self.fail(e)),
                    };
                }
            }
        }
    }

    /// A tail call that can run in the frame it leaves: when `f` is a
    /// closure over the same environment as the frame a tail call moved
    /// this evaluation to (a loop calling itself, say), takes a fixed
    /// number of arguments and gets them, and nothing else references that
    /// frame, the frame's slots are refilled with the arguments from `base`
    /// up (taken off the stack) and the closure's body is returned.
    /// Otherwise nothing changes, and the call goes through
    /// [`Interp::enter`].
    #[inline]
    fn rebind(&mut self, f: &Value, base: usize, moved: &Option<Handle>) -> Option<Rc<Node>> {
        let Some(Handle(Some(frame))) = moved else { return None };
        let Value::Procedure(p) = f else { return None };
        let Procedure::Closure(c) = &**p else { return None };
        let formals = c.lambda.formals;
        if formals.rest
            || self.args.len() - base != formals.required
            || Rc::strong_count(frame) != 1
            || !frame.parent.as_ref().is_some_and(|parent| Rc::ptr_eq(parent, &c.env))
        {
            return None;
        }
        self.refill(frame, base, c.lambda.frame_size);
        Some(c.lambda.body.clone())
    }

    /// Calls the builtin `b` with the arguments on the stack from `base` up
    /// (which it takes off), after checking their number: the one place
    /// builtins' arity is checked.
    fn call_builtin(&mut self, b: &Builtin, base: usize) -> Result<TailCall, Unwind> {
        let argc = self.args.len() - base;
        if argc < b.min || b.max.is_some_and(|m| argc > m) {
            let expected = match b.max {
                Some(m) if m == b.min => Count::Exactly(m),
                Some(m) => Count::Between(b.min, m),
                None => Count::AtLeast(b.min),
            };
            let e =
                Error::Arity { who: b.name.to_string(), expected: vec![expected], of: Counted::Arguments, got: argc };
            self.args.truncate(base);
            return Err(self.fail(e));
        }
        let result = match &b.body {
            // The common case: the arguments are read where they lie.
            BuiltinFn::Pure(fun) => {
                let r = fun(&self.args[base..]).map(TailCall::Value).map_err(Unwind::from);
                self.args.truncate(base);
                r
            }
            BuiltinFn::Interp(fun) => {
                let args = self.take_args(base);
                fun(self, &args).map(TailCall::Value)
            }
            BuiltinFn::Tail(fun) => {
                let args = self.take_args(base);
                fun(self, &args)
            }
        };
        result.map_err(|u| self.deliver(u))
    }

    /// A closure's frame, its parameters bound to the arguments on the
    /// stack from `base` up (which it takes off).
    fn bind(&mut self, c: &Closure, base: usize) -> Result<Rc<Frame>, Unwind> {
        let formals = c.lambda.formals;
        let argc = self.args.len() - base;
        if !formals.accepts(argc) {
            self.args.truncate(base);
            let who = c.lambda.name.map(|s| s.base().to_string()).unwrap_or_default();
            let e = Error::Arity { who, expected: vec![formals.count()], of: Counted::Arguments, got: argc };
            return Err(self.fail(e));
        }
        if formals.rest {
            // The rest list takes the place of the arguments it holds.
            let rest = Value::list(self.args.split_off(base + formals.required));
            self.args.push(rest);
        }
        Ok(self.frame_of_arguments(c.lambda.frame_size, &c.env, base))
    }

    /// Calls `f` with `args` and returns its value (not a tail call).
    pub fn apply(&mut self, f: Value, args: Vec<Value>) -> Result<Value, Unwind> {
        let base = self.args.len();
        self.args.extend(args);
        match self.enter(f, base)? {
            Step::Done(v) => Ok(v),
            Step::Next(_) => unreachable!("entering a procedure makes a frame"),
            Step::Continue(body, env) => {
                let result = self.eval(&body, &env);
                release(env);
                result
            }
        }
    }

    pub fn parameter_value(&self, p: &Rc<Procedure>, param: &Parameter) -> Value {
        let mut b = self.dynamic.params.as_ref();
        while let Some(binding) = b {
            if Rc::ptr_eq(&binding.param, p) {
                return binding.value.clone();
            }
            b = binding.next.as_ref();
        }
        param.value.borrow().clone()
    }

    fn eval_parameterize(
        &mut self,
        params: &[Rc<Node>],
        values: &[Rc<Node>],
        body: &Rc<Node>,
        env: &Rc<Frame>,
    ) -> Result<Value, Unwind> {
        let mut bindings = Vec::with_capacity(params.len());
        for (p, v) in params.iter().zip(values) {
            let pv = self.eval(p, env)?;
            let vv = self.eval(v, env)?;
            let proc_ = match &pv {
                Value::Procedure(proc_) if matches!(**proc_, Procedure::Parameter(_)) => proc_.clone(),
                other => return Err(self.fail(Error::wrong_type("parameterize", 1, "parameter object", other))),
            };
            let Procedure::Parameter(param) = &*proc_ else { unreachable!() };
            let converted = match &param.converter {
                Some(conv) => self.apply(conv.clone(), vec![vv])?,
                None => vv,
            };
            bindings.push((proc_.clone(), converted));
        }
        let saved = self.dynamic.params.clone();
        for (param, value) in bindings {
            self.dynamic.params = Some(Rc::new(ParamBinding { param, value, next: self.dynamic.params.take() }));
        }
        let result = self.eval(body, env);
        self.dynamic.params = saved;
        result
    }

    /// `guard` (R7RS 4.2.7): the body runs with a handler that evaluates
    /// the clauses (see [`Interp::guard_handler`]); a clause's value comes
    /// back here as `Unwind::GuardReturn`.
    fn eval_guard(&mut self, guard: &Rc<Node>, body: &Rc<Node>, env: &Rc<Frame>) -> Result<Value, Unwind> {
        let id = self.fresh_id();
        let saved = self.dynamic.clone();
        let handler = GuardHandler { id, state: saved.clone(), clauses: guard.clone(), env: env.clone() };
        self.dynamic.handlers =
            Some(Rc::new(HandlerEntry { handler: Handler::Guard(Rc::new(handler)), next: saved.handlers.clone() }));
        let result = self.eval(body, env);
        // Only `dynamic-wind`, `travel` and escapes move the winds.
        self.dynamic.handlers = saved.handlers;
        self.dynamic.params = saved.params;
        result.or_else(|u| u.returning_to_guard(id))
    }

    /// The handler a `guard` installs, run where the condition was raised.
    /// It leaves the dynamic extent of the guard's body (running `after`
    /// thunks) and evaluates the clauses in the guard's dynamic
    /// environment. If a clause matches, its value returns from the guard.
    /// If none does, it re-enters the extent of the raise (running `before`
    /// thunks) and re-raises with `raise-continuable` to the guard's outer
    /// handler, returning that handler's value to the raise — exactly what
    /// R7RS specifies with full continuations, without needing them.
    fn guard_handler(&mut self, g: &GuardHandler, condition: Value) -> Result<Value, Unwind> {
        let Node::Guard { size, clauses, .. } = &*g.clauses else { unreachable!("guard handlers hold guard nodes") };
        let at_raise = self.dynamic.clone();
        self.travel(&g.state.winds)?;
        self.dynamic = g.state.clone();
        let mut slots = vec![Value::Unassigned; *size];
        slots[0] = condition.clone();
        let frame = Frame::new(slots, Some(g.env.clone()));
        for clause in clauses {
            let t = self.eval(&clause.test, &frame)?;
            if t.is_true() {
                let value = match self.clause_step(&clause.body, t, &frame)? {
                    Step::Done(v) => v,
                    Step::Next(n) => self.eval(&n, &frame)?,
                    Step::Continue(n, e) => {
                        let v = self.eval(&n, &e);
                        release(e);
                        v?
                    }
                };
                return Err(Unwinding::GuardReturn { guard: g.id, value }.into());
            }
        }
        self.travel(&at_raise.winds)?;
        self.dynamic = DynamicState { handlers: g.state.handlers.clone(), ..at_raise.clone() };
        let value = self.raise(condition, true)?;
        self.dynamic = at_raise;
        Ok(value)
    }

    /// Moves the current `dynamic-wind` state to `to`, running after thunks
    /// of the entries left (innermost first) and before thunks of the
    /// entries entered (outermost first).
    pub fn travel(&mut self, to: &Option<Rc<Wind>>) -> Result<(), Unwind> {
        let depth = |w: &Option<Rc<Wind>>| w.as_ref().map_or(0, |w| w.depth);
        let same = |a: &Option<Rc<Wind>>, b: &Option<Rc<Wind>>| match (a, b) {
            (None, None) => true,
            (Some(x), Some(y)) => Rc::ptr_eq(x, y),
            _ => false,
        };
        // Find the common ancestor.
        let mut from = self.dynamic.winds.clone();
        let mut target = to.clone();
        let mut entering = Vec::new();
        while depth(&target) > depth(&from) {
            let t = target.clone().expect("deeper list is non-empty");
            target = t.next.clone();
            entering.push(t);
        }
        let mut leaving = Vec::new();
        while depth(&from) > depth(&target) {
            let f = from.clone().expect("deeper list is non-empty");
            from = f.next.clone();
            leaving.push(f);
        }
        while !same(&from, &target) {
            let (f, t) = (from.clone().expect("same depth"), target.clone().expect("same depth"));
            from = f.next.clone();
            target = t.next.clone();
            leaving.push(f);
            entering.push(t);
        }
        for w in leaving {
            self.dynamic.winds = w.next.clone();
            self.apply(w.after.clone(), vec![])?;
        }
        for w in entering.into_iter().rev() {
            self.dynamic.winds = w.next.clone();
            self.apply(w.before.clone(), vec![])?;
            self.dynamic.winds = Some(w);
        }
        Ok(())
    }

    /// `dynamic-wind`. When control leaves the thunk other than by
    /// returning, the after thunk runs only if the extent has not been left
    /// already (a guard's handler leaves it in place, see
    /// [`Interp::guard_handler`]).
    pub fn dynamic_wind(&mut self, before: Value, thunk: Value, after: Value) -> Result<Value, Unwind> {
        self.apply(before.clone(), vec![])?;
        let saved = self.dynamic.clone();
        let depth = saved.winds.as_ref().map_or(0, |w| w.depth) + 1;
        let wind = Rc::new(Wind { before, after: after.clone(), depth, next: saved.winds.clone() });
        self.dynamic.winds = Some(wind.clone());
        let result = self.apply(thunk, vec![]);
        match result {
            Ok(v) => {
                self.dynamic = saved;
                self.apply(after, vec![])?;
                Ok(v)
            }
            Err(u) => {
                if self.inside(&wind) {
                    self.dynamic.winds = Some(wind);
                    self.travel(&saved.winds)?;
                    self.dynamic = saved;
                } else {
                    // Already left: keep the winds as they are.
                    self.dynamic.handlers = saved.handlers;
                    self.dynamic.params = saved.params;
                }
                Err(u)
            }
        }
    }

    /// Whether `wind` is among the current winds.
    fn inside(&self, wind: &Rc<Wind>) -> bool {
        let mut w = self.dynamic.winds.as_ref();
        while let Some(x) = w {
            if Rc::ptr_eq(x, wind) {
                return true;
            }
            if x.depth < wind.depth {
                return false;
            }
            w = x.next.as_ref();
        }
        false
    }

    /// `call/cc` with escape-only continuations.
    pub fn call_cc(&mut self, f: Value) -> Result<Value, Unwind> {
        let id = self.fresh_id();
        let k = Rc::new(Procedure::Continuation(Continuation { id, live: Cell::new(true) }));
        let saved = self.dynamic.clone();
        let result = self.apply(f, vec![Value::Procedure(k.clone())]);
        if let Procedure::Continuation(k) = &*k {
            k.live.set(false);
        }
        match result {
            Ok(v) => Ok(v),
            Err(u) => {
                let value = u.escaping_to(id)?;
                self.travel(&saved.winds)?;
                self.dynamic = saved;
                Ok(value)
            }
        }
    }

    /// `with-exception-handler`.
    pub fn with_handler(&mut self, handler: Value, thunk: Value) -> Result<Value, Unwind> {
        let saved = self.dynamic.handlers.clone();
        self.dynamic.handlers =
            Some(Rc::new(HandlerEntry { handler: Handler::Procedure(handler), next: saved.clone() }));
        let result = self.apply(thunk, vec![]);
        self.dynamic.handlers = saved;
        result
    }

    /// `force` (R7RS 7.3's algorithm: iterative for `delay-force` chains).
    pub fn force(&mut self, v: Value) -> Result<Value, Unwind> {
        let Value::Promise(promise) = v else { return Ok(v) };
        loop {
            let cell = promise.cell.borrow().clone();
            let state = match &*cell.borrow() {
                PromiseState::Done(v) => return Ok(v.clone()),
                PromiseState::Delayed(t) => PromiseState::Delayed(t.clone()),
                PromiseState::DelayedForce(t) => PromiseState::DelayedForce(t.clone()),
            };
            match state {
                PromiseState::Delayed(thunk) => {
                    let v = self.apply(thunk, vec![])?;
                    let cell = promise.cell.borrow().clone();
                    let mut st = cell.borrow_mut();
                    if !matches!(*st, PromiseState::Done(_)) {
                        *st = PromiseState::Done(v);
                    }
                }
                PromiseState::DelayedForce(thunk) => {
                    let next = self.apply(thunk, vec![])?;
                    let Value::Promise(next) = next else {
                        return Err(self.fail(Error::other(
                            "force",
                            "the body of delay-force must yield a promise",
                            vec![next],
                        )));
                    };
                    let cell = promise.cell.borrow().clone();
                    if !matches!(*cell.borrow(), PromiseState::Done(_)) {
                        // promise-update!: share next's box.
                        let next_cell = next.cell.borrow().clone();
                        *promise.cell.borrow_mut() = next_cell;
                    }
                }
                PromiseState::Done(_) => unreachable!(),
            }
        }
    }
}

fn closure(l: &Rc<Lambda>, env: &Rc<Frame>) -> Value {
    Value::Procedure(Rc::new(Procedure::Closure(Closure { lambda: l.clone(), env: env.clone() })))
}

/// The values `define-record-type` binds, in the order of `RecordSpec`'s
/// targets: type, constructor (if any), predicate, then for each field its
/// accessor and modifier (if any).
fn record_definition(spec: &RecordSpec) -> Vec<Value> {
    let rtd = Rc::new(RecordType { name: spec.type_name, fields: spec.fields.clone() });
    let proc_ = |p: RecordProc| Value::Procedure(Rc::new(Procedure::Record(p)));
    let mut out = vec![Value::RecordType(rtd.clone())];
    if let Some((name, fields)) = &spec.constructor {
        out.push(proc_(RecordProc::Constructor { rtd: rtd.clone(), name: *name, fields: fields.clone() }));
    }
    out.push(proc_(RecordProc::Predicate { rtd: rtd.clone(), name: spec.predicate }));
    for (field, accessor, modifier) in &spec.accessors {
        out.push(proc_(RecordProc::Accessor { rtd: rtd.clone(), name: *accessor, field: *field }));
        if let Some(m) = modifier {
            out.push(proc_(RecordProc::Modifier { rtd: rtd.clone(), name: *m, field: *field }));
        }
    }
    out
}

fn record_apply(r: &RecordProc, args: &[Value]) -> Result<Value, Error> {
    let arity = |who: Symbol, n: usize| Error::Arity {
        who: who.base().to_string(),
        expected: vec![Count::Exactly(n)],
        of: Counted::Arguments,
        got: args.len(),
    };
    let instance = |rtd: &Rc<RecordType>, who: Symbol, v: &Value| -> Result<Rc<Record>, Error> {
        match v {
            Value::Record(rec) if Rc::ptr_eq(&rec.rtd, rtd) => Ok(rec.clone()),
            other => Err(Error::other(
                "",
                format!("{}: argument 1 must be a record of type {}", who.base(), rtd.name.base()),
                vec![other.clone()],
            )),
        }
    };
    match r {
        RecordProc::Constructor { rtd, name, fields } => {
            if args.len() != fields.len() {
                return Err(arity(*name, fields.len()));
            }
            let mut slots = vec![Value::Bool(false); rtd.fields.len()];
            for (i, v) in fields.iter().zip(args) {
                slots[*i] = v.clone();
            }
            Ok(Value::Record(Rc::new(Record { rtd: rtd.clone(), fields: RefCell::new(slots) })))
        }
        RecordProc::Predicate { rtd, name } => {
            if args.len() != 1 {
                return Err(arity(*name, 1));
            }
            Ok(Value::Bool(matches!(&args[0], Value::Record(rec) if Rc::ptr_eq(&rec.rtd, rtd))))
        }
        RecordProc::Accessor { rtd, name, field } => {
            if args.len() != 1 {
                return Err(arity(*name, 1));
            }
            let rec = instance(rtd, *name, &args[0])?;
            let v = rec.fields.borrow()[*field].clone();
            Ok(v)
        }
        RecordProc::Modifier { rtd, name, field } => {
            if args.len() != 2 {
                return Err(arity(*name, 2));
            }
            let rec = instance(rtd, *name, &args[0])?;
            rec.fields.borrow_mut()[*field] = args[1].clone();
            Ok(Value::Unspecified)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::{with_stack, Session};

    /// Runs `program` (after the imports) and returns its exit status and
    /// how many frames were left alive once the session is gone.
    fn run_counting_frames(program: String) -> (i32, usize) {
        with_stack(64 << 20, move || {
            let before = Frame::live();
            let status = {
                let mut session = Session::new(Options { stack_size: 64 << 20, ..Options::default() }, false);
                session.run_program(&format!("(import (scheme base) (scheme process-context))\n{program}"), "t.scm")
            };
            (status, Frame::live() - before)
        })
    }

    /// Frames left alive must not grow with the number of iterations (a
    /// few stay: top-level closures and the cells that name them reference
    /// each other until the process ends).
    #[test]
    fn self_referencing_frames_are_collected() {
        for program in [
            "(define (l i) (if (= i 0) 'd (let lp ((k 0)) (if (= k 1) (l (- i 1)) (lp (+ k 1)))))) (l N)",
            "(define (l i) (if (= i 0) 'd (letrec ((lp (lambda (k) (l (- i 1))))) (lp 0)))) (l N)",
            "(define (f x) (define (g y) (if (= y 0) 0 (h (- y 1)))) (define (h y) (g y)) (g x))
             (do ((i 0 (+ i 1))) ((= i N)) (f 3))",
        ] {
            let small = run_counting_frames(program.replace('N', "10"));
            let large = run_counting_frames(program.replace('N', "10000"));
            assert_eq!(small.0, 0, "{program}");
            assert_eq!(small, large, "{program}");
        }
    }

    /// Frames released after a deep recursion are kept as spares only up
    /// to the bound, and a loop after it allocates no new frame: it runs on
    /// spares.
    #[test]
    fn spare_frames_are_bounded_and_reused() {
        let spares = || SPARE_FRAMES.with(|s| s.borrow().len());
        let allocated = || LIVE_FRAMES.with(Cell::get);
        with_stack(64 << 20, move || {
            let mut session = Session::new(Options { stack_size: 64 << 20, ..Options::default() }, false);
            let deep = "(import (scheme base))
                        (define (deep n) (if (= n 0) 0 (+ 1 (deep (- n 1)))))
                        (define (spin n) (let ((m (- n 1))) (if (= m 0) 'done (spin m))))
                        (deep 5000)";
            assert_eq!(session.run_program(deep, "t.scm"), 0);
            assert_eq!(spares(), SPARES, "the spares after a recursion 5000 deep");
            let before = allocated();
            assert_eq!(session.run_program("(import (scheme base)) (spin 10000)", "t.scm"), 0);
            assert_eq!(allocated(), before, "a loop on spare frames allocates none");
        });
    }

    /// A tail call runs in the frame it leaves only when nothing captured
    /// that frame: closures made on each turn keep their own bindings, and
    /// internal definitions start unassigned on each turn.
    #[test]
    fn tail_calls_reuse_only_frames_nothing_captured() {
        let program = "(define (collect i acc)
                          (if (= i 3) acc (collect (+ i 1) (cons (lambda () i) acc))))
                        (define (sum n acc) (define k (* n 2)) (if (= n 0) acc (sum (- n 1) (+ acc k))))
                        (define (ev? n) (if (= n 0) #t (od? (- n 1))))
                        (define (od? n x) (if (= n 0) x (ev? (- n 1))))
                        (define (fresh n) (define (inner) n) (if (= n 0) (inner) (fresh (- n 1))))
                        (exit (if (and (equal? (map (lambda (f) (f)) (collect 0 '())) '(2 1 0))
                                       (= (sum 10 0) 110)
                                       (guard (e (#t (error-object? e))) (ev? 3))
                                       (= (fresh 5) 0))
                                  0 1))";
        assert_eq!(run_counting_frames(program.to_string()).0, 0);
    }

    #[test]
    fn do_loops_give_each_iteration_fresh_variables() {
        // R7RS 4.2.4: each iteration binds the variables to fresh
        // locations, so closures made in one keep its values; a loop whose
        // frames nothing captures runs in one, and none is left behind.
        let program = "(define made (do ((i 0 (+ i 1)) (fs '() (cons (lambda () i) fs))) ((= i 3) fs)))
                       (define (count-to n) (do ((i 0 (+ i 1))) ((= i n) i)))
                       (exit (if (and (equal? (map (lambda (f) (f)) made) '(2 1 0)) (= (count-to 1000) 1000)) 0 1))";
        assert_eq!(run_counting_frames(program.to_string()), (0, 0));
        // Closures made by the commands, kept in a variable the loop
        // carries on. (Each frame then holds, in a list, a closure over
        // itself: a cycle through a pair, which reference counting does
        // not free, however the loop is run.)
        let program = "(define kept (do ((i 0 (+ i 1)) (fs '())) ((= i 3) fs) (set! fs (cons (lambda () i) fs))))
                       (exit (if (equal? (map (lambda (f) (f)) kept) '(2 1 0)) 0 1))";
        assert_eq!(run_counting_frames(program.to_string()).0, 0);
    }

    #[test]
    fn escaping_recursive_closures_survive_collection() {
        let program = "(define (make-counter)
                          (letrec ((count (lambda (n) (if (= n 0) 'done (count (- n 1))))))
                            count))
                        (define c (make-counter))
                        (define stored (list (make-counter)))
                        (define (escaping-loop)
                          (let lp ((n 0)) (cond ((= n 0) lp) ((= n 5) 'five) (else (lp (+ n 1))))))
                        (define e (escaping-loop))
                        (exit (if (and (eq? (c 100) 'done) (eq? ((car stored) 5) 'done) (eq? (e 1) 'five)) 0 1))";
        assert_eq!(run_counting_frames(program.to_string()).0, 0);
    }

    /// Every way a call can end — a value, an error raised in an operand
    /// or by a builtin and caught, an escape, a wrong number of arguments —
    /// leaves the argument stack where the call found it, in both orders.
    #[test]
    fn the_argument_stack_is_balanced_however_calls_end() {
        let program = "(import (scheme base) (scheme process-context))
            (define (f a b c) (+ a b c))
            (define k #f)
            (define (loop i acc)
              (if (= i 50) acc
                  (loop (+ i 1)
                        (+ acc
                           (guard (e (#t 1)) (f 1 (raise 'x) 3))
                           (guard (e (#t 1)) (+ 1 (car '())))
                           (guard (e (#t 1)) (f 1 2))
                           (call-with-current-continuation (lambda (k) (f 1 (k 1) 3)))
                           (apply f 1 2 '(3))
                           (call-with-values (lambda () (values 1 2 3)) f)))))
            (exit (if (= (loop 0 0) (* 50 16)) 0 1))";
        for eval_order in [EvalOrder::LeftToRight, EvalOrder::RightToLeft] {
            let (status, height) = with_stack(64 << 20, move || {
                let mut session =
                    Session::new(Options { eval_order, stack_size: 64 << 20, ..Options::default() }, false);
                let status = session.run_program(program, "t.scm");
                (status, session.interp.args.len())
            });
            assert_eq!((status, height), (0, 0), "{eval_order:?}");
        }
    }
}
