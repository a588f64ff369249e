"""Scale and robustness: real sources, near-duplicates, distributed batch, progress.

Nothing here is imported by ``import rasad``; engines, drivers and fetchers load
lazily when a command or caller asks for them.
"""
