"""``GET|PATCH /Administration/User/{id|username|Me}/Preference`` (AdministrationController, API 2.1):
the UserPreferences schema on glpi_users, read and written with the User rights like a user."""
from . import hlapi, hlapi_crud, hlapi_schema, rights, writes


def _schema(store):
    return hlapi_schema.HLSchema("Administration", "User", store.reg.get("User"), hlapi_schema.user_preference_props())


def _user_id(hl):
    """Me, an id, or a username (an unknown one: no id)."""
    key = hl.parts[2]
    if key.lower() == "me":
        return hl.session.user_id
    if key.isdigit():
        return int(key)
    found = hl.store.find(hl.store.reg.get("User"), "name = ?", (key,))
    return found[0]["id"] if found else None


# glpi_users columns NOT NULL in 11.0 (nullable in the emulator's 10.0 table): their default for NULL
NOT_NULL = {"highcontrast_css": False, "default_homepage_tab": 0}


def get_preferences(hl):
    schema = _schema(hl.store)
    row = hlapi_crud.viewable_row(hl, schema, _user_id(hl))
    out = hlapi_crud.render_row(hl, schema, row)
    out.update((key, default) for key, default in NOT_NULL.items() if out.get(key) is None)
    return hlapi.json_response(out)


def update_preferences(hl):
    """ResourceAccessor::updateBySchema(): ``$item->can()`` (403, also for a missing user), the
    update, then the preferences as a get answers them."""
    schema = _schema(hl.store)
    user_id = _user_id(hl)
    hlapi_crud.readable_row(hl, schema, user_id, rights.UPDATE, missing=403)
    data = hlapi_crud.input_of(schema, hl.json_body(), update=True)
    data = {key: value for key, value in data.items() if key in schema.itemtype.col}
    if data:
        data["id"] = user_id
        ok, _id, message = writes.update_item(hl.legacy_ctx(), schema.itemtype, data)
        if not ok:
            raise hlapi.crud_error("update", message)
    return get_preferences(hl)


def route(method, parts):
    """The handler of a preference route, or None."""
    if len(parts) != 4 or parts[:2] != ["administration", "user"] or parts[3] != "preference":
        return None
    return {"GET": get_preferences, "PATCH": update_preferences}.get(method)
