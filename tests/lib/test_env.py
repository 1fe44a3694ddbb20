from __future__ import annotations

import pytest

from bronwijzer.lib.env import (
    SettingError,
    env_bool,
    env_cache_url,
    env_choice,
    env_http_url,
    env_int,
    env_list,
    env_networks,
    env_str,
)


def test_missing_and_blank_values_give_the_default():
    assert env_str("X", "d", environ={}) == "d"
    assert env_str("X", "d", environ={"X": "  "}) == "d"
    assert env_bool("X", True, environ={}) is True
    assert env_int("X", 3, environ={}) == 3
    assert env_list("X", ["a"], environ={}) == ["a"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("no", False), ("0", False)]
)
def test_booleans_accept_the_usual_spellings(raw, expected):
    assert env_bool("DEBUG", False, environ={"DEBUG": raw}) is expected


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        (lambda: env_bool("DEBUG", False, environ={"DEBUG": "maybe"}), "DEBUG='maybe' is not a boolean"),
        (lambda: env_int("N", 1, environ={"N": "two"}), "N='two' is not a whole number"),
        (lambda: env_int("N", 1, minimum=1, environ={"N": "0"}), "below the minimum 1"),
        (lambda: env_int("N", 1, maximum=4, environ={"N": "5"}), "above the maximum 4"),
        (lambda: env_list("H", [], environ={"H": "a,,b"}), "empty item"),
        (lambda: env_choice("E", "a", ("a", "b"), environ={"E": "c"}), "not one of: a, b"),
        (
            lambda: env_http_url("U", "https://x.nl", environ={"U": "javascript:alert(1)"}),
            "not an absolute http",
        ),
    ],
)
def test_malformed_values_fail_loudly_naming_the_variable(call, fragment):
    with pytest.raises(SettingError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_lists_are_split_and_trimmed():
    assert env_list("H", [], environ={"H": "a.nl, b.nl"}) == ["a.nl", "b.nl"]


def test_embed_origins_are_origins_and_nothing_more():
    from bronwijzer.lib.env import env_origins

    assert env_origins("E", [], environ={"E": "https://www.gemeente.nl, http://127.0.0.1:8123/"}) == [
        "https://www.gemeente.nl",
        "http://127.0.0.1:8123",
    ]
    for bad in ("www.gemeente.nl", "https://x.nl/embed", "javascript:alert(1)", "https://x.nl?a=1", "*"):
        with pytest.raises(SettingError, match=r"E: .* is not an origin"):
            env_origins("E", [], environ={"E": bad})


def test_trusted_proxies_are_addresses_and_networks():
    networks = env_networks("P", [], environ={"P": "127.0.0.1, 10.0.0.0/8,::1, fd00::/8"})
    assert [str(n) for n in networks] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128", "fd00::/8"]
    assert env_networks("P", [], environ={}) == ()


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ("127.0.0.1, localhost", "'localhost'"),
        ("10.0.0.1/8", "'10.0.0.1/8'"),  # host bits set: a slip, not a network
        ("10.0.0.0/33", "'10.0.0.0/33'"),
        ("127.0.0.1,,10.0.0.1", "empty item"),
        ("*", "'*'"),
    ],
)
def test_a_bad_trusted_proxy_entry_is_named_in_the_error(raw, named):
    with pytest.raises(SettingError, match="P") as error:
        env_networks("P", [], environ={"P": raw})
    assert named in str(error.value)


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("redis://127.0.0.1:6379/0", "RedisCache", "redis://127.0.0.1:6379/0"),
        ("rediss://:geheim@cache.intern:6380/2", "RedisCache", "rediss://:geheim@cache.intern:6380/2"),
        ("redis://cache.intern", "RedisCache", "redis://cache.intern"),
        ("memcached://127.0.0.1:11211", "PyMemcacheCache", "127.0.0.1:11211"),
        ("memcached://cache.intern", "PyMemcacheCache", "cache.intern:11211"),
        ("memcached://a:11211,b:11212", "PyMemcacheCache", ["a:11211", "b:11212"]),
        ("memcached://[::1]:11211", "PyMemcacheCache", "[::1]:11211"),
        (
            "memcached:///run/memcached/memcached.sock",
            "PyMemcacheCache",
            "unix:/run/memcached/memcached.sock",
        ),
    ],
)
def test_a_cache_url_becomes_django_s_own_backend(monkeypatch, url, backend, location):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())  # the client is installed
    cache = env_cache_url("C", environ={"C": url})
    assert cache["BACKEND"].endswith("." + backend) and cache["LOCATION"] == location
    assert cache["BACKEND"].startswith("django.core.cache.backends.")


def test_no_cache_url_means_the_default_cache():
    assert env_cache_url("C", environ={}) is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:6379", "use a redis://, rediss:// or memcached:// URL"),
        ("127.0.0.1:6379", "use a redis://"),
        ("redis://:geheim@", "needs a host"),
        ("redis://cache:port/0", "port is not a number"),
        ("redis://cache:6379/nul", "must be a number"),
        ("redis://cache:6379/0?ssl=1", "no ?options"),
        ("memcached://cache:elf", "port that is not a number"),
        ("memcached://user@cache", "is not a memcached server"),
    ],
)
def test_a_bad_cache_url_stops_the_start_and_never_shows_the_password(url, message):
    with pytest.raises(SettingError) as error:
        env_cache_url("C", environ={"C": url})
    assert message in str(error.value)
    assert "geheim" not in str(error.value)


def test_a_cache_url_without_its_client_library_says_what_to_install(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(SettingError, match=r"pip install 'bronwijzer\[memcached\]'"):
        env_cache_url("C", environ={"C": "memcached://127.0.0.1"})


@pytest.mark.parametrize(
    ("entry", "why"),
    [
        ("https://www.gemeente.nl 'unsafe-inline'", "no spaces, quotes"),
        ("https://www.gemeente.nl;script-src *", "no spaces, quotes, semicolons"),
        ("https://*.gemeente.nl", "wildcards"),
        ("'self'", "quotes"),
        ('"https://www.gemeente.nl"', "quotes"),
        ("data:", "nothing after the host"),
        ("https:", "nothing after the host"),
        ("https://www.gemeente.nl/embed/", "nothing after the host"),
        ("https://user@www.gemeente.nl", "nothing after the host"),
        ("https://www.gemeente.nl:99999", "port must be 1 to 65535"),
        ("https://[::zz]", "nothing after the host"),
        ("http://www.gemeente.nl", "use https://"),
    ],
)
def test_embed_origins_refuse_csp_syntax_naming_the_bad_entry(entry, why):
    from bronwijzer.lib.env import env_origins

    value = f"https://goed.nl, {entry}"
    with pytest.raises(SettingError) as error:
        env_origins("BRONWIJZER_EMBED_ORIGINS", [], environ={"BRONWIJZER_EMBED_ORIGINS": value})
    message = str(error.value)
    assert message.startswith(f"BRONWIJZER_EMBED_ORIGINS: {entry!r} is not an origin")
    assert why in message


def test_embed_origins_allow_http_only_on_this_machine_and_are_written_in_lower_case():
    from bronwijzer.lib.env import env_origins

    value = "https://WWW.Gemeente.NL:8443, http://localhost:8000, http://[::1]:9000/"
    assert env_origins("E", [], environ={"E": value}) == [
        "https://www.gemeente.nl:8443",
        "http://localhost:8000",
        "http://[::1]:9000",
    ]
