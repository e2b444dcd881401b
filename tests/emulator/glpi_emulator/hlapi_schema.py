"""High-level API (v2) schemas: which database column each v2 property reads and writes.

As GLPI 11.0.6's ``src/Glpi/Api/HL/Controller/AssetController.php`` and
``DropdownController.php`` declare them, for the itemtypes the emulator serves over v2.
A property is one of:

* ``("col", column, kind)``: a column; kind ``int``, ``str``, ``bool``, ``datetime``;
* ``("fk", column, itemtype, extra)``: a dropdown link ``{id, name, *extra}`` or null;
* ``("groups", column)``: the asset's group list ``[{id, name}, ...]`` (11.0's JSON column);
* ``("visibilities", prefix, names)``: State's ``{computer: bool, ...}`` from ``is_visible_*``.

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
            elif spec[0] == "fk":
                out[prop] = spec  # an object: not sortable, but its members are
                out[prop + ".id"] = ("sub", prop, "id")
                out[prop + ".name"] = ("sub", prop, "name")
                for extra in spec[3]:
                    out["%s.%s" % (prop, extra)] = ("sub", prop, extra)
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
                 "Manufacturer": _simple_dropdown_props()}
    for name, props in dropdowns.items():
        it = reg.get(name)
        if it is not None:
            schemas[("dropdowns", name.lower())] = HLSchema("Dropdowns", name, it, props)
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
