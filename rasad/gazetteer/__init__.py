"""Gazetteers: name lookup and candidate places for geocoding."""

from __future__ import annotations

from .embedded import EmbeddedGazetteer, Gazetteer, distance_km
from .names import fold, fold_ar, fold_en, skeleton_en

__all__ = ["EmbeddedGazetteer", "Gazetteer", "distance_km", "fold", "fold_ar", "fold_en",
           "skeleton_en"]
