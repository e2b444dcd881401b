"""Data of GLPI 11.0.6's items where its columns differ from 10.0.12 (read on a fresh
11.0.6): the key order of User and Entity, and the values of the columns 10.0 lacks
(the emulator's schema is 10.0's; these columns are shown, not stored)."""

USER_KEYS = [
    'id', 'name', 'password_last_update', 'phone', 'phone2', 'mobile', 'realname', 'firstname',
    'locations_id', 'language', 'use_mode', 'list_limit', 'is_active', 'comment', 'auths_id',
    'authtype', 'last_login', 'date_mod', 'date_sync', 'is_deleted', 'profiles_id', 'entities_id',
    'usertitles_id', 'usercategories_id', 'date_format', 'number_format', 'names_format',
    'csv_delimiter', 'is_ids_visible', 'use_flat_dropdowntree',
    'use_flat_dropdowntree_on_search_result', 'show_jobs_at_login', 'priority_1', 'priority_2',
    'priority_3', 'priority_4', 'priority_5', 'priority_6', 'followup_private', 'task_private',
    'default_requesttypes_id', 'password_forget_token', 'password_forget_token_date', 'user_dn',
    'user_dn_hash', 'registration_number', 'show_count_on_tabs', 'refresh_views', 'set_default_tech',
    'set_followup_tech', 'set_solution_tech', 'personal_token_date', 'api_token_date',
    'cookie_token_date', 'display_count_on_home', 'notification_to_myself', 'duedateok_color',
    'duedatewarning_color', 'duedatecritical_color', 'duedatewarning_less', 'duedatecritical_less',
    'duedatewarning_unit', 'duedatecritical_unit', 'is_deleted_ldap', 'pdffont', 'picture',
    'begin_date', 'end_date', 'keep_devices_when_purging_item', 'privatebookmarkorder', 'backcreated',
    'task_state', 'planned_task_state', 'palette', 'page_layout', 'fold_menu', 'savedsearches_pinned',
    'timeline_order', 'itil_layout', 'richtext_layout', 'set_default_requester', 'lock_autolock_mode',
    'lock_directunlock_notification', 'date_creation', 'highcontrast_css', 'plannings', 'sync_field',
    'groups_id', 'users_id_supervisor', 'timezone', 'default_dashboard_central',
    'default_dashboard_assets', 'default_dashboard_helpdesk', 'default_dashboard_mini_ticket',
    'default_central_tab', 'nickname', 'substitution_end_date', 'substitution_start_date',
    'toast_location', 'timeline_action_btn_layout', 'timeline_date_format', '2fa_unenforced',
    'is_notif_enable_default', 'show_search_form', 'search_pagination_on_top',
]

USER_NEW = {
    'set_followup_tech': None, 'set_solution_tech': None, 'planned_task_state': None,
    'substitution_end_date': None, 'substitution_start_date': None, 'toast_location': None,
    '2fa_unenforced': 0, 'is_notif_enable_default': None, 'show_search_form': None,
    'search_pagination_on_top': None,
}

USER_GONE = (
    'display_options', 'fold_search',
)

