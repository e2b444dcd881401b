# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the replay machinery (no emulator needed).

They make sure the replay cannot pass silently: differing bodies, statuses, headers,
error codes and placeholder kinds must be reported, and the requests it sends carry
exactly the recorded headers.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from . import replay
from .replay import MISSING, Actual, ReplayContext, Step

BASE = "http://127.0.0.1:4242/apirest.php"
SERVER = "http://127.0.0.1:4242"


def make_ctx(scenario="s"):
    ctx = ReplayContext(base_url=BASE, server_url=SERVER, app_token="APP",
                        user_tokens={"glpi": "UTG", "tech": "UTT"})
    ctx.enter(scenario)
    return ctx


def actual(body=None, status=200, headers=None, text=None):
    if text is None:
        text = "" if body is None else json.dumps(body)
    hdrs = {"content-type": "application/json; charset=UTF-8"}
    hdrs.update({k.lower(): v for k, v in (headers or {}).items()})
    return Actual(status, hdrs, text)


def expected(body, status=200, headers=None, mode=None):
    resp = {"status": status,
            "headers": headers or {"Content-Type": "application/json; charset=UTF-8"},
            "body": body}
    if mode:
        resp["body_compare"] = mode
    return resp


def diffs_of(exp_body, act_body, mode=None, ctx=None, **kw):
    return replay.compare_response(expected(exp_body, mode=mode, **kw), actual(act_body),
                                   ctx or make_ctx())


def where(diffs):
    return [d.where for d in diffs]


# --------------------------------------------------------------------------- placeholders

@pytest.mark.parametrize("placeholder,good,bad", [
    ("<datetime>", "2024-01-31 12:34:56", "yesterday"),
    ("<datetime>", "2024-01-31 12:34", None),
    ("<datetime>", "2024-01-31 12:34:56", "2024-01-31"),
    ("<date>", "2024-01-31", "2024-01-31 12:00:00"),
    ("<sha1>", "0123456789abcdef0123456789abcdef01234567", "0123456789abcdef"),
    ("<sha1>", "0123456789abcdef0123456789abcdef01234567", 12),
    ("<hex64>", "ab" * 32, "ab" * 31),
    ("<list len=0>", [], [1]),
    ("<list len=2>", [1, 2], {"a": 1, "b": 2}),
    ("<dict len=2>", {"a": 1, "b": 2}, {"a": 1}),
])
def test_placeholder_kinds(placeholder, good, bad):
    assert diffs_of({"k": placeholder}, {"k": good}) == []
    found = diffs_of({"k": placeholder}, {"k": bad})
    assert where(found) == ["body.k"], found


def test_volatile_matches_anything_but_not_a_missing_key():
    for value in ("x", 1, None, [1], {"a": 2}, True):
        assert diffs_of({"k": "<volatile>"}, {"k": value}) == []
    assert where(diffs_of({"k": "<volatile>"}, {})) == ["body.k"]


def test_html_and_unknown_angle_text_is_literal():
    html = "<a href='/front/computer.form.php?id=1'>pc</a>"
    assert diffs_of([html], [html]) == []
    assert where(diffs_of([html], ["<a href='/x'>pc</a>"])) == ["body[0]"]
    assert where(diffs_of(["<b>"], ["anything"])) == ["body[0]"]


def test_embedded_placeholders_and_base_url():
    ctx = make_ctx()
    exp = {"msg": "see <base-url>/#ERROR_X", "date": "<span><datetime></span>"}
    good = {"msg": "see %s/#ERROR_X" % BASE, "date": "<span>2024-01-01 10:00:00</span>"}
    assert diffs_of(exp, good, ctx=ctx) == []
    bad = {"msg": "see http://other/apirest.php/#ERROR_X", "date": "<span>never</span>"}
    assert sorted(where(diffs_of(exp, bad, ctx=ctx))) == ["body.date", "body.msg"]


