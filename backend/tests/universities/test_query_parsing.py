"""Recognising a domain in what a student typed (quad.universities.query)."""

from __future__ import annotations

import pytest

from quad.universities.query import domain_and_parents, parse_domain, parse_search


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("ucl.ac.uk", "ucl.ac.uk"),
        ("Student.UCL.ac.uk", "student.ucl.ac.uk"),
        ("ada@cs.ox.ac.uk", "cs.ox.ac.uk"),
        ("  ada.lovelace@ox.ac.uk ", "ox.ac.uk"),
        ("https://www.ucl.ac.uk/about", "www.ucl.ac.uk"),
        ("mit.edu.", "mit.edu"),
        ("uni-köln.de", "xn--uni-kln-e1a.de"),  # IDNA, as domains are listed
    ],
)
def test_a_domain_email_or_web_address_gives_its_host(typed: str, host: str) -> None:
    assert parse_domain(typed) == host


@pytest.mark.parametrize(
    "typed", ["mit", "M.I.T.", "St. Andrews", "university of oxford", "ada@", "ucl.ac.u", ""]
)
def test_names_and_acronyms_are_not_domains(typed: str) -> None:
    assert parse_domain(typed) is None


def test_a_domain_and_its_parents_most_specific_first() -> None:
    assert domain_and_parents("mail.student.ucl.ac.uk") == [
        "mail.student.ucl.ac.uk",
        "student.ucl.ac.uk",
        "ucl.ac.uk",
        "ac.uk",
    ]


def test_of_an_email_address_only_the_domain_is_searched() -> None:
    search = parse_search("ada@cs.ox.ac.uk")

    assert search.text == "cs.ox.ac.uk"
    assert search.domains == ("cs.ox.ac.uk", "ox.ac.uk", "ac.uk")


def test_text_that_is_no_domain_is_searched_as_typed() -> None:
    search = parse_search("Oxford Brookes")

    assert (search.text, search.domains) == ("Oxford Brookes", ())
