"""The ``storyline`` command line: thin click commands over :mod:`storyline.api`.

Conventions (as sqlite-utils): data on stdout, messages on stderr; ``--json`` for
machines; exit codes 0 ok, 1 error (one line, no traceback), 2 usage, 3 finished but
some inputs or documents failed (counted on stderr).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import click

from storyline import __version__

EXIT_PARTIAL = 3
SHARED = Path("..") / "shared"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Settings:
    """Global options, resolved once by the group and passed to every command."""

    db: str
    config_path: str | None
    overrides: tuple[str, ...]
    verbose: int

    def open(self):  # -> Corpus (import deferred: --help must not load the stack)
        from storyline.api import open_corpus
        from storyline.store import StoreError

        try:
            return open_corpus(self.db, config_path=self.config_path, overrides=self.overrides)
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None
        except (ValueError, OSError) as exc:
            raise click.ClickException(f"configuration: {exc}") from None


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(func)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def warn(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="STORYLINE_DB",
    default="storyline.db",
    show_default=True,
    help="SQLite file path or SQLAlchemy URL (postgresql://...). Also read from STORYLINE_DB.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="A TOML file whose keys override the shipped defaults.",
)
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override one setting, e.g. --set pipeline.batch_size=32 (repeatable).",
)
@click.option(
    "--actors",
    "actor_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A user actor registry (YAML/JSON, same schema as the bundled one; repeatable). "
    "Sets stages.actors.extra; its entries replace same-id registry entries.",
)
@click.option("-v", "--verbose", count=True, help="More messages on stderr (-vv for more).")
@click.version_option(__version__, prog_name="storyline")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str,
    config_path: str | None,
    overrides: tuple[str, ...],
    actor_files: tuple[str, ...],
    verbose: int,
) -> None:
    """Turn news articles about one story into a cross-checked, cited record.

    \b
    Example:
        storyline add examples/corpus
        storyline analyze
        storyline export --format json out/storyline.json
    """
    if actor_files:
        paths = [str(Path(p).resolve()) for p in actor_files]
        overrides = (*overrides, f"stages.actors.extra={json.dumps(paths)}")
    ctx.obj = Settings(db, config_path, overrides, verbose)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Read and parse, but write nothing to the store.")
@json_option
@click.pass_obj
def add(settings: Settings, paths: tuple[str, ...], dry_run: bool, as_json: bool) -> None:
    """Add articles from files, folders (recursively), - (stdin) or URLs.

    Formats: .txt, .html/.htm (also .gz), .json and .jsonl records with a "text" or
    "html" field, RSS/Atom feeds (.rss, .atom, .xml). Re-adding the same content is a
    no-op. A bad file is reported on stderr and the rest are still added.

    \b
    Example:
        storyline add examples/corpus
        cat article.txt | storyline add -
    """
    with settings.open() as corpus:

        def tell(item: Any, new: bool) -> None:
            from storyline.ingest import IngestError

            if isinstance(item, IngestError):
                warn(f"error: {item}")
            elif settings.verbose:
                state = "added" if new else "already stored"
                warn(f"{state}: {item.name} ({item.id})")

        report = corpus.add(paths, dry_run=dry_run, on_item=tell)
    if as_json:
        echo_json({**report.as_dict(), "dry_run": dry_run})
    else:
        verb = "would add" if dry_run else "added"
        click.echo(
            f"{verb} {len(report.added)} documents, {len(report.skipped)} already stored, "
            f"{len(report.errors)} errors"
        )
    if report.errors:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.option("--retry-failed", is_flag=True, help="Also retry documents that failed before.")
@click.option("--limit", type=click.IntRange(min=1), help="Analyse at most this many documents.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Run document stages on a local Dask cluster with this many worker processes.",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Run document stages on an existing Dask cluster.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal)."
)
@json_option
@click.pass_obj
def analyze(
    settings: Settings,
    retry_failed: bool,
    limit: int | None,
    workers: int | None,
    scheduler: str | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Run every configured stage on documents not yet analysed.

    Only new documents (or ones analysed under different settings) are processed.
    Each document's results are written in one transaction.

    \b
    Example:
        storyline analyze --json
        storyline analyze --workers 2
        storyline analyze --scheduler tcp://10.0.0.5:8786
    """
    from storyline.pipeline import PipelineError

    if workers and scheduler:
        raise click.UsageError("use just one of --workers or --scheduler")

    with settings.open() as corpus:
        try:
            corpus.pipeline()
        except PipelineError as exc:
            raise click.ClickException(f"pipeline: {exc}") from None
        total = len(corpus.store.pending_ids(corpus.config.fingerprint(), retry_failed))
        if limit is not None:
            total = min(total, limit)
        show = sys.stderr.isatty() if progress is None else progress
        with click.progressbar(
            length=total, label="analyzing", file=sys.stderr if show else _Null()
        ) as bar:
            executor = None
            if workers or scheduler:
                from storyline.executors import DaskExecutor

                try:
                    executor = DaskExecutor(workers=workers, scheduler=scheduler)
                except (OSError, RuntimeError, ValueError) as exc:
                    raise click.ClickException(f"dask: {exc}") from None
            report = corpus.analyze(
                executor=executor, retry_failed=retry_failed, limit=limit, progress=bar.update
            )
    for doc_id, error in report.failed:
        warn(f"error: document {doc_id}: {error}")
    if as_json:
        echo_json(report.as_dict())
    else:
        click.echo(f"analyzed {report.analyzed} documents, {len(report.failed)} failed")
    if report.failed:
        sys.exit(EXIT_PARTIAL)


