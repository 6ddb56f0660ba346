"""The filter language: a small, safe expression language for indicator definitions.

A filter selects records, e.g. ``admission_type in @emergency and age >= 18``. It is
tokenised and parsed here (recursive descent) into an abstract syntax tree; the tree
is checked against the data contract in :mod:`placewell.indicators.filter_check` and
compiled to an Ibis expression in :mod:`placewell.indicators.filter_ibis`. Nothing is
ever evaluated as Python or pasted into SQL.

Grammar (keywords are case-insensitive)::

    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | primary
    primary    := "(" expr ")" | predicate
    predicate  := operand ( op operand
                          | ["not"] "in" list
                          | "is" ["not"] "null"
                          | "startswith" list )?
    operand    := column | literal | "@"name | call
    call       := days_between(a, b) | date('YYYY-MM-DD')
                | startswith(column, 'A', ...) | any(column, column, ...)
    list       := "[" literal ("," literal)* "]" | "@"name
    op         := "=" | "!=" | "<" | "<=" | ">" | ">="
    literal    := 'text' | "text" | 12 | 3.5 | true | false
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "AnyOf",
    "BoolOp",
    "Call",
    "CodeSetRef",
    "ColumnRef",
    "Compare",
    "FilterError",
    "InList",
    "IsNull",
    "Literal",
    "Node",
    "Not",
    "StartsWith",
    "parse",
]


class FilterError(Exception):
    """A problem in a filter expression at 1-based character ``pos``."""

    def __init__(self, message: str, pos: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos

    def describe(self) -> str:
        return self.message + (f" (at character {self.pos})" if self.pos else "")


# --- the tree ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ColumnRef:
    name: str
    pos: int


@dataclass(frozen=True)
class Literal:
    value: str | float | int | bool
    kind: str  # "string", "number", "boolean"
    pos: int


@dataclass(frozen=True)
class CodeSetRef:
    name: str
    pos: int


@dataclass(frozen=True)
class Call:
    """``days_between(a, b)`` (whole days from a to b) or ``date('2023-04-01')``."""

    func: str
    args: tuple[Operand, ...]
    pos: int


@dataclass(frozen=True)
class AnyOf:
    """``any(col1, col2, ...)``: the predicate holds for at least one of the columns."""

    columns: tuple[ColumnRef, ...]
    pos: int


@dataclass(frozen=True)
class Compare:
    op: str
    left: Operand
    right: Operand
    pos: int


@dataclass(frozen=True)
class InList:
    operand: Operand
    items: tuple[Literal, ...] | CodeSetRef
    negate: bool
    pos: int


@dataclass(frozen=True)
class IsNull:
    operand: Operand
    negate: bool
    pos: int


@dataclass(frozen=True)
class StartsWith:
    operand: Operand
    prefixes: tuple[Literal | CodeSetRef, ...]
    pos: int


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    items: tuple[Node, ...]
    pos: int


@dataclass(frozen=True)
class Not:
    item: Node
    pos: int


Operand: TypeAlias = ColumnRef | Literal | CodeSetRef | Call | AnyOf
Node: TypeAlias = Compare | InList | IsNull | StartsWith | BoolOp | Not | ColumnRef | Literal

# --- tokens -----------------------------------------------------------------------------
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
  | (?P<string>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
  | (?P<codeset>@[A-Za-z_][A-Za-z0-9_]*)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op><=|>=|!=|==|<>|=|<|>|\(|\)|\[|\]|,)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "is", "null", "true", "false", "startswith"}
_FUNCTIONS = {"days_between", "date", "startswith", "any"}


@dataclass(frozen=True)
class Token:
    kind: str  # number string codeset ident keyword op end
    text: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens; an unknown character is an error with its position."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        m = _TOKEN.match(text, i)
        if m is None:
            if text[i] in "'\"":
                raise FilterError("a text literal is not closed; add the closing quote", i + 1)
            raise FilterError(f"unexpected character {text[i]!r}", i + 1)
        kind = m.lastgroup or ""
        value = m.group()
        if kind == "ident" and value.lower() in _KEYWORDS:
            kind, value = "keyword", value.lower()
        if kind == "op" and value in ("==", "<>"):
            value = "=" if value == "==" else "!="
        if kind != "ws":
            tokens.append(Token(kind, value, i + 1))
        i = m.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


# --- parser -----------------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, kind: str, text: str | None = None) -> Token | None:
        tok = self.tok
        if tok.kind == kind and (text is None or tok.text == text):
            return self.advance()
        return None

    def expect(self, kind: str, text: str, what: str) -> Token:
        tok = self.accept(kind, text)
        if tok is None:
            raise FilterError(f"expected {what}, found {self._shown(self.tok)}", self.tok.pos)
        return tok

    @staticmethod
    def _shown(tok: Token) -> str:
        return "the end of the expression" if tok.kind == "end" else repr(tok.text)

    def parse(self) -> Node:
        if self.tok.kind == "end":
            raise FilterError("the filter is empty", 1)
        node = self.expr()
        if self.tok.kind != "end":
            raise FilterError(
                f"unexpected {self._shown(self.tok)}; join conditions with 'and' or 'or'",
                self.tok.pos,
            )
        return node

    def expr(self) -> Node:
        items = [self.and_expr()]
        pos = items[0].pos
        while self.accept("keyword", "or"):
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else BoolOp("or", tuple(items), pos)

    def and_expr(self) -> Node:
        items = [self.not_expr()]
        pos = items[0].pos
        while self.accept("keyword", "and"):
            items.append(self.not_expr())
        return items[0] if len(items) == 1 else BoolOp("and", tuple(items), pos)

    def not_expr(self) -> Node:
        tok = self.accept("keyword", "not")
        if tok is not None:
            return Not(self.not_expr(), tok.pos)
        return self.primary()

    def primary(self) -> Node:
        tok = self.accept("op", "(")
        if tok is not None:
            node = self.expr()
            self.expect("op", ")", "')' to close the '(' at character " + str(tok.pos))
            return node
        return self.predicate()

    def predicate(self) -> Node:
        left = self.operand()
        if isinstance(left, StartsWith):
            return left
        tok = self.tok
        if tok.kind == "op" and tok.text in ("=", "!=", "<", "<=", ">", ">="):
            self.advance()
            right = self.operand()
            if isinstance(right, StartsWith):
                raise FilterError("startswith(...) cannot be compared", right.pos)
            return Compare(tok.text, left, right, tok.pos)
        if tok.kind == "keyword" and tok.text == "in":
            self.advance()
            return InList(left, self.value_list(), False, tok.pos)
        if tok.kind == "keyword" and tok.text == "not":
            self.advance()
            self.expect("keyword", "in", "'in' after 'not' (as in: x not in [...])")
            return InList(left, self.value_list(), True, tok.pos)
        if tok.kind == "keyword" and tok.text == "is":
            self.advance()
            negate = self.accept("keyword", "not") is not None
            self.expect("keyword", "null", "'null' (as in: x is null, x is not null)")
            return IsNull(left, negate, tok.pos)
        if tok.kind == "keyword" and tok.text == "startswith":
            self.advance()
            items = self.value_list()
            prefixes = (items,) if isinstance(items, CodeSetRef) else items
            return StartsWith(left, prefixes, tok.pos)
        if isinstance(left, (ColumnRef, Literal)):
            return left  # a boolean column or literal on its own
        raise FilterError(
            f"expected a comparison after this value, found {self._shown(tok)}", tok.pos
        )

    def operand(self) -> Operand | StartsWith:
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            number = float(tok.text) if "." in tok.text else int(tok.text)
            return Literal(number, "number", tok.pos)
        if tok.kind == "string":
            self.advance()
            return Literal(_unquote(tok.text), "string", tok.pos)
        if tok.kind == "keyword" and tok.text in ("true", "false"):
            self.advance()
            return Literal(tok.text == "true", "boolean", tok.pos)
        if tok.kind == "codeset":
            self.advance()
            return CodeSetRef(tok.text[1:], tok.pos)
        if tok.kind == "keyword" and tok.text == "startswith":
            self.advance()
            return self.call("startswith", tok.pos)
        if tok.kind == "ident":
            self.advance()
            if self.tok.kind == "op" and self.tok.text == "(":
                return self.call(tok.text.lower(), tok.pos)
            return ColumnRef(tok.text, tok.pos)
        raise FilterError(
            f"expected a column, value or function, found {self._shown(tok)}", tok.pos
        )

    def call(self, name: str, pos: int) -> Operand | StartsWith:
        if name not in _FUNCTIONS:
            raise FilterError(
                f"unknown function {name!r}; functions are: {', '.join(sorted(_FUNCTIONS))}", pos
            )
        self.expect("op", "(", f"'(' after {name}")
        args: list[Operand] = []
        if not self.accept("op", ")"):
            while True:
                arg = self.operand()
                if isinstance(arg, StartsWith):
                    raise FilterError("startswith(...) cannot be an argument", arg.pos)
                args.append(arg)
                if self.accept("op", ")"):
                    break
                self.expect("op", ",", f"',' or ')' in the arguments of {name}")
        return self._build_call(name, args, pos)

    @staticmethod
    def _build_call(name: str, args: list[Operand], pos: int) -> Operand | StartsWith:
        if name == "any":
            if len(args) < 2 or not all(isinstance(a, ColumnRef) for a in args):
                raise FilterError("any(...) takes two or more column names", pos)
            return AnyOf(tuple(a for a in args if isinstance(a, ColumnRef)), pos)
        if name == "startswith":
            if len(args) < 2:
                raise FilterError(
                    "startswith(column, 'prefix', ...) needs a column and a prefix", pos
                )
            prefixes: list[Literal | CodeSetRef] = []
            for a in args[1:]:
                if not isinstance(a, (Literal, CodeSetRef)):
                    raise FilterError("startswith prefixes must be text or a @code_set", a.pos)
                prefixes.append(a)
            return StartsWith(args[0], tuple(prefixes), pos)
        if name == "days_between" and len(args) != 2:
            raise FilterError("days_between(start, end) takes two dates", pos)
        if name == "date" and (
            len(args) != 1 or not isinstance(args[0], Literal) or args[0].kind != "string"
        ):
            raise FilterError("date(...) takes one text literal such as date('2023-04-01')", pos)
        return Call(name, tuple(args), pos)

    def value_list(self) -> tuple[Literal, ...] | CodeSetRef:
        tok = self.accept("codeset")
        if tok is not None:
            return CodeSetRef(tok.text[1:], tok.pos)
        self.expect("op", "[", "a list such as ['a', 'b'] or a @code_set")
        items: list[Literal] = []
        while True:
            item = self.operand()
            if not isinstance(item, Literal):
                raise FilterError("list items must be text, numbers or true/false", item.pos)
            items.append(item)
            if self.accept("op", "]"):
                break
            self.expect("op", ",", "',' or ']' in the list")
        return tuple(items)


def parse(text: str) -> Node:
    """Parse a filter expression into its tree; :class:`FilterError` gives the position."""
    if not isinstance(text, str):
        raise FilterError("a filter must be text")
    return _Parser(text).parse()
