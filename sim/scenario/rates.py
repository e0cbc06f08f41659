"""What a region file's arrival rates mean: the one definition of entries into care.

A county's ``demand.arrivals`` give three Poisson means a year: newly found infants, other
long-term guardianship cases and temporary guardianship cases. Some temporary cases turn
long-term (``process.temporary.to_long_term_share``). Whether those conversions are already
part of the ``long_term`` rate or come on top of it is stated once, in
``demand.conversions``, and read only here, by the simulation and by the optimizer's demand
projection alike, so that no child is counted twice:

- ``included``: ``long_term`` counts every child entering long-term guardianship other than
  found infants, converted temporary cases among them; children who arrive as long-term
  cases directly are ``long_term`` minus the expected conversions.
- ``separate``: ``long_term`` counts direct cases only; conversions come on top.

Children entering long-term care a year are then found infants whose parents are not found,
plus direct cases, plus conversions. A region file whose long-term rate is smaller than the
conversions it includes is refused when loaded; a rate moved below them afterwards (a
sensitivity sample) leaves no direct cases, never a negative rate.
"""

from __future__ import annotations

from typing import NamedTuple

from sim.scenario.model import Region, series_at


class Entries(NamedTuple):
    """Expected children a year coming into care in one county, by how they come."""

    infants: float      # newly found infants (all of them; some parents are found in intake)
    direct: float       # cases that arrive as long-term guardianship (the long-term stream)
    temporary: float    # temporary guardianship cases
    converted: float    # temporary cases expected to turn long-term
    admitted_infants: float   # found infants whose parents are not found

    @property
    def long_term(self) -> float:
        """Children a year entering long-term guardianship, however they come."""
        return self.admitted_infants + self.direct + self.converted


def long_term_entries(region: Region, county: str, year: int) -> Entries:
    """The entries into care of a county in a year, as the region file defines them."""
    rates = region.demand.arrivals[county]
    process = region.process
    infants = series_at(rates.infant, year)
    temporary = series_at(rates.temporary, year)
    converted = temporary * process.temporary.to_long_term_share
    stated = series_at(rates.long_term, year)
    direct = stated - converted if region.demand.conversions == "included" else stated
    return Entries(infants=infants, direct=max(direct, 0.0), temporary=temporary,
                   converted=converted,
                   admitted_infants=infants * (1 - process.intake.parent_found_probability))


def rate_years(region: Region, county: str) -> list[int]:
    """The years in which a county's rates may change (0: from the start of time)."""
    rates = region.demand.arrivals[county]
    return sorted({*rates.infant, *rates.long_term, *rates.temporary})
