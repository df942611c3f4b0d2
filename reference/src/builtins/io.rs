//! Input and output (R7RS 6.13) and `(scheme write)`.

use std::rc::Rc;

use super::{between, exactly, interp, pure};
use crate::error::{Error, Unwind};
use crate::eval::{Builtin, Interp};
use crate::library::Lib::{Base, Write};
use crate::port::Port;
use crate::printer::{self, Mode};
use crate::value::{check, Procedure, Value};

pub static TABLE: &[Builtin] = &[
    pure(Base, "port?", exactly(1), is_port),
    pure(Base, "input-port?", exactly(1), is_input_port),
    pure(Base, "output-port?", exactly(1), is_output_port),
    pure(Base, "textual-port?", exactly(1), is_textual_port),
    pure(Base, "binary-port?", exactly(1), is_binary_port),
    pure(Base, "input-port-open?", exactly(1), is_input_port_open),
    pure(Base, "output-port-open?", exactly(1), is_output_port_open),
    pure(Base, "close-port", exactly(1), close_port),
    pure(Base, "close-input-port", exactly(1), close_input_port),
    pure(Base, "close-output-port", exactly(1), close_output_port),
    interp(Base, "call-with-port", exactly(2), call_with_port),
    pure(Base, "open-input-string", exactly(1), open_input_string),
    pure(Base, "open-output-string", exactly(0), open_output_string),
    pure(Base, "get-output-string", exactly(1), get_output_string),
    pure(Base, "open-input-bytevector", exactly(1), open_input_bytevector),
    pure(Base, "open-output-bytevector", exactly(0), open_output_bytevector),
    pure(Base, "get-output-bytevector", exactly(1), get_output_bytevector),
    interp(Base, "read-char", between(0, 1), read_char),
    interp(Base, "peek-char", between(0, 1), peek_char),
    interp(Base, "char-ready?", between(0, 1), char_ready),
    interp(Base, "read-line", between(0, 1), read_line),
    interp(Base, "read-string", between(1, 2), read_string),
    interp(Base, "read-u8", between(0, 1), read_u8),
    interp(Base, "peek-u8", between(0, 1), peek_u8),
    interp(Base, "u8-ready?", between(0, 1), u8_ready),
    interp(Base, "read-bytevector", between(1, 2), read_bytevector),
    interp(Base, "read-bytevector!", between(1, 4), read_bytevector_into),
    interp(Base, "write-char", between(1, 2), write_char),
    interp(Base, "write-string", between(1, 4), write_string),
    interp(Base, "newline", between(0, 1), newline),
    interp(Base, "write-u8", between(1, 2), write_u8),
    interp(Base, "write-bytevector", between(1, 4), write_bytevector),
    interp(Base, "flush-output-port", between(0, 1), flush_output_port),
    pure(Base, "eof-object", exactly(0), eof_object),
    pure(Base, "eof-object?", exactly(1), is_eof_object),
    interp(Write, "write", between(1, 2), write),
    interp(Write, "write-shared", between(1, 2), write_shared),
    interp(Write, "write-simple", between(1, 2), write_simple),
    interp(Write, "display", between(1, 2), display),
];

fn is_port(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Port(_))))
}

fn port_predicate(args: &[Value], p: fn(&Port) -> bool) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(&args[0], Value::Port(port) if p(port))))
}

fn is_input_port(args: &[Value]) -> Result<Value, Error> {
    port_predicate(args, |p| p.input)
}
fn is_output_port(args: &[Value]) -> Result<Value, Error> {
    port_predicate(args, |p| !p.input)
}
fn is_textual_port(args: &[Value]) -> Result<Value, Error> {
    port_predicate(args, |p| p.textual)
}
fn is_binary_port(args: &[Value]) -> Result<Value, Error> {
    port_predicate(args, |p| !p.textual)
}

fn is_input_port_open(args: &[Value]) -> Result<Value, Error> {
    let p = check::port("input-port-open?", 1, &args[0])?;
    Ok(Value::Bool(p.input && p.is_open()))
}

fn is_output_port_open(args: &[Value]) -> Result<Value, Error> {
    let p = check::port("output-port-open?", 1, &args[0])?;
    Ok(Value::Bool(!p.input && p.is_open()))
}

fn close_port(args: &[Value]) -> Result<Value, Error> {
    check::port("close-port", 1, &args[0])?.close()?;
    Ok(Value::Unspecified)
}

fn close_input_port(args: &[Value]) -> Result<Value, Error> {
    let p = check::port("close-input-port", 1, &args[0])?;
    if !p.input {
        return Err(Error::wrong_type("close-input-port", 1, "input port", &args[0]));
    }
    p.close()?;
    Ok(Value::Unspecified)
}

