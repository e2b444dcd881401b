"""Itemtypes of GLPI's native inventory the emulator's other tables lack, with the columns of
GLPI 10.0.12's install/mysql/glpi-empty.sql (same compact shape as supplement.EXTRA_TABLES):
agents and their types, locked fields, memory types, local ports, IP networks (and their
links to addresses), update sources and the rule log. ``seed(store)`` adds the fresh-install
rows (install/empty_data.php: the agent type "Core"); supplement.py merges the rest.
``lock_updated_fields`` is the Lockedfield side of an API update (writes.apply_update).
"""
from . import values

TABLES = {
    "Agent": (
        "glpi_agents",
        "id:int(10) unsigned:N,deviceid:varchar(255):N,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "name:varchar(255):N,agenttypes_id:int(10) unsigned:0,last_contact:timestamp:N,version:varchar(255):N,"
        "locked:tinyint(4):0,itemtype:varchar(100):N,items_id:int(10) unsigned:0,useragent:varchar(255):N,"
        "tag:varchar(255):N,port:varchar(6):N,remote_addr:varchar(255):N,threads_networkdiscovery:int(11):1,"
        "threads_networkinventory:int(11):1,timeout_networkdiscovery:int(11):0,timeout_networkinventory:int(11):0,"
        "use_module_wake_on_lan:tinyint(4):0,use_module_computer_inventory:tinyint(4):0,"
        "use_module_esx_remote_inventory:tinyint(4):0,use_module_remote_inventory:tinyint(4):0,"
        "use_module_network_inventory:tinyint(4):0,use_module_network_discovery:tinyint(4):0,"
        "use_module_package_deployment:tinyint(4):0,use_module_collect_data:tinyint(4):0"),
    "AgentType": ("glpi_agenttypes", "id:int(10) unsigned:N,name:varchar(255):N"),
    "Lockedfield": (
        "glpi_lockedfields",
        "id:int(10) unsigned:N,itemtype:varchar(100):N,items_id:int(10) unsigned:0,field:varchar(50):N,"
        "value:varchar(255):N,date_mod:timestamp:N,date_creation:timestamp:N,is_global:tinyint(4):0"),
    "DeviceMemoryType": (
        "glpi_devicememorytypes",
        "id:int(10) unsigned:N,name:varchar(255):N,comment:text:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "NetworkPortLocal": (
        "glpi_networkportlocals",
        "id:int(10) unsigned:N,networkports_id:int(10) unsigned:0,date_mod:timestamp:N,date_creation:timestamp:N"),
    "IPNetwork": (
        "glpi_ipnetworks",
        "id:int(10) unsigned:N,entities_id:int(10) unsigned:0,is_recursive:tinyint(4):0,"
        "ipnetworks_id:int(10) unsigned:0,completename:text:N,level:int(11):0,ancestors_cache:longtext:N,"
        "sons_cache:longtext:N,addressable:tinyint(4):0,version:tinyint(3) unsigned:0,name:varchar(255):N,"
        "address:varchar(40):N,address_0:int(10) unsigned:0,address_1:int(10) unsigned:0,"
        "address_2:int(10) unsigned:0,address_3:int(10) unsigned:0,netmask:varchar(40):N,"
        "netmask_0:int(10) unsigned:0,netmask_1:int(10) unsigned:0,netmask_2:int(10) unsigned:0,"
        "netmask_3:int(10) unsigned:0,gateway:varchar(40):N,gateway_0:int(10) unsigned:0,"
        "gateway_1:int(10) unsigned:0,gateway_2:int(10) unsigned:0,gateway_3:int(10) unsigned:0,"
        "comment:text:N,date_mod:timestamp:N,date_creation:timestamp:N"),
    "IPAddress_IPNetwork": (
        "glpi_ipaddresses_ipnetworks",
        "id:int(10) unsigned:N,ipaddresses_id:int(10) unsigned:0,ipnetworks_id:int(10) unsigned:0"),
    "AutoUpdateSystem": ("glpi_autoupdatesystems", "id:int(10) unsigned:N,name:varchar(255):N,comment:text:N"),
    "RuleMatchedLog": (
        "glpi_rulematchedlogs",
        "id:int(10) unsigned:N,date:timestamp:N,items_id:int(10) unsigned:0,itemtype:varchar(100):N,"
        "rules_id:int(10) unsigned:N,agents_id:int(10) unsigned:0,method:varchar(255):N"),
}
UNIQUE = {
    "Agent": {"deviceid": ("deviceid",)},
    "Lockedfield": {"unicity": ("itemtype", "items_id", "field")},
    "IPAddress_IPNetwork": {"unicity": ("ipaddresses_id", "ipnetworks_id")},
}
# $rightname of these classes in 10.0.12 and 11.0.6 (Agent: "agent", Lockedfield: "locked_field", whose
# canView is canUpdate, not modelled here; IPNetwork: "internet").
RIGHTNAMES = {"Agent": "agent", "AgentType": "dropdown", "Lockedfield": "locked_field",
              "DeviceMemoryType": "dropdown", "NetworkPortLocal": "networking", "IPNetwork": "internet",
              "IPAddress_IPNetwork": "internet", "AutoUpdateSystem": "dropdown", "RuleMatchedLog": "inventory"}
