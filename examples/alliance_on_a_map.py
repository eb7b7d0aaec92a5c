"""A real alliance on a date, as a world, in a few lines: who survives an outside aggressor?

Builds the world of a treaty from the knowledge base (parties, observers, neighbours, COW
capabilities, land borders, each member's duty as the law engine reads it), places an external
aggressor on a front, and runs EARTH with and without collective defence. Every replication i of
both settings uses the same seed (common random numbers). Prints each member's share of runs in
which it survived. A thought experiment on stylised rules, not a forecast.

    .venv/bin/python examples/alliance_on_a_map.py [--treaty CSTO --on 2016-09-01 --front ARM,TJK
        --strength 0.5 --p-honor 0.75 --replications 100]
"""

from __future__ import annotations

import argparse
import datetime as dt

from foedus.kb.base import bundled
from foedus.models.earth import Earth
from foedus.scenarios.build import build_world, with_aggressor
from foedus.scenarios.run import SCENARIO_BASE, roles
from foedus.sim.seeding import replication_seeds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--treaty", default="CSTO")
    ap.add_argument("--on", default="2016-09-01", type=dt.date.fromisoformat)
    ap.add_argument("--front", default="ARM,TJK", help="the members the aggressor borders")
    ap.add_argument("--strength", type=float, default=0.5, help="x the members' combined capability")
    ap.add_argument("--p-honor", type=float, default=0.75)
    ap.add_argument("--replications", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    world = build_world(bundled(), args.treaty, args.on)
    world = with_aggressor(world, f"external:{args.strength}", args.front.split(","))
    model = Earth()
    settings = {name: model.params({**SCENARIO_BASE, "p_honor": p, "world": world})
                for name, p in (("alone", 0.0), ("collective", args.p_honor))}  # fmt: skip
    survived = {name: [0] * len(world.states) for name in settings}
    for seed in replication_seeds(args.seed, args.replications):
        for name, p in settings.items():
            died = model.run(p, seed=seed).tables["states"]["died_t"]
            for k, d in enumerate(died):
                survived[name][k] += d < 0
    role = roles(world)
    print(f"state  role        alone  collective   ({args.replications} runs, p_honor {args.p_honor})")
    for k, s in enumerate(world.states):
        if role[s.code] == "member":
            a, c = (survived[n][k] / args.replications for n in ("alone", "collective"))
            print(f"{s.code:<6} {role[s.code]:<10} {a:6.2f} {c:10.2f}")


if __name__ == "__main__":
    main()