class _Null:
    """A sink for the progress bar when it should not show."""

    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        return None

    def isatty(self) -> bool:
        return False


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "parquet", "plover"]),
    default="json", show_default=True,
    help="parquet needs pyarrow: pip install 'storyline[parquet]'. plover writes the coded "
    "events as PLOVER JSON records (one file).",
)
@click.option("--negated", is_flag=True, help="With --format plover, keep negated events.")
@click.option("--table", "tables", multiple=True, help="Export only this table (repeatable).")
@click.argument("out", type=click.Path(dir_okay=True, writable=True))
@click.pass_obj
def export(
    settings: Settings, fmt: str, negated: bool, tables: tuple[str, ...], out: str
) -> None:
    """Export the store: JSON to one file, CSV to a folder of <table>.csv files.

    \b
    Example:
        storyline export --format json out/storyline.json
        storyline export --format csv out/csv
        storyline export --format parquet out/parquet
        storyline export --format plover out/events.plover.json
    """
    from storyline.report.export import export as run_export

    with settings.open() as corpus:
        try:
            if fmt == "plover":
                from storyline.report.plover import export_plover

                counts = {"events": export_plover(corpus.store, out, negated=negated)}
            elif fmt == "parquet":
                from storyline.report.parquet import export_parquet

                counts = export_parquet(corpus.store, out, tables or None)
            else:
                counts = run_export(corpus.store, fmt, out, tables or None)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    warn(f"wrote {out}: {summary}")


@cli.command()
@click.option("--html", "html_path", type=click.Path(dir_okay=False, writable=True),
              help="Write the self-contained HTML report here.")
@click.option("--md", "md_path", type=click.Path(dir_okay=False, writable=True),
              help="Write the Markdown report here.")
