"""Writers: ACLED-style CSV, JSON Lines, JSON, and a readable terminal table.

The writers take output-contract dicts (``rasad.serialize.document_to_dict`` or the
events ``rasad.store`` returns), so they serve both ``rasad extract`` and ``rasad events``.
"""

from __future__ import annotations

import csv
import json
import time
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import IO, Any

JsonDict = dict[str, Any]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)

# ACLED's actor type codes ("inter" codes) from its codebook.
INTER_CODES: dict[str, int] = {
    "state forces": 1, "rebel groups": 2, "political militias": 3, "identity militias": 4,
    "communal militias": 4, "rioters": 5, "protesters": 6, "civilians": 7,
    "external/other forces": 8, "external/other": 8, "external forces": 8, "other forces": 8,
}

# ACLED's disorder types. Excessive force against protesters and mob violence are both
# political violence and demonstrations in ACLED's coding.
_DISORDER_BY_EVENT_TYPE = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
_DISORDER_BY_SUB_TYPE = {
    "Excessive force against protesters": "Political violence; Demonstrations",
    "Mob violence": "Political violence; Demonstrations",
}


def disorder_type(event_type: str | None, sub_event_type: str | None = None) -> str:
    if sub_event_type in _DISORDER_BY_SUB_TYPE:
        return _DISORDER_BY_SUB_TYPE[sub_event_type]
    return _DISORDER_BY_EVENT_TYPE.get(event_type or "", "")


def inter_code(acled_type: object) -> int | None:
    """ACLED inter code from a code (3, "3") or a type label ("Political militia")."""
    if acled_type is None:
        return None
    if isinstance(acled_type, int):
        return acled_type if 1 <= acled_type <= 8 else None
    label = " ".join(str(acled_type).lower().replace("_", " ").split())
    if label.isdigit():
        return inter_code(int(label))
    if label in INTER_CODES:
        return INTER_CODES[label]
    plural = label if label.endswith("s") else label.replace("militia", "militias")
    plural = plural.replace("group", "groups").replace("force", "forces")
    return INTER_CODES.get(plural)


