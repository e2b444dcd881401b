"""GLPI 11's High-level API (``/api.php/token``, ``/api.php/v2/...``): routing and errors.

Only in 11.0 mode (``app.dispatch`` calls :func:`handle` for ``/api.php/<x>`` other than
``v1``). Every version prefix (``v2``, ``v2.2``, ``v3``...) reaches the same routes, paths
are case-insensitive, and a route that does not exist or a wrong method is 404
``ERROR_ITEM_NOT_FOUND`` (FINDINGS 12). Routes that need a user check the bearer token
first: no header or another scheme 401, a bad token 400, a client_credentials token 401,
a missing scope 403 (FINDINGS 5-7).
"""
import json
import re

from werkzeug.wrappers import Request, Response

from . import oauth, session as sessionmod

JSON = "application/json"
VERSION_RE = re.compile(r"^/v\d+(?:\.\d+)?(?=/|$)", re.I)
UNAUTHENTICATED = ("ERROR_UNAUTHENTICATED", "You are not authenticated", "The Authorization header is missing or invalid")
RIGHT_MISSING = ("ERROR_RIGHT_MISSING", "You don't have permission to perform this action.",
                 "You do not have the required scope(s) to access this endpoint.")
NOT_FOUND = ("ERROR_ITEM_NOT_FOUND", "Not found", None)


class HLError(Exception):
    """A GLPI HL API error answer ``{status, title, detail}``."""

    def __init__(self, http_status, code, title, detail=None):
        super().__init__(title)
        self.http_status = http_status
        self.body = {"status": code, "title": title, "detail": detail}
        self.headers = None


def php_error():
    """An uncaught PHP error (a TypeError...) in a controller: 500 with an empty JSON-typed body."""
    exc = HLError(500, "", "")
    exc.body = None
    return exc


def crud_error(action, message):
    """AbstractController::getCRUDErrorResponse(): 500, the session's messages as additional_messages.
    A database error (a duplicate key, an over-long value) is an uncaught exception in GLPI 11:
    500 with an empty body."""
    if str(message or "").startswith("MySQL query error"):
        return php_error()
    exc = HLError(500, "ERROR", "Failed to %s item(s)" % action)
    if message:
        exc.body["additional_messages"] = [{"priority": "error", "message": message}]
    return exc


def error(http_status, triple):
    return HLError(http_status, *triple)


def json_response(body, status=200, headers=None, content_type=JSON):
    return Response(json.dumps(body, ensure_ascii=False, separators=(",", ":")), status,
                    content_type=content_type, headers=headers)


class HLRequest:
    """What a v2 handler gets: the app, the request, the path parts, and once authenticated
    the grant and a legacy-style Session of its user (rights, active entities)."""

    def __init__(self, app, request, parts):
        self.app = app
        self.request = request
        self.parts = parts
        self.store = app.store
        self.grant = None
        self.session = None

    def query(self, name, default=None):
        return self.request.args.get(name, default)

    def json_body(self):
        """The JSON body as a dict ({} when it is not JSON-typed or empty); 400 when invalid JSON."""
        ctype = (self.request.content_type or "").split(";")[0].strip().lower()
        raw = self.request.get_data()
        if ctype != "application/json" or not raw.strip():
            return {}
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            raise HLError(400, "ERROR", "Invalid JSON body")
        if not isinstance(body, (dict, list)):  # json_decode gives no array: a string, a number, null
            raise HLError(400, "ERROR", "Invalid JSON body")
        return body if isinstance(body, dict) else {}

    def legacy_ctx(self):
        """An app.Ctx carrying this user's session, for the legacy write and rights helpers."""
        from .app import Ctx
        ctx = Ctx(self.app, self.request)
        ctx.session = self.session
        return ctx


