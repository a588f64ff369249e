"""Downloads of the public gazetteer sources, behind a small :class:`Fetcher` interface.

Real downloads use urllib; tests pass a fake fetcher that serves bytes from memory.
Files land in one directory laid out so that :func:`rasad.gazetteer.build.discover` finds them.
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..errors import GazetteerError

GEONAMES_DUMP = "https://download.geonames.org/export/dump/"
# HDX "Syrian Arab Republic - Subnational Administrative Boundaries" and populated places
OCHA_FILES = {
    "syr_admin4_communities.csv": "https://data.humdata.org/dataset/syrian-arab-republic-"
                                  "populated-places/resource/syr_pplp_adm4_unocha.csv",
    "syr_admin1.geojson": "https://data.humdata.org/dataset/cod-ab-syr/resource/"
                          "syr_admn_ad1_unocha.geojson",
    "syr_admin2.geojson": "https://data.humdata.org/dataset/cod-ab-syr/resource/"
                          "syr_admn_ad2_unocha.geojson",
}
OURAIRPORTS = "https://davidmegginson.github.io/ourairports-data/airports.csv"
_TIMEOUT_S = 60


class Fetcher(Protocol):
    def fetch(self, url: str) -> bytes: ...


@dataclass(slots=True)
class UrlFetcher:
    """Plain HTTPS download (no retries: a failed source is reported, others go on)."""

    timeout: float = _TIMEOUT_S
    user_agent: str = "rasad-gazetteer/1"

    def fetch(self, url: str) -> bytes:
        req = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return bytes(resp.read())
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GazetteerError(f"cannot download {url}: {exc}") from exc


@dataclass(slots=True)
class Downloaded:
    url: str
    path: Path
    size: int


Progress = Callable[[str], None]


def _save(fetcher: Fetcher, url: str, dest: Path, progress: Progress | None) -> Downloaded:
    if progress:
        progress(f"downloading {url}")
    data = fetcher.fetch(url)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    return Downloaded(url, dest, len(data))


def _unzip_member(data: bytes, member: str, dest: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            dest.write_bytes(zf.read(member))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise GazetteerError(f"cannot unpack {member}: {exc}") from exc


def download_geonames(countries: Iterable[str], out: str | Path, fetcher: Fetcher,
                      progress: Progress | None = None) -> list[Downloaded]:
    """``CC.zip`` country dumps, their alternate names, and admin1CodesASCII.txt."""
    out = Path(out) / "geonames"
    done = [_save(fetcher, GEONAMES_DUMP + "admin1CodesASCII.txt",
                  out / "admin1CodesASCII.txt", progress)]
    for cc in countries:
        cc = cc.upper()
        if len(cc) != 2 or not cc.isalpha():
            raise GazetteerError(f"not an ISO country code: {cc!r}")
        for url, member, dest in (
            (f"{GEONAMES_DUMP}{cc}.zip", f"{cc}.txt", out / f"{cc}.txt"),
            (f"{GEONAMES_DUMP}alternatenames/{cc}.zip", f"{cc}.txt",
             out / f"alternateNames_{cc}.txt"),
        ):
            zipped = _save(fetcher, url, dest.with_suffix(".zip"), progress)
            _unzip_member(zipped.path.read_bytes(), member, dest)
            zipped.path.unlink()
            done.append(Downloaded(url, dest, dest.stat().st_size))
    return done


def download_ocha(out: str | Path, fetcher: Fetcher, progress: Progress | None = None,
                  files: dict[str, str] | None = None) -> list[Downloaded]:
    """OCHA Syria communities (CSV) and admin1/admin2 polygons (GeoJSON) from HDX."""
    out = Path(out) / "ocha"
    return [_save(fetcher, url, out / name, progress)
            for name, url in (files or OCHA_FILES).items()]


def download_ourairports(out: str | Path, fetcher: Fetcher,
                         progress: Progress | None = None) -> list[Downloaded]:
    return [_save(fetcher, OURAIRPORTS, Path(out) / "ourairports" / "airports.csv", progress)]
