"""OAuth2 for GLPI 11's High-level API: ``POST /api.php/token`` and bearer tokens.

GLPI 11.0.6 uses league/oauth2-server (``src/Glpi/OAuth/``); the emulator answers as the
reference transcripts show (glpi-reference-hlapi, FINDINGS 1-6): the password,
client_credentials and refresh_token grants of one client (``--oauth-client-id`` /
``--oauth-client-secret``), errors in the OAuth2 shape ``{error, error_description[, hint]}``,
tokens of 3600 s, a refresh that revokes the previous access and refresh tokens.
Access tokens are JWT-shaped (``header.payload.signature``, signed with a key made at start);
tokens live in memory, like the legacy sessions.
"""
import base64
import hashlib
import hmac
import json
import secrets
import threading
import time

from . import passwords

DEMO_CLIENT_ID = "glpi-emulator-demo-oauth-client"
DEMO_CLIENT_SECRET = "glpi-emulator-demo-oauth-secret"
CLIENT_SCOPES = ("api", "inventory", "status", "graphql", "user", "email")
LIFETIME = 3600
JSON_UTF8 = "application/json; charset=UTF-8"
UNSUPPORTED = ("unsupported_grant_type", "The authorization grant type is not supported by the authorization server.",
               "Check that all required parameters have been provided")
INVALID_REQUEST = ("The request is missing a required parameter, includes an invalid parameter value, "
                   "includes a parameter more than once, or is otherwise malformed.")


class OAuthError(Exception):
    """An answer of the token endpoint: status and ``{error, error_description[, hint]}``."""

    def __init__(self, status, error, description, hint=None):
        super().__init__(description)
        self.status = status
        self.body = {"error": error, "error_description": description}
        if hint is not None:
            self.body["hint"] = hint


class TokenRefused(Exception):
    """A bearer token the resource server refuses: 400 ERROR_INVALID_PARAMETER with ``detail``."""

    def __init__(self, detail):
        super().__init__(detail)
        self.detail = detail


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Grant:
    """One access token: its user (None for client_credentials), scopes and expiry."""

    def __init__(self, jti, user_id, scopes, expires):
        self.jti = jti
        self.user_id = user_id
        self.scopes = scopes
        self.expires = expires
        self.revoked = False


class OAuthServer:
    def __init__(self, client_id=DEMO_CLIENT_ID, client_secret=DEMO_CLIENT_SECRET):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = secrets.token_bytes(32)
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        """Every token forgotten (emulator reset)."""
        self.grants = {}     # jti -> Grant
        self.refresh = {}    # refresh token -> (jti, user_id, scopes, used)

    # -- token endpoint -----------------------------------------------------------------------
    def token(self, store, params):
        """``POST /token``: the token answer, or raises OAuthError."""
        grant_type = params.get("grant_type")
        if grant_type not in ("password", "client_credentials", "refresh_token"):
            raise OAuthError(400, *UNSUPPORTED)
        self._check_client(params)
        if grant_type == "refresh_token":
            return self._refresh(params)
        scopes = self._scopes(params.get("scope"))
        if grant_type == "client_credentials":
            return self._issue(None, scopes, with_refresh=False)
        return self._issue(self._password_user(store, params), scopes)

    def _check_client(self, params):
        client_id = params.get("client_id")
        if not isinstance(client_id, str) or not client_id:
            raise OAuthError(400, "invalid_request", INVALID_REQUEST, "Check the `client_id` parameter")
        secret = params.get("client_secret")
        if client_id != self.client_id or not isinstance(secret, str) or \
                not hmac.compare_digest(secret.encode("utf-8"), self.client_secret.encode("utf-8")):
            raise OAuthError(401, "invalid_client", "Client authentication failed")

    @staticmethod
    def _scopes(value):
        """Requested scopes the client may have; unknown ones are dropped (the token is still issued)."""
        if not isinstance(value, str):
            return ()
        return tuple(s for s in value.split() if s in CLIENT_SCOPES)

    @staticmethod
    def _password_user(store, params):
        for key in ("username", "password"):
            if not isinstance(params.get(key), str) or params.get(key) == "":
                raise OAuthError(400, "invalid_request", INVALID_REQUEST, "Check the `%s` parameter" % key)
        user_it = store.reg.get("User")
        found = store.find(user_it, "name = ? AND authtype = 1", (params["username"],))
        user = found[0] if found else None
        # (an inactive user gets a token: GLPI 11.0.6's password grant checks the credentials only)
        if user is None or not passwords.verify_password(params["password"], user.get("password")) \
                or user.get("is_deleted"):
            raise OAuthError(400, "invalid_grant", "The user credentials were incorrect.")
        return user["id"]

    def _refresh(self, params):
        token = params.get("refresh_token")
        if not isinstance(token, str) or not token:
            raise OAuthError(400, "invalid_request", INVALID_REQUEST, "Check the `refresh_token` parameter")
        with self.lock:
            entry = self.refresh.get(token)
            if entry is None:
                raise OAuthError(400, "invalid_grant", "The refresh token is invalid.", "Cannot decrypt the refresh token")
            jti, user_id, scopes, used = entry
            if used:
                raise OAuthError(400, "invalid_grant", "The refresh token is invalid.", "Token has been revoked")
            self.refresh[token] = (jti, user_id, scopes, True)
            old = self.grants.get(jti)
            if old is not None:
                old.revoked = True
        return self._issue(user_id, scopes)

    def _issue(self, user_id, scopes, with_refresh=True):
        now = int(time.time())
        jti = secrets.token_hex(40)
        header = _b64(json.dumps({"typ": "JWT", "alg": "RS256"}).encode())
        claims = {"aud": self.client_id, "jti": jti, "iat": now, "nbf": now, "exp": now + LIFETIME,
                  "sub": "" if user_id is None else str(user_id), "scopes": list(scopes)}
        payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
        signature = _b64(hmac.new(self.key, ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest())
        body = {"token_type": "Bearer", "expires_in": LIFETIME, "access_token": "%s.%s.%s" % (header, payload, signature)}
        with self.lock:
            self.grants[jti] = Grant(jti, user_id, tuple(scopes), now + LIFETIME)
            if with_refresh:
                refresh = _b64(secrets.token_bytes(48))
                self.refresh[refresh] = (jti, user_id, tuple(scopes), False)
                body["refresh_token"] = refresh
        return body

    # -- resource server ----------------------------------------------------------------------
    def validate(self, token):
        """The Grant of a bearer token, or raises TokenRefused (GLPI's 400 details)."""
        parts = token.split(".")
        if len(parts) != 3:
            raise TokenRefused("The JWT string must have two dots")
        expected = _b64(hmac.new(self.key, ("%s.%s" % (parts[0], parts[1])).encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(expected, parts[2]):
            raise TokenRefused("Access token could not be verified")
        try:
            claims = json.loads(_unb64(parts[1]))
        except ValueError:
            raise TokenRefused("Access token could not be verified")
        if int(claims.get("exp", 0)) < time.time():
            raise TokenRefused("The JWT string has expired")
        with self.lock:
            grant = self.grants.get(claims.get("jti"))
        if grant is None or grant.revoked:
            raise TokenRefused("Access token has been revoked")
        return grant
