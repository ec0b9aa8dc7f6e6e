"""Addresses in the other apps, found by their URL names (with a plain fallback)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def _first(candidates: list[tuple[str, list[object]]], fallback: str) -> str:
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return fallback


def exercise_url(exercise_id: str) -> str:
    return _first(
        [("practice:exercise", [exercise_id]), ("practice:exercise_detail", [exercise_id])],
        f"/practice/exercises/{exercise_id}/",
    )


def journal_url() -> str:
    return _first(
        [("journal:new", []), ("practice:journal_new", [])],
        "/journal/new/",
    )


def practice_log_url() -> str:
    return _first([("practice:session_new", []), ("practice:index", [])], "/practice/")


def assessment_url(pk: int) -> str:
    """The page to fill in (or, when submitted, to see) one assessment."""
    return _first(
        [("assessments:answer", [pk]), ("assessments:take", [pk])],
        f"/assessments/{pk}/",
    )
