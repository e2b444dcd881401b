"""The GLPI versions the emulator answers as, and what sets them apart.

``Glpi10`` (the default) is GLPI 10.0.12; ``Glpi11`` is GLPI 11.0.6's legacy API
(``apirest.php``, also served under ``api.php/v1``), as measured in
glpi-reference/FINDINGS-glpi11-legacy.md and read in 11.0.6's ``src/Glpi/Api/API.php``.
The rest of the emulator calls these hooks where the versions differ; everything that is
11.0-specific lives here.

``get(version)`` returns the dialect for ``"10.0"`` or ``"11.0"``;
``from_environment()`` the one named by ``GLPI_EMULATOR_VERSION`` (default 10.0).
"""
import json
import os
import re

from . import column_sizes, errors, glpi11_fields, sanitizer, search_text, trees, values

VERSIONS = ("10.0", "11.0")
ENV_VAR = "GLPI_EMULATOR_VERSION"


ELEVEN_ONLY_ITEMTYPES = ("Webhook", "QueuedWebhook")  # webhooks.py


class Glpi10:
    """GLPI 10.0.12: the behaviour written in the rest of the emulator."""

    version = "10.0"
    full_version = "10.0.12"
    serves_hlapi = False  # /api.php/token and /api.php/v2 (hlapi.py): 11.0 only; 10.0 has no api.php
    fresh_user_date_mod = True  # a fresh 11.0.6 install leaves the users' date_mod NULL
    tree_update_keeps_parent = False  # CommonTreeDropdown::adaptTreeFieldsFromUpdateOrAdd without the parent key
    api_path = "/apirest.php"          # base of links, Location and documentation URLs
    search_default_sort = ["1"]
    config_rows = 270       # rows of glpi_configs (context core) in a fresh install
    config_keys = 345       # keys of getGlpiConfig's cfg_glpi

    # -- URLs and pages --------------------------------------------------------------------
    def api_url(self, server_url):
        return server_url + self.api_path

    def legacy_api_path(self, path):
        """The part after the API root when ``path`` reaches the legacy API, else None."""
        if path == "/apirest.php" or path.startswith("/apirest.php/"):
            return path[len("/apirest.php"):]
        return None

    def page(self, norm_path, server_url):
        """(body, status, content type) for non-API pages this version answers, or None."""
        return None

    # -- itemtypes ---------------------------------------------------------------------------
    def itemtype(self, reg, name):
        """APIRest::getItemtype(): itemtype names are case-insensitive (PHP class names); no Webhook in 10.0."""
        it = reg.get(name)
        return None if it is not None and it.name in ELEVEN_ONLY_ITEMTYPES else it

    def multiple_items_unknown(self, api_url):
        """getMultipleItems with an unknown itemtype: PHP dies, 200 with an empty body."""
        return errors.EmptyAnswer()

    def single_item_id(self, it, item_id):
        """Does GET /Itemtype/<id> read one item (rather than list them)?"""
        return item_id is not False and (item_id > 0 or (item_id == 0 and it.name == "Entity"))

    # -- PHP errors --------------------------------------------------------------------------
    def type_error(self):
        """An uncaught PHP TypeError (bulk input entry not an object, criteria not an array)."""
        return errors.EmptyAnswer()

    # -- text --------------------------------------------------------------------------------
    def store_text(self, value):
        """GLPI 10's Sanitizer: ``& < >`` stored as ``&#38; &#60; &#62;``."""
        return values.encode_html(value)

    def search_value(self, value):
        """The text a searchText / contains value is compared as: GLPI 10's Sanitizer round trip."""
        return search_text.glpi10_search_value(value)

    def store_input(self, value):
        """A text field of an add or update as GLPI 10 stores it: Sanitizer::sanitize, which leaves
        text that looks escaped already (for SQL or HTML) alone (see sanitizer.py)."""
        return sanitizer.sanitize(value)

    def tree_name(self, completename):
        """Dropdown::getDropdownName() of a tree item ("a &#62; b" on 10.0)."""
        return completename.replace(" > ", " &#62; ")

    def message_name(self, name):
        """A stored name as it goes into "Item successfully added: X" (10.0: decoded)."""
        return values.decode_html(name)

    def message_label(self, label):
        """The X of "Item successfully added: X" once built (10.0: as it is)."""
        return label

    def check_length(self, it, row):
        """MariaDB's refusal of a value its column cannot hold (after filterValues' cut, see
        column_sizes), as GLPI 10 passes it on: the bare message; None when it fits."""
        error = column_sizes.mysql_error(it, row)
        return error[0] if error else None

    def check_update_length(self, it, item_id, changes):
        """The same for an UPDATE."""
        return self.check_length(it, changes)

    def duplicate_message(self, it, row, message):
        return message

    def ticket_label(self, name, new_id):
        return "%s (%d)" % (name, new_id)

    link_markup = None  # massive action messages: massive_engine's GLPI 10 links

    # -- search and getItems ------------------------------------------------------------------
    def check_search(self, params):
        """Raises for a /search request this version fails on before searching."""

    search_fields_always_checked = False  # 10.0 looks at a searchText field only when its value is not empty

    @staticmethod
    def search_value_skipped(value):
        """A searchText value that adds no condition (PHP's empty())."""
        return value in (None, 0, "", "0", False) or value == [] or value == {}

    def unknown_search_field(self, api_url, it, field):
        """searchText on a missing column: SQL error then PHP fatal (200, empty body)."""
        return errors.EmptyAnswer()

    def list_order(self, order):
        """The ORDER BY direction of getItems (``order`` passed the ASC/DESC check)."""
        return order.upper()

    def list_window(self, start, end):
        """(offset, limit or None for no limit) of getItems' range ``start-end``."""
        return start, max(end - start + 1, 0)

    # -- fields ------------------------------------------------------------------------------
    def write_row(self, it, obj, row):
        """Version-specific input columns (``row`` holds the coerced input); 10.0's filterValues
        cuts long strings to 255 characters (column_sizes.glpi10_cut)."""
        return column_sizes.glpi10_cut(it, row)

    def item_fields(self, it, fields, listing):
        """Fields of one item (GET /Itemtype/id) or of a list row, after rendering."""
        return fields

    unknown_itemtype = "UNKNOWN"  # getItemTypeForTable() of a table without a class (HATEOAS rel)

    def port_fields(self, data):
        """One port of with_networkports (API::getNetworkPorts)."""
        return data

    def session_fields(self, data):
        """getFullSession's data (session.full_session) as this version shows it."""
        return data

    def config_fields(self, cfg):
        """getGlpiConfig's cfg_glpi before its padding to ``config_keys`` keys."""
        return cfg

    def new_entity_id(self, store):
        """Entity::prepareInputForAdd sets id = MAX(id)+1 (None: auto-increment)."""
        return (store.query("SELECT MAX(id) FROM glpi_entities")[0][0] or 0) + 1

    def move_refused(self, store, it, current, parent_id):
        """May a tree item not move under ``parent_id``? (10.0: nothing stops it here)"""
        return False

    def tree_cycle(self):
        """A move that made a tree item its own ancestor: GLPI 10 recurses until PHP dies."""
        raise errors.ApiError(500, None, "text/html; charset=UTF-8")


