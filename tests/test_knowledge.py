"""Tests of the knowledge data files and their loaders (rasad.knowledge)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from rasad.errors import KnowledgeError
from rasad.knowledge import (
    ACLED_ACTOR_TYPES,
    FRAMES,
    NEGATION_KINDS,
    PERSON_CUE_KINDS,
    ActorKB,
    load_actors,
    load_negation_cues,
    load_person_cues,
    load_triggers,
    parse_actors,
    parse_triggers,
)
from rasad.lang.ar.normalize import normalize_str
from rasad.match import PhraseMatcher
from rasad.types import ACLED_TAXONOMY, EVENT_TYPE_OF

SHARED = Path(__file__).resolve().parents[2] / "shared"

# Surface forms deliberately shared by two named (non-generic) actors, with the reason.
# Empty today: every ambiguity is resolved by a longer, more specific form instead.
DOCUMENTED_SHARED_ALIASES: dict[str, str] = {}


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return load_actors()


@pytest.fixture(scope="module")
def actor_matcher(kb: ActorKB) -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher()
    for surface, actor_id in kb.aliases():
        matcher.add(surface, actor_id)
    return matcher


def resolve(matcher: PhraseMatcher[str], text: str) -> list[str]:
    """Actor ids found in ``text``, in order (one id per unambiguous hit)."""
    found: list[str] = []
    for match in matcher.find(normalize_str(text)):
        found.extend(match.payloads)
    return found


def _matcher_accepts_both_article_forms() -> bool:
    probe: PhraseMatcher[str] = PhraseMatcher()
    probe.add("فاطميون", "x")
    probe.add("الفاطميون", "x")
    return len(probe.find(normalize_str("الفاطميون"))) == 1


needs_article_fix = pytest.mark.xfail(
    not _matcher_accepts_both_article_forms(), strict=False,
    reason="PhraseMatcher drops 'الX' hits once both 'X' and 'الX' are added (see report)")


# ------------------------------------------------------------------ actors: the data
def test_actor_count_and_required_fields(kb: ActorKB) -> None:
    assert len(kb) >= 110
    for actor in kb:
        assert actor.source.strip(), actor.id
        assert actor.names_ar and all(normalize_str(n) for n in actor.names_ar), actor.id
        assert any("\u0600" <= ch <= "\u06ff" for ch in actor.names_ar[0]), actor.id
        assert actor.acled_type in ACLED_ACTOR_TYPES, actor.id
        assert actor.name and actor.short, actor.id


def test_references_point_to_existing_actors(kb: ActorKB) -> None:
    for actor in kb:
        for ref in (actor.parent, actor.coded_as, *actor.sponsors, *actor.not_):
            assert ref is None or ref in kb, (actor.id, ref)


def test_no_alias_names_two_named_actors(kb: ActorKB) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for surface, actor_id in kb.aliases():
        actor = kb.get(actor_id)
        assert actor is not None
        if not actor.generic:
            owners[" ".join(normalize_str(surface).split())].add(actor_id)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert set(clashes) <= set(DOCUMENTED_SHARED_ALIASES), clashes


def test_no_overly_generic_alias(kb: ActorKB) -> None:
    too_generic = {"الجيش", "القوات", "الهيئة", "الحرس", "القاعدة", "الحشد", "النظام",
                   "التنظيم", "التحالف", "الفصائل", "is", "امل"}
    surfaces = {" ".join(normalize_str(s).split()) for s, _ in kb.aliases()}
    assert not surfaces & {normalize_str(s) for s in too_generic}


def test_key_facts(kb: ActorKB) -> None:
    quds = kb.get("liwa-al-quds")
    assert quds is not None and quds.sponsors == ("russian-armed-forces",)
    assert "saraya-al-quds" in quds.not_ and quds.country == "SY"
    assert kb.sponsors_of("fatemiyoun") == ("irgc",)
    assert kb.get("fatemiyoun").country == "AF"  # type: ignore[union-attr]
    assert kb.get("zainabiyoun").country == "PK"  # type: ignore[union-attr]
    assert "russian-armed-forces" in kb.sponsors_of("5th-corps")
    assert kb.get("regiment-47") is not None and kb.get("regiment-74") is not None
    assert "الفوج 47" in kb.get("regiment-47").names_ar  # type: ignore[union-attr]
    iran = kb.get("iran-backed-militias")
    assert iran is not None and iran.generic and iran.sponsors == ("irgc",)


def test_lineage_sponsors_and_coding(kb: ActorKB) -> None:
    assert kb.lineage("irgc-qf") == ["irgc-qf", "irgc"]
    assert kb.lineage("faylaq-al-sham") == ["faylaq-al-sham", "national-front-for-liberation",
                                            "syrian-national-army"]
    # Sponsors are inherited from the formations an actor belongs to.
    assert kb.sponsors_of("liwa-al-baqir") == ("irgc",)
    assert kb.coded("syrian-regime-forces").id == "syrian-arab-army"
    assert kb.coded("regime-aviation").id == "syrian-arab-army"
    assert kb.coded("russian-aviation").id == "russian-armed-forces"
    assert kb.coded("iran-backed-militias").id == "iran-backed-militias"
    assert kb.coded("4th-division").id == "4th-division"
    with pytest.raises(KeyError):
        kb.lineage("no-such-actor")


def test_lookup_is_spelling_tolerant(kb: ActorKB) -> None:
    assert kb.lookup("الحرس الثوري الايراني") == ("irgc",)
    assert kb.lookup("المليشيات الإيرانية") == ("iran-backed-militias",)
    assert kb.lookup("الميلشيات الروسية") == ("russian-backed-militias",)
    assert kb.lookup("hts") == ("hts",)
    assert kb.lookup("لا شيء") == ()


def test_default_load_is_cached() -> None:
    assert load_actors() is load_actors()


# ------------------------------------------------------------------ actors: matching
@pytest.mark.parametrize(("text", "expected"), [
    ("بدأت ميليشيا (لواء القدس الفلسطيني) وميليشيا (الفيلق الخامس) بإخلاء مواقعها",
     ["liwa-al-quds", "5th-corps"]),
    ("انسحب منها الفيلق الخامس و لواء القدس في البادية", ["5th-corps", "liwa-al-quds"]),
    ("وتم تسليمها إلى قوات (الحرس الثوري الإيراني)", ["irgc"]),
    ("ومنطقة البيضا لميليشيا (حزب الله اللبناني)", ["hezbollah"]),
    ("تعزيزات من ميليشيا (الفوج 47) وميليشيا (فاطميون الأفغانية)",
     ["regiment-47", "fatemiyoun"]),
    ("لعناصر ميليشيا (الفوج 74) بقيادة المدعو", ["regiment-74"]),
    ("أعلنت سرايا القدس الجناح العسكري لحركة الجهاد الإسلامي", ["saraya-al-quds", "pij"]),
    ("قائد فيلق القدس", ["irgc-qf"]),
    ("مليشيا حزب الله العراقي", ["kataib-hezbollah"]),
    ("عناصر من قوات سوريا الديمقراطية \"قسد\"", ["sdf", "sdf"]),
    ("خلايا تنظيم \"داعش\" في البادية", ["islamic-state"]),
    ("قصفت قوات النظام بلدة كفرنبل", ["syrian-regime-forces"]),
    ("شن الطيران الروسي غارات", ["russian-aviation"]),
    ("اختطف مسلحون مجهولون شاباً", ["unidentified-armed-group", "civilians"]),
    ("انتشلت فرق الدفاع المدني جثث المدنيين", ["syria-civil-defence", "civilians"]),
    ("اشتباكات بين الجيش السوري الحر وجيش سوريا الحرة", ["free-syrian-army", "syrian-free-army"]),
    ("اجتماع بين ضباط من الجيش الروسي وقياديين", ["russian-armed-forces"]),
    ("هاجمت هيئة تحرير الشام مواقع جبهة النصرة سابقا", ["hts", "jabhat-al-nusra"]),
    ("Russian warplanes struck positions held by HTS", ["russian-aviation", "hts"]),
    ("the IRGC and Hezbollah sent reinforcements", ["irgc", "hezbollah"]),
    ("the villages are now under PKK/YPG control, not the PKK's", ["sdf", "pkk"]),
    ("Jordanian troops clashed with smugglers; Lebanese soldiers deployed",
     ["jordanian-armed-forces", "lebanese-armed-forces"]),
    ("اشتبك الجيش الأردني مع مهربين", ["jordanian-armed-forces"]),
])
def test_sentences_resolve(actor_matcher: PhraseMatcher[str], text: str,
                           expected: list[str]) -> None:
    assert resolve(actor_matcher, text) == expected


@pytest.mark.parametrize("text", [
    "بريف حمص الشرقي",
    "داخل القاعدة العسكرية",
    "الحشد العسكري على الحدود",
    "قالت الهيئة العامة",
    "يحدوه أمل كبير",
    "this is the IS district",
])
def test_no_false_positives(actor_matcher: PhraseMatcher[str], text: str) -> None:
    assert resolve(actor_matcher, text) == []


@needs_article_fix
@pytest.mark.parametrize(("text", "expected"), [
    ("الميليشيات الإيرانية بدأت", ["iran-backed-militias"]),
    ("وأرسل الفاطميون تعزيزات", ["fatemiyoun"]),
    ("قتل ثلاثة من المدنيين", ["civilians"]),
    ("انسحبت منها ميليشيات المدعومة من الاحتلال الروسي", ["russian-backed-militias"]),
])
def test_article_forms_of_listed_pairs(actor_matcher: PhraseMatcher[str], text: str,
                                       expected: list[str]) -> None:
    assert resolve(actor_matcher, text) == expected


# ------------------------------------------------------------------ triggers and cues
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_triggers_cover_all_subtypes(lang: str) -> None:
    entries = load_triggers(lang)
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        assert entry.sub_event_type in EVENT_TYPE_OF
        assert entry.event_type == EVENT_TYPE_OF[entry.sub_event_type]
        assert entry.frame in FRAMES
        assert 0.3 <= entry.weight <= 1.0
        assert entry.source and entry.lang == lang
        counts[entry.sub_event_type] += 1
    for subs in ACLED_TAXONOMY.values():
        for sub in subs:
            assert counts[sub] >= 3, (lang, sub)
    if lang == "ar":
        assert len(entries) >= 300


def _trigger_matcher(lang: str) -> PhraseMatcher[str]:
    matcher: PhraseMatcher[str] = PhraseMatcher()
    for entry in load_triggers(lang):
        matcher.add(entry.pattern, entry.sub_event_type, allow_suffix=entry.suffix)
    return matcher


@pytest.mark.parametrize(("lang", "text", "sub"), [
    ("ar", "قصفت قوات النظام بقذائف الهاون بلدة", "Shelling/artillery/missile attack"),
    ("ar", "شنت طائرات حربية غارات جوية على", "Air/drone strike"),
    ("ar", "ألقت مروحيات النظام البراميل المتفجرة", "Air/drone strike"),
    ("ar", "انفجرت سيارة مفخخة في المدينة", "Remote explosive/landmine/IED"),
    ("ar", "فجر انتحاري حزاماً ناسفاً", "Suicide bomb"),
    ("ar", "اندلعت اشتباكات عنيفة بين", "Armed clash"),
    ("ar", "وتم تسليمها إلى الحرس الثوري", "Non-violent transfer of territory"),
    ("ar", "استقدمت تعزيزات عسكرية", "Change to group/activity"),
    ("ar", "بدأت بتجهيز المواقع كمقرات", "Headquarters or base established"),
    ("ar", "شنت حملة اعتقالات طالت", "Arrests"),
    ("ar", "خرجت مظاهرة في المدينة", "Peaceful protest"),
    ("ar", "ألقى مجهول قنبلة يدوية", "Grenade"),
    ("en", "Regime forces shelled the town", "Shelling/artillery/missile attack"),
    ("en", "a drone strike hit a car", "Air/drone strike"),
    ("en", "gunmen kidnapped two men", "Abduction/forced disappearance"),
    ("en", "militias handed over positions", "Non-violent transfer of territory"),
])
def test_trigger_sentences(lang: str, text: str, sub: str) -> None:
    found = {p for m in _trigger_matcher(lang).find(normalize_str(text)) for p in m.payloads}
    assert sub in found, found


def test_suffix_stems_do_not_swallow_other_words() -> None:
    matcher = _trigger_matcher("ar")
    for text in ("نقلا عن مصادر", "وفق بيان صادر عن", "قرار احتجاز"):
        subs = {p for m in matcher.find(normalize_str(text)) for p in m.payloads}
        assert "Peaceful protest" not in subs and "Looting/property destruction" not in subs


def test_negation_cues_are_safe_with_suffixes() -> None:
    """The trigger finder matches cues with suffixes allowed; common words must survive."""
    blockers: PhraseMatcher[str] = PhraseMatcher()
    for cue in load_negation_cues():
        blockers.add(cue.pattern, cue.kind, allow_suffix=True)
    for text in ("لمواقع لواء إذاعة لميليشيا لنقاط عامل تنفيذ النفير العام", "north november Mayadin willing",
                 "notably formerly Nusra", "هيئة تحرير الشام (النصرة سابقا)"):
        assert blockers.find(normalize_str(text)) == [], text
    for text in ("لم تسجل", "قد يشن", "threatened to", "ونفت أن"):
        assert blockers.find(normalize_str(text)), text


def test_negation_and_person_cues() -> None:
    cues = load_negation_cues()
    assert {c.kind for c in cues} == NEGATION_KINDS
    assert {c.lang for c in cues} == {"ar", "en"}
    patterns = {c.pattern for c in cues}
    assert {"يعتزم", "تهدد", "نفى أن", "في حال", "سبق أن", "threatened", "denied"} <= patterns
    persons = load_person_cues()
    assert {p.kind for p in persons} == PERSON_CUE_KINDS
    by_pattern = {p.pattern: p for p in persons}
    assert by_pattern["القيادي"].kind == "title"
    assert by_pattern["المدعو"].role is None
    assert by_pattern["القائد العسكري"].role == "commander"


# ------------------------------------------------------------------ validation errors
def test_bad_actor_file_names_file_and_entry(tmp_path: Path) -> None:
    bad = tmp_path / "actors.yaml"
    bad.write_text("- id: x-group\n  name: X\n  short: X\n  names_ar: [إكس]\n"
                   "  aliases_en: []\n  acled_type: Militia\n  country: SY\n  source: s\n",
                   encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"actors\.yaml.*x-group.*acled_type"):
        parse_actors(bad)
    bad.write_text("- id: a\n  name: A\n  short: A\n  names_ar: [أ ب]\n  aliases_en: []\n"
                   "  acled_type: Rebel group\n  country: SY\n  parent: b\n  source: s\n",
                   encoding="utf-8")
    with pytest.raises(KnowledgeError, match="unknown id 'b'"):
        parse_actors(bad)


def test_bad_trigger_file_names_line(tmp_path: Path) -> None:
    bad = tmp_path / "ar.tsv"
    bad.write_text("pattern\tsub_event_type\tframe\tweight\tsuffix\tsource_note\n"
                   "قصف\tShelling\tshelling\t0.9\t1\tnote\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"ar\.tsv:2.*not an ACLED sub-event type"):
        parse_triggers(bad, "ar")
    bad.write_text("pattern\tsub_event_type\tframe\tweight\tsuffix\tsource_note\n"
                   "قصف\tAir/drone strike\tstrike\t0.9\t1\tnote\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="fewer than 3 patterns"):
        parse_triggers(bad, "ar")
    with pytest.raises(KnowledgeError, match="no trigger lexicon"):
        load_triggers("fr")


# ------------------------------------------------------------------ gold data (shared/)
def test_gold_actor_surfaces_resolve(actor_matcher: PhraseMatcher[str], kb: ActorKB) -> None:
    """Most Arabic actor strings the annotators copied resolve to the gold actor."""
    path = SHARED / "eval" / "dev_ar.jsonl"
    if not path.exists():
        pytest.skip("shared/eval/dev_ar.jsonl not available")
    total = hits = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            for role in ("actor1", "actor2"):
                for gold, surface in zip(event.get(role, []), event.get(role + "_ar", []),
                                         strict=False):
                    total += 1
                    coded = {kb.coded(i).short for i in resolve(actor_matcher, surface)}
                    hits += gold in coded
    assert total > 0
    assert hits / total >= 0.8, (hits, total)  # 143/165 measured
