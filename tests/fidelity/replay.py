# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replay machinery for the reference transcripts (tests/fidelity/transcripts/).

Implements the rules of transcripts/README.md and transcripts/index.json:

* request placeholders: ``<app-token>``, ``<user-token-glpi>``, ``<user-token-tech>``,
  ``<basic-auth:LOGIN:PASSWORD>``, ``<session-N>`` (N-th session token learned in the
  current scenario file), ``<base-url>``, ``<server-url>``; ``body_raw``;
  ``path_relative_to``; query lists repeat the key; only the given headers are sent
  (plus the defaults of a python-requests client), the body is never given a
  Content-Type the step does not name; no cookies.
* response comparison: status, Content-Type (media type and charset, normalised),
  Content-Range and Accept-Range (equal when expected, absent when the expected
  response does not list them), no Set-Cookie, the GLPI error code, and the body
  according to ``body_compare`` (exact / subset / text_prefix / reduced).
* response placeholders match a value *of their kind*: ``<datetime>``, ``<date>``,
  ``<sha1>`` (40 hex), ``<hex64>`` (64 hex), ``<volatile>`` (anything),
  ``<session-N>`` (a non-empty string, bound on first sight and then required to be
  the same), ``<list len=N>`` / ``<dict len=N>`` (a list / object of that size).
  ``<base-url>`` and ``<server-url>`` inside strings are replaced by the replay URLs;
  other ``<...>`` text (HTML in GLPI answers) is compared literally.

Only the standard library and requests are used.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

TRANSCRIPTS_DIR = Path(__file__).resolve().parent / "transcripts"

MISSING = object()  # marks "key absent" in diffs

# --------------------------------------------------------------------------- loading


@dataclass
class Step:
    scenario: str
    index: int
    data: dict

    @property
    def request(self) -> dict:
        return self.data["request"]

    @property
    def response(self) -> dict:
        return self.data["response"]

    @property
    def test_id(self) -> str:
        req = self.request
        parts = ["%s[%02d]" % (self.scenario, self.index), req["method"].upper()]
        path_slug = _slug(req.get("path") or "") or "root"
        parts.append(path_slug[:40])
        note_slug = _slug(self.data.get("note") or "")
        if note_slug.lower().startswith(path_slug.lower() + "-"):
            note_slug = note_slug[len(path_slug) + 1:]
        if len(note_slug) > 48:
            note_slug = note_slug[:48].rsplit("-", 1)[0]
        if note_slug:
            parts.append(note_slug)
        if self.data.get("seed") and "seed" not in note_slug.lower():
            parts.append("seed")
        return "-".join(parts)

    def describe(self) -> str:
        req = self.request
        query = req.get("query")
        text = "%s %s%s%s" % (
            req["method"], req.get("path_relative_to", "<base-url>"), req.get("path") or "",
            ("?" + urlencode(_query_pairs(query), doseq=True)) if query else "",
        )
        if self.data.get("note"):
            text += "  (%s)" % self.data["note"]
        return text


def _slug(text: str) -> str:
    text = re.sub(r"[^A-Za-z0-9]+", "-", text)
    return text.strip("-")


def load_index(directory: Path = TRANSCRIPTS_DIR) -> dict:
    with open(directory / "index.json", encoding="utf-8") as handle:
        return json.load(handle)


def load_steps(directory: Path = TRANSCRIPTS_DIR) -> List[Step]:
    """All steps of all scenarios, in index.json order."""
    index = load_index(directory)
    steps: List[Step] = []
    for entry in sorted(index["scenarios"], key=lambda item: item["order"]):
        with open(directory / entry["file"], encoding="utf-8") as handle:
            scenario = json.load(handle)
        name = scenario.get("scenario") or entry["scenario"]
        if len(scenario["steps"]) != entry["steps"]:
            raise ValueError("%s: index.json announces %d steps, file has %d"
                             % (entry["file"], entry["steps"], len(scenario["steps"])))
        for i, data in enumerate(scenario["steps"]):
            steps.append(Step(name, i, data))
    return steps