# Itemtypes using GLPI 11's AssignableItem: groups_id / groups_id_tech are lists (glpi_groups_items).
ASSIGNABLE = {"Appliance", "Cable", "CartridgeItem", "Certificate", "Cluster", "Computer",
              "ConsumableItem", "DatabaseInstance", "Domain", "DomainRecord", "Enclosure",
              "Item_DeviceSimcard", "Line", "Monitor", "NetworkEquipment", "PDU",
              "PassiveDCEquipment", "Peripheral", "Phone", "Printer", "Rack", "Software",
              "SoftwareLicense", "Unmanaged"}
GROUP_FIELDS = ("groups_id", "groups_id_tech")


def _sql_value(value):
    """A value as DBmysql quotes it in a query."""
    return "NULL" if value is None else "'%s'" % str(value).replace("'", "\\'")


API_WELCOME = "Welcome to GLPI API"
API_V1_DESCRIPTION = (
    "The low-level API which is closely tied to the GLPI source code. While not as user "
    "friendly as the high-level API, it is more powerful and allows to do some things that "
    "are not possible with the high-level API. It has no promise of stability between "
    "versions so it may change without warning.")
STATUS = {"glpi": {"status": "OK"},
          "db": {"status": "OK", "main": {"status": "OK"},
                 "replicas": {"status": "NO_DATA", "servers": []}},
          "cas": {"status": "NO_DATA"}, "ldap": {"status": "NO_DATA", "servers": []},
          "imap": {"status": "NO_DATA", "servers": []},
          "mail_collectors": {"status": "NO_DATA", "servers": []},
          "crontasks": {"status": "OK", "stuck": [], "status_msg": "RUNNING: 0, STUCK: 0, TOTAL: 48"},
          "filesystem": {"status": "OK", "session_dir": {"status": "OK"}},
          "plugins": {"status": "NO_DATA"}}
ERROR_PAGE = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n   <title>Error - GLPI</title>\n</head>\n"
              "<body>\n<div role=\"alert\" class=\"alert alert-danger alert-important\">\n"
              "    An unexpected error occurred\n</div>\n</body>\n</html>\n")
SUPER_ADMIN = 4
# Session keys GLPI 11 no longer sets.
SESSION_DROPPED = ("glpiroot", "glpifold_search")