ENTITY_KEYS = [
    'id', 'name', 'entities_id', 'completename', 'comment', 'level', 'sons_cache', 'ancestors_cache',
    'registration_number', 'address', 'postcode', 'town', 'state', 'country', 'website', 'phonenumber',
    'fax', 'email', 'admin_email', 'admin_email_name', 'from_email', 'from_email_name', 'noreply_email',
    'noreply_email_name', 'replyto_email', 'replyto_email_name', 'notification_subject_tag', 'ldap_dn',
    'tag', 'authldaps_id', 'mail_domain', 'entity_ldapfilter', 'mailing_signature', 'url_base',
    'cartridges_alert_repeat', 'consumables_alert_repeat', 'use_licenses_alert',
    'send_licenses_alert_before_delay', 'use_certificates_alert',
    'send_certificates_alert_before_delay', 'certificates_alert_repeat_interval', 'use_contracts_alert',
    'send_contracts_alert_before_delay', 'use_infocoms_alert', 'send_infocoms_alert_before_delay',
    'use_reservations_alert', 'use_domains_alert', 'send_domains_alert_close_expiries_delay',
    'send_domains_alert_expired_delay', 'autoclose_delay', 'autopurge_delay', 'notclosed_delay',
    'calendars_strategy', 'calendars_id', 'auto_assign_mode', 'tickettype', 'max_closedate',
    'inquest_config', 'inquest_rate', 'inquest_delay', 'inquest_URL', 'inquest_max_rate',
    'inquest_default_rate', 'inquest_mandatory_comment', 'max_closedate_change',
    'inquest_config_change', 'inquest_rate_change', 'inquest_delay_change', 'inquest_URL_change',
    'inquest_max_rate_change', 'inquest_default_rate_change', 'inquest_mandatory_comment_change',
    'autofill_warranty_date', 'autofill_use_date', 'autofill_buy_date', 'autofill_delivery_date',
    'autofill_order_date', 'tickettemplates_strategy', 'tickettemplates_id', 'changetemplates_strategy',
    'changetemplates_id', 'problemtemplates_strategy', 'problemtemplates_id',
    'entities_strategy_software', 'entities_id_software', 'default_contract_alert',
    'default_infocom_alert', 'default_cartridges_alarm_threshold',
    'default_consumables_alarm_threshold', 'delay_send_emails', 'is_notif_enable_default',
    'inquest_duration', 'inquest_duration_change', 'date_mod', 'date_creation',
    'autofill_decommission_date', 'suppliers_as_private', 'anonymize_support_agents',
    'display_users_initials', 'contracts_strategy_default', 'contracts_id_default', 'enable_custom_css',
    'custom_css_code', 'latitude', 'longitude', 'altitude', 'transfers_strategy', 'transfers_id',
    'agent_base_url', 'approval_reminder_repeat_interval', '2fa_enforcement_strategy',
    'is_contact_autoupdate', 'is_user_autoupdate', 'is_group_autoupdate', 'is_location_autoupdate',
    'state_autoupdate_mode', 'is_contact_autoclean', 'is_user_autoclean', 'is_group_autoclean',
    'is_location_autoclean', 'state_autoclean_mode', 'show_tickets_properties_on_helpdesk',
    'custom_helpdesk_home_scene_left', 'custom_helpdesk_home_scene_right', 'custom_helpdesk_home_title',
    'enable_helpdesk_home_search_bar', 'enable_helpdesk_service_catalog', 'expand_service_catalog',
]

ROOT_ENTITY_NEW = {
    'url_base': None, 'inquest_max_rate': 5, 'inquest_default_rate': 3, 'inquest_mandatory_comment': 0,
    'max_closedate_change': None, 'inquest_config_change': 1, 'inquest_rate_change': 0,
    'inquest_delay_change': 0, 'inquest_URL_change': None, 'inquest_max_rate_change': 5,
    'inquest_default_rate_change': 3, 'inquest_mandatory_comment_change': 0, 'inquest_duration_change':
    0, 'approval_reminder_repeat_interval': 0, '2fa_enforcement_strategy': 0, 'is_contact_autoupdate':
    1, 'is_user_autoupdate': 1, 'is_group_autoupdate': 1, 'is_location_autoupdate': 1,
    'state_autoupdate_mode': 0, 'is_contact_autoclean': 0, 'is_user_autoclean': 0, 'is_group_autoclean':
    0, 'is_location_autoclean': 0, 'state_autoclean_mode': 0, 'show_tickets_properties_on_helpdesk': 0,
    'custom_helpdesk_home_scene_left': '', 'custom_helpdesk_home_scene_right': '',
    'custom_helpdesk_home_title': '', 'enable_helpdesk_home_search_bar': 1,
    'enable_helpdesk_service_catalog': 1, 'expand_service_catalog': 0,
}

CHILD_ENTITY_NEW = {
    'url_base': None, 'inquest_max_rate': 5, 'inquest_default_rate': 3, 'inquest_mandatory_comment': 0,
    'max_closedate_change': None, 'inquest_config_change': -2, 'inquest_rate_change': 0,
    'inquest_delay_change': -10, 'inquest_URL_change': None, 'inquest_max_rate_change': 5,
    'inquest_default_rate_change': 3, 'inquest_mandatory_comment_change': 0, 'inquest_duration_change':
    0, 'approval_reminder_repeat_interval': -2, '2fa_enforcement_strategy': -2, 'is_contact_autoupdate':
    -2, 'is_user_autoupdate': -2, 'is_group_autoupdate': -2, 'is_location_autoupdate': -2,
    'state_autoupdate_mode': -2, 'is_contact_autoclean': -2, 'is_user_autoclean': -2,
    'is_group_autoclean': -2, 'is_location_autoclean': -2, 'state_autoclean_mode': -2,
    'show_tickets_properties_on_helpdesk': -2, 'custom_helpdesk_home_scene_left': '-2',
    'custom_helpdesk_home_scene_right': '-2', 'custom_helpdesk_home_title': '-2',
    'enable_helpdesk_home_search_bar': -2, 'enable_helpdesk_service_catalog': -2,
    'expand_service_catalog': -2,
}

