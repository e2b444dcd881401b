"""WSGI application: routing of /apirest.php/<resource>..., checks in GLPI's order
(CORS/OPTIONS, parameters, debug, app token, session token), the route table, request
counters and fault injection.

Extension point: ``register(resource, handler, kind)`` adds an endpoint (see search.py
and massive.py). ``handler(ctx)`` returns a werkzeug Response, or a tuple
``(body, status, headers)`` rendered as GLPI JSON, or raises errors.ApiError.
"""
import json
import posixpath
import re
import threading
import time
import traceback

from werkzeug.wrappers import Request, Response

from . import control, endpoints, errors, hlapi, html, inventory, oauth, params as paramsmod, values
from .schema import registry
from .session import Sessions

JSON_CT = "application/json; charset=UTF-8"
HTML_CT = "text/html; charset=UTF-8"
SESSION_ENDPOINTS = {"initSession", "killSession", "getMyProfiles", "getActiveProfile",
                     "changeActiveProfile", "getMyEntities", "getActiveEntities",
                     "changeActiveEntities", "getFullSession", "lostPassword"}
ROUTES = {}


def register(resource, handler, kind="read"):
    """Register ``handler(ctx)`` for /apirest.php/<resource>/... (kind: read|write|session)."""
    ROUTES[resource] = (handler, kind)


def dropped_connection():
    """An answer cut off mid-way: it promises a body it never sends, so the server
    closes the connection and the client sees the connection break."""
    response = Response(b"", 200, content_type=JSON_CT)
    response.headers["Content-Length"] = "64"
    return response


class Ctx:
    """Per-request state handed to endpoint handlers."""

    def __init__(self, app, request):
        self.app = app
        self.request = request
        self.store = app.store
        self.reg = app.store.reg
        self.sessions = app.sessions
        self.dialect = app.store.dialect
        self.server_url = request.host_url.rstrip("/")
        self.api_url = self.dialect.api_url(self.server_url)
        self.session = None
        self.params = {}
        self.uploads = []
        self.memo = {}
        self.url = []
        self.path_info = ""
        self.verb = request.method
        self.sanitized = request.headers.get("X-GLPI-Sanitized-Content", "true").lower() \
            not in ("0", "false", "off", "no", "")

    def itemtype(self, index=0, recursive=True):
        """APIRest::getItemtype(): (itemtype, parent itemtype or None); raises ApiError."""
        if index >= len(self.url):
            if recursive:
                raise errors.error(self.api_url, "missing resource", 400, "ERROR_RESOURCE_MISSING")
            return None, None
        it = self.dialect.itemtype(self.reg, self.url[index])
        if it is None:
            raise errors.resource_not_found(self.api_url)
        if recursive:
            sub, _parent = self.itemtype(index + 2, False)
            if sub is not None:
                return sub, it
        return it, None


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        with self.lock:
            self.total = self.reads = self.writes = 0
            self.sessions = {"initSession": 0, "killSession": 0}
            self.by_endpoint = {}

    def count(self, key, kind, method):
        with self.lock:
            self.total += 1
            self.by_endpoint[key] = self.by_endpoint.get(key, 0) + 1
            resource = key.split(" ", 1)[1].split("/", 1)[0] if " " in key else ""
            if resource in self.sessions:
                self.sessions[resource] += 1
            if kind == "session":
                return
            if method in ("GET", "HEAD"):
                self.reads += 1
            elif method in ("POST", "PUT", "PATCH", "DELETE") and kind in ("item", "write"):
                self.writes += 1

    def snapshot(self):
        with self.lock:
            return {"total": self.total, "reads": self.reads, "writes": self.writes,
                    "sessions": dict(self.sessions), "by_endpoint": dict(self.by_endpoint)}


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.latency_ms = 0
        self.fail_next = None
        self.drop_next = 0
        self.drop_rule = None
        self.slow_next = None
        self.expire_on = None
        self.refuse_items = None
        self.strip_authorization = False

    def refuses(self, itemtype, obj):
        """The refusal message when the ``refuse_items`` rule ({count, itemtype, name_regex,
        message}) refuses this added item, as a plugin's pre_item_add hook can; else None."""
        with self.lock:
            rule = self.refuse_items
            if not rule or rule.get("count", 0) <= 0:
                return None
            if rule.get("itemtype") and rule["itemtype"] != itemtype:
                return None
            rx = rule.get("name_regex")
            if rx and not re.search(rx, str(obj.get("name", ""))):
                return None
            rule["count"] -= 1
            return rule.get("message", "")


