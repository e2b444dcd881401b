"""RSQL filters and sorts of the High-level API, as GLPI 11.0.6's ``src/Glpi/Api/HL/RSQL/``
(Lexer, Parser) and ``Search.php`` read them, evaluated on the rendered v2 objects.

``;`` is AND, ``,`` is OR, parentheses group; operators ``== != =in= =out= =lt= =le= =gt= =ge=
=like= =ilike= =isnull= =notnull= =empty= =notempty=``. ``==`` compares with MariaDB's
utf8mb4_unicode_ci (case-insensitive), ``=like=`` is case-sensitive (``CAST(... AS BINARY)``),
``*`` is its wildcard and ``%`` a single character. Unknown properties or operators are
collected and answered together (400 "RSQL query has invalid filters").
"""
import csv
import functools
import re

from . import hlapi, values

T_PROP, T_OP, T_VALUE, T_NOVALUE, T_AND, T_OR, T_OPEN, T_CLOSE = range(8)
PROPERTY_CHAR = re.compile(r"[A-Za-z0-9_.]")
UNARY = ("=isnull=", "=notnull=", "=empty=", "=notempty=")
OPERATORS = ("==", "!=", "=in=", "=out=", "=lt=", "=le=", "=gt=", "=ge=", "=like=", "=ilike=") + UNARY


def _invalid(title, detail=None):
    return hlapi.HLError(400, "ERROR_INVALID_PARAMETER", title, detail)


def _read_value(query, pos, tokens):
    """The value starting at query[pos] (quoted, parenthesised or bare); returns the new pos."""
    start = query[pos]
    end_char = ")" if start == "(" else start if start in "\"'" else None
    buf = start
    while pos + 1 < len(query):
        pos += 1
        char = query[pos]
        if end_char is not None and char == end_char:
            tokens.append((T_VALUE, buf + char))
            return pos, ""
        if end_char is None and char in ";,)":
            tokens.append((T_VALUE, buf))
            return pos - 1, ""
        buf += char
    return pos, buf


def tokenize(query):
    """Lexer::tokenize()."""
    tokens, pos, in_filter = [], 0, False
    while pos < len(query):
        char = query[pos]
        prev = query[pos - 1] if pos else None
        if char == "(" and prev != "\\":
            tokens.append((T_OPEN, char))
        elif char == ")" and prev != "\\":
            tokens.append((T_CLOSE, char))
        elif not in_filter and char in ";,":
            tokens.append((T_AND if char == ";" else T_OR, char))
        elif not in_filter and PROPERTY_CHAR.match(char):
            pos = _read_filter(query, pos, tokens)
        pos += 1
    if sum(1 for t in tokens if t[0] == T_OPEN) != sum(1 for t in tokens if t[0] == T_CLOSE):
        raise _invalid("RSQL query has one or more unclosed groups")
    return tokens


def _read_filter(query, pos, tokens):
    buf = query[pos]
    while pos + 1 < len(query) and query[pos + 1] not in "=!":
        pos += 1
        buf += query[pos]
    tokens.append((T_PROP, buf))
    pos += 1
    if pos >= len(query) or query[pos] not in "=!":
        raise _invalid('RSQL query is missing an operator in filter for property "%s"' % buf)
    op = query[pos]
    while pos + 1 < len(query) and query[pos + 1] != "=":
        pos += 1
        op += query[pos]
    if pos + 1 >= len(query):
        raise _invalid('RSQL query has an incomplete operator in filter for property "%s"' % buf)
    tokens.append((T_OP, op + "="))
    pos += 2
    if pos >= len(query) or query[pos] in ";,":
        tokens.append((T_NOVALUE, ""))
        return pos - 1 if pos < len(query) else pos
    pos, rest = _read_value(query, pos, tokens)
    if rest != "":
        tokens.append((T_VALUE, rest))
    return pos


