"""bronwijzer.lib.logprivacy: a log line holds the route, never what the visitor typed or chose."""

from __future__ import annotations

import io
import logging
import runpy
import sys
from collections.abc import Iterator

import pytest
from django.http import HttpResponse
from django.template import Context, Engine
from django.urls import resolve
from django.utils.log import configure_logging

import bronwijzer.settings
from bronwijzer.lib.logprivacy import (
    LogContextMiddleware,
    PrivateLogFilter,
    path_shape,
    text_redacted,
    url_shape,
    visitor_values,
)

CODE = "AQEAAAAAszf6R6LA3u0g"


@pytest.mark.parametrize(
    ("target", "shape"),
    [
        (f"/gesprekskit/{CODE}/", "/gesprekskit/<code>/"),
        (f"/gesprekskit/{CODE}/ouders/ar/", "/gesprekskit/<code>/ouders/<lang>/"),
        (f"/en/gesprekskit/{CODE}/ouders/tr.pdf", "/en/gesprekskit/<code>/ouders/<lang>.pdf"),
        (f"/gesprekskit/{CODE}/voorbereiding/?up=mfrgg2a", "/gesprekskit/<code>/voorbereiding/?…"),
        ("/gesprekskit/voorstel/?who=ouder&lang=ar&context=islamitisch&age=13", "/gesprekskit/voorstel/?…"),
        ("/?q=turkse+moeder&language=ar&kit=" + CODE, "/?…"),
        ("/en/?q=nepnaakt", "/en/?…"),
        ("/bron/escaperoom-het-stopt-bij-jou/meld-een-fout/", "/bron/<slug>/meld-een-fout/"),
        ("/l/Ab3dE", "/l/<code>"),
        ("/download/kaart.pdf?theme=preventie&q=x", "/download/kaart.<fmt>?…"),
        ("/embed/?language=ar", "/embed/?…"),
        ("/api/v1/resources?q=sextortion", "/api/v1/resources?…"),
        ("/api/v1/resources/helpwanted", "/api/v1/resources/<slug>"),
        ("/en/er-is-iets-gebeurd/?wat=dreiging&leeftijd=12-17", "/en/er-is-iets-gebeurd/?…"),
        ("/sitemap.xml", "/sitemap.xml"),
    ],
)
def test_a_path_is_written_as_its_route_and_a_query_string_as_a_mark(target, shape):
    assert url_shape(target) == shape


@pytest.mark.parametrize(
    ("target", "shape"),
    [
        ("/gesprekskit/ZqxGeenKit42/ouders/zz/", "/gesprekskit/<code>/ouders/<lang>/"),  # a 404 of the view
        ("/gesprekskit/kort/", "/gesprekskit/…/"),  # too short for a kit code: no route
        ("/GESPREKSKIT/" + CODE + "/", "/…/…/"),  # capitals: no route, no fixed word
        ("/gesprekskit/%41QEAAAAAszf6R6LA3u0g/", "/gesprekskit/<code>/"),  # percent-encoded
        ("/gesprekskit/%5A%71%78marker%2Fmore/", "/gesprekskit/…/…/"),  # encoded slash: two segments
        ("/gesprekskit/" + CODE, "/gesprekskit/…"),  # no slash yet (redirected): no route
        ("/api/v1/zqxsomething?q=x", "/api/v1/…?…"),  # the API's catch-all is a regex: no route
        ("/favicon.ico", "/…"),
        ("/static/web/zqx.css", "/static/…"),  # not in the manifest
        ("/redactie/catalog/resource/3/history/4/", "/redactie/catalog/resource/…/history/…/"),
        ("/<slug>/zqx<marker>/", "/<slug>/…/"),  # only the routes' own placeholders are kept
    ],
)
def test_what_no_route_names_is_masked(target, shape):
    assert url_shape(target) == shape


def test_a_url_keeps_its_origin_and_loses_the_rest():
    assert url_shape(f"https://bronwijzer.example/gesprekskit/{CODE}/?q=x#top") == (
        "https://bronwijzer.example/gesprekskit/<code>/?…"
    )
    assert url_shape("https://elders.example/zoeken?q=moslim+ouders") == "https://elders.example/…?…"
    assert url_shape("-") == "-" and url_shape("") == ""


def test_a_shape_is_its_own_shape():
    for path in ("/gesprekskit/<code>/ouders/<lang>/", "/bron/<slug>/", "/", "/en/gesprekskit/voorstel/"):
        assert path_shape(path) == path


