"""Importing this module registers every built-in stage with :mod:`storyline.registry`.

Each stage lives in its own package; this is the one place that lists them, as spaCy's
``pipeline/factories.py`` does.
"""

from __future__ import annotations

import storyline.clean  # noqa: F401  clean
import storyline.nlp  # noqa: F401  parse
import storyline.extract.timex  # noqa: F401  timex
import storyline.extract.actors  # noqa: F401  actors
import storyline.extract.quotes  # noqa: F401  quotes
import storyline.extract.events  # noqa: F401  events
import storyline.extract.stances  # noqa: F401  stances