@click.option("--title", help="Report title (default: storyline report).")
@click.option(
    "--similarity", type=click.Choice(["auto", "embeddings", "tfidf"]), default="auto",
    show_default=True, help="How summaries compare sentences (auto: MiniLM if installed).",
)
@click.pass_obj
def report(settings: Settings, html_path: str | None, md_path: str | None,
           title: str | None, similarity: str) -> None:
    """Write the report: timeline, per-event cited summaries, claims, quotes, positions.

    The HTML file is self-contained and works offline (no scripts, no network).

    \b
    Example:
        storyline report --html out/report.html --md out/report.md
    """
    if not html_path and not md_path:
        raise click.UsageError("give --html PATH, --md PATH, or both")
    from storyline.report.html import render_report, write_text
    from storyline.report.markdown import render_markdown
    from storyline.report.readers import Corpus as ReadModel

    with settings.open() as corpus:
        model = ReadModel(corpus.store)
        if html_path:
            write_text(html_path, render_report(model, method=similarity, title=title))
            warn(f"wrote {html_path}")
        if md_path:
            write_text(md_path, render_markdown(model, method=similarity, title=title))
            warn(f"wrote {md_path}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback exposes the corpus to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.pass_obj
def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the dashboard and JSON API (OpenAPI schema at /openapi.json).

    Adding documents (POST /api/documents) needs the token in STORYLINE_TOKEN.

    \b
    Example:
        storyline serve --port 8000
        STORYLINE_TOKEN=secret storyline serve
    """
    import ipaddress

    import uvicorn

    from storyline.store import Store, StoreError
    from storyline.web import create_app

    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        warn(f"warning: binding to {host}: the dashboard is reachable from the network")
    try:
        store = Store.open(settings.db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    warn(f"serving {settings.db} on http://{host}:{port}/")
    uvicorn.run(create_app(store), host=host, port=port, log_level="warning")


@cli.command()
@json_option
def stages(as_json: bool) -> None:
    """List the registered stages, their defaults and contracts.

    \b
    Example:
        storyline stages --json
    """
    from storyline.registry import STAGES, get_stage

    get_stage("clean")  # loads the built-in registrations
    rows = [
        {
            "name": spec.name,
            "kind": spec.kind,
            "requires": list(spec.requires),
            "produces": list(spec.produces),
            "defaults": dict(spec.defaults),
            "doc": spec.doc,
        }
        for spec in STAGES.values()
    ]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['name']} ({row['kind']}): {row['doc']}")
        click.echo(f"  requires: {', '.join(row['requires']) or '-'}")
        click.echo(f"  produces: {', '.join(row['produces']) or '-'}")


# -- evaluation ----------------------------------------------------------------------


@cli.group(name="eval")
def eval_group() -> None:
    """Score storyline against gold data; prints a table, or JSON with --json.

    \b
    Example:
        storyline eval clean --seeds ../shared/seeds --gold ../shared/gold/seeds/clean.json
        storyline eval extraction --data ../shared/data/article-extraction --json
    """


def _print_result(result: Any, as_json: bool, details: bool = False) -> None:
    from storyline.evaluation import format_table

    if as_json:
        echo_json(result.as_dict(details=details))
    else:
        click.echo(format_table(result))


def _existing(kind: str) -> click.Path:
    return click.Path(exists=True, file_okay=kind != "dir", dir_okay=kind != "file", path_type=Path)


def _stacked(*options: Callable[[F], F]) -> Callable[[F], F]:
    """Apply click options so that ``--help`` lists them in the order given."""

    def decorate(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def seeds_options(gold: str, details_help: str) -> Callable[[F], F]:
    """``--seeds DIR --gold FILE --details --json``: the options of a seed evaluation.

    gold: the default gold file under ``../shared/gold/seeds/``.
    details_help: what ``--details`` adds to the JSON output.
    """
    return _stacked(
        click.option("--seeds", type=_existing("dir"), default=SHARED / "seeds",
                     show_default=True, help="A folder of articles to analyse."),
        click.option("--gold", type=_existing("file"), default=SHARED / "gold/seeds" / gold,
                     show_default=True, help="The gold annotation to score against."),
        click.option("--details", is_flag=True, help=f"With --json, include {details_help}."),
        json_option,
    )


def data_options(data: str, kind: str, unit: str, details_help: str) -> Callable[[F], F]:
    """``--data PATH --limit N --details --json``: the options of a data-set evaluation.

    data: the default path under ``../shared/data/``; kind: ``dir`` or ``file``;
    unit: what ``--limit`` counts (texts, records, ...).
    """
    return _stacked(
        click.option("--data", type=_existing(kind), default=SHARED / "data" / data,
                     show_default=True),
        click.option("--limit", type=click.IntRange(min=1),
                     help=f"Score only the first N {unit}."),
        click.option("--details", is_flag=True, help=f"With --json, include {details_help}."),
        json_option,
    )


def _run_eval(settings: Settings | None, evaluate: Callable[..., Any], *args: Any,
              as_json: bool, details: bool, **kwargs: Any) -> None:
    """Run one evaluation with the global configuration and print its result.

    A bad configuration or unreadable gold file is one line on stderr and exit 1, as
    everywhere else in the CLI. ``settings`` is None for evaluations that do not run
    the pipeline (they need no configuration).
    """
    try:
        if settings is not None:
            from storyline.config import load_config

            kwargs["config"] = load_config(settings.config_path, settings.overrides)
        result = evaluate(*args, **kwargs)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    _print_result(result, as_json, details)


@eval_group.command(name="clean")
@seeds_options("clean.json", "per-document misses")
def eval_clean(seeds: Path, gold: Path, details: bool, as_json: bool) -> None:
    """Boilerplate-line precision/recall, body-line recall and title accuracy."""
    from storyline.evaluation.clean import evaluate

    _run_eval(None, evaluate, seeds, gold, as_json=as_json, details=details)


@eval_group.command(name="extraction")
@data_options("article-extraction", "dir", "pages", "per-page scores")
@click.option(
    "--extractor",
    type=click.Choice(["storyline", "trafilatura"]),
    default="storyline",
    show_default=True,
    help="trafilatura: the benchmark's own trafilatura run, as a baseline.",
)
def eval_extraction(
    data: Path, limit: int | None, extractor: str, details: bool, as_json: bool
) -> None:
    """Main-text extraction P/R/F1, scored as the article-extraction benchmark does."""
    from storyline.evaluation.extraction import evaluate

    _run_eval(None, evaluate, data, limit=limit, extractor=extractor, as_json=as_json,
              details=details)


@eval_group.command(name="actors")
@seeds_options("entities.json", "the unresolved forms")
@click.pass_obj
def eval_actors(settings: Settings, seeds: Path, gold: Path, details: bool, as_json: bool) -> None:
    """Actor resolution: share of gold surface forms resolved to the right actor.

    Honours the global --config, --set and --actors options.

    \b
    Example:
        storyline eval actors --seeds ../shared/seeds --gold ../shared/gold/seeds/entities.json
        storyline --actors my_actors.yaml eval actors --json --details
    """
    from storyline.evaluation.actors import evaluate

    _run_eval(settings, evaluate, seeds, gold, as_json=as_json, details=details)


@eval_group.command(name="quotes")
@seeds_options("quotes.json", "per-document misses")
@click.pass_obj
def eval_quotes(settings: Settings, seeds: Path, gold: Path, details: bool, as_json: bool) -> None:
    """Direct and indirect quote precision/recall and speaker accuracy on the seeds.

    Honours the global --config and --set options.

    \b
    Example:
        storyline eval quotes --seeds ../shared/seeds --gold ../shared/gold/seeds/quotes.json
        storyline eval quotes --json --details
    """
    from storyline.evaluation.quotes import evaluate

    _run_eval(settings, evaluate, seeds, gold, as_json=as_json, details=details)


@eval_group.command(name="polnear")
@data_options("polnear/dev", "dir", "texts", "per-text misses")
@click.pass_obj
def eval_polnear(
    settings: Settings, data: Path, limit: int | None, details: bool, as_json: bool
) -> None:
    """Quote content P/R/F1 and source accuracy on PolNeAR, scored as GenderGapTracker does.

    Honours the global --config and --set options.

    \b
    Example:
        storyline eval polnear --data ../shared/data/polnear/dev
        storyline eval polnear --data ../shared/data/polnear/train --json
    """
    from storyline.evaluation.polnear import evaluate

    _run_eval(settings, evaluate, data, limit=limit, as_json=as_json, details=details)


@eval_group.command(name="temporal")
@data_options("tempeval3", "dir", "files", "value errors, misses, false alarms")
@click.pass_obj
def eval_temporal(
    settings: Settings, data: Path, limit: int | None, details: bool, as_json: bool
) -> None:
    """Temporal expressions on TimeML (TempEval-3): value accuracy, detection F1, value F1.

    Honours the global --config and --set options.

    \b
    Example:
        storyline eval temporal --data ../shared/data/tempeval3
        storyline eval temporal --limit 20 --json --details
    """
    from storyline.evaluation.temporal import evaluate

    _run_eval(settings, partial(evaluate, details=details), data, limit=limit,
              as_json=as_json, details=details)


@eval_group.command(name="clusters")
@click.option("--data", type=_existing("file"),
              help="JSONL records with 'text' and a gold 'event' (optional 'title', 'date').")
@click.option("--seeds", type=_existing("dir"), help="A folder of seed articles (with --gold).")
@click.option("--gold", type=_existing("file"), help="Seed gold events.json (with --seeds).")
@click.option("--details", is_flag=True, help="With --json, include every cluster and match.")
@json_option
@click.pass_obj
def eval_clusters(
    settings: Settings, data: Path | None, seeds: Path | None, gold: Path | None, details: bool,
    as_json: bool,
) -> None:
    """Event clustering: B-cubed P/R/F1, pairwise F1, predicted and gold cluster counts.

    Give --data, or --seeds with --gold (scored on each document's primary event).
    Honours the global --config and --set options.

    \b
    Example:
        storyline eval clusters --data ../shared/data/ecbplus/docs.jsonl
        storyline eval clusters --seeds ../shared/seeds --gold ../shared/gold/seeds/events.json
    """
    from storyline.evaluation.clusters import evaluate

    if (data is None) == (seeds is None) or (seeds is None) != (gold is None):
        raise click.UsageError("give --data FILE.jsonl, or --seeds DIR with --gold FILE")
    _run_eval(settings, evaluate, data, seeds=seeds, gold=gold, as_json=as_json,
              details=details)


@eval_group.command(name="derivations")
@seeds_options("events.json", "found and missed pairs")
@click.pass_obj
def eval_derivations(
    settings: Settings, seeds: Path, gold: Path, details: bool, as_json: bool
) -> None:
    """Derivation links: precision and recall of (derived, source) pairs on the seeds.

    Honours the global --config and --set options.

    \b
    Example:
        storyline eval derivations --seeds ../shared/seeds --gold ../shared/gold/seeds/events.json
    """
    from storyline.evaluation.derivations import evaluate

    _run_eval(settings, evaluate, seeds, gold, as_json=as_json, details=details)


@eval_group.command(name="stance")
@data_options("fnc1", "dir", "pairs", "confusion matrices")
@click.option("--folds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Cross-validation folds for the trained comparison model.")
@click.option("--no-train", is_flag=True, help="Score only the shipped model (no CV training).")
def eval_stance(
    data: Path, limit: int | None, folds: int, no_train: bool, details: bool, as_json: bool
) -> None:
    """Stance between texts on FNC-1: official relative score (fnc_score), per-class F1.

    Scores the shipped stance() model, and a model trained by grouped cross-validation
    inside the folder on the same features (the *_cv_trained metrics).

    \b
    Example:
        storyline eval stance --data ../shared/data/fnc1
        storyline eval stance --limit 500 --no-train --json
    """
    from storyline.evaluation.stance import evaluate

    _run_eval(None, partial(evaluate, details=details), data, limit=limit, folds=folds,
              train=not no_train, as_json=as_json, details=details)


@eval_group.command(name="claims")
@seeds_options("claims.json", "matches, misses, conflicts")
@click.pass_obj
def eval_claims(settings: Settings, seeds: Path, gold: Path, details: bool, as_json: bool) -> None:
    """Claims: value recall, support F1, contradiction P/R, cross-event conflicts.

    Honours the global --config, --set and --actors options.

    \b
    Example:
        storyline eval claims --seeds ../shared/seeds --gold ../shared/gold/seeds/claims.json
        storyline eval claims --json --details
    """
    from storyline.evaluation.claims import evaluate

    _run_eval(settings, evaluate, seeds, gold, as_json=as_json, details=details)


@eval_group.command(name="plover")
@data_options("plover/gsr_dev.json", "file", "records", "the confusion and misses")
@click.pass_obj
def eval_plover(
    settings: Settings, data: Path, limit: int | None, details: bool, as_json: bool
) -> None:
    """PLOVER gold records: sentence event type, source and target country accuracy.

    Gold types in PLOVER 0.5 names are mapped to the current 16 types. Honours the global
    --config, --set and --actors options.

    \b
    Example:
        storyline eval plover --data ../shared/data/plover/gsr_dev.json
        storyline eval plover --json --details
    """
    from storyline.evaluation.plover import evaluate

    _run_eval(settings, evaluate, data, limit=limit, as_json=as_json, details=details)


@eval_group.command(name="events")
@seeds_options("events_coded.json", "misses per document")
@click.pass_obj
def eval_events(settings: Settings, seeds: Path, gold: Path, details: bool, as_json: bool) -> None:
    """Coded events: P/R/F1 of (document, type, source actor, target actor).

    Honours the global --config, --set and --actors options.

    \b
    Example:
        storyline eval events --seeds ../shared/seeds --gold ../shared/gold/seeds/events_coded.json
        storyline --actors examples/actors.yaml eval events --seeds examples/corpus \\
            --gold tests/fixtures/examples/events_coded.json
    """
    from storyline.evaluation.events import evaluate

    _run_eval(settings, evaluate, seeds, gold, as_json=as_json, details=details)


@eval_group.command(name="positions")
@seeds_options("positions.json", "misses and the issue map")
@click.pass_obj
def eval_positions(
    settings: Settings, seeds: Path, gold: Path, details: bool, as_json: bool
) -> None:
    """Negotiation stances: coverage of gold (actor, issue) stances and stance accuracy.

    Honours the global --config, --set and --actors options.

    \b
    Example:
        storyline eval positions --seeds ../shared/seeds --gold ../shared/gold/seeds/positions.json
        storyline eval positions --json --details
    """
    from storyline.evaluation.positions import evaluate

    _run_eval(settings, evaluate, seeds, gold, as_json=as_json, details=details)


def main() -> None:
    """Entry point for the console script and ``python -m storyline``."""
    cli(prog_name="storyline")


if __name__ == "__main__":
    main()
