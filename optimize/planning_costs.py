"""The planning model's objective: discounted costs plus the weighted travel burden (17).

Every cost a budget officer reads comes from here, by category and year: wages, hiring
(new hires and the replacement of expected attrition), redeployment, layoffs, operating
costs, protection centers, workstations, the living allowance, transfers and capital.
"""

from __future__ import annotations

from optimize.planning_base import PENALTY, PROF, Model, after, slack


def objective(m: Model, T: range) -> None:
    d, st, v = m.data, m.settings, m.v
    c = d.costs
    for t in T:
        staff = [(i, r) for i in d.institutions for r in range(3)]
        m.add_cost("wages", t, sum(d.wages[r, t] * _on_roll(m, i, r, t) for i, r in staff))
        m.add_cost("hiring", t, c["hiring_cost_yuan"] * sum(
            v["hire"][i, r, t] + st.attrition * v["s"][i, r, t] for i, r in staff))
        m.add_cost("redeployment", t, c["redeployment_cost_yuan"] * sum(
            x for (_, _, _, tt), x in v.get("red", {}).items() if tt == t))
        m.add_cost("layoff", t, c["layoff_cost_yuan"] * sum(v["lay"][i, r, t] for i, r in staff))
        m.add_cost("operations", t, _operations(m, t))
        m.add_cost("workstations", t, c["workstation_yuan_per_year"] * sum(
            v["ws"][cc, t] for cc in d.counties))
        m.add_cost("allowance", t, float(sum(
            d.allowance[n, t] * (d.long_term[n, :, t].sum() + d.foster[n, t])
            for n in range(len(d.counties)))))
        m.add_cost("transfers", t, _transfers(m, t))
        m.add_cost("rule_work", t, float(d.rule_work[t]))
    for _inst, o, _beds, yuan, _ready, lead in d.options:
        for t in T:
            m.add_cost("capital", max(t - lead, 0), yuan * v["y"][o, t])
    total = sum(d.discount[t] * expr for (_, t), expr in m.costs.items())
    if st.budget is not None:
        limit = st.budget + (slack(m, "budget", d.years[-1], 1.0) if st.elastic else 0)
        m.solver.Add(total <= limit)                                                 # (17)
    travel = st.travel_weight * sum(
        v["w"][cc, e, t] * float(d.long_term[n, :, t].sum()) * d.km[cc, e]
        for n, cc in enumerate(d.counties) for e in d.eligible for t in T)
    penalty = PENALTY * sum(var for var, _ in m.slack.values())
    m.solver.Minimize(total + travel + penalty)


def _on_roll(m: Model, inst: str, r: int, t: int):
    """Heads paid through year t: professionals on their path's average (see (9))."""
    s = m.v["s"]
    if r != PROF:
        return s[inst, r, t]
    before = s[inst, r, t - 1] if t else float(m.data.staff0[inst][r])
    return 0.5 * (before + s[inst, r, t])


def _operations(m: Model, t: int):
    """Running costs in year t: serving institutions, county homes, protection centers."""
    d, v = m.data, m.v
    pc_cost = d.costs["protection_center_yuan_per_year"]
    expr = sum(d.operating[e] * v["serve"][e, t] for e in d.eligible)
    for c, home in d.home_of.items():
        transformed = after(m, c, t - 1) if t else 0      # by the start of the year
        expr += d.operating[home] * (1 - transformed) + pc_cost * transformed
        expr += pc_cost * (v["pc"][c, t] - after(m, c, t))   # a center besides the home
    for inst in d.pc_of.values():
        expr += d.operating[inst]
    for u in [*d.counties, "city"]:
        if u in d.home_of:
            continue
        if u not in d.pc_of or not d.operating_pc[d.pc_of[u]]:
            expr += pc_cost * v["pc"][u, t]                 # a new or upgraded center
    return expr


def _transfers(m: Model, t: int):
    """Moving children: the county campaigns, and reassignment between institutions."""
    d, v = m.data, m.v
    per_km, admin = d.costs["transport_yuan_per_child_km"], d.costs["transfer_admin_yuan_per_child"]
    expr = 0
    for n, c in enumerate(d.counties):
        children = float(d.long_term[n, :, t].sum() + d.foster[n, t])
        for e in d.eligible:
            unit = children * (d.km[c, e] * per_km + admin)
            if (c, t) in v.get("hand", {}):
                moving = m.var("campaign", (c, e, t))         # a_cet · hand_ct
                m.solver.Add(moving >= v["a"][c, e, t] + v["hand"][c, t] - 1)
                expr += unit * moving
            if t > 0:
                expr += unit * v["mv"][c, e, t]
    return expr
