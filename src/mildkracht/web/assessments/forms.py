"""Forms of the assessments app besides the questionnaires (which questionnaire.py makes)."""

from __future__ import annotations

from django import forms

from mildkracht.web.validation import TOKEN_NAME_MAX_LENGTH


class TokenForm(forms.Form):
    """A new API token's name: Django's CharField refuses NUL characters, as the API does."""

    name = forms.CharField(required=False, max_length=TOKEN_NAME_MAX_LENGTH)
