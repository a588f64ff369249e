"""Questions analysts ask of the control timeline.

    control(view, "Tadmur", at=None)   holders of the place's sites, with sources/evidence
    history(view, "تدمر")               every change over time
    actor(view, "IRGC", at=None)        footprint, commanders, relations
    commander(view, "أبو صقر")          commanders with roles, affiliations, areas

Places are matched on the stored site names (English, Arabic, gazetteer id), then on
the gazetteer's names ("Palmyra" -> geonames:163808). Dates that a report did not give
are reported as unknown, never guessed: with ``at``, a claim whose interval cannot be
placed on the calendar is listed under ``unknown`` with the reason.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from ..errors import RasadError
from ..lang.ar.normalize import normalize_str
from .build import ControlView
from .commanders import parse_name, same_name, spelled_as
from .sites import cue_words, lookup_keys, lookup_word, place_key, site_words

JsonDict = dict[str, Any]


class NotFound(RasadError):
    """The place, actor or commander asked about is not in the control records."""


# ------------------------------------------------------------------ places


def _query_keys(place: str) -> set[str]:
    keys = set(lookup_keys([place]))
    cues = cue_words()
    for key in list(keys):
        words = key.split()
        while len(words) > 1 and cues.get(words[0]) == "place_word":
            words = words[1:]
        keys.add(" ".join(words))
    return keys


def _bare_names(place: str) -> list[str]:
    """The place's name without the words that say what kind of place or site it is, or
    which side of it: "قاعدة القائم" and "al-Qaim base" -> the town, "جنوب قضاء سنجار" ->
    the district, so that a question about a base or a side finds the sites at the place."""
    cues, kinds = cue_words(), site_words()

    def qualifier(word: str) -> bool:
        return (lookup_word(word, cues) in ("place_word", "direction")
                or lookup_word(word, kinds) is not None)

    words = normalize_str(place).split()
    out: list[str] = []
    while len(words) > 1 and qualifier(words[0].lower()):
        words = words[1:]
        out.append(" ".join(words))
    if len(words) > 1 and qualifier(words[-1].lower()):
        out.append(" ".join(words[:-1]))
    return out


@cache
def _embedded_gazetteer() -> Any:
    # Read-only data, loaded once: a batch of queries (the handover check) asks many.
    from ..gazetteer import EmbeddedGazetteer

    return EmbeddedGazetteer.load()


def _gazetteer_keys(place: str) -> set[str]:
    # Other spellings ("Palmyra") resolve through the gazetteer to an id the sites carry.
    from ..errors import GazetteerError

    try:
        ids = _embedded_gazetteer().keys_for(place)
    except GazetteerError:
        return set()
    return {place_key(i) for i in ids}


def match_sites(view: ControlView, place: str) -> tuple[list[JsonDict], set[str]]:
    """Sites named by ``place`` and the keys that matched."""
    # Tiers, most literal first: the name as asked, its gazetteer entry ("Palmyra", an
    # airport the gazetteer knows), then without its site word or side ("قاعدة القائم"
    # -> the sites at al-Qaim) as written and through the gazetteer.
    bare = _bare_names(place)
    tiers = [lambda: _query_keys(place), lambda: _gazetteer_keys(place),
             lambda: set().union(*(_query_keys(b) for b in bare)),
             lambda: set().union(*(_gazetteer_keys(b) for b in bare))]
    keys: set[str] = set()
    sites: list[JsonDict] = []
    for tier in tiers:
        keys |= tier()
        sites = [s for s in view.sites if keys & set(s["names"])]
        if sites:
            break
    return sites, keys


def _place_claims(view: ControlView, keys: set[str]) -> list[JsonDict]:
    return [c for c in view.claims
            if c["site_id"] is None and keys & set(lookup_keys([c["place"]]))]


# ------------------------------------------------------------------ time


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def status_at(claim: JsonDict, at: date | None) -> tuple[str, str | None]:
    """("holds" | "ended" | "not_yet" | "unknown" | "contradicted", reason).

    A claim starts and ends with date intervals (a handover "during the past week"):
    on a day inside one, whether the holder already (or still) held is unknown.
    """
    if claim.get("disputed") and claim["kind"] == "presence":
        return "contradicted", None  # the reason is in the claim's notes
    start, end = claim.get("valid_from"), claim.get("valid_to")
    if at is None:
        return ("holds", None) if end is None else ("ended", None)
    undated = [_why(label, value) for label, value in (("start", start), ("end", end))
               if value is not None and not value.get("known")]
    if start is not None and start.get("known"):
        if at < _first_day(start):
            return "not_yet", None
        if at < _last_day(start):
            return "unknown", f"taken over between {start['start']} and {start['end']}"
    if end is not None and end.get("known"):
        if at >= _last_day(end):
            return "ended", None
        if at >= _first_day(end):
            return "unknown", f"given up between {end['start']} and {end['end']}"
    if undated:
        return "unknown", "; ".join(undated)
    if start is None:
        return _before_first_report(claim, at)
    return "holds", None


def _first_day(interval: JsonDict) -> date:
    return date.fromisoformat(interval["start"])


def _last_day(interval: JsonDict) -> date:
    return date.fromisoformat(interval.get("end") or interval["start"])


def _before_first_report(claim: JsonDict, at: date) -> tuple[str, str | None]:
    # Known only from the change that ended it: never shown as held before that report.
    first = claim.get("first_evidence") or {}
    if first.get("known") and at < _first_day(first):
        return "unknown", (f"start of control not reported; no report places this holder "
                           f"here before {first['start']}")
    return "holds", "start of control not reported"


def _why(label: str, interval: JsonDict) -> str:
    written = f" (written '{interval['text']}')" if interval.get("text") else ""
    return (f"{label} date unknown{written}: the report gives no absolute date and no "
            "publication date")


def _summary(claim: JsonDict, at: date | None, names: dict[str, str]) -> JsonDict:
    status, reason = status_at(claim, at)
    holder = claim["holder_id"]
    return {
        "holder_id": holder, "holder": names.get(holder, claim["holder_name"]),
        "kind": claim["kind"], "status": status, "status_note": reason,
        "since": claim["valid_from"], "until": claim["valid_to"],
        "confidence": claim["confidence"], "corroboration": claim["corroboration"],
        "disputed": claim["disputed"], "notes": claim["notes"], "sources": claim["sources"],
        "evidence": claim["evidence"], "opened_by": claim["opened_by"],
        "closed_by": claim["closed_by"], "claim_id": claim["id"],
    }


def _bucket(summaries: list[JsonDict]) -> JsonDict:
    """Claims by status: held at the date, held before it, held only after it, ..."""
    out: JsonDict = {"holders": [], "previous": [], "later": [], "unknown": [],
                     "contradicted": []}
    for s in summaries:
        key = {"holds": "holders", "unknown": "unknown", "not_yet": "later",
               "contradicted": "contradicted"}.get(s["status"], "previous")
        out[key].append(s)
    for key in out:
        out[key].sort(key=_chronology)
    return out


def _chronology(summary: JsonDict) -> tuple[bool, str, bool, str]:
    # Earliest first; an unreported start sorts first, an undated change last.
    since, until = summary.get("since") or {}, summary.get("until") or {}
    undated = bool(since) and not since.get("known")
    return (undated, since.get("start") or "", until == {}, until.get("start") or "")


# ------------------------------------------------------------------ queries


def control(view: ControlView, place: str, at: date | None = None) -> JsonDict:
    """Holders of the place's sites (now, or at ``at``), with sources and evidence."""
    sites, keys = match_sites(view, place)
    presence = _place_claims(view, keys)
    if not sites and not presence:
        raise NotFound(f"no control records for place {place!r}",
                       hint="try `rasad history` or another spelling (English, Arabic, "
                            "or a gazetteer id)")
    names = view.actor_names
    out_sites = []
    for site in sites:
        claims = [_summary(c, at, names) for c in view.claims if c["site_id"] == site["id"]]
        out_sites.append({"site": _site_summary(site), **_bucket(claims)})
    notes = _undated_notes(out_sites, at)
    return {"query": place, "at": at.isoformat() if at else None,
            "positions": sum(s["site"]["count"] or 0 for s in out_sites),
            "sites": out_sites,
            "presence": _bucket([_summary(c, at, names) for c in presence]),
            "notes": notes}


