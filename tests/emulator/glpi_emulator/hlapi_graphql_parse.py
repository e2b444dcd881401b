"""A GraphQL document parser for the emulator's ``POST /GraphQL`` (webonyx/graphql-php's Lexer and
Parser, as GLPI 11.0.6 ships them): operations made of fields, aliases, arguments and selection
sets. Syntax errors read as graphql-php writes them (``Syntax Error: Expected Name, found <EOF>``)
with their line and column."""
import re

TOKEN_RE = re.compile(r"""
    (?P<skip>[\s,\ufeff]+|\#[^\n\r]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$&()\[\]{}:=@|])
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
  | (?P<number>-?(?:0|[1-9][0-9]*)(?P<frac>\.[0-9]+)?(?P<exp>[eE][+-]?[0-9]+)?)
  | (?P<string>"(?:[^"\\\n\r]|\\.)*")
""", re.X)


class GraphQLSyntaxError(Exception):
    def __init__(self, message, location):
        super().__init__(message)
        self.message = "Syntax Error: " + message
        self.location = location


class Token:
    def __init__(self, kind, value, location):
        self.kind = kind  # "Name", "Int", "Float", "String", "<EOF>" or the punctuator itself
        self.value = value
        self.location = location

    def describe(self):
        if self.kind in ("Name", "Int", "Float", "String"):
            return '%s "%s"' % (self.kind, self.value)
        return self.kind


def _location(text, pos):
    line = text.count("\n", 0, pos) + 1
    return {"line": line, "column": pos - (text.rfind("\n", 0, pos) + 1) + 1}


def tokenize(text):
    tokens, pos = [], 0
    while pos < len(text):
        match = TOKEN_RE.match(text, pos)
        if match is None:
            raise GraphQLSyntaxError('Unexpected character "%s".' % text[pos], _location(text, pos))
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "number":
            kind = "Float" if match.group("frac") or match.group("exp") else "Int"
        elif kind == "string":
            value = value[1:-1].encode("utf-8").decode("unicode_escape") if "\\" in value else value[1:-1]
            kind = "String"
        elif kind == "name":
            kind = "Name"
        elif kind in ("punct", "spread"):
            kind = value
        if kind != "skip":
            tokens.append(Token(kind, value, _location(text, match.start())))
        pos = match.end()
    tokens.append(Token("<EOF>", None, _location(text, len(text))))
    return tokens


class Field:
    def __init__(self, name, alias, arguments, selections, location):
        self.operation = None  # set on the first field of a mutation or subscription: (type, location)
        self.fragment = None  # (name, location) of a fragment spread
        self.selections_location = None
        self.name = name
        self.alias = alias or name
        self.arguments = arguments  # [(name, value, location)]; value: (kind, python value)
        self.selections = selections  # None for a leaf
        self.location = location


