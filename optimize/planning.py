"""The planning model of one prefecture: the cheapest plan that meets every target in force.

Which institution raises the prefecture's long-term children each year, in which year each
county home hands its children over (any year from the campaign window's opening to the
deadline), which capacity options to build and when, how many caregivers, professionals
and other staff each institution has each year, which protection centers run as entities
and how many township workstations exist, so that the caregiver ratios hold for the
expected children, the beds suffice, and the targets in force are met at the least
discounted cost.

Sets: years t in T; counties c in C (H ⊆ C those with a county home i(c)); institutions i
in I; E ⊆ I the institutions that may serve as regional institution (city homes, candidate
sites); O capacity options (o at institution e(o)); roles r in R = {caregiver,
professional, other}; care levels k; U the protection-center units (the counties and the
prefecture itself).

Data (from the rules: ratio ρ_ikt, professional share π_it, the maximum number of regional
institutions M_t, a county's hand-over window W_c, the targets; from the region: the rest):
n_ckt expected long-term children of county c in residence, q_ckt its temporary cases,
W_t discount factors.

Staff s_irt are heads on roll through year t, from 1 January, except professionals: s_i,prof,t
is the count at the end of year t, reached along a path through the year from the year
before's (professionals are recruited through the year, not on one day; their wages are
paid on the path's average, (s_i,prof,t-1 + s_i,prof,t) / 2).

Variables: serve_et, std_et (serves; serves to regional standard), a_cet (county c's
children go to e), hand_ct (county c hands over in year t, t in W_c), after_ct = Σ_{τ≤t}
hand_cτ (1 for counties without a home), w_cet = a_cet·after_ct (linearised), y_ot (option
o ready from year t), s_irt (staff, integer), hire_irt, lay_irt, red_iert (county home i to
e), pc_ut (unit u has a protection center running as an entity), ws_ct (workstations,
integer), mv_cet (reassignment), slacks in elastic mode.

    (1)  Σ_e a_cet = 1                                  every county is assigned each year
    (2)  a_cet ≤ serve_et                               only to a serving institution
    (3)  1 ≤ Σ_e serve_et ≤ M_t                         at most M regional per prefecture
    (4)  serve_et ≤ serve_e,t+1; serve_e,t0 = 1 if already regional; a candidate site
         serves only once one of its options is ready: serve_et ≤ Σ_{o at e, τ≤t} y_oτ
    (5)  std_et ≤ [already regional] + Σ_{o at e, τ≤t+1} y_oτ (and ≤ serve_et unless a
         building is ready by the year's end): counts are taken at the end of a year
    (6)  Σ_t y_ot ≤ 1; y_ot = 0 before the option can be ready (lead time)
    (7)  beds_e + Σ_{o at e, τ≤t} b_o y_oτ ≥ Σ_c (w_cet Σ_k n_ckt + [no county temporary
         care] a_cet Σ_k q_ckt)                          beds for every child in residence,
         and beds_i + Σ_{o at i, τ≤t} b_o y_oτ ≥ floor_it (· serve_it where i may serve) for
         any bed floor set from the simulation's peaks (robust plans)
    (8)  s_i,care,t ≥ Σ_k load_ikt / ρ_ikt, and ≥ the caregivers of one round-the-clock post
         where that duty is a rule and i holds children, and ≥ any floor set from the
         simulation's demand quantiles (robust plans); a county home's load is its
         children until the year it hands them over (staff redeployed that year move with
         the children and still count at the home against the load, but not against a
         floor: the floor is the year's need including the months after the children
         have gone, which only the staff who stay can meet)
    (9)  (1 - a·L) s_i,prof,t ≥ π_it/(1-π_it) (s_i,care,t + s_i,other,t) where the share is
         due by the end of year t (and from the start of each year after): professionals
         are counted at the year's end, with those expected to leave in the hiring lead
         time L before it (attrition a) held back, since they cannot be replaced in time
    (10) s_e,r,t ≤ big·serve_et; professionals and other staff on roll are kept
    (11) s_irt = s_ir,t-1 + hire_irt - lay_irt + Σ red in - Σ red out (s_ir,t0-1 = on roll)
    (12) Σ_e red_iert ≤ share_redeploy · s_ir,t-1, only from a county home from its
         hand-over year on
    (13) Σ_{t in W_c} hand_ct = 1 when the deadline falls in the horizon (≤ 1 otherwise);
         w_cet ≤ a_cet, w_cet ≤ after_ct, w_cet ≥ a_cet + after_ct - 1
    (14) pc_ut ≤ pc_u,t+1; pc_ct ≥ after_ct for a county home (it becomes the county's
         protection center); pc_ct = 1 where one already runs as an entity;
         Σ_u pc_ut ≥ rate_t |U| when due, over the city and counties, or over the counties
         alone for a target of the county centers
    (15) ws_c,t-1 ≤ ws_ct ≤ townships_c; Σ_c ws_ct ≥ coverage_t Σ_c townships_c when due
    (16) mv_cet ≥ a_cet - a_ce,t-1                      children move when reassigned
    (17) Σ_t W_t cost_t ≤ budget (when the scenario sets one)
    (18) Σ_e z_ek ≥ n_k, z_ek ≤ serve_eT, z_ek ≤ Σ_{o at e of kind k, τ≤T} y_oτ: the
         prefecture's share of a province's count of new-built and renovated regional
         institutions (zj-14fyp 专栏5 item 1), as the region's master problem assigns it

Objective: Σ_t W_t (wages + hiring (new hires and replacement of expected attrition) +
redeployment + layoffs + operating costs + protection centers + workstations + living
allowance + transfers) + capital at each option's start + λ · Σ_t child-km, where λ is the
scenario's travel weight. Redeploying a county home's staff costs less than laying them off
and hiring anew, so whenever the regional institution hires in a year the county's staff
move first: front-line work does not break (transfer.staff_continuity). Since the
hand-over year is a choice within its window, a later deadline can only widen the choice
and never raise the optimal cost.

In elastic mode, (7), (14), (15) and (17) get non-negative slacks priced far above any cost;
what remains in a slack is how far a target cannot be met. Solved with SCIP through
OR-Tools' linear solver wrapper, with the relative gap and time limit set explicitly.
"""

