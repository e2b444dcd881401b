"""High-level API (v2) schemas: which database column each v2 property reads and writes.

As GLPI 11.0.6's ``src/Glpi/Api/HL/Controller/AssetController.php`` and
``DropdownController.php`` declare them, for the itemtypes the emulator serves over v2.
A property is one of:

* ``("col", column, kind)``: a column; kind ``int``, ``str``, ``bool``, ``datetime``;
* ``("fk", column, itemtype, extra)``: a dropdown link ``{id, name, *extra}`` or null;
* ``("groups", column)``: the asset's group list ``[{id, name}, ...]`` (11.0's JSON column);
* ``("visibilities", prefix, names)``: State's ``{computer: bool, ...}`` from ``is_visible_*``;
* ``("emails",)``: a user's emails; ``("status", column)``: a ticket status ``{id, name}``;
  ``("team",)``: a ticket's actors (hlapi_itil).

A ``col`` spec may carry a 4th item, the value shown when the emulator's table lacks the column.

``SCHEMAS`` maps ``(category, name)`` (lower case) to a :class:`HLSchema`.
"""

ASSET_TYPES = ("Computer", "Monitor", "NetworkEquipment", "Peripheral", "Phone", "Printer")
STATE_VISIBILITIES = ("computer", "monitor", "networkequipment", "peripheral", "phone", "printer",
                      "softwarelicense", "certificate", "enclosure", "pdu", "line", "rack",
                      "softwareversion", "cluster", "contract", "appliance", "databaseinstance",
                      "cable", "unmanaged", "passivedcequipment")


class HLSchema:
    def __init__(self, category, name, itemtype, props):
        self.category = category
        self.name = name
        self.itemtype = itemtype
        self.props = props  # ordered: property -> spec

    @property
    def path(self):
        return "/%s/%s" % (self.category, self.name)

    def flat_props(self):
        """Flattened property names usable in filters and sorts: ``name``, ``location.id``..."""
        out = {}
        for prop, spec in self.props.items():
            if spec[0] == "col":
                out[prop] = spec
            elif spec[0] in ("fk", "status"):
                out[prop] = spec  # an object: not sortable, but its members are
                out[prop + ".id"] = ("sub", prop, "id")
                out[prop + ".name"] = ("sub", prop, "name")
                for extra in spec[3] if spec[0] == "fk" else ():
                    out["%s.%s" % (prop, extra)] = ("sub", prop, extra)
            elif spec[0] == "emails":
                out.update(("%s.%s" % (prop, key), ("many", prop, key)) for key in ("id", "email", "is_default", "is_dynamic"))
        return out


def _col(column, kind="str"):
    return ("col", column, kind)


def _fk(column, itemtype, extra=()):
    return ("fk", column, itemtype, tuple(extra))


def _asset_props(name, columns):
    lower = name.lower()
    props = {"id": _col("id", "int"), "name": _col("name"), "comment": _col("comment"),
             "is_recursive": _col("is_recursive", "bool"), "contact": _col("contact"),
             "contact_num": _col("contact_num"), "serial": _col("serial"), "otherserial": _col("otherserial"),
             "is_deleted": _col("is_deleted", "bool"), "date_creation": _col("date_creation", "datetime"),
             "date_mod": _col("date_mod", "datetime"), "uuid": _col("uuid"),
             "status": _fk("states_id", "State"), "entity": _fk("entities_id", "Entity", ("completename",)),
             "manufacturer": _fk("manufacturers_id", "Manufacturer"), "user": _fk("users_id", "User"),
             "user_tech": _fk("users_id_tech", "User"), "location": _fk("locations_id", "Location"),
             "type": _fk("%stypes_id" % lower, name + "Type"), "model": _fk("%smodels_id" % lower, name + "Model"),
             "group": ("groups", "groups_id"), "group_tech": ("groups", "groups_id_tech"),
             "network": _fk("networks_id", "Network"), "autoupdatesystem": _fk("autoupdatesystems_id", "AutoUpdateSystem")}
    if "networks_id" not in columns:
        del props["network"]
    return props


