"""``/Administration/User/Me/Email[/{id}]`` and ``/Me/Emails/Default`` (AdministrationController,
11.0.6): the token user's addresses as ``{id, email, is_default (int), _links}``; POST adds one
(302 ``{id, href}``; the first address of a user becomes its default, UserEmail::prepareInputForAdd)."""
import re

from . import hlapi, writes

EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")  # PHP's FILTER_VALIDATE_EMAIL, roughly


def email_data(store, user_id):
    """AdministrationController::getEmailDataForUser()."""
    rows = store.find(store.reg.get("UserEmail"), "users_id = ?", (user_id,), order="id")
    return [{"id": int(r["id"]), "email": str(r.get("email") or ""), "is_default": int(r.get("is_default") or 0),
             "_links": {"self": {"href": "/Administration/User/Me/Email/%d" % r["id"]}}} for r in rows]


def my_emails(hl):
    return hlapi.json_response(email_data(hl.store, hl.session.user_id))


def my_email(hl):
    wanted = int(hl.parts[4])
    return _first(hl, lambda email: email["id"] == wanted)


def my_default_email(hl):
    return _first(hl, lambda email: email["is_default"])


def _first(hl, test):
    for email in email_data(hl.store, hl.session.user_id):
        if test(email):
            return hlapi.json_response(email)
    raise hlapi.error(404, hlapi.NOT_FOUND)


def add_my_email(hl):
    body = hl.json_body()
    if "email" not in body:
        raise _invalid("Missing parameter: email")
    new_email = body["email"]
    if not isinstance(new_email, str) or not EMAIL_RE.fullmatch(new_email):
        raise _invalid("Invalid parameter: email. The provided email address does not appear to be formatted "
                       "as an email address")
    for email in email_data(hl.store, hl.session.user_id):
        if email["email"] == new_email:
            exc = hlapi.HLError(409, "ERROR_ALREADY_EXISTS",
                                "The provided email address is already associated with this user")
            exc.headers = {"Location": email["_links"]["self"]["href"]}
            raise exc
    data = {"users_id": hl.session.user_id, "email": new_email, "is_default": 1 if body.get("is_default") else 0}
    new_id = writes.add_item_internal(hl.legacy_ctx(), hl.store.reg.get("UserEmail"), data)
    href = "/Administration/User/Me/Email/%d" % (new_id or 0)
    return hlapi.json_response({"id": new_id or 0, "href": href}, 302, headers={"Location": href})


def _invalid(message):
    """AbstractController::getInvalidParametersErrorResponse()."""
    exc = hlapi.HLError(400, "ERROR_INVALID_PARAMETER", "One or more parameters are invalid")
    exc.body["additional_messages"] = [{"priority": "error", "message": message}]
    return exc
