"""Authentication and API sessions: initSession, profiles, active entities.

Sessions live in memory (a PHP session store would survive restarts; the emulator's do
not). ``Sessions.get(token)`` returns a :class:`Session` or None.
"""
import base64
import secrets
import threading

from . import errors, passwords, rights, trees, values

ALPHABET = "abcdefghijklmnopqrstuv0123456789"


class Session:
    def __init__(self, token, user):
        self.token = token
        self.user_id = user["id"]
        self.user_name = user["name"]
        self.realname = user.get("realname")
        self.firstname = user.get("firstname")
        self.list_limit = user.get("list_limit") or 20
        self.profiles = {}           # profile id -> {"name", "interface", "entities": [..]}
        self.profile_id = None
        self.active_entity = 0
        self.active_recursive = 0
        self.active_entities = []
        self.created = values.now()
        self.extauth = 1             # Auth::$extauth: 1 for a user token, 0 for login + password

    @property
    def profile(self):
        return self.profiles.get(self.profile_id, {})

    def can_view_all_entities(self, store):
        root_sons = trees.sons_of(store, store.reg.get("Entity"), 0)
        return all(e in self.active_entities for e in root_sons)


class Sessions:
    def __init__(self):
        self.lock = threading.Lock()
        self.by_token = {}

    def new_token(self):
        return "".join(secrets.choice(ALPHABET) for _index in range(26))

    def add(self, session):
        with self.lock:
            self.by_token[session.token] = session

    def get(self, token):
        with self.lock:
            return self.by_token.get(token)

    def kill(self, token):
        with self.lock:
            return self.by_token.pop(token, None) is not None

    def clear(self):
        with self.lock:
            self.by_token.clear()


def parse_authorization(header, params):
    """APIRest::parseIncomingParams: Basic auth -> login/password; 'user_token X' (exact
    case, split on single spaces) -> user_token."""
    if not header:
        return
    if header.startswith("Basic "):
        try:
            raw = base64.b64decode(header[6:].strip()).decode("utf-8")
            login, _sep, password = raw.partition(":")
            params["login"], params["password"] = login, password
        except (ValueError, UnicodeDecodeError):
            pass
    if "user_token" in header:
        parts = header.split(" ")
        if len(parts) > 1:
            params["user_token"] = parts[1]


def _entity_name(store, entity_id):
    row = store.get(store.reg.get("Entity"), entity_id)
    return row["name"] if row else ""


def load_profiles(store, user_id):
    """Session::initEntityProfiles(): profiles ordered by name, entities deduplicated."""
    rows = store.query(
        "SELECT pu.profiles_id, p.name, p.interface, pu.entities_id, pu.is_recursive "
        "FROM glpi_profiles_users pu JOIN glpi_profiles p ON p.id = pu.profiles_id "
        "WHERE pu.users_id=? ORDER BY p.name COLLATE glpi_ci, pu.id", (user_id,))
    profiles = {}
    for pid, name, interface, eid, rec in rows:
        prof = profiles.setdefault(pid, {"name": name, "interface": interface, "entities": {}})
        if eid not in prof["entities"]:
            prof["entities"][eid] = {"id": eid, "name": _entity_name(store, eid),
                                     "is_recursive": rec}
    for prof in profiles.values():
        prof["entities"] = list(prof["entities"].values())
    return profiles


def change_profile(store, session, profile_id):
    session.profile_id = profile_id
    entities = session.profile.get("entities", [])
    active = []
    for ent in entities:
        if ent["id"] not in active:
            active.append(ent["id"])
        if ent["is_recursive"]:
            for son in trees.sons_of(store, store.reg.get("Entity"), ent["id"]):
                if son not in active:
                    active.append(son)
    first = entities[0] if entities else {"id": 0, "is_recursive": 0}
    session.active_entity = first["id"]
    session.active_recursive = first["is_recursive"]
    session.active_entities = active


def change_active_entities(store, session, entities_id, is_recursive):
    """Session::changeActiveEntities() for a numeric id; False when not allowed."""
    ent_it = store.reg.get("Entity")
    if store.get(ent_it, entities_id) is None:
        return False
    ancestors = trees.ancestors_of(store, ent_it, entities_id)
    ok = any(e["id"] == entities_id or e["id"] in ancestors
             for e in session.profile.get("entities", []))
    if not ok:
        return False
    active = [entities_id]
    if is_recursive:
        active = list(trees.sons_of(store, ent_it, entities_id))
        if entities_id in active:
            active.remove(entities_id)
        active.insert(0, entities_id)
    session.active_entity = entities_id
    session.active_recursive = bool(is_recursive)
    session.active_entities = active
    return True


