# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the client tests; the fake GLPI itself lives in glpi_fake.py."""
from __future__ import absolute_import, division, print_function

from glpi_fake import cache_dir, fake_glpi, log, make_client  # noqa: F401  pylint: disable=unused-import
