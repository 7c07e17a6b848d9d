"""The workflow picture of a case: states as boxes, transitions from ``workflow.diagram_edges()`` as arrows.

The current state and the path the case took are marked.  Settling and
dismissal lead from every open state; drawing all of those arrows would hide
the main line, so they are drawn only where the case took them, and the
legend says they are always possible.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from enforcement.filters import state_label
from enforcement.workflow import CaseState, Trigger, diagram_edges

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 150, 46, 26, 46, 10

# (column, row) of each state: the main line snakes left to right, then right to left.
GRID = {
    CaseState.DETECTED: (0, 0),
    CaseState.DEMAND_SENT: (1, 0),
    CaseState.INSPECTION_DECIDED: (2, 0),
    CaseState.INSPECTING: (3, 0),
    CaseState.INSPECTION_CONCLUDED: (4, 0),
    CaseState.VIOLATION_RECORDED: (5, 0),
    CaseState.DECISION_TRANSFERRED: (6, 0),
    CaseState.REMEDIES_ORDERED: (6, 1),
    CaseState.PENALIZED: (5, 1),
    CaseState.ENFORCING: (4, 1),
    CaseState.REFERRAL_DRAFTED: (3, 1),
    CaseState.REFERRAL_APPROVED: (2, 1),
    CaseState.REFERRED: (1, 1),
    CaseState.CLOSED: (0, 1),
    CaseState.SETTLED: (0, 2),
}
ANYWHERE = (Trigger.SETTLE, Trigger.DISMISS)


@dataclass(frozen=True)
class Node:
    state: str
    label: str
    x: int
    y: int
    css: str

    @property
    def lines(self) -> list[str]:
        """The label wrapped to fit the box (about 24 characters a line)."""
        return textwrap.wrap(self.label, 24)[:3]


@dataclass(frozen=True)
class Edge:
    path: str
    css: str


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def _centre(state: CaseState) -> tuple[float, float]:
    col, row = GRID[state]
    return MARGIN + col * (BOX_W + GAP_X) + BOX_W / 2, MARGIN + row * (BOX_H + GAP_Y) + BOX_H / 2


def _path(source: CaseState, dest: CaseState) -> str:
    (x1, y1), (x2, y2) = _centre(source), _centre(dest)
    same_row = abs(y1 - y2) < 1
    if same_row and abs(x1 - x2) <= BOX_W + GAP_X + 1:  # neighbours: a straight arrow between the boxes
        sign = 1 if x2 > x1 else -1
        return f"M{x1 + sign * BOX_W / 2:.0f},{y1:.0f} L{x2 - sign * BOX_W / 2:.0f},{y2:.0f}"
    if same_row:  # skipping a box: an arc below the row
        bottom = y1 + BOX_H / 2
        return f"M{x1:.0f},{bottom:.0f} Q{(x1 + x2) / 2:.0f},{bottom + GAP_Y * 0.9:.0f} {x2:.0f},{bottom:.0f}"
    if abs(x1 - x2) < 1:  # straight down or up
        sign = 1 if y2 > y1 else -1
        return f"M{x1:.0f},{y1 + sign * BOX_H / 2:.0f} L{x2:.0f},{y2 - sign * BOX_H / 2:.0f}"
    sign = 1 if y2 > y1 else -1
    start_y, end_y = y1 + sign * BOX_H / 2, y2 - sign * BOX_H / 2
    middle = (start_y + end_y) / 2
    return f"M{x1:.0f},{start_y:.0f} C{x1:.0f},{middle:.0f} {x2:.0f},{middle:.0f} {x2:.0f},{end_y:.0f}"


def build(current: str, path: list[tuple[str, str]]) -> Diagram:
    """The picture for a case in state ``current`` that moved along ``path`` ((from, to) pairs)."""
    taken = {(CaseState(a), CaseState(b)) for a, b in path if a in CaseState.__members__.values()}
    visited = {s for pair in taken for s in pair} | {CaseState(current)}
    edges = []
    seen: set[tuple[CaseState, CaseState]] = set()
    for source, dest, trigger in diagram_edges():
        if (source, dest) in seen:
            continue
        seen.add((source, dest))
        was_taken = (source, dest) in taken
        if trigger in ANYWHERE and not was_taken:
            continue
        edges.append(Edge(_path(source, dest), "edge taken" if was_taken else "edge"))
    nodes = []
    for state, (col, row) in GRID.items():
        css = "node current" if state == current else "node visited" if state in visited else "node"
        nodes.append(Node(state.value, state_label(state), MARGIN + col * (BOX_W + GAP_X),
                          MARGIN + row * (BOX_H + GAP_Y), css))
    cols = max(c for c, _r in GRID.values()) + 1
    rows = max(r for _c, r in GRID.values()) + 1
    width = MARGIN * 2 + cols * BOX_W + (cols - 1) * GAP_X
    height = MARGIN * 2 + rows * BOX_H + (rows - 1) * GAP_Y
    # taken edges last, so they are drawn on top
    edges.sort(key=lambda e: e.css == "edge taken")
    return Diagram(width, height, nodes, edges)