def _location_props():
    props = {"id": _col("id", "int"), "name": _col("name"), "completename": _col("completename"),
             "code": _col("code"), "alias": _col("alias"), "comment": _col("comment"),
             "is_recursive": _col("is_recursive", "bool"), "level": _col("level", "int")}
    for key in ("room", "building", "address", "town", "postcode", "state", "country",
                "latitude", "longitude", "altitude"):
        props[key] = _col(key)
    props.update({"date_creation": _col("date_creation", "datetime"), "date_mod": _col("date_mod", "datetime"),
                  "entity": _fk("entities_id", "Entity"), "parent": _fk("locations_id", "Location")})
    return props


def _state_props():
    return {"id": _col("id", "int"), "name": _col("name"), "completename": _col("completename"),
            "comment": _col("comment"), "is_recursive": _col("is_recursive", "bool"), "level": _col("level", "int"),
            "is_visible_helpdesk": ("col", "is_visible_helpdesk", "bool", True),
            "date_creation": _col("date_creation", "datetime"), "date_mod": _col("date_mod", "datetime"),
            "entity": _fk("entities_id", "Entity"), "parent": _fk("states_id", "State"),
            "visibilities": ("visibilities", "is_visible_", STATE_VISIBILITIES)}


def _itilcategory_props():
    """DropdownController's ITILCategory (11.0.6): its own columns, the links it names."""
    props = {"id": _col("id", "int"), "name": _col("name"), "completename": _col("completename"),
             "level": _col("level", "int"), "comment": _col("comment"), "entity": _fk("entities_id", "Entity"),
             "is_recursive": _col("is_recursive", "bool"), "parent": _fk("itilcategories_id", "ITILCategory"),
             "user": _fk("users_id", "User"), "group": _fk("groups_id", "Group"), "code": _col("code"),
             "is_helpdesk_visible": _col("is_helpdeskvisible", "bool"),
             "ticket_incident_template": _fk("tickettemplates_id_incident", "TicketTemplate"),
             "ticket_request_template": _fk("tickettemplates_id_demand", "TicketTemplate"),
             "change_template": _fk("changetemplates_id", "ChangeTemplate"),
             "problem_template": _fk("problemtemplates_id", "ProblemTemplate"),
             "is_incident_visible": _col("is_incident", "bool"), "is_request_visible": _col("is_request", "bool"),
             "is_change_visible": _col("is_change", "bool"), "is_problem_visible": _col("is_problem", "bool"),
             "knowbase_category": _fk("knowbaseitemcategories_id", "KnowbaseItemCategory"),
             "date_creation": _col("date_creation", "datetime"), "date_mod": _col("date_mod", "datetime")}
    return props


def _simple_dropdown_props():
    return {"id": _col("id", "int"), "name": _col("name"), "comment": _col("comment"),
            "date_creation": _col("date_creation", "datetime"), "date_mod": _col("date_mod", "datetime")}


def build(reg):
    """The v2 schemas of the itemtypes the registry knows, keyed by (category, name) in lower case."""
    schemas = {}
    for name in ASSET_TYPES:
        it = reg.get(name)
        if it is not None:
            schemas[("assets", name.lower())] = HLSchema("Assets", name, it, _asset_props(name, it.col))
    dropdowns = {"Location": _location_props(), "State": _state_props(),
                 "Manufacturer": _simple_dropdown_props(), "ITILCategory": _itilcategory_props()}
    for name, props in dropdowns.items():
        it = reg.get(name)
        if it is not None:
            schemas[("dropdowns", name.lower())] = HLSchema("Dropdowns", name, it, props)
    for category, name, props in MORE_SCHEMAS:
        it = reg.get(name)
        if it is not None:
            schemas[(category.lower(), name.lower())] = HLSchema(category, name, it, props())
    return schemas


