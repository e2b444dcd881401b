"""High-level API endpoints outside the item schemas: /Session, /status, /status/all,
/Administration/User/Me (and its Email list), /doc.json (CoreController, AdministrationController)."""
from . import dialects, glpi11_fields, hlapi, hlapi_render, hlapi_schema, session as sessionmod

STATUS_PARTS = ("all", "db", "cas", "ldap", "imap", "mail_collectors", "crontasks", "filesystem", "plugins")
API_VERSION = "2.2.0"
PROFILE_FIELDS_11 = ("use_mentions", "2fa_enforced", "last_rights_update")  # glpi_profiles columns new in 11


def get_session(hl):
    """CoreController::getSession() (API 2.2: the active profile's rights, every profile field 0)."""
    store, session = hl.store, hl.session
    full = store.dialect.session_fields(sessionmod.full_session(store, session))
    profile = full["glpiactiveprofile"]
    right_names = set(sessionmod.rights.profile_rights(session.profile_id)) | set(glpi11_fields.SUPER_ADMIN_RIGHTS)
    right_names -= set(PROFILE_FIELDS_11)
    rights_out = dict.fromkeys(PROFILE_FIELDS_11, 0)
    rights_out.update((key, int(value) if key in right_names and _intlike(value) else 0)
                      for key, value in profile.items())
    body = {"current_time": hlapi_render.iso_datetime(full["glpi_currenttime"]),
            "user_id": session.user_id, "use_mode": 0, "friendly_name": full["glpifriendlyname"],
            "name": session.user_name, "real_name": session.realname or "", "first_name": session.firstname or "",
            "default_entity": session.default_entity, "profiles": full["glpiprofiles"],
            "active_entities": list(session.active_entities),
            "active_profile": {"id": session.profile_id, "name": profile.get("name"),
                               "interface": profile.get("interface"), "rights": rights_out}}
    name, short = full["glpiactive_entity_name"], full["glpiactive_entity_shortname"]
    body["active_entity"] = {"id": session.active_entity, "short_name": short, "complete_name": name,
                             "recursive": session.active_recursive}
    return hlapi.json_response(body)


def _intlike(value):
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


def status_index(hl):
    del hl
    return hlapi.json_response({part: {"href": "/status/" + part} for part in STATUS_PARTS})


def status_part(hl):
    part = hl.parts[1].lower()
    if part == "all":
        return hlapi.json_response(dialects.STATUS)
    if part not in dialects.STATUS:
        raise hlapi.error(404, hlapi.NOT_FOUND)
    return hlapi.json_response(dialects.STATUS[part])


def user_me(hl):
    schema = hlapi_schema.HLSchema("Administration", "User", hl.store.reg.get("User"), hlapi_schema.user_props())
    user = hl.store.get(schema.itemtype, hl.session.user_id)
    return hlapi.json_response(hlapi_render.Renderer(hl.store).render(schema, user))


def user_me_emails(hl):
    return hlapi.json_response(hlapi_render.user_emails(hl.store, hl.session.user_id))


def doc_json(hl):
    """A reduced OpenAPI document: the served paths and each schema's properties, with the
    database column each one maps (``x-field``) and the itemtype (``x-itemtype``)."""
    paths, components = {}, {}
    for schema in hlapi_schema.build(hl.store.reg).values():
        paths[schema.path] = {"get": {}, "post": {}}
        paths[schema.path + "/{id}"] = {"get": {}, "patch": {}, "delete": {}}
        props = {}
        for prop, spec in schema.props.items():
            if spec[0] in ("col", "fk", "groups"):
                props[prop] = {"x-field": spec[1],
                               "type": "object" if spec[0] == "fk" else "array" if spec[0] == "groups" else
                               {"int": "integer", "bool": "boolean"}.get(spec[2], "string")}
                if spec[0] == "fk":
                    props[prop]["x-itemtype"] = spec[2]
        components[schema.name] = {"type": "object", "x-itemtype": schema.itemtype.name, "properties": props}
    for path in ("/", "/Session", "/status", "/status/all", "/Administration/User/Me",
                 "/Administration/User/Me/Email"):
        paths[path] = {"get": {}}
    body = {"openapi": "3.0.0", "info": {"title": "GLPI High-Level REST API", "version": API_VERSION},
            "servers": [{"url": hl.request.host_url.rstrip("/") + "/api.php"}],
            "paths": dict(sorted(paths.items())), "components": {"schemas": components}}
    return hlapi.json_response(body)
