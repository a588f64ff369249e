"""Gazetteer benchmark: build time, load time, memory, and geocoding throughput (places/s).

Builds from ../shared/gazetteer when present (OCHA, OpenSyria, OurAirports + embedded rows),
else from the embedded rows only, and measures it beside the packaged default
(rasad/gazetteer/data/default.sqlite). Figures are printed, never asserted.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED") or ROOT.parent / "shared")
TEXTS = [
    "قصفت قوات النظام بلدة كفرنبل وقرية البيضة بريف حمص الشرقي قرب مدينة تدمر",
    "اشتباكات بين قريتي لاهثة والمتونة شمال محافظة السويداء ومقتل عنصرين في درعا",
    "احتشد المحتجون في ساحة الكرامة وسط مدينة السويداء، وسقطت قذائف على خربة تياس",
    "Clashes near Palmyra and in the eastern Homs countryside, strikes on Deir ez-Zor",
    "Shelling hit Kafr Nabudah in rural Hama and the outskirts of Ein Issa near Tall Tamr",
]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _current_rss_mb() -> float:
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _throughput(gazetteer: str | None, label: str, n: int = 400) -> None:
    from rasad.gazetteer.evaluate import place_pipeline
    from rasad.types import Document

    t0 = time.perf_counter()
    pipe = place_pipeline(gazetteer)
    pipe(Document(text=TEXTS[0]))  # loads the gazetteer and builds the matcher
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    places = 0
    for i in range(n):
        places += len(pipe(Document(text=TEXTS[i % len(TEXTS)], id=str(i))).places)
    dt = time.perf_counter() - t0
    print(f"{label}: load+matcher {load_s:.2f} s, "
          f"{n / dt:.0f} reports/s, {places / dt:.0f} places/s (recognition+geocoding)")


def _long_reports() -> None:
    """Seconds for one long English report of growing size: recognition stays linear."""
    from rasad.gazetteer.evaluate import place_pipeline
    from rasad.types import Document

    pipe = place_pipeline(None)
    pipe(Document(text=TEXTS[0]))
    unit = "\n".join(TEXTS[-2:]) + "\n"
    figures = []
    for copies in (500, 1000, 2000):
        text = unit * copies
        t0 = time.perf_counter()
        pipe(Document(text=text, lang="en"))
        figures.append(f"{len(text) // 1000} kB {time.perf_counter() - t0:.2f} s")
    print("one long English report: " + ", ".join(figures))


def _load_memory(gazetteer: str | None) -> str:
    """Resident memory of a fresh process after importing rasad vs after loading the gazetteer."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); import benchmarks.gazetteer as b; "
            "from rasad.gazetteer.evaluate import place_pipeline; from rasad.types import Document; "
            f"r0 = b._current_rss_mb(); place_pipeline({gazetteer!r})(Document(text='x')); "
            "print(f'{b._current_rss_mb() - r0:.0f}')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    return out.stdout.strip() or "?"


def main() -> None:
    from rasad.gazetteer.build import BuildSources, build_gazetteer, discover

    src = discover(SHARED / "gazetteer") if (SHARED / "gazetteer").is_dir() else BuildSources()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gazetteer.sqlite"
        t0 = time.perf_counter()
        stats = build_gazetteer(out, src)
        build_s = time.perf_counter() - t0
        print(f"build: {build_s:.1f} s, {stats.places} places from {stats.records} records "
              f"({stats.merged} merged), {stats.names} spellings, "
              f"{out.stat().st_size / 2**20:.1f} MB on disk")
        _throughput(None, "packaged default")
        _throughput(str(out), "built here      ")
        _long_reports()
        print(f"memory of a loaded gazetteer + matcher (fresh process): packaged "
              f"+{_load_memory(None)} MB, built here +{_load_memory(str(out))} MB")
    print(f"peak RSS of this process: {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
