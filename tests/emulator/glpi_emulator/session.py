"""Authentication and API sessions: initSession, profiles, active entities.

Sessions live in memory (a PHP session store would survive restarts; the emulator's do
not). ``Sessions.get(token)`` returns a :class:`Session` or None.
"""
import base64
import json
import secrets
import threading

from . import errors, history, passwords, rights, trees, values

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
        self.default_entity = user.get("entities_id") or 0
        self.active_all = False
        # glpishowallentities: the active entities held every entity when they were computed (login,
        # changeActiveEntities); searches and the Entity list then restrict nothing, entities created
        # since included, while rights checks keep to active_entities.
        self.show_all = False
        self.parent_entities = []       # (PHP key, entity id) pairs of glpiparententities
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
    """Session::initEntityProfiles(): profiles ordered by name, each one's entities ordered by
    completename; a later recursive authorization on the same entity replaces the first (in
    its place)."""
    rows = store.query(
        "SELECT pu.profiles_id, p.name, p.interface, pu.entities_id, pu.is_recursive "
        "FROM glpi_profiles_users pu JOIN glpi_profiles p ON p.id = pu.profiles_id "
        "LEFT JOIN glpi_entities e ON e.id = pu.entities_id "
        "WHERE pu.users_id=? ORDER BY p.name COLLATE glpi_ci, e.completename COLLATE glpi_ci, pu.id", (user_id,))
    profiles = {}
    for pid, name, interface, eid, rec in rows:
        prof = profiles.setdefault(pid, {"name": name, "interface": interface, "entities": {}})
        if eid not in prof["entities"] or rec:
            prof["entities"][eid] = {"id": eid, "name": _entity_name(store, eid), "is_recursive": rec}
    for prof in profiles.values():
        prof["entities"] = list(prof["entities"].values())
    return profiles


def change_profile(store, session, profile_id):
    """Session::changeProfile(): the user's default entity when the profile has it (with the
    profile's recursion), else that entity recursively when allowed, else "all"."""
    session.profile_id = profile_id
    default = session.default_entity
    for ent in session.profile.get("entities", []):
        if ent["id"] == default and change_active_entities(store, session, ent["id"], ent["is_recursive"]):
            return
    if not change_active_entities(store, session, default, True):
        change_active_entities(store, session, "all", False)


def _all_entities(store, session):
    """The entities of changeActiveEntities("all"): each of the profile's, then its sons."""
    active = []
    for ent in session.profile.get("entities", []):
        ids = [ent["id"]]
        if ent["is_recursive"]:
            ids += trees.sons_of(store, store.reg.get("Entity"), ent["id"])
        for entity_id in ids:
            if entity_id not in active:
                active.append(entity_id)
    return active


def change_active_entities(store, session, entities_id, is_recursive):
    """Session::changeActiveEntities(): False when the profile gives no access. An entity is
    allowed when one of the profile's entities is it or one of its ancestors, and, for a
    recursive change, that profile entity is recursive."""
    ent_it = store.reg.get("Entity")
    if entities_id == "all":
        active = _all_entities(store, session)
        parents = _all_parents(store, session)
    elif store.get(ent_it, entities_id) is None:
        return False
    else:
        ancestors = trees.ancestors_of(store, ent_it, entities_id)
        parents = [(a, a) for a in ancestors]
        if not any((e["id"] == entities_id or e["id"] in ancestors) and (not is_recursive or e["is_recursive"])
                   for e in session.profile.get("entities", [])):
            return False
        active = [entities_id]
        if is_recursive:
            active += [e for e in trees.sons_of(store, ent_it, entities_id) if e != entities_id]
    if not active:
        return False
    session.active_entity = active[0]
    session.active_recursive = is_recursive
    session.active_entities = active
    session.active_all = entities_id == "all"
    session.show_all = store.query("SELECT COUNT(*) FROM glpi_entities")[0][0] <= len(active)
    session.parent_entities = parents
    return True