def login(store, sessions, params, api_url):
    """API::initSession(); returns the new Session or raises ApiError."""
    login_ = params.get("login")
    password = params.get("password")
    user_token = params.get("user_token")
    if (not login_ or not password) and not user_token:
        raise errors.error(api_url, "parameter(s) login, password or user_token are missing",
                           400, "ERROR_LOGIN_PARAMETERS_MISSING")
    user_it = store.reg.get("User")
    user = None
    if user_token:
        if isinstance(user_token, str):
            found = store.find(user_it, "api_token = ? AND api_token IS NOT NULL", (user_token,))
            user = found[0] if found else None
        if user is None:
            raise errors.error(api_url, "parameter user_token seems invalid", 401,
                               "ERROR_GLPI_LOGIN_USER_TOKEN", False)
    else:
        found = store.find(user_it, "name = ? AND authtype = 1", (store.dialect.store_text(str(login_)),))
        user = found[0] if found else None
        if user is None or not passwords.verify_password(str(password), user.get("password")):
            raise errors.error(api_url, "Incorrect username or password", 401,
                               "ERROR_GLPI_LOGIN", False)
    if not user.get("is_active") or user.get("is_deleted"):
        msg = ("You don't have access to this application because your account was "
               "deactivated or removed")
        if user_token:
            raise errors.error(api_url, "parameter user_token seems invalid", 401,
                               "ERROR_GLPI_LOGIN_USER_TOKEN", False)
        raise errors.error(api_url, msg, 401, "ERROR_GLPI_LOGIN", False)
    profiles = load_profiles(store, user["id"])
    if not profiles:
        raise errors.error(api_url, "You don't have right to connect", 401,
                           "ERROR_GLPI_LOGIN", False)
    session = Session(sessions.new_token(), user)
    session.extauth = 1 if user_token else 0
    session.profiles = profiles
    default = user.get("profiles_id")
    change_profile(store, session, default if default in profiles else next(iter(profiles)))
    store.update(user_it, user["id"], dict(_global_preferences(store, user_it, user), last_login=values.now()))
    sessions.add(session)
    return session


# $CFG_GLPI['user_pref_field'] of inc/define.php (10.0.12)
USER_PREF_FIELDS = (
    "backcreated", "csv_delimiter", "date_format", "default_requesttypes_id", "display_count_on_home",
    "duedatecritical_color", "duedatecritical_less", "duedatecritical_unit", "duedateok_color",
    "duedatewarning_color", "duedatewarning_less", "duedatewarning_unit", "followup_private", "is_ids_visible",
    "keep_devices_when_purging_item", "language", "list_limit", "lock_autolock_mode",
    "lock_directunlock_notification", "names_format", "notification_to_myself", "number_format", "pdffont",
    "priority_1", "priority_2", "priority_3", "priority_4", "priority_5", "priority_6", "refresh_views",
    "set_default_tech", "set_default_requester", "show_count_on_tabs", "show_jobs_at_login", "task_private",
    "task_state", "use_flat_dropdowntree", "use_flat_dropdowntree_on_search_result", "palette", "page_layout",
    "highcontrast_css", "default_dashboard_central", "default_dashboard_assets", "default_dashboard_helpdesk",
    "default_dashboard_mini_ticket", "default_central_tab", "fold_menu", "fold_search", "savedsearches_pinned",
    "richtext_layout", "timeline_order", "itil_layout", "timeline_action_btn_layout", "timeline_date_format")


def _global_preferences(store, user_it, user):
    """Auth::login() updates the user with its computed preferences, and User::prepareInputForUpdate
    stores NULL for each one equal to the global configuration."""
    config = dict(store.query("SELECT name, value FROM glpi_configs WHERE context='core'"))
    out = {}
    for field in USER_PREF_FIELDS:
        if field in user_it.col and field in config and user.get(field) is not None \
                and str(user.get(field)) == str(config[field]):
            out[field] = None
    return out


_HELPDESK_TYPES = ["Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer", "Software",
                   "DCRoom", "Rack", "Enclosure", "Database"]
_NO_TICKET_CHANGE = {"1": {"2": 0, "3": 0, "4": 0, "5": 0, "6": 0}, "2": {"1": 0, "3": 0, "4": 0, "5": 0, "6": 0},
                     "3": {"1": 0, "2": 0, "4": 0, "5": 0, "6": 0}, "4": {"1": 0, "2": 0, "3": 0, "5": 0, "6": 0},
                     "5": {"1": 0, "2": 0, "3": 0, "4": 0}, "6": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}}
# glpi_profiles columns of a fresh 10.0.12 that differ from the defaults in profile_payload.
PROFILE_COLUMNS = {
    1: {"helpdesk_hardware": 1, "ticket_status": _NO_TICKET_CHANGE, "managed_domainrecordtypes": []},
    2: {"helpdesk_hardware": 1, "managed_domainrecordtypes": []},
    5: {"managed_domainrecordtypes": []}, 6: {"managed_domainrecordtypes": []},
    7: {"managed_domainrecordtypes": []},
    8: {"helpdesk_hardware": 0, "helpdesk_item_type": [], "managed_domainrecordtypes": [],
        "ticket_status": dict(_NO_TICKET_CHANGE, **{"5": {"1": 0, "2": 0, "3": 0, "4": 0, "6": 0}})},
}


