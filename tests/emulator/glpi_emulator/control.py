"""Control endpoints under /_emulator/ (no auth, JSON): stats, reset, faults, sessions."""
import json

from werkzeug.wrappers import Response


def _json(data, status=200):
    return Response(json.dumps(data), status, content_type="application/json")


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
        app.counters.reset()
        with app.faults.lock:
            app.faults.clear()
        return _json({"ok": True})
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
                    f.drop_next = int(body["drop_next"] or 0)
                if "strip_authorization" in body:
                    f.strip_authorization = bool(body["strip_authorization"])
            return _json({"ok": True})
        if method == "GET":
            with f.lock:
                return _json({"latency_ms": f.latency_ms, "fail_next": f.fail_next,
                              "drop_next": f.drop_next,
                              "strip_authorization": f.strip_authorization})
    return _json({"error": "unknown control endpoint"}, 404)