class Parser:
    def __init__(self, text):
        self.tokens = tokenize(text)
        self.index = 0

    @property
    def token(self):
        return self.tokens[self.index]

    def _advance(self):
        token = self.token
        self.index += 1
        return token

    def _expect(self, kind):
        if self.token.kind != kind:
            raise GraphQLSyntaxError("Expected %s, found %s" % (kind, self.token.describe()), self.token.location)
        return self._advance()

    def _unexpected(self):
        raise GraphQLSyntaxError("Unexpected %s" % self.token.describe(), self.token.location)

    def document(self):
        """The selections of every operation in the document, in order, fragment spreads expanded."""
        self.fragments = {}
        selections = []
        while True:
            selections += self._definition()
            if self.token.kind == "<EOF>":
                return self._expand(selections)

    def _expand(self, selections, seen=()):
        """Fragment spreads replaced by their fragment's fields (an unknown one kept for validation)."""
        out = []
        for field in selections:
            name = field.fragment[0] if field.fragment else None
            if name in self.fragments and name not in seen:
                out += self._expand(self.fragments[name], seen + (name,))
                continue
            if field.selections is not None:
                field.selections = self._expand(field.selections, seen)
            out.append(field)
        return out

    def _definition(self):
        if self.token.kind == "String":  # a description (of a type definition, in graphql-php)
            self._advance()
            if self.token.kind == "<EOF>":
                self._unexpected()
        if self.token.kind == "Name" and self.token.value == "fragment":
            self._advance()
            name = self._expect("Name").value
            if self.token.kind != "Name" or self.token.value != "on":
                raise GraphQLSyntaxError('Expected "on", found %s' % self.token.describe(), self.token.location)
            self._advance()
            self._expect("Name")
            self.fragments[name] = self._selection_set()
            return []
        if self.token.kind == "{":
            return self._selection_set()
        if self.token.kind == "Name" and self.token.value in ("query", "mutation", "subscription"):
            operation = (self.token.value, self.token.location)
            self._advance()
            if self.token.kind == "Name":
                self._advance()
            self._variable_definitions()
            fields = self._selection_set()
            if operation[0] != "query" and fields:
                fields[0].operation = operation
            return fields
        return self._unexpected()

    def _variable_definitions(self):
        """``($name: Type = default, ...)``: parsed; GLPI passes no variable values, so a variable is null."""
        if self.token.kind != "(":
            return
        self._advance()
        while True:
            self._expect("$")
            self._expect("Name")
            self._expect(":")
            self._type()
            if self.token.kind == "=":
                self._advance()
                self._value()
            if self.token.kind == ")":
                self._advance()
                return

    def _type(self):
        if self.token.kind == "[":
            self._advance()
            self._type()
            self._expect("]")
        else:
            self._expect("Name")
        if self.token.kind == "!":
            self._advance()

    def _selection_set(self):
        self._expect("{")
        out = []
        while True:
            if self.token.kind == "...":
                out += self._fragment()
            else:
                out.append(self._field())
            if self.token.kind == "}":
                self._advance()
                return out

    def _fragment(self):
        """``...Name`` (a spread, expanded later) or an inline ``... on Type { }`` / ``... { }``."""
        self._advance()
        if self.token.kind == "Name" and self.token.value == "on":
            self._advance()
            self._expect("Name")
            return self._selection_set()
        if self.token.kind == "{":
            return self._selection_set()
        spread = Field(None, None, [], None, self.token.location)
        spread.fragment = (self._expect("Name").value, spread.location)
        return [spread]

    def _field(self):
        start = self.token.location
        name = self._expect("Name").value
        alias = None
        if self.token.kind == ":":
            self._advance()
            alias, name = name, self._expect("Name").value
        arguments = self._arguments()
        selections_location = self.token.location
        selections = self._selection_set() if self.token.kind == "{" else None
        field = Field(name, alias, arguments, selections, start)
        field.selections_location = selections_location
        return field

    def _arguments(self):
        if self.token.kind != "(":
            return []
        self._advance()
        out = []
        while True:
            location = self.token.location
            name = self._expect("Name").value
            self._expect(":")
            value_location = self.token.location
            out.append((name, self._value(), location, value_location))
            if self.token.kind == ")":
                self._advance()
                return out

    def _value(self):
        token = self.token
        if token.kind in ("Int", "Float", "String"):
            self._advance()
            return token.kind, token.value
        if token.kind == "Name":
            self._advance()
            return {"true": ("Boolean", True), "false": ("Boolean", False), "null": ("Null", None)}.get(
                token.value, ("Enum", token.value))
        if token.kind == "$":  # a variable: GLPI passes no variable values
            self._advance()
            self._expect("Name")
            return "Null", None
        if token.kind == "[":
            self._advance()
            items = []
            while self.token.kind != "]":
                items.append(self._value())
            self._advance()
            return "List", items
        return self._unexpected()


def parse(text):
    """The top-level fields of the document (raises GraphQLSyntaxError)."""
    return Parser(text).document()
