"""User::updateUserEmails(): the ``_useremails`` input of a user add or update.

``_useremails`` maps an email id to an address (a list counts as ids 0, 1, ...): an id of an
email of this user updates it (an empty address deletes it), any other id adds a new email;
``_default_email`` names the id that becomes the default. Invalid addresses are skipped
silently (UserEmail::prepareInputForAdd refuses them); the first email of a user is its
default whatever ``_default_email`` says (UserEmail::prepareInputForAdd).
"""
from . import values


def _entries(raw):
    if isinstance(raw, dict):
        return list(raw.items())
    if isinstance(raw, list):
        return list(enumerate(raw))
    return []


def update_user_emails(ctx, user_id, obj):
    """Returns True when an email was added, changed or deleted."""
    from . import writes  # writes imports this module
    email_it = ctx.reg.get("UserEmail")
    default = obj.get("_default_email")
    changed = False
    for key, email in _entries(obj.get("_useremails")):
        email = str(email if email is not None else "").strip()
        is_default = 1 if default is not None and str(default) == str(key) else 0
        email_id = values.php_int(key)
        current = ctx.store.get(email_it, email_id) if email_id > 0 else None
        if current is not None and current.get("users_id") == user_id:
            if email == "":
                writes.purge_user_email(ctx, email_it, current)
                changed = True
            elif (ctx.dialect.store_text(email), is_default) != (current.get("email"), current.get("is_default")):
                ok, _id, _msg = writes.apply_update(ctx, email_it, current, {"email": email, "is_default": is_default})
                changed = changed or ok
            continue
        try:
            writes.add_child_internal(ctx, email_it, {"users_id": user_id, "email": email, "is_default": is_default})
            changed = True
        except writes.WriteRefused:
            pass
    return changed
