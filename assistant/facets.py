"""Filter choices offered by the library, and the Filters a set of choices means.

The app's sidebar offers only values that occur in the index (councils, bodies,
document types, the date span), and turns the user's picks back into `Filters`.
A date range left at the library's full span is no filter at all, so undated
documents are not silently dropped by a range nobody chose.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from assistant.types import Filters, IndexedDocument


@dataclass(frozen=True)
class Facets:
    councils: tuple[str, ...]
    bodies: tuple[str, ...]
    document_types: tuple[str, ...]
    documents: tuple[tuple[str, str], ...]  # (file name, label), newest first
    first_date: date | None
    last_date: date | None


def facets(documents: Sequence[IndexedDocument]) -> Facets:
    metas = [d.meta for d in documents]
    dates = sorted(d for d in (_parse(m.date) for m in metas) if d)
    newest = sorted(metas, key=lambda m: (m.date or "", m.title), reverse=True)
    return Facets(
        councils=_distinct(m.council for m in metas),
        bodies=_distinct(m.body for m in metas),
        document_types=_distinct(m.document_type for m in metas),
        documents=tuple((m.document, document_label(m.title, m.date)) for m in newest),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )


def document_label(title: str, when: str | None) -> str:
    return f"{title} ({when})" if when else title


def filters_from(choices: Facets, councils: Iterable[str] = (), bodies: Iterable[str] = (),
                 document_types: Iterable[str] = (), documents: Iterable[str] = (),
                 dates: Sequence[date] = ()) -> Filters:
    """Filters for the user's picks; a date range equal to the full span is ignored."""
    date_from = date_to = None
    if len(dates) == 2:
        start, end = sorted(dates)
        if choices.first_date and start > choices.first_date:
            date_from = start.isoformat()
        if choices.last_date and end < choices.last_date:
            date_to = end.isoformat()
    return Filters(councils=tuple(councils), bodies=tuple(bodies),
                   document_types=tuple(document_types), documents=tuple(documents),
                   date_from=date_from, date_to=date_to)


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v}, key=str.lower))


def _parse(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
