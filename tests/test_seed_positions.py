"""The seeds through the real CLI: the negotiation positions issue #7 asks the report for.

Run on ``../shared/seeds``, the positions of the United States, Russia and Ukraine on the
full ceasefire and on the halt of strikes on energy infrastructure, and of the European
side on the full ceasefire, must be stored and appear in the HTML report's positions
matrix (actors × issues). The seeds state no European stance on the energy halt (the
annotators' gold has none either), so that cell is not asserted.

Actors are the parties themselves: a head of state's stance counts for the state through
the positions stage (the registry's offices), never through this test.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import cli

pytestmark = [pytest.mark.slow, pytest.mark.model]

FULL, ENERGY = "ceasefire-full", "energy-infrastructure-halt"
STATES = ("USA", "RUS", "UKR")
EUROPE = ("eu", "europe")  # the European Union, or the European governments as a bloc
STANCES = ("proposes", "supports", "accepts", "conditional", "rejects", "demands", "unclear")


_RUN: dict[str, tuple[Path, Path]] = {}  # one pipeline run for the module's tests


@pytest.fixture
def report(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    # ``shared`` is function-scoped (it skips without ../shared): cache the run by hand
    if "run" in _RUN:
        return _RUN["run"]
    out = tmp_path_factory.mktemp("seed-positions")
    db, html = str(out / "seeds.db"), out / "report.html"
    runner = CliRunner()
    for args in (["add", str(shared / "seeds")], ["analyze"], ["report", "--html", str(html)]):
        result = runner.invoke(cli, ["--db", db, *args])
        assert result.exit_code == 0, result.output
    _RUN["run"] = (Path(db), html)
    return _RUN["run"]


class _Matrix(HTMLParser):
    """The cells of ``<table class="matrix">``: rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "matrix") in attrs:
            self._in = True
        elif self._in and tag == "tr":
            self.rows.append([])
        elif self._in and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in = False
        elif self._in and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_positions_of_the_parties_on_both_ceasefires_are_stored(
        report: tuple[Path, Path]) -> None:
    from storyline.link.positions import read_positions
    from storyline.store import Store

    with Store.open(str(report[0])) as store:
        held = {(p.actor_id, p.issue) for p in read_positions(store)}
    for issue in (FULL, ENERGY):
        for actor in STATES:
            assert (actor, issue) in held, (actor, issue)
    assert any((actor, FULL) in held for actor in EUROPE)


def test_the_report_matrix_shows_them(report: tuple[Path, Path]) -> None:
    from storyline.extract.actor_registry import load_registry
    from storyline.report.views import issue_label

    parser = _Matrix()
    parser.feed(report[1].read_text(encoding="utf-8"))
    header, *rows = parser.rows
    column = {label: n for n, label in enumerate(header)}
    cells = {row[0]: row for row in rows}
    names = {actor: load_registry().entries[actor].name for actor in (*STATES, *EUROPE)}

    def stated(actor: str, issue: str) -> bool:
        row = cells.get(names[actor])
        return row is not None and any(s in row[column[issue_label(issue)]] for s in STANCES)

    for issue in (FULL, ENERGY):
        assert issue_label(issue) in column, header
        for actor in STATES:
            assert stated(actor, issue), (names[actor], issue)
    assert any(stated(actor, FULL) for actor in EUROPE)