def _site_summary(site: JsonDict) -> JsonDict:
    keys = ("id", "label", "kind", "count", "count_disputed", "count_values", "anchor_name",
            "anchor_name_ar", "gazetteer_id", "relation", "latitude", "longitude",
            "uncertainty_km")
    return {k: site.get(k) for k in keys}


def _undated_notes(sites: list[JsonDict], at: date | None) -> list[str]:
    notes = []
    undated = any(not (c.get("since") or {"known": True}).get("known", True)
                  for s in sites for c in s["holders"] + s["previous"] + s["unknown"])
    if undated:
        notes.append("some claims have no calendar date: their reports give relative dates "
                     "only and no publication date" + ("; they are listed under 'unknown'"
                                                       if at else ""))
    if any(s["site"]["count_disputed"] for s in sites):
        notes.append("reports disagree on the number of positions: see count_values")
    return notes


def history(view: ControlView, place: str) -> JsonDict:
    """Every change at the place, in time order, with the merged events behind it."""
    sites, keys = match_sites(view, place)
    site_ids = {s["id"] for s in sites}
    labels = {s["id"]: s["label"] for s in sites}
    claims = [c for c in view.claims if c["site_id"] in site_ids] + _place_claims(view, keys)
    if not claims and not sites:
        raise NotFound(f"no control records for place {place!r}")
    merged = {m["id"]: m for m in view.merged}
    changes: dict[str, JsonDict] = {}
    for claim in claims:
        for event_id, verb in ((claim["opened_by"], "gained"), (claim["closed_by"], "lost")):
            if event_id is None or (verb == "gained" and claim["valid_from"] is None):
                continue
            interval = claim["valid_from"] if verb == "gained" else claim["valid_to"]
            change = changes.setdefault(event_id, _change(merged.get(event_id, {}), interval))
            change[verb].append({"holder_id": claim["holder_id"],
                                 "holder": view.actor_names.get(claim["holder_id"],
                                                                claim["holder_name"]),
                                 "as_written": claim.get("holder_as_written") or [],
                                 "kind": claim["kind"], "disputed": claim["disputed"],
                                 "site": labels.get(claim["site_id"], claim["place"])})
    return {"query": place, "sites": [s["label"] for s in sites],
            "changes": sorted(changes.values(), key=_change_order)}