def interaction(inter1: int | None, inter2: int | None) -> str:
    """ACLED interaction code: the two inter codes, lower first; ``n0`` for one actor."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str, str]]:
    path = resources.files("rasad") / "knowledge" / "countries.tsv"
    out: dict[str, tuple[str, str, str]] = {}
    rows = [r for r in path.read_text(encoding="utf-8").splitlines() if r and r[0] != "#"]
    for row in rows[1:]:
        iso2, numeric, name, region = row.split("\t")
        out[iso2] = (numeric, name, region)
    return out


def load_actor_types() -> dict[str, object]:
    """Actor id -> ACLED type from the knowledge base, or {} when it is unavailable."""
    try:
        from .knowledge import load_actors  # type: ignore[attr-defined]
    except ImportError:
        return {}
    actors = load_actors()
    items = actors.values() if isinstance(actors, Mapping) else actors
    out: dict[str, object] = {}
    for actor in items:
        get = actor.get if isinstance(actor, Mapping) else lambda k, a=actor: getattr(a, k, None)
        if get("id") and get("acled_type") is not None:
            out[str(get("id"))] = get("acled_type")
    return out


def events_with_doc(doc_dicts: Iterable[JsonDict]) -> Iterator[JsonDict]:
    """Each event of each output-contract document, with the ``document`` header added."""
    for doc in doc_dicts:
        for event in doc.get("events") or []:
            yield {**event, "document": doc.get("document") or {}}


def _actor_name(ref: JsonDict) -> str:
    return str(ref.get("name") or ref.get("text") or "")


def _side(refs: list[JsonDict], types: Mapping[str, object]) -> tuple[str, str, int | None]:
    names = [n for n in (_actor_name(r) for r in refs) if n]
    code = inter_code(types.get(str(refs[0].get("id")))) if refs else None
    return (names[0] if names else "", "; ".join(dict.fromkeys(names[1:])), code)


def _clean(text: str) -> str:
    return " ".join(text.split())


def acled_row(
    event: JsonDict, actor_types: Mapping[str, object], timestamp: int
) -> dict[str, object]:
    """One output-contract event (with its ``document``) as an ACLED CSV row."""
    loc: JsonDict = event.get("location") or {}
    when: JsonDict = event.get("date") or {}
    doc: JsonDict = event.get("document") or {}
    a1, assoc1, inter1 = _side(event.get("actor1") or [], actor_types)
    a2, assoc2, inter2 = _side(event.get("actor2") or [], actor_types)
    numeric, country, region = _countries().get(str(loc.get("country") or ""), ("", "", ""))
    start = when.get("start")
    civilian = event.get("event_type") == "Violence against civilians" or inter2 == 7
    quantities = event.get("quantities") or {}
    return {
        "event_id_cnty": event.get("id"), "event_date": start or "",
        "year": date.fromisoformat(start).year if start else "",
        "time_precision": when.get("precision") or "",
        "disorder_type": disorder_type(event.get("event_type"), event.get("sub_event_type")),
        "event_type": event.get("event_type"), "sub_event_type": event.get("sub_event_type"),
        "actor1": a1, "assoc_actor_1": assoc1, "inter1": inter1 or "",
        "actor2": a2, "assoc_actor_2": assoc2, "inter2": inter2 or "",
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": numeric, "region": region, "country": country or loc.get("country") or "",
        "admin1": loc.get("admin1") or "", "admin2": loc.get("admin2") or "", "admin3": "",
        "location": loc.get("name") or "", "latitude": _num(loc.get("latitude")),
        "longitude": _num(loc.get("longitude")), "geo_precision": loc.get("geo_precision") or "",
        "source": doc.get("outlet") or "", "source_scale": "",
        "notes": " ... ".join(_clean(str(v.get("text", ""))) for v in event.get("evidence") or []),
        "fatalities": int(event.get("fatalities") or 0),
        "tags": "; ".join(f"{k}={v}" for k, v in sorted(quantities.items())),
        "timestamp": timestamp,
    }


def _num(value: object) -> object:
    return "" if value is None else value


def write_acled_csv(
    events: Iterable[JsonDict], stream: IO[str], *,
    actor_types: Mapping[str, object] | None = None, timestamp: int | None = None,
) -> int:
    """Write events (each with its ``document`` header) as ACLED CSV; returns the row count."""
    types = load_actor_types() if actor_types is None else actor_types
    stamp = int(time.time()) if timestamp is None else timestamp
    writer = csv.DictWriter(stream, fieldnames=list(ACLED_COLUMNS), lineterminator="\n")
    writer.writeheader()
    count = 0
    for event in events:
        writer.writerow(acled_row(event, types, stamp))
        count += 1
    return count


def write_jsonl(objects: Iterable[JsonDict], stream: IO[str]) -> int:
    count = 0
    for obj in objects:
        stream.write(json.dumps(obj, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(objects: Iterable[JsonDict], stream: IO[str]) -> int:
    """A JSON array written item by item, so large outputs need not sit in memory."""
    count = 0
    stream.write("[")
    for obj in objects:
        stream.write(("," if count else "") + "\n  " + json.dumps(obj, ensure_ascii=False))
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


# ---------------------------------------------------------------- terminal table

_TABLE_COLUMNS = (("doc", 16), ("sub-event type", 35), ("actors", 44), ("place", 22),
                  ("date", 10), ("quantities", 24), ("conf", 4))


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def _width(text: str) -> int:
    return sum(_char_width(c) for c in text)


def _fit(text: str, width: int) -> str:
    """``text`` cut (with an ellipsis) and padded to ``width`` terminal cells."""
    text = _clean(text)
    if _width(text) > width:
        out: list[str] = []
        used = 0
        for c in text:
            if used + _char_width(c) > width - 1:
                break
            out.append(c)
            used += _char_width(c)
        text = "".join(out) + "…"
    return text + " " * max(0, width - _width(text))


def table_cells(event: JsonDict) -> list[str]:
    def side(key: str) -> str:
        return ", ".join(_actor_name(a) for a in event.get(key) or []) or "?"

    loc: JsonDict = event.get("location") or {}
    when: JsonDict = event.get("date") or {}
    actors = side("actor1") + (" -> " + side("actor2") if event.get("actor2") else "")
    quantities = dict(event.get("quantities") or {})
    if event.get("fatalities"):
        quantities["fatalities"] = event["fatalities"]
    return [
        str((event.get("document") or {}).get("id") or ""),
        str(event.get("sub_event_type") or ""),
        actors,
        str(loc.get("name") or loc.get("text") or "?"),
        str(when.get("start") or "?"),
        ", ".join(f"{k} {v}" for k, v in quantities.items()),
        f"{float(event.get('confidence') or 0):.2f}",
    ]


def format_table(events: Iterable[JsonDict], errors: Iterable[tuple[str, str]] = ()) -> str:
    """A fixed-width table of events, then one ``! source: error`` line per failure."""
    header = " ".join(_fit(name, w) for name, w in _TABLE_COLUMNS).rstrip()
    lines = [header, "-" * len(header)]
    count = 0
    for event in events:
        cells = table_cells(event)
        lines.append(" ".join(_fit(c, w) for c, (_, w) in zip(cells, _TABLE_COLUMNS, strict=True))
                     .rstrip())
        count += 1
    lines.append(f"({count} event{'s' if count != 1 else ''})")
    lines += [f"! {r}" if r.startswith(f"{s}:") else f"! {s}: {r}" for s, r in errors]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- GIS and network formats

def geojson_feature(event: JsonDict, actor_types: Mapping[str, object], timestamp: int
                    ) -> JsonDict:
    """An event as a GeoJSON Feature with flat ACLED-named properties (QGIS shows them as is)."""
    row = acled_row(event, actor_types, timestamp)
    lon, lat = row["longitude"], row["latitude"]
    doc: JsonDict = event.get("document") or {}
    props = {**row, "rasad_id": event.get("id"), "confidence": event.get("confidence"),
             "document_id": doc.get("id"), "url": doc.get("url") or ""}
    geometry = None if lon == "" or lat == "" else {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "id": event.get("id"), "geometry": geometry, "properties": props}


def write_geojson(events: Iterable[JsonDict], stream: IO[str], *,
                  actor_types: Mapping[str, object] | None = None,
                  timestamp: int | None = None) -> int:
    """A GeoJSON FeatureCollection (RFC 7946, WGS84 lon/lat), written feature by feature."""
    types = load_actor_types() if actor_types is None else actor_types
    stamp = int(time.time()) if timestamp is None else timestamp
    count = 0
    stream.write('{"type": "FeatureCollection", "features": [')
    for event in events:
        feature = geojson_feature(event, types, stamp)
        stream.write(("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        count += 1
    stream.write("\n]}\n")
    return count


def kml_color(hex_rgb: str, alpha: int = 0xDD) -> str:
    """``#RRGGBB`` as KML's ``aabbggrr``."""
    rgb = hex_rgb.lstrip("#")
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