def test_session_tokens_are_learned_then_enforced():
    ctx = make_ctx()
    assert diffs_of({"session_token": "<session-1>"}, {"session_token": "abc"}, ctx=ctx) == []
    assert ctx.current_sessions == {1: "abc"}
    # the same token for a second session is reported (but still bound)
    found = diffs_of({"session_token": "<session-2>"}, {"session_token": "abc"}, ctx=ctx)
    assert where(found) == ["body.session_token"]
    # a known session must keep its value
    found = diffs_of({"t": "<session-1>"}, {"t": "zzz"}, ctx=ctx)
    assert where(found) == ["body.t"]
    # empty / non-string tokens are not sessions
    assert where(diffs_of({"t": "<session-3>"}, {"t": ""}, ctx=ctx)) == ["body.t"]
    # sessions are per scenario
    ctx.enter("other")
    assert ctx.current_sessions == {}
    assert diffs_of({"session_token": "<session-1>"}, {"session_token": "new"}, ctx=ctx) == []
    ctx.enter("s")
    assert ctx.current_sessions[1] == "abc"


def test_session_learned_in_reduced_mode():
    ctx = make_ctx()
    assert diffs_of({"session_token": "<session-1>", "_keys": ["a"]},
                    {"session_token": "tok", "glpiID": 2}, mode="reduced", ctx=ctx) == []
    assert ctx.current_sessions == {1: "tok"}


# --------------------------------------------------------------------------- body modes

def test_exact_reports_value_type_key_and_length_differences():
    exp = {"id": 1, "name": "pc", "flag": True, "n": None, "list": [1, 2]}
    assert diffs_of(exp, copy.deepcopy(exp)) == []
    assert where(diffs_of(exp, dict(exp, name="PC"))) == ["body.name"]
    assert where(diffs_of(exp, dict(exp, id="1"))) == ["body.id"]           # string vs int
    assert where(diffs_of(exp, dict(exp, flag=1))) == ["body.flag"]         # int vs bool
    assert where(diffs_of(exp, dict(exp, id=True))) == ["body.id"]          # bool vs int
    assert where(diffs_of(exp, dict(exp, id=1.0))) == ["body.id"]           # float vs int
    assert where(diffs_of(exp, dict(exp, n=0))) == ["body.n"]
    assert where(diffs_of(exp, dict(exp, extra=1))) == ["body"]              # extra key
    missing = dict(exp)
    del missing["name"]
    assert where(diffs_of(exp, missing)) == ["body.name"]
    assert "body.list.length" in where(diffs_of(exp, dict(exp, list=[1, 2, 3])))
    assert where(diffs_of(exp, dict(exp, list=[2, 1]))) == ["body.list[0]", "body.list[1]"]
    assert where(diffs_of({"a": {}}, {"a": []})) == ["body.a"]               # {} vs []
    assert where(diffs_of([], {})) == ["body"]


def test_nested_path_is_reported():
    exp = {"data": [{"1": "ws-01", "weird key": 1}]}
    found = diffs_of(exp, {"data": [{"1": "ws-02", "weird key": 2}]})
    assert where(found) == ["body.data[0].1", 'body.data[0]["weird key"]']
    text = found[0].render()
    assert '"ws-01"' in text and '"ws-02"' in text


def test_subset_mode():
    exp = [{"id": 1, "name": "a", "sub": {"x": 1}}, {"id": 2, "name": "b", "sub": {"x": 2}}]
    act = [{"id": 1, "name": "a", "serial": "s", "sub": {"x": 1, "y": 0}},
           {"id": 2, "name": "b", "serial": "t", "sub": {"x": 2}}]
    assert diffs_of(exp, act, mode="subset") == []
    # exact mode would see the extra keys
    assert diffs_of(exp, act) != []
    # values still compared
    bad = copy.deepcopy(act)
    bad[1]["name"] = "B"
    assert where(diffs_of(exp, bad, mode="subset")) == ["body[1].name"]
    bad = copy.deepcopy(act)
    bad[0]["sub"]["x"] = 9
    assert where(diffs_of(exp, bad, mode="subset")) == ["body[0].sub.x"]
    # lists keep their length
    assert "body.length" in where(diffs_of(exp, act + [{"id": 3}], mode="subset"))
    # missing key
    bad = copy.deepcopy(act)
    del bad[0]["id"]
    assert where(diffs_of(exp, bad, mode="subset")) == ["body[0].id"]


def test_subset_absent_keys():
    exp = {"id": 2, "name": "glpi", "_absent_keys": ["password", "api_token"]}
    assert diffs_of(exp, {"id": 2, "name": "glpi", "realname": None}, mode="subset") == []
    found = diffs_of(exp, {"id": 2, "name": "glpi", "password": "x"}, mode="subset")
    assert where(found) == ["body.password"]


