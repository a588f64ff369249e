"""Analysts' reviews in the store: the log (``reviews``) and the reviewed events.

A review is one row of ``reviews``: who, when, the event before and after, why. Its
effect is written into ``events`` at once (an edited event replaces the machine's row,
a rejected one is marked and left out of every query, an added one is a new row), so
queries, exports, the map and the control rebuild read reviewed events without knowing
about reviews. The log is keyed by the report's content hash and never deleted with the
report: when a report is stored again (``ingest(..., replace=True)`` after a model
change), its reviews are replayed in order over the new machine events.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from ..errors import ReviewTargetMissing, StoreError
from .base import JsonDict
from .review_changes import STATUS_OF, Review, added_event, check_review, edited_event
from .rows import event_to_dict, iso

_REVIEW_COLUMNS = ("id", "doc_hash", "doc_id", "event_id", "action", "reviewer", "created_at",
                   "before", "after", "reason")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _values(row: Any) -> tuple[Any, ...]:
    return tuple(row.values()) if isinstance(row, dict) else tuple(row)


class Reviews:
    """Shared by both stores: each gives its connection, placeholder, transaction and
    a writer of one event row (``_write_event``)."""

    _conn: Any
    _mark: str
    _errors: tuple[type[Exception], ...]

    def _transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _where(self) -> str:
        raise NotImplementedError

    def _write_event(self, doc_id: str, event: JsonDict) -> None:
        raise NotImplementedError

    def _sql(self, sql: str) -> str:
        return sql.replace("?", self._mark)

    # ------------------------------------------------------------ writing

    def review(self, review: Review) -> JsonDict:
        """Record ``review`` and apply it; the stored review (as :meth:`reviews` lists it).

        Raises :class:`~rasad.errors.ReviewError` for an invalid change,
        :class:`~rasad.errors.ReviewTargetMissing` for an unknown event or report."""
        check_review(review)
        try:
            with self._transaction():
                return self._review_tx(review)
        except self._errors as exc:
            raise StoreError(f"{self._where()}: cannot store the review: {exc}") from exc

    def _review_tx(self, review: Review) -> JsonDict:
        before: JsonDict | None
        after: JsonDict | None
        if review.action == "add":
            doc_id, digest, text = self._report(str(review.doc_id))
            before, after = None, added_event(doc_id, review.changes, text)
        else:
            stored = self._stored_event(str(review.event_id))
            doc_id, digest, text = self._report(stored["document"]["id"])
            before = {k: v for k, v in stored.items() if k not in ("document", "review")}
            after = (None if review.action == "reject" else
                     edited_event(before, review.changes, text))
        reason = " — ".join(p for p in (review.reason, review.note) if p) or None
        row = (digest, doc_id, str(after["id"] if after else review.event_id), review.action,
               review.reviewer.strip(), _now(), _json(before), _json(after), reason)
        review_id = self._conn.execute(self._sql(
            "INSERT INTO reviews (doc_hash, doc_id, event_id, action, reviewer, created_at,"
            " before, after, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            row).fetchone()
        rid = int(_values(review_id)[0])
        self._apply(rid, review.action, row[2], doc_id, after)
        return self._review_dict((rid, *row))

    def _apply(self, review_id: int, action: str, event_id: str, doc_id: str,
               after: JsonDict | None) -> None:
        if after is not None and action in ("edit", "add"):
            self._conn.execute(self._sql("DELETE FROM events WHERE id = ?"), (event_id,))
            self._write_event(doc_id, after)
        self._conn.execute(self._sql(
            "UPDATE events SET review_status = ?, review_id = ? WHERE id = ?"),
            (STATUS_OF[action], review_id, event_id))

    def _replay_reviews(self, doc_id: str, digest: str) -> None:
        """Apply the stored reviews of the report ``digest`` (just stored as ``doc_id``)."""
        rows = self._conn.execute(self._sql(
            "SELECT id, action, event_id, after FROM reviews WHERE doc_hash = ? ORDER BY id"),
            (digest,)).fetchall()
        for row in rows:
            review_id, action, event_id, after = _values(row)
            self._apply(int(review_id), action, event_id, doc_id,
                        None if after is None else json.loads(after))

    # ------------------------------------------------------------ reading

    def _report(self, doc_id: str) -> tuple[str, str, str]:
        row = self._conn.execute(self._sql(
            "SELECT id, content_hash, text FROM documents WHERE id = ? AND error IS NULL"),
            (doc_id,)).fetchone()
        if row is None:
            raise ReviewTargetMissing(f"no report {doc_id!r}")
        found, digest, text = _values(row)
        return str(found), str(digest), str(text or "")

    def _stored_event(self, event_id: str) -> JsonDict:
        row = self._conn.execute(self._sql(
            "SELECT e.*, d.lang AS doc_lang, d.published AS doc_published, d.url AS doc_url,"
            " d.outlet AS doc_outlet FROM events e JOIN documents d ON d.id = e.doc_id"
            " WHERE e.id = ?"), (event_id,)).fetchone()
        if row is None:
            raise ReviewTargetMissing(f"no event {event_id!r}")
        actors = self._conn.execute(self._sql(
            "SELECT * FROM event_actors WHERE event_id = ? ORDER BY side, position"),
            (event_id,)).fetchall()
        return event_to_dict(row, actors)

    def reviews(self, doc_id: str | None = None, event_id: str | None = None) -> list[JsonDict]:
        """The review log (of a report, of an event), oldest first: the audit view."""
        tests = [(f"{column} = ?", value) for column, value
                 in (("doc_id", doc_id), ("event_id", event_id)) if value is not None]
        where = " WHERE " + " AND ".join(t for t, _ in tests) if tests else ""
        rows = self._conn.execute(self._sql(
            f"SELECT {', '.join(_REVIEW_COLUMNS)} FROM reviews{where} ORDER BY id"),
            tuple(v for _, v in tests)).fetchall()
        return [self._review_dict(_values(r)) for r in rows]

    @staticmethod
    def _review_dict(values: tuple[Any, ...]) -> JsonDict:
        out = dict(zip(_REVIEW_COLUMNS, values, strict=True))
        for key in ("before", "after"):
            out[key] = None if out[key] is None else json.loads(out[key])
        out["id"], out["created_at"] = int(out["id"]), iso(out["created_at"])
        del out["doc_hash"]
        return out

    def reviewed_reports(self) -> Iterator[JsonDict]:
        """Reports with at least one review and none of their events left unreviewed:
        ``{id, lang, published, url, outlet, text}``, in the order first reviewed."""
        rows = self._conn.execute(
            "SELECT d.id, d.lang, d.published, d.url, d.outlet, d.text FROM documents d"
            " WHERE d.error IS NULL AND EXISTS (SELECT 1 FROM reviews r WHERE r.doc_hash ="
            " d.content_hash) AND NOT EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id"
            " AND e.review_status IS NULL) ORDER BY (SELECT MIN(r.id) FROM reviews r"
            " WHERE r.doc_hash = d.content_hash)").fetchall()
        for row in rows:
            item = dict(zip(("id", "lang", "published", "url", "outlet", "text"), _values(row),
                            strict=True))
            item["published"] = iso(item["published"])
            yield item

    def last_review_id(self) -> int:
        row = self._conn.execute("SELECT COALESCE(MAX(id), 0) FROM reviews").fetchone()
        return int(_values(row)[0])