from __future__ import annotations

from ortools.linear_solver import pywraplp

from optimize.planning_base import (
    BIG_STAFF,
    CARE,
    OTHER,
    PROF,
    Model,
    Settings,
    Solved,
    after,
    regional_children,
    slack,
    solve,
)
from optimize.planning_costs import objective
from optimize.planning_data import PrefectureData
from optimize.planning_targets import builds, protection_centers, workstations

__all__ = ["CARE", "OTHER", "PROF", "Model", "Settings", "Solved", "build",
           "regional_children", "solve"]


def build(d: PrefectureData, settings: Settings) -> Model:
    solver = pywraplp.Solver.CreateSolver("SCIP")
    m = Model(d, settings, solver)
    T = range(len(d.years))
    _variables(m, T)
    _assignment(m, T)                 # (1), (2)
    _serving(m, T)                    # (3), (4), (5)
    _options(m, T)                    # (6)
    _handovers(m, T)                  # (13)
    _beds(m, T)                       # (7)
    _staff(m, T)                      # (8)-(12)
    protection_centers(m, T)          # (14)
    workstations(m, T)                # (15)
    _moves(m, T)                      # (16)
    builds(m, T)                      # (18)
    objective(m, T)                   # objective and (17)
    return m


def _variables(m: Model, T: range) -> None:
    d = m.data
    for t in T:
        for e in d.eligible:
            m.var("serve", (e, t), ub=1, integer=True)
            m.var("std", (e, t), ub=1, integer=True)
            for c in d.counties:
                m.var("a", (c, e, t), ub=1, integer=True)
        for inst in d.institutions:
            for r in range(3):
                m.var("s", (inst, r, t), integer=True, ub=BIG_STAFF)
                m.var("hire", (inst, r, t))
                m.var("lay", (inst, r, t))
        for c in d.counties:
            m.var("ws", (c, t), lb=d.workstations0[c], ub=d.townships[c], integer=True)
            m.var("pc", (c, t), ub=1, integer=True)
            if d.years[t] in d.handover.get(c, ()):
                m.var("hand", (c, t), ub=1, integer=True)
        m.var("pc", ("city", t), ub=1, integer=True)
        for _inst, option, *_ in d.options:
            m.var("y", (option, t), ub=1, integer=True)


def _assignment(m: Model, T: range) -> None:
    d, a, serve = m.data, m.v["a"], m.v["serve"]
    for t in T:
        for c in d.counties:
            m.solver.Add(sum(a[c, e, t] for e in d.eligible) == 1)          # (1)
            for e in d.eligible:
                m.solver.Add(a[c, e, t] <= serve[e, t])                      # (2)


def _ready(m: Model, e: str, t: int):
    """Options at e ready by year t (a linear expression)."""
    return sum(m.v["y"][o, tau] for inst, o, *_ in m.data.options if inst == e
               for tau in range(t + 1))


