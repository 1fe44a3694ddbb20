"""The API's error format and its exception handlers.

Every error is JSON with a ``detail`` string. A 422 adds ``errors``: one entry per
bad parameter, naming the parameter, the value sent and the allowed values.
Anything unexpected becomes a logged 500 with a short JSON body, never a page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from bronwijzer.api.schemas import LIMIT_DEFAULT, LIMIT_MAX, Q_MAX_LENGTH
from bronwijzer.lib.dbfaults import fault_response, is_fault
from bronwijzer.lib.i18n import SITE_LANGUAGES
from bronwijzer.search.facets import SelectionError

logger = logging.getLogger("bronwijzer.api")

INTERNAL_ERROR = "Internal server error: this is a bug in Bronwijzer and has been logged."
NOT_FOUND = "Not found. The endpoints are listed at /api/v1/ and described at /api/v1/docs."

#: Allowed values, in words and (where finite and short) as a list, of the non-facet parameters.
SCALAR_RULES: dict[str, tuple[str, list[str] | None]] = {
    "q": (f"text of at most {Q_MAX_LENGTH} characters", None),
    "limit": (f"an integer from 0 to {LIMIT_MAX} (default {LIMIT_DEFAULT})", None),
    "offset": ("an integer of 0 or more (default 0)", None),
    "lang": (", ".join(SITE_LANGUAGES), list(SITE_LANGUAGES)),
}


@dataclass(frozen=True)
class ParameterProblem:
    parameter: str
    value: str | None
    allowed: str
    allowed_values: list[str] | None = None
    hint: str = ""

    @property
    def message(self) -> str:
        sent = "missing" if self.value is None else f"{self.value!r} is not allowed"
        text = f"{self.parameter}: {sent}; allowed values: {self.allowed}"
        return f"{text} ({self.hint})" if self.hint else text

    def as_json(self) -> dict:
        return {
            "parameter": self.parameter,
            "value": self.value,
            "message": self.message,
            "allowed": self.allowed,
            "allowed_values": self.allowed_values,
        }

    @classmethod
    def from_selection_error(cls, error: SelectionError, hint: str = "") -> ParameterProblem:
        if isinstance(error.allowed, str):
            return cls(error.parameter, error.value, error.allowed, None, hint)
        return cls(error.parameter, error.value, ", ".join(error.allowed), list(error.allowed), hint)


class ApiValidationError(Exception):
    """Raised by a view when parameters are well-typed but not allowed."""

    def __init__(self, problems: Sequence[ParameterProblem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))


JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def json_response(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(
        data, status=status, content_type=JSON_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def json_error(detail: str, status: int, **extra) -> JsonResponse:
    return json_response({"detail": detail, **extra}, status)


def validation_response(problems: Sequence[ParameterProblem]) -> JsonResponse:
    detail = " | ".join(p.message for p in problems) or "invalid request"
    return json_error(detail, 422, errors=[p.as_json() for p in problems])


def not_found_response(detail: str = NOT_FOUND) -> JsonResponse:
    return json_error(detail, 404)


def internal_error_response() -> JsonResponse:
    return json_error(INTERNAL_ERROR, 500)


def _problems_from_ninja(request: HttpRequest, error: NinjaValidationError) -> list[ParameterProblem]:
    problems: dict[str, ParameterProblem] = {}
    for item in error.errors:
        loc = [str(part) for part in item.get("loc", ())]
        parameter = loc[1] if len(loc) > 1 else ".".join(loc) or "request"
        if parameter in problems:
            continue
        values = request.GET.getlist(parameter)
        value = values[-1] if values else None
        allowed, allowed_values = SCALAR_RULES.get(parameter, (str(item.get("msg", "a valid value")), None))
        problems[parameter] = ParameterProblem(parameter, value, allowed, allowed_values)
    return list(problems.values())


def install_exception_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def _ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return validation_response(_problems_from_ninja(request, exc))

    @api.exception_handler(ApiValidationError)
    def _api_validation(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
        return validation_response(exc.problems)

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return not_found_response(str(exc) or NOT_FOUND)

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return json_error(str(exc), exc.status_code)

    @api.exception_handler(Exception)
    def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_fault(exc):  # the database is down or read-only: 503, not a bug
            return fault_response(request, exc)
        logger.exception("API error on %s %s", request.method, request.path)
        return internal_error_response()
