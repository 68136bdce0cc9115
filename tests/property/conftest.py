"""Hypothesis profiles: `ci` (the default, used by `make test`) runs a few hundred examples in all, the same ones
every run (derandomized, so that a failure is reproducible and CI is stable); `fuzz` (`make fuzz`) runs many
more, new ones each time. Set HYPOTHESIS_PROFILE to choose.

Every property here says the same first thing: whatever the input, only budgetlib's documented errors
(BudgetError and its kinds) may escape; any other exception is an internal error, and fails the property."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz", max_examples=3000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
