"""Loaders for the official Scottish data files placewell knows by their published layout.

Each reader takes the file exactly as its publisher releases it, checks it (a missing or
renamed column, a bad code or a non-numeric count rejects the whole file with a
:class:`~placewell.errors.DataContractError` naming the file, data row and column) and
returns pyarrow tables shaped as the data contract says
(:func:`placewell.data.schemas.get_table`). Writing them to the warehouse is the
caller's job.

=============================================  =========================================
reader                                         contract tables
=============================================  =========================================
:func:`read_simd` (either SIMD layout)         ``area_deprivation``, ``areas``
:func:`read_phs_simd_lookup`                   ``area_deprivation``, ``areas``
:func:`read_sg_simd`                           ``area_deprivation``, ``areas``
:func:`read_hscp_localities`                   ``areas`` (with localities)
:func:`read_population`                        ``population``
:func:`read_delayed_discharge_csv`             ``delayed_discharge_monthly``
:func:`fetch_delayed_discharge` (network)      ``delayed_discharge_monthly``
=============================================  =========================================
"""

from __future__ import annotations

from placewell.data.official.ckan import PHS_OPEN_DATA_URL, CkanClient
from placewell.data.official.delayed_discharge import (
    DELAYED_DISCHARGE_RESOURCE_ID,
    fetch_delayed_discharge,
    read_delayed_discharge_csv,
    read_delayed_discharge_dump,
    read_delayed_discharge_records,
)
from placewell.data.official.localities import read_hscp_localities
from placewell.data.official.population import read_population
from placewell.data.official.simd import (
    read_phs_simd_lookup,
    read_sg_simd,
    read_sg_simd_population,
    read_simd,
)

__all__ = [
    "DELAYED_DISCHARGE_RESOURCE_ID",
    "PHS_OPEN_DATA_URL",
    "CkanClient",
    "fetch_delayed_discharge",
    "read_delayed_discharge_csv",
    "read_delayed_discharge_dump",
    "read_delayed_discharge_records",
    "read_hscp_localities",
    "read_phs_simd_lookup",
    "read_population",
    "read_sg_simd",
    "read_sg_simd_population",
    "read_simd",
]
