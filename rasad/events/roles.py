"""Argument roles: which actors are actor1 (acts, takes over, attacks) and actor2.

The frame of the trigger decides. Arabic marks the receiving side with a preposition
(إلى، لـ، لصالح) often fused to the group noun ("لميليشيا (X)"), the agent of a
passive or nominal trigger with "من قبل"/"التابعة لـ", and the target with
"على"/"ضد"/"بحق"/"استهدف". Verb-first order puts the subject AFTER the verb, so the
first actor after a trigger with no actor before it is the agent.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from ..types import ActorMention, Trigger

_GROUP = r"(?:عناصر|قوات|ميليشيا|مليشيا|ميليشيات|مليشيات|فصيل|فصائل|جماعة|حركة)"
_GROUP_NOUNS = r"(?:" + _GROUP + r"\s*){0,2}"
# English puts an article (and often "forces of") between the preposition and the group:
# "handed over to the Lebanese Army", "now under (the) YPG's control".
_EN_ARTICLE = r"(?:the\s+)?(?:forces\s+of\s+(?:the\s+)?)?"
_RECEIVER = re.compile(
    r"(?:(?:إلى|الى|لصالح|(?<![A-Za-z])(?:to|handed\s+to|in\s+favou?r\s+of|under))\s+" + _EN_ARTICLE +
    _GROUP_NOUNS +
    r"|(?<![^\s(«])(?:ل|لل)(?:" + _GROUP + r"\s*)?" + _GROUP_NOUNS + r")"
    r"\s*[(«\"“]?\s*$"
)
_SOURCE = re.compile(r"(?:من|عن|(?<![A-Za-z])from)\s+" + _GROUP_NOUNS + r"\s*[(«\"“]?\s*$")
# "سيطرت X على القرية بعد مواجهات مع Y": the side fought against lost the place.
_FOUGHT = re.compile(r"(?:اشتباكات|مواجهات|معارك|clashes|fighting|battles)\s+(?:عنيفة\s+)?"
                     r"(?:مع|ضد|with|against)\s+(?:the\s+)?" + _GROUP_NOUNS + r"\s*[(«\"“]?\s*$")
_AGENT = re.compile(
    r"(?:من\s+قبل|من\s+طرف|نفذها|نفذته|نفذتها|تابعة\s+ل|التابعة\s+ل|التابع\s+ل|(?<![A-Za-z])by)\s*" +
    _GROUP_NOUNS + r"\s*[(«\"“]?\s*$"
)
_TARGET = re.compile(
    r"(?:على|ضد|بحق|\S*ستهدف\S*|طال\S*|(?<![A-Za-z])(?:against|on|targeting|at))\s+(?:\S+\s+){0,2}?" +
    _GROUP_NOUNS + r"\s*[(«\"“]?\s*$"
)
_LOOKBACK = 35
# "إطلاق النار عليه من قبل مسلحين": the agent of a passive stands right after its verb;
# a "من قبل" further on qualifies some other noun ("قيادات ملاحقة من قبل X").
_PASSIVE_AGENT_GAP = 25
_TELLER_REACH = 70  # ", the Kurdish-led Internal Security Forces (Asayish) said"
_SUBJECT_GAP = 40  # characters between a taking-over verb and its subject
_TARGETING = re.compile(r"ستهدف|targeted|struck|hit\b")
_VICTIMS = frozenset({"Civilians", "Protesters"})
# "قتلى من الجيش العراقي", "مسلحي قوات قسد": the group that suffered the casualties.
# "killed in an Israeli strike", "wounded by X": a preposition after the casualty word
# opens the cause, not the victims.
_CASUALTY = re.compile(
    r"(?:قتلى|قتيل|جرحى|مصابين|إصابة|اصابة|مقتل|مصرع|"
    r"(?:casualties|killed|wounded)(?!\s+(?:in|by|during|when|while|after|as|from|at)\b))\s+"
    r"(?:\S+\s+){0,2}?(?:من\s+|of\s+)?" + _GROUP_NOUNS + r"\s*[(«\"“]?\s*$"
)
_OWNER = re.compile(
    r"(?:تابعة|التابعة|التابع|تابع|تابعين|belonging)\s*(?:(?:ل|to\s+)\S*)?\s*[(«\"“]?\s*$"
)
# An actor after these words only qualifies the group before it ("الميليشيات المدعومة
# من الجيش الروسي", "بأمر من القيادة الروسية"): it is a backer, not a participant.
_MODIFIER = re.compile(
    r"(?:المدعوم\S*|مدعوم\S*|الموالي\S*|موالي\S*|بأمر|بامر|بطلب|بتوجيه\S*|بدعم|بإيعاز|بايعاز|"
    r"backed|supported|ordered|loyal|by\s+order\s+of|on\s+orders?\s+(?:of|from)|"
    r"at\s+the\s+request\s+of)\s+(?:من\s+)?(?:قبل\s+)?(?:by\s+|to\s+|the\s+)?" + _GROUP_NOUNS +
    r"\s*[(«\"“]?\s*$"
)
# "المواقع التي انسحبت منها ميليشيات X": X is the subject of a relative clause that
# describes a noun, not a participant of the clause's main event.
_RELATIVE_SUBJECT = re.compile(
    r"(?:التي|الذي|الذين|اللتين|اللذين|التى)\s+\S+\s+(?:منها|منه|فيها|فيه|عليها|عليه|بها|به)?"
    r"\s*" + _GROUP_NOUNS + r"\s*[(«\"“]?\s*$"
)
# "قالت مصادر من قوات الأسد", "sources within the SDF said": the group is where the news
# comes from, not a party to what it tells.
_NEWS_SOURCE = re.compile(
    r"(?:مصادر|مصدر|المصادر|المصدر|مسؤول|مسؤولون|sources?|officials?)\s+"
    r"(?:مقربة\s+من|مقرب\s+من|من|في|داخل|ضمن|close\s+to|from|in|within)\s+"
    + _GROUP_NOUNS + r"\s*[(«\"“]?\s*$"
)
# A pull-out named as what came before the clause's own news ("... بعد انسحاب Y").
AFTER_PULLOUT = re.compile(r"(?:بعد|عقب|إثر|اثر|بعيد|بُعيد)\s+$")

# English reported speech: "..., killing three civilians, the Asayish said" and "according
# to the SDF" name who tells the news after the event; that teller is no party to it.
_SAYS_AFTER = re.compile(
    r"\s*[)\]]?\s*(?:\([^()]{1,40}\)\s*)?(?:said|says|reported|announced|stated|told|added|claimed|"
    r"noted|confirmed|quoted)\b"
)
# English passive: the group named before "were killed", "was targeted" or "fell victim
# to" suffered the event ("Three members of X were killed by ...").
_SUFFERED_AFTER = re.compile(
    r"[^.;:]{0,40}?\b(?:(?:were|was|have\s+been|has\s+been|had\s+been|being)\s+(?:\w+\s+)?"
    r"(?:killed|wounded|injured|targeted|hit|struck|attacked|ambushed|shelled|abducted|"
    r"kidnapped|arrested|detained|executed)|fell\s+victims?\s+to)\b"
)
_BY_AGENT = re.compile(r"(?<![A-Za-z])by\s+(?:the\s+)?(?:[\w'’-]+\s+)?[(«\"“]?\s*$")
_TELLER_LEAD = re.compile(r"[,”\"]\s*(?:\S+\s+){0,5}\(?$")
_ACCORDING = re.compile(r"(?<![A-Za-z])according\s+to\s+(?:the\s+)?(?:\S+\s+){0,3}$")
_PASSIVE = re.compile(r"(?:تم|جرى|وتم|وجرى|فتم)\s+(?:$|\S+\s$)")
_GROUP_WORD = re.compile(
    r"^(?:[\s(«\"“)»”،,/]|و|and|the|عناصر|قوات|ميليشيا|مليشيا|ميليشيات|مليشيات|فصيل|فصائل|جماعة|"
    r"حركة)*$"
)
_JOINED = re.compile(r"و|\band\b|/")

Sides = tuple[list[ActorMention], list[ActorMention]]


def _before(text: str, actor: ActorMention) -> str:
    return text[max(0, actor.start - _LOOKBACK):actor.start]


def _subject_of(text: str, verb: Trigger, actors: list[ActorMention]) -> list[ActorMention]:
    """The subject of a taking-over verb: Arabic puts it after the verb ("وتسلم المقار
    عناصر فاطميون"), also before it ("وحدات من الفرقة 20 تسلمت"); English before it."""
    after = [a for a in actors if a.start >= verb.end and a.start - verb.end <= _SUBJECT_GAP]
    before = [a for a in actors if a.end <= verb.start and verb.start - a.end <= _SUBJECT_GAP]
    arabic = any("\u0600" <= ch <= "\u06ff" for ch in verb.text)
    order = (after[:1], before[-1:]) if arabic else (before[-1:], after[:1])
    found = order[0] or order[1]
    return _coordinated(text, actors, found)


def assign_roles(text: str, trigger: Trigger, actors: list[ActorMention],
                 wielders: frozenset[int] = frozenset(), receive: Trigger | None = None) -> Sides:
    """Split ``actors`` into (actor1, actor2) according to the trigger's frame;
    ``wielders`` are start offsets of actors named with the weapon they used;
    ``receive`` is a taking-over verb of the same frame, whose subject is the taker."""
    frame = trigger.frame or "attack"
    actors = [a for a in actors if not _MODIFIER.search(_before(text, a))
              and not _RELATIVE_SUBJECT.search(_before(text, a))
              and not _NEWS_SOURCE.search(_before(text, a))
              and not _tells(text, trigger, a)]
    if frame == "receive" and receive is None:
        receive = trigger
    if frame in ("handover", "withdraw", "receive"):
        receivers = _subject_of(text, receive, actors) if receive is not None else []
        # "الفرقة 11 التابعة لقوات النظام": the "ل" after "التابعة" names an owner,
        # not a side the place is handed to.
        receivers += [a for a in actors if _RECEIVER.search(_before(text, a))
                      and not _OWNER.search(_before(text, a))]
        passive = _PASSIVE.search(text[max(0, trigger.start - 8):trigger.start]) or \
            _PASSIVE.match(trigger.text + " ")
        if not receivers and passive:
            receivers = [a for a in actors if a.start >= trigger.end
                         and _GROUP_WORD.match(text[trigger.end:a.start])][:1]
        if frame == "withdraw" and AFTER_PULLOUT.search(text[max(0, trigger.start - 8):trigger.start]):
            # "انتشرت X في P بعد انسحاب Y منها": who moved in after the pull-out took over.
            receivers += [a for a in actors if a.end <= trigger.start]
        receivers = _owned_follow(text, actors, _coordinated(text, actors, receivers))
        givers = [a for a in actors if a not in receivers]
        return _dedupe(receivers, givers)
    if frame == "takeover":
        losers = [a for a in actors if _SOURCE.search(_before(text, a))
                  or _FOUGHT.search(_before(text, a))]
        return _dedupe([a for a in actors if a not in losers], losers)
    if frame == "protest" or trigger.sub_event_type == "Excessive force against protesters":
        return _protest_roles(text, trigger, actors)
    if frame in ("movement", "establish"):
        # Armed groups move and build bases; civilians or protesters named beside them
        # ("to prevent protesters from reaching") are not movers.
        return _dedupe([a for a in actors if a.name not in _VICTIMS and not a.civilian], [])
    if frame == "clash":
        return _clash_sides(text, trigger, [a for a in actors if a.name not in _VICTIMS])
    if frame == "meeting":
        return _dedupe(actors[:1], actors[1:])
    return _agent_and_target(text, trigger, actors, wielders)


def _clash_sides(text: str, trigger: Trigger, sides: list[ActorMention]) -> Sides:
    """The first side named starts the fight, unless the report says who attacked whom in
    the passive: "X were killed in an ambush by Y" (Y attacks)."""
    by = [a for a in sides if a.start >= trigger.end and _BY_AGENT.search(_before(text, a))]
    hit = [a for a in sides if _suffered(text, trigger, a)]
    if by or hit:
        first = by or [a for a in sides if a not in hit][:1]
        return _dedupe(first, [a for a in sides if a not in first])
    return _dedupe(sides[:1], sides[1:])


def _suffered(text: str, trigger: Trigger, a: ActorMention) -> bool:
    """X before a passive verb of harm that precedes the trigger ("X were killed in a
    drone strike") or is the trigger itself ("X were ambushed")."""
    if a.end > trigger.end:
        return False
    return bool(_SUFFERED_AFTER.match(text[:trigger.end + 12], a.end))


def _tells(text: str, trigger: Trigger, a: ActorMention) -> bool:
    """The teller of an English report: "according to X", or X after the event followed
    by a verb of saying (", the Asayish said")."""
    if a.start < trigger.end:
        return False
    before = text[max(trigger.end, a.start - _TELLER_REACH):a.start]
    if _ACCORDING.search(before):
        return True
    return bool(_SAYS_AFTER.match(text, a.end)) and bool(_TELLER_LEAD.search(before))


def _as_protesters(a: ActorMention) -> ActorMention:
    # ACLED codes the people who demonstrate as "Protesters", whoever they are otherwise.
    if a.name == "Civilians":
        return replace(a, actor_id="protesters", name="Protesters")
    return a


def _as_rioters(a: ActorMention) -> ActorMention:
    return replace(a, actor_id="rioters", name="Rioters")


def _implicit_rioters(trigger: Trigger) -> ActorMention:
    return ActorMention(trigger.start, trigger.end, trigger.text, "rioters", "Rioters",
                        generic=True)


def _implicit_protesters(trigger: Trigger) -> ActorMention:
    return ActorMention(trigger.start, trigger.end, trigger.text, "protesters", "Protesters",
                        generic=True)


def _protest_roles(text: str, trigger: Trigger, actors: list[ActorMention]) -> Sides:
    crowd = [_as_protesters(a) for a in actors if a.name in _VICTIMS]
    others = [a for a in actors if a.name not in _VICTIMS]
    if trigger.sub_event_type == "Peaceful protest":
        # ACLED always codes a protest's actor1 as protesters; the protest word itself
        # stands for them when the report names no crowd.
        return _dedupe(crowd[:1] or [_implicit_protesters(trigger)], [])
    if trigger.sub_event_type == "Protest with intervention":
        return _dedupe(crowd or [_implicit_protesters(trigger)], others)
    if trigger.sub_event_type == "Violent demonstration":
        # ACLED: the crowd that turns violent acts, as rioters; the forces it faces receive
        return _dedupe([_as_rioters(a) for a in crowd] or [_implicit_rioters(trigger)], others)
    return _dedupe(others, crowd)


def _owned_follow(text: str, actors: list[ActorMention], side: list[ActorMention]
                  ) -> list[ActorMention]:
    """"ميليشيا (لواء فاطميون) التابعة للحرس الثوري": the parent stands with its unit."""
    out = list(side)
    for prev, nxt in pairwise(actors):
        if prev in out and nxt not in out and _OWNER.search(text[prev.end:nxt.start]):
            out.append(nxt)
    return out


def _coordinated(text: str, actors: list[ActorMention], side: list[ActorMention]
                 ) -> list[ActorMention]:
    """Extend a side with actors joined to it by "و", "and" or "/" ("إلى قوات X و
    الميليشيات Y", "under PKK/YPG control")."""
    out = list(side)
    for prev, nxt in pairwise(actors):
        gap = text[prev.end:nxt.start]
        if prev in out and nxt not in out and _JOINED.search(gap) and _GROUP_WORD.match(gap):
            out.append(nxt)
    return out


def _hit(text: str, a: ActorMention) -> bool:
    before = _before(text, a)
    return bool(_CASUALTY.search(before) or _TARGET.search(before))


def _agent_and_target(text: str, trigger: Trigger, actors: list[ActorMention],
                      wielders: frozenset[int] = frozenset()) -> Sides:
    # A named civilian body (rescuers, a monitor) is the report's source unless it is hit:
    # "said the White Helmets" names no party to the strike.
    actors = [a for a in actors if not (a.civilian and not a.generic) or _hit(text, a)]
    agents = [a for a in actors if a.start in wielders and not a.civilian
              and a.name not in _VICTIMS]
    # Civilians and protesters are on the receiving end of violence, arrests and strikes.
    targets: list[ActorMention] = [a for a in actors if a.name in _VICTIMS or a.civilian]
    # "قتل عنصر من فصيل X إثر إطلاق النار عليه من قبل مسلحين": an agent named after the
    # trigger with "من قبل" makes the sentence passive; who stands before it was hit.
    passive = any(0 <= a.start - trigger.end <= _PASSIVE_AGENT_GAP
                  and _AGENT.search(_before(text, a)) for a in actors)
    for a in actors:
        if a in targets or a in agents:
            continue
        if agents and any(w.start in wielders for w in agents):
            targets.append(a)  # a named wielder leaves the others as targets
            continue
        if _CASUALTY.search(_before(text, a)) or _suffered(text, trigger, a):
            targets.append(a)
            continue
        before = _before(text, a)
        # "تابعة لـ" names the owner: of the weapon before the trigger (the agent), of the
        # vehicle or post after it (the target).
        owner = _OWNER.search(before)
        if owner and a.start > trigger.end:
            targets.append(a)
        elif _AGENT.search(before):
            agents.append(a)
        elif _TARGET.search(before):
            targets.append(a)
        elif a.end <= trigger.start:
            (targets if passive else agents).append(a)
        elif _TARGETING.search(trigger.text):
            targets.append(a)  # "استهدفت طائرة ... سيارة تقل عناصر من X": X is hit
        elif not agents:
            agents.append(a)  # verb-first: the subject follows the verb
        else:
            targets.append(a)
    return _dedupe(agents, targets)


def _key(a: ActorMention) -> str:
    return a.actor_id or a.text


def _dedupe(side1: list[ActorMention], side2: list[ActorMention]) -> Sides:
    seen: set[str] = set()
    out1: list[ActorMention] = []
    for a in side1:
        if _key(a) not in seen:
            seen.add(_key(a))
            out1.append(a)
    out2: list[ActorMention] = []
    for a in side2:
        if _key(a) not in seen:
            seen.add(_key(a))
            out2.append(a)
    return out1, out2
