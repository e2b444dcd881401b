"""Check the built documentation site as a browser renders it (scripts/docsite.sh).

Usage: python check_pages.py HTML_DIR METADATA_JSON DOM_DIR CHROMIUM

METADATA_JSON is `ansible-doc --metadata-dump glpi.glpi`. Every page is opened in headless Chromium
(`--dump-dom`: the DOM after the page's scripts ran, kept in DOM_DIR) and checked against the plugin's own
documentation:
- every module page: the options table with an anchor for each top-level option, the examples section
  holding the module's EXAMPLES text, and the return values with an anchor for each top-level key;
- the inventory, lookup and filter pages: the options table with each top-level option; examples when
  the plugin has some;
- every role page: an anchor for each option of each entry point.
Prints one line per page and a closing "N passed, N failed" line; exits 1 when a page fails.
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

COLLECTION = 'glpi.glpi'
PAGE_SUFFIX = {'module': 'module', 'inventory': 'inventory', 'lookup': 'lookup', 'filter': 'filter', 'role': 'role'}


class DomIndex(HTMLParser):
    """The ids of a DOM, the classes of its tables and the text of each <section> by id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.table_classes = []
        self.section_text = {}
        self._open_sections = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get('id'):
            self.ids.add(attrs['id'])
        if tag == 'table':
            self.table_classes.append(attrs.get('class') or '')
        if tag == 'section':
            self._open_sections.append(attrs.get('id') or '')
            self.section_text.setdefault(attrs.get('id') or '', [])

    def handle_endtag(self, tag):
        if tag == 'section' and self._open_sections:
            self._open_sections.pop()

    def handle_data(self, data):
        for section in self._open_sections:
            self.section_text[section].append(data)

    def text(self, section):
        return ' '.join(''.join(self.section_text.get(section, [])).split())


def dump_dom(chromium, page, dom_file):
    """The DOM of PAGE as headless Chromium renders it, also written to DOM_FILE."""
    cmd = [chromium, '--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', 'file://' + page]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    with open(dom_file, 'w', encoding='utf-8') as handle:
        handle.write(result.stdout)
    if result.returncode != 0 or '</html>' not in result.stdout:
        raise RuntimeError('chromium exited %d without a DOM: %s' % (result.returncode, result.stderr.strip()[-300:]))
    index = DomIndex()
    index.feed(result.stdout)
    return index


def missing_anchors(index, prefix, names):
    return sorted(name for name in names if prefix + name not in index.ids)


def check_plugin(index, kind, meta):
    """What is wrong with the page of a module, inventory, lookup or filter plugin (a list of problems)."""
    problems = []
    options = (meta.get('doc') or {}).get('options') or {}
    if options:
        if not any('ansible-option-table' in classes.split() for classes in index.table_classes):
            problems.append('no options table')
        lost = missing_anchors(index, 'parameter-', options)
        if lost:
            problems.append('options not rendered: %s' % ', '.join(lost))
    examples = (meta.get('examples') or '').strip()
    if kind == 'module' and not examples:
        problems.append('the module has no EXAMPLES')
    if examples:
        rendered = index.text('examples')
        if not rendered:
            problems.append('no examples section')
        elif ' '.join(examples.split()) not in rendered:
            problems.append('the examples section does not hold the EXAMPLES text')
    if kind == 'module':
        lost = missing_anchors(index, 'return-', meta.get('return') or {})
        if lost:
            problems.append('return values not rendered: %s' % ', '.join(lost))
    return problems


def check_role(index, meta):
    problems = []
    for entry_point, spec in sorted((meta.get('entry_points') or {}).items()):
        lost = missing_anchors(index, 'parameter-%s--' % entry_point, spec.get('options') or {})
        if lost:
            problems.append('entry point %s: options not rendered: %s' % (entry_point, ', '.join(lost)))
    return problems


def pages(html_dir, metadata):
    """(kind, name, page path, metadata) for every plugin and role of the collection."""
    found = []
    for kind, suffix in PAGE_SUFFIX.items():
        for fqcn, meta in sorted((metadata['all'].get(kind) or {}).items()):
            if not fqcn.startswith(COLLECTION + '.'):
                continue
            name = fqcn[len(COLLECTION) + 1:]
            path = os.path.join(html_dir, 'collections', *COLLECTION.split('.'), '%s_%s.html' % (name, suffix))
            found.append((kind, name, path, meta))
    return found


def check_page(chromium, dom_dir, kind, name, path, meta):
    if not os.path.isfile(path):
        return ['page missing: %s' % path]
    try:
        index = dump_dom(chromium, path, os.path.join(dom_dir, '%s_%s.dom.html' % (name, kind)))
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return [str(error)]
    return check_role(index, meta) if kind == 'role' else check_plugin(index, kind, meta)


def main(argv):
    html_dir, metadata_file, dom_dir, chromium = argv
    with open(metadata_file, encoding='utf-8') as handle:
        metadata = json.load(handle)
    os.makedirs(dom_dir, exist_ok=True)
    todo = pages(os.path.abspath(html_dir), metadata)
    if not any(kind == 'module' for kind, _name, _path, _meta in todo):
        print('no module of %s in the metadata dump' % COLLECTION)
        return 1
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda page: check_page(chromium, dom_dir, *page), todo))
    failed = 0
    for (kind, name, _path, _meta), problems in zip(todo, results):
        print('%s %s %s%s' % ('FAIL' if problems else 'ok  ', kind, name, (': ' + '; '.join(problems)) if problems else ''))
        failed += bool(problems)
    print('%d of %d pages render their options, examples and return values' % (len(todo) - failed, len(todo)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
