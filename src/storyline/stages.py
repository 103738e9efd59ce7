"""Importing this module registers every built-in stage with :mod:`storyline.registry`.

Each stage lives in its own package; this is the one place that lists them, as spaCy's
``pipeline/factories.py`` does. Import order does not matter: the run order comes from
``[pipeline] stages`` in defaults.toml.
"""

from __future__ import annotations

import storyline.clean  # clean
import storyline.extract.actors  # actors
import storyline.extract.claims  # claims (and text-only reliability signals)
import storyline.extract.events  # events
import storyline.extract.quotes  # quotes
import storyline.extract.stances  # stances
import storyline.extract.timex  # timex
import storyline.link  # link
import storyline.link.claims  # claim_groups
import storyline.link.positions  # positions
import storyline.nlp  # noqa: F401  parse