# Root entity columns whose fresh-install value changed.
ROOT_ENTITY_CHANGED = {
    'use_domains_alert': 0, 'send_domains_alert_close_expiries_delay': 30,
    'send_domains_alert_expired_delay': 1,
}

# getFullSession: keys GLPI 11 adds (values of user glpi in a fresh install).
SESSION_NEW = {
    'glpientity_fullstructure': False, 'glpiis_notif_enable_default': '1', 'glpiisrtl': False,
    'glpiplanned_task_state': '1', 'glpisearch_pagination_on_top': '0', 'glpiset_followup_tech': '0',
    'glpiset_solution_tech': '0', 'glpishow_search_form': '0', 'glpitimezone': '0',
    'glpitoast_location': 'bottom-right',
}

# Super-Admin's rights where 11.0.6 differs from 10.0.12 (new rights included).
SUPER_ADMIN_RIGHTS = {
    'use_mentions': 1, '2fa_enforced': 0, 'last_rights_update': None, 'form': 31,
    'itilvalidationtemplate': 23, 'oauth_client': 31, 'rule_change': 1047, 'rule_problem': 1047,
    'system_logs': 1, 'tasktemplate': 23, 'cartridge': 3967, 'change': 132223, 'computer': 4095,
    'consumable': 3967, 'followup': 64535, 'lineoperator': 119, 'monitor': 4095, 'networking': 4095,
    'peripheral': 4095, 'phone': 4095, 'printer': 4095, 'projecttask': 1145, 'slm': 279, 'software':
    4095, 'task': 64535, 'ticket': 523295, 'user': 15519,
}

# The rights of the other fresh-install profiles where 11.0.6 differs from 10.0.12 (new rights
# included), read on a fresh 11.0.6 (glpi_profilerights); Super-Admin's are SUPER_ADMIN_RIGHTS.
PROFILE_RIGHTS = {
    1: {'form': 0, 'itilvalidationtemplate': 0, 'oauth_client': 0, 'system_logs': 0, 'tasktemplate': 0},
    2: {'cartridge': 289, 'change': 132129, 'computer': 1313, 'consumable': 289, 'form': 0, 'itilvalidationtemplate': 0, 'monitor': 1313,
        'networking': 1313, 'oauth_client': 0, 'peripheral': 1313, 'phone': 1313, 'printer': 1313, 'software': 1313, 'system_logs': 0,
        'tasktemplate': 0},
    3: {'cartridge': 3967, 'change': 132223, 'computer': 3967, 'consumable': 3967, 'followup': 64535, 'form': 0, 'itilvalidationtemplate': 23,
        'lineoperator': 119, 'monitor': 3967, 'networking': 3967, 'oauth_client': 0, 'peripheral': 3967, 'phone': 3967, 'printer': 3967,
        'projecttask': 1145, 'rule_change': 1, 'rule_problem': 1, 'slm': 279, 'software': 3967, 'system_logs': 0, 'task': 64535, 'tasktemplate': 23,
        'ticket': 523295},
    5: {'change': 132126, 'form': 0, 'itilvalidationtemplate': 0, 'oauth_client': 0, 'system_logs': 0, 'task': 12295, 'tasktemplate': 0, 'ticket':
        402439},
    6: {'cartridge': 895, 'change': 132223, 'computer': 3967, 'consumable': 895, 'followup': 64535, 'form': 0, 'itilvalidationtemplate': 0,
        'monitor': 3967, 'networking': 3967, 'oauth_client': 0, 'peripheral': 3967, 'phone': 3967, 'printer': 3967, 'problem': 1151, 'slm': 257,
        'software': 3967, 'system_logs': 0, 'task': 64535, 'tasktemplate': 0, 'ticket': 429063},
    7: {'budget': 97, 'cartridge': 895, 'change': 132223, 'computer': 3967, 'consumable': 895, 'contact_enterprise': 97, 'contract': 97, 'followup':
        64535, 'form': 0, 'itilvalidationtemplate': 23, 'monitor': 3967, 'networking': 3967, 'oauth_client': 0, 'peripheral': 3967, 'phone': 3967,
        'printer': 3967, 'search_config': 1024, 'slm': 279, 'software': 3967, 'system_logs': 0, 'task': 64535, 'tasktemplate': 23, 'ticket': 523295},
    8: {'cartridge': 289, 'change': 132129, 'computer': 1313, 'consumable': 289, 'form': 0, 'monitor': 1313, 'networking': 1313, 'oauth_client': 0,
        'peripheral': 1313, 'phone': 1313, 'printer': 1313, 'problem': 132129, 'project': 132129, 'rule_change': 1, 'rule_problem': 1, 'software':
        1313, 'system_logs': 0, 'tasktemplate': 1},
}
