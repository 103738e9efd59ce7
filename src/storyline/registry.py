"""The stage registry: every pipeline stage is a name, a factory, defaults and a contract.

Modelled on spaCy's ``Language.factory``: a stage declares what it ``requires`` from
earlier stages and what it ``produces``, so :func:`storyline.pipeline.build` can report a
misordered pipeline before it reads any input.

There are two kinds of stage:

* ``document`` stages are ``Callable[[list[Document]], list[Document]]``. They see one
  batch at a time and no other state, so they can run on a Dask worker.
* ``corpus`` stages link documents to each other (duplicates, events, claim groups).
  They are ``Callable[[CorpusContext], None]`` and run in the main process against the
  store, touching only what new documents affect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

__all__ = ["STAGES", "StageSpec", "get_stage", "stage"]

StageKind = Literal["document", "corpus"]


@dataclass(frozen=True)
class StageSpec:
    """What the registry knows about one stage."""

    name: str
    factory: Callable[..., Callable[..., Any]]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    produces: tuple[str, ...] = ()
    kind: StageKind = "document"
    doc: str = ""

    def make(self, settings: Mapping[str, Any] | None = None) -> Callable[..., Any]:
        """Build the stage callable from its defaults overridden by ``settings``."""
        options = dict(self.defaults)
        unknown = set(settings or {}) - set(options)
        if unknown:
            raise ValueError(
                f"stage {self.name!r} has no setting {', '.join(sorted(unknown))}; "
                f"it takes {', '.join(sorted(options)) or 'none'}"
            )
        options.update(settings or {})
        return self.factory(**options)


STAGES: dict[str, StageSpec] = {}


def stage(
    name: str,
    *,
    defaults: Mapping[str, Any] | None = None,
    requires: tuple[str, ...] = (),
    produces: tuple[str, ...] = (),
    kind: StageKind = "document",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a stage factory under ``name``.

    Registering a *different* factory under a taken name is refused (as spaCy does),
    because silently replacing a stage would change results without a trace.
    """

    def register(factory: Callable[..., Any]) -> Callable[..., Any]:
        existing = STAGES.get(name)
        same = existing is not None and (
            existing.factory.__module__,
            existing.factory.__qualname__,
        ) == (factory.__module__, factory.__qualname__)
        if existing is not None and not same:
            raise ValueError(f"a stage named {name!r} is already registered")
        STAGES[name] = StageSpec(
            name=name,
            factory=factory,
            defaults=MappingProxyType(dict(defaults or {})),
            requires=tuple(requires),
            produces=tuple(produces),
            kind=kind,
            doc=(factory.__doc__ or "").strip().splitlines()[0] if factory.__doc__ else "",
        )
        return factory

    return register


def get_stage(name: str) -> StageSpec:
    """Look a stage up, loading the built-in stage modules first."""
    from storyline import stages  # noqa: F401  (imports register the built-ins)

    try:
        return STAGES[name]
    except KeyError:
        known = ", ".join(sorted(STAGES))
        raise KeyError(f"no stage named {name!r}; known stages: {known}") from None