class EmulatorApp:
    def __init__(self, store, app_token, oauth_server=None):
        self.store = store
        self.app_token = app_token
        self.sessions = Sessions()
        self.oauth = oauth_server or oauth.OAuthServer()
        self.counters = Counters()
        self.faults = Faults()
        registry()
        from . import massive, search  # noqa: F401  (they register their routes)

    # -- WSGI -----------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        try:
            with values.request_time():
                response = self.dispatch(request, environ)
        except Exception:  # never a traceback to the client
            traceback.print_exc()
            response = Response(json.dumps(["ERROR", "Internal emulator error"]), 500,
                                content_type=JSON_CT)
        return response(environ, start_response)

    def dispatch(self, request, environ):
        path = request.path
        if path.startswith("/_emulator"):
            return control.handle(self, request)
        norm = posixpath.normpath(path) if path not in ("", "/") else "/"
        dialect = self.store.dialect
        sub_path = dialect.legacy_api_path(path)
        if sub_path is not None and dialect.legacy_api_path(norm) is not None:
            return self.api(request, environ, sub_path)
        if norm in inventory.routes(dialect):  # the agents' endpoint: anonymous, no App-Token
            return self.inventory(request, environ, norm)
        page = dialect.page(norm, request.host_url.rstrip("/"))
        if page is not None:
            body, status, content_type = page
            return Response(body, status, content_type=content_type)
        if norm == "/status.php":
            return Response(html.STATUS_TEXT, 200, content_type="text/plain;charset=UTF-8")
        if norm.startswith("/api.php/") and dialect.serves_hlapi:
            # counted by route shape (ids as {id}) with the legacy requests: the benches compare both APIs
            self.counters.count("%s api.php%s" % (request.method, re.sub(r"/\d+(?=/|$)", "/{id}", norm[len("/api.php"):])),
                                "hlapi", request.method)
            return hlapi.handle(self, environ, path[len("/api.php"):])
        if norm == "/api.php" or norm.startswith("/api.php/"):
            return Response(b"", 403, content_type=HTML_CT)
        if norm in ("/", "/index.php"):
            return Response(html.LOGIN_PAGE, 200, content_type=HTML_CT)
        return Response(html.NOT_FOUND_PAGE, 404, content_type=HTML_CT)

    # -- faults -----------------------------------------------------------------------------
    @staticmethod
    def _take(rule, request, endpoint_path):
        """Whether the counted ``rule`` ({count, methods, path_regex, skip}) matches this request;
        counts it down when it does. Called under the faults lock."""
        if not rule or rule.get("count", 0) <= 0:
            return False
        methods = [m.upper() for m in rule.get("methods") or []]
        rx = rule.get("path_regex")
        if (methods and request.method not in methods) or (rx and not re.search(rx, endpoint_path)):
            return False
        if rule.get("skip", 0) > 0:   # let that many matching requests through first
            rule["skip"] -= 1
            return False
        rule["count"] -= 1
        return True

    def _apply_faults(self, request, environ, endpoint_path):
        """What the faults do to this request: a Response to answer before GLPI sees it, or a
        plan ``{"status", "drop", "delay_ms"}`` applied once the request was carried out (see
        _after_apply), or None."""
        f = self.faults
        after = {}
        with f.lock:
            latency = f.latency_ms
            drop = f.drop_next > 0
            if drop:
                f.drop_next -= 1
            elif self._take(f.drop_rule, request, endpoint_path):
                drop = not f.drop_rule.get("after_apply")
                after["drop"] = not drop
            fail = None
            if not drop and self._take(f.fail_next, request, endpoint_path):
                fail = int(f.fail_next.get("status", 503))
                if f.fail_next.get("after_apply"):
                    # Like nginx's 502 on an oversized bulk-add header: GLPI did the work.
                    after["status"], fail = fail, None
            if self._take(f.expire_on, request, endpoint_path):
                self.sessions.clear()  # the session dies just before this request: GLPI answers 401
            if self._take(f.slow_next, request, endpoint_path):
                delay = int(f.slow_next.get("latency_ms") or 0)
                if f.slow_next.get("after_apply"):
                    after["delay_ms"] = delay
                else:
                    latency += delay
        if latency:
            time.sleep(latency / 1000.0)
        if drop:
            return dropped_connection()
        if fail:
            return Response(html.fault_page(fail), fail, content_type=HTML_CT)
        return after or None

    @staticmethod
    def _after_apply(plan, response):
        """The answer to a request GLPI carried out, as the faults planned it: late, replaced by
        an error page, or cut off (the client never learns that it was applied)."""
        if plan.get("delay_ms"):
            time.sleep(plan["delay_ms"] / 1000.0)
        if plan.get("drop"):
            return dropped_connection()
        if plan.get("status"):
            return Response(html.fault_page(plan["status"]), plan["status"], content_type=HTML_CT)
        return response

    # -- front/inventory.php -----------------------------------------------------------------
    def inventory(self, request, environ, norm):
        """The native inventory endpoint, under the same faults as the API (path_regex sees
        ``front/inventory.php`` or ``Inventory``)."""
        faulted = self._apply_faults(request, environ, norm.lstrip("/"))
        if isinstance(faulted, Response):
            return faulted
        response = inventory.handle(self, request)
        return self._after_apply(faulted, response) if faulted else response

    # -- apirest.php ------------------------------------------------------------------------
    def api(self, request, environ, sub_path):
        if self.faults.strip_authorization:
            environ.pop("HTTP_AUTHORIZATION", None)
            request = Request(environ)
        ctx = Ctx(self, request)
        path_info = sub_path.strip("/").replace("api/", "")
        ctx.path_info = path_info
        ctx.url = path_info.split("/")
        resource = ctx.url[0].strip()
        key, kind = self._endpoint_key(ctx, resource)
        self.counters.count(key, kind, request.method)
        faulted = self._apply_faults(request, environ, path_info)
        if isinstance(faulted, Response):
            return faulted
        response = self._answer(ctx, request, resource)
        if faulted:
            return self._after_apply(faulted, response)
        return response

    def _answer(self, ctx, request, resource):
        debug = False
        try:
            if request.method == "OPTIONS":
                return Response(b"", 200, content_type=HTML_CT, headers={
                    "Access-Control-Expose-Headers": "content-type, content-range, accept-range"})
            inline = resource in ("", "api")
            ctx.params, ctx.uploads, fmt = paramsmod.parse_incoming(request, ctx.api_url, inline)
            debug = "debug" in ctx.params
            if inline:
                if fmt == "json":
                    return Response(html.API_DOC_MARKDOWN, 200, content_type=JSON_CT)
                return Response(html.API_DOC_PAGE, 200, content_type=HTML_CT)
            if resource not in ("initSession", "lostPassword"):
                endpoints.init_endpoint(ctx)
            result = self._route(ctx, resource)
        except errors.ApiError as exc:
            if exc.body is None or isinstance(exc.body, str):  # no body, or a PHP error page
                return Response(exc.body or b"", exc.status, content_type=exc.content_type, headers=exc.headers)
            return self._json(exc.body, exc.status, exc.headers, debug)
        if isinstance(result, Response):
            return result
        body, status, headers = result
        return self._json(body, status, headers, debug)

    def _route(self, ctx, resource):
        if resource in ROUTES:
            return ROUTES[resource][0](ctx)
        if resource in endpoints.SESSION_HANDLERS:
            return endpoints.SESSION_HANDLERS[resource](ctx)
        m = re.search(r"user/(\d+)/picture", ctx.path_info, re.I)
        if m:
            from . import documents
            return documents.user_picture(ctx, m.group(1))
        return endpoints.itemtype_endpoint(ctx)

    def _endpoint_key(self, ctx, resource):
        parts = []
        for i, seg in enumerate(ctx.url):
            if seg.lstrip("-").isdigit():
                parts.append(":id")
                continue
            it = self.store.reg.get(seg)
            parts.append(it.name if it is not None else seg)
        key = "%s %s" % (ctx.verb, "/".join(parts))
        if resource in SESSION_ENDPOINTS or resource in ("", "api"):
            return key, "session"
        if resource in ROUTES:
            return key, ROUTES[resource][1]
        return key, "item"

    @staticmethod
    def _json(body, status, headers, debug=False):
        if debug:
            return Response("<pre>" + html.var_dump(body) + "</pre>", status,
                            content_type=HTML_CT, headers=headers)
        payload = "" if body is None else json.dumps(body, ensure_ascii=False,
                                                     separators=(",", ":"))
        return Response(payload, status, content_type=JSON_CT, headers=headers)
