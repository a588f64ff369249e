"""Plain-text tables for the control queries (``--format table``)."""

from __future__ import annotations

from typing import Any

JsonDict = dict[str, Any]
EVIDENCE_CHARS = 110


def _when(interval: JsonDict | None, open_word: str) -> str:
    if interval is None:
        return open_word
    if interval.get("known"):
        return str(interval["start"])
    text = interval.get("text")
    return f"? ('{text}')" if text else "?"


def _sources(sources: list[JsonDict]) -> str:
    parts = []
    for s in sources:
        label = s.get("outlet") or s["doc_id"]
        parts.append(f"{label} (copy of {s['copy_of']})" if s.get("copy_of") else label)
    return ", ".join(parts)


def _claim_lines(claim: JsonDict, indent: str = "    ") -> list[str]:
    flag = " [DISPUTED]" if claim.get("disputed") else ""
    lines = [(f"{indent}{claim['holder']} ({claim['kind']}): {_when(claim['since'], 'before')}"
             f" -> {_when(claim['until'], 'now')}  conf {claim['confidence']:.2f}, "
             f"{claim['corroboration']} report(s){flag}"),
             f"{indent}  sources: {_sources(claim['sources'])}"]
    if claim.get("status_note"):
        lines.append(f"{indent}  note: {claim['status_note']}")
    lines += [f"{indent}  note: {n}" for n in claim.get("notes") or []]
    for ev in claim.get("evidence") or []:
        text = ev["text"] if len(ev["text"]) <= EVIDENCE_CHARS else ev["text"][:EVIDENCE_CHARS] + "…"
        lines.append(f"{indent}  evidence [{ev['doc_id']} {ev['start']}-{ev['end']}]: {text}")
    return lines


def _buckets(result: JsonDict, indent: str = "  ") -> list[str]:
    titles = (("holders", "held by"), ("previous", "previously held by"),
              ("later", "later held by"), ("unknown", "timing unknown"),
              ("contradicted", "contradicted"))
    lines: list[str] = []
    for key, title in titles:
        if result.get(key):
            lines.append(f"{indent}{title}:")
            for claim in result[key]:
                lines += _claim_lines(claim, indent + "  ")
    return lines


def control_table(result: JsonDict) -> str:
    at = f" at {result['at']}" if result.get("at") else " (latest)"
    lines = [(f"Control of {result['query']}{at}: {result['positions']} position(s) in "
             f"{len(result['sites'])} site record(s)")]
    for site in result["sites"]:
        info = site["site"]
        disputed = ""
        if info.get("count_disputed"):
            counts = "; ".join(f"{v['value']} per {', '.join(v['sources'])}"
                               for v in info["count_values"])
            disputed = f"  [count DISPUTED: {counts}]"
        lines.append(f"- {info['label']} (±{info['uncertainty_km']:g} km){disputed}")
        lines += _buckets(site)
    if any(result["presence"].values()):
        lines.append("- presence at the place (not tied to a site)")
        lines += _buckets(result["presence"])
    lines += [f"note: {n}" for n in result.get("notes") or []]
    return "\n".join(lines) + "\n"


def history_table(result: JsonDict) -> str:
    lines = [f"History of {result['query']}: {', '.join(result['sites']) or 'place-level only'}"]
    for change in result["changes"]:
        date = change.get("date") or {}
        when = date.get("start") or (f"? ('{date['text']}')" if date.get("text") else "?")
        disputed = f"  DISPUTED: {', '.join(change['disputed'])}" if change.get("disputed") else ""
        lines.append(f"- {when}  {change['sub_event_type']}  "
                     f"[{change['corroboration']} report(s): "
                     f"{_sources(change.get('sources') or [])}]{disputed}")
        for verb in ("lost", "gained"):
            for item in change[verb]:
                flag = " [disputed]" if item.get("disputed") else ""
                lines.append(f"    {verb}: {item['holder']} ({item['kind']}) {item['site']}{flag}")
    return "\n".join(lines) + "\n"


def actor_table(result: JsonDict) -> str:
    at = f" at {result['at']}" if result.get("at") else ""
    lines = [f"{result['name']} ({result['actor_id']}){at}"]
    for key, title in (("footprint", "own positions"), ("via_backed_groups", "through groups it backs")):
        bucket = result[key]
        if not any(bucket.values()):
            continue
        lines.append(f"{title}:")
        for status, claims in bucket.items():
            for claim in claims:
                lines.append(f"  [{status}] {claim['holder']} {claim['kind']} {claim['site']}: "
                             f"{_when(claim['since'], 'before')} -> {_when(claim['until'], 'now')}"
                             f"  ({_sources(claim['sources'])})")
    if result["commanders"]:
        lines.append("commanders:")
        lines += [f"  {c['name']} — areas: {', '.join(c['areas']) or '?'}"
                  for c in result["commanders"]]
    if result["relations"]:
        lines.append("relations:")
        for r in result["relations"]:
            when = f" since {_when(r['valid_from'], '?')}" if r.get("valid_from") else ""
            lines.append(f"  {r['subject']} {r['relation']} {r['object']}{when}"
                         f"  ({_sources(r['sources']) or r['basis'][:60]})")
    return "\n".join(lines) + "\n"


def _role_phrase(role: JsonDict) -> str:
    """"commander of IRGC in Tadmur", or only the parts the report gave ("named")."""
    phrase = role["role"] or "named"
    if role["actor"]:
        phrase += f" of {role['actor']}"
    if role["area"]:
        phrase += f" in {role['area']}"
    return phrase


def commander_table(result: JsonDict) -> str:
    lines = []
    for c in result["commanders"]:
        kunya = f" (kunya {c['kunya']})" if c.get("kunya") else ""
        lines.append(f"{c['name']}{kunya} — {', '.join(c['actors']) or '?'}; "
                     f"areas: {', '.join(c['areas']) or '?'}; {c['corroboration']} report(s); "
                     f"first {c['first_reported'] or '?'}, last {c['last_reported'] or '?'}")
        if len(c["aliases"]) > 1:
            lines.append(f"    also written: {', '.join(c['aliases'])}")
        for r in c["roles"]:
            lines.append(f"    {_role_phrase(r)} — {r['source']['outlet'] or r['source']['doc_id']}"
                         f" [{r['start']}-{r['end']}] as '{r['name']}'")
    lines.append(f"({len(result['commanders'])} commander(s))")
    return "\n".join(lines) + "\n"
