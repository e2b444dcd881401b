# -*- coding: utf-8 -*-
# Copyright: (c) 2026, glpi.glpi contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    """The raw_text option of the modules and plugins that return GLPI's text."""

    DOCUMENTATION = r"""
options:
  raw_text:
    description:
      - Return text exactly as GLPI sent it. GLPI 10.0 sends stored text HTML-encoded (C(a &#38; b), C(&#60;b&#62;)),
        GLPI 11.0 as it was typed; by default the collection decodes it, so results are the same plain text
        (C(a & b), C(<b>)) on both versions.
    type: bool
    default: false
"""
