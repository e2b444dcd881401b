"""GLPI's native inventory endpoint (the glpi-agent JSON protocol): ``/front/inventory.php`` in both
versions, and its Symfony alias ``/Inventory`` in 11.0 mode. Anonymous (no App-Token, no session).

As measured on real servers (glpi-reference/native-inventory/FINDINGS.md for 10.0.12,
glpi-reference-11/NATIVE-INVENTORY.md for 11.0.6) and read in src/Glpi/Agent/Communication/:
- config ``enabled_inventory`` (context ``inventory``) 0: 10.0 answers 200 text/html
  "Inventory is disabled", 11.0 a 403 "Access denied" HTML page;
- ``GET`` 405 empty, ``GET ?action=getConfig`` 400 JSON;
- the body's compression follows the Content-Type (gzip, zlib, deflate; brotli 415 without PHP's
  extension) and the answer is compressed the same way, with the same Content-Type;
- ``GLPI-Agent-ID`` header: ``{"expiration":"24","status":"ok"}``, else ``{"RESPONSE":"SEND"}``;
  errors ``{"status":"error","message":...,"expiration":24}`` (an int there);
- 11.0: the agent authentication of ``auth_required`` (inventory_auth.py), checked after the
  disabled and GET checks.
The import itself is inventory_import.py.
"""
import json
import os
import threading
import zlib

from werkzeug.wrappers import Response

from . import inventory_auth, inventory_import

HTML_CT = "text/html; charset=UTF-8"
JSON_CT = "application/json"
SCHEMA_FILE = os.path.join(os.path.dirname(__file__), "inventory.schema.json")
GZIP_TYPES = ("application/x-compress-gzip", "application/x-gzip")
ZLIB_TYPES = ("application/x-compress-zlib", "application/x-zlib")
DEFLATE_TYPES = ("application/x-compress-deflate",)
BROTLI_TYPES = ("application/x-compress-br",)
DENIED_PAGE = ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Access denied - GLPI</title>"
               "</head><body><div class=\"container\"><h1>Access denied</h1>"
               "<p>Inventory is disabled</p></div></body></html>\n")
_VALIDATOR = []
_VALIDATOR_LOCK = threading.Lock()


class InventoryError(Exception):
    """An error answer of the endpoint: status, message (JSON error body) and extra headers."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def routes(dialect):
    """The paths the endpoint answers on in this version."""
    return ("/front/inventory.php", "/Inventory") if dialect.serves_hlapi else ("/front/inventory.php",)


def config(store, name, default=None):
    """A ``glpi_configs`` value of context ``inventory``."""
    found = store.find(store.reg.get("Config"), "context = ? AND name = ?", ("inventory", name))
    return found[0].get("value") if found else default


def handle(app, request):
    """One request to the endpoint (app: EmulatorApp)."""
    store = app.store
    app.counters.count("%s front/inventory.php" % request.method, "inventory", request.method)
    if str(config(store, "enabled_inventory", "0")) != "1":
        if store.dialect.serves_hlapi:  # AccessDeniedHttpException("Inventory is disabled")
            return Response(DENIED_PAGE, 403, content_type=HTML_CT)
        return Response("Inventory is disabled", 200, content_type=HTML_CT)
    if request.method == "GET":
        if request.args.get("action") == "getConfig":
            return _json({"status": "error", "message": "Protocol not supported", "expiration": 24}, 400)
        return Response(b"", 405, content_type=HTML_CT)
    if request.method != "POST":
        return Response(b"", 405, content_type=HTML_CT)
    content_type = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    try:
        if content_type in BROTLI_TYPES:  # no brotli extension in PHP here
            return Response(b"", 415, content_type=HTML_CT)
        auth_headers = inventory_auth.check(app, request)
        document = _parse(_decompress(content_type, request.get_data()))
        answer = _accept(app, request, document)
    except InventoryError as exc:
        return _answer({"status": "error", "message": cut_message(store.dialect, exc.message), "expiration": 24}, exc.status,
                       content_type, exc.headers)
    return _answer(answer, 200, content_type, auth_headers)


def _decompress(content_type, data):
    try:
        if content_type in GZIP_TYPES:
            return zlib.decompress(data, 16 + zlib.MAX_WBITS)
        if content_type in ZLIB_TYPES:
            return zlib.decompress(data)
        if content_type in DEFLATE_TYPES:
            return zlib.decompress(data, -zlib.MAX_WBITS)
    except zlib.error:
        raise InventoryError(400, "Unable to read compressed data")
    return data


def _compress(content_type, data):
    if content_type in GZIP_TYPES:
        compressor = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
        return compressor.compress(data) + compressor.flush()
    if content_type in ZLIB_TYPES:
        return zlib.compress(data)
    if content_type in DEFLATE_TYPES:
        compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return compressor.compress(data) + compressor.flush()
    return None


def _json(body, status, headers=None):
    return Response(json.dumps(body, separators=(",", ":")), status, content_type=JSON_CT, headers=headers or {})


def _answer(body, status, content_type, headers=None):
    """A JSON answer, compressed like the request was (same Content-Type), else application/json."""
    data = json.dumps(body, separators=(",", ":")).encode("utf-8")
    packed = _compress(content_type, data)
    if packed is None:
        return Response(data, status, content_type=JSON_CT, headers=headers or {})
    return Response(packed, status, content_type=content_type, headers=headers or {})


def _parse(data):
    """The JSON document (XML is not emulated: it reads as broken JSON)."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InventoryError(400, "JSON not well formed!")
    if not isinstance(document, dict):
        raise InventoryError(400, "JSON not well formed!")
    return document