def test_text_prefix_mode():
    exp = {"_raw_text_prefix": "GLPI_DB_OK\n", "_raw_length": 99}
    resp = expected(exp, headers={"Content-Type": "text/plain;charset=UTF-8"}, mode="text_prefix")
    ok = Actual(200, {"content-type": "text/plain; charset=UTF-8"}, "GLPI_DB_OK\nmore")
    assert replay.compare_response(resp, ok, make_ctx()) == []
    bad = Actual(200, {"content-type": "text/plain; charset=UTF-8"}, "GLPI_DB_KO\n")
    assert where(replay.compare_response(resp, bad, make_ctx())) == ["body (text prefix)"]


def test_reduced_mode_compares_status_and_headers_only():
    resp = expected({"_count": 2}, mode="reduced")
    assert replay.compare_response(resp, actual(["anything"]), make_ctx()) == []
    assert where(replay.compare_response(resp, actual(["x"], status=403), make_ctx())) == ["status"]


def test_empty_and_non_json_bodies():
    resp = expected("", headers={"Content-Type": "text/html; charset=UTF-8"})
    empty = Actual(200, {"content-type": "text/html; charset=UTF-8"}, "")
    assert replay.compare_response(resp, empty, make_ctx()) == []
    for text in ("[]", "null", '""', "x"):
        got = Actual(200, {"content-type": "text/html; charset=UTF-8"}, text)
        assert where(replay.compare_response(resp, got, make_ctx())) == ["body"], text
    # JSON expected, HTML received
    html = Actual(200, {"content-type": "application/json; charset=UTF-8"}, "<html>")
    assert where(replay.compare_response(expected([]), html, make_ctx())) == ["body"]
    # a JSON string body (get_sha1)
    sha = "a" * 40
    assert replay.compare_response(expected("<sha1>"), actual(sha), make_ctx()) == []
    assert where(replay.compare_response(expected("<sha1>"), actual("nope"), make_ctx())) == ["body"]


# --------------------------------------------------------------------------- status, headers, error code

def test_status_and_error_code():
    exp = ["ERROR_ITEM_NOT_FOUND", "Item not found"]
    assert replay.compare_response(expected(exp, status=404), actual(exp, status=404),
                                   make_ctx()) == []
    found = replay.compare_response(expected(exp, status=404),
                                    actual(["ERROR_RIGHT_MISSING", "Item not found"], status=403),
                                    make_ctx())
    assert where(found)[:2] == ["status", "error code"]
    found = replay.compare_response(expected(exp, status=404), actual({"id": 1}, status=404),
                                    make_ctx())
    assert "error code" in where(found)


def test_error_message_with_base_url():
    exp = ["ERROR_BAD_ARRAY", "input ...; view documentation in your browser at <base-url>/#ERROR_BAD_ARRAY"]
    good = ["ERROR_BAD_ARRAY", "input ...; view documentation in your browser at %s/#ERROR_BAD_ARRAY" % BASE]
    assert replay.compare_response(expected(exp, status=400), actual(good, status=400),
                                   make_ctx()) == []
    bad = ["ERROR_BAD_ARRAY", "input ...; view documentation in your browser at http://glpi/apirest.php/#ERROR_BAD_ARRAY"]
    assert where(replay.compare_response(expected(exp, status=400), actual(bad, status=400),
                                         make_ctx())) == ["body[1]"]


RANGE_HEADERS = {"Content-Type": "application/json; charset=UTF-8",
                 "Content-Range": "0-19/29", "Accept-Range": "Computer 1000"}


def test_range_headers_present_and_equal():
    resp = expected([], headers=RANGE_HEADERS)
    ok = actual([], headers={"Content-Range": "0-19/29", "Accept-Range": "Computer 1000"})
    assert replay.compare_response(resp, ok, make_ctx()) == []
    off = actual([], headers={"Content-Range": "0-19/30", "Accept-Range": "Computer 1000"})
    assert where(replay.compare_response(resp, off, make_ctx())) == ["header Content-Range"]
    missing = actual([], headers={"Accept-Range": "Computer 1000"})
    assert where(replay.compare_response(resp, missing, make_ctx())) == ["header Content-Range"]