KML_TYPE_COLORS = {
    "Battles": "#d7301f", "Explosions/Remote violence": "#fc8d59",
    "Violence against civilians": "#7b3294", "Protests": "#1a9850", "Riots": "#fee08b",
    "Strategic developments": "#2b8cbe",
}


def _kml_placemark(event: JsonDict) -> str:
    from xml.etree.ElementTree import Element, SubElement, tostring

    loc: JsonDict = event.get("location") or {}
    when: JsonDict = event.get("date") or {}
    row = acled_row(event, {}, 0)
    mark = Element("Placemark", id=f"e{event.get('id')}")
    SubElement(mark, "name").text = f"{event.get('sub_event_type')} — {loc.get('name') or '?'}"
    # Report text goes in as escaped text: Google Earth shows markup in it, never runs it.
    SubElement(mark, "description").text = "\n".join(
        f"{k}: {row[k]}" for k in ("event_date", "actor1", "actor2", "location", "fatalities",
                                   "source", "notes") if row[k] not in ("", None))
    SubElement(mark, "styleUrl").text = "#" + _kml_style_id(event.get("event_type"))
    if when.get("start"):
        span = SubElement(mark, "TimeSpan")
        SubElement(span, "begin").text = str(when["start"])
        SubElement(span, "end").text = str(when.get("end") or when["start"])
    data = SubElement(mark, "ExtendedData")
    for key in ("event_id_cnty", "event_type", "sub_event_type", "actor1", "actor2",
                "fatalities", "geo_precision", "time_precision"):
        field = SubElement(data, "Data", name=key)
        SubElement(field, "value").text = str(row[key])
    point = SubElement(mark, "Point")
    SubElement(point, "coordinates").text = f"{loc['longitude']},{loc['latitude']}"
    return tostring(mark, encoding="unicode")


def _kml_style_id(event_type: object) -> str:
    return "t-" + "".join(c if c.isalnum() else "-" for c in str(event_type or "other").lower())


