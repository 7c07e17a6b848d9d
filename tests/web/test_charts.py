"""Server-side chart geometry, the workflow picture and CSV cells (pure functions)."""

from __future__ import annotations

from enforcement.web import charts, diagram
from enforcement.web.exports import cell
from enforcement.workflow import STEPS, CaseState


def test_bar_heights_are_proportional_and_fit():
    chart = charts.bar_chart([("a", 10, "10"), ("b", 5, "5"), ("c", 0, "0")], width=300, height=200)
    heights = [b.height for b in chart.bars]
    assert heights[0] == 2 * heights[1] and heights[2] == 0
    assert all(0 <= b.y <= 200 and b.x + b.width <= 300 for b in chart.bars)


def test_line_chart_skips_missing_values_and_has_round_ticks():
    chart = charts.line_chart([("01", 0.02, ""), ("02", None, ""), ("03", 0.0337, "")])
    assert len(chart.dots) == 2 and chart.points.count(",") == 2
    assert chart.ticks[-1][1] == "5,0 %"


def test_funnel_bars_are_centred_and_empty_stages_have_no_bar():
    chart = charts.funnel([("x", 4, ""), ("y", 2, ""), ("z", 0, "")])
    a, b, c = chart.bars
    assert abs((a.x + a.width / 2) - (b.x + b.width / 2)) < 0.2 and c.width == 0


def test_workflow_picture_marks_current_state_and_path():
    picture = diagram.build("inspecting", [("detected", "demand_sent"), ("demand_sent", "inspection_decided"),
                                           ("inspection_decided", "inspecting")])
    css = {n.state: n.css for n in picture.nodes}
    assert css["inspecting"] == "node current" and css["detected"] == "node visited" and css["penalized"] == "node"
    assert sum(e.css == "edge taken" for e in picture.edges) == 3
    assert {n.state for n in picture.nodes} == {s.value for s in CaseState}
    assert all(n.lines for n in picture.nodes)


def test_every_state_of_the_workflow_has_a_place_in_the_picture():
    for step in STEPS:
        for source in step.sources:
            assert source in diagram.GRID and step.dest_for(source) in diagram.GRID


def test_csv_cells_neutralise_formulas_but_keep_numbers():
    assert cell("=1+1") == "'=1+1" and cell("+84 90") == "'+84 90" and cell("-x") == "'-x" and cell("@a") == "'@a"
    assert cell(-5) == -5 and cell("Công ty") == "Công ty" and cell(None) == ""
