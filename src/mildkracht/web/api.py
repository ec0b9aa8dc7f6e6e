"""The JSON API under /api/, with its OpenAPI schema at /api/openapi.json.

A person is known by their session (unsafe methods then need the CSRF token, as forms do)
or by an API token from the settings page: ``Authorization: Bearer <token>``. Each app adds
its own router here.
"""

from typing import Any, cast

import orjson
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_safe
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.renderers import BaseRenderer
from ninja.security import HttpBearer, SessionAuth
from ninja.types import DictStrAny

from mildkracht.web.assessments.api import INVALID_REQUEST
from mildkracht.web.assessments.api import router as assessments_router
from mildkracht.web.assessments.tokens import owner_of_token
from mildkracht.web.fastjson import to_json
from mildkracht.web.middleware import keep_private
from mildkracht.web.practice.api import router as practice_router
from mildkracht.web.program.clock import zone_of


def _as_the_person(person: Any) -> None:
    """Speak the person's language and keep their time, as a page does for them."""
    translation.activate(person.language)
    timezone.activate(zone_of(person))


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        # ninja's own reads request.headers, which copies every header first; this reads
        # the one header, by the same rule ("Bearer", any case, then the token).
        scheme, _, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not token:
            return None
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        owner = owner_of_token(token)
        if owner is not None:
            _as_the_person(owner)
        return owner


class PersonAuth(SessionAuth):
    """ninja's session authentication, in the person's language and time zone."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        person = super().authenticate(request, key)
        if person is not None:
            _as_the_person(person)
        return person


class Renderer(BaseRenderer):
    """JSON as ninja's own renderer writes it (the same values, dates and times), faster."""

    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> bytes:
        return to_json(data)


class StrictParser(Parser):
    """JSON bodies read by orjson, which refuses what is not UTF-8 text; single query values.

    The standard library takes a lone surrogate ("\\ud800") into a string that no answer
    can echo: encoding the error message failed with a 500. orjson refuses the body, which
    ninja answers with a 400.
    """

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        return cast(DictStrAny, orjson.loads(request.body))

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        """The query's values; a parameter given twice stays a list, which a single value's
        validation refuses (ninja's own parser keeps the last, and takes ?offset=x&offset=1).
        """
        result: DictStrAny = {}
        for key in data:
            values = data.getlist(key)
            result[key] = values if key in list_fields or len(values) > 1 else values[0]
        return result


_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "problems": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["field", "code", "message"],
            },
        },
    },
    "required": ["detail"],
}
_ERRORS = {
    "400": "The body is not JSON (or not UTF-8 text).",
    "401": "No valid session or API token.",
    "422": "A value is missing, of the wrong kind or out of range; each is named in problems.",
}


class PersonalAPI(NinjaAPI):
    """Every answer is personal: none may be kept in a cache."""

    def create_response(self, request: HttpRequest, data: Any, **kwargs: Any) -> HttpResponse:
        return keep_private(super().create_response(request, data, **kwargs))

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> OpenAPISchema:
        """ninja's schema, with the answers every operation can give besides its own.

        A client (and the fuzzing test) learns from it that a bad request is a 400 or a
        422, an unknown or foreign id a 404, in the shape of _ERROR_SCHEMA.
        """
        schema = super().get_openapi_schema(*args, **kwargs)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                errors = dict(_ERRORS)
                if "{" in path:
                    errors["404"] = "There is no such thing of yours."
                for status, description in errors.items():
                    operation["responses"].setdefault(status, _error_response(description))
        return schema


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ERROR_SCHEMA}},
    }


api = PersonalAPI(
    title="Mildkracht API",
    version="1",
    description="Questionnaires and your own answers and scores. Nothing here is a diagnosis.",
    auth=[TokenAuth(), PersonAuth()],
    renderer=Renderer(),
    parser=StrictParser(),
    # The schema is read, never written to: any other method is a 405.
    docs_decorator=require_safe,
    urls_namespace="api",
    docs_url=None,
)
api.add_router("/", assessments_router)
api.add_router("/", practice_router)


@api.exception_handler(ValidationError)
def _invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Name each problem in the same shape as the answers' own problems."""
    problems = [
        {
            "field": ".".join(str(part) for part in problem.get("loc", ())[2:])
            or ".".join(str(part) for part in problem.get("loc", ())),
            "code": str(problem.get("type", "invalid")),
            "message": str(problem.get("msg", "")),
        }
        for problem in error.errors
    ]
    return api.create_response(
        request, {"detail": str(INVALID_REQUEST), "problems": problems}, status=422
    )