def test_range_headers_absent_when_not_recorded():
    resp = expected([], headers={"Content-Type": "application/json; charset=UTF-8",
                                 "Accept-Range": "Computer 1000"})
    extra = actual([], headers={"Content-Range": "0--1/0", "Accept-Range": "Computer 1000"})
    assert where(replay.compare_response(resp, extra, make_ctx())) == ["header Content-Range"]
    resp = expected([])
    extra = actual([], headers={"Accept-Range": "Computer 1000"})
    assert where(replay.compare_response(resp, extra, make_ctx())) == ["header Accept-Range"]


def test_content_type_normalised_but_compared():
    resp = expected({}, headers={"Content-Type": "text/plain;charset=UTF-8"})
    assert replay.compare_response(resp, actual({}, headers={"Content-Type": "text/plain; charset=utf-8"}),
                                   make_ctx()) == []
    assert where(replay.compare_response(resp, actual({}), make_ctx())) == ["header Content-Type"]


def test_set_cookie_is_reported():
    found = replay.compare_response(expected({}), actual({}, headers={"Set-Cookie": "a=b"}),
                                    make_ctx())
    assert where(found) == ["header Set-Cookie"]


# --------------------------------------------------------------------------- requests

def step(request, response=None, scenario="s", index=0, **extra):
    data = {"request": dict({"query": None, "headers": {}, "body": None}, **request),
            "response": response or expected({})}
    data.update(extra)
    return Step(scenario, index, data)


def test_fill_request_placeholders():
    ctx = make_ctx()
    ctx.current_sessions[1] = "S1"
    call = replay.build_request(step({
        "method": "get", "path": "/initSession",
        "query": {"session_token": "<session-1>", "items[]": ["a", "b"], "x": "<session-7>"},
        "headers": {"App-Token": "<app-token>", "Authorization": "user_token <user-token-tech>",
                    "X-Basic": "<basic-auth:crud-user:Secret123!>", "X-Html": "<b>"}}), ctx)
    assert call.method == "GET"
    assert call.url == (BASE + "/initSession?session_token=S1&items%5B%5D=a&items%5B%5D=b"
                        "&x=unlearned-session-7")
    assert call.headers == {
        "App-Token": "APP", "Authorization": "user_token UTT",
        "X-Basic": "Basic " + base64.b64encode(b"crud-user:Secret123!").decode(),
        "X-Html": "<b>"}
    assert call.body is None


def test_body_json_and_raw_and_relative_path():
    ctx = make_ctx()
    body = {"input": {"comment": "a <b>bold</b> & \"q\""}}
    call = replay.build_request(step({"method": "POST", "path": "/Computer", "body": body,
                                      "headers": {"Content-Type": "application/json"}}), ctx)
    assert call.body == json.dumps(body).encode()
    assert call.headers == {"Content-Type": "application/json"}
    call = replay.build_request(step({"method": "POST", "path": "/Computer", "body_raw": True,
                                      "body": "input[name]=formpost",
                                      "headers": {"Content-Type": "application/x-www-form-urlencoded"}}), ctx)
    assert call.body == b"input[name]=formpost"
    call = replay.build_request(step({"method": "GET", "path": "/status.php",
                                      "path_relative_to": "<server-url>"}), ctx)
    assert call.url == SERVER + "/status.php"
    assert replay.build_request(step({"method": "GET", "path": ""}), ctx).url == BASE


class _Recorder(BaseHTTPRequestHandler):
    seen = []

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        type(self).seen.append((self.command, self.path, dict(self.headers.items()), body))
        payload = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Set-Cookie", "glpi_session=abc; path=/")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()
    server.server_close()