# --------------------------------------------------------------------------- context


@dataclass
class ReplayContext:
    """URLs, credentials and the session tokens learned per scenario."""

    base_url: str
    server_url: str
    app_token: str
    user_tokens: Dict[str, str]
    sessions: Dict[str, Dict[int, str]] = field(default_factory=dict)
    scenario: str = ""
    oauth_client_id: str = ""
    oauth_client_secret: str = ""
    # High-level API transcripts: learned <access-token-N> / <refresh-token-N> per scenario
    tokens: Dict[tuple, str] = field(default_factory=dict)

    def enter(self, scenario: str) -> None:
        self.scenario = scenario
        self.sessions.setdefault(scenario, {})

    @property
    def current_sessions(self) -> Dict[int, str]:
        return self.sessions.setdefault(self.scenario, {})

    def token(self, kind: str, n: int) -> Optional[str]:
        return self.tokens.get((self.scenario, kind, n))

    def learn_token(self, kind: str, n: int, value: str) -> None:
        self.tokens[(self.scenario, kind, n)] = value


# --------------------------------------------------------------------------- requests

_SESSION_RE = re.compile(r"<session-(\d+)>")
_BASIC_RE = re.compile(r"<basic-auth:([^:>]*):(.*?)>")
_USER_TOKEN_RE = re.compile(r"<user-token-([a-z0-9_-]+)>")
_OAUTH_TOKEN_RE = re.compile(r"<(access-token|refresh-token)-(\d+)>")


def fill_request_text(text: str, ctx: ReplayContext) -> str:
    """Substitutes the request placeholders in one string (other '<...>' text is kept)."""
    if "<" not in text:
        return text

    def basic(match):
        raw = ("%s:%s" % (match.group(1), match.group(2))).encode("utf-8")
        return "Basic " + base64.b64encode(raw).decode("ascii")

    def user_token(match):
        who = match.group(1)
        if who not in ctx.user_tokens or ctx.user_tokens[who] is None:
            return "unknown-user-token-" + who
        return ctx.user_tokens[who]

    def session(match):
        n = int(match.group(1))
        # A session the replay failed to learn: send a token that cannot be valid,
        # so the dependent step still runs and reports what happens.
        return ctx.current_sessions.get(n, "unlearned-session-%d" % n)

    text = _BASIC_RE.sub(basic, text)
    text = text.replace("<app-token>", ctx.app_token or "")
    text = _USER_TOKEN_RE.sub(user_token, text)
    text = _SESSION_RE.sub(session, text)
    text = _OAUTH_TOKEN_RE.sub(lambda m: ctx.token(m.group(1), int(m.group(2)))
                               or "unlearned-%s-%s" % (m.group(1), m.group(2)), text)
    text = text.replace("<oauth-client-id>", ctx.oauth_client_id).replace(
        "<oauth-client-secret>", ctx.oauth_client_secret)
    text = text.replace("<base-url>", ctx.base_url).replace("<server-url>", ctx.server_url)
    return text


def fill_request_value(value: Any, ctx: ReplayContext) -> Any:
    if isinstance(value, str):
        return fill_request_text(value, ctx)
    if isinstance(value, list):
        return [fill_request_value(item, ctx) for item in value]
    if isinstance(value, dict):
        return {fill_request_text(k, ctx): fill_request_value(v, ctx) for k, v in value.items()}
    return value


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _query_pairs(query: Optional[dict]) -> List[tuple]:
    pairs = []
    for key, value in (query or {}).items():
        if isinstance(value, list):
            pairs.extend((key, _query_value(item)) for item in value)
        else:
            pairs.append((key, _query_value(value)))
    return pairs


@dataclass
class PreparedCall:
    method: str
    url: str
    headers: Dict[str, str]
    body: Optional[bytes]


