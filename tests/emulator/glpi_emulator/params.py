"""Request parameters the way APIRest::parseIncomingParams() builds them: PHP parse_str
for the query string and form bodies, JSON bodies merged over them, tokens from headers,
"true"/"false" strings turned into booleans (top level only)."""
import json
import re
from urllib.parse import parse_qsl

from . import documents, errors, session as sessionmod

_KEY_RE = re.compile(r"\[([^\]]*)\]")


def _php_set(target, key, value):
    m = re.match(r"^([^\[]+)((?:\[[^\]]*\])*)$", key)
    if not m or not m.group(2):
        target[key] = value
        return
    parts = [m.group(1)] + _KEY_RE.findall(m.group(2))
    cur = target
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(cur, list):
            if part == "":
                if last:
                    cur.append(value)
                    return
                cur.append({})
                cur = cur[-1]
                continue
            cur = _list_to_dict(cur, target, parts[:i])
        if last:
            if part == "":
                cur[str(len(cur))] = value
            else:
                cur[part] = value
            return
        nxt = cur.get(part)
        if not isinstance(nxt, (dict, list)):
            nxt = [] if parts[i + 1] == "" else {}
            cur[part] = nxt
        cur = nxt


def _list_to_dict(lst, root, path):
    d = {str(i): v for i, v in enumerate(lst)}
    parent = root
    for p in path[:-1]:
        parent = parent[p]
    parent[path[-1]] = d
    return d


def php_parse_str(qs):
    out = {}
    for key, value in parse_qsl(qs, keep_blank_values=True):
        if key:
            _php_set(out, key, value)
    return out


def _php_truthy_json(v):
    return not (v is None or v is False or v == 0 or v == "" or v == "0" or v == [])


def parse_incoming(request, api_url, is_inline_doc):
    """Returns (params, uploads, format)."""
    params = php_parse_str(request.query_string.decode("latin-1"))
    ctype = request.headers.get("Content-Type", "")
    uploads = []
    fmt = "html"
    if ctype.startswith("multipart/form-data") or "multipart/form-data" in ctype:
        uploads = documents.parse_multipart(request, params, api_url)
        fmt = "json"
        if not isinstance(params.get("input"), dict):
            params["input"] = {}
    else:
        body = request.get_data(cache=True).decode("utf-8", "replace").strip()
        if body and request.method == "GET":
            raise errors.error(api_url, "GET Request should not have json payload (http body)",
                               400, "ERROR_JSON_PAYLOAD_FORBIDDEN")
        if not ctype and not is_inline_doc:
            ctype = "application/json"
        if "application/json" in ctype:
            try:
                decoded = json.loads(body) if body else None
            except ValueError:
                decoded = None
            if _php_truthy_json(decoded):
                if isinstance(decoded, dict):
                    params.update(decoded)
                elif isinstance(decoded, list):
                    params.update({str(i): v for i, v in enumerate(decoded)})
            elif body:
                raise errors.error(api_url, "JSON payload seems not valid", 400,
                                   "ERROR_JSON_PAYLOAD_INVALID", False)
            fmt = "json"
        elif "application/x-www-form-urlencoded" in ctype:
            for field, value in php_parse_str(body).items():
                if field == "input" and isinstance(value, list):
                    value = {str(i): v for i, v in enumerate(value)}
                elif field == "input" and not isinstance(value, dict):
                    value = {"scalar": value}
                params[field] = value
    sessionmod.parse_authorization(request.headers.get("Authorization"), params)
    if request.headers.get("Session-Token") is not None:
        params["session_token"] = request.headers["Session-Token"]
    if request.headers.get("App-Token") is not None:
        params["app_token"] = request.headers["App-Token"]
    for key, value in list(params.items()):
        if value == "true":
            params[key] = True
        elif value == "false":
            params[key] = False
    return params, uploads, fmt