def profile_payload(session, pid=None):
    """One glpiprofiles / glpiactiveprofile entry (rights included for the active one)."""
    pid = session.profile_id if pid is None else pid
    prof = session.profiles[pid]
    data = {"id": pid, "name": prof["name"], "interface": prof["interface"],
            "is_default": 1 if pid == 1 else 0, "helpdesk_hardware": 3,
            "helpdesk_item_type": list(_HELPDESK_TYPES),
            "ticket_status": [], "date_mod": None, "comment": "", "problem_status": [],
            "create_ticket_on_login": 0, "tickettemplates_id": 0, "changetemplates_id": 0,
            "problemtemplates_id": 0, "change_status": None, "managed_domainrecordtypes": [-1],
            "date_creation": None}
    data.update(PROFILE_COLUMNS.get(pid, {}))
    data.update(rights.profile_rights(pid))
    data["entities"] = prof["entities"]
    return data


PREF_KEYS = ("backcreated", "csv_delimiter", "date_format", "default_requesttypes_id",
             "display_count_on_home", "duedatecritical_color", "duedatecritical_less",
             "duedatecritical_unit", "duedateok_color", "duedatewarning_color",
             "duedatewarning_less", "duedatewarning_unit", "followup_private",
             "keep_devices_when_purging_item", "language", "lock_autolock_mode",
             "lock_directunlock_notification", "names_format", "notification_to_myself",
             "number_format", "pdffont", "priority_1", "priority_2", "priority_3", "priority_4",
             "priority_5", "priority_6", "refresh_views", "set_default_tech",
             "set_default_requester", "show_count_on_tabs", "show_jobs_at_login", "task_private",
             "task_state", "use_flat_dropdowntree", "use_flat_dropdowntree_on_search_result",
             "palette", "page_layout", "highcontrast_css", "default_dashboard_central",
             "default_dashboard_assets", "default_dashboard_helpdesk",
             "default_dashboard_mini_ticket", "default_central_tab", "fold_menu", "fold_search",
             "savedsearches_pinned", "richtext_layout", "timeline_order", "itil_layout",
             "timeline_action_btn_layout", "timeline_date_format")


def session_groups(store, session):
    """Session::loadGroups(): the user's groups visible from the active entities."""
    group_it = store.reg.get("Group")
    out = []
    for link in store.find(store.reg.get("Group_User"), "users_id = ?", (session.user_id,), order="id"):
        group = store.get(group_it, link["groups_id"])
        if group is not None and rights.entity_visible(session, store, group.get("entities_id"),
                                                       bool(group.get("is_recursive"))):
            out.append(group["id"])
    return out


def _friendly_name(session):
    """formatUserName(): "realname firstname", or the login without a realname."""
    if session.realname:
        return ("%s %s" % (session.realname, session.firstname or "")).strip()
    return session.user_name


def full_session(store, session):
    """A $_SESSION-like dict for getFullSession / initSession(get_full_session)."""
    cfg = {"glpi_use_mode": 0, "glpiID": session.user_id, "glpiis_ids_visible": "0",
           "glpifriendlyname": _friendly_name(session), "glpiname": session.user_name,
           "glpirealname": session.realname, "glpifirstname": session.firstname,
           "glpidefault_entity": 0, "glpiextauth": session.extauth, "glpiauthtype": 1, "glpiroot": "",
           "glpi_plannings": {}, "glpicrontimer": 0, "glpi_tabs": [], "glpibackcreated": "0",
           "glpicsv_delimiter": ";", "glpidate_format": "0", "glpidefault_requesttypes_id": "1",
           "glpilanguage": "en_GB", "glpilist_limit": session.list_limit,
           "glpi_dropdowntranslations": [], "glpipluralnumber": 2}
    config = dict(store.query("SELECT name, value FROM glpi_configs WHERE context='core'"))
    for key in PREF_KEYS:
        cfg["glpi" + key] = config.get(key, "")
    rec = session.active_recursive
    name = "Root entity" if session.active_entity == 0 else _entity_name(store, session.active_entity)
    if rec:
        name += " (tree structure)"
    cfg.update({
        "valid_id": session.token, "glpi_currenttime": values.now(),
        "glpiprofiles": {str(pid): {"name": p["name"], "entities": p["entities"]}
                         for pid, p in session.profiles.items()},
        "glpiactiveprofile": profile_payload(session),
        "glpiactiveentities": {str(e): e for e in session.active_entities},
        "glpisearch": [],
        "glpiactiveentities_string": ", ".join("'%d'" % e for e in session.active_entities),
        "glpiparententities": [], "glpiparententities_string": "",
        "glpiactive_entity": session.active_entity, "glpiactive_entity_recursive": rec,
        "glpiactive_entity_name": name, "glpiactive_entity_shortname": name,
        "glpishowallentities": 1 if rec and session.active_entity == 0 else 0,
        "glpigroups": session_groups(store, session), "MESSAGE_AFTER_REDIRECT": [],
    })
    return cfg