def _all_parents(store, session):
    """$ancestors of changeActiveEntities("all"): array_unique(array_merge(getAncestorsOf(id),
    $ancestors)) for each profile entity, PHP keys included (array_merge renumbers)."""
    parents = []
    for ent in session.profile.get("entities", []):
        merged = list(trees.ancestors_of(store, store.reg.get("Entity"), ent["id"])) + [v for _k, v in parents]
        parents, seen = [], set()
        for key, value in enumerate(merged):
            if value not in seen:
                seen.add(value)
                parents.append((key, value))
    return parents


def php_array(pairs):
    """json_encode of a PHP array given as (key, value) pairs: a list when the keys are 0..n-1."""
    pairs = list(pairs)
    if [k for k, _v in pairs] == list(range(len(pairs))):
        return [v for _k, v in pairs]
    return {str(k): v for k, v in pairs}


def _can_log_in(user):
    """Session::init(): active, not in the trash, and within begin_date / end_date."""
    now = values.now()
    begin, end = user.get("begin_date"), user.get("end_date")
    return bool(user.get("is_active")) and not user.get("is_deleted") and \
        (begin is None or str(begin) < now) and (end is None or str(end) > now)


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
    if not _can_log_in(user):
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
    history.login_preferences(store, user)  # logs the language it NULLs, as the next update would
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


def profile_payload(session, pid=None):
    """One glpiactiveprofile entry: Profile::getFromDB (the row, then its rights) and
    cleanProfile() (a helpdesk profile keeps only its helpdesk fields; JSON columns decoded)."""
    pid = session.profile_id if pid is None else pid
    prof = session.profiles[pid]
    row = dict(rights.PROFILES.get(pid) or {"id": pid, "name": prof["name"], "interface": prof["interface"]})
    data = dict(row)
    data.update(rights.profile_rights(pid))
    if data.get("interface") == "helpdesk":
        data = {k: v for k, v in data.items() if k in COMMON_FIELDS or k in rights.HELPDESK_RIGHTS}
    for key in ("helpdesk_item_type", "managed_domainrecordtypes"):  # always there: decoded, or []
        value = data.get(key)
        data[key] = json.loads(value) if isinstance(value, str) else (value or [])
    for key in ("ticket_status", "problem_status", "change_status"):  # decoded when set
        if isinstance(data.get(key), str):
            data[key] = json.loads(data[key]) or []
    data["entities"] = prof["entities"]
    return data


COMMON_FIELDS = ("id", "interface", "is_default", "name")


def _active_entity_names(store, session):
    """glpiactive_entity_name (completename) and _shortname (name), "(tree structure)" when
    recursive, "(full structure)" after changeActiveEntities("all")."""
    ent_it = store.reg.get("Entity")
    row = store.get(ent_it, session.active_entity) or {}
    name = trees.dropdown_name(store, ent_it, row) if row else ""
    short = row.get("name") or ""
    suffix = " (tree structure)" if session.active_recursive else (" (full structure)" if session.active_all else "")
    return name + suffix, short + suffix


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
    name, short = _active_entity_names(store, session)
    parents = [v for _k, v in session.parent_entities]
    parents_string = "', '".join(str(p) for p in parents)
    if parents_string not in ("", "0"):  # PHP's empty("0")
        parents_string = "'%s'" % parents_string
    cfg.update({
        "valid_id": session.token, "glpi_currenttime": values.now(),
        "glpiprofiles": {str(pid): {"name": p["name"], "entities": p["entities"]}
                         for pid, p in session.profiles.items()},
        "glpiactiveprofile": profile_payload(session),
        "glpiactiveentities": php_array((e, e) for e in session.active_entities),
        "glpisearch": [],
        "glpiactiveentities_string": ", ".join("'%d'" % e for e in session.active_entities),
        "glpiparententities": php_array(session.parent_entities),
        "glpiparententities_string": parents_string,
        "glpiactive_entity": session.active_entity, "glpiactive_entity_recursive": rec,
        "glpiactive_entity_name": name, "glpiactive_entity_shortname": short,
        "glpishowallentities": int(session.show_all),
        "glpigroups": session_groups(store, session), "MESSAGE_AFTER_REDIRECT": [],
    })
    return cfg