def _accept(app, request, document):
    """The answer to a parsed document: contact, or a validated inventory run."""
    if document.get("deviceid") is None and app.store.dialect.serves_hlapi:  # 11.0.6's typed property
        raise InventoryError(500, "Cannot assign null to property Glpi\\Agent\\Communication\\AbstractRequest::$deviceid "
                                  "of type string")
    action = document.get("action") or "inventory"
    with_agent_id = bool(request.headers.get("GLPI-Agent-ID"))
    if action == "contact":
        inventory_import.contact(app.store, request, document)
        return {"expiration": _frequency(app.store), "status": "ok",
                "tasks": {"inventory": {"server": "glpi", "version": app.store.dialect.full_version}}}
    if action not in ("inventory", "query"):
        raise InventoryError(400, "Protocol not supported")
    violation = schema_violation(document)
    if violation:  # inventory_format's Converter::validate(): the message, then a new line
        raise InventoryError(400, "JSON does not validate. Violations:\n%s\n" % violation)
    inventory_import.run(app, request, document)
    if with_agent_id:
        return {"expiration": _frequency(app.store), "status": "ok"}
    return {"RESPONSE": "SEND"}


def _frequency(store):
    return str(config(store, "inventory_frequency", "24"))


# -- schema -----------------------------------------------------------------------------------
def _tolerant_checker(jsonschema):
    """Swaggest's ``tolerateStrings`` (on outside GLPI's unit tests, Converter::validate()): a
    numeric string passes for an integer or a number, "true"/"false"/"0"/"1" for a boolean."""
    base = jsonschema.Draft7Validator.TYPE_CHECKER

    def integer(checker, value):
        if isinstance(value, str):
            return value.strip().lstrip("-").isdigit()
        return base.is_type(value, "integer")

    def number(checker, value):
        if isinstance(value, str):
            try:
                float(value)
                return True
            except ValueError:
                return False
        return base.is_type(value, "number")

    def boolean(checker, value):
        return value in ("true", "false", "0", "1") if isinstance(value, str) else base.is_type(value, "boolean")
    return base.redefine_many({"integer": integer, "number": number, "boolean": boolean})


def _validator():
    with _VALIDATOR_LOCK:
        if not _VALIDATOR:
            import jsonschema  # the emulator's only use of it
            with open(SCHEMA_FILE, encoding="utf-8") as handle:
                schema = json.load(handle)
            kind = jsonschema.validators.extend(jsonschema.Draft7Validator, type_checker=_tolerant_checker(jsonschema))
            _VALIDATOR.append(kind(schema))
        return _VALIDATOR[0]


def _swaggest_path(error):
    """Swaggest's data path: ``#->properties:content->properties:hardware``, ``->items:0``."""
    parts = ["#"]
    for step in error.absolute_path:
        parts.append("items:%d" % step if isinstance(step, int) else "properties:%s" % step)
    return "->".join(parts)


def _php_json(value):
    """json_encode(): escaped slashes and non-ASCII."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")


def _violation(error):
    """GLPI's "JSON does not validate" detail, as Swaggest words it (checked on 10.0.12)."""
    where = _swaggest_path(error)
    at = "" if where == "#" else " at %s" % where
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return "Required property missing: %s, data: %s%s" % (missing[0], _php_json(error.instance), at)
    if error.validator == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [name for name in error.instance if name not in allowed]
        return "Additional properties not allowed: %s%s" % (", ".join(extra), at)
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        return "%s expected, %s received%s" % (expected.capitalize(), _php_json(error.instance), at)
    return "%s%s" % (error.message, at)


def cut_message(dialect, text, length=250):
    """AbstractRequest::addError(): 10.0 Html::resume_text() (cut + "&nbsp;(...)"), 11.0 a plain cut."""
    if len(text) <= length:
        return text
    return text[:length] if dialect.serves_hlapi else text[:length] + "&nbsp;(...)"


def schema_violation(document):
    """The first violation of the schema (Swaggest stops at the first one), or None when valid.
    Which one comes first when there are several is the emulator's guess: the outermost, then the
    first path in order."""
    errors = sorted(_validator().iter_errors(document), key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path]))
    return _violation(errors[0]) if errors else None