def parse(query, flat):
    """Parser::parse(): a nested list ``[cond, "and"|"or", cond, ...]`` (cond: a group list or
    ``(property, operator, value)``); raises HLError for invalid filters."""
    stack, invalid, buf = [[]], {}, {}
    for kind, text in tokenize(query):
        if kind == T_PROP:
            buf = {"prop": text if text in flat else None}
            if text not in flat:
                invalid[text] = "Unknown property"
        elif kind == T_OP:
            if text not in OPERATORS:
                if buf.get("prop") is not None:
                    invalid[buf["prop"]] = "Unknown operator"
                buf["op"] = None
            else:
                buf["op"] = text
        elif kind in (T_VALUE, T_NOVALUE):
            if buf.get("prop") is not None and buf.get("op") is not None:
                if buf["op"] not in UNARY and kind == T_NOVALUE:
                    raise _invalid('RSQL query is missing a value in filter for property "%s"' % buf["prop"])
                stack[-1].append((buf["prop"], buf["op"], _unquote(text)))
            buf = {}
        elif kind in (T_AND, T_OR) and stack[-1]:
            stack[-1].append("and" if kind == T_AND else "or")
        elif kind == T_OPEN:
            stack.append([])
        elif kind == T_CLOSE and len(stack) > 1:
            group = stack.pop()
            stack[-1].append(group)
    if invalid:
        raise _invalid("RSQL query has invalid filters", invalid)
    return stack[0]


def _unquote(text):
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _flat_value(obj, spec, prop):
    if spec[0] == "sub":
        linked = obj.get(spec[1])
        return linked.get(spec[2]) if isinstance(linked, dict) else None
    return obj.get(prop)


def _norm(kind, value):
    """Values as MariaDB compares them: dates without T/offset, numbers as numbers."""
    if value is None:
        return None
    if kind == "datetime":
        text = re.sub(r"(Z|[+-]\d{2}:?\d{2})$", "", str(value)).replace("T", " ")
        return text
    if kind == "bool" and isinstance(value, str):  # Parser: filter_var(FILTER_VALIDATE_BOOLEAN) ? 1 : 0
        return 1.0 if value.strip().lower() in ("1", "true", "on", "yes") else 0.0
    if kind in ("int", "bool") or isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(value) if not isinstance(value, bool) else float(int(value))
        except (TypeError, ValueError):
            return 0.0
    return value


def _like(pattern, value, insensitive):
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # MariaDB's LIKE on an integer column reads it as its digits ('1', not '1.0')
    rx = re.escape(pattern.replace("%", "\x00").replace("*", "\x01"))
    rx = rx.replace("\x00", ".").replace("\x01", ".*")
    if insensitive:
        return re.fullmatch(values.fold(rx), values.fold(str(value)), re.S) is not None
    return re.fullmatch(rx, str(value), re.S) is not None


def _compare(a, b):
    if isinstance(a, float) or isinstance(b, float):
        try:
            return (float(a) > float(b)) - (float(a) < float(b))
        except (TypeError, ValueError):
            return 0
    return values.collate_ci(str(a), str(b))


def _test(op, actual, wanted):
    if op == "=isnull=":
        return actual is None
    if op == "=notnull=":
        return actual is not None
    if op == "=empty=":
        return actual in (None, "")
    if op == "=notempty=":
        return actual not in (None, "")
    if actual is None:
        return False
    if op in ("=like=", "=ilike="):
        return _like(str(wanted), actual, op == "=ilike=")
    if op in ("=in=", "=out="):
        found = _in_group(actual, wanted)
        return found if op == "=in=" else not found
    cmp = _compare(actual, wanted)
    return {"==": cmp == 0, "!=": cmp != 0, "=lt=": cmp < 0, "=le=": cmp <= 0,
            "=gt=": cmp > 0, "=ge=": cmp >= 0}[op]


def _in_group(actual, wanted):
    """Whether ``actual`` equals one of ``wanted`` (the collation's keys, one set per list)."""
    if isinstance(actual, float) or any(isinstance(w, float) for w in wanted):
        return any(_compare(actual, w) == 0 for w in wanted)
    return values.ci_key(str(actual)) in _key_set(wanted)


@functools.lru_cache(maxsize=64)
def _key_set(wanted):
    return frozenset(values.ci_key(str(w)) for w in wanted)


@functools.lru_cache(maxsize=64)
def _group(kind, text):
    """The normalised values of an ``=in=``/``=out=`` list, parsed once per query, not per row."""
    return tuple(_norm(kind, w) for w in _group_values(text))


