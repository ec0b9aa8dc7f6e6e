"""Scoped getters: another person's object is a 404, never fetched and then checked."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession


def session_for(request: HttpRequest, pk: int) -> PracticeSession:
    return get_object_or_404(
        PracticeSession.objects.select_related("before_check", "after_check"),
        pk=pk,
        owner=request.user,
    )


def moment_for(request: HttpRequest, pk: int) -> Moment:
    return get_object_or_404(Moment, pk=pk, owner=request.user)


def entry_for(request: HttpRequest, pk: int) -> JournalEntry:
    return get_object_or_404(JournalEntry, pk=pk, owner=request.user)
