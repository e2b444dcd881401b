"""Fresh GLPI 10.0.12 install (index.json ``fresh_install``): root entity, users 2-6,
profiles 1-8, Profile_User 2-5, templates, request types, the two domain relations, 270 core
config rows and the auto-increment counters of a fresh MariaDB."""
from . import config_rows, inventory_tables, passwords, supplement_items, values

DEMO_APP_TOKEN = "glpi-emulator-demo-app-token"
DEMO_USER_TOKEN = "glpi-emulator-demo-user-token"
DEMO_TECH_TOKEN = "glpi-emulator-demo-tech-token"

ROOT_ENTITY = {
    "id": 0, "name": "Root entity", "entities_id": None, "completename": "Root entity", "level": 1,
    "cartridges_alert_repeat": 0, "consumables_alert_repeat": 0, "use_licenses_alert": 0,
    "send_licenses_alert_before_delay": 0, "use_certificates_alert": 0,
    "send_certificates_alert_before_delay": 0, "certificates_alert_repeat_interval": 0,
    "use_contracts_alert": 0, "send_contracts_alert_before_delay": 0, "use_infocoms_alert": 0,
    "send_infocoms_alert_before_delay": 0, "use_reservations_alert": 0, "autoclose_delay": -10,
    "notclosed_delay": 0, "calendars_strategy": 0, "auto_assign_mode": -10, "tickettype": 1,
    "inquest_config": 1, "inquest_delay": 0, "autofill_warranty_date": "0",
    "autofill_use_date": "0", "autofill_buy_date": "0", "autofill_delivery_date": "0",
    "autofill_order_date": "0", "tickettemplates_strategy": 0, "tickettemplates_id": 1,
    "changetemplates_strategy": 0, "changetemplates_id": 1, "problemtemplates_strategy": 0,
    "problemtemplates_id": 1, "entities_strategy_software": -10, "entities_id_software": -10,
    "default_contract_alert": 0, "default_infocom_alert": 0,
    "default_cartridges_alarm_threshold": 10, "default_consumables_alarm_threshold": 10,
    "delay_send_emails": 0, "is_notif_enable_default": 1, "autofill_decommission_date": "0",
    "suppliers_as_private": 0, "anonymize_support_agents": 0, "display_users_initials": 1,
    "contracts_strategy_default": 0, "enable_custom_css": 0, "transfers_strategy": 0,
}

PROFILES = [
    (1, "Self-Service", "helpdesk", 1), (2, "Observer", "central", 0),
    (3, "Admin", "central", 0), (4, "Super-Admin", "central", 0),
    (5, "Hotliner", "central", 0), (6, "Technician", "central", 0),
    (7, "Supervisor", "central", 0), (8, "Read-Only", "central", 0),
]

# (id, login, password, profile id, api token key)
USERS = [
    (2, "glpi", "glpi", 4, "glpi"), (3, "post-only", "postonly", 1, None),
    (4, "tech", "tech", 6, "tech"), (5, "normal", "normal", 2, None),
    (6, "glpi-system", None, None, None),
]

NEXT_IDS = {
    "glpi_users": 7, "glpi_profiles_users": 6, "glpi_profiles": 9, "glpi_requesttypes": 7,
    "glpi_tickettemplates": 2, "glpi_changetemplates": 2, "glpi_problemtemplates": 2,
    "glpi_softwarecategories": 2, "glpi_configs": 271, "glpi_entities": 1,
    "glpi_domainrelations": 3,
}

