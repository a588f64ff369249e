"""Merging and derivation guarantees on hand-built output-contract events.

These do not depend on the extraction: each scenario states exactly what every report
said, and the assertions check the merged records, sites, claims and commanders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rasad.control import build_control, control, corpus_from_records, history
from rasad.control.syndication import syndication_groups

PLACES = {
    "Tadmur": ("تدمر", "geonames:163808", 34.5624, 38.28402),
    "Khirbet al-Tiyas": ("خربة تياس", "curated:sy-khirbet-tiyas", 34.55203, 37.67535),
}
NAMES = {"irgc": "IRGC", "regiment-74": "Regiment 74", "hezbollah": "Hezbollah",
         "liwa-al-quds": "Liwa al-Quds", "5th-corps": "5th Corps", "fatemiyoun": "Fatemiyoun"}
BODY = ("أفادت مصادر محلية أن ميليشيا لواء القدس الفلسطيني أخلت منذ صباح الأربعاء مواقع "
        "عسكرية قرب مدينة تدمر في ريف حمص الشرقي وتم تسليمها إلى قوات الحرس الثوري الإيراني "
        "وعناصر ميليشيا الفوج 74 بقيادة المدعو فياض أبو صقر وذلك بأمر من القيادة الروسية "
        "بعد اجتماع عقد بين ضباط روس وقياديين إيرانيين في منطقة البيارات.")


def actors(ids: list[str]) -> list[dict[str, Any]]:
    return [{"id": i, "name": NAMES[i], "text": NAMES[i], "start": 0, "end": 1} for i in ids]


def event(eid: str, takers: list[str], givers: list[str], *, place: str = "Tadmur",
          day: str | None = "2023-05-17", sites: int | None = 3,
          sub: str = "Non-violent transfer of territory", evidence: str = "تسليم مواقع قرب تدمر",
          confidence: float = 0.8) -> dict[str, Any]:
    name_ar, gid, lat, lon = PLACES[place]
    return {
        "id": eid, "event_type": "Strategic developments", "sub_event_type": sub,
        "actor1": actors(takers), "actor2": actors(givers),
        "location": {"name": place, "name_ar": name_ar, "gazetteer_id": gid, "latitude": lat,
                     "longitude": lon, "geo_precision": 2, "relation": "near", "text": name_ar},
        "date": {"start": day, "end": day, "precision": 1, "text": "يوم الأربعاء" if day else None},
        "fatalities": 0, "quantities": {} if sites is None else {"sites": sites},
        "persons": [], "evidence": [{"start": 0, "end": len(evidence), "text": evidence}],
        "confidence": confidence, "extractor": "test",
    }


def report(doc_id: str, events: list[dict[str, Any]], *, published: str | None = "2023-05-18",
           outlet: str | None = None, text: str | None = None,
           persons: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"document": {"id": doc_id, "published": published, "outlet": outlet or doc_id},
            "text": text if text is not None else f"{doc_id}: {BODY}",
            "events": events, "entities": persons or []}


def person(name: str, actor: str | None, area: str | None = "تدمر") -> dict[str, Any]:
    return {"label": "PERSON", "name": name, "text": name, "role": "commander",
            "actor": actor, "area": area, "start": 10, "end": 10 + len(name)}


def build(records: list[dict[str, Any]]) -> Any:
    return build_control(corpus_from_records(records))


# Text of a second outlet, different wording: not a copy of BODY.
OTHER_TEXT = ("ذكر مراسلنا أن أربعة مواقع عسكرية في محيط تدمر انتقلت من لواء القدس إلى الحرس "
              "الثوري وحزب الله اللبناني، وسط تحركات عسكرية واسعة في البادية السورية خلال الأسبوع.")


@pytest.fixture()
def two_outlets() -> list[dict[str, Any]]:
    a = report("outlet-a", [event("a1", ["irgc", "regiment-74"], ["liwa-al-quds"], sites=3)])
    b = report("outlet-b", [event("b1", ["irgc", "hezbollah"], ["liwa-al-quds"], sites=4)],
               published="2023-05-19", text=OTHER_TEXT)
    return [a, b]


def test_one_handover_two_outlets_merges_once_with_disputed_count(two_outlets: list) -> None:
    result = build(two_outlets)
    assert len(result.merged) == 1
    merged = result.merged[0]
    assert merged.corroboration == 2
    count = merged.fields["quantities.sites"]
    assert count.disputed
    assert [(v.value, v.sources) for v in count.values] == [(3, ["outlet-a"]), (4, ["outlet-b"])]
    # One site record: the positions are not counted twice (3, not 3 + 4).
    assert len(result.sites) == 1
    site = result.sites[0]
    assert site.count == 3 and site.count_disputed
    assert [v.value for v in site.count_values] == [3, 4]


def test_different_receiving_militia_is_flagged_side_by_side(two_outlets: list) -> None:
    result = build(two_outlets)
    assert result.merged[0].fields["actor1"].disputed
    open_claims = {c.holder_id: c for c in result.claims if c.valid_to is None}
    assert set(open_claims) == {"irgc", "regiment-74", "hezbollah"}
    assert not open_claims["irgc"].disputed
    assert {s.doc_id for s in open_claims["irgc"].sources} == {"outlet-a", "outlet-b"}
    assert open_claims["regiment-74"].disputed
    assert [s.doc_id for s in open_claims["regiment-74"].sources] == ["outlet-a"]
    assert open_claims["hezbollah"].disputed
    assert [s.doc_id for s in open_claims["hezbollah"].sources] == ["outlet-b"]
    givers = [c for c in result.claims if c.holder_id == "liwa-al-quds"]
    assert len(givers) == 1 and givers[0].valid_to is not None
    assert givers[0].valid_to.start == "2023-05-17"


def test_syndicated_copy_counts_once(two_outlets: list) -> None:
    copy_text = "نقلًا عن موقع آخر: " + two_outlets[0]["text"] + " (المصدر: وكالات)"
    copy = report("outlet-c", [event("c1", ["irgc", "regiment-74"], ["liwa-al-quds"], sites=3)],
                  published="2023-05-18", text=copy_text)
    result = build([*two_outlets, copy])
    assert result.groups["outlet-c"] == "outlet-a"
    merged = result.merged[0]
    assert len(merged.sources) == 3
    assert merged.corroboration == 2  # the copy adds a source, not a corroboration
    count = merged.fields["quantities.sites"]
    three = next(v for v in count.values if v.value == 3)
    assert three.groups == 1 and sorted(three.sources) == ["outlet-a", "outlet-c"]
    assert result.sites[0].count == 3
    irgc = next(c for c in result.claims if c.holder_id == "irgc")
    assert len({s.group for s in irgc.sources}) == 2


def test_later_report_reverses_control(two_outlets: list) -> None:
    reverse = report("outlet-d", [event("d1", ["liwa-al-quds"], ["irgc"], day="2023-06-11",
                                        sites=3, evidence="أخلى الحرس الثوري ثلاثة مواقع قرب تدمر")],
                     published="2023-06-12", text="تقرير لاحق عن عودة لواء القدس إلى مواقعه "
                     "قرب تدمر بعد انسحاب الحرس الثوري منها بأمر روسي جديد في البادية.")
    result = build([*two_outlets, reverse])
    assert len(result.merged) == 2  # the reversal is another happening
    assert len(result.sites) == 1  # on the same positions
    view = result.to_view()
    before = control(view, "Tadmur", at=date(2023, 5, 10))
    between = control(view, "Tadmur", at=date(2023, 5, 30))
    after = control(view, "تدمر", at=date(2023, 7, 1))
    # Liwa al-Quds is known only from the handover that ended its control: before that
    # report, whether it held is unknown (not backdated).
    assert not before["sites"][0]["holders"]
    assert {c["holder_id"] for c in before["sites"][0]["unknown"]} == {"liwa-al-quds"}
    assert {c["holder_id"] for c in between["sites"][0]["holders"]} == \
        {"irgc", "regiment-74", "hezbollah"}
    assert {c["holder_id"] for c in after["sites"][0]["holders"]} == {"liwa-al-quds"}
    irgc = next(c for c in result.claims if c.holder_id == "irgc")
    assert irgc.valid_from.start == "2023-05-17" and irgc.valid_to.start == "2023-06-11"
    changes = history(view, "Tadmur")["changes"]
    assert [c["date"]["start"] for c in changes] == ["2023-05-17", "2023-06-11"]


def test_events_of_one_report_never_merge() -> None:
    doc = report("seedlike", [
        event("e1", ["irgc"], ["liwa-al-quds"], sites=3),
        event("e2", ["irgc"], ["liwa-al-quds"], sites=2),
        event("e3", ["irgc", "fatemiyoun"], ["liwa-al-quds"], place="Khirbet al-Tiyas", sites=4),
    ])
    result = build([doc])
    assert len(result.merged) == 3
    assert sum(s.count or 0 for s in result.sites) == 7  # Tadmur 3 (first), KT 4
    assert len(result.sites) == 2


@pytest.mark.parametrize("other", [
    event("x", ["irgc"], ["liwa-al-quds"], place="Khirbet al-Tiyas"),  # 53 km away
    event("x", ["liwa-al-quds"], ["irgc"]),  # sides swapped: a reversal, not a copy
    event("x", ["irgc"], ["liwa-al-quds"], day="2023-06-20"),  # a month later
    event("x", ["irgc"], ["liwa-al-quds"], sub="Non-state actor overtakes territory"),
])
def test_incompatible_events_stay_apart(other: dict[str, Any]) -> None:
    a = report("a", [event("a1", ["irgc"], ["liwa-al-quds"])])
    b = report("b", [other], text=OTHER_TEXT)
    assert len(build([a, b]).merged) == 2


def test_backer_and_client_are_compatible_actors() -> None:
    a = report("a", [event("a1", ["irgc"], [], sites=None)])
    b = report("b", [event("b1", ["regiment-74"], [], sites=None)], text=OTHER_TEXT)
    assert len(build([a, b]).merged) == 1


def test_undated_handover_inherits_report_takers_and_date() -> None:
    doc = report("r", [event("e1", ["irgc", "fatemiyoun"], ["5th-corps"]),
                       event("e2", [], ["5th-corps"], place="Khirbet al-Tiyas", day=None,
                             sites=2)], published=None)
    result = build([doc])
    inferred = [c for c in result.claims if c.holder_id == "irgc"
                and c.site_id == next(s.id for s in result.sites if s.count == 2)]
    assert len(inferred) == 1
    assert "inferred" in " ".join(inferred[0].notes)
    assert inferred[0].valid_from is not None and inferred[0].valid_from.text == "يوم الأربعاء"


def test_kunya_and_full_name_are_one_commander() -> None:
    a = report("a", [], persons=[person("فياض أبو صقر", "regiment-74")])
    b = report("b", [], persons=[person("أبو صقر.", "regiment-74", None)], text=OTHER_TEXT,
               published="2023-05-25")
    c = report("c", [], persons=[person("أبو صقر", "fatemiyoun", "دير الزور")],
               text="نص مختلف تمامًا عن قيادي آخر في دير الزور يحمل الكنية نفسها في صفوف فاطميون",
               published="2023-05-26")
    result = build([a, b, c])
    by_actor = {tuple(p.actors): p for p in result.commanders}
    assert set(by_actor) == {("regiment-74",), ("fatemiyoun",)}
    abu_saqr = by_actor[("regiment-74",)]
    assert abu_saqr.name == "فياض أبو صقر" and abu_saqr.kunya == "أبو صقر"
    assert abu_saqr.aliases == ["فياض أبو صقر", "أبو صقر"]
    assert [s.doc_id for s in abu_saqr.sources] == ["a", "b"]
    assert (abu_saqr.first_reported, abu_saqr.last_reported) == ("2023-05-18", "2023-05-25")


def test_honorific_does_not_split_a_commander() -> None:
    a = report("a", [], persons=[person("الحاج رحيم طحان", "irgc")])
    b = report("b", [], persons=[person("رحيم طحان", None)], text=OTHER_TEXT)
    assert len(build([a, b]).commanders) == 1


def test_syndication_needs_shared_text() -> None:
    from rasad.control.corpus import DocInfo

    docs = [DocInfo("a", 0, text=BODY), DocInfo("b", 1, text=OTHER_TEXT),
            DocInfo("c", 2, text="عاجل: " + BODY)]
    assert syndication_groups(docs) == {"a": "a", "b": "b", "c": "a"}