def write_kml(events: Iterable[JsonDict], stream: IO[str], *, name: str = "rasad events",
              control: Iterable[JsonDict] = ()) -> int:
    """KML 2.2 for Google Earth: one placemark per located event, with a TimeSpan so the
    time slider works; ``control`` adds a folder of holdings (``name``, ``longitude``,
    ``latitude``, ``holder``, ``begin``, ``end``, ``color``). Returns the event count."""
    from xml.sax.saxutils import escape

    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>\n'
                 f"<name>{escape(name)}</name>\n")
    for event_type, color in {**KML_TYPE_COLORS, "other": "#777777"}.items():
        stream.write(f'<Style id="{_kml_style_id(event_type)}"><IconStyle><color>'
                     f"{kml_color(color)}</color><scale>0.9</scale><Icon><href>"
                     "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href>"
                     "</Icon></IconStyle></Style>\n")
    stream.write("<Folder><name>Events</name>\n")
    count = 0
    for event in events:
        loc = event.get("location") or {}
        if loc.get("latitude") is None or loc.get("longitude") is None:
            continue
        stream.write(_kml_placemark(event) + "\n")
        count += 1
    stream.write("</Folder>\n")
    _write_kml_control(control, stream)
    stream.write("</Document></kml>\n")
    return count


def _write_kml_control(holdings: Iterable[JsonDict], stream: IO[str]) -> None:
    from xml.etree.ElementTree import Element, SubElement, tostring

    items = list(holdings)
    if not items:
        return
    stream.write("<Folder><name>Control</name>\n")
    for h in items:
        mark = Element("Placemark")
        SubElement(mark, "name").text = f"{h.get('name')}: {h.get('holder') or 'unknown'}"
        style = SubElement(SubElement(mark, "Style"), "IconStyle")
        SubElement(style, "color").text = kml_color(str(h.get("color") or "#9a9a9a"), 0xFF)
        SubElement(style, "scale").text = "1.4"
        span = SubElement(mark, "TimeSpan")
        for key in ("begin", "end"):
            if h.get(key):
                SubElement(span, key).text = str(h[key])
        point = SubElement(mark, "Point")
        SubElement(point, "coordinates").text = f"{h['longitude']},{h['latitude']}"
        stream.write(tostring(mark, encoding="unicode") + "\n")
    stream.write("</Folder>\n")


_GRAPHML_NODE_KEYS = (("label", "string"), ("kind", "string"), ("acled_type", "string"),
                      ("bloc", "string"), ("color", "string"), ("events", "int"))
_GRAPHML_EDGE_KEYS = (("relation", "string"), ("weight", "double"))


def write_graphml(graph: JsonDict, stream: IO[str]) -> int:
    """``{"nodes": [...], "edges": [...]}`` (see rasad.web.graph.build_network) as GraphML
    for Gephi; returns the node count. Edges are directed (sponsor -> sponsored,
    commander -> actor, actor1 -> actor2 when opposed)."""
    from xml.etree.ElementTree import Element, SubElement, tostring

    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for scope, keys in (("node", _GRAPHML_NODE_KEYS), ("edge", _GRAPHML_EDGE_KEYS)):
        for name, kind in keys:
            stream.write(f'<key id="{name}" for="{scope}" attr.name="{name}" '
                         f'attr.type="{kind}"/>\n')
    stream.write('<graph id="rasad" edgedefault="directed">\n')
    nodes = graph.get("nodes") or []
    for node in nodes:
        element = Element("node", id=str(node["id"]))
        values = {"label": node.get("name") or node["id"], "kind": node.get("kind"),
                  "acled_type": node.get("acled_type"), "bloc": node.get("bloc"),
                  "color": node.get("bloc_color") or node.get("color"),
                  "events": node.get("events")}
        for key, value in values.items():
            if value is not None:
                SubElement(element, "data", key=key).text = str(value)
        stream.write(tostring(element, encoding="unicode") + "\n")
    for i, edge in enumerate(graph.get("edges") or []):
        element = Element("edge", id=f"e{i}", source=str(edge["source"]),
                          target=str(edge["target"]))
        SubElement(element, "data", key="relation").text = str(edge.get("kind"))
        SubElement(element, "data", key="weight").text = str(edge.get("weight", 1))
        stream.write(tostring(element, encoding="unicode") + "\n")
    stream.write("</graph>\n</graphml>\n")
    return len(nodes)