class Glpi11(Glpi10):
    """GLPI 11.0.6's legacy API."""

    version = "11.0"
    full_version = "11.0.6"
    serves_hlapi = True
    fresh_user_date_mod = False
    tree_update_keeps_parent = True
    api_path = "/api.php/v1"
    search_default_sort = [0]
    config_rows = 296
    config_keys = 383

    def legacy_api_path(self, path):
        found = super().legacy_api_path(path)
        if path == "/api.php/v1":  # not the documentation page: the app token check answers (400)
            return "/v1"
        if found is None and path.startswith("/api.php/v1/"):
            return path[len("/api.php/v1"):]
        return found

    def page(self, norm_path, server_url):
        if norm_path == "/status.php":
            return json.dumps(STATUS), 200, "application/json"
        if norm_path == "/api.php":
            base = server_url + "/api.php/"
            versions = [{"api_version": "1", "version": "1.0.0", "description": API_V1_DESCRIPTION,
                         "endpoint": base + "v1"}]
            versions += [{"api_version": "2", "version": "2.%d.0" % i, "endpoint": base + "v2.%d" % i}
                         for i in range(3)]
            return json.dumps({"message": API_WELCOME, "api_versions": versions}), 200, "application/json"
        return None

    def itemtype(self, reg, name):
        """Class names are resolved by the autoloader: the case must match."""
        it = reg.get(name)
        return it if it is not None and it.name == name else None

    def multiple_items_unknown(self, api_url):
        return errors.not_found(api_url)

    def single_item_id(self, it, item_id):
        """Ids 0 and below read one item too (and find none, except the root entity)."""
        return item_id is not False

    def type_error(self):
        return errors.ApiError(500, ERROR_PAGE, "text/html; charset=UTF-8")

    def store_text(self, value):
        """GLPI 11 stores text as it comes."""
        return value

    def search_value(self, value):
        """GLPI 11 compares the text as typed."""
        return value

    def store_input(self, value):
        return value

    def tree_name(self, completename):
        return completename

    def message_name(self, name):
        """GLPI 11 stores names as they come."""
        return name

    def message_label(self, label):
        """addMessageOnAddAction: htmlescape(getNameID()) (or getLink, escaped too)."""
        return values.escape_html(label)

    def check_length(self, it, row):
        """MariaDB in strict mode: 1406 too long, 1264 out of range, 1366 a cut character
        (column_sizes), in DBmysql::doQuery's text with the INSERT."""
        error = column_sizes.mysql_error(it, row)
        return self._mysql_error("%s (%d)" % error, it, row) if error else None

    def check_update_length(self, it, item_id, changes):
        """The same for PUT, with the UPDATE query (changed fields, then date_mod)."""
        error = column_sizes.mysql_error(it, changes)
        if not error:
            return None
        sets = ", ".join("`%s` = %s" % (k, _sql_value(v)) for k, v in changes.items() if k in it.col)
        sql = "UPDATE `%s` SET %s WHERE `id` = '%d'" % (it.table, sets, item_id)
        return "MySQL query error: %s (%d) in SQL query \"%s\"." % (error[0], error[1], sql)

    def duplicate_message(self, it, row, message):
        return self._mysql_error("%s (1062)" % message, it, row)

    @staticmethod
    def _mysql_error(error, it, row):
        """DBmysql::doQuery's exception text, as CommonDBTM::add() passes it on."""
        cols = [k for k in row if k in it.col and k != "id"]
        vals = ", ".join(_sql_value(row[k]) for k in cols)
        sql = "INSERT INTO `%s` (%s) VALUES (%s)" % (it.table, ", ".join("`%s`" % k for k in cols), vals)
        return "MySQL query error: %s in SQL query \"%s\"." % (error, sql)

    def ticket_label(self, name, new_id):
        return name

    @staticmethod
    def link_markup(url, name):
        """CommonDBTM::getLink in GLPI 11 (massive action messages)."""
        return '<a href="%s" data-bs-toggle="tooltip" data-bs-placement="bottom" title="%s">%s</a>' % (
            values.escape_html(url), values.escape_html(name), values.escape_html(name))

    def check_search(self, params):
        """A range whose end is two or more before its start: PHP error (500 page)."""
        rng = params.get("range")
        if isinstance(rng, str) and re.fullmatch(r"[0-9]+-[0-9]+", rng):
            first, last = (int(v) for v in rng.split("-"))
            if last - first + 1 < 0:
                raise self.type_error()

    search_fields_always_checked = True

    @staticmethod
    def search_value_skipped(value):
        """``(string) $filter_value !== ''`` (API::getItems)."""
        return value is None or value is False or value == ""

    def unknown_search_field(self, api_url, it, field):
        return errors.error(api_url, "Field %s is not valid for %s item." % (field, it.name), 400,
                            "ERROR_FIELD_NOT_FOUND")

    def list_order(self, order):
        """DBmysqlIterator keeps only "ASC" / "DESC" as written; "desc" sorts ascending."""
        return order if order in ("ASC", "DESC") else "ASC"

    def list_window(self, start, end):
        """DBmysqlIterator::handleLimits drops LIMIT and OFFSET when the limit is not > 0."""
        limit = end - start + 1
        return (start, limit) if limit > 0 else (0, None)

    def write_row(self, it, obj, row):
        """groups_id / groups_id_tech of an asset take an id or a list of ids."""
        if it.name not in ASSIGNABLE:
            return row
        for key in GROUP_FIELDS:
            if key in obj and key in it.col:
                row[key] = json.dumps(group_ids(obj[key]))
        return row

    unknown_itemtype = None

    def port_fields(self, data):
        data["networkports_id_opposite"] = None  # the emulator keeps no NetworkPort_NetworkPort
        return data

    def item_fields(self, it, fields, listing):
        if it.name == "User":
            return _user_fields(fields)
        if it.name == "Entity":
            return _entity_fields(fields)
        if it.name not in ASSIGNABLE:
            return fields
        for key in GROUP_FIELDS:
            if key in fields:
                if listing:
                    del fields[key]
                else:
                    fields[key] = stored_groups(fields[key])
        return fields

    def config_fields(self, cfg):
        cfg.pop("url_base_api", None)  # gone in 11
        return cfg

    def session_fields(self, data):
        for key in SESSION_DROPPED:
            data.pop(key, None)
        data["glpibackcreated"] = "1"
        data.update(glpi11_fields.SESSION_NEW, glpigroups_cache_date=values.now())
        profile = data.get("glpiactiveprofile") or {}
        if profile.get("id") == SUPER_ADMIN:  # the fresh profiles show 11.0's rights (the checks use 10.0's)
            profile.update(glpi11_fields.SUPER_ADMIN_RIGHTS)
        else:
            profile.update(glpi11_fields.PROFILE_RIGHTS.get(profile.get("id"), {}))
        return data

    def new_entity_id(self, store):
        return None  # an ordinary auto-increment id (a failed add burns one)

    def move_refused(self, store, it, current, parent_id):
        """CommonTreeDropdown::prepareInputForUpdate: "Can't move a parent under a child"
        (by the sons cache, which may be stale)."""
        return parent_id in trees.sons_of(store, it, current["id"])

    def tree_cycle(self):
        """A move the stale sons cache let through: GLPI 11 answers 200."""


