"""Control timeline benchmark: merge accuracy on a labelled synthetic corpus, and speed.

A seeded generator writes handovers ("happenings") at places 60+ km apart, each told by
one to three outlets with realistic disagreements (a count off by one, a different
receiving militia, a date a day off) plus syndicated copies (the same text with a
credit line). Because the truth is known, the script prints pairwise merge precision
and recall, whether corroboration counts are exact, whether disagreements are flagged,
and the time to build, rebuild (SQLite) and query. Figures are printed, not asserted.

    python benchmarks/control.py [N_HAPPENINGS]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

TAKERS = ["regiment-74", "hezbollah", "fatemiyoun", "regiment-47"]
GIVERS = ["liwa-al-quds", "5th-corps"]
WORDS = ["مصادر", "محلية", "ميليشيا", "مواقع", "عسكرية", "قرب", "ريف", "البادية", "الحرس", "الثوري", "لواء", "القدس", "تسليم", "أخلت", "عناصر", "نقاط", "مقرات", "آليات", "تعزيزات", "المنطقة", "الشرقي", "الغربي", "بلدة", "مدينة", "قرية", "اجتماع", "ضباط", "قياديين", "الروسية", "الإيرانية", "انسحاب", "انتشار", "سيارات", "عتاد", "خريطة", "صور", "حصرية"]


def _actor(actor_id: str) -> dict[str, Any]:
    return {"id": actor_id, "name": actor_id, "text": actor_id, "start": 0, "end": 1}


def _event(eid: str, h: dict[str, Any], rng: random.Random, disagree: bool) -> dict[str, Any]:
    takers, count, day = ["irgc", h["taker"]], h["count"], h["day"]
    if disagree:
        kind = rng.choice(("count", "taker", "date"))
        count = count + 1 if kind == "count" else count
        takers = ["irgc", rng.choice([t for t in TAKERS if t != h["taker"]])] \
            if kind == "taker" else takers
        day = day + timedelta(days=1) if kind == "date" else day
    lat, lon = h["place"]
    return {"id": eid, "event_type": "Strategic developments",
            "sub_event_type": "Non-violent transfer of territory",
            "actor1": [_actor(a) for a in takers], "actor2": [_actor(h["giver"])],
            "location": {"name": f"place-{h['place_id']}", "name_ar": None,
                         "gazetteer_id": f"bench:{h['place_id']}", "latitude": lat,
                         "longitude": lon, "geo_precision": 2, "text": f"place-{h['place_id']}"},
            "date": {"start": day.isoformat(), "end": day.isoformat(), "precision": 1,
                     "text": "يوم الأربعاء"},
            "fatalities": 0, "quantities": {"sites": count}, "persons": [],
            "evidence": [{"start": 0, "end": 10, "text": "تسليم مواقع"}], "confidence": 0.8,
            "extractor": "bench"}


def corpus(n_happenings: int, seed: int = 7, step_deg: float = 0.6,
           gap_days: int = 45) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Reports (output-contract dicts) and the true happening of each event id.

    Places are ``step_deg`` apart; happenings at one place ``gap_days`` apart (plus up
    to 9 days of jitter). Small values make neighbouring happenings hard to tell apart.
    """
    rng = random.Random(seed)
    places = [(32.5 + step_deg * (i // 12), 36.0 + step_deg * 1.2 * (i % 12))
              for i in range(60)]
    records: list[dict[str, Any]] = []
    truth: dict[str, int] = {}
    for hid in range(n_happenings):
        place_id = hid % len(places)
        h = {"place": places[place_id], "place_id": place_id, "taker": rng.choice(TAKERS),
             "giver": rng.choice(GIVERS), "count": rng.randint(1, 5),
             "day": date(2020, 1, 1) + timedelta(days=gap_days * (hid // len(places))
                                                 + rng.randint(0, 9))}
        for outlet in range(rng.choice((1, 2, 2, 3))):
            eid = f"h{hid}-o{outlet}"
            text = " ".join(rng.choice(WORDS) for _ in range(80)) + f" {eid}"
            event = _event(eid, h, rng, disagree=outlet > 0 and rng.random() < 0.4)
            published = h["day"] + timedelta(days=1 + outlet)
            records.append(_record(eid, text, published, event))
            truth[eid] = hid
            if rng.random() < 0.2:  # a syndicated copy
                copy_id = f"{eid}-copy"
                records.append(_record(copy_id, "نقلا عن وكالة: " + text,
                                       published, {**event, "id": copy_id}))
                truth[copy_id] = hid
    return records, truth


def _record(doc_id: str, text: str, published: date, event: dict[str, Any]) -> dict[str, Any]:
    return {"document": {"id": doc_id, "published": published.isoformat(), "outlet": doc_id},
            "text": text, "events": [event], "entities": []}


def _scores(result: Any, truth: dict[str, int]) -> dict[str, float]:
    predicted = {str(e["id"]): m.id for m in result.merged for e in m.events}
    pairs = list(combinations(sorted(truth), 2))
    same_true = {p for p in pairs if truth[p[0]] == truth[p[1]]}
    same_pred = {p for p in pairs if predicted[p[0]] == predicted[p[1]]}
    tp = len(same_true & same_pred)
    exact = sum(1 for m in result.merged
                if m.corroboration == len({e["id"].replace("-copy", "") for e in m.events}))
    return {"precision": tp / max(len(same_pred), 1), "recall": tp / max(len(same_true), 1),
            "corroboration_exact": exact / max(len(result.merged), 1),
            "happenings": len(set(truth.values())), "merged": len(result.merged)}


def _flag_recall(result: Any) -> float:
    disagreeing = [m for m in result.merged if len({
        (tuple(a["id"] for a in e["actor1"]), e["quantities"]["sites"], e["date"]["start"])
        for e in m.events}) > 1]
    flagged = [m for m in disagreeing if m.disputed]
    return len(flagged) / max(len(disagreeing), 1)


def _accuracy(label: str, records: list[dict[str, Any]], truth: dict[str, int]) -> float:
    from rasad.control import build_control, corpus_from_records

    t0 = time.perf_counter()
    result = build_control(corpus_from_records(records))
    build_s = time.perf_counter() - t0
    scores = _scores(result, truth)
    print(f"[{label}] {len(records)} reports, {scores['happenings']} true happenings "
          f"-> {scores['merged']} merged events")
    print(f"[{label}] merge pairwise precision {scores['precision']:.3f}, recall "
          f"{scores['recall']:.3f}; corroboration exact in {scores['corroboration_exact']:.1%} "
          f"of merged events; disagreements flagged {_flag_recall(result):.1%}")
    return build_s


def main(n_happenings: int = 1500) -> None:
    from rasad.control import control, load_view, rebuild_control
    from rasad.store import SQLiteStore

    records, truth = corpus(n_happenings)
    build_s = _accuracy("separated: places 60+ km, 45 days apart", records, truth)
    print(f"build_control (in memory): {build_s:.2f} s ({len(records) / build_s:.0f} reports/s)")
    medium, medium_truth = corpus(n_happenings // 3, step_deg=0.3, gap_days=20)
    _accuracy("medium: places ~30 km, happenings ~20 days apart", medium, medium_truth)
    hard, hard_truth = corpus(n_happenings // 3, step_deg=0.15, gap_days=6)
    _accuracy("crowded: places ~15 km, happenings ~6 days apart", hard, hard_truth)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with SQLiteStore(db) as store:
            for record in records:
                store.ingest(record)
        t1 = time.perf_counter()
        summary = rebuild_control(db)
        rebuild_s = time.perf_counter() - t1
        t2 = time.perf_counter()
        view = load_view(db)
        load_s = time.perf_counter() - t2
        t3 = time.perf_counter()
        for place_id in range(60):
            control(view, f"place-{place_id}")
        query_ms = (time.perf_counter() - t3) / 60 * 1000
    print(f"rebuild_control (SQLite): {rebuild_s:.2f} s; {summary.to_text()}")
    print(f"load_view: {load_s:.2f} s; control(PLACE): {query_ms:.1f} ms per query")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1500)
