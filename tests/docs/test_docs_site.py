"""The documentation site builds as ``make docs`` builds it (warnings are errors), with every lab executed, and is
what it claims: every public name in the API reference, each lab with the outputs it should show and no error, the
README's sections on the pages that include them, the compatibility table; and a broken internal link fails it."""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from sphinx.util.inventory import InventoryFile

import egeria_nb
from tests.notebooks.test_labs import EXPECTED

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
LABS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))

pytestmark = [pytest.mark.slow, pytest.mark.docs]


def _sphinx_options() -> list[str]:
    """The Makefile's SPHINXOPTS: `make docs` and these tests build with the same options, read from one place."""
    makefile = (REPO / "Makefile").read_text()
    options = re.search(r"^SPHINXOPTS\s*\?=\s*(.*)$", makefile, re.MULTILINE)
    assert options, "the Makefile has no SPHINXOPTS ?= line"
    recipe = re.search(r"^docs:.*\n\t(.*)$", makefile, re.MULTILINE)
    assert recipe and "$(SPHINXOPTS)" in recipe.group(1), "make docs does not build with $(SPHINXOPTS)"
    assert "-W" in shlex.split(options.group(1)), "the site must build with warnings as errors"
    return shlex.split(options.group(1))


def _sphinx_build(source: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            *_sphinx_options(),
            *extra,
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(source),
            str(out / "html"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def _text(page: str) -> str:
    """A page's text as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _flat(text: str) -> str:
    """Whitespace dropped: rendering adds and moves it (around code spans and highlighted tokens)."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of docs/ into a fresh folder (so every lab is executed, nothing reused), as `make docs` does it.

    Built once per test run: under pytest-xdist the workers share it (the first one builds, under a lock, and the
    others read its result), since these tests may be spread over several workers.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out, result = shared / "docs-site", shared / "docs-site.json"
    with (shared / "docs-site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            shutil.rmtree(out, ignore_errors=True)
            built = _sphinx_build(DOCS, out)
            log = f"{built.stdout}\n{built.stderr}"
            result.write_text(json.dumps({"returncode": built.returncode, "log": log}))
    outcome = json.loads(result.read_text())
    assert outcome["returncode"] == 0, f"the site does not build:\n{outcome['log'][-8000:]}"
    (out / "build.log").write_text(outcome["log"])
    return out


def test_the_site_builds_with_warnings_as_errors_and_executes_every_lab(site: Path) -> None:
    log = (site / "build.log").read_text()
    for lab in LABS:
        assert re.search(rf"{re.escape(lab.name)}: Executed notebook in", log), f"{lab.name} was not executed:\n{log}"
    assert (site / "html" / "index.html").is_file()


def test_every_public_name_is_in_the_api_reference(site: Path) -> None:
    with (site / "html" / "objects.inv").open("rb") as f:
        inventory = InventoryFile.load(f, "", lambda base, uri: uri)
    python = {name: item for kind, items in inventory.items() if kind.startswith("py:") for name, item in items.items()}
    missing = sorted(name for name in egeria_nb.__all__ if f"egeria_nb.{name}" not in python)
    assert not missing, f"public names missing from the API reference: {missing}"
    elsewhere = sorted(n for n in egeria_nb.__all__ if not python[f"egeria_nb.{n}"].uri.startswith("api.html#"))
    assert not elsewhere, f"documented, but not on the API reference page: {elsewhere}"
    # The package's one list of its names, checked by tests/test_public_api.py, is the same list.
    listed = (REPO / "tests" / "public_api.txt").read_text()
    assert all(re.search(rf"\b{re.escape(name)}\b", listed) for name in egeria_nb.__all__)


class _Outputs(HTMLParser):
    """The outputs of each code cell of a page myst-nb rendered, with the cell's tags: for each cell, its tags,
    the outputs' text, and their markup (start tags and text, for outputs such as an SVG)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[tuple[list[str], list[str], list[str]]] = []
        self._divs: list[bool] = []  # for each open div: is it (within) a cell's outputs?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        inside = bool(self._divs and self._divs[-1])
        if tag == "div":
            classes = (dict(attrs).get("class") or "").split()
            if "cell" in classes:
                self.cells.append(([c.removeprefix("tag_") for c in classes if c.startswith("tag_")], [], []))
            self._divs.append(inside or "cell_output" in classes)
        if inside and self.cells:
            self.cells[-1][2].append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._divs:
            self._divs.pop()

    def handle_data(self, data: str) -> None:
        if self._divs and self._divs[-1] and self.cells:
            self.cells[-1][1].append(data)
            self.cells[-1][2].append(data)


@pytest.mark.parametrize("lab", LABS, ids=[p.stem for p in LABS])
def test_each_lab_page_shows_its_outputs_and_no_error(site: Path, lab: Path) -> None:
    page = (site / "html" / "labs" / f"{lab.stem}.html").read_text()
    parser = _Outputs()
    parser.feed(page)
    code_cells = [c for c in nbformat.read(lab, as_version=4).cells if c.cell_type == "code"]
    assert len(parser.cells) == len(code_cells), f"{lab.name}: {len(parser.cells)} code cells shown"
    # The checks of tests/notebooks/test_labs.py, on the outputs as this site shows them.
    for tag, needles in EXPECTED[lab.name].items():
        tagged = [(text, markup) for tags, text, markup in parser.cells if tag in tags]
        assert tagged, f"{lab.name}: no cell tagged {tag} on its page"
        for text, markup in tagged:
            shown = " ".join(text)
            for needle in needles:
                found = needle in "".join(markup) or _flat(needle) in _flat(shown)
                assert found, f"{lab.name} [{tag}] lacks {needle!r}:\n{shown[:3000]}"
    assert 'class="output traceback' not in page, f"{lab.name} shows an error"
    assert "Traceback (most recent call last)" not in _text(page), f"{lab.name} shows a traceback"


def _includes(page: Path) -> list[tuple[Path, str, str | None]]:
    """What each {include} of a MyST page brings in: the included file, the text between its markers, and the
    start-after marker."""
    found = []
    for block in re.finditer(r"^```\{include\} (\S+)\n(.*?)^```", page.read_text(), re.DOTALL | re.MULTILINE):
        source = (page.parent / block.group(1)).resolve()
        options = dict(re.findall(r'^:([\w-]+): "?(.*?)"?$', block.group(2), re.MULTILINE))
        text = source.read_text()
        if "start-after" in options:
            assert options["start-after"] in text, f"{page.name}: {options['start-after']!r} is not in {source.name}"
            text = text.split(options["start-after"], 1)[1]
        if "end-before" in options:
            assert options["end-before"] in text, f"{page.name}: {options['end-before']!r} is not in {source.name}"
            text = text.split(options["end-before"], 1)[0]
        found.append((source, text, options.get("start-after")))
    return found


def _prose(markdown: str) -> list[str]:
    """Runs of plain words (30 characters or more) from the prose lines of some markdown, code blocks left out."""
    runs, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith(("|", "#", "!", "<")):
            continue
        runs += [r.strip() for r in re.findall(r"[A-Za-z][A-Za-z0-9 ,.;']{29,}", line)]
    return runs


PAGES_WITH_INCLUDES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts and "{include}" in p.read_text())


@pytest.mark.parametrize("page", PAGES_WITH_INCLUDES, ids=[str(p.relative_to(DOCS)) for p in PAGES_WITH_INCLUDES])
def test_pages_show_the_readme_sections_they_include(site: Path, page: Path) -> None:
    """The first and last prose of every section a page includes is on the built page: an include whose markers
    match too little, or nothing, fails here."""
    built = _text((site / "html" / page.relative_to(DOCS).with_suffix(".html")).read_text())
    includes = _includes(page)
    assert includes
    for source, text, _start in includes:
        runs = _prose(text)
        assert runs, f"{page.name}: its include of {source.name} brings in no prose"
        for run in (runs[0], runs[-1]):
            assert _flat(run) in _flat(built), f"{page.name} lacks {source.name}'s {run!r}"


def test_every_readme_section_is_on_the_site() -> None:
    """Each heading of the README, Quick start to Architecture, starts an include of some page or is inside one."""
    readme = REPO / "README.md"
    includes = [
        (start, text) for page in PAGES_WITH_INCLUDES for source, text, start in _includes(page) if source == readme
    ]
    starts = {start for start, _ in includes}
    prose = re.sub(r"^```.*?^```", "", readme.read_text(), flags=re.DOTALL | re.MULTILINE)
    for heading in re.findall(r"^(#+ .+)$", prose, re.MULTILINE):
        inside = any(re.search(rf"^{re.escape(heading)}$", text, re.MULTILINE) for _, text in includes)
        assert heading in starts or inside, f"no page of the site includes the README's {heading!r}"


def test_the_compatibility_table_is_there(site: Path) -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## A real Egeria", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    assert len(rows) > 5, "the README's compatibility table was not found"
    page = (site / "html" / "compatibility.html").read_text()
    table = re.search(r"<table.*?</table>", page, re.DOTALL)
    assert table, "compatibility.html has no table"
    assert len(re.findall(r"<tr\b", table.group(0))) == len(rows)  # the header row and each API
    for row in rows[1:]:
        first = row.split("|")[1].replace("`", "")
        assert _flat(first) in _flat(_text(table.group(0))), f"the compatibility table lacks {first!r}"


# Each must break the build on its own: a page, a heading of another page, a heading of this page, a Python name,
# and a public name left out of the API reference.
BROKEN = {
    "[a page](no-such-page.md)": "no-such-page",
    "[a heading](guides/configure-integration-groups.md#no-such-heading)": "no-such-heading",
    "[a local heading](#no-such-local-heading)": "no-such-local-heading",
    "{py:func}`egeria_nb.no_such_function`": "egeria_nb.no_such_function",
}


def test_a_broken_internal_link_or_a_missing_api_entry_fails_the_build(tmp_path: Path) -> None:
    """A copy of the sources with broken references, built without executing the labs (cheap): every one of them
    is reported, and nothing else is."""
    repo = tmp_path / "repo"
    shutil.copytree(DOCS, repo / "docs", ignore=shutil.ignore_patterns("_build", "labs"))
    shutil.copytree(REPO / "notebooks", repo / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (repo / "benchmarks").mkdir()
    shutil.copy2(REPO / "benchmarks" / "README.md", repo / "benchmarks" / "README.md")
    shutil.copy2(REPO / "README.md", repo / "README.md")
    page = repo / "docs" / "development.md"
    page.write_text(page.read_text() + "\n## Broken\n\n" + "\n\n".join(BROKEN) + "\n")
    api = repo / "docs" / "api.rst"
    assert ".. autofunction:: stop_server\n" in api.read_text()
    api.write_text(api.read_text().replace(".. autofunction:: stop_server\n", ""))

    built = _sphinx_build(repo / "docs", tmp_path / "out", "-D", "nb_execution_mode=off")
    assert built.returncode != 0, "a build with broken references passed"
    warnings = [line for line in built.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    for target in [*BROKEN.values(), "stop_server"]:
        assert any(target in w for w in warnings), f"nothing reported {target}:\n{built.stderr[-4000:]}"
    unexpected = [w for w in warnings if not any(t in w for t in [*BROKEN.values(), "stop_server"])]
    assert not unexpected, f"the copy warns about more than what was broken: {unexpected}"
