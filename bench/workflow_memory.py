"""Memory of a worker firing many transitions (PRODUCT §9: flat — no machine left attached to cases).

    python bench/workflow_memory.py [--transitions 10000]

Fires ``send_demand`` reminders through ``enforcement.workflow.advance`` on
short-lived case stand-ins (the state machine alone, no database or PDF), and
measures the traced Python memory after each 1 000 transitions.  The last line
is ``growth_per_1000=… bytes`` over the second half of the run (goal: ~0).
"""

from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class Stand:
    """What the workflow needs of a case: its state."""

    def __init__(self, state) -> None:
        self.state = state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transitions", type=int, default=10_000)
    args = parser.parse_args()
    from flask import Flask
    from flask_babel import Babel

    from enforcement.workflow import MACHINE, Actor, CaseFacts, CaseState, advance

    app = Flask("bench")
    Babel(app)
    actor = Actor(1, "supervisor")
    samples = []
    with app.app_context():
        tracemalloc.start()
        for i in range(1, args.transitions + 1):
            case = Stand(CaseState.DETECTED if i % 2 else CaseState.DEMAND_SENT)
            facts = CaseFacts(state=case.state, assignee_id=None, principal=1_000_000, today=date(2026, 11, 25))
            advance(case, "send_demand", facts, actor)
            if i % 1000 == 0:
                gc.collect()
                samples.append(tracemalloc.get_traced_memory()[0])
                print(f"transitions={i} traced_bytes={samples[-1]} machine_models={len(MACHINE.models)}")
    half = samples[len(samples) // 2 :]
    growth = (half[-1] - half[0]) / max(1, len(half) - 1)
    print(f"growth_per_1000={growth:.0f} bytes")


if __name__ == "__main__":
    main()
