"""The documentation site's page check (scripts/docsite/check_pages.py) and what the site lists.

The check reads the DOM that headless Chromium dumps; here it gets small DOMs written by hand, shaped
like antsibull-docs' pages (an options table, an anchor per option, sections by id)."""

import importlib.util
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = importlib.util.spec_from_file_location('check_pages', os.path.join(ROOT, 'scripts', 'docsite', 'check_pages.py'))
check_pages = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(check_pages)

EXAMPLES = """
- name: A computer
  glpi.glpi.glpi_item:
    itemtype: Computer
"""
META = {
    'doc': {'options': {'itemtype': {}, 'fields': {}}},
    'examples': EXAMPLES,
    'return': {'id': {}},
}


def module_page(options=('itemtype', 'fields'), examples=EXAMPLES, returns=('id',), table=True):
    rows = ''.join('<tr><td><div class="ansibleOptionAnchor" id="parameter-%s"></div>%s</td></tr>' % (name, name)
                   for name in options)
    table_html = '<table class="longtable ansible-option-table docutils">%s</table>' % rows if table else rows
    example_html = ('<section id="examples"><h2>Examples</h2><pre><span>%s</span></pre></section>' % examples
                    if examples is not None else '')
    return_html = ''.join('<div id="return-%s"></div>' % name for name in returns)
    return ('<html><body><section id="parameters">%s</section>%s<section id="return-values">%s</section>'
            '</body></html>' % (table_html, example_html, return_html))


def problems(html, kind='module', meta=None):
    index = check_pages.DomIndex()
    index.feed(html)
    return check_pages.check_plugin(index, kind, META if meta is None else meta)


def test_a_complete_module_page_passes():
    assert problems(module_page()) == []


def test_a_missing_option_fails():
    assert problems(module_page(options=('itemtype',))) == ['options not rendered: fields']


def test_options_outside_an_options_table_fail():
    assert problems(module_page(table=False)) == ['no options table']


def test_a_page_without_examples_fails():
    assert problems(module_page(examples=None)) == ['no examples section']


def test_examples_that_differ_from_the_module_fail():
    found = problems(module_page(examples=EXAMPLES.replace('Computer', 'Printer')))
    assert found == ['the examples section does not hold the EXAMPLES text']


def test_a_missing_return_value_fails():
    assert problems(module_page(returns=())) == ['return values not rendered: id']


def test_a_module_without_examples_fails_even_when_its_page_renders():
    meta = dict(META, examples='')
    assert problems(module_page(examples=None), meta=meta) == ['the module has no EXAMPLES']


def test_a_role_page_needs_every_option_of_every_entry_point():
    index = check_pages.DomIndex()
    index.feed('<html><body><div id="parameter-main--hr_people"></div></body></html>')
    meta = {'entry_points': {'main': {'options': {'hr_people': {}, 'hr_entity': {}}}}}
    assert check_pages.check_role(index, meta) == ['entry point main: options not rendered: hr_entity']


def test_every_guide_is_on_the_site():
    """Every user guide of docs/ (not the developers' notes) is in the site's table of contents."""
    with open(os.path.join(ROOT, 'scripts', 'docsite', 'index.rst'), encoding='utf-8') as handle:
        listed = set(re.findall(r'^\s+guides/(\S+)$', handle.read(), re.M))
    guides = set(name[:-3] for name in os.listdir(os.path.join(ROOT, 'docs')) if name.endswith('.md'))
    assert guides - {'development'} == listed


def test_the_step_lists_of_scripts_test_agree():
    """ALL_STEPS, the header comment of scripts/test and the README name the same steps, in the same order."""
    with open(os.path.join(ROOT, 'scripts', 'test'), encoding='utf-8') as handle:
        script = handle.read()
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as handle:
        readme = ' '.join(handle.read().split())
    steps = re.search(r'^ALL_STEPS=\(([^)]*)\)', script, re.M).group(1).split()
    assert 'docsite' in steps
    assert re.search(r'^#\s+bash scripts/test\s+# all steps: (.*)$', script, re.M).group(1).split() == steps
    assert '(`%s`)' % ' '.join(steps) in readme
    for step in steps:
        assert re.search(r'^step_%s\(\)' % step, script, re.M), 'no function step_%s' % step
