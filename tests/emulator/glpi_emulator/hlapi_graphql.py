"""``POST /GraphQL`` and ``GET /GraphQL/Schema`` (GraphQLController, GraphQL.php and
GraphQLGenerator.php of GLPI 11.0.6).

The schema is GraphQLGenerator's: one type per OpenAPI component schema (hlapi_doc.json), inline
objects as ``_<Parent>_<prop>`` types, an object with ``x-full-schema`` typed as that schema,
``integer`` Int, ``boolean`` Boolean, anything else String; one query field per type with the
arguments ``id, filter, start, limit, sort, order``. Validation errors are graphql-php's
(``Cannot query field "x" on type "User".``, with suggestions); a query field resolves like the
REST list (or the REST get with ``id``), an error answer of those becoming the field's error (its
JSON body as the message, ``data`` null for it). Every answer is 200 ``{"errors", "data"}``.
"""
import functools
import json
import re
from pathlib import Path

from werkzeug.wrappers import Response

from . import hlapi, hlapi_crud, hlapi_graphql_parse as gparse, hlapi_itil, hlapi_render, hlapi_rsql, rights

QUERY_ARGS = {"id": "Int", "filter": "String", "start": "Int", "limit": "Int", "sort": "String", "order": "String"}
SCALARS = ("Int", "String", "Boolean")


SCHEMA_FILE = Path(__file__).resolve().parent / "hlapi_graphql_schema.graphql"
FIELD_RE = re.compile(r"^  (\w+)(?:\([^)]*\))?: (\[?)(\w+)\]?$")


@functools.lru_cache(maxsize=1)
def sdl():
    """GraphQLGenerator::getSchema() of a real GLPI 11.0.6 (every component schema, not only
    those the emulator serves: a query on the others validates and answers an empty list)."""
    return SCHEMA_FILE.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=1)
def schema_types():
    """{type name: {field: (graphql type, is_list)}} of the schema, ``Query`` included."""
    types, current = {}, None
    for line in sdl().splitlines():
        if line.startswith("type "):
            current = types.setdefault(line.split()[1], {})
        match = FIELD_RE.match(line)
        if match and current is not None:
            current[match.group(1)] = (match.group(3), bool(match.group(2)))
    return types


def get_schema(hl):
    del hl
    return Response(sdl().encode("utf-8"), 200, content_type="text/html; charset=UTF-8")


def _query_text(hl):
    """GraphQL::extractQueryFromBody(): the ``query`` of a JSON body, else the raw body."""
    ctype = (hl.request.content_type or "").split(";")[0].strip().lower()
    raw = hl.request.get_data()
    if ctype != "application/json":
        return raw.decode("utf-8", "replace")
    try:
        body = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except ValueError:
        body = None
    if not isinstance(body, (dict, list)):
        raise hlapi.HLError(400, "ERROR", "Invalid JSON body")
    query = body.get("query", "") if isinstance(body, dict) else ""
    return query if isinstance(query, str) else ""


def graphql(hl):
    text = _query_text(hl)
    try:
        fields = gparse.parse(text)
    except gparse.GraphQLSyntaxError as exc:
        return hlapi.json_response({"errors": [{"message": exc.message, "locations": [exc.location]}]})
    errors = []
    for field in fields:
        _validate(field, "Query", errors)
    if errors:
        return hlapi.json_response({"errors": errors})
    data, errors = {}, []
    completer = Completer(hl)
    for field in fields:
        if field.name in INTROSPECTION:
            data[field.alias] = "Query" if field.name == "__typename" else (
                _generic(field.selections, _introspection()) if field.name == "__schema" else None)
            continue
        try:
            data[field.alias] = [completer.complete(field.selections, field.name, obj, True) for obj in _resolve(hl, field)]
        except hlapi.HLError as exc:
            errors.append({"message": _php_json(exc.body), "locations": [field.location], "path": [field.alias]})
            data[field.alias] = None
    return hlapi.json_response({"errors": errors, "data": data} if errors else {"data": data})


def _php_json(body):
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


# --------------------------------------------------------------------------- validation

def _fields_of(type_name):
    return schema_types().get(type_name, {})


def _validate(field, parent, errors):
    """graphql-php's rules in document order: known fragments, fields on the type, arguments
    (known names, literal types), leaf fields and sub selections."""
    if field.operation is not None:
        errors.append({"message": "Schema is not configured for %ss." % field.operation[0],
                       "locations": [field.operation[1]]})
        return
    if field.fragment is not None:
        errors.append({"message": 'Unknown fragment "%s".' % field.fragment[0], "locations": [field.fragment[1]]})
        return
    fields = _fields_of(parent)
    if field.name in INTROSPECTION and (field.name == "__typename" or parent == "Query"):
        return
    if field.name not in fields:
        errors.append({"message": _undefined_field(field.name, parent, list(fields)), "locations": [field.location]})
        return
    _validate_arguments(field, parent, errors)
    kind = fields[field.name][0]
    if kind in SCALARS:
        if field.selections is not None:
            errors.append({"message": 'Field "%s" of type "%s" must not have a sub selection.'
                                      % (field.name, _type_text(fields[field.name])),
                           "locations": [field.selections_location]})
        return
    if field.selections is None:
        errors.append({"message": 'Field "%s" of type "%s" must have a sub selection.'
                                  % (field.name, _type_text(fields[field.name])), "locations": [field.location]})
        return
    for sub in field.selections:
        _validate(sub, kind, errors)


