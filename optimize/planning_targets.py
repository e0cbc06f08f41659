"""The planning model's target constraints: protection centers running as entities (14),
township workstations (15), and a prefecture's share of the province's new-built and
renovated regional institutions (18). See ``optimize.planning`` for the formulation.
"""

from __future__ import annotations

from optimize.planning_base import Model, after, slack

RATE = "targets.protection_center_operation_rate"
COUNTY_CENTERS = "targets.county_protection_centers_operating"
CENTER_TARGETS = (RATE, COUNTY_CENTERS)


def protection_centers(m: Model, T: range) -> None:
    d, pc = m.data, m.v["pc"]
    units = [*d.counties, "city"]
    for u in units:
        for t in T:
            if t + 1 < len(T):
                m.solver.Add(pc[u, t] <= pc[u, t + 1])                               # (14)
            if u in d.home_of:
                m.solver.Add(pc[u, t] >= after(m, u, t))
            elif u in d.pc_of and d.operating_pc[d.pc_of[u]]:
                pc[u, t].SetLb(1)
    for target in d.targets:
        if target.key not in CENTER_TARGETS:
            continue
        counted = d.counties if target.key == COUNTY_CENTERS else units
        for t in T:
            if d.years[t] >= target.year:
                have = sum(pc[u, t] for u in counted)
                if m.settings.elastic:
                    have = have + slack(m, target.key, target.year, 1.0 / len(counted))
                m.solver.Add(have >= target.value * len(counted))


def workstations(m: Model, T: range) -> None:
    d, ws = m.data, m.v["ws"]
    for c in d.counties:
        for t in range(1, len(T)):
            m.solver.Add(ws[c, t] >= ws[c, t - 1])                                   # (15)
    total = sum(d.townships.values())
    for target in d.targets:
        if target.key != "targets.township_workstation_coverage":
            continue
        for t in T:
            if d.years[t] >= target.year:
                have = sum(ws[c, t] for c in d.counties)
                if m.settings.elastic:
                    have = have + slack(m, target.key, target.year, 1.0 / total)
                m.solver.Add(have >= target.value * total)


def builds(m: Model, T: range) -> None:
    """(18): regional institutions with a new building (or a renovation) ready and serving
    by the year the province's count is due, as many as the master problem asks of this
    prefecture."""
    d, st = m.data, m.settings
    if not st.builds:
        return
    last = d.years.index(st.builds_by) if st.builds_by in d.years else len(T) - 1
    for kind, count in st.builds.items():
        if count <= 0:
            continue
        have = []
        for e in d.eligible:
            ready = [m.v["y"][o, tau] for inst, o, *_ in d.options if inst == e
                     and d.option_kind[o] == kind for tau in range(last + 1)]
            if not ready:
                continue
            z = m.var("built", (e, kind), ub=1)
            m.solver.Add(z <= sum(ready))
            m.solver.Add(z <= m.v["serve"][e, last])
            have.append(z)
        m.solver.Add(sum(have) >= count)