fn close_output_port(args: &[Value]) -> Result<Value, Error> {
    let p = check::port("close-output-port", 1, &args[0])?;
    if p.input {
        return Err(Error::wrong_type("close-output-port", 1, "output port", &args[0]));
    }
    p.close()?;
    Ok(Value::Unspecified)
}

fn call_with_port(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let port = check::port("call-with-port", 1, &args[0])?.clone();
    check::procedure("call-with-port", 2, &args[1])?;
    let result = it.apply(args[1].clone(), vec![args[0].clone()])?;
    port.close()?;
    Ok(result)
}

fn open_input_string(args: &[Value]) -> Result<Value, Error> {
    Ok(Port::string_input(&check::string("open-input-string", 1, &args[0])?.chars.borrow()))
}

fn open_output_string(_: &[Value]) -> Result<Value, Error> {
    Ok(Port::string_output())
}

fn get_output_string(args: &[Value]) -> Result<Value, Error> {
    let p = check::port("get-output-string", 1, &args[0])?;
    if !p.is_string_output() && p.is_open() {
        return Err(Error::wrong_type("get-output-string", 1, "string output port", &args[0]));
    }
    Ok(Value::str(&p.output_string("get-output-string")?))
}

fn open_input_bytevector(args: &[Value]) -> Result<Value, Error> {
    Ok(Port::bytevector_input(&check::bytevector("open-input-bytevector", 1, &args[0])?.bytes.borrow()))
}

fn open_output_bytevector(_: &[Value]) -> Result<Value, Error> {
    Ok(Port::bytevector_output())
}

fn get_output_bytevector(args: &[Value]) -> Result<Value, Error> {
    let p = check::port("get-output-bytevector", 1, &args[0])?;
    if !p.is_bytevector_output() && p.is_open() {
        return Err(Error::wrong_type("get-output-bytevector", 1, "bytevector output port", &args[0]));
    }
    Ok(Value::bytevector(p.output_bytes("get-output-bytevector")?))
}

/// The kind of port a procedure needs.
#[derive(Clone, Copy)]
enum Need {
    TextIn,
    BinaryIn,
    TextOut,
    BinaryOut,
}

impl Need {
    fn describe(self) -> &'static str {
        match self {
            Need::TextIn => "textual input port",
            Need::BinaryIn => "binary input port",
            Need::TextOut => "textual output port",
            Need::BinaryOut => "binary output port",
        }
    }

    fn fits(self, p: &Port) -> bool {
        match self {
            Need::TextIn => p.input && p.textual,
            Need::BinaryIn => p.input && !p.textual,
            Need::TextOut => !p.input && p.textual,
            Need::BinaryOut => !p.input && !p.textual,
        }
    }
}

/// The port argument at `args[index]`, or the current input/output port.
fn port_arg(it: &Interp, who: &'static str, args: &[Value], index: usize, need: Need) -> Result<Rc<Port>, Error> {
    let v = match args.get(index) {
        Some(v) => v.clone(),
        None => {
            let param = match need {
                Need::TextIn | Need::BinaryIn => &it.io.current_input,
                Need::TextOut | Need::BinaryOut => &it.io.current_output,
            };
            match param {
                Value::Procedure(p) => match &**p {
                    Procedure::Parameter(param) => it.parameter_value(p, param),
                    _ => unreachable!("current ports are parameters"),
                },
                _ => unreachable!("current ports are parameters"),
            }
        }
    };
    match &v {
        Value::Port(p) if need.fits(p) => Ok(p.clone()),
        _ => Err(Error::wrong_type(who, index + 1, need.describe(), &v)),
    }
}

fn char_or_eof(c: Option<char>) -> Value {
    c.map(Value::Char).unwrap_or(Value::Eof)
}

fn read_char(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "read-char", args, 0, Need::TextIn)?;
    Ok(char_or_eof(p.read_char("read-char")?))
}

fn peek_char(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "peek-char", args, 0, Need::TextIn)?;
    Ok(char_or_eof(p.peek_char("peek-char")?))
}

fn char_ready(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "char-ready?", args, 0, Need::TextIn)?;
    Ok(Value::Bool(p.char_ready("char-ready?")?))
}

fn read_line(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "read-line", args, 0, Need::TextIn)?;
    let mut line = Vec::new();
    loop {
        match p.read_char("read-line")? {
            None if line.is_empty() => return Ok(Value::Eof),
            None | Some('\n') => return Ok(Value::string_from_chars(line)),
            Some(c) => line.push(c),
        }
    }
}

fn read_string(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let k = check::index("read-string", 1, &args[0])?;
    let p = port_arg(it, "read-string", args, 1, Need::TextIn)?;
    let mut out = Vec::new();
    while out.len() < k {
        match p.read_char("read-string")? {
            Some(c) => out.push(c),
            None => break,
        }
    }
    if out.is_empty() && k > 0 {
        return Ok(Value::Eof);
    }
    Ok(Value::string_from_chars(out))
}

