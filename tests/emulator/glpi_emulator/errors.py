"""GLPI API error bodies: ``["ERROR_X", "message; view documentation in your browser at
<api-url>/#ERROR_X"]`` (API::returnError), raised as exceptions and rendered by app.py."""

MSG_RIGHT = "You don't have permission to perform this action."


class ApiError(Exception):
    """An answer that interrupts processing (GLPI's returnError / returnResponse + exit)."""

    def __init__(self, status, body, content_type="application/json; charset=UTF-8",
                 headers=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


class EmptyAnswer(ApiError):
    """PHP died after output started: status 200 (or given) with an empty text/html body."""

    def __init__(self, status=200):
        super().__init__(status, None, "text/html; charset=UTF-8")


def error(api_url, message="Bad Request", status=400, code="ERROR", doc=True):
    """Build (not raise) the ApiError GLPI's returnError() sends."""
    if not status:
        status = 400
    if not code:
        code = "ERROR"
    if doc:
        message = "%s; view documentation in your browser at %s/#%s" % (message, api_url, code)
    return ApiError(status, [code, message])


def not_found(api_url):
    return error(api_url, "Item not found", 404, "ERROR_ITEM_NOT_FOUND", False)


def right_missing(api_url):
    return error(api_url, MSG_RIGHT, 403, "ERROR_RIGHT_MISSING", False)


def bad_array(api_url):
    return error(api_url, "input parameter must be an array of objects", 400, "ERROR_BAD_ARRAY")


def resource_not_found(api_url):
    return error(api_url, "resource not found or not an instance of CommonDBTM", 400,
                 "ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM")


def session_invalid(api_url):
    return error(api_url, "session_token seems invalid", 401, "ERROR_SESSION_TOKEN_INVALID", False)


def session_missing(api_url):
    return error(api_url, "parameter session_token is missing or empty", 400,
                 "ERROR_SESSION_TOKEN_MISSING")
