"""High-level API endpoints outside the item schemas: /Session, /status, /status/all,
/Administration/User/Me (and its Email list), /doc.json (CoreController, AdministrationController)."""
import functools
import json
from pathlib import Path

from . import dialects, glpi11_fields, hlapi, hlapi_render, hlapi_schema, session as sessionmod

STATUS_PARTS = ("all", "db", "cas", "ldap", "imap", "mail_collectors", "crontasks", "filesystem", "plugins")
API_VERSION = "2.2.0"
PROFILE_FIELDS_11 = ("use_mentions", "2fa_enforced", "last_rights_update")  # glpi_profiles columns new in 11
HELPDESK_KEYS = set(sessionmod.COMMON_FIELDS) | set(sessionmod.rights.HELPDESK_RIGHTS) | {
    "2fa_enforced", "use_mentions", "entities", "managed_domainrecordtypes"}


def get_session(hl):
    """CoreController::getSession() (API 2.2: the active profile's rights, every profile field 0)."""
    store, session = hl.store, hl.session
    full = store.dialect.session_fields(sessionmod.full_session(store, session))
    profile = full["glpiactiveprofile"]
    right_names = set(sessionmod.rights.profile_rights(session.profile_id)) | set(glpi11_fields.SUPER_ADMIN_RIGHTS) \
        | set(glpi11_fields.PROFILE_RIGHTS.get(session.profile_id, {}))
    right_names -= set(PROFILE_FIELDS_11)
    rights_out = dict.fromkeys(PROFILE_FIELDS_11, 0)
    rights_out.update((key, int(value) if key in right_names and _intlike(value) else 0)
                      for key, value in profile.items())
    if profile.get("interface") == "helpdesk":  # Profile::cleanProfile(): the helpdesk rights only
        rights_out = {key: value for key, value in rights_out.items() if key in HELPDESK_KEYS}
    body = {"current_time": hlapi_render.iso_datetime(full["glpi_currenttime"]),
            "user_id": session.user_id, "use_mode": 0, "friendly_name": full["glpifriendlyname"],
            "name": session.user_name, "real_name": session.realname or "", "first_name": session.firstname or "",
            "default_entity": session.default_entity, "profiles": full["glpiprofiles"],
            "active_entities": hlapi_render.php_array((e, e) for e in session.active_entities),
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
    """getOneBySchema on User: 403 without the User READ right (post-only)."""
    schema = hlapi_schema.HLSchema("Administration", "User", hl.store.reg.get("User"), hlapi_schema.user_props())
    if not sessionmod.rights.can_view(hl.session, schema.itemtype, hl.store):
        raise hlapi.error(403, hlapi.RIGHT_MISSING[:2] + (None,))
    user = hl.store.get(schema.itemtype, hl.session.user_id)
    return hlapi.json_response(hlapi_render.Renderer(hl.store).render(schema, user))


DOC_FILE = Path(__file__).resolve().parent / "hlapi_doc.json"


@functools.lru_cache(maxsize=1)
def _doc_text():
    return DOC_FILE.read_text(encoding="utf-8")


def doc_json(hl):
    """GLPI 11.0.6's OpenAPI document, trimmed to what the emulator serves: the paths and the
    schemas of a real 11.0.6's ``/doc.json`` (hlapi_doc.json), its server URL this one's."""
    doc = json.loads(_doc_text())
    doc["servers"][0]["url"] = hl.request.host_url.rstrip("/") + "/api.php"
    return hlapi.json_response(doc)
