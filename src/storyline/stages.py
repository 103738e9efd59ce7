"""Importing this module registers every built-in stage with :mod:`storyline.registry`.

Each stage lives in its own package; this is the one place that lists them, as spaCy's
``pipeline/factories.py`` does.
"""

from __future__ import annotations

import storyline.clean  # noqa: F401  clean
import storyline.nlp  # noqa: F401  parse