# Core config keys of a fresh 10.0.12 (context 'core'); the dump has 270 rows.
CONFIG = {
    "version": "10.0.12", "dbversion": "10.0.12@3c8ba9eb4ea3e9f5e0d3bd5d2f71bdc0e6a2c3a5",
    "language": "en_GB", "list_limit": "15", "list_limit_max": "50", "url_maxlength": "30",
    "url_base": "", "url_base_api": "", "enable_api": "1", "enable_api_login_credentials": "1",
    "enable_api_login_external_token": "1", "use_notifications": "0",
    "notifications_mailing": "0", "notifications_ajax": "0", "admin_email": "",
    "admin_email_name": "", "from_email": "", "from_email_name": "", "noreply_email": "",
    "noreply_email_name": "", "replyto_email": "", "replyto_email_name": "",
    "mailing_signature": "SIGNATURE", "use_anonymous_helpdesk": "0",
    "use_anonymous_followups": "0", "date_format": "0", "number_format": "0",
    "names_format": "0", "csv_delimiter": ";", "is_ids_visible": "0",
    "smtp_mode": "0", "smtp_host": "", "smtp_port": "25", "smtp_username": "",
    "smtp_passwd": "", "proxy_name": "", "proxy_port": "8080", "proxy_user": "",
    "proxy_passwd": "", "use_password_security": "0", "password_min_length": "8",
    "password_need_number": "1", "password_need_letter": "1", "password_need_caps": "1",
    "password_need_symbol": "1", "password_expiration_delay": "-1",
    "password_expiration_notice": "-1", "password_expiration_lock_delay": "-1",
    "use_public_faq": "0", "helpdesk_doc_url": "", "central_doc_url": "",
    "documentcategories_id_forticket": "0", "default_software_helpdesk_visible": "1",
    "use_flat_dropdowntree": "0", "use_flat_dropdowntree_on_search_result": "1",
    "show_jobs_at_login": "0", "show_count_on_tabs": "1", "refresh_views": "0",
    "set_default_tech": "1", "set_default_requester": "1", "priority_1": "#fff2f2",
    "priority_2": "#ffe0e0", "priority_3": "#ffcece", "priority_4": "#ffbfbf",
    "priority_5": "#ffadad", "priority_6": "#ff5555", "followup_private": "0",
    "task_private": "0", "default_requesttypes_id": "1", "display_count_on_home": "5",
    "notification_to_myself": "1", "duedateok_color": "#06ff00",
    "duedatewarning_color": "#ffb800", "duedatecritical_color": "#ff0000",
    "duedatewarning_less": "20", "duedatecritical_less": "5", "duedatewarning_unit": "%",
    "duedatecritical_unit": "%", "pdffont": "dejavusans", "keep_devices_when_purging_item": "0",
    "backcreated": "0", "task_state": "1", "palette": "auror", "page_layout": "vertical",
    "fold_menu": "0", "fold_search": "0", "savedsearches_pinned": "0",
    "timeline_order": "natural", "itil_layout": "", "richtext_layout": "classic",
    "lock_use_lock_item": "0", "lock_autolock_mode": "1", "lock_directunlock_notification": "0",
    "lock_item_list": "[]", "lock_lockprofile_id": "8", "highcontrast_css": "0",
    "default_dashboard_central": "central", "default_dashboard_assets": "assets",
    "default_dashboard_helpdesk": "assistance", "default_dashboard_mini_ticket": "mini_tickets",
    "default_central_tab": "0", "timeline_action_btn_layout": "0", "timeline_date_format": "0",
    "cut": "250", "ajax_limit_count": "10", "use_ajax_autocompletion": "1",
    "is_users_auto_add": "1", "is_users_auto_update": "1", "dropdown_max": "100",
    "ajax_wildcard": "*", "use_check_pref": "0", "use_mailing": "0",
    "time_step": "5", "decimal_number": "2", "planning_begin": "08:00:00",
    "planning_end": "20:00:00", "planning_work_days": "[0,1,2,3,4,5,6]",
    "allow_search_view": "2", "allow_search_all": "0", "allow_search_global": "1",
    "display_login_source": "1", "glpi_timezone": "", "default_language": "en_GB",
    "text_login": "", "founded_new_version": "", "dropdown_chars_limit": "50",
    "auto_assign_mode": "1", "use_ocs_mode": "0", "impact_mask": "62", "urgency_mask": "62",
    "priority_matrix": ('{"1":{"1":1,"2":1,"3":2,"4":2,"5":2},"2":{"1":1,"2":2,"3":2,"4":3,"5":3},'
                        '"3":{"1":2,"2":2,"3":3,"4":4,"5":4},"4":{"1":2,"2":3,"3":4,"4":4,"5":5},'
                        '"5":{"1":2,"2":3,"3":4,"4":5,"5":5}}'), "cron_limit": "5", "maintenance_mode": "0",
    "maintenance_text": "", "attach_ticket_documents_to_mail": "0",
    "document_max_size": "2", "system_user": "6", "devices_in_menu": "[\"Item_DeviceSimcard\"]",
    "ssovariables_id": "0", "translate_dropdowns": "0", "translate_kb": "0",
    "translate_reminders": "0", "agent_base_url": "", "inventory_frequency": "24",
    "purge_on_uninstall": "0", "2fa_enforced": "0", "x509_email_field": "",
    "x509_ou_restrict": "", "x509_o_restrict": "", "x509_cn_restrict": "",
}


