"""``storyline eval temporal``: the TimeML reader, the TempEval-3 metrics, the command.

The full TempEval-3 run (256 files, acceptance value_accuracy >= 0.80) belongs to
``storyline eval temporal``; here it runs on five files when ../shared is present.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.evaluation.temporal import GoldTimex, TimeMLDoc, evaluate, read_timeml, score
from storyline.model import Provenance, TimeExpr

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2031-03-12" temporalFunction="false" \
functionInDocument="CREATION_TIME">20310312</TIMEX3></DCT>
<TITLE>Talks</TITLE>
<TEXT>
Vell &amp; Kasharin <EVENT eid="e1" class="OCCURRENCE">spoke</EVENT> \
<TIMEX3 tid="t1" type="DATE" value="2031-03-11" temporalFunction="true" \
functionInDocument="NONE" anchorTimeID="t0">Tuesday</TIMEX3> for \
<TIMEX3 tid="t2" type="DURATION" value="PT90M" temporalFunction="false" \
functionInDocument="NONE">90 minutes</TIMEX3>. They will meet again \
<TIMEX3 tid="t3" type="DATE" value="2031-W12" temporalFunction="true" \
functionInDocument="NONE" anchorTimeID="t0">next week</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def tml_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "tempeval" / "TimeBank"
    folder.mkdir(parents=True)
    (folder / "TEST001.tml").write_text(TML, "utf-8")
    return tmp_path / "tempeval"


def test_reader_strips_tags_and_keeps_offsets(tml_dir: Path) -> None:
    doc = read_timeml(tml_dir / "TimeBank" / "TEST001.tml")
    assert doc.name == "TEST001" and doc.dct == "2031-03-12"
    assert "<" not in doc.text and "Vell & Kasharin spoke Tuesday" in doc.text
    assert [(g.text, g.type, g.value) for g in doc.timexes] == [
        ("Tuesday", "DATE", "2031-03-11"),
        ("90 minutes", "DURATION", "PT90M"),
        ("next week", "DATE", "2031-W12"),
    ]
    for g in doc.timexes:
        assert doc.text[g.start : g.end] == g.text


def _sys(doc: TimeMLDoc, text: str, type_: str, value: str | None) -> TimeExpr:
    start = doc.text.index(text)
    return TimeExpr(text, type_, value, Provenance(doc.name, start, start + len(text), "timex"))


def test_metrics_follow_tempeval3() -> None:
    text = "They met on Tuesday morning for two hours, and again last week."
    gold = (
        GoldTimex(text.index("Tuesday"), text.index("Tuesday") + len("Tuesday morning"),
                  "Tuesday morning", "TIME", "2031-03-11TMO"),
        GoldTimex(text.index("two"), text.index("two") + len("two hours"), "two hours",
                  "DURATION", "PT2H"),
        GoldTimex(text.index("last"), text.index("last") + len("last week"), "last week",
                  "DATE", "2031-W10"),
    )  # fmt: skip
    doc = TimeMLDoc("d", text, "2031-03-12", gold)
    system = [
        _sys(doc, "Tuesday", "DATE", "2031-03-11"),  # relaxed match only, wrong value
        _sys(doc, "two hours", "DURATION", "PT2H"),  # strict, right value
        _sys(doc, "last week", "DATE", "2031-W10"),  # strict, right value
        _sys(doc, "They", "DATE", "PRESENT_REF"),  # false alarm
    ]
    result = score([doc], [system])
    m = result.metrics
    assert (m["precision"], m["recall"]) == (0.75, 1.0)
    assert m["f1_strict"] == round(2 * (2 / 4) * (2 / 3) / ((2 / 4) + (2 / 3)), 4)
    # DATE and TIME only: "Tuesday" wrong, "last week" right.
    assert m["value_accuracy"] == 0.5
    assert m["value_accuracy_all"] == round(2 / 3, 4)
    # TempEval-3 attribute F1: value-correct matches over system and gold counts.
    assert m["value_f1"] == round(2 * 2 / (4 + 3), 4)
    assert result.details["per_type"]["DURATION"]["value_accuracy"] == 1.0


def test_each_gold_matches_at_most_one_system_expression() -> None:
    text = "on Tuesday morning"
    gold = (GoldTimex(3, 18, "Tuesday morning", "TIME", "2031-03-11TMO"),)
    doc = TimeMLDoc("d", text, "2031-03-12", gold)
    system = [_sys(doc, "Tuesday", "DATE", "2031-03-11"), _sys(doc, "morning", "TIME", None)]
    m = score([doc], [system]).metrics
    assert (m["precision"], m["recall"]) == (0.5, 1.0)


def test_evaluate_runs_the_configured_stages(tml_dir: Path) -> None:
    from storyline.config import load_config

    config = load_config(None, ['stages.parse.model="blank"'])
    result = evaluate(tml_dir, config=config)
    assert result.task == "temporal" and result.n == 3
    assert result.metrics["f1"] == 1.0
    assert result.metrics["value_accuracy"] == 1.0
    assert result.details["value_errors"] == []


def test_cli_prints_json(tml_dir: Path, runner) -> None:
    from storyline.cli import cli

    out = runner.invoke(
        cli, ["--set", 'stages.parse.model="blank"', "eval", "temporal", "--data",
              str(tml_dir), "--json"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["task"] == "temporal" and data["metrics"]["value_accuracy"] == 1.0


def test_no_tml_files_is_a_clear_error(tmp_path: Path, runner) -> None:
    from storyline.cli import cli

    out = runner.invoke(cli, ["eval", "temporal", "--data", str(tmp_path)])
    assert out.exit_code == 1
    assert "no .tml files" in out.output


@pytest.mark.model
def test_tempeval3_sample(shared: Path) -> None:
    result = evaluate(shared / "data" / "tempeval3", limit=5, details=False)
    assert result.n > 0
    assert result.metrics["value_accuracy"] >= 0.8
    assert result.metrics["f1"] >= 0.8
