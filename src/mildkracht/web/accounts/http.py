"""Requests whose person is known, for the type checker.

Django types ``request.user`` as a person or AnonymousUser. Behind ``@login_required`` it is
always a person; behind the JSON API's authentication ``request.auth`` is one. Views so
protected take these classes, and mypy then knows the person's own fields.
"""

from django.http import HttpRequest

from mildkracht.web.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User


class ApiRequest(HttpRequest):
    """A request to the JSON API: ninja sets ``auth`` to the person its authentication found."""

    auth: User