def _reorder(fields, keys, extra):
    """``fields`` in GLPI 11's key order, with the columns 10.0 lacks taken from ``extra``."""
    out = {}
    for key in keys:
        if key in fields:
            out[key] = fields[key]
        elif key in extra:
            out[key] = extra[key]
    out.update((k, v) for k, v in fields.items() if k not in out)
    return out


def _user_fields(fields):
    for key in glpi11_fields.USER_GONE:
        fields.pop(key, None)
    for key in ("timeline_order", "timeline_action_btn_layout", "timeline_date_format"):
        if key in fields:
            fields[key] = None
    return _reorder(fields, glpi11_fields.USER_KEYS, glpi11_fields.USER_NEW)


def _entity_fields(fields):
    if fields.get("id") == 0:
        fields.update(glpi11_fields.ROOT_ENTITY_CHANGED)
        extra = glpi11_fields.ROOT_ENTITY_NEW
    else:
        extra = glpi11_fields.CHILD_ENTITY_NEW
    if fields.get("custom_css_code", "") is None:
        fields["custom_css_code"] = ""
    return _reorder(fields, glpi11_fields.ENTITY_KEYS, extra)


def group_ids(value):
    """An id, a list of ids, or a dict of ids -> sorted distinct positive ids."""
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list):
        value = [value]
    ids = []
    for one in value:
        n = values.php_int(one)
        if n > 0 and n not in ids:
            ids.append(n)
    return ids


def stored_groups(value):
    """The list kept in the groups_id column (a JSON list; 0/NULL for none)."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("["):
        return json.loads(value)
    n = values.php_int(value) if value is not None else 0
    return [n] if n > 0 else []


DIALECTS = {"10.0": Glpi10, "11.0": Glpi11}


def get(version=None):
    """The dialect of ``version`` ("10.0" or "11.0"; None: from the environment)."""
    if version is None:
        version = os.environ.get(ENV_VAR) or "10.0"
    if version not in DIALECTS:
        raise ValueError("unknown GLPI version %r (known: %s)" % (version, ", ".join(VERSIONS)))
    return DIALECTS[version]()
