"""The kit lives in its URL: a compact, versioned code that reads back exactly."""

from __future__ import annotations

import base64
import contextlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bronwijzer.kit.codec import (
    MAX_ITEMS,
    V1_CONTEXTS,
    V1_SITUATIONS,
    V1_WHO,
    Kit,
    KitCodeConverter,
    KitCodeError,
    kit_decode,
    kit_encode,
    options_valid,
    resource_key,
)
from bronwijzer.kit.options import KitOptions

LANGS = ["nl", "en", "ar", "tr", "fr", "pl", "uk", "so", "ti", "fa"]

options_strategy = st.builds(
    KitOptions,
    who=st.sampled_from(V1_WHO),
    languages=st.lists(st.sampled_from(LANGS), max_size=4, unique=True).map(tuple),
    contexts=st.lists(st.sampled_from(V1_CONTEXTS), unique=True).map(
        lambda cs: tuple(sorted(cs, key=V1_CONTEXTS.index))
    ),
    age=st.none() | st.integers(0, 120),
    situation=st.sampled_from(V1_SITUATIONS),
    explicit_ok=st.booleans(),
)
slugs_strategy = st.lists(
    st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True), max_size=MAX_ITEMS, unique=True
)


@given(options_strategy, slugs_strategy)
def test_every_kit_reads_back_exactly_from_its_code(options, slugs):
    kit = Kit(options, tuple(resource_key(s) for s in slugs))
    code = kit_encode(kit)
    assert kit_decode(code) == kit
    assert len(code) <= 120
    assert re.fullmatch(KitCodeConverter.regex, code)


def test_the_code_says_nothing_about_the_topic_or_the_resources():
    slugs = ["praten-over-sexting-misbruik", "helpwanted", "mediagesprek"]
    options = KitOptions(who="ouder", languages=("ar",), age=14, situation="incident")
    code = kit_encode(Kit(options, tuple(resource_key(s) for s in slugs)))
    lowered = code.lower()
    for word in ("sext", "misbruik", "helpwanted", "mediagesprek", "incident", "ouder"):
        assert word not in lowered
    assert len(code) < 30  # five bytes of answers, two of language, four per resource


def test_a_kit_keeps_its_order_drops_duplicates_and_stops_at_the_handout_size():
    keys = [resource_key(f"r{i}") for i in range(MAX_ITEMS + 3)]
    kit = Kit().with_keys([keys[2], keys[0], keys[2], *keys])
    assert kit.keys[:2] == (keys[2], keys[0])
    assert len(kit.keys) == MAX_ITEMS
    assert kit.is_full


def _raw(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "empty"),
        ("x" * 121, "too long"),
        ("!!!!!!!!", "base64"),
        (_raw(b"\x01\x00\x00"), "too short"),
        (_raw(b"\x02\x00\x00\x00\x00\x00"), "version 2"),
        (_raw(b"\x01\x09\x00\x00\x00\x00"), "conversation or situation"),
        (_raw(b"\x01\x00\x02\x00\x00\x00"), "flags"),
        (_raw(b"\x01\x00\x00\x80\x00\x00"), "contexts"),
        (_raw(b"\x01\x00\x00\x00\xff\x00"), "age"),
        (_raw(b"\x01\x00\x00\x00\x00\x05nlenarfrtr"), "too many languages"),
        (_raw(b"\x01\x00\x00\x00\x00\x01qq"), "language"),
        (_raw(b"\x01\x00\x00\x00\x00\x01zx"), "language"),
        (_raw(b"\x01\x00\x00\x00\x00\x01\xff\xfe"), "language"),
        (_raw(b"\x01\x00\x00\x00\x00\x00abc"), "damaged"),
        (_raw(b"\x01\x00\x00\x00\x00\x00" + b"abcd" * (MAX_ITEMS + 1)), "damaged"),
    ],
)
def test_a_damaged_code_is_refused_with_a_reason(code, message):
    with pytest.raises(KitCodeError, match=message):
        kit_decode(code)


@given(st.binary(max_size=60))
def test_no_byte_string_crashes_the_decoder(data):
    with contextlib.suppress(KitCodeError):
        kit_decode(_raw(data))


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (KitOptions(who="buurman"), "who"),
        (KitOptions(situation="later"), "situation"),
        (KitOptions(contexts=("boeddhistisch",)), "context"),
        (KitOptions(languages=("xx",)), "language"),
        (KitOptions(languages=("zxx",)), "language"),
        (KitOptions(languages=("nl", "en", "ar", "tr", "fr")), "language"),
        (KitOptions(age=200), "age"),
    ],
)
def test_options_a_code_cannot_carry_are_refused_naming_the_field(options, field):
    with pytest.raises(ValueError, match=rf"^{field}:"):
        options_valid(options)
