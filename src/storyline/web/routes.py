"""Dashboard pages (``pages``) and the JSON API (``api``), both over the read model."""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from storyline.report import charts, views
from storyline.report.html import css
from storyline.report.readers import CLAIM_STATUSES, Corpus
from storyline.web import schemas

__all__ = ["api", "pages"]

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])

# Empty is allowed: the filter form submits its blank date fields as "date_from=".
DATE = r"^(\d{4}-\d{2}-\d{2})?$"
bearer = HTTPBearer(auto_error=False, description="The server's STORYLINE_TOKEN")


def corpus(request: Request) -> Corpus:
    """The read model, fetched once per request (pages and their layout share it)."""
    found = getattr(request.state, "corpus", None)
    if found is None:
        found = request.state.corpus = request.app.state.storyline.corpus()
    return found


def filters(
    actor: Annotated[str | None, Query(max_length=200, description="actor id")] = None,
    outlet: Annotated[str | None, Query(max_length=300)] = None,
    date_from: Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(pattern=DATE, description="YYYY-MM-DD")] = None,
    status: Annotated[str | None, Query(max_length=40, description="claim status")] = None,
    event: Annotated[str | None, Query(max_length=100, description="event id")] = None,
    kind: Annotated[str | None, Query(max_length=40, description="claim kind (quantity, "
                                      "date, stance, event, statement) or conflict kind "
                                      "(value, polarity, negation, attribution, actor)")
                    ] = None,
) -> views.Filters:
    return views.Filters(actor=actor or None, outlet=outlet or None, date_from=date_from or None,
                         date_to=date_to or None, status=status or None, event=event or None,
                         kind=kind or None)


CorpusDep = Annotated[Corpus, Depends(corpus)]
FiltersDep = Annotated[views.Filters, Depends(filters)]


# -- pages -------------------------------------------------------------------------------


def cite_href(c: dict[str, Any]) -> str:
    """The article page with the cited sentence (and span) highlighted."""
    query: dict[str, Any] = {}
    if c.get("sentence") is not None:
        query["s"] = c["sentence"]
    if c.get("start") is not None and c.get("end") is not None:
        query["start"], query["end"] = c["start"], c["end"]
    suffix = f"?{urlencode(query)}" if query else ""
    return f"/documents/{c['doc_id']}{suffix}#{c['anchor']}"


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    c = corpus(request)
    templates = request.app.state.templates
    base = {
        "cite_href": cite_href,
        "doc_href": lambda doc_id: f"/documents/{doc_id}",
        "event_href": lambda event_id: f"/events/{event_id}",
        "has_claims": bool(c.claims),
        "availability": views.availability(c),
        "outlets": sorted({d["display_outlet"] for d in c.documents.values()}),
        "statuses": [(st, views.STATUS_LABELS.get(st, st)) for st in CLAIM_STATUSES],
        "kinds": [*((k, views.KIND_LABELS[k]) for k in views.CLAIM_KINDS),
                  *((k, "conflict: " + k) for k in views.CONFLICT_LABELS)],
        "actors": views.actor_list(c),
        "events": views.event_list(c),
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, name, {**base, **context})


@pages.get("/", response_class=HTMLResponse)
def index(request: Request, c: CorpusDep) -> HTMLResponse:
    events = views.event_list(c)
    return _render(
        request, "index.html",
        overview=views.overview(c),
        timeline=charts.timeline_svg(events, link=lambda e: f"/events/{e}"),
        coverage_chart=charts.coverage_svg(views.coverage(c), events),
    )


@pages.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, c: CorpusDep) -> HTMLResponse:
    method = request.app.state.storyline.summary_method
    event = views.event_detail(c, event_id, method=method)
    if event is None:
        raise HTTPException(404, "no such event")
    return _render(request, "event.html", e=event)


@pages.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, c: CorpusDep, f: FiltersDep) -> HTMLResponse:
    return _render(request, "documents.html", docs=views.document_list(c, f), f=f)


@pages.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(
    request: Request, doc_id: str, c: CorpusDep,
    s: Annotated[int | None, Query(ge=0)] = None,
    start: Annotated[int | None, Query(ge=0)] = None,
    end: Annotated[int | None, Query(ge=0)] = None,
) -> HTMLResponse:
    mark = (start, end) if start is not None and end is not None and end > start else None
    doc = views.document_view(c, doc_id, sentence=s, mark=mark)
    if doc is None:
        raise HTTPException(404, "no such document")
    return _render(request, "document.html", d=doc)


@pages.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, c: CorpusDep, f: FiltersDep) -> HTMLResponse:
    quotes = views.quote_list(c, f)
    return _render(request, "quotes.html", groups=views.quotes_by_speaker(quotes),
                   n=len(quotes), f=f)


@pages.get("/claims", response_class=HTMLResponse)
def claims_page(request: Request, c: CorpusDep, f: FiltersDep) -> HTMLResponse:
    # With a filter on, every match is shown unfolded: the user asked for exactly these.
    return _render(request, "claims.html", claims=views.claim_list(c, f), f=f,
                   unfold=bool(f.active()))