TABLE_ITEMTYPES = {"glpi_agents": "Agent", "glpi_agenttypes": "AgentType", "glpi_lockedfields": "Lockedfield",
                   "glpi_devicememorytypes": "DeviceMemoryType", "glpi_ipnetworks": "IPNetwork",
                   "glpi_autoupdatesystems": "AutoUpdateSystem"}

SEARCHTYPES = {"itemlink": ["contains", "notcontains", "equals", "notequals"],
               "bool": ["equals", "notequals", "contains", "notcontains"],
               "datetime": ["equals", "notequals", "lessthan", "morethan", "contains", "notcontains"],
               "date": ["equals", "notequals", "lessthan", "morethan", "contains", "notcontains"],
               "dropdown": ["contains", "notcontains", "equals", "notequals"],
               "specific": ["equals", "notequals"]}
# Agent::rawSearchOptions() and Lockedfield::rawSearchOptions() of 10.0.12 (id: field, datatype, name).
_OPTIONS = {
    "Agent": {1: ("name", "itemlink", "Name"), 3: ("is_recursive", "bool", "Child entities"),
              4: ("last_contact", "datetime", "Last contact"), 5: ("locked", "bool", "Locked"),
              6: ("deviceid", "text", "Device id"), 8: ("version", "text", "Version"),
              10: ("useragent", "text", "Useragent"), 11: ("tag", "text", "Tag"), 14: ("port", "integer", "Port"),
              15: ("items_id", "specific", "Item"), 16: ("remote_addr", "text", "Public contact address")},
    "Lockedfield": {1: ("field", "", "Field name"), 3: ("itemtype", "dropdown", "Item type"),
                    5: ("date_creation", "date", "Creation date"), 6: ("value", "", "Last inventoried value"),
                    7: ("is_global", "bool", "Global"), 13: ("items_id", "specific", "Associated element")},
}

NOT_SEARCHABLE = {("Lockedfield", 13)}  # 10.0.12: "Forbidden field ID in search criteria"


def search_options(name):
    """The search options of an itemtype of TABLES (the shape of schema/*.json), or None."""
    if name not in _OPTIONS:
        return None
    table = TABLES[name][0]
    out = {"common": {"name": name}}
    for option, (field, datatype, label) in _OPTIONS[name].items():
        nosearch = (name, option) in NOT_SEARCHABLE
        out[str(option)] = {"name": label, "table": table, "field": field, "datatype": datatype, "nosearch": nosearch,
                            "nodisplay": False, "available_searchtypes": SEARCHTYPES.get(datatype, ["contains", "notcontains"]),
                            "uid": "%s.%s" % (name, field)}
    return out


def seed(store):
    """install/empty_data.php: the agent type "Core" (id 1)."""
    agent_type = store.reg.get("AgentType")
    if agent_type is not None:
        store.insert(agent_type, {"name": "Core"}, with_id=1)
        store.set_next_id(agent_type.table, 2)


NEVER_LOCKED = ("id", "date_mod", "date_creation", "is_dynamic", "last_inventory_update", "_no_history")


def lock_updated_fields(store, it, current, changes):
    """Lockedfield::itemUpdate(): a manual (API) update of a dynamic item locks each field it
    changes (value NULL), so the next inventory leaves them alone. Both 10.0.12 and 11.0.6."""
    locked_it = store.reg.get("Lockedfield")
    if locked_it is None or "is_dynamic" not in it.col or not current.get("is_dynamic"):
        return
    for field in changes:
        if field in NEVER_LOCKED or field not in it.col:
            continue
        if store.find(locked_it, "itemtype = ? AND items_id = ? AND field = ?", (it.name, current["id"], field)):
            continue
        now = values.now()
        store.insert(locked_it, {"itemtype": it.name, "items_id": current["id"], "field": field, "value": None,
                                 "date_creation": now, "date_mod": None, "is_global": 0})