def build_request(step: Step, ctx: ReplayContext) -> PreparedCall:
    req = step.request
    base = ctx.base_url
    if req.get("path_relative_to") == "server":  # v2 transcripts: relative to the web root
        base = ctx.server_url
    elif req.get("path_relative_to"):
        base = fill_request_text(req["path_relative_to"], ctx)
    url = base + fill_request_text(req.get("path") or "", ctx)
    pairs = _query_pairs(fill_request_value(req.get("query"), ctx))
    if pairs:
        url += "?" + urlencode(pairs)
    headers = {k: fill_request_text(str(v), ctx) for k, v in (req.get("headers") or {}).items()}
    body = req.get("body")
    data = None
    if req.get("body_raw"):
        if body is not None:
            data = fill_request_text(body, ctx).encode("utf-8")
    elif body is not None:
        data = json.dumps(fill_request_value(body, ctx)).encode("utf-8")
    elif req.get("body_form") is not None:  # High-level API token endpoint
        data = urlencode(fill_request_value(req["body_form"], ctx)).encode("utf-8")
        if not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/x-www-form-urlencoded"
    return PreparedCall(req["method"].upper(), url, headers, data)


def new_http_session():
    """A requests.Session that keeps no cookies and ignores the environment."""
    import requests
    from requests.cookies import RequestsCookieJar

    http = requests.Session()
    http.trust_env = False  # no proxies, no ~/.netrc Authorization header
    http.cookies = RequestsCookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return http


@dataclass
class Actual:
    status: int
    headers: Dict[str, str]  # keys lower-cased
    text: str
    raw: bytes = b""

    @property
    def json(self) -> Any:
        """The decoded JSON body, or MISSING when the body is not JSON."""
        if not self.text.strip():
            return MISSING
        try:
            return json.loads(self.text)
        except ValueError:
            return MISSING


def send(http, call: PreparedCall, timeout: float = 60) -> Actual:
    resp = http.request(call.method, call.url, headers=call.headers, data=call.body,
                        allow_redirects=False, timeout=timeout)
    http.cookies.clear()
    raw = resp.content
    headers = {k.lower(): v for k, v in resp.headers.items()}
    if "set-cookie" in headers:
        # keep every Set-Cookie value visible
        cookies = resp.raw.headers.getlist("Set-Cookie") if hasattr(resp.raw, "headers") else []
        headers["set-cookie"] = "; ".join(cookies) or headers["set-cookie"]
    return Actual(resp.status_code, headers, raw.decode("utf-8", errors="replace"), raw)


# --------------------------------------------------------------------------- matching


@dataclass
class Diff:
    where: str
    expected: Any
    actual: Any
    message: str = ""

    def render(self, width: int = 160) -> str:
        exp = _short(self.expected, width)
        act = _short(self.actual, width)
        text = "%s: expected %s, got %s" % (self.where, exp, act)
        if self.message:
            text += "  [%s]" % self.message
        return text


def _short(value: Any, width: int) -> str:
    if value is MISSING:
        return "(absent)"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > width:
        text = text[: width - 15] + "...(%d chars)" % len(text)
    return text


_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KINDS = {
    "<datetime>": (lambda v: isinstance(v, str) and _DATETIME_RE.fullmatch(v) is not None,
                   "a date-time 'YYYY-MM-DD HH:MM[:SS]'", _DATETIME_RE.pattern),
    "<date>": (lambda v: isinstance(v, str) and _DATE_RE.fullmatch(v) is not None,
               "a date 'YYYY-MM-DD'", _DATE_RE.pattern),
    "<sha1>": (lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{40}", v) is not None,
               "40 lower-case hex digits", r"[0-9a-f]{40}"),
    "<hex64>": (lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-fA-F]{64}", v) is not None,
                "64 hex digits", r"[0-9a-fA-F]{64}"),
    "<volatile>": (lambda v: True, "anything", r".*?"),
}
_LEN_RE = re.compile(r"<(list|dict) len=(\d+)>")
_EMBEDDED_RE = re.compile(r"<(?:datetime|date|sha1|hex64|volatile|session-\d+|base-url|server-url)>")


