"""Defaults in one place: matching thresholds and other tunables.

The thresholds were fitted on the train half of MRPC; the README says how.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchConfig:
    match: float = 0.75  # at or above: the claim joins the cluster
    suggest: float = 0.60  # between suggest and match: a suggestion for a reviewer


DEFAULT_MATCH = MatchConfig()