def user_me_props():
    """Administration/User as /Administration/User/Me answers it."""
    props = {"id": _col("id", "int"), "username": _col("name"), "realname": _col("realname"),
             "firstname": _col("firstname"), "phone": _col("phone"), "phone2": _col("phone2"),
             "mobile": _col("mobile"), "comment": _col("comment"), "is_active": _col("is_active", "bool"),
             "is_deleted": _col("is_deleted", "bool"), "picture": _col("picture"),
             "date_password_change": _col("password_last_update", "datetime"), "authtype": _col("authtype", "int"),
             "last_login": _col("last_login", "datetime"), "date_creation": _col("date_creation", "datetime"),
             "date_mod": _col("date_mod", "datetime"), "date_sync": _col("date_sync", "datetime"),
             "registration_number": _col("registration_number"), "begin_date": _col("begin_date", "datetime"),
             "end_date": _col("end_date", "datetime"), "nickname": _col("nickname"),
             "substitution_start_date": _col("substitution_start_date", "datetime"),
             "substitution_end_date": _col("substitution_end_date", "datetime")}
    return props


def user_props():
    props = user_me_props()
    props.update({"emails": ("emails",), "location": _fk("locations_id", "Location"),
                  "default_profile": _fk("profiles_id", "Profile"), "default_entity": _fk("entities_id", "Entity"),
                  "title": _fk("usertitles_id", "UserTitle"), "category": _fk("usercategories_id", "UserCategory"),
                  "password": ("writeonly", "password"), "password2": ("writeonly", "password2")})
    return props


def _group_props():
    return {"id": _col("id", "int"), "name": _col("name"), "comment": _col("comment"),
            "completename": _col("completename"), "level": _col("level", "int"),
            "parent": _fk("groups_id", "Group"), "entity": _fk("entities_id", "Entity")}


def _entity_props():
    return {"id": _col("id", "int"), "name": _col("name"), "comment": _col("comment"),
            "completename": _col("completename"), "level": _col("level", "int"),
            "parent": _fk("entities_id", "Entity")}


def _profile_props():
    return {"id": _col("id", "int"), "name": _col("name"), "comment": ("col", "comment", "str", "")}


def _ticket_props():
    """ITILController's Ticket schema (11.0.6): columns under their v2 names, status as
    ``{id, name}``, the team from the actor tables."""
    dt, num = "datetime", "int"
    props = {"id": _col("id", num), "name": _col("name"), "content": _col("content"),
             "is_deleted": _col("is_deleted", "bool"), "urgency": _col("urgency", num), "impact": _col("impact", num),
             "priority": _col("priority", num), "actiontime": _col("actiontime", num),
             "begin_waiting_date": _col("begin_waiting_date", dt), "waiting_duration": _col("waiting_duration", num),
             "resolution_duration": _col("solve_delay_stat", num), "close_duration": _col("close_delay_stat", num),
             "resolution_date": _col("time_to_resolve", dt), "date_creation": _col("date_creation", dt),
             "date_mod": _col("date_mod", dt), "date": _col("date", dt), "date_solve": _col("solvedate", dt),
             "date_close": _col("closedate", dt), "type": _col("type", num), "external_id": ("col", "externalid", "str", None),
             "take_into_account_date": _col("takeintoaccountdate", dt),
             "take_into_account_duration": _col("takeintoaccount_delay_stat", num),
             "sla_waiting_duration": _col("sla_waiting_duration", num), "ola_waiting_duration": _col("ola_waiting_duration", num),
             "ola_ttr_begin_date": _col("ola_ttr_begin_date", dt), "ola_tto_begin_date": _col("ola_tto_begin_date", dt),
             "internal_resolution_date": _col("internal_time_to_resolve", dt),
             "internal_take_into_account_date": _col("internal_time_to_own", dt),
             "global_validation": _col("global_validation", num), "status": ("status", "status"),
             "user_recipient": _fk("users_id_recipient", "User"), "user_editor": _fk("users_id_lastupdater", "User"),
             "category": _fk("itilcategories_id", "ITILCategory"), "location": _fk("locations_id", "Location"),
             "request_type": _fk("requesttypes_id", "RequestType"), "sla_ttr": _fk("slas_id_ttr", "SLA"),
             "sla_tto": _fk("slas_id_tto", "SLA"), "ola_ttr": _fk("olas_id_ttr", "OLA"), "ola_tto": _fk("olas_id_tto", "OLA"),
             "sla_level_ttr": _fk("slalevels_id_ttr", "SlaLevel"), "ola_level_ttr": _fk("olalevels_id_ttr", "OlaLevel"),
             "entity": _fk("entities_id", "Entity", ("completename",)), "team": ("team",)}
    return props


