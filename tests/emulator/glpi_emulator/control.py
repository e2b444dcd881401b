"""Control endpoints under /_emulator/ (no auth, JSON): stats, reset, faults, sessions."""
import json

from werkzeug.wrappers import Response

from . import webhooks


def _json(data, status=200):
    return Response(json.dumps(data), status, content_type="application/json")


def _set_drop(faults, value):
    """``drop_next``: a count (the next n requests, before GLPI sees them) or a rule
    ``{count, methods, path_regex, after_apply}``."""
    if isinstance(value, dict):
        faults.drop_next, faults.drop_rule = 0, dict(value)
    else:
        faults.drop_next, faults.drop_rule = int(value or 0), None


def handle(app, request):
    path = request.path.rstrip("/")
    method = request.method
    if path == "/_emulator/stats" and method == "GET":
        return _json(app.counters.snapshot())
    if path == "/_emulator/stats/reset" and method == "POST":
        app.counters.reset()
        return _json({"ok": True})
    if path == "/_emulator/reset" and method == "POST":
        app.store.reset()
        app.sessions.clear()
        app.oauth.clear()
        app.counters.reset()
        with app.faults.lock:
            app.faults.clear()
        return _json({"ok": True})
    if path == "/_emulator/cron/queuedwebhook" and method == "POST":
        return _json({"sent": webhooks.cron_queuedwebhook(app.store)})
    if path == "/_emulator/expire_sessions" and method == "POST":
        app.sessions.clear()
        return _json({"ok": True})
    if path == "/_emulator/faults":
        f = app.faults
        if method == "DELETE":
            with f.lock:
                f.clear()
            return _json({"ok": True})
        if method == "POST":
            try:
                body = json.loads(request.get_data(as_text=True) or "{}")
            except ValueError:
                return _json({"error": "invalid JSON"}, 400)
            if not isinstance(body, dict):
                return _json({"error": "expected an object"}, 400)
            with f.lock:
                if "latency_ms" in body:
                    f.latency_ms = int(body["latency_ms"] or 0)
                if "fail_next" in body:
                    rule = body["fail_next"]
                    f.fail_next = dict(rule) if isinstance(rule, dict) else None
                if "drop_next" in body:
                    _set_drop(f, body["drop_next"])
                if "slow_next" in body:
                    f.slow_next = dict(body["slow_next"]) if isinstance(body["slow_next"], dict) else None
                if "expire_on" in body:
                    f.expire_on = dict(body["expire_on"]) if isinstance(body["expire_on"], dict) else None
                if "refuse_items" in body:
                    f.refuse_items = dict(body["refuse_items"]) if isinstance(body["refuse_items"], dict) else None
                if "strip_authorization" in body:
                    f.strip_authorization = bool(body["strip_authorization"])
            return _json({"ok": True})
        if method == "GET":
            with f.lock:
                return _json({"latency_ms": f.latency_ms, "fail_next": f.fail_next,
                              "drop_next": f.drop_rule or f.drop_next, "slow_next": f.slow_next,
                              "expire_on": f.expire_on,
                              "refuse_items": f.refuse_items,
                              "strip_authorization": f.strip_authorization})
    return _json({"error": "unknown control endpoint"}, 404)
