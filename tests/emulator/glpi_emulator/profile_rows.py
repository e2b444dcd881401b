"""Columns of the 8 profiles of a fresh 10.0.12 install besides id, name, interface, is_default
(install/empty_data.php, read from a fresh database)."""
PROFILE_COLUMNS = {
    1: {  # Self-Service
        "helpdesk_hardware": 1,
        "helpdesk_item_type": (
            "[\"Computer\",\"Monitor\",\"NetworkEquipment\",\"Peripheral\",\"Phone\",\"Printer\",\"Software\", \"DCRoom\", \"Rack\","
            " \"Enclosure\", \"Database\"]"
        ),
        "ticket_status": (
            "{\"1\":{\"2\":0,\"3\":0,\"4\":0,\"5\":0,\"6\":0},\"2\":{\"1\":0,\"3\":0,\"4\":0,\"5\":0,\"6\":0},\"3\":{\"1\":0,\"2\":0,"
            "\"4\":0,\"5\":0,\"6\":0},\"4\":{\"1\":0,\"2\":0,\"3\":0,\"5\":0,\"6\":0},\"5\":{\"1\":0,\"2\":0,\"3\":0,\"4\":0},"
            "\"6\":{\"1\":0,\"2\":0,\"3\":0,\"4\":0,\"5\":0}}"
        ),
        "comment": "",
        "problem_status": "[]",
        "create_ticket_on_login": 0,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": None,
        "managed_domainrecordtypes": "[]",
    },
    2: {  # Observer
        "helpdesk_hardware": 1,
        "helpdesk_item_type": (
            "[\"Computer\",\"Monitor\",\"NetworkEquipment\",\"Peripheral\",\"Phone\",\"Printer\",\"Software\", \"DCRoom\", \"Rack\","
            " \"Enclosure\", \"Database\"]"
        ),
        "ticket_status": "[]",
        "comment": "",
        "problem_status": "[]",
        "create_ticket_on_login": 0,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": None,
        "managed_domainrecordtypes": "[]",
    },
    3: {  # Admin
        "helpdesk_hardware": 3,
        "helpdesk_item_type": (
            "[\"Computer\",\"Monitor\",\"NetworkEquipment\",\"Peripheral\",\"Phone\",\"Printer\",\"Software\", \"DCRoom\", \"Rack\","
            " \"Enclosure\", \"Database\"]"
        ),
        "ticket_status": "[]",
        "comment": "",
        "problem_status": "[]",
        "create_ticket_on_login": 0,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": None,
        "managed_domainrecordtypes": "[-1]",
    },
    4: {  # Super-Admin
        "helpdesk_hardware": 3,
        "helpdesk_item_type": (
            "[\"Computer\",\"Monitor\",\"NetworkEquipment\",\"Peripheral\",\"Phone\",\"Printer\",\"Software\", \"DCRoom\", \"Rack\","
            " \"Enclosure\", \"Database\"]"
        ),
        "ticket_status": "[]",
        "comment": "",
        "problem_status": "[]",
        "create_ticket_on_login": 0,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": None,
        "managed_domainrecordtypes": "[-1]",
    },
    5: {  # Hotliner
        "helpdesk_hardware": 3,
        "helpdesk_item_type": (
            "[\"Computer\",\"Monitor\",\"NetworkEquipment\",\"Peripheral\",\"Phone\",\"Printer\",\"Software\", \"DCRoom\", \"Rack\","
            " \"Enclosure\", \"Database\"]"
        ),
        "ticket_status": "[]",
        "comment": "",
        "problem_status": "[]",
        "create_ticket_on_login": 1,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": None,
        "managed_domainrecordtypes": "[]",
    },
    6: {  # Technician
        "helpdesk_hardware": 3,
        "helpdesk_item_type": (
            "[\"Computer\",\"Monitor\",\"NetworkEquipment\",\"Peripheral\",\"Phone\",\"Printer\",\"Software\", \"DCRoom\", \"Rack\","
            " \"Enclosure\", \"Database\"]"
        ),
        "ticket_status": "[]",
        "comment": "",
        "problem_status": "[]",
        "create_ticket_on_login": 0,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": None,
        "managed_domainrecordtypes": "[]",
    },
    7: {  # Supervisor
        "helpdesk_hardware": 3,
        "helpdesk_item_type": (
            "[\"Computer\",\"Monitor\",\"NetworkEquipment\",\"Peripheral\",\"Phone\",\"Printer\",\"Software\", \"DCRoom\", \"Rack\","
            " \"Enclosure\", \"Database\"]"
        ),
        "ticket_status": "[]",
        "comment": "",
        "problem_status": "[]",
        "create_ticket_on_login": 0,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": None,
        "managed_domainrecordtypes": "[]",
    },
    8: {  # Read-Only
        "helpdesk_hardware": 0,
        "helpdesk_item_type": "[]",
        "ticket_status": (
            "{\"1\":{\"2\":0,\"3\":0,\"4\":0,\"5\":0,\"6\":0},\"2\":{\"1\":0,\"3\":0,\"4\":0,\"5\":0,\"6\":0},\"3\":{\"1\":0,\"2\":0,"
            "\"4\":0,\"5\":0,\"6\":0},\"4\":{\"1\":0,\"2\":0,\"3\":0,\"5\":0,\"6\":0},\"5\":{\"1\":0,\"2\":0,\"3\":0,\"4\":0,"
            "\"6\":0},\"6\":{\"1\":0,\"2\":0,\"3\":0,\"4\":0,\"5\":0}}"
        ),
        "comment": (
            ""
            "This profile defines read-only access. It is used when objects are locked. It can also be used to give to users rights to unlock objects."
        ),
        "problem_status": (
            "{\"1\":{\"7\":0,\"2\":0,\"3\":0,\"4\":0,\"5\":0,\"8\":0,\"6\":0},\"7\":{\"1\":0,\"2\":0,\"3\":0,\"4\":0,\"5\":0,\"8\":0,"
            "\"6\":0},\"2\":{\"1\":0,\"7\":0,\"3\":0,\"4\":0,\"5\":0,\"8\":0,\"6\":0},\"3\":{\"1\":0,\"7\":0,\"2\":0,\"4\":0,\"5\":0,"
            "\"8\":0,\"6\":0},\"4\":{\"1\":0,\"7\":0,\"2\":0,\"3\":0,\"5\":0,\"8\":0,\"6\":0},\"5\":{\"1\":0,\"7\":0,\"2\":0,\"3\":0,"
            "\"4\":0,\"8\":0,\"6\":0},\"8\":{\"1\":0,\"7\":0,\"2\":0,\"3\":0,\"4\":0,\"5\":0,\"6\":0},\"6\":{\"1\":0,\"7\":0,\"2\":0,"
            "\"3\":0,\"4\":0,\"5\":0,\"8\":0}}"
        ),
        "create_ticket_on_login": 0,
        "tickettemplates_id": 0,
        "changetemplates_id": 0,
        "problemtemplates_id": 0,
        "change_status": (
            "{\"1\":{\"9\":0,\"10\":0,\"7\":0,\"4\":0,\"11\":0,\"12\":0,\"5\":0,\"8\":0,\"6\":0},\"9\":{\"1\":0,\"10\":0,\"7\":0,"
            "\"4\":0,\"11\":0,\"12\":0,\"5\":0,\"8\":0,\"6\":0},\"10\":{\"1\":0,\"9\":0,\"7\":0,\"4\":0,\"11\":0,\"12\":0,\"5\":0,"
            "\"8\":0,\"6\":0},\"7\":{\"1\":0,\"9\":0,\"10\":0,\"4\":0,\"11\":0,\"12\":0,\"5\":0,\"8\":0,\"6\":0},\"4\":{\"1\":0,"
            "\"9\":0,\"10\":0,\"7\":0,\"11\":0,\"12\":0,\"5\":0,\"8\":0,\"6\":0},\"11\":{\"1\":0,\"9\":0,\"10\":0,\"7\":0,\"4\":0,"
            "\"12\":0,\"5\":0,\"8\":0,\"6\":0},\"12\":{\"1\":0,\"9\":0,\"10\":0,\"7\":0,\"4\":0,\"11\":0,\"5\":0,\"8\":0,\"6\":0},"
            "\"5\":{\"1\":0,\"9\":0,\"10\":0,\"7\":0,\"4\":0,\"11\":0,\"12\":0,\"8\":0,\"6\":0},\"8\":{\"1\":0,\"9\":0,\"10\":0,"
            "\"7\":0,\"4\":0,\"11\":0,\"12\":0,\"5\":0,\"6\":0},\"6\":{\"1\":0,\"9\":0,\"10\":0,\"7\":0,\"4\":0,\"11\":0,\"12\":0,"
            "\"5\":0,\"8\":0}}"
        ),
        "managed_domainrecordtypes": "[]",
    },
}
