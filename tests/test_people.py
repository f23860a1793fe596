"""People resolution by full name, first name, last name, prefix, case and accents."""

import pytest

from core.people import matches
from core.records import Contact

PEOPLE = [Contact(1, "Sam Whitaker"), Contact(2, "Sam Okafor"), Contact(3, "Zoë Laurent"),
          Contact(4, "José María Alonso"), Contact(5, "Jo"), Contact(6, "张伟"),
          Contact(7, "Ji-woo Park")]


@pytest.mark.parametrize("name, ids", [
    ("Sam", [1, 2]), ("sam okafor", [2]), ("zoe", [3]), ("ZOË LAURENT", [3]), ("Laurent", [3]),
    ("José María", [4]), ("jose maria alonso", [4]), ("Jo", [5]), ("Jo Park", [5]), ("张伟", [6]), ("Zed", []),
    ("jiwoo", [7]), ("Jiwoo Park", [7]), ("ji-woo", [7]),
])
def test_matches(name, ids):
    assert [c.id for c in matches(name, PEOPLE)] == ids


def test_a_hyphenated_given_name_written_without_its_hyphen():
    people = [Contact(1, "Ji-woo Park"), Contact(2, "Seo-yeon Kim"), Contact(3, "Jiwon")]
    assert [c.id for c in matches("jiwoo", people)] == [1]
    assert [c.id for c in matches("seoyeon", people)] == [2]
    assert [c.id for c in matches("jiwon", people)] == [3]
    assert matches("seoy", people) == []