def _serving(m: Model, T: range) -> None:
    d, serve, std = m.data, m.v["serve"], m.v["std"]
    for t in T:
        count = sum(serve[e, t] for e in d.eligible)
        m.solver.Add(count >= 1)                                             # (3)
        m.solver.Add(count <= d.max_regional[t])
        for e in d.eligible:
            if t + 1 < len(T):
                m.solver.Add(serve[e, t] <= serve[e, t + 1])                 # (4)
            if e in d.already_regional:
                m.solver.Add(serve[e, t] == 1)
            if d.beds.get(e, 0) == 0:
                m.solver.Add(serve[e, t] <= _ready(m, e, t))
            # a count is taken at the end of the year: a building ready by then counts
            next_year = _ready(m, e, min(t + 1, len(T) - 1))
            m.solver.Add(std[e, t] <= serve[e, t] + next_year)
            m.solver.Add(std[e, t] <= int(e in d.already_regional) + next_year)     # (5)
        if m.settings.regional_standard_by is not None and \
                d.years[t] >= m.settings.regional_standard_by:
            m.solver.Add(sum(std[e, t] for e in d.eligible) >= 1)


def _options(m: Model, T: range) -> None:
    d, y = m.data, m.v.get("y", {})
    for _inst, option, _beds, _yuan, ready, _lead in d.options:
        m.solver.Add(sum(y[option, t] for t in T) <= 1)                      # (6)
        for t in T:
            if d.years[t] < ready:
                y[option, t].SetUb(0)


def _handovers(m: Model, T: range) -> None:
    d, a = m.data, m.v["a"]
    for c in d.home_of:
        chosen = sum(m.v["hand"][c, t] for t in T if (c, t) in m.v.get("hand", {}))
        if d.must_hand_over[c]:
            m.solver.Add(chosen == 1)                                        # (13)
        else:
            m.solver.Add(chosen <= 1)
    for c in d.counties:
        for e in d.eligible:
            for t in T:
                if c not in d.home_of:
                    m.v.setdefault("w", {})[c, e, t] = a[c, e, t]
                    continue
                w = m.var("w", (c, e, t), ub=1)
                m.solver.Add(w <= a[c, e, t])
                m.solver.Add(w <= after(m, c, t))
                m.solver.Add(w >= a[c, e, t] + after(m, c, t) - 1)


def _beds(m: Model, T: range) -> None:
    d, a, w = m.data, m.v["a"], m.v["w"]
    for e in d.eligible:
        for t in T:
            needed = 0
            for n, c in enumerate(d.counties):
                long_term, temporary = regional_children(d, n, t)
                needed += w[c, e, t] * float(long_term.sum()) + a[c, e, t] * float(
                    temporary.sum())
            added = sum(b * m.v["y"][o, tau] for inst, o, b, *_ in d.options if inst == e
                        for tau in range(t + 1))
            beds = d.beds.get(e, 0) + added
            if m.settings.elastic:
                beds = beds + slack(m, f"beds.{e}", d.years[t], 1.0)
            m.solver.Add(beds >= needed)                                     # (7)
    _bed_floors(m, T)


def _bed_floors(m: Model, T: range) -> None:
    """(7), robust plans: at least the beds the simulation's peaks asked for, built by the
    institution's capacity options (the loop never asks for more than they can give)."""
    d = m.data
    for inst, floors in d.bed_floors.items():
        for t in T:
            floor = floors.get(d.years[t])
            if not floor:
                continue
            beds = d.beds.get(inst, 0) + sum(b * m.v["y"][o, tau] for i, o, b, *_ in d.options
                                              if i == inst for tau in range(t + 1))
            keep = m.v["serve"][inst, t] if inst in d.eligible else 1
            m.solver.Add(beds >= floor * keep)                               # (7)


def _load(m: Model, inst: str, t: int):
    """Caregivers the ratios require at an institution in year t (a linear expression)."""
    d = m.data
    inv = d.ratio_inv[inst][:, t]
    if inst in d.eligible:
        load = 0
        for n, c in enumerate(d.counties):
            long_term, temporary = regional_children(d, n, t)
            load += m.v["w"][c, inst, t] * float(long_term @ inv) + m.v["a"][c, inst, t] * float(
                temporary @ inv)
        return load
    load = 0
    for n, c in enumerate(d.counties):
        if d.home_of.get(c) == inst:
            # the home looks after its children until the year it hands them over
            before = 1 - after(m, c, t - 1) if t else 1
            load += float(d.long_term[n, :, t] @ inv) * before
        if d.temp_care.get(c) == inst:
            load += float(d.temporary[n, :, t] @ inv)
    return load


