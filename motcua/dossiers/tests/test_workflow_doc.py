"""docs/workflow.md shows the transition table as it is in the code."""

from __future__ import annotations

from pathlib import Path

from motcua.dossiers.models import Status
from motcua.dossiers.transitions import FINAL, TRANSITIONS, mermaid

DOC = Path(__file__).resolve().parents[3] / "docs" / "workflow.md"


def test_workflow_doc_contains_exactly_the_diagram_generated_from_the_table():
    text = DOC.read_text(encoding="utf-8")
    start = text.index("```mermaid\n") + len("```mermaid\n")
    end = text.index("```", start)
    assert text[start:end] == mermaid(), (
        "docs/workflow.md is out of date: paste the output of transitions.mermaid() into it "
        "(the command is in the file)."
    )


def test_diagram_has_one_edge_per_table_row_and_every_status_appears():
    diagram = mermaid()
    edges = [line for line in diagram.splitlines() if "-->" in line and "[*]" not in line]
    extra_edges = sum(1 for t in TRANSITIONS.values() if t.target_before_receipt)
    assert len(edges) == len(TRANSITIONS) + extra_edges
    for status in Status:
        assert f" {status.value} " in diagram or f" {status.value}:" in diagram


def test_every_status_but_the_final_ones_has_a_way_forward():
    sources = {source for source, _action in TRANSITIONS}
    assert sources == set(Status) - FINAL
