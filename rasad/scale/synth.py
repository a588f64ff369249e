"""A generated corpus of conflict-style reports for benchmarks and scale tests.

Reports are built from sentence patterns with random actors, places, numbers and
dates (a seeded random generator: the same ``n`` and ``seed`` give the same corpus),
so they exercise every pipeline step while differing enough not to be
near-duplicates of one another. The texts are synthetic; the places and groups are
real names so that geocoding and actor linking do real work.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

ACTORS_AR = ("قوات النظام", "ميليشيا لواء فاطميون", "قوات سوريا الديمقراطية", "هيئة تحرير الشام",
             "الحرس الثوري الإيراني", "ميليشيا الفيلق الخامس", "تنظيم داعش", "الجيش الوطني السوري",
             "حزب الله اللبناني", "القوات الروسية", "فرع الأمن العسكري", "الفرقة الرابعة")
PLACES_AR = ("كفرنبل", "معرة النعمان", "سراقب", "البوكمال", "الميادين", "دير الزور", "تدمر",
             "السخنة", "درعا", "المزيريب", "منبج", "الرقة", "عفرين", "جسر الشغور", "أريحا",
             "الحسكة", "القامشلي", "الباب", "حماة", "اللاذقية")
REGIONS_AR = ("بريف إدلب الجنوبي", "بريف دير الزور الشرقي", "بريف حمص الشرقي", "بريف درعا الغربي",
              "بريف حلب الشمالي", "بريف الرقة", "بريف حماة الشمالي", "بريف اللاذقية")
TIMES_AR = ("صباح اليوم", "مساء أمس", "فجر اليوم", "ليلة أمس", "ظهر اليوم", "أمس")
PATTERNS_AR = (
    "قصفت {a1} بالمدفعية الثقيلة بلدة {p} {r} {t}، ما أدى إلى مقتل {n} مدنيين.",
    "استهدفت طائرة مسيّرة سيارة تقل عناصر من {a1} قرب {p} {r} {t}.",
    "اندلعت اشتباكات عنيفة بين {a1} و{a2} على أطراف {p} {r}.",
    "انفجرت عبوة ناسفة بسيارة عسكرية تابعة لـ{a1} على الطريق قرب {p} {t}.",
    "شنت {a1} حملة اعتقالات في {p} طالت {n} شبان {t}.",
    "سلّمت {a1} {n} مواقع عسكرية قرب {p} إلى {a2}.",
    "خرج العشرات من أهالي {p} في مظاهرة تطالب بخروج {a1} من المنطقة.",
    "وأفادت مصادر محلية بأن {a1} استقدمت تعزيزات عسكرية إلى محيط {p} {r}.",
    "وقال ناشطون إن {n} عناصر من {a1} قتلوا في هجوم لـ{a2} على نقطة قرب {p}.",
    "وأشارت المصادر إلى أن القصف طال الأحياء السكنية في {p} وأدى لدمار واسع.",
    "كما أصيب {n} أشخاص بجروح متفاوتة نقلوا إلى مشفى {p}.",
    "ولم تتبنَّ أي جهة المسؤولية عن الهجوم حتى ساعة إعداد هذا التقرير في {p}.",
)
ACTORS_EN = ("Syrian government forces", "the Syrian Democratic Forces", "Hayat Tahrir al-Sham",
             "Islamic State fighters", "Turkish-backed factions", "Russian forces",
             "Hezbollah fighters", "Iranian-backed militias")
PLACES_EN = ("Idlib", "Aleppo", "Deir ez-Zor", "Raqqa", "Palmyra", "Daraa", "Manbij", "Afrin",
             "Saraqib", "Homs", "Hama", "Qamishli", "Al-Bukamal", "Mayadin")
PATTERNS_EN = (
    "{a1} shelled villages near {p} on {d}, killing {n} civilians.",
    "A drone strike hit a vehicle carrying members of {a1} near {p} on {d}.",
    "Clashes broke out between {a1} and {a2} on the outskirts of {p}.",
    "An improvised explosive device struck a military vehicle of {a1} near {p}.",
    "{a1} arrested {n} young men during a raid in {p} on {d}.",
    "Residents of {p} protested against the presence of {a1} in the town.",
    "Local sources said {a1} sent military reinforcements towards {p}.",
    "At least {n} people were wounded and taken to a hospital in {p}.",
)


def _fill(pattern: str, rng: random.Random, ar: bool, day: date) -> str:
    actors = ACTORS_AR if ar else ACTORS_EN
    a1, a2 = rng.sample(actors, 2)
    return pattern.format(
        a1=a1, a2=a2, p=rng.choice(PLACES_AR if ar else PLACES_EN),
        r=rng.choice(REGIONS_AR), t=rng.choice(TIMES_AR), n=rng.randint(2, 40),
        d=day.strftime("%d %B %Y"),
    )


def synth_report(i: int, rng: random.Random) -> dict[str, Any]:
    """Report ``i``: 3-6 sentences, Arabic three times in four."""
    ar = rng.random() < 0.75
    day = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
    patterns = rng.sample(PATTERNS_AR if ar else PATTERNS_EN, rng.randint(3, 6))
    sentences = [_fill(p, rng, ar, day) for p in patterns]
    return {"id": f"synth-{i:06d}", "lang": "ar" if ar else "en",
            "published": day.isoformat(), "outlet": "synthetic",
            "text": ("\n" if rng.random() < 0.5 else " ").join(sentences)}


def generate_corpus(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [synth_report(i, rng) for i in range(n)]