def test_paths_in_text_are_shaped_and_the_visitors_values_masked_in_any_case_or_encoding(rf):
    values = visitor_values(rf.get(f"/gesprekskit/{CODE}/ouders/ar/", {"q": "Turkse Moeder"}))
    text = (
        f"Not Found: /gesprekskit/{CODE}/ouders/ar/ (asked for 'turkse moeder', "
        f"TURKSE, Turkse%20Moeder, Turkse+Moeder; path 'gesprekskit/{CODE}/') in http://host/?q=x"
    )
    assert text_redacted(text, values) == (
        "Not Found: /gesprekskit/<code>/ouders/<lang>/ (asked for '…', …, …, …; path 'gesprekskit/…/') in http://host/?…"
    )
    assert text_redacted("a search for ar and star", ["ar"]) == "a search for … and star"  # whole words only


def test_the_values_of_a_request_are_its_query_form_and_path_parts(rf):
    request = rf.post("/bron/x/meld-een-fout/?q=moslim+ouders&lang=ar", {"remark": "Mijn buurvrouw"})
    assert request.POST["remark"]  # the view read the form
    values = visitor_values(request)
    for value in ("moslim ouders", "moslim", "ouders", "ar", "Mijn buurvrouw", "buurvrouw", "remark", "x"):
        assert value in values, value
    assert "meld-een-fout" not in values and "bron" not in values  # fixed words of a route
    unread = rf.post("/bron/x/meld-een-fout/", {"remark": "geheim"})
    assert "geheim" not in visitor_values(unread)  # a body nobody read is not parsed for the log


def test_a_record_about_a_request_loses_its_path_values_and_exception_text(rf):
    request = rf.get(f"/gesprekskit/{CODE}/ouders/ar/", {"q": "zqxzoek"})
    request.resolver_match = resolve(request.path)
    try:
        lang, words = request.resolver_match.kwargs["lang"], request.GET["q"]
        raise ValueError(f"no handout for {lang!r} and {words!r} at {request.path}")
    except ValueError:
        record = logging.getLogger("django.request").makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", (request.path,),
            exc_info=sys.exc_info(), extra={"request": request},
        )  # fmt: skip
    PrivateLogFilter().filter(record)
    line = logging.Formatter().format(record)
    assert CODE not in line and "zqxzoek" not in line and "'ar'" not in line
    assert line.startswith("Internal Server Error: /gesprekskit/<code>/ouders/<lang>/\nTraceback")
    assert f'File "{__file__}"' in line  # the frames stay as they are
    assert "ValueError: no handout for '…' and '…' at /gesprekskit/<code>/ouders/<lang>/" in line
    assert PrivateLogFilter().filter(record) and logging.Formatter().format(record) == line  # once only


def test_the_request_being_handled_reaches_records_that_do_not_name_it(rf):
    lines = []

    def view(request):
        record = logging.LogRecord(
            "bronwijzer.api", logging.ERROR, __file__, 1, "lookup of %r failed", ("zqx",), None
        )
        PrivateLogFilter().filter(record)
        lines.append(record.getMessage())
        return HttpResponse()

    LogContextMiddleware(view)(rf.get("/api/v1/resources", {"q": "zqx"}))
    assert lines == ["lookup of '…' failed"]


@pytest.fixture
def debug_logging(settings, monkeypatch) -> Iterator[io.StringIO]:
    """Django's logging as the settings module configures it with LOG_LEVEL=DEBUG, into a string."""
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    config = runpy.run_path(bronwijzer.settings.__file__)["LOGGING"]
    assert config["root"]["level"] == "DEBUG"
    configure_logging(settings.LOGGING_CONFIG, config)
    [console] = logging.getLogger().handlers[:1]
    stream = io.StringIO()
    console.setStream(stream)
    try:
        yield stream
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_django_loggers_write_through_the_filter(debug_logging, rf):
    request = rf.get(f"/gesprekskit/{CODE}/", {"q": "zqxzoek"})
    logging.getLogger("django.request").warning(
        "Not Found: %s", request.get_full_path(), extra={"request": request}
    )
    logging.getLogger("django.server").info('"%s" %s %s', "GET /?q=zqxzoek HTTP/1.1", 200, 5)
    logging.getLogger("django.security.csrf").warning(
        "Forbidden: %s", request.path, extra={"request": request}
    )
    text = debug_logging.getvalue()
    assert "Not Found: /gesprekskit/<code>/?…" in text and '"GET /?… HTTP/1.1" 200 5' in text
    assert "Forbidden: /gesprekskit/<code>/" in text
    assert CODE not in text and "zqxzoek" not in text


@pytest.mark.django_db
def test_at_debug_level_neither_sql_nor_template_contexts_are_logged(debug_logging):
    from django.db import connection

    connection.force_debug_cursor = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT %s", ["zqxzoekwoord"])
    finally:
        connection.force_debug_cursor = False
    Engine(debug=False).from_string("{{ missing.thing }}").render(Context({"answers": "zqxislamitisch"}))
    assert "zqx" not in debug_logging.getvalue()
    logging.getLogger("bronwijzer").debug("debug records do arrive")
    assert "debug records do arrive" in debug_logging.getvalue()
