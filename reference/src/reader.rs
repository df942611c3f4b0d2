//! The reader: R7RS external representations to values.
//!
//! It is iterative (an explicit stack of open lists), so input nested a
//! million levels deep is read without exhausting the Rust stack. Every
//! error carries a one-based line and column, and says whether the input
//! merely ended early (`incomplete`, so a REPL can ask for more) or is
//! malformed. Literals it builds are immutable, as R7RS literals are.

use std::cell::RefCell;
use std::rc::Rc;

use crate::error::{Error, Location};
use crate::value::{FastMap, Pair, SBytes, SString, SVector, Symbol, Value};

/// Where each list in the source starts, keyed by the address of its first
/// pair. Used to put `file:line:col` on syntax errors.
#[derive(Default)]
pub struct SourceMap {
    positions: FastMap<usize, Location>,
}

impl SourceMap {
    pub fn location(&self, v: &Value) -> Option<Location> {
        match v {
            Value::Pair(p) => self.positions.get(&(Rc::as_ptr(p) as usize)).cloned(),
            _ => None,
        }
    }

    fn record(&mut self, v: &Value, loc: Location) {
        if let Value::Pair(p) = v {
            self.positions.insert(Rc::as_ptr(p) as usize, loc);
        }
    }
}

enum Open {
    List {
        items: Vec<Value>,
        tail: Option<Value>,
        after_dot: bool,
        start: Location,
    },
    Vector {
        items: Vec<Value>,
        start: Location,
    },
    Bytevector {
        items: Vec<Value>,
        start: Location,
    },
    /// `'x`, `` `x ``, `,x`, `,@x`: wraps the next datum.
    Abbrev {
        keyword: &'static str,
        start: Location,
    },
    /// `#;`: discards the next datum.
    DatumComment {
        start: Location,
    },
}

pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: u32,
    column: u32,
    file: Rc<str>,
    fold_case: bool,
    pub source_map: SourceMap,
}

/// What a single token is.
enum Token {
    Datum(Value),
    Open(Open),
    Close,
    Dot,
}

const NAMED_CHARS: [(&str, char); 9] = [
    ("alarm", '\u{7}'),
    ("backspace", '\u{8}'),
    ("delete", '\u{7f}'),
    ("escape", '\u{1b}'),
    ("newline", '\n'),
    ("null", '\0'),
    ("return", '\r'),
    ("space", ' '),
    ("tab", '\t'),
];

/// The name R7RS gives a character (`#\space`), if it has one.
pub fn char_name(c: char) -> Option<&'static str> {
    NAMED_CHARS.iter().find(|(_, ch)| *ch == c).map(|(n, _)| *n)
}

fn is_delimiter(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"' | ';' | '|')
}