def test_sent_headers_are_exactly_the_recorded_ones(recorder):
    ctx = ReplayContext(base_url=recorder + "/apirest.php", server_url=recorder,
                        app_token="APP", user_tokens={"glpi": "UTG", "tech": None})
    ctx.enter("s")
    http = replay.new_http_session()
    steps = [
        step({"method": "POST", "path": "/Computer", "body": {"input": {"name": "x"}},
              "headers": {"App-Token": "<app-token>", "Session-Token": "<session-1>"}}),
        step({"method": "POST", "path": "/Computer", "body": "{\"input\": {}}", "body_raw": True,
              "headers": {"Content-Type": "text/plain", "App-Token": "<app-token>"}}),
        step({"method": "GET", "path": "/Computer", "headers": {"App-Token": "<app-token>"}}),
    ]
    for item in steps:
        got = replay.send(http, replay.build_request(item, ctx))
        assert got.status == 200 and got.json == {"ok": True}
        assert "set-cookie" in got.headers
    assert len(_Recorder.seen) == 3
    h1, b1 = _Recorder.seen[0][2:]
    h2, b2 = _Recorder.seen[1][2:]
    p3, h3, b3 = _Recorder.seen[2][1:]
    lower = [{k.lower(): v for k, v in h.items()} for h in (h1, h2, h3)]
    # no Content-Type invented by the client when the step names none
    assert "content-type" not in lower[0]
    assert json.loads(b1) == {"input": {"name": "x"}}
    assert lower[0]["session-token"] == "unlearned-session-1"
    # Content-Type exactly as recorded
    assert h2["Content-Type"] == "text/plain" and b2 == b'{"input": {}}'
    # no cookie sent back although the server set one; no auth the step did not give
    for headers in lower:
        assert "cookie" not in headers
        assert "authorization" not in headers
        assert headers["app-token"] == "APP"
    assert set(lower[2]) <= {"host", "user-agent", "accept-encoding", "accept", "connection",
                             "app-token"}
    assert p3 == "/apirest.php/Computer" and b3 == b""


# --------------------------------------------------------------------------- the real transcripts

STEPS = replay.load_steps()
_LEFTOVER = re.compile(r"<(?:app-token|user-token-[a-z]+|session-\d+|basic-auth:[^>]*|base-url|server-url)>")


def test_transcripts_load_in_index_order():
    index = replay.load_index()
    expected_names = [e["scenario"] for e in sorted(index["scenarios"], key=lambda e: e["order"])]
    seen = []
    for item in STEPS:
        if not seen or seen[-1] != item.scenario:
            seen.append(item.scenario)
    assert seen == expected_names
    assert len(STEPS) == sum(e["steps"] for e in index["scenarios"]) == 530
    ids = [item.test_id for item in STEPS]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("item", STEPS, ids=[s.test_id for s in STEPS])
def test_every_request_is_fully_filled(item):
    ctx = make_ctx(item.scenario)
    for n in range(1, 10):
        ctx.current_sessions[n] = "S%d" % n
    call = replay.build_request(item, ctx)
    text = json.dumps([call.url, call.headers]) + (call.body or b"").decode("utf-8")
    assert not _LEFTOVER.search(text), text
    assert call.url.startswith(SERVER)


def _synthesise(value, ctx):
    """An 'actual' value that a perfect server would return for an expected value."""
    if isinstance(value, str):
        sized = re.fullmatch(r"<(list|dict) len=(\d+)>", value)
        if sized:
            n = int(sized.group(2))
            return list(range(n)) if sized.group(1) == "list" else {str(i): i for i in range(n)}
        session = re.fullmatch(r"<session-(\d+)>", value)
        if session:
            return "token-%s-%s" % (ctx.scenario, session.group(1))
        samples = {"<datetime>": "2024-02-03 04:05:06", "<date>": "2024-02-03",
                   "<sha1>": "0123456789abcdef0123456789abcdef01234567",
                   "<hex64>": "ab" * 32, "<volatile>": "volatile-value",
                   "<base-url>": ctx.base_url, "<server-url>": ctx.server_url}
        return re.sub(r"<(?:datetime|date|sha1|hex64|volatile|base-url|server-url)>",
                      lambda m: samples[m.group(0)], value)
    if isinstance(value, list):
        return [_synthesise(v, ctx) for v in value]
    if isinstance(value, dict):
        return {k: _synthesise(v, ctx) for k, v in value.items() if k != "_absent_keys"}
    return value


def _mutate(value):
    """Changes the first leaf of a JSON value; None when there is nothing to change."""
    if isinstance(value, dict):
        for key in value:
            if key == "_absent_keys":
                continue
            changed = _mutate(value[key])
            if changed is not None:
                return dict(value, **{key: changed})
        return {"unexpected": 1}
    if isinstance(value, list):
        for i, item in enumerate(value):
            changed = _mutate(item)
            if changed is not None:
                return value[:i] + [changed] + value[i + 1:]
        return [1]
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if value is None:
        return 0
    if value == "volatile-value":
        return None  # anything matches <volatile>
    return value + "x" if value else "x"