def _path_key(path: str, key: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_]+", key):
        return "%s.%s" % (path, key)
    return "%s[%s]" % (path, json.dumps(key, ensure_ascii=False))


class Matcher:
    """Compares an expected transcript value with an actual one, collecting Diffs."""

    def __init__(self, ctx: ReplayContext, subset: bool = False, max_diffs: int = 200):
        self.ctx = ctx
        self.subset = subset
        self.max_diffs = max_diffs
        self.diffs: List[Diff] = []

    def add(self, where, expected, actual, message=""):
        if len(self.diffs) < self.max_diffs:
            self.diffs.append(Diff(where, expected, actual, message))

    # strings --------------------------------------------------------------------------
    def _session(self, n: int, actual: Any, where: str, report: bool = True) -> None:
        sessions = self.ctx.current_sessions
        if not isinstance(actual, str) or not actual:
            if report:
                self.add(where, "<session-%d>" % n, actual, "a session token (non-empty string)")
            return
        if n in sessions:
            if sessions[n] != actual and report:
                self.add(where, "<session-%d> = %s" % (n, sessions[n]), actual,
                         "not the token learned earlier in this scenario")
            return
        others = [m for m, tok in sessions.items() if tok == actual]
        if others and report:
            self.add(where, "a new token (<session-%d>)" % n, actual,
                     "same token as <session-%d>" % others[0])
        sessions[n] = actual

    def _oauth_token(self, kind: str, n: int, actual: Any, where: str, report: bool = True) -> None:
        """<access-token-N> / <refresh-token-N>: learned on first sight, then the same value."""
        if not isinstance(actual, str) or not actual:
            if report:
                self.add(where, "<%s-%d>" % (kind, n), actual, "a token (non-empty string)")
            return
        known = self.ctx.token(kind, n)
        if known is None:
            self.ctx.learn_token(kind, n, actual)
        elif known != actual and report:
            self.add(where, "<%s-%d> = %s" % (kind, n, known), actual, "not the token learned earlier")

    def _string(self, expected: str, actual: Any, where: str) -> None:
        kind = _KINDS.get(expected)
        if kind is not None:
            check, label, _extra = kind
            if not check(actual):
                self.add(where, expected, actual, "expected " + label)
            return
        session = re.fullmatch(r"<session-(\d+)>", expected)
        if session:
            self._session(int(session.group(1)), actual, where)
            return
        oauth = _OAUTH_TOKEN_RE.fullmatch(expected)
        if oauth:
            self._oauth_token(oauth.group(1), int(oauth.group(2)), actual, where)
            return
        sized = _LEN_RE.fullmatch(expected)
        if sized:
            want_type = list if sized.group(1) == "list" else dict
            size = int(sized.group(2))
            ok = isinstance(actual, want_type) or (
                want_type is dict and size == 0 and actual == [])
            if not ok or len(actual) != size:
                self.add(where, expected, actual, "expected a %s of length %d"
                         % (sized.group(1), size))
            return
        if not isinstance(actual, str):
            self.add(where, expected, actual, "type %s" % _type_name(actual))
            return
        if _EMBEDDED_RE.search(expected):
            if not self.embedded_regex(expected).fullmatch(actual):
                self.add(where, expected, actual)
            return
        if expected != actual:
            self.add(where, expected, actual)

    def embedded_regex(self, expected: str):
        out = []
        pos = 0
        for match in _EMBEDDED_RE.finditer(expected):
            out.append(re.escape(expected[pos:match.start()]))
            token = match.group(0)
            if token == "<base-url>":
                out.append(re.escape(self.ctx.base_url))
            elif token == "<server-url>":
                out.append(re.escape(self.ctx.server_url))
            elif token.startswith("<session-"):
                n = int(token[len("<session-"):-1])
                known = self.ctx.current_sessions.get(n)
                out.append(re.escape(known) if known else r"\S+")
            else:
                out.append("(?:%s)" % _KINDS[token][2])
            pos = match.end()
        out.append(re.escape(expected[pos:]))
        return re.compile("".join(out), re.S)

    # generic ---------------------------------------------------------------------------
    def match(self, expected: Any, actual: Any, where: str = "$") -> None:
        if isinstance(expected, str):
            self._string(expected, actual, where)
        elif isinstance(expected, dict):
            self._dict(expected, actual, where)
        elif isinstance(expected, list):
            self._list(expected, actual, where)
        elif isinstance(expected, bool) or expected is None:
            if actual is not expected:
                self.add(where, expected, actual,
                         "" if type(actual) is type(expected) else "type %s" % _type_name(actual))
        elif isinstance(expected, (int, float)):
            if isinstance(actual, bool) or type(actual) is not type(expected):
                self.add(where, expected, actual, "type %s" % _type_name(actual))
            elif actual != expected:
                self.add(where, expected, actual)
        else:  # pragma: no cover - JSON has no other types
            if expected != actual:
                self.add(where, expected, actual)

    def _dict(self, expected: dict, actual: Any, where: str) -> None:
        if not isinstance(actual, dict):
            self.add(where, _abbrev(expected), actual, "expected an object, got %s"
                     % _type_name(actual))
            self._learn_sessions(expected, actual)
            return
        absent = expected.get("_absent_keys") if self.subset else None
        for key, exp_value in expected.items():
            if self.subset and key == "_absent_keys":
                continue
            path = _path_key(where, key)
            if key not in actual:
                self.add(path, exp_value, MISSING, "key missing")
                continue
            self.match(exp_value, actual[key], path)
        if absent:
            for key in absent:
                if key in actual:
                    self.add(_path_key(where, key), MISSING, actual[key],
                             "key listed in _absent_keys must not exist")
        if not self.subset:
            extra = [k for k in actual if k not in expected]
            if extra:
                self.add(where, "no other keys", extra, "unexpected keys")

    def _list(self, expected: list, actual: Any, where: str) -> None:
        if not isinstance(actual, list):
            self.add(where, _abbrev(expected), actual, "expected an array, got %s"
                     % _type_name(actual))
            return
        if len(expected) != len(actual):
            self.add(where + ".length", len(expected), len(actual), "array length")
        for i, (exp_item, act_item) in enumerate(zip(expected, actual)):
            self.match(exp_item, act_item, "%s[%d]" % (where, i))

    def _learn_sessions(self, expected: Any, actual: Any) -> None:
        """Binds <session-N> found in expected to the parallel actual values, silently."""
        if isinstance(expected, str):
            found = re.fullmatch(r"<session-(\d+)>", expected)
            if found:
                self._session(int(found.group(1)), actual, "", report=False)
        elif isinstance(expected, dict) and isinstance(actual, dict):
            for key, value in expected.items():
                if key in actual:
                    self._learn_sessions(value, actual[key])
        elif isinstance(expected, list) and isinstance(actual, list):
            for exp_item, act_item in zip(expected, actual):
                self._learn_sessions(exp_item, act_item)


