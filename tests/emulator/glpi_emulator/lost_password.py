"""PUT /lostPassword (API::lostPassword + User::forgetPassword / updateForgottenPassword of GLPI
10.0.12): refused while email notifications are off (a fresh install), then the email or the
token is checked; a known address gets a password_forget_token, a valid token sets the password."""
import hashlib
import os

from . import errors, passwords, values, writes_extra

SENT = ("If the given email address match an exisiting GLPI user, you will receive an email containing the "
        "informations required to reset your password. Please contact your administrator if you do not receive "
        "any email.")
EXPIRED = "Your password reset request has expired or is invalid. Please renew it."
REFUSED = "Unable to reset password, please contact your administrator"


def lost_password(ctx):
    if ctx.verb not in ("PUT", "PATCH"):
        raise errors.error(ctx.api_url, "Only HTTP verb PUT is allowed")
    if writes_extra.config_value(ctx, "use_notifications") in ("0", None) or \
            writes_extra.config_value(ctx, "notifications_mailing") in ("0", None):
        raise errors.error(ctx.api_url, "Email notifications are disabled")
    params = ctx.params
    token = params.get("password_forget_token")
    if "email" not in params and not token:
        raise errors.error(ctx.api_url, "email parameter missing")
    session_token = params.get("session_token")
    if isinstance(session_token, str) and ctx.sessions.get(session_token.strip()) is not None:
        raise errors.error(ctx.api_url, "A session is active")
    if token is None:
        _forget(ctx, params.get("email"))
        return [SENT], 200, {}
    _reset(ctx, str(token), params.get("password", ""))
    return ["Reset password successful."], 200, {}


def _active_user(ctx, user):
    now = values.now()
    return user is not None and user.get("is_active") == 1 and not user.get("is_deleted") and \
        (user.get("begin_date") is None or user["begin_date"] < now) and \
        (user.get("end_date") is None or user["end_date"] > now)


def _forget(ctx, email):
    """User::forgetPassword(): only one active user with that address gets a token."""
    user_it = ctx.reg.get("User")
    ids = [row["users_id"] for row in ctx.store.find(ctx.reg.get("UserEmail"), "email = ?", (str(email),))]
    users = [u for u in (ctx.store.get(user_it, i) for i in ids) if _active_user(ctx, u)]
    if len(users) != 1 or users[0].get("authtype") not in (1, None):
        return
    ctx.store.update(user_it, users[0]["id"], {
        "password_forget_token": hashlib.sha1(os.urandom(32)).hexdigest(),
        "password_forget_token_date": values.now()})


def _reset(ctx, token, password):
    """User::updateForgottenPassword()."""
    user_it = ctx.reg.get("User")
    found = ctx.store.find(user_it, "password_forget_token = ?", (token,)) if token else []
    if not found:
        raise errors.error(ctx.api_url, EXPIRED)
    if not _active_user(ctx, found[0]):
        raise errors.error(ctx.api_url, REFUSED)
    ctx.store.update(user_it, found[0]["id"], {
        "password": passwords.hash_password(str(password)), "password_last_update": values.now(),
        "password_forget_token": "", "password_forget_token_date": None})
