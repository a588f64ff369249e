"""KML 2.2 for Google Earth, written with fastkml so elements come in the schema's order.

Report text reaches Google Earth twice escaped: descriptions are HTML there, so the text
is HTML-escaped first (a ``<script>`` in a report shows as text), then XML-escaped by the
writer. Characters XML 1.0 forbids (form feeds, escapes) are dropped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import IO, Any

import pygeoif
from fastkml import containers, data, features, kml, styles, times
from fastkml.styles import StyleUrl

from .acled import AcledContext, acled_context, acled_row

JsonDict = dict[str, Any]

KML_TYPE_COLORS = {
    "Battles": "#d7301f", "Explosions/Remote violence": "#fc8d59",
    "Violence against civilians": "#7b3294", "Protests": "#1a9850", "Riots": "#fee08b",
    "Strategic developments": "#2b8cbe",
}
_ICON = "http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
_DESCRIPTION_KEYS = ("event_date", "actor1", "actor2", "location", "fatalities", "source",
                     "notes")
_DATA_KEYS = ("event_id_cnty", "event_type", "sub_event_type", "actor1", "actor2",
              "fatalities", "geo_precision", "time_precision")
# XML 1.0 allows tab, newline and carriage return below U+0020, and no surrogates,
# U+FFFE or U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9_.-]")


def xml_text(value: object) -> str:
    """``value`` as text XML 1.0 can carry."""
    return _NOT_XML.sub("", str(value))


def kml_color(hex_rgb: str, alpha: int = 0xDD) -> str:
    """``#RRGGBB`` as KML's ``aabbggrr``."""
    rgb = hex_rgb.lstrip("#")
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def _style_id(event_type: object) -> str:
    return "t-" + "".join(c if c.isalnum() else "-" for c in str(event_type or "other").lower())


def _styles() -> list[styles.Style]:
    return [styles.Style(id=_style_id(event_type), styles=[styles.IconStyle(
        color=kml_color(color), scale=0.9, icon_href=_ICON)])
        for event_type, color in {**KML_TYPE_COLORS, "other": "#777777"}.items()]


def _span(begin: str | None, end: str | None) -> times.TimeSpan | None:
    if not begin and not end:
        return None
    return times.TimeSpan(
        begin=times.KmlDateTime(date.fromisoformat(begin)) if begin else None,
        end=times.KmlDateTime(date.fromisoformat(end)) if end else None)


def _description(row: Mapping[str, object]) -> str:
    """The event as HTML lines, every value escaped: Google Earth renders it as HTML."""
    return "<br>".join(f"<b>{k}</b>: {html.escape(xml_text(row[k]))}"
                       for k in _DESCRIPTION_KEYS if row[k] not in ("", None))


def event_placemark(event: JsonDict, context: AcledContext) -> features.Placemark:
    """A located event; undated ones are placed at the report's publication date."""
    loc: JsonDict = event.get("location") or {}
    row = acled_row(event, context)
    begin = str(row["event_date"]) or None
    end = (event.get("date") or {}).get("end") if (event.get("date") or {}).get("start") else None
    return features.Placemark(
        id="e" + _NOT_NCNAME.sub("_", str(event.get("id"))),
        name=xml_text(f"{event.get('sub_event_type')} — {loc.get('name') or '?'}"),
        description=_description(row),
        times=_span(begin, end or begin),
        style_url=StyleUrl(url="#" + _style_id(event.get("event_type"))),
        extended_data=data.ExtendedData(elements=[
            data.Data(name=key, value=xml_text(row[key])) for key in _DATA_KEYS]),
        geometry=pygeoif.Point(float(loc["longitude"]), float(loc["latitude"])))


def holding_placemark(holding: JsonDict) -> features.Placemark:
    """One holder's period at one site, coloured by the holder's bloc."""
    color = kml_color(str(holding.get("color") or "#9a9a9a"), 0xFF)
    return features.Placemark(
        name=xml_text(f"{holding.get('name')}: {holding.get('holder') or 'unknown'}"),
        times=_span(holding.get("begin"), holding.get("end")),
        styles=[styles.Style(styles=[styles.IconStyle(color=color, scale=1.4,
                                                      icon_href=_ICON)])],
        geometry=pygeoif.Point(float(holding["longitude"]), float(holding["latitude"])))


def write_kml(events: Iterable[JsonDict], stream: IO[str], *, name: str = "rasad events",
              control: Iterable[JsonDict] = (),
              actor_types: Mapping[str, object] | None = None) -> int:
    """KML 2.2: one placemark per located event with a TimeSpan for the time slider;
    ``control`` adds a folder of holdings (``name``, ``longitude``, ``latitude``,
    ``holder``, ``begin``, ``end``, ``color``). Returns the event count."""
    context = acled_context(actor_types, 0)
    marks = [event_placemark(e, context) for e in events
             if (e.get("location") or {}).get("latitude") is not None
             and (e.get("location") or {}).get("longitude") is not None]
    folders = [containers.Folder(name="Events", features=marks)]
    holdings = [holding_placemark(h) for h in control]
    if holdings:
        folders.append(containers.Folder(name="Control", features=holdings))
    document = containers.Document(name=xml_text(name), styles=_styles(), features=folders)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(kml.KML(features=[document]).to_string(prettyprint=False) + "\n")
    return len(marks)
