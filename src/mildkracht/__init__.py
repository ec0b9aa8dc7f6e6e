"""Mildkracht: self-compassion training that measures exactly and shows change honestly."""

__version__ = "0.1.0"
