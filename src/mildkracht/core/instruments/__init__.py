"""Instruments as data: definitions, loader, scoring."""