def _change_order(change: JsonDict) -> tuple[bool, str]:
    # Date order; changes without a calendar date last, in the order they were derived.
    start = (change.get("date") or {}).get("start")
    return (start is None, start or "")


def _change(event: JsonDict, interval: JsonDict | None) -> JsonDict:
    """A change at the place, dated by the claims it opened or closed (an itemizing
    sentence may take its date from the report's other handovers)."""
    return {"event_id": event.get("id"), "sub_event_type": event.get("sub_event_type"),
            "date": interval or event.get("date"), "event_date": event.get("date"),
            "corroboration": event.get("corroboration"),
            "sources": event.get("sources"), "disputed": event.get("disputed"),
            "flags": event.get("flags"), "fields": event.get("fields"),
            "gained": [], "lost": []}


def resolve_actor(view: ControlView, actor_query: str) -> str:
    known = {c["holder_id"] for c in view.claims} | set(view.actor_names)
    known |= {r["subject"] for r in view.relations} | {r["object"] for r in view.relations}
    if actor_query in known:
        return actor_query
    folded = actor_query.strip().lower()
    for actor_id, name in view.actor_names.items():
        if name.lower() == folded:
            return actor_id
    from ..knowledge import load_actors

    kb = load_actors()
    ids = [i for i in kb.lookup(actor_query) if i in known] or list(kb.lookup(actor_query))
    if ids:
        return ids[0]
    raise NotFound(f"unknown actor {actor_query!r}", hint="give an actor id (e.g. irgc) or "
                   "a name from the knowledge base")


def actor(view: ControlView, actor_query: str, at: date | None = None) -> JsonDict:
    """Where the actor (and the groups it backs or commands) holds positions, and who leads."""
    actor_id = resolve_actor(view, actor_query)
    clients = {r["subject"] for r in view.relations
               if r["object"] == actor_id and r["relation"] in ("backed_by", "part_of")}
    sites = {s["id"]: s for s in view.sites}
    own: list[JsonDict] = []
    via: list[JsonDict] = []
    for claim in view.claims:
        if claim["holder_id"] not in clients | {actor_id}:
            continue
        entry = _summary(claim, at, view.actor_names)
        site = sites.get(claim["site_id"] or "")
        entry["site"] = site["label"] if site else claim["place"]
        (own if claim["holder_id"] == actor_id else via).append(entry)
    return {
        "actor_id": actor_id, "name": view.actor_names.get(actor_id, actor_id),
        "at": at.isoformat() if at else None,
        "footprint": _bucket(own), "via_backed_groups": _bucket(via),
        "commanders": [_commander_summary(c) for c in view.commanders
                       if actor_id in c["actors"]],
        "relations": [r for r in view.relations if actor_id in (r["subject"], r["object"])],
    }


def _commander_summary(c: JsonDict) -> JsonDict:
    return {k: c[k] for k in ("id", "name", "kunya", "actors", "areas", "corroboration")}


def commander(view: ControlView, name: str | None = None) -> JsonDict:
    """Commanders matching ``name`` (by full name, kunya or part of the name); all if None."""
    if not name:
        return {"query": None, "commanders": view.commanders}
    wanted = parse_name(name)
    found = []
    for record in view.commanders:
        aliases = [parse_name(a) for a in record["aliases"]]
        if any(same_name(wanted, a) or (wanted.words and set(wanted.words) <= set(a.words))
               for a in aliases) or any(spelled_as(name, a) for a in record["aliases"]):
            found.append(record)
    if not found:
        raise NotFound(f"no commander named {name!r}",
                       hint="names are matched as written in the reports, or by an English "
                            "spelling of every word given (Majdi, Abu Saqr)")
    return {"query": name, "commanders": found}