def _type_text(found):
    return "[%s]" % found[0] if found[1] else found[0]


def _validate_arguments(field, parent, errors):
    known = QUERY_ARGS if parent == "Query" else {}
    for name, (kind, value), location, value_location in field.arguments:
        expected = known.get(name)
        if expected is None:
            message = 'Unknown argument "%s" on field "%s" of type "%s".' % (name, field.name, parent)
            suggestions = suggestion_list(name, list(known))
            if suggestions:
                message += " Did you mean %s?" % quoted_or_list(suggestions)
            errors.append({"message": message, "locations": [location]})
        elif expected == "Int" and kind != "Int" and kind != "Null":
            errors.append({"message": "Int cannot represent non-integer value: %s" % _print_value(kind, value),
                           "locations": [value_location]})
        elif expected == "String" and kind != "String" and kind != "Null":
            errors.append({"message": "String cannot represent a non string value: %s" % _print_value(kind, value),
                           "locations": [value_location]})


def _print_value(kind, value):
    if kind == "String":
        return json.dumps(value, ensure_ascii=False)
    if kind == "Boolean":
        return "true" if value else "false"
    if kind == "List":
        return "[%s]" % ", ".join(_print_value(*item) for item in value)
    return str(value)


def _undefined_field(name, parent, options):
    message = 'Cannot query field "%s" on type "%s".' % (name, parent)
    suggestions = suggestion_list(name, options)
    if suggestions:
        message += " Did you mean %s?" % quoted_or_list(suggestions)
    return message


def suggestion_list(text, options):
    """graphql-php Utils::suggestionList (LexicalDistance, threshold 0.4 * length + 1)."""
    threshold = len(text) * 0.4 + 1
    found = {}
    for option in options:
        distance = _distance(text, option, threshold)
        if distance is not None:
            found[option] = distance
    return sorted(found, key=lambda option: (found[option], option))


def _distance(text, option, threshold):
    if text == option:
        return 0
    a, b = option.lower(), text.lower()
    if a == b:
        return 1
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > threshold:
        return None
    rows = [list(range(len(b) + 1))] + [[0] * (len(b) + 1) for _row in range(len(a))]
    for i in range(1, len(a) + 1):
        rows[i][0] = i
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cell = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cell = min(cell, rows[i - 2][j - 2] + 1)
            rows[i][j] = cell
        if min(rows[i]) > threshold:
            return None
    distance = rows[len(a)][len(b)]
    return distance if distance <= threshold else None


def quoted_or_list(items):
    quoted = ['"%s"' % item for item in items[:5]]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return "%s or %s" % tuple(quoted)
    return "%s, or %s" % (", ".join(quoted[:-1]), quoted[-1])


# --------------------------------------------------------------------------- execution

# the component schemas without an x-itemtype: searchBySchema fails on them
NO_ITEMTYPE = ("APIInformation", "AssetCharacteristicsStats", "AssetStats", "CommonAsset", "DashboardCard",
               "EntityTransferRecord", "GlobalStats", "ITILStats", "RuleActionField", "RuleActionType",
               "RuleCriteriaCondition", "RuleCriteriaCriteria", "Session", "StatReport", "State_Visibilities",
               "TeamMember", "UserPreferences")
GENERIC_ERROR = (500, "ERROR", "An error occurred while processing your request.")


def _schemas_by_name():
    from . import hlapi_routes
    out = {schema.name: schema for schema in hlapi_routes.schemas().values()}
    out.update(hlapi_itil.graphql_schemas())
    out["EmailAddress"] = hlapi_itil.TimelineSchema("EmailAddress", "UserEmail", _email, {
        "id": "int", "email": "str", "is_default": "bool", "is_dynamic": "bool"})
    return out


def _email(renderer, row):
    del renderer
    return {"id": row["id"], "email": row.get("email"), "is_default": bool(row.get("is_default")),
            "is_dynamic": bool(row.get("is_dynamic"))}