def _response_for(item, ctx, body_override=MISSING):
    resp = item.response
    body = _synthesise(resp["body"], ctx) if body_override is MISSING else body_override
    mode = resp.get("body_compare") or "exact"
    if mode == "text_prefix":
        text = body.get("_raw_text_prefix", "") + "tail"
    elif mode == "reduced":
        text = "<html>reduced</html>"
    elif isinstance(body, str) and (body == "" or not body.startswith('"')) and resp["body"] == body == "":
        text = ""
    else:
        text = json.dumps(body)
    headers = {k.lower(): v for k, v in resp["headers"].items()}
    return Actual(resp["status"], headers, text)


def test_perfect_replay_of_all_transcripts_passes_and_mutations_fail():
    """The recorded answers themselves (placeholders filled) match; altered ones do not."""
    ctx = make_ctx()
    ctx.base_url, ctx.server_url = BASE, SERVER
    problems, undetected = [], []
    for item in STEPS:
        ctx.enter(item.scenario)
        perfect = _response_for(item, ctx)
        diffs = replay.compare_response(item.response, perfect, ctx)
        if diffs:
            problems.append((item.test_id, [d.render() for d in diffs[:3]]))
        mode = item.response.get("body_compare") or "exact"
        if mode in ("exact", "subset"):
            mutated_body = _mutate(_synthesise(item.response["body"], ctx))
            if mutated_body is None:
                continue
            mutated = _response_for(item, ctx, mutated_body)
            if mutated.text == perfect.text:
                continue
            if not replay.compare_response(item.response, mutated, ctx):
                undetected.append(item.test_id)
        # a wrong status is always reported
        wrong = Actual(perfect.status + 1, perfect.headers, perfect.text)
        assert "status" in where(replay.compare_response(item.response, wrong, ctx))
    assert problems == []
    assert undetected == []


# --------------------------------------------------------------------------- High-level API additions

HL_STEPS = replay.load_steps(Path(__file__).resolve().parent / "transcripts_hlapi")
_HL_LEFTOVER = re.compile(r"<(?:access-token-\d+|refresh-token-\d+|oauth-client-[a-z]+|base-url|server-url)>")


def test_hlapi_transcripts_load():
    assert len(HL_STEPS) == 187
    assert len({s.test_id for s in HL_STEPS}) == 187


@pytest.mark.parametrize("item", HL_STEPS, ids=[s.test_id for s in HL_STEPS])
def test_every_hlapi_request_is_fully_filled(item):
    ctx = make_ctx(item.scenario)
    ctx.oauth_client_id, ctx.oauth_client_secret = "CID", "CSECRET"
    for n in range(1, 10):
        ctx.learn_token("access-token", n, "AT%d" % n)
        ctx.learn_token("refresh-token", n, "RT%d" % n)
    call = replay.build_request(item, ctx)
    text = json.dumps([call.url, call.headers]) + (call.body or b"").decode("utf-8")
    assert not _HL_LEFTOVER.search(text), text
    assert call.url.startswith(SERVER)
    if item.request.get("body_form") is not None:
        assert "client_secret=" in call.body.decode("utf-8") or "refresh_token=" in call.body.decode("utf-8")
        assert any(v == "application/x-www-form-urlencoded" for v in call.headers.values()) or \
            "Content-Type" in (item.request.get("headers") or {})


def test_oauth_tokens_are_learned_then_required_the_same():
    ctx = make_ctx()
    assert diffs_of({"access_token": "<access-token-1>"}, {"access_token": "tok"}, ctx=ctx) == []
    assert ctx.token("access-token", 1) == "tok"
    assert where(diffs_of({"access_token": "<access-token-1>"}, {"access_token": "other"}, ctx=ctx)) == \
        ["body.access_token"]
    assert where(diffs_of({"access_token": "<access-token-2>"}, {"access_token": None}, ctx=ctx)) == \
        ["body.access_token"]


def test_datetime_accepts_an_iso_offset_and_location_is_compared_for_v2():
    assert diffs_of({"d": "<datetime>"}, {"d": "2026-01-01T10:00:00+00:00"}) == []
    assert where(diffs_of({"d": "<datetime>"}, {"d": "2026-01-01T10:00:00 UTC"})) == ["body.d"]
    resp = expected({}, headers={"Content-Type": "application/json; charset=UTF-8", "Location": "/Assets/Computer/1"})
    wrong = actual({}, headers={"Location": "/Assets/Computer/2"})
    assert replay.compare_response(resp, wrong, make_ctx()) == []
    assert where(replay.compare_response(resp, wrong, make_ctx(), replay.HLAPI_COMPARED_HEADERS)) == ["header Location"]
