"""GLPI 11.0.6's agent authentication on the inventory endpoint (AbstractRequest::handleRequest(),
src/Glpi/Agent/Communication/AbstractRequest.php:239-289), config ``auth_required`` of context
``inventory``: ``none`` (default), ``client_credentials`` (a Bearer token of the emulator's OAuth
server carrying the ``inventory`` scope; the grant type is not checked) or ``basic_auth``
(``basic_auth_login`` / ``basic_auth_password``; every 401 then carries WWW-Authenticate).
GLPI 10.0 has no such check.
"""
import base64
import binascii
import hmac

REQUIRED = "Authorization header required to send an inventory"
NO_SCOPE = 'Access denied. Agent must authenticate using client credentials and have the "inventory" OAuth scope'
WRONG_BASIC = "Access denied. Wrong login or password for basic authentication."
BASIC_CHALLENGE = {"WWW-Authenticate": 'Basic realm="basic"'}


def _refuse(message, headers=None):
    from .inventory import InventoryError  # late: inventory imports this module
    return InventoryError(401, message, headers)


def check(app, request):
    """None when the request may send an inventory (headers to add to the answer), else raises
    InventoryError 401 with GLPI's message."""
    if not app.store.dialect.serves_hlapi:
        return None
    from .inventory import config
    mode = config(app.store, "auth_required", "none") or "none"
    header = request.headers.get("Authorization") or ""
    if mode == "client_credentials":
        _check_bearer(app, header)
    elif mode == "basic_auth":
        _check_basic(app.store, header, config)
    return None


def _check_bearer(app, header):
    from . import oauth
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _refuse(REQUIRED)
    try:
        grant = app.oauth.validate(token.strip())
    except oauth.TokenRefused:  # any OAuthServerException: the same text
        raise _refuse(REQUIRED)
    if "inventory" not in grant.scopes:
        raise _refuse(NO_SCOPE)


def _check_basic(store, header, config):
    if not header:
        raise _refuse(REQUIRED, BASIC_CHALLENGE)
    scheme, _sep, encoded = header.partition(" ")
    if scheme.lower() != "basic":  # a Bearer token while basic_auth is required
        raise _refuse(WRONG_BASIC, BASIC_CHALLENGE)
    try:
        login, _colon, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise _refuse(WRONG_BASIC, BASIC_CHALLENGE)
    # Real GLPI decrypts basic_auth_password with GLPIKey: only a value saved through the UI (encrypted)
    # works there; one PUT through the API is stored plainly and refuses every login. The emulator
    # compares plainly, so a test can set it through PUT Config.
    expected_login = config(store, "basic_auth_login", "") or ""
    expected_password = config(store, "basic_auth_password", "") or ""
    if not expected_login or not hmac.compare_digest(login.encode(), expected_login.encode()) \
            or not hmac.compare_digest(password.encode(), expected_password.encode()):
        raise _refuse(WRONG_BASIC, BASIC_CHALLENGE)
