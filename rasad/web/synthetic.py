"""Synthetic stored reports, for the web tests, the browser test and the latency benchmark.

They are output-contract dicts (what :meth:`rasad.store.SQLiteStore.ingest` takes), so a
database of any size can be built without running the extraction pipeline.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

JsonDict = dict[str, Any]

# (name, Arabic name, lon, lat, admin1): real Syrian towns, coordinates rounded.
TOWNS: tuple[tuple[str, str, float, float, str], ...] = (
    ("Tadmur", "تدمر", 38.284, 34.562, "Homs"), ("Aleppo", "حلب", 37.161, 36.202, "Aleppo"),
    ("Idlib", "إدلب", 36.633, 35.930, "Idlib"), ("Deir ez-Zor", "دير الزور", 40.141, 35.336,
                                                   "Deir ez-Zor"),
    ("Raqqa", "الرقة", 39.009, 35.951, "Raqqa"), ("Daraa", "درعا", 36.106, 32.625, "Daraa"),
    ("Homs", "حمص", 36.723, 34.731, "Homs"), ("Al-Mayadin", "الميادين", 40.452, 35.019,
                                               "Deir ez-Zor"),
)
EVENT_TYPES: tuple[tuple[str, str], ...] = (
    ("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
    ("Strategic developments", "Non-violent transfer of territory"),
)
ACTORS: tuple[tuple[str, str], ...] = (
    ("irgc", "IRGC"), ("liwa-al-quds", "Liwa al-Quds"), ("5th-corps", "5th Corps"),
    ("hezbollah", "Hezbollah"), ("fatemiyoun", "Fatemiyoun"),
    ("russian-armed-forces", "Russian Armed Forces"),
)


def _actor(actor_id: str, name: str, start: int = 0) -> JsonDict:
    return {"id": actor_id, "name": name, "text": name, "start": start, "end": start + len(name)}


def _location(town: tuple[str, str, float, float, str], jitter: float = 0.0) -> JsonDict:
    name, name_ar, lon, lat, admin1 = town
    return {"name": name, "name_ar": name_ar, "longitude": round(lon + jitter, 5),
            "latitude": round(lat - jitter, 5), "admin1": admin1, "country": "SY",
            "geo_precision": 2, "feature": "town",
            "gazetteer_id": f"synthetic:{name.lower().replace(' ', '-')}"}


def event(event_id: str, event_type: str, sub_type: str, day: date, *,
          location: JsonDict, actor1: list[JsonDict], actor2: list[JsonDict] | None = None,
          evidence: tuple[int, int, str] | None = None, fatalities: int = 0,
          quantities: JsonDict | None = None, confidence: float = 0.8,
          persons: list[JsonDict] | None = None) -> JsonDict:
    """One output-contract event."""
    return {"id": event_id, "event_type": event_type, "sub_event_type": sub_type,
            "actor1": actor1, "actor2": actor2 or [], "location": location,
            "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": 1,
                     "text": None},
            "fatalities": fatalities, "quantities": quantities or {}, "persons": persons or [],
            "evidence": [] if evidence is None else
            [{"start": evidence[0], "end": evidence[1], "text": evidence[2]}],
            "confidence": confidence, "extractor": "synthetic"}


def record(doc_id: str, text: str, events: list[JsonDict], *, lang: str = "en",
           published: str | None = None, outlet: str | None = None,
           url: str | None = None) -> JsonDict:
    """One output-contract document with its text, ready for ``SQLiteStore.ingest``."""
    return {"document": {"id": doc_id, "lang": lang, "published": published, "url": url,
                         "outlet": outlet, "pipeline": ["synthetic"]},
            "text": text, "entities": [], "events": events}


def handover_record(day: date = date(2023, 5, 17)) -> JsonDict:
    """An Arabic report of one handover at Tadmur: Liwa al-Quds -> IRGC on ``day``."""
    text = ("وذكرت المصادر أنه تم تسليم النقاط بمحيط مدينة تدمر إلى الحرس الثوري الإيراني "
            "بعد انسحاب لواء القدس منها.")
    start = text.index("تم تسليم")
    ev = event("synthetic-handover", "Strategic developments",
               "Non-violent transfer of territory", day, location=_location(TOWNS[0]),
               actor1=[_actor("irgc", "IRGC")], actor2=[_actor("liwa-al-quds", "Liwa al-Quds")],
               evidence=(start, len(text) - 1, text[start:-1]), quantities={"sites": 3},
               persons=[{"name": "الحاج مجدي", "actor": "irgc", "role": "commander"}])
    return record("synthetic-handover", text, [ev], lang="ar", published=day.isoformat(),
                  outlet="Synthetic Monitor")


HOSTILE_MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def hostile_record(day: date = date(2023, 5, 16)) -> JsonDict:
    """A report whose text carries script and HTML; its event's evidence covers them."""
    text = f"Clashes near Aleppo. {HOSTILE_MARKUP} Two fighters were killed."
    start = text.index("<script>")
    end = start + len(HOSTILE_MARKUP)
    ev = event("synthetic-hostile", "Battles", "Armed clash", day,
               location=_location(TOWNS[1]), actor1=[_actor("hezbollah", "Hezbollah")],
               actor2=[_actor("5th-corps", "5th Corps")], evidence=(start, end, text[start:end]),
               fatalities=2)
    return record("synthetic-hostile", text, [ev], outlet='<b onmouseover="x()">Outlet</b>',
                  url="javascript:alert(1)", published=day.isoformat())


def bulk_records(n_events: int, *, per_doc: int = 100, seed: int = 7,
                 start: date = date(2015, 1, 1), days: int = 3650) -> Iterator[JsonDict]:
    """``n_events`` random events over ``days`` days and the towns above, ``per_doc`` a doc."""
    rng = random.Random(seed)
    for d in range(0, n_events, per_doc):
        events = []
        for i in range(d, min(d + per_doc, n_events)):
            event_type, sub_type = rng.choice(EVENT_TYPES)
            a1, a2 = rng.sample(ACTORS, 2)
            day = start + timedelta(days=rng.randrange(days))
            events.append(event(
                f"bulk-{i:07d}", event_type, sub_type, day,
                location=_location(rng.choice(TOWNS), rng.uniform(-0.3, 0.3)),
                actor1=[_actor(*a1)], actor2=[_actor(*a2)], fatalities=rng.choice((0, 0, 1, 3)),
                confidence=round(rng.uniform(0.3, 1.0), 3)))
        yield record(f"bulk-doc-{d // per_doc:06d}", f"synthetic bulk report {d}", events)
