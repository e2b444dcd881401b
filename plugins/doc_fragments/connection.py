# -*- coding: utf-8 -*-
# Copyright: (c) 2025, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    """Connection options shared by every module (DOCUMENTATION) and plugin (PLUGINS)."""

    # Modules: extends_documentation_fragment: [glpi.glpi.connection]
    DOCUMENTATION = r'''
options:
  url:
    description:
      - URL of the GLPI server, either the site root (C(https://glpi.example.com/glpi)) or its legacy
        REST API endpoint (C(https://glpi.example.com/glpi/apirest.php)), or on GLPI 11 its high-level API
        (C(https://glpi.example.com/glpi/api.php)). Trailing slashes are ignored; O(api_version) picks the API.
      - If not set, the value of the E(GLPI_URL) environment variable is used.
    type: str
    required: true
  app_token:
    description:
      - App-Token of the API client defined in GLPI under Setup > General > API. Needed when that
        API client has an application token.
      - If not set, the value of the E(GLPI_APP_TOKEN) environment variable is used.
    type: str
  user_token:
    description:
      - Personal API token (Remote access key) of the GLPI user, sent in the C(Authorization) header to open a session.
      - If not set, the value of the E(GLPI_USER_TOKEN) environment variable is used.
    type: str
  username:
    description:
      - GLPI login, used with O(password) (HTTP basic authentication) to open a session.
      - If not set, the value of the E(GLPI_USERNAME) environment variable is used.
    type: str
  password:
    description:
      - Password of O(username).
      - If not set, the value of the E(GLPI_PASSWORD) environment variable is used.
    type: str
  session_token:
    description:
      - An existing GLPI session token, used as is. The collection never kills it and cannot renew it
        when it expires (the task then fails with a clear error).
      - If not set, the value of the E(GLPI_SESSION_TOKEN) environment variable is used.
    type: str
  auth_method:
    description:
      - How to authenticate.
      - V(auto) uses O(session_token) if set, else O(user_token), else O(username) and O(password),
        whichever is set first (environment variables included).
    type: str
    choices: [auto, user_token, basic, session_token]
    default: auto
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the server. Set to V(false) only for test servers.
      - If not set, the value of the E(GLPI_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file (or directory) of the certificate authorities used to verify the server certificate,
        for a server whose certificate a private CA signed. Ignored with O(validate_certs=false).
      - If not set, the value of the E(GLPI_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for the server to connect and to answer each request.
    type: int
    default: 30
  retries:
    description:
      - How many times a request that is safe to repeat (GET, PUT, PATCH, DELETE; never a POST that may
        have reached GLPI) is retried after a connection error or an HTTP 502, 503 or 504, with an
        exponential backoff (0.5 s, 1 s, 2 s, ...). Each retry is reported as a warning.
      - V(0) disables retries.
    type: int
    default: 3
  entity:
    description:
      - Entity to work in, by id or complete name (C(Root entity > Europe > Paris)); a name that is unique
        as a last component (C(Paris)) is accepted too. Applied with C(changeActiveEntities) right after login.
      - If not set, the default entity of the user's profile is used.
    type: str
  entity_recursive:
    description:
      - Whether the session also sees the sub-entities of O(entity).
    type: bool
    default: false
  profile:
    description:
      - Profile to work with, by name or id (for example V(Technician)). Applied right after login,
        before O(entity).
      - If not set, the user's default profile is used.
    type: str
  session_cache:
    description:
      - Whether to keep the GLPI session in a private cache so that the next tasks reuse it instead of
        logging in again.
      - The cache is one file per server, account, entity and profile under C(~/.ansible/tmp/glpi_sessions/)
        (directory mode 0700, files 0600) on the host running the module. File names are SHA-256 hashes,
        they contain no token or password. A session unused for 20 minutes is not reused. When GLPI
        says the session is no longer valid, the collection logs in again and replaces the entry.
      - Set to V(false) to open a session per task and close it at the end of the task.
    type: bool
    default: true
  api_version:
    description:
      - Which GLPI API to talk to.
      - V(v1) is the legacy REST API (C(apirest.php)), which every module, the inventory and the lookup speak.
      - V(v2) is GLPI 11's high-level API (C(api.php/v2)) with OAuth2 (O(client_id), O(client_secret) and,
        for the password grant, O(username) and O(password)). Not every module speaks it yet; those that do not
        fail with a message saying so. See the collection's C(docs/api-v2.md) for the table.
      - V(auto) picks V(v2) when O(client_id) and O(client_secret) are set, neither O(user_token) nor
        O(session_token) is, and O(auth_method) is V(auto) (a legacy token or method keeps the legacy API, which
        every module speaks), else V(v1).
      - If not set, the value of the E(GLPI_API_VERSION) environment variable is used.
    type: str
    choices: [auto, v1, v2]
    default: auto
  client_id:
    description:
      - Client ID of the OAuth2 client defined in GLPI 11 under Setup > OAuth clients, for O(api_version=v2).
      - With O(username) and O(password) the password grant is used (the requests act as that user); without them
        the client_credentials grant, whose token carries no user and which GLPI refuses on every resource (only
        public endpoints work with it).
      - If not set, the value of the E(GLPI_CLIENT_ID) environment variable is used.
    type: str
  client_secret:
    description:
      - Secret of the OAuth2 client O(client_id).
      - If not set, the value of the E(GLPI_CLIENT_SECRET) environment variable is used.
    type: str
  scope:
    description:
      - OAuth2 scopes asked for with O(api_version=v2), separated by spaces. V(api) is what the modules need.
      - If not set, the value of the E(GLPI_SCOPE) environment variable is used.
    type: str
    default: api
notes:
  - With O(api_version=v1) the modules talk to GLPI's legacy REST API (C(apirest.php)) which must be enabled under
    Setup > General > API; with O(api_version=v2) to GLPI 11's high-level API (C(api.php/v2)).
  - The OAuth2 token (v2) is cached like the legacy session (O(session_cache)) and renewed before it expires.
  - Requires the Python library C(requests) on the host that runs the module.
requirements:
  - requests
'''

    # Inventory and lookup plugins: extends_documentation_fragment: [glpi.glpi.connection.plugins]
    PLUGINS = r'''
options:
  url:
    description:
      - URL of the GLPI server, either the site root, its C(apirest.php) endpoint or (GLPI 11) its C(api.php) endpoint.
    type: str
    required: true
    env:
      - name: GLPI_URL
    vars:
      - name: glpi_url
  app_token:
    description:
      - App-Token of the API client defined in GLPI under Setup > General > API.
    type: str
    env:
      - name: GLPI_APP_TOKEN
    vars:
      - name: glpi_app_token
  user_token:
    description:
      - Personal API token of the GLPI user.
    type: str
    env:
      - name: GLPI_USER_TOKEN
    vars:
      - name: glpi_user_token
  username:
    description:
      - GLPI login, used with O(password).
    type: str
    env:
      - name: GLPI_USERNAME
    vars:
      - name: glpi_username
  password:
    description:
      - Password of O(username).
    type: str
    env:
      - name: GLPI_PASSWORD
    vars:
      - name: glpi_password
  session_token:
    description:
      - An existing GLPI session token, used as is; never killed and never renewed.
    type: str
    env:
      - name: GLPI_SESSION_TOKEN
    vars:
      - name: glpi_session_token
  auth_method:
    description:
      - How to authenticate; V(auto) picks O(session_token), then O(user_token), then O(username)/O(password).
    type: str
    choices: [auto, user_token, basic, session_token]
    default: auto
    env:
      - name: GLPI_AUTH_METHOD
    vars:
      - name: glpi_auth_method
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the server.
    type: bool
    default: true
    env:
      - name: GLPI_VALIDATE_CERTS
    vars:
      - name: glpi_validate_certs
  ca_path:
    description:
      - PEM file (or directory) of the certificate authorities used to verify the server certificate.
    type: path
    env:
      - name: GLPI_CA_PATH
    vars:
      - name: glpi_ca_path
  timeout:
    description:
      - Seconds to wait for the server to connect and to answer each request.
    type: int
    default: 30
    env:
      - name: GLPI_TIMEOUT
    vars:
      - name: glpi_timeout
  retries:
    description:
      - How many times a request that is safe to repeat is retried after a connection error or an
        HTTP 502, 503 or 504; V(0) disables retries.
    type: int
    default: 3
    env:
      - name: GLPI_RETRIES
  entity:
    description:
      - Entity to work in, by id or complete name.
    type: str
    env:
      - name: GLPI_ENTITY
    vars:
      - name: glpi_entity
  entity_recursive:
    description:
      - Whether the session also sees the sub-entities of O(entity).
    type: bool
    default: false
    env:
      - name: GLPI_ENTITY_RECURSIVE
    vars:
      - name: glpi_entity_recursive
  profile:
    description:
      - Profile to work with, by name or id.
    type: str
    env:
      - name: GLPI_PROFILE
    vars:
      - name: glpi_profile
  session_cache:
    description:
      - Whether to reuse a cached GLPI session (C(~/.ansible/tmp/glpi_sessions/), mode 0700/0600, hashed file names).
    type: bool
    default: true
    env:
      - name: GLPI_SESSION_CACHE
    vars:
      - name: glpi_session_cache
  api_version:
    description:
      - Which GLPI API to talk to; V(auto) picks V(v2) when O(client_id) and O(client_secret) are set, neither
        O(user_token) nor O(session_token) is and O(auth_method) is V(auto), else V(v1).
    type: str
    choices: [auto, v1, v2]
    default: auto
    env:
      - name: GLPI_API_VERSION
    vars:
      - name: glpi_api_version
  client_id:
    description:
      - Client ID of the GLPI 11 OAuth2 client (v2 API); with O(username)/O(password) the password grant is used.
    type: str
    env:
      - name: GLPI_CLIENT_ID
    vars:
      - name: glpi_client_id
  client_secret:
    description:
      - Secret of the OAuth2 client O(client_id).
    type: str
    env:
      - name: GLPI_CLIENT_SECRET
    vars:
      - name: glpi_client_secret
  scope:
    description:
      - OAuth2 scopes asked for with the v2 API, separated by spaces.
    type: str
    default: api
    env:
      - name: GLPI_SCOPE
    vars:
      - name: glpi_scope
requirements:
  - requests
'''