def _home_county(d: PrefectureData, inst: str) -> str | None:
    return next((c for c, home in d.home_of.items() if home == inst), None)


def _staff(m: Model, T: range) -> None:
    d, s, st = m.data, m.v["s"], m.settings
    redeploy = {}
    for c, home in d.home_of.items():
        for t in T:
            if any(y <= d.years[t] for y in d.handover[c]):
                for e in d.eligible:
                    for r in range(3):
                        x = redeploy[home, e, r, t] = m.var("red", (home, e, r, t), integer=True)
                        m.solver.Add(x <= BIG_STAFF * after(m, c, t))               # (12)
    for inst in d.institutions:
        for t in T:
            out = {r: sum(v for (i, _e, rr, tt), v in redeploy.items()
                          if i == inst and rr == r and tt == t) for r in range(3)}
            into = {r: sum(v for (_i, e, rr, tt), v in redeploy.items()
                           if e == inst and rr == r and tt == t) for r in range(3)}
            _caregivers(m, inst, t, out[CARE])                                      # (8)
            _professionals(m, inst, t)                                                # (9)
            keep = m.v["serve"][inst, t] if inst in d.eligible else 1
            for r in (PROF, OTHER):                                                   # (10)
                m.solver.Add(s[inst, r, t] >= int(d.staff0[inst][r]) * keep)
            if inst in d.eligible:
                for r in range(3):
                    m.solver.Add(s[inst, r, t] <= BIG_STAFF * m.v["serve"][inst, t])
            for r in range(3):
                before = s[inst, r, t - 1] if t else int(d.staff0[inst][r])
                m.solver.Add(s[inst, r, t] == before + m.v["hire"][inst, r, t]
                             - m.v["lay"][inst, r, t] + into[r] - out[r])             # (11)
                if not isinstance(out[r], int):
                    m.solver.Add(out[r] <= st.redeploy_share * before)               # (12)


def _professionals(m: Model, inst: str, t: int) -> None:
    """(9): the professionals' share, counted at the end of the year it is due and at both
    ends of every later year, net of those expected to leave within the lead time."""
    d, s, st = m.data, m.v["s"], m.settings
    share = d.professional_share[inst][t]
    if share <= 0:
        return
    kept = 1 - st.attrition * st.lead_days / 365.25
    others = s[inst, CARE, t] + s[inst, OTHER, t]
    m.solver.Add((1 - share) * kept * s[inst, PROF, t] >= share * others)
    if t and d.professional_share[inst][t - 1] > 0:
        m.solver.Add((1 - share) * kept * s[inst, PROF, t - 1] >= share * others)


def _caregivers(m: Model, inst: str, t: int, moving_out) -> None:
    """(8): the ratios and round-the-clock duty; staff moving with the children in the
    hand-over year still count at the home that year."""
    d, s = m.data, m.v["s"]
    load = _load(m, inst, t)
    county = _home_county(d, inst)
    credit = 0
    if county is not None and (county, t) in m.v.get("hand", {}):
        credit = m.var("credit", (inst, t))
        m.solver.Add(credit <= moving_out)
        m.solver.Add(credit <= BIG_STAFF * m.v["hand"][county, t])
    m.solver.Add(s[inst, CARE, t] + credit >= load)
    floor = d.floors.get(inst, {}).get(d.years[t])
    if floor:
        keep = m.v["serve"][inst, t] if inst in d.eligible else 1
        m.solver.Add(s[inst, CARE, t] >= floor * keep)
    posts = d.round_the_clock[inst][t]
    if not posts:
        return
    if inst in d.eligible:
        m.solver.Add(s[inst, CARE, t] >= posts * m.v["serve"][inst, t])
    elif _holds_children(d, inst, t):
        m.solver.Add(s[inst, CARE, t] + credit >= posts)


def _holds_children(d: PrefectureData, inst: str, t: int) -> bool:
    """Whether an institution that is not a regional one expects children in year t."""
    for n, c in enumerate(d.counties):
        if d.temp_care.get(c) == inst and d.temporary[n, :, t].sum() > 0:
            return True
        if d.home_of.get(c) == inst and (not d.handover[c] or d.years[t] <= d.handover[c][-1]):
            return True
    return False


def _moves(m: Model, T: range) -> None:
    d, a = m.data, m.v["a"]
    for c in d.counties:
        for e in d.eligible:
            for t in range(1, len(T)):
                moved = m.var("mv", (c, e, t), ub=1)
                m.solver.Add(moved >= a[c, e, t] - a[c, e, t - 1])                   # (16)