/// Reads every datum of `text`, named `file` in error messages.
pub fn read_all(text: &str, file: &str) -> Result<(Vec<Value>, SourceMap), Error> {
    let mut reader = Reader::new(text, file);
    let mut out = Vec::new();
    while let Some(v) = reader.read()? {
        out.push(v);
    }
    Ok((out, reader.source_map))
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str, file: &str) -> Reader<'a> {
        Reader {
            text,
            pos: 0,
            line: 1,
            column: 1,
            file: Rc::from(file),
            fold_case: false,
            source_map: SourceMap::default(),
        }
    }

    /// The byte offset in the text of the next character to read.
    pub fn offset(&self) -> usize {
        self.pos
    }

    fn here(&self) -> Location {
        Location { file: self.file.clone(), line: self.line, column: self.column }
    }

    fn error(&self, at: Location, message: impl Into<String>) -> Error {
        Error::Read { location: at, message: message.into(), incomplete: false }
    }

    fn incomplete(&self, at: Location, message: impl Into<String>) -> Error {
        Error::Read { location: at, message: message.into(), incomplete: true }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn peek2(&self) -> Option<char> {
        let mut it = self.text[self.pos..].chars();
        it.next();
        it.next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    /// Skips whitespace and comments (but not `#;`, which needs a datum).
    fn skip_atmosphere(&mut self) -> Result<(), Error> {
        loop {
            match self.peek() {
                Some(c) if c.is_whitespace() => {
                    self.next();
                }
                Some(';') => {
                    while let Some(c) = self.next() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                Some('#') if self.peek2() == Some('|') => {
                    let start = self.here();
                    self.next();
                    self.next();
                    let mut depth = 1;
                    while depth > 0 {
                        match self.next() {
                            None => return Err(self.incomplete(start, "unterminated block comment")),
                            Some('|') if self.peek() == Some('#') => {
                                self.next();
                                depth -= 1;
                            }
                            Some('#') if self.peek() == Some('|') => {
                                self.next();
                                depth += 1;
                            }
                            Some(_) => {}
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Reads the next datum, or `None` at the end of the input.
    pub fn read(&mut self) -> Result<Option<Value>, Error> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            self.skip_atmosphere()?;
            let start = self.here();
            let token = match self.peek() {
                None => {
                    return match stack.last() {
                        None => Ok(None),
                        Some(open) => {
                            let (at, what) = match open {
                                Open::List { start, .. } => (start, "list"),
                                Open::Vector { start, .. } => (start, "vector"),
                                Open::Bytevector { start, .. } => (start, "bytevector"),
                                Open::Abbrev { start, keyword } => (start, *keyword),
                                Open::DatumComment { start } => (start, "#; comment"),
                            };
                            Err(self.incomplete(
                                at.clone(),
                                format!("unexpected end of input: this {what} is not finished"),
                            ))
                        }
                    }
                }
                Some(_) => self.token(start.clone())?,
            };
            let mut value = match token {
                Token::Open(open) => {
                    stack.push(open);
                    continue;
                }
                Token::Dot => match stack.last_mut() {
                    Some(Open::List { items, tail: None, after_dot, .. }) if !items.is_empty() && !*after_dot => {
                        *after_dot = true;
                        continue;
                    }
                    _ => return Err(self.error(start, "unexpected `.`")),
                },
                Token::Close => match stack.pop() {
                    Some(Open::List { items, tail, after_dot, start: open_at }) => {
                        if after_dot && tail.is_none() {
                            return Err(self.error(start, "expected a datum after `.`"));
                        }
                        let v = literal_list(items, tail.unwrap_or(Value::Null));
                        self.source_map.record(&v, open_at);
                        v
                    }
                    Some(Open::Vector { items, .. }) => {
                        Value::Vector(Rc::new(SVector { items: RefCell::new(items), mutable: false }))
                    }
                    Some(Open::Bytevector { items, start: open_at }) => {
                        let mut bytes = Vec::with_capacity(items.len());
                        for item in items {
                            match item {
                                Value::Int(n) if (0..=255).contains(&n) => bytes.push(n as u8),
                                _ => {
                                    return Err(
                                        self.error(open_at, "a bytevector literal may hold only exact integers 0..255")
                                    )
                                }
                            }
                        }
                        Value::Bytevector(Rc::new(SBytes { bytes: RefCell::new(bytes), mutable: false }))
                    }
                    Some(other) => {
                        let what = match other {
                            Open::Abbrev { keyword, .. } => keyword,
                            _ => "#;",
                        };
                        return Err(self.error(start, format!("unexpected `)` after {what}")));
                    }
                    None => return Err(self.error(start, "unexpected `)`")),
                },
                Token::Datum(v) => v,
            };
            // Deliver the finished datum to the innermost open construct,
            // closing abbreviations and datum comments on the way.
            loop {
                match stack.last_mut() {
                    None => return Ok(Some(value)),
                    Some(Open::List { items, tail, after_dot, .. }) => {
                        if *after_dot {
                            if tail.is_some() {
                                return Err(self.error(start, "more than one datum after `.`"));
                            }
                            *tail = Some(value);
                        } else {
                            items.push(value);
                        }
                        break;
                    }
                    Some(Open::Vector { items, .. }) | Some(Open::Bytevector { items, .. }) => {
                        items.push(value);
                        break;
                    }
                    Some(Open::Abbrev { .. }) => {
                        let Some(Open::Abbrev { keyword, start }) = stack.pop() else { unreachable!() };
                        value = literal_list(vec![Value::sym(keyword), value], Value::Null);
                        self.source_map.record(&value, start);
                    }
                    Some(Open::DatumComment { .. }) => {
                        stack.pop();
                        break;
                    }
                }
            }
        }
    }

    fn token(&mut self, start: Location) -> Result<Token, Error> {
        let c = self.peek().unwrap_or(' ');
        match c {
            '(' => {
                self.next();
                Ok(Token::Open(Open::List { items: Vec::new(), tail: None, after_dot: false, start }))
            }
            ')' => {
                self.next();
                Ok(Token::Close)
            }
            '[' | ']' | '{' | '}' => Err(self.error(start, format!("`{c}` is not R7RS syntax; use parentheses"))),
            '\'' => {
                self.next();
                Ok(Token::Open(Open::Abbrev { keyword: "quote", start }))
            }
            '`' => {
                self.next();
                Ok(Token::Open(Open::Abbrev { keyword: "quasiquote", start }))
            }
            ',' => {
                self.next();
                if self.peek() == Some('@') {
                    self.next();
                    Ok(Token::Open(Open::Abbrev { keyword: "unquote-splicing", start }))
                } else {
                    Ok(Token::Open(Open::Abbrev { keyword: "unquote", start }))
                }
            }
            '"' => {
                self.next();
                let chars = self.string_body(start, '"')?;
                Ok(Token::Datum(Value::Str(Rc::new(SString { chars: RefCell::new(chars), mutable: false }))))
            }
            '|' => {
                self.next();
                let chars = self.string_body(start, '|')?;
                let name: String = chars.into_iter().collect();
                Ok(Token::Datum(Value::Symbol(Symbol::intern(&name))))
            }
            '#' => self.hash(start),
            _ => {
                let atom = self.atom();
                if atom == "." {
                    return Ok(Token::Dot);
                }
                self.atom_value(&atom, 10, start).map(Token::Datum)
            }
        }
    }

    /// The characters up to the next delimiter.
    fn atom(&mut self) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if is_delimiter(c) {
                break;
            }
            s.push(c);
            self.next();
        }
        s
    }

    fn atom_value(&self, atom: &str, radix: u32, start: Location) -> Result<Value, Error> {
        if let Some(n) = self.number(atom, radix, &start)? {
            return Ok(n);
        }
        if radix != 10 {
            return Err(self.error(start, format!("bad number syntax `{atom}`")));
        }
        let name = if self.fold_case { atom.to_lowercase() } else { atom.to_string() };
        Ok(Value::Symbol(Symbol::intern(&name)))
    }

    fn number(&self, atom: &str, radix: u32, start: &Location) -> Result<Option<Value>, Error> {
        match parse_number(atom, radix) {
            NumberSyntax::NotANumber => Ok(None),
            NumberSyntax::Integer(n) => Ok(Some(Value::Int(n))),
            NumberSyntax::Outside(why) => Err(self.error(start.clone(), why)),
            NumberSyntax::Bad => Err(self.error(start.clone(), format!("bad number syntax `{atom}`"))),
        }
    }

    /// The body of a string or `|symbol|` up to the closing `quote`.
    fn string_body(&mut self, start: Location, quote: char) -> Result<Vec<char>, Error> {
        let mut out = Vec::new();
        loop {
            let at = self.here();
            let Some(c) = self.next() else {
                let what = if quote == '"' { "string" } else { "|symbol|" };
                return Err(self.incomplete(start, format!("unterminated {what}")));
            };
            if c == quote {
                return Ok(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(e) = self.next() else {
                return Err(self.incomplete(start, "unterminated string"));
            };
            match e {
                'a' => out.push('\u{7}'),
                'b' => out.push('\u{8}'),
                't' => out.push('\t'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                '"' | '\\' | '|' => out.push(e),
                'x' | 'X' => {
                    let mut hex = String::new();
                    loop {
                        match self.next() {
                            Some(';') => break,
                            Some(h) if h.is_ascii_hexdigit() => hex.push(h),
                            _ => return Err(self.error(at, "bad `\\x` escape: expected hex digits and `;`")),
                        }
                    }
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => return Err(self.error(at, format!("bad `\\x{hex};` escape: not a character"))),
                    }
                }
                ' ' | '\t' | '\n' | '\r' => {
                    // \ <intraline whitespace>* <newline> <intraline whitespace>*
                    let mut saw_newline = e == '\n';
                    while let Some(w) = self.peek() {
                        match w {
                            '\n' if !saw_newline => saw_newline = true,
                            ' ' | '\t' | '\r' => {}
                            _ => break,
                        }
                        self.next();
                    }
                    if !saw_newline {
                        return Err(self.error(at, "a `\\` followed by spaces must end the line"));
                    }
                }
                other => return Err(self.error(at, format!("unknown escape `\\{other}`"))),
            }
        }
    }

    fn hash(&mut self, start: Location) -> Result<Token, Error> {
        self.next(); // '#'
        match self.peek() {
            Some('(') => {
                self.next();
                Ok(Token::Open(Open::Vector { items: Vec::new(), start }))
            }
            Some(';') => {
                self.next();
                Ok(Token::Open(Open::DatumComment { start }))
            }
            Some('\\') => {
                self.next();
                let Some(first) = self.next() else {
                    return Err(self.incomplete(start, "unexpected end of input in a character"));
                };
                let mut name = String::from(first);
                while let Some(c) = self.peek() {
                    if is_delimiter(c) {
                        break;
                    }
                    name.push(c);
                    self.next();
                }
                if name.chars().count() == 1 {
                    return Ok(Token::Datum(Value::Char(first)));
                }
                let key = if self.fold_case { name.to_lowercase() } else { name.clone() };
                if let Some((_, c)) = NAMED_CHARS.iter().find(|(n, _)| *n == key) {
                    return Ok(Token::Datum(Value::Char(*c)));
                }
                if let Some(hex) = name.strip_prefix(['x', 'X']) {
                    if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                        return Ok(Token::Datum(Value::Char(c)));
                    }
                }
                Err(self.error(start, format!("unknown character name `#\\{name}`")))
            }
            Some('!') => {
                let word = self.atom();
                match word.as_str() {
                    "!fold-case" => self.fold_case = true,
                    "!no-fold-case" => self.fold_case = false,
                    _ => return Err(self.error(start, format!("unknown directive `#{word}`"))),
                }
                // A directive is atmosphere: read the next token instead.
                self.skip_atmosphere()?;
                let next = self.here();
                match self.peek() {
                    None => Err(self.incomplete(next, "unexpected end of input after a directive")),
                    Some(_) => self.token(next),
                }
            }
            Some(c) if c.is_ascii_digit() => {
                let word = self.atom();
                Err(self.error(start, format!("datum labels such as `#{word}` are outside the case dialect")))
            }
            _ => {
                let word = self.atom();
                let lower = word.to_ascii_lowercase();
                match lower.as_str() {
                    "t" | "true" => return Ok(Token::Datum(Value::Bool(true))),
                    "f" | "false" => return Ok(Token::Datum(Value::Bool(false))),
                    "u8" if self.peek() == Some('(') => {
                        self.next();
                        return Ok(Token::Open(Open::Bytevector { items: Vec::new(), start }));
                    }
                    _ => {}
                }
                self.prefixed_number(&word, start)
            }
        }
    }

    /// `#x1f`, `#e10`, `#d#x..`: radix and exactness prefixes.
    fn prefixed_number(&mut self, word: &str, start: Location) -> Result<Token, Error> {
        match parse_number(&format!("#{word}"), 10) {
            NumberSyntax::Integer(n) => Ok(Token::Datum(Value::Int(n))),
            NumberSyntax::Outside(why) => Err(self.error(start, why)),
            NumberSyntax::NotANumber | NumberSyntax::Bad => Err(self.error(start, format!("bad syntax `#{word}`"))),
        }
    }
}

/// What a piece of text is as a number.
#[derive(Debug, PartialEq, Eq)]
pub enum NumberSyntax {
    /// Not number syntax at all (so, for the reader, an identifier).
    NotANumber,
    Integer(i64),
    /// Number syntax for something outside the case dialect (an inexact,
    /// rational or complex number, or an integer beyond 64 bits).
    Outside(String),
    /// Looks like a number but is malformed.
    Bad,
}

/// Parses R7RS number syntax, with `#x`/`#b`/`#o`/`#d`/`#e`/`#i` prefixes,
/// in `radix` unless a prefix says otherwise.
pub fn parse_number(text: &str, radix: u32) -> NumberSyntax {
    let mut radix = radix;
    let mut rest = text;
    let mut radix_seen = false;
    while let Some(tail) = rest.strip_prefix('#') {
        let mut chars = tail.chars();
        match chars.next().map(|c| c.to_ascii_lowercase()) {
            Some(r @ ('x' | 'b' | 'o' | 'd')) if !radix_seen => {
                radix_seen = true;
                radix = match r {
                    'x' => 16,
                    'b' => 2,
                    'o' => 8,
                    _ => 10,
                };
            }
            Some('e') => {}
            Some('i') => {
                return NumberSyntax::Outside(format!("inexact numbers such as `{text}` are outside the case dialect"))
            }
            _ => return NumberSyntax::Bad,
        }
        rest = chars.as_str();
    }
    let lower = rest.to_ascii_lowercase();
    if matches!(lower.as_str(), "+inf.0" | "-inf.0" | "+nan.0" | "-nan.0" | "+i" | "-i") {
        return NumberSyntax::Outside(format!(
            "inexact and complex numbers such as `{text}` are outside the case dialect"
        ));
    }
    let digits = lower.strip_prefix(['+', '-']).unwrap_or(&lower);
    let starts_numeric = digits.chars().next().is_some_and(|c| c.is_digit(radix))
        || (radix == 10 && digits.starts_with('.') && digits[1..].starts_with(|c: char| c.is_ascii_digit()));
    if !starts_numeric {
        return if text.starts_with('#') { NumberSyntax::Bad } else { NumberSyntax::NotANumber };
    }
    if digits.chars().all(|c| c.is_digit(radix)) {
        return match i64::from_str_radix(&lower, radix) {
            Ok(n) => NumberSyntax::Integer(n),
            Err(_) => NumberSyntax::Outside(format!(
                "integer `{text}` does not fit in 64 bits (bignums are outside the case dialect)"
            )),
        };
    }
    if is_rational(digits, radix) || (radix == 10 && (is_decimal(digits) || is_complex(digits))) {
        return NumberSyntax::Outside(format!("non-integer numbers such as `{text}` are outside the case dialect"));
    }
    NumberSyntax::Bad
}

fn all_digits(s: &str, radix: u32) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_digit(radix))
}

/// `n/d`.
fn is_rational(s: &str, radix: u32) -> bool {
    s.split_once('/').is_some_and(|(n, d)| all_digits(n, radix) && all_digits(d, radix))
}

/// `1.5`, `.5`, `1.`, `1e10`, `1.5e-3`.
fn is_decimal(s: &str) -> bool {
    let (mantissa, exponent) = match s.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((i, f)) => {
            (i.is_empty() || all_digits(i, 10))
                && (f.is_empty() || all_digits(f, 10))
                && !(i.is_empty() && f.is_empty())
        }
        None => all_digits(mantissa, 10) && exponent.is_some(),
    };
    let exponent_ok = exponent.is_none_or(|e| all_digits(e.strip_prefix(['+', '-']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

/// `1+2i`, `3i` and the like.
fn is_complex(s: &str) -> bool {
    s.strip_suffix('i').is_some_and(|body| {
        let body = body.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        body.is_empty() || body.ends_with(['+', '-'])
    })
}

fn literal_list(items: Vec<Value>, tail: Value) -> Value {
    items.into_iter().rev().fold(tail, |acc, x| {
        Value::Pair(Rc::new(Pair { car: RefCell::new(x), cdr: RefCell::new(acc), mutable: false }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer::write_string;
    use rstest::rstest;

    fn read_one(s: &str) -> Result<Value, Error> {
        let (mut v, _) = read_all(s, "t.scm")?;
        assert_eq!(v.len(), 1, "expected one datum in {s:?}");
        Ok(v.remove(0))
    }

    #[rstest]
    #[case("(1 2 . 3)", "(1 2 . 3)")]
    #[case("#(1 #t #f)", "#(1 #t #f)")]
    #[case("#u8(1 2 255)", "#u8(1 2 255)")]
    #[case("'a", "(quote a)")]
    #[case("`(a ,b ,@c)", "(quasiquote (a (unquote b) (unquote-splicing c)))")]
    #[case("\"a\\nb\\x41;\\\"\"", "\"a\\nbA\\\"\"")]
    #[case("#\\space", "#\\space")]
    #[case("#\\x41", "#\\A")]
    #[case("#\\x", "#\\x")]
    #[case("#\\(", "#\\(")]
    #[case("|a b|", "|a b|")]
    #[case("#x-1F", "-31")]
    #[case("#e#b101", "5")]
    #[case("-9223372036854775808", "-9223372036854775808")]
    #[case("(a #;(ignored) b #| nested #| c |# |# c)", "(a b c)")]
    #[case("#true", "#t")]
    #[case("...", "...")]
    #[case("->x", "->x")]
    #[case("+", "+")]
    #[case("\"line \\\n     continued\"", "\"line continued\"")]
    fn reads(#[case] src: &str, #[case] written: &str) {
        let v = read_one(src).expect("reads");
        assert_eq!(write_string(&v), written);
    }

    #[rstest]
    #[case("(1 2", 1, 1, true)]
    #[case("\"abc", 1, 1, true)]
    #[case("#| x", 1, 1, true)]
    #[case(")", 1, 1, false)]
    #[case("(a\n  . )", 2, 5, false)]
    #[case("1.5", 1, 1, false)]
    #[case("1/2", 1, 1, false)]
    #[case("+inf.0", 1, 1, false)]
    #[case("99999999999999999999", 1, 1, false)]
    #[case("#0=(a)", 1, 1, false)]
    #[case("[a]", 1, 1, false)]
    #[case("#\\bogus", 1, 1, false)]
    #[case("#u8(256)", 1, 1, false)]
    #[case("(a . b c)", 1, 8, false)]
    fn read_errors_carry_position(
        #[case] src: &str,
        #[case] line: u32,
        #[case] col: u32,
        #[case] incomplete_expected: bool,
    ) {
        match read_all(src, "t.scm") {
            Err(Error::Read { location, incomplete, .. }) => {
                assert_eq!((location.line, location.column), (line, col), "{src}");
                assert_eq!(incomplete, incomplete_expected, "{src}");
            }
            Err(e) => panic!("unexpected error {e}"),
            Ok(v) => panic!("{src} read as {:?}", v.0),
        }
    }

    #[test]
    fn fold_case_directive() {
        let v = read_one("#!fold-case ABC").expect("reads");
        assert_eq!(write_string(&v), "abc");
    }

    #[test]
    fn deep_nesting_reads_without_recursion() {
        let depth = 1_000_000;
        let src = format!("{}{}", "(".repeat(depth), ")".repeat(depth));
        let v = read_one(&src).expect("reads");
        drop(v);
    }

    #[test]
    fn literals_are_immutable_and_located() {
        let (vs, map) = read_all("\n  (a (b))", "f.scm").expect("reads");
        let Value::Pair(p) = &vs[0] else { panic!("not a pair") };
        assert!(!p.mutable);
        assert_eq!(map.location(&vs[0]).map(|l| l.to_string()), Some("f.scm:2:3".to_string()));
    }
}
