import pytest

from bronwijzer.lib.phone import is_service_rate, tel_href


def test_tel_href_keeps_digits_and_plus():
    assert tel_href("020-261 52 75") == "tel:0202615275"
    assert tel_href("+31 20 261 5275") == "tel:+31202615275"


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("0900-0101", True),
        ("0900-8844", True),
        ("+31 900 0101", True),
        ("0906 123456", True),
        ("0800-2000", False),
        ("020-261 52 75", False),
        ("112", False),
        ("", False),
    ],
)
def test_service_rate_numbers_are_the_090x_ones(number, expected):
    assert is_service_rate(number) is expected