def _type_name(value: Any) -> str:
    if value is MISSING:
        return "absent"
    return {dict: "object", list: "array", str: "string", bool: "bool", int: "int",
            float: "float", type(None): "null"}.get(type(value), type(value).__name__)


def _abbrev(value: Any) -> Any:
    text = json.dumps(value)
    return value if len(text) < 100 else text[:90] + "..."


# --------------------------------------------------------------------------- responses

COMPARED_HEADERS = ("Content-Range", "Accept-Range")
HLAPI_COMPARED_HEADERS = COMPARED_HEADERS + ("Location",)  # recorded (relative) in the v2 transcripts


def normalise_content_type(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    parts = [p.strip() for p in value.split(";") if p.strip()]
    if not parts:
        return ""
    media = parts[0].lower()
    params = sorted(p.replace(" ", "").lower() for p in parts[1:])
    return ";".join([media] + params)


def is_error_body(body: Any) -> bool:
    return (isinstance(body, list) and len(body) >= 1 and isinstance(body[0], str)
            and body[0].startswith("ERROR"))


def compare_response(expected: dict, actual: Actual, ctx: ReplayContext,
                     compared_headers=COMPARED_HEADERS, forbid_cookies=True) -> List[Diff]:
    """All differences between a recorded response and the actual one (``forbid_cookies``: the
    legacy API sets none; GLPI 11's v2 sets a session cookie on its public pages)."""
    diffs: List[Diff] = []
    if expected["status"] != actual.status:
        diffs.append(Diff("status", expected["status"], actual.status))

    exp_headers = {k.lower(): v for k, v in (expected.get("headers") or {}).items()}
    if "content-type" in exp_headers:
        exp_ct = normalise_content_type(exp_headers["content-type"])
        act_ct = normalise_content_type(actual.headers.get("content-type"))
        if exp_ct != act_ct:
            diffs.append(Diff("header Content-Type", exp_headers["content-type"],
                              actual.headers.get("content-type", MISSING)))
    for name in compared_headers:
        exp_value = exp_headers.get(name.lower(), MISSING)
        act_value = actual.headers.get(name.lower(), MISSING)
        if exp_value != act_value:
            diffs.append(Diff("header " + name, exp_value, act_value))
    if forbid_cookies and "set-cookie" in actual.headers:
        diffs.append(Diff("header Set-Cookie", MISSING, actual.headers["set-cookie"],
                          "GLPI's API sets no cookies"))

    mode = expected.get("body_compare") or "exact"
    exp_body = expected.get("body")
    act_json = actual.json

    if is_error_body(exp_body) and mode != "reduced":
        act_code = act_json[0] if is_error_body(act_json) else MISSING
        if act_code != exp_body[0]:
            diffs.append(Diff("error code", exp_body[0],
                              act_code if act_code is not MISSING else _abbrev_text(actual.text)))

    matcher = Matcher(ctx, subset=(mode == "subset"))
    if mode == "reduced":
        # Only status and headers are comparable; still learn session tokens.
        if act_json is not MISSING:
            matcher._learn_sessions(exp_body, act_json)
    elif mode == "text_prefix":
        prefix = exp_body.get("_raw_text_prefix", exp_body.get("_raw_text_truncated", ""))
        prefix = prefix.replace("<base-url>", ctx.base_url).replace("<server-url>", ctx.server_url)
        if not actual.text.startswith(prefix):
            matcher.add("body (text prefix)", prefix, actual.text[: max(len(prefix), 80)])
    elif mode in ("exact", "subset"):
        if isinstance(exp_body, str) and (act_json is MISSING or exp_body == ""):
            # a non-JSON (or empty) body recorded as text
            if exp_body == "":
                if actual.text != "":
                    matcher.add("body", "", _abbrev_text(actual.text), "expected an empty body")
            else:
                matcher.match(exp_body, actual.text, "body")
        elif act_json is MISSING:
            matcher.add("body", _abbrev(exp_body), _abbrev_text(actual.text),
                        "body is not JSON")
            matcher._learn_sessions(exp_body, MISSING)
        else:
            matcher.match(exp_body, act_json, "body")
    else:
        matcher.add("body_compare", "exact|subset|text_prefix|reduced", mode,
                    "unknown body_compare mode in transcript")
    return diffs + matcher.diffs


def _abbrev_text(text: str) -> str:
    return text if len(text) <= 200 else text[:200] + "...(%d chars)" % len(text)


def format_failure(step: Step, call: PreparedCall, actual: Actual, diffs: List[Diff],
                   limit: int = 15) -> str:
    lines = ["%s: %d difference(s) with real GLPI 10.0.12" % (step.test_id, len(diffs)),
             "  request: " + step.describe(),
             "  sent:    %s %s" % (call.method, call.url)]
    if call.body is not None:
        lines.append("  body:    " + _abbrev_text(call.body.decode("utf-8", "replace")))
    for diff in diffs[:limit]:
        lines.append("  - " + diff.render())
    if len(diffs) > limit:
        lines.append("  ... and %d more" % (len(diffs) - limit))
    return "\n".join(lines)