def authenticate(hl, scopes):
    """Checks the bearer token and the route's scopes; sets hl.grant and hl.session."""
    header = hl.request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        raise error(401, UNAUTHENTICATED)
    try:
        grant = hl.app.oauth.validate(header[len("Bearer "):].strip())
    except oauth.TokenRefused as exc:
        raise HLError(400, "ERROR_INVALID_PARAMETER", "Invalid OAuth token", exc.detail)
    if grant.user_id is None:
        raise error(401, UNAUTHENTICATED)
    if scopes and not any(scope in grant.scopes for scope in scopes):  # OAuthRequestMiddleware: one of them
        raise error(403, RIGHT_MISSING)
    hl.grant = grant
    hl.session = user_session(hl.store, grant)
    switch_headers(hl.store, hl.session, hl.request.headers)


def switch_headers(store, session, headers):
    """Router::handleAuth(): ``GLPI-Profile`` (a profile of the user, else ignored), then
    ``GLPI-Entity`` (+ ``GLPI-Entity-Recursive: true``) through Session::changeActiveEntities
    (an entity out of the profile's reach leaves the active ones as they were)."""
    profile = headers.get("GLPI-Profile", "")
    if profile.strip().isdigit() and int(profile) in session.profiles:
        sessionmod.change_profile(store, session, int(profile))
    entity = headers.get("GLPI-Entity", "")
    if entity.strip().isdigit():
        recursive = headers.get("GLPI-Entity-Recursive", "").strip().lower() == "true"
        sessionmod.change_active_entities(store, session, int(entity), recursive)


def user_session(store, grant):
    """A legacy Session of the token's user: default profile and entities, as GLPI's OAuth login
    builds $_SESSION (no last_login update, no language reset)."""
    user = store.get(store.reg.get("User"), grant.user_id)
    if user is None:
        raise error(401, UNAUTHENTICATED)
    session = sessionmod.Session("oauth-" + grant.jti[:26], user)
    session.rights_11 = True  # the rights checks of GLPI 11.0.6's default profiles
    session.profiles = sessionmod.load_profiles(store, user["id"])
    if not session.profiles:
        raise error(401, UNAUTHENTICATED)
    default = user.get("profiles_id")
    sessionmod.change_profile(store, session, default if default in session.profiles else next(iter(session.profiles)))
    return session


def handle(app, environ, sub_path):
    """The answer to ``/api.php<sub_path>`` (sub_path starts with '/')."""
    request = Request(environ)
    try:
        if sub_path.rstrip("/").lower() == "/token":
            return _token(app, request)
        match = VERSION_RE.match(sub_path)
        if not match:
            raise error(404, NOT_FOUND)
        rest = sub_path[match.end():]
        if request.method == "OPTIONS":
            return Response(b"", 204)
        return _route(app, request, rest)
    except HLError as exc:
        if exc.body is None:
            return Response(b"", exc.http_status, content_type=JSON)
        return json_response(exc.body, exc.http_status, headers=exc.headers)


def _token(app, request):
    if request.method != "POST":
        raise error(401, UNAUTHENTICATED)
    params = dict(request.form.items())
    if (request.content_type or "").split(";")[0].strip().lower() == "application/json":
        try:
            body = json.loads(request.get_data().decode("utf-8") or "{}")
        except ValueError:
            body = {}
        params = body if isinstance(body, dict) else {}
    try:
        body = app.oauth.token(app.store, params)
    except oauth.OAuthError as exc:
        return json_response(exc.body, exc.status)
    return json_response(body, 200, content_type=oauth.JSON_UTF8)


def _route(app, request, rest):
    from . import hlapi_routes
    parts = [p for p in rest.split("/") if p != ""]
    hl = HLRequest(app, request, parts)
    found = hlapi_routes.find(request.method, [p.lower() for p in parts])
    if found is None or found[0] is None:
        authenticate(hl, ())
        raise error(404, NOT_FOUND)
    handler, scopes, public = found
    if not public:
        authenticate(hl, scopes)
    return handler(hl)