fn byte_or_eof(b: Option<u8>) -> Value {
    b.map(|b| Value::Int(b as i64)).unwrap_or(Value::Eof)
}

fn read_u8(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "read-u8", args, 0, Need::BinaryIn)?;
    Ok(byte_or_eof(p.read_u8("read-u8")?))
}

fn peek_u8(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "peek-u8", args, 0, Need::BinaryIn)?;
    Ok(byte_or_eof(p.peek_u8("peek-u8")?))
}

fn u8_ready(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "u8-ready?", args, 0, Need::BinaryIn)?;
    Ok(Value::Bool(p.u8_ready("u8-ready?")?))
}

fn read_bytevector(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let k = check::index("read-bytevector", 1, &args[0])?;
    let p = port_arg(it, "read-bytevector", args, 1, Need::BinaryIn)?;
    let bytes = p.read_bytes("read-bytevector", k)?;
    if bytes.is_empty() && k > 0 {
        return Ok(Value::Eof);
    }
    Ok(Value::bytevector(bytes))
}

fn read_bytevector_into(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let bv = check::mutable_bytevector("read-bytevector!", 1, &args[0])?;
    let p = port_arg(it, "read-bytevector!", args, 1, Need::BinaryIn)?;
    let len = bv.bytes.borrow().len();
    let (start, end) = check::range("read-bytevector!", args, 2, len)?;
    let mut buf = vec![0u8; end - start];
    let n = p.read_into("read-bytevector!", &mut buf)?;
    if n == 0 && end > start {
        return Ok(Value::Eof);
    }
    bv.bytes.borrow_mut()[start..start + n].copy_from_slice(&buf[..n]);
    Ok(Value::Int(n as i64))
}

fn write_char(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let c = check::char("write-char", 1, &args[0])?;
    let p = port_arg(it, "write-char", args, 1, Need::TextOut)?;
    p.write_str("write-char", c.encode_utf8(&mut [0; 4]))?;
    Ok(Value::Unspecified)
}

fn write_string(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let s = check::string("write-string", 1, &args[0])?;
    let p = port_arg(it, "write-string", args, 1, Need::TextOut)?;
    let text: String = {
        let cs = s.chars.borrow();
        let (start, end) = check::range("write-string", args, 2, cs.len())?;
        cs[start..end].iter().collect()
    };
    p.write_str("write-string", &text)?;
    Ok(Value::Unspecified)
}

fn newline(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let p = port_arg(it, "newline", args, 0, Need::TextOut)?;
    p.write_str("newline", "\n")?;
    Ok(Value::Unspecified)
}

fn write_u8(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let b = check::byte("write-u8", 1, &args[0])?;
    let p = port_arg(it, "write-u8", args, 1, Need::BinaryOut)?;
    p.write_bytes("write-u8", &[b])?;
    Ok(Value::Unspecified)
}

fn write_bytevector(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let bv = check::bytevector("write-bytevector", 1, &args[0])?;
    let p = port_arg(it, "write-bytevector", args, 1, Need::BinaryOut)?;
    let bytes = bv.bytes.borrow();
    let (start, end) = check::range("write-bytevector", args, 2, bytes.len())?;
    p.write_bytes("write-bytevector", &bytes[start..end])?;
    Ok(Value::Unspecified)
}

fn flush_output_port(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    let v = match args.first() {
        Some(v) => v.clone(),
        None => Value::Port(port_arg(it, "flush-output-port", args, 0, Need::TextOut)?),
    };
    match &v {
        Value::Port(p) if !p.input => p.flush("flush-output-port")?,
        other => return Err(Error::wrong_type("flush-output-port", 1, "output port", other).into()),
    }
    Ok(Value::Unspecified)
}

fn eof_object(_: &[Value]) -> Result<Value, Error> {
    Ok(Value::Eof)
}

fn is_eof_object(args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(matches!(args[0], Value::Eof)))
}

fn print(it: &mut Interp, who: &'static str, args: &[Value], mode: Mode) -> Result<Value, Unwind> {
    let p = port_arg(it, who, args, 1, Need::TextOut)?;
    p.write_str(who, &printer::to_string(&args[0], mode))?;
    Ok(Value::Unspecified)
}

fn write(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    print(it, "write", args, Mode::Write)
}
fn write_shared(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    print(it, "write-shared", args, Mode::Shared)
}
fn write_simple(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    print(it, "write-simple", args, Mode::Simple)
}
fn display(it: &mut Interp, args: &[Value]) -> Result<Value, Unwind> {
    print(it, "display", args, Mode::Display)
}