def fresh_install(store):
    reg = store.reg
    with store.transaction():
        entity = reg.get("Entity")
        store.insert(entity, ROOT_ENTITY, with_id=0)
        now = values.now()
        prof = reg.get("Profile")
        for pid, name, interface, is_default in PROFILES:
            store.insert(prof, {"name": name, "interface": interface, "is_default": is_default},
                         with_id=pid)
        user, pu = reg.get("User"), reg.get("Profile_User")
        pu_id = 2
        for uid, login, password, profile, token_key in USERS:
            row = {"name": login, "authtype": 1, "is_active": 1,
                   "date_mod": now if store.dialect.fresh_user_date_mod else None,
                   "highcontrast_css": None, "default_central_tab": None,
                   "timeline_action_btn_layout": None, "timeline_date_format": None,
                   "password": passwords.hash_password(password) if password else None}
            if token_key:
                row["api_token"] = store.tokens.get(token_key)
                row["api_token_date"] = now
            if login == "glpi":
                row["list_limit"] = 20
            if login == "glpi-system":  # install/empty_data.php
                row["realname"] = "Support"
            store.insert(user, row, with_id=uid)
            if profile:
                store.insert(pu, {"users_id": uid, "profiles_id": profile, "entities_id": 0,
                                  "is_recursive": 1, "is_dynamic": 0}, with_id=pu_id)
                pu_id += 1
        for tname in ("TicketTemplate", "ChangeTemplate", "ProblemTemplate"):
            store.insert(reg.get(tname), {"name": "Default", "is_recursive": 1}, with_id=1)
        for i, name in enumerate(["Helpdesk", "E-Mail", "Phone", "Direct", "Written", "Other"], 1):
            store.insert(reg.get("RequestType"), {"name": name, "is_helpdesk_default": int(i == 1)},
                         with_id=i)
        store.insert(reg.get("SoftwareCategory"), {"name": "Import from inventory tool",
                                                   "completename": "Import from inventory tool",
                                                   "level": 1}, with_id=1)
        for rid, name, comment in ((1, "Belongs", "Item belongs to domain"),
                                   (2, "Manage", "Item manages domain")):  # DomainRelation::getDefaults()
            store.insert(reg.get("DomainRelation"), {"name": name, "comment": comment,
                                                     "entities_id": 0, "is_recursive": 1}, with_id=rid)
        config = reg.get("Config")
        rows = list(config_rows.ROWS)  # real names, ids and contexts of 10.0.12's rows
        rows += [("core", "emulator_placeholder_%03d" % i, "") for i in range(len(rows), store.dialect.config_rows)]
        for i, (context, name, value) in enumerate(rows):
            if context == "core":
                value = CONFIG.get(name, value)
            if (context, name) == ("core", "version"):
                value = store.dialect.full_version  # getGlpiConfig's version: 11.0.6 in 11.0 mode, as a real one
            store.insert(config, {"context": context, "name": name, "value": value}, with_id=i + 1)
        supplement_items.seed(store)
        inventory_tables.seed(store)
        for table, nid in NEXT_IDS.items():
            store.set_next_id(table, nid)
        store.set_next_id("glpi_configs", store.dialect.config_rows + 1)
