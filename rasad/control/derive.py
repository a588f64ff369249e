"""Control claims from merged events: who holds which sites, from when to when.

Rules, applied to merged events in time order (undated ones after dated ones, in
ingest order, since their place on the calendar is unknown):

- a handover or a battle that takes territory ("Non-violent transfer of territory",
  "Non-state actor overtakes territory", "Government regains territory") closes the
  open claims of anyone but the takers on the sites at its place and opens the
  takers' claims; the first time a place is seen, a site record is created for the
  itemized group with its count, and the givers get a claim that ends at the
  handover (start not reported);
- a handover with no named taker inherits the takers its report names in its other
  handovers (flagged as inferred);
- a base established opens an "established" claim, on the sites its holder (or a
  group it backs or is backed by) already holds at that place, else on a new site;
- a reinforcement ("Change to group/activity" with personnel, vehicles or a
  reinforcement cue) adds place-level presence; presence contradicted by a handover
  in the same report (the actor gave these positions up) is kept but flagged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .evidence import pick_evidence
from .merge import actor_keys
from .model import (
    ControlClaim,
    EvidenceSpan,
    Interval,
    JsonDict,
    MergedEvent,
    Site,
    SourceRef,
)
from .sides import (
    CONTROL_CHANGE,
    Side,
    earliest_handover,
    event_interval,
    inherited_takers,
    not_before,
    side_of,
)
from .site_records import (
    add_member_names,
    anchor,
    anchor_of,
    fill_count,
    new_site,
    short_id,
    site_from_event,
    site_place,
)
from .sites import has_cue, place_forms, site_kind, site_words, withdrew_afterwards

ESTABLISHED = "Headquarters or base established"
ACTIVITY = "Change to group/activity"
INFERRED_FACTOR = 0.8  # confidence kept by a claim whose holder was inferred


@dataclass(slots=True)
class ActorInfo:
    """What the derivation needs from the actor knowledge base."""

    related: Callable[[str], set[str]]  # the id, its formations and its backers
    generic: Callable[[str], bool]
    name: Callable[[str], str | None]


@dataclass(slots=True)
class ControlState:
    sites: dict[str, Site] = field(default_factory=dict)
    claims: list[ControlClaim] = field(default_factory=list)
    # Indexes keep the derivation linear in the number of events.
    _by_anchor: dict[str, list[Site]] = field(default_factory=dict)
    _by_target: dict[str, list[ControlClaim]] = field(default_factory=dict)
    _claim_ids: set[str] = field(default_factory=set)

    def add_site(self, site: Site) -> Site:
        if site.id not in self.sites:
            self.sites[site.id] = site
            self._by_anchor.setdefault(anchor_of(site), []).append(site)
        return self.sites[site.id]

    def add_claim(self, claim: ControlClaim) -> None:
        # A report may tell one change twice (an earlier telling in its last paragraph):
        # the second claim gets its own id instead of colliding with the first.
        base, n = claim.id, 2
        while claim.id in self._claim_ids:
            claim.id, n = f"{base}-{n}", n + 1
        self._claim_ids.add(claim.id)
        self.claims.append(claim)
        self._by_target.setdefault(_target(claim.site_id, claim.place), []).append(claim)

    def claims_on(self, site_id: str | None, place: str | None = None) -> list[ControlClaim]:
        return self._by_target.get(_target(site_id, place), [])

    def open_claims(self, site_id: str | None, place: str | None = None) -> list[ControlClaim]:
        return [c for c in self.claims_on(site_id, place)
                if c.valid_to is None and c.closed_by is None]

    def sites_at(self, anchor: str) -> list[Site]:
        return list(self._by_anchor.get(anchor, []))


def _target(site_id: str | None, place: str | None) -> str:
    return f"site:{site_id}" if site_id is not None else f"place:{place}"


def derive_control(merged: list[MergedEvent], actors: ActorInfo,
                   siblings: Callable[[MergedEvent], list[MergedEvent]]) -> ControlState:
    """Sites and claims from merged events (already in time order)."""
    state = ControlState()
    for event in merged:
        location = primary_location(event)
        if not location:
            continue
        if event.sub_event_type in CONTROL_CHANGE:
            _control_change(state, event, location, siblings(event), actors)
        elif event.sub_event_type == ESTABLISHED:
            _established(state, event, location, actors)
        elif event.sub_event_type == ACTIVITY and _is_reinforcement(event):
            _presence(state, event, location, siblings(event), actors)
    return state


def primary_location(event: MergedEvent) -> JsonDict | None:
    wanted = event.fields["location"].primary
    for member in event.events:
        loc = member.get("location") or {}
        if loc and (loc.get("gazetteer_id") or loc.get("name")) == wanted:
            return loc
    return next((m["location"] for m in event.events if m.get("location")), None)


def _is_reinforcement(event: MergedEvent) -> bool:
    for member in event.events:
        quantities = member.get("quantities") or {}
        if quantities.get("personnel") or quantities.get("vehicles"):
            return True
        if any(has_cue(str(ev.get("text") or ""), "reinforcement")
               for ev in member.get("evidence") or []):
            return True
    return False


# ------------------------------------------------------------------ control changes


def _control_change(state: ControlState, event: MergedEvent, location: JsonDict,
                    siblings: list[MergedEvent], actors: ActorInfo) -> None:
    takers, inferred = side_of(event, "actor1"), False
    givers = side_of(event, "actor2")
    when = event_interval(event, siblings)
    taken_from = when
    if not takers.names:
        takers, inferred = inherited_takers(siblings), True
        taken_from = not_before(when, earliest_handover(siblings))
    withdrew = _withdrew_afterwards(event)
    sites = (state.sites_at(anchor(location))
             or [state.add_site(site_from_event(event, location))])
    for site in sites:
        fill_count(site, event)
        add_member_names(site, event)
        if not withdrew:  # a raid that took and left does not end the holders' control
            _close(state, site.id, _same_side(set(takers.names), actors), when, event.id)
        _giver_claims(state, site, givers, event, when)
        taken = _taker_claims(state, site, takers, event, taken_from, inferred)
        if withdrew:
            for claim in taken:
                _end(claim, when, event.id)
                claim.notes.append("the takers withdrew again, as the same report says")
        _flag_both_sides(state.claims_on(site.id), event.id, set(takers.names) & set(givers.names))
    for key in givers.names:
        for claim in state.open_claims(None, site_place(location)):
            if claim.holder_id == key:
                _end(claim, when, event.id)


def _withdrew_afterwards(event: MergedEvent) -> bool:
    return any(withdrew_afterwards(str(ev.get("text") or ""))
               for member in event.events for ev in member.get("evidence") or [])


def _flag_both_sides(claims: list[ControlClaim], event_id: str, both: set[str]) -> None:
    # A report that has one actor both give up and take over a place contradicts
    # itself: its claims are kept, flagged, rather than trusted or dropped.
    for claim in claims:
        touched = event_id in (claim.opened_by, claim.closed_by)
        if touched and claim.holder_id in both and not claim.disputed:
            claim.disputed = True
            claim.notes.append("contradicted: the report names this actor both as giving "
                               "up and as taking over the place")


def _same_side(takers: set[str], actors: ActorInfo) -> Callable[[ControlClaim], bool]:
    """Claims a handover to ``takers`` leaves open: the takers' own, and bases set up by
    groups they back or are backed by (one side's positions, not a change of hands)."""
    def keeps(claim: ControlClaim) -> bool:
        holder = str(claim.holder_id)
        if holder in takers:
            return True
        return claim.kind == "established" and any(
            holder in actors.related(t) or t in actors.related(holder) for t in takers)
    return keeps


def _close(state: ControlState, site_id: str, keeps: Callable[[ControlClaim], bool],
           when: Interval, event_id: str) -> None:
    for claim in state.open_claims(site_id):
        if not keeps(claim):
            _end(claim, when, event_id)


def _end(claim: ControlClaim, when: Interval, event_id: str) -> None:
    claim.valid_to = when
    claim.closed_by = event_id


def _giver_claims(state: ControlState, site: Site, givers: Side, event: MergedEvent,
                  when: Interval) -> None:
    for key, name in givers.names.items():
        if any(c.holder_id == key and (c.closed_by == event.id or c.closed_by is None)
               for c in state.claims_on(site.id)):
            continue  # its open claim was just closed (or stays open: a raid that left)
        claim = _claim(site, key, name, "control", event, givers.sources[key], role="giver")
        claim.valid_from, claim.valid_to, claim.closed_by = None, when, event.id
        claim.first_evidence = when
        claim.opened_by = None  # known only from the handover that ended it
        claim.notes.append("held before the handover; start of control not reported")
        state.add_claim(claim)


def _taker_claims(state: ControlState, site: Site, takers: Side, event: MergedEvent,
                  when: Interval, inferred: bool) -> list[ControlClaim]:
    """The takers' new claims (an open claim of the same holder only gains sources)."""
    disputed = event.fields["actor1"].disputed
    all_groups = {s.group for srcs in takers.sources.values() for s in srcs}
    opened: list[ControlClaim] = []
    for key, name in takers.names.items():
        sources = takers.sources[key]
        existing = [c for c in state.open_claims(site.id) if c.holder_id == key]
        if existing:
            _add_sources(existing[0], sources, event)
            continue
        claim = _claim(site, key, name, "control", event, sources, role="taker")
        claim.valid_from = claim.first_evidence = when
        opened.append(claim)
        if inferred:
            claim.confidence = round(claim.confidence * INFERRED_FACTOR, 3)
            claim.notes.append("taker not named in this sentence; inferred from the "
                               "report's other handover events")
        if disputed and {s.group for s in sources} != all_groups:
            claim.disputed = True
            claim.notes.append("named as taker by only some of the reports (see sources)")
        state.add_claim(claim)
    return opened


def _add_sources(claim: ControlClaim, sources: list[SourceRef], event: MergedEvent) -> None:
    for source in sources:
        if source not in claim.sources:
            claim.sources.append(source)
    claim.notes.append(f"also reported by merged event {event.id}")


def _claim(site: Site | None, key: str, name: str, kind: str, event: MergedEvent,
           sources: list[SourceRef], place: str | None = None, role: str = "") -> ControlClaim:
    docs = {s.doc_id for s in sources}
    members = [m for m, s in zip(event.events, event.sources, strict=True) if s.doc_id in docs]
    forms = place_forms(members[0].get("location") or {}) if members else []
    mentions = [str(r.get("text")) for m in members for side in ("actor1", "actor2")
                for r in m.get(side) or [] if next(iter(actor_keys([r])), None) == key]
    evidence = [EvidenceSpan(s.doc_id, int(ev["start"]), int(ev["end"]), str(ev["text"]))
                for m, s in zip(event.events, event.sources, strict=True) if s.doc_id in docs
                for ev in pick_evidence(m.get("evidence") or [], forms, mentions)]
    return ControlClaim(
        id=f"c-{short_id(site.id if site else place, key, kind, role, event.id)}",
        site_id=site.id if site else None, place=place or (site.anchor_name if site else None),
        holder_id=key, holder_name=name, kind=kind, valid_from=None, valid_to=None,
        opened_by=event.id, closed_by=None, confidence=_confidence(members, sources),
        sources=list(sources), evidence=evidence,
        holder_as_written=list(dict.fromkeys(m for m in mentions if m and m != "None")))


def _confidence(members: list[JsonDict], sources: list[SourceRef]) -> float:
    # Independent reports corroborate (noisy-or); copies of one report do not.
    best: dict[str, float] = {}
    for member, source in zip(members, sources, strict=False):
        best[source.group] = max(best.get(source.group, 0.0), float(member.get("confidence") or 0.5))
    doubt = 1.0
    for value in best.values():
        doubt *= 1.0 - value
    return round(min(0.99, 1.0 - doubt), 3)


# ------------------------------------------------------------------ bases and presence


def _established(state: ControlState, event: MergedEvent, location: JsonDict,
                 actors: ActorInfo) -> None:
    holders = side_of(event, "actor1")
    when = event_interval(event, [])
    for key, name in holders.names.items():
        related = actors.related(key)
        sites = [s for s in state.sites_at(anchor(location))
                 if any(c.holder_id in related or key in actors.related(str(c.holder_id))
                        for c in state.open_claims(s.id))]
        if not sites:
            words = set(site_words())
            text = " ".join(str(ev.get("text")) for m in event.events for ev in m.get("evidence") or [])
            kind = site_kind([{"text": text}], sorted(words)) if text else "headquarters"
            sites = [new_site(event.id, kind if kind != "position" else "headquarters", None,
                           location)]
            state.add_site(sites[0])
        for site in sites:
            claim = _claim(site, key, name, "established", event, holders.sources[key])
            claim.valid_from = claim.first_evidence = when
            state.add_claim(claim)


def _presence(state: ControlState, event: MergedEvent, location: JsonDict,
              siblings: list[MergedEvent], actors: ActorInfo) -> None:
    holders = side_of(event, "actor1")
    givers: set[str] = set()
    for sibling in siblings:
        if sibling.sub_event_type in CONTROL_CHANGE:
            givers |= set(side_of(sibling, "actor2").names)
    backers_of_givers = set().union(*(actors.related(g) for g in givers)) - givers
    place = site_place(location)
    for key, name in holders.names.items():
        claim = _claim(None, key, name, "presence", event, holders.sources[key], place=place)
        claim.valid_from = claim.first_evidence = event_interval(event, [])
        backers = actors.related(key) - {key}
        if key in givers or (actors.generic(key) and backers and backers <= backers_of_givers):
            claim.disputed = True
            claim.notes.append("contradicted: the same report has this actor (or the "
                               "groups it describes) giving positions up")
        state.add_claim(claim)