def _group_values(text):
    match = re.fullmatch(r"\((.*)\)", text, re.S)
    if not match:
        raise _invalid("Invalid RSQL array: %s" % text)
    return [_unquote(item.strip()) for item in next(csv.reader([match.group(1)]))]


def _kind(spec):
    if spec[0] == "col":
        return spec[2]
    if spec[0] == "many" and spec[2] in ("is_default", "is_dynamic"):
        return "bool"
    return "int" if spec[2] == "id" else "str"


def _evaluate(node, obj, flat):
    if isinstance(node, tuple):
        prop, op, wanted = node
        spec = flat[prop]
        kind = _kind(spec)
        if op in ("=in=", "=out="):
            wanted = _group(kind, wanted)
        elif op not in UNARY and op not in ("=like=", "=ilike="):
            wanted = _norm(kind, wanted)
        if spec[0] == "many":  # a property of a joined list (a user's emails): one row of the join matches
            linked = obj.get(spec[1]) if isinstance(obj.get(spec[1]), list) else []
            values = [item.get(spec[2]) for item in linked if isinstance(item, dict)] or [None]
            return any(_test(op, _norm(kind, value), wanted) for value in values)
        return _test(op, _norm(kind, _flat_value(obj, spec, prop)), wanted)
    result, pending = None, None
    for part in node:
        if part in ("and", "or"):
            pending = part
            continue
        value = _evaluate(part, obj, flat)
        result = value if result is None else (result and value if pending == "and" else result or value)
    return True if result is None else result


def _precedence(node):
    """SQL evaluates AND before OR: regroup ``a;b,c`` as ``(a;b),c``."""
    if isinstance(node, tuple):
        return node
    groups, current = [], []
    for part in node:
        if part == "or":
            groups.append(current)
            current = []
        elif part != "and":
            current.append(_precedence(part))
    groups.append(current)
    out = []
    for group in groups:
        if out:
            out.append("or")
        inner = []
        for cond in group:
            if inner:
                inner.append("and")
            inner.append(cond)
        out.append(inner)
    return out


def apply(query, flat, objects):
    """The objects matching the ``filter`` query parameter (all when absent or empty)."""
    if not query:
        return objects
    tree = _precedence(parse(query, flat))
    found = [obj for obj in objects if _evaluate(tree, obj, flat)]
    many = [node for node in _conditions(tree) if flat[node[0]][0] == "many"]
    return [_joined(obj, many, flat) for obj in found] if many else found


def _conditions(node):
    if isinstance(node, tuple):
        return [node]
    return [cond for part in node if part not in ("and", "or") for cond in _conditions(part)]


def _joined(obj, conditions, flat):
    """The object as the SQL join returns it: its list (emails) cut to the entries the filter's
    conditions on it match."""
    out = dict(obj)
    for prop, op, wanted in conditions:
        spec = flat[prop]
        items = out.get(spec[1]) if isinstance(out.get(spec[1]), list) else []
        out[spec[1]] = [item for item in items if _evaluate((prop, op, wanted), {spec[1]: [item]}, flat)]
    return out


def sort(query, flat, objects):
    """``sort=prop[:asc|desc],...``; an object property or an unknown one is 400."""
    if query is None:
        return objects
    keys = []
    for part in (p.strip() for p in str(query).split(",")):
        if part == "":
            continue
        prop, _sep, direction = part.partition(":")
        spec = flat.get(prop)
        if spec is None or spec[0] == "fk":
            raise hlapi.HLError(400, "ERROR", "Invalid property for sorting: %s" % prop)
        keys.append((prop, spec, direction.upper() == "DESC"))

    def compare(a, b):
        for prop, spec, desc in keys:
            va, vb = _norm(_kind(spec), _flat_value(a, spec, prop)), _norm(_kind(spec), _flat_value(b, spec, prop))
            if va == vb:
                continue
            if va is None or vb is None:
                cmp = -1 if va is None else 1
            else:
                cmp = _compare(va, vb)
            if cmp:
                return -cmp if desc else cmp
        return 0
    return sorted(objects, key=functools.cmp_to_key(compare))