@pages.get("/positions", response_class=HTMLResponse)
def positions_page(request: Request, c: CorpusDep, f: FiltersDep) -> HTMLResponse:
    matrix = views.positions_matrix(c, f)
    return _render(request, "positions.html", matrix=matrix, heatmap=charts.heatmap_svg(matrix),
                   f=f)


@pages.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request) -> HTMLResponse:
    return _render(request, "actors.html")


@pages.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, c: CorpusDep, f: FiltersDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    return _render(request, "search.html", result=views.search(c, q, f), q=q, f=f)


@pages.get("/report.css")
def stylesheet() -> PlainTextResponse:
    return PlainTextResponse(css(), media_type="text/css",
                             headers={"Cache-Control": "max-age=300"})


# -- JSON API ---------------------------------------------------------------------------


@api.get("/documents", response_model=list[schemas.Document])
def api_documents(c: CorpusDep, f: FiltersDep) -> Any:
    """Documents (metadata), in the order they were added."""
    return views.document_list(c, f)


@api.get("/documents/{doc_id}", response_model=schemas.DocumentDetail)
def api_document(doc_id: str, c: CorpusDep) -> Any:
    """One document with its clean text, sentences (with offsets) and reliability signals."""
    if doc_id not in c.documents:
        raise HTTPException(404, "no such document")
    row = views.document_view(c, doc_id) or {}
    row.pop("paragraphs", None)
    return {**row, "text": c.documents[doc_id].get("text") or "",
            "sentences": [{k: s[k] for k in ("idx", "start_char", "end_char", "text")}
                          for s in c.sentences.get(doc_id, [])]}


@api.post("/documents", response_model=schemas.AddResult, status_code=201,
          responses={200: {"description": "already stored"}, 401: {"description": "bad token"},
                     403: {"description": "adding documents is disabled"}})
def api_add_document(
    body: schemas.NewDocument,
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Any:
    """Add one article (``Authorization: Bearer <STORYLINE_TOKEN>``).

    The document is stored as pending; set ``analyze`` to run the pipeline at once,
    or run ``storyline analyze`` later.
    """
    state = request.app.state.storyline
    if not state.token:
        raise HTTPException(status.HTTP_403_FORBIDDEN,
                            "adding documents is disabled: start the server with "
                            "STORYLINE_TOKEN set")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), state.token.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing or wrong token",
                            headers={"WWW-Authenticate": "Bearer"})
    from storyline.ingest.errors import IngestError
    from storyline.ingest.formats import record_to_document

    record = body.model_dump(exclude={"analyze"}, exclude_none=True)
    doc = record_to_document(record, source="api", name=body.title or "api", path=None)
    if isinstance(doc, IngestError):
        raise HTTPException(422, doc.reason)
    added = state.store.add_document(doc)
    status_text = "pending" if added else "already stored"
    if body.analyze and added:
        from storyline.api import Corpus as ApiCorpus
        from storyline.config import load_config

        report = ApiCorpus(state.store, load_config()).analyze()
        status_text = "failed" if report.failed else "analyzed"
    state.invalidate()
    result = {"id": doc.id, "added": added, "status": status_text, "name": doc.name}
    return result if added else JSONResponse(result, status_code=200)


@api.get("/events", response_model=list[schemas.Event])
def api_events(c: CorpusDep, f: FiltersDep) -> Any:
    """Events (clusters of articles reporting one real-world event), in date order."""
    return views.event_list(c, f)


@api.get("/events/{event_id}", response_model=schemas.EventDetail)
def api_event(event_id: str, request: Request, c: CorpusDep) -> Any:
    """One event: cited summary, articles, claims, quotes, coded events, positions."""
    event = views.event_detail(c, event_id, method=request.app.state.storyline.summary_method)
    if event is None:
        raise HTTPException(404, "no such event")
    return event


@api.get("/quotes", response_model=list[schemas.Quote])
def api_quotes(c: CorpusDep, f: FiltersDep) -> Any:
    """Quotes with speaker and citation; ``actor`` filters by speaker."""
    return views.quote_list(c, f)


@api.get("/claims", response_model=list[schemas.Claim])
def api_claims(c: CorpusDep, f: FiltersDep) -> Any:
    """Claim groups with corroboration status, corroborated first."""
    return views.claim_list(c, f)


@api.get("/positions", response_model=list[schemas.Position])
def api_positions(c: CorpusDep, f: FiltersDep) -> Any:
    """Actor positions per issue and event (the positions matrix, flattened)."""
    out = []
    for p in c.positions:
        if f.actor and p["actor_id"] != f.actor:
            continue
        out.append({**p, "actor": c.actor_name(p["actor_id"])})
    return out


@api.get("/coded-events", response_model=list[schemas.CodedEvent])
def api_coded_events(c: CorpusDep, f: FiltersDep) -> Any:
    """PLOVER-coded events with source, target and citation."""
    return views.coded_event_list(c, f)


@api.get("/actors", response_model=list[schemas.Actor])
def api_actors(c: CorpusDep) -> Any:
    """Actors the corpus mentions, most mentioned first."""
    return views.actor_list(c)


@api.get("/search", response_model=schemas.SearchResult)
def api_search(c: CorpusDep, f: FiltersDep,
               q: Annotated[str, Query(max_length=200)] = "") -> Any:
    """Full-text search over sentences and quotes (every word must occur)."""
    return views.search(c, q, f)