def _resolve(hl, field):
    """The REST objects of a query field: ResourceAccessor::getOneBySchema with ``id``, else
    searchBySchema with the other arguments. The schema keeps only the requested properties
    (GraphQL::expandSchemaFromRequestedFields), so a filter or sort may name only those and ``id``;
    a page that comes out empty although rows match is every row (an empty id list in the
    search's second query restricts nothing)."""
    if field.name in NO_ITEMTYPE:
        raise hlapi.HLError(*GENERIC_ERROR)
    schema = _schemas_by_name().get(field.name)
    if schema is None:
        return []
    args = {name: value for name, (_kind, value), _loc, _vloc in field.arguments}
    if args.get("id") is not None:
        return _one(hl, schema, int(args["id"]))
    if isinstance(schema, hlapi_itil.TimelineSchema):
        objects = schema.objects(hl)
    else:
        if not rights.can_view(hl.session, schema.itemtype, hl.store):
            raise hlapi_crud.access_denied()
        objects = hlapi_crud.visible_objects(hl, schema)
    flat = _requested_props(schema.flat_props(), field.selections)
    objects = hlapi_rsql.apply(args.get("filter"), flat, objects)
    objects = hlapi_rsql.sort(args.get("sort"), flat, objects)
    start = max(int(args.get("start") or 0), 0)
    limit = int(args["limit"]) if args.get("limit") is not None else hlapi_crud.DEFAULT_LIMIT
    page = objects[start:start + limit] if limit > 0 else []
    return hlapi_render.truncate_tree_parents(schema, page or objects) if hasattr(schema, "props") else page or objects


def _one(hl, schema, item_id):
    if isinstance(schema, hlapi_itil.TimelineSchema):
        found = schema.objects(hl, item_id)
        if not found:
            raise hlapi.error(404, hlapi.NOT_FOUND)
        return found
    row = hlapi_crud.viewable_row(hl, schema, item_id)
    return [hlapi_crud.render_row(hl, schema, row)]


def _requested_props(flat, selections):
    requested = {sub.name: sub for sub in selections}
    out = {}
    for prop, spec in flat.items():
        top, _dot, inner = prop.partition(".")
        if prop == "id" or (top in requested and (not inner or inner in {s.name for s in requested[top].selections or ()})):
            out[prop] = spec
    return out


INTROSPECTION = ("__typename", "__schema", "__type")


def _introspection():
    """The little of graphql-php's introspection the emulator answers: the root types and the
    type names."""
    names = [name for name in schema_types() if name != "Query"] + ["Query", "Int", "String", "Boolean"]
    return {"queryType": {"name": "Query", "kind": "OBJECT"}, "mutationType": None, "subscriptionType": None,
            "types": [{"name": name, "kind": "SCALAR" if name in SCALARS else "OBJECT"} for name in names]}


def _generic(selections, value):
    """An introspection value: the requested keys of nested dicts."""
    if isinstance(value, list):
        return [_generic(selections, item) for item in value]
    if not isinstance(value, dict) or selections is None:
        return value
    return {sub.alias: _generic(sub.selections, value.get(sub.name)) for sub in selections}


class Completer:
    """Completes resolved objects to the selection; a nested object whose partial schema lacks a
    requested field is read in full (GraphQL::replacePartialObjectType), if its type may be viewed."""

    def __init__(self, hl):
        self.hl = hl
        self.full = {}

    def complete(self, selections, type_name, obj, top=False):
        fields = schema_types().get(type_name, {})
        missing = isinstance(obj, dict) and any(s.name not in obj and s.name in fields for s in selections)
        if not top and missing:
            obj = dict(self._full(type_name, obj.get("id")) or {}, **obj)
        # a tree parent the search cut to {id, name, entity, parent}: asked for more, GLPI answers null
        # for all but its id
        cut = top and missing
        out = {}
        for sub in selections:
            if sub.name == "__typename":
                out[sub.alias] = type_name
                continue
            kind, is_list = fields[sub.name]
            value = obj.get(sub.name) if isinstance(obj, dict) else None
            if top and cut and sub.name != "id":
                value = None
            if is_list:
                out[sub.alias] = None if not isinstance(value, list) else [self.leaf(sub, kind, v) for v in value]
            else:
                out[sub.alias] = self.leaf(sub, kind, value)
        return out

    def leaf(self, sub, kind, value):
        if value is not None and kind not in SCALARS:
            return self.complete(sub.selections, kind, value) if isinstance(value, dict) else None
        return _leaf(sub, kind, value)

    def _full(self, type_name, item_id):
        schema = _schemas_by_name().get(type_name)
        if schema is None or isinstance(schema, hlapi_itil.TimelineSchema) or item_id is None:
            return None
        key = (type_name, item_id)
        if key not in self.full:
            row = self.hl.store.get(schema.itemtype, item_id)
            visible = row is not None and rights.can_view(self.hl.session, schema.itemtype, self.hl.store)
            self.full[key] = hlapi_crud.render_row(self.hl, schema, row) if visible else None
        return self.full[key]


def _leaf(sub, kind, value):
    if value is None or kind not in SCALARS:
        return None
    if kind == "Boolean":
        return bool(value)
    if kind == "Int":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    if isinstance(value, bool):  # PHP's (string) cast
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, str) else (str(value) if not isinstance(value, (list, dict)) else None)