TICKET_ONLY = ("type", "external_id", "request_type", "take_into_account_date", "take_into_account_duration",
               "sla_ttr", "sla_tto", "ola_ttr", "ola_tto", "sla_level_ttr", "ola_level_ttr", "sla_waiting_duration",
               "ola_waiting_duration", "ola_ttr_begin_date", "ola_tto_begin_date", "internal_resolution_date",
               "internal_take_into_account_date")


def _itil_props(itemtype, drop=()):
    """Change and Problem: the Ticket schema without the ticket-only properties (Problem has no
    global_validation); status names and team of their own type."""
    props = {k: v for k, v in _ticket_props().items() if k not in TICKET_ONLY and k not in drop}
    props["status"] = ("status", "status", itemtype)
    props["team"] = ("team", itemtype)
    return props


def _change_props():
    return _itil_props("Change")


def _problem_props():
    return _itil_props("Problem", ("global_validation",))


MORE_SCHEMAS = (("Administration", "User", user_props), ("Administration", "Group", _group_props),
                ("Administration", "Entity", _entity_props), ("Administration", "Profile", _profile_props),
                ("Assistance", "Ticket", _ticket_props), ("Assistance", "Change", _change_props),
                ("Assistance", "Problem", _problem_props))


# UserPreferences (AdministrationController, 11.0.6): glpi_users columns under their own names; the
# 11.0 ones the emulator's table lacks read as GLPI's defaults
PREFERENCE_NAMES = """language use_mode list_limit date_format number_format name_format csv_delimiter is_ids_visible
use_flat_dropdowntree use_flat_dropdowntree_on_search_result show_new_tickets_on_home priority_color_verylow
priority_color_low priority_color_medium priority_color_high priority_color_veryhigh priority_color_major
private_followups_by_default private_tasks_by_default show_count_on_tabs refresh_view_interval
set_default_tech set_default_requester set_followup_tech set_solution_tech home_list_limit
notification_to_myself duedate_color_ok duedate_color_warning duedate_color_critical duedate_threshold_warning
duedate_threshold_warning_unit duedate_threshold_critical duedate_threshold_critical_unit pdf_font
keep_devices_when_purging_item show_new_item_after_creation default_task_state default_task_state_planned
palette page_layout timeline_order richtext_layout autolock_mode directunlock_notification highcontrast_css
default_homepage_tab toast_location timeline_action_button_layout timeline_date_format
default_is_notifications_enabled show_search_form search_pagination_on_top timezone""".split()
PREFERENCE_KINDS = dict.fromkeys("""use_mode list_limit refresh_view_interval home_list_limit duedate_threshold_warning duedate_threshold_critical
default_task_state default_task_state_planned timeline_order default_homepage_tab
timeline_action_button_layout timeline_date_format""".split(), "int")
PREFERENCE_KINDS.update(dict.fromkeys("""is_ids_visible use_flat_dropdowntree use_flat_dropdowntree_on_search_result show_new_tickets_on_home
private_followups_by_default private_tasks_by_default show_count_on_tabs set_default_tech
set_default_requester set_followup_tech set_solution_tech notification_to_myself
keep_devices_when_purging_item show_new_item_after_creation autolock_mode directunlock_notification
highcontrast_css default_is_notifications_enabled show_search_form search_pagination_on_top""".split(), "bool"))


def user_preference_props():
    props = {"id": _col("id", "int")}
    for name in PREFERENCE_NAMES:
        props[name] = ("col", name, PREFERENCE_KINDS.get(name, "str"), None)
    props["default_requesttype"] = _fk("default_requesttypes_id", "RequestType")
    return props
