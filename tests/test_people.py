"""People resolution by full name, first name, last name, prefix, case and accents."""

import pytest

from core.people import matches
from core.records import Contact

PEOPLE = [Contact(1, "Sam Whitaker"), Contact(2, "Sam Okafor"), Contact(3, "Zoë Laurent"),
          Contact(4, "José María Alonso"), Contact(5, "Jo"), Contact(6, "张伟"),
          Contact(7, "Min-jae Park")]


@pytest.mark.parametrize("name, ids", [
    ("Sam", [1, 2]), ("sam okafor", [2]), ("zoe", [3]), ("ZOË LAURENT", [3]), ("Laurent", [3]),
    ("José María", [4]), ("jose maria alonso", [4]), ("Jo", [5]), ("Jo Park", [5]), ("张伟", [6]), ("Zed", []),
    ("minjae", [7]), ("Minjae Park", [7]), ("min-jae", [7]),
])
def test_matches(name, ids):
    assert [c.id for c in matches(name, PEOPLE)] == ids


def test_a_hyphenated_given_name_written_without_its_hyphen():
    people = [Contact(1, "Min-jae Park"), Contact(2, "Hye-jin Kim"), Contact(3, "Jiwon")]
    assert [c.id for c in matches("minjae", people)] == [1]
    assert [c.id for c in matches("hyejin", people)] == [2]
    assert [c.id for c in matches("jiwon", people)] == [3]
    assert matches("seoy", people) == []
