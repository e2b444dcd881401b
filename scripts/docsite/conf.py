# Sphinx configuration of the documentation site (scripts/docsite.sh), after `antsibull-docs sphinx-init`.
# Differences from what sphinx-init writes: myst_parser, so the Markdown guides of docs/ build as they are,
# and no intersphinx: the build is offline, and -W (warnings as errors) would fail on its unreachable
# inventories. The plugin pages link to ansible-core's own docs by URL, which needs no inventory.

project = 'glpi.glpi'
copyright = 'glpi.glpi contributors'  # pylint: disable=redefined-builtin

title = 'glpi.glpi: Ansible collection for GLPI'
html_short_title = 'glpi.glpi'
html_title = 'glpi.glpi documentation'

extensions = ['sphinx_antsibull_ext', 'myst_parser']

source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}
root_doc = 'index'

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# Headings h1 to h3 of the guides get anchors, so links such as inventory.md#inventory-grouping resolve.
myst_heading_anchors = 3
myst_enable_extensions = ['deflist']

default_role = 'any'
nitpicky = True

# The plugin pages antsibull-docs writes refer to ansible-core's documentation by label (what intersphinx
# resolves online). Offline, these are the labels they use, with their pages on docs.ansible.com; a label
# missing here stays an "undefined label" warning, which fails the build (-W): add it here.
ANSIBLE_DOCS = 'https://docs.ansible.com/projects/ansible/devel/'
ANSIBLE_TARGETS = {
    ('ref', 'common_return_values'): ('reference_appendices/common_return_values.html', 'Return Values'),
    ('ref', 'ansible_configuration_settings'): ('reference_appendices/config.html', 'Ansible Configuration Settings'),
    ('ref', 'action_plugins'): ('plugins/action.html', 'Action plugins'),
    ('ref', 'ansible_collections.ansible.builtin.package_facts_module'):
        ('collections/ansible/builtin/package_facts_module.html', 'ansible.builtin.package_facts'),
    ('ref', 'ansible_collections.ansible.builtin.uri_module'): ('collections/ansible/builtin/uri_module.html', 'ansible.builtin.uri'),
}
# ansible-core's configuration settings the inventory plugin's cache options fall back to
for _name in ('ANSIBLE_CACHE_PLUGIN', 'ANSIBLE_CACHE_PLUGIN_CONNECTION', 'ANSIBLE_CACHE_PLUGIN_PREFIX', 'ANSIBLE_CACHE_PLUGIN_TIMEOUT'):
    ANSIBLE_TARGETS[('envvar', _name)] = ('reference_appendices/config.html#envvar-' + _name, _name)


def resolve_ansible_target(app, env, node, contnode):  # pylint: disable=unused-argument
    """Link a reference to ansible-core's documentation that intersphinx would resolve online."""
    from docutils import nodes  # pylint: disable=import-outside-toplevel

    target = ANSIBLE_TARGETS.get((node.get('reftype'), node.get('reftarget')))
    if target is None:
        return None
    path, title = target
    if not node.get('refexplicit') and node.get('reftype') == 'ref':
        contnode = nodes.inline(title, title)
    return nodes.reference('', '', contnode, internal=False, refuri=ANSIBLE_DOCS + path)


def setup(app):
    app.connect('missing-reference', resolve_ansible_target)
