"""storyline benchmark: throughput, memory, Dask speed-up, incremental cost.

Builds a corpus from every text in ../shared/data (written to a temporary folder, never
into the repository), then measures in one run:

* documents per second for ``add``, each stage, and end to end (add + analyze);
* spaCy's parse alone over the same clean texts, and the end-to-end / parse-only ratio;
* peak resident memory of the in-process run;
* ``analyze`` again with nothing new (incremental no-op);
* Dask with 1 and 2 local workers: time, speed-up, and whether results are identical;
* the streaming clusterer's cost to add the 1,000th vs the 10,000th document, when
  bench/stream.py is present.

Prints one JSON object. See bench/README.md for how to read it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

HERE = Path(__file__).resolve().parent
_TAG = re.compile(r"<[^>]+>")


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _sources(shared: Path) -> dict[str, list[tuple[str, bytes]]]:
    """(file name, content) per source data set, in a stable order."""
    data = shared / "data"
    out: dict[str, list[tuple[str, bytes]]] = {}

    def records(name: str, rows: Iterator[dict], fields: tuple[str, ...]) -> None:
        out[name] = [
            (f"{name}-{i:05d}.json", json.dumps({k: r[k] for k in fields if r.get(k)}).encode())
            for i, r in enumerate(rows)
        ]

    records("fnc1", ({"text": r["body"]} for r in _jsonl(data / "fnc1/bodies.jsonl")), ("text",))
    records("ecbplus", _jsonl(data / "ecbplus/docs.jsonl"), ("title", "text"))
    records(
        "basil",
        ({**r, "published": r.get("date")} for r in _jsonl(data / "basil/docs.jsonl")),
        ("title", "text", "published"),
    )
    out["polnear"] = [
        (f"polnear-{p.stem}.txt", p.read_bytes())
        for split in ("train", "dev")
        for p in sorted((data / "polnear" / split / "text").glob("*.txt"))
    ]
    out["tempeval3"] = []
    for p in sorted((data / "tempeval3").rglob("*.tml")):
        raw = p.read_text("utf-8", errors="replace")
        body = raw.split("<TEXT>", 1)[-1].split("</TEXT>", 1)[0]
        out["tempeval3"].append((f"tempeval3-{p.stem}.txt", _TAG.sub("", body).encode()))
    out["article-extraction"] = [
        (p.name, p.read_bytes()) for p in sorted((data / "article-extraction/html").glob("*.gz"))
    ]
    return out


def build_corpus(shared: Path, folder: Path, limit: int | None) -> dict[str, int]:
    """Write the corpus, interleaving sources so a --limit keeps the mix."""
    sources = _sources(shared)
    counts = {name: 0 for name in sources}
    written = 0
    for row in zip_longest(*sources.values()):
        for name, item in zip(sources, row, strict=True):
            if item is None or (limit is not None and written >= limit):
                continue
            file_name, content = item
            (folder / file_name).write_bytes(content)
            counts[name] += 1
            written += 1
    return counts


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _cpu_s() -> float:
    """CPU seconds of this process so far, every thread (the embedding thread too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _table_digest(db: Path) -> dict[str, str]:
    """A digest per exported table, ignoring insertion order and timestamps."""
    from storyline.report.export import export
    from storyline.store import Store

    out = db.with_suffix(".json")
    with Store.open(db) as store:
        export(store, "json", out)
    tables = json.loads(out.read_text("utf-8"))["tables"]
    out.unlink()
    digests = {}
    for name, rows in tables.items():
        lines = sorted(
            json.dumps({k: v for k, v in r.items() if k not in {"seq", "added_at"}}, sort_keys=True)
            for r in rows
        )
        digests[name] = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
    return digests


def run_analysis(corpus_dir: Path, db: Path, workers: int | None = None,
                 overrides: tuple[str, ...] = ()) -> dict:
    """add + analyze into a fresh database; timings and the analyze report."""
    import storyline
    from storyline.executors import DaskExecutor
    from storyline.nlp.embed import clear_cache

    clear_cache()  # every run starts cold: no vectors left over from the previous one
    cpu_before = _cpu_s()
    with storyline.open(db, overrides=overrides) as corpus:
        started = time.perf_counter()
        added = corpus.add([str(corpus_dir)])
        add_s = time.perf_counter() - started
        executor = DaskExecutor(workers=workers) if workers else None
        started = time.perf_counter()
        report = corpus.analyze(executor=executor)
        analyze_s = time.perf_counter() - started
        cpu_s = _cpu_s() - cpu_before
        started = time.perf_counter()
        again = corpus.analyze()
        noop_s = time.perf_counter() - started
    return {
        "documents": len(added.added),
        "ingest_errors": len(added.errors),
        "failed": len(report.failed),
        "add_s": add_s,
        "analyze_s": analyze_s,
        "cpu_s": cpu_s,
        "stage_seconds": report.stage_seconds,
        "noop_analyze_s": noop_s,
        "noop_analyzed": again.analyzed,
    }


def parse_only(db: Path) -> dict:
    """spaCy alone over the same clean texts, with the same model and batch size."""
    from storyline.config import load_config
    from storyline.nlp.build import load_nlp
    from storyline.store import Store

    settings = load_config().stage_settings("parse")
    nlp = load_nlp(settings["model"])
    with Store.open(db) as store:
        texts = [row["text"] for row in store.iter_rows("documents")]
    started, cpu_before = time.perf_counter(), _cpu_s()
    for _ in nlp.pipe(texts, batch_size=int(settings["batch_size"])):
        pass
    seconds = time.perf_counter() - started
    return {"documents": len(texts), "seconds": seconds, "cpu_s": _cpu_s() - cpu_before,
            "docs_per_s": len(texts) / seconds}


def _progress(phase: str, figures: dict) -> None:
    """One line on stderr per finished phase: a long run that is cut short keeps them."""
    print(json.dumps({"phase": phase, **figures}, default=lambda v: round(v, 3)),
          file=sys.stderr, flush=True)


def stream_figure(shared: Path) -> dict | None:
    script = HERE / "stream.py"
    if not script.exists():
        return None
    result = subprocess.run(
        [sys.executable, str(script), "--shared", str(shared)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:] or "failed"}
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    parser.add_argument("--limit", type=int, help="use only this many documents (quick run)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask runs")
    parser.add_argument("--no-stream", action="store_true", help="skip the clustering stream")
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="KEY=VALUE", help="a setting for every run, as `storyline --set`")
    args = parser.parse_args()
    if not (args.shared / "data").is_dir():
        sys.exit(f"bench: {args.shared / 'data'} not found (the bench corpus is built from it)")

    work = Path(tempfile.mkdtemp(prefix="storyline-bench-"))
    try:
        corpus_dir = work / "corpus"
        corpus_dir.mkdir()
        sources = build_corpus(args.shared, corpus_dir, args.limit)
        overrides = tuple(args.overrides)
        local = run_analysis(corpus_dir, work / "local.db", overrides=overrides)
        _progress("in-process", local)
        peak_mb = _peak_rss_mb()
        n = local["documents"]
        end_to_end_s = local["add_s"] + local["analyze_s"]
        parse = parse_only(work / "local.db")
        _progress("parse-only", parse)
        result: dict = {
            "settings": list(overrides),
            "corpus": {
                "documents": n,
                "by_source": sources,
                "ingest_errors": local["ingest_errors"],
            },
            "throughput_docs_per_s": {
                "add": n / local["add_s"],
                **{
                    stage: n / seconds
                    for stage, seconds in local["stage_seconds"].items()
                    if seconds > 0
                },
                "end_to_end": n / end_to_end_s,
                "spacy_parse_only": parse["docs_per_s"],
            },
            "end_to_end_vs_parse_only": (n / end_to_end_s) / parse["docs_per_s"],
            # The same comparison in CPU time: what our stages cost beyond the parser,
            # whatever the number of cores used (the in-process run embeds on a second
            # thread; parse-only uses one).
            "cpu_end_to_end_vs_parse_only": parse["cpu_s"] / local["cpu_s"],
            "seconds": {
                "add": local["add_s"],
                "analyze": local["analyze_s"],
                "stages": local["stage_seconds"],
                "parse_only": parse["seconds"],
            },
            "peak_rss_mb": peak_mb,
            "noop_analyze_s": local["noop_analyze_s"],
            "failed_documents": local["failed"],
        }
        if not args.no_dask:
            reference = _table_digest(work / "local.db")
            dask_runs = {}
            for workers in (1, 2):
                db = work / f"dask{workers}.db"
                run = run_analysis(corpus_dir, db, workers=workers, overrides=overrides)
                _progress(f"dask-{workers}", run)
                dask_runs[workers] = {
                    "analyze_s": run["analyze_s"],
                    "end_to_end_docs_per_s": n / (run["add_s"] + run["analyze_s"]),
                    "identical_to_in_process": _table_digest(db) == reference,
                }
            result["dask"] = {
                "workers_1_s": dask_runs[1]["analyze_s"],
                "workers_2_s": dask_runs[2]["analyze_s"],
                "speedup_2_vs_1": dask_runs[1]["analyze_s"] / dask_runs[2]["analyze_s"],
                # add + analyze with 2 workers: both cores, as a user of this machine
                # would run it (`storyline analyze --workers 2`).
                "end_to_end_docs_per_s_2_workers": dask_runs[2]["end_to_end_docs_per_s"],
                "end_to_end_2_workers_vs_parse_only":
                    dask_runs[2]["end_to_end_docs_per_s"] / parse["docs_per_s"],
                "identical_to_in_process": all(
                    r["identical_to_in_process"] for r in dask_runs.values()
                ),
            }
        if not args.no_stream:
            result["cluster_stream"] = stream_figure(args.shared)
        print(json.dumps(result, indent=2, default=lambda v: round(v, 4)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
