"""GET and PATCH /users/me: your own profile, and the rules of the profile fields."""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

import asyncpg
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from quad.users.schemas import ProfileUpdate
from tests.builders import MIT_ID, OXFORD_ID, Student, assert_error, register
from tests.fixtures.smtp import Mailbox, link_from, token_from_link

ME = "/api/v1/users/me"
# The contract's limits, spelled out here so a changed constant cannot move them silently.
BIO_MAX_CHARS = 500
INTERESTS_MAX = 20
INTEREST_MAX_CHARS = 40
NAME_MAX_CHARS = 50

USER_PUBLIC_FIELDS = {
    "id",
    "first_name",
    "last_name",
    "university",
    "course",
    "bio",
    "interests",
    "avatar_url",
    "verified_student",
    "friendship_status",
    "mutual_friends",
    "friend_request_id",
}
USER_ME_FIELDS = USER_PUBLIC_FIELDS | {"email", "email_verified", "created_at"}


async def patch_me(client: httpx.AsyncClient, student: Student, body: Any) -> httpx.Response:
    return await client.patch(ME, json=body, headers=student.headers)


async def get_me(client: httpx.AsyncClient, student: Student) -> dict[str, Any]:
    response = await client.get(ME, headers=student.headers)
    assert response.status_code == 200, response.text
    me: dict[str, Any] = response.json()
    return me


def assert_field_error(response: httpx.Response, field: str) -> None:
    """A 422 ``validation_error`` whose details name ``field``."""
    error = assert_error(response, 422, "validation_error")
    fields = [detail["field"] for detail in error["details"]]
    assert field in fields, error
    assert all(detail["message"] for detail in error["details"]), error


async def verify_email(client: httpx.AsyncClient, mailbox: Mailbox, email: str) -> None:
    mail = await mailbox.wait_for(email)
    token = token_from_link(link_from(mail, "/verify-email?token="))
    response = await client.post("/api/v1/auth/verify-email", json={"token": token})
    assert response.status_code == 204, response.text


# --- GET /me ----------------------------------------------------------------------------


async def test_me_is_the_user_me_view_of_yourself(client: httpx.AsyncClient) -> None:
    student = await register(
        client, first_name="Ada", course="Mathematics", bio="Engines.", interests=["poetry"]
    )

    me = await get_me(client, student)

    assert set(me) == USER_ME_FIELDS
    assert me["id"] == str(student.id)
    assert me["email"] == student.email
    assert me["first_name"] == "Ada"
    assert me["last_name"] == student.profile["last_name"]
    assert me["university"] == {
        "id": str(OXFORD_ID),
        "name": "University of Oxford",
        "country": "United Kingdom",
    }
    assert me["course"] == "Mathematics"
    assert me["bio"] == "Engines."
    assert me["interests"] == ["poetry"]
    assert me["avatar_url"] is None
    assert me["verified_student"] is False
    assert me["email_verified"] is False
    assert me["friendship_status"] == "self"
    assert me["created_at"] == student.profile["created_at"]


async def test_me_does_not_expose_updated_at(client: httpx.AsyncClient) -> None:
    student = await register(client)
    await patch_me(client, student, {"course": "Physics"})

    me = await get_me(client, student)

    assert "updated_at" not in me


@pytest.mark.parametrize(("method", "path"), [("GET", ME), ("PATCH", ME)])
async def test_me_needs_a_token(client: httpx.AsyncClient, method: str, path: str) -> None:
    response = await client.request(method, path, json={"course": "Physics"})

    assert_error(response, 401, "not_authenticated")
    assert response.headers["www-authenticate"] == "Bearer"


# --- PATCH /me: what changes --------------------------------------------------------------


async def test_patch_changes_only_the_fields_sent(client: httpx.AsyncClient) -> None:
    student = await register(client, bio="Engines.", interests=["poetry", "chess"])
    before = await get_me(client, student)

    response = await patch_me(client, student, {"course": "Physics"})

    assert response.status_code == 200, response.text
    after = response.json()
    assert after["course"] == "Physics"
    assert {**after, "course": before["course"]} == before


async def test_patch_answers_with_user_me(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"first_name": "Grace"})

    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == USER_ME_FIELDS
    assert answer["friendship_status"] == "self"
    assert answer["first_name"] == "Grace"


async def test_an_empty_patch_changes_nothing(client: httpx.AsyncClient) -> None:
    student = await register(client, bio="Engines.")
    before = await get_me(client, student)

    response = await patch_me(client, student, {})

    assert response.status_code == 200
    assert response.json() == before


async def test_a_patch_persists(client: httpx.AsyncClient, db: asyncpg.Connection) -> None:
    student = await register(client)
    updated_before = await db.fetchval("SELECT updated_at FROM users WHERE id = $1", student.id)
    body = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "course": "Computer Science",
        "bio": "Compilers.\nNavy.",
        "interests": ["cobol", "nanoseconds"],
    }

    await patch_me(client, student, body)

    me = await get_me(client, student)
    assert {field: me[field] for field in body} == body
    updated_after = await db.fetchval("SELECT updated_at FROM users WHERE id = $1", student.id)
    assert updated_after > updated_before


async def test_null_bio_and_interests_clear_them(client: httpx.AsyncClient) -> None:
    student = await register(client, bio="Engines.", interests=["poetry"])

    response = await patch_me(client, student, {"bio": None, "interests": None})

    assert response.status_code == 200, response.text
    assert response.json()["bio"] == ""
    assert response.json()["interests"] == []
    me = await get_me(client, student)
    assert (me["bio"], me["interests"]) == ("", [])


async def test_whitespace_is_normalized(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(
        client,
        student,
        {
            "first_name": "  Grace \u3000 Brewster ",
            "last_name": "\u00a0Hopper\u00a0",
            "course": " Computer   Science ",
            "bio": "  Compilers.  \r\n  Navy.\u00a0\n\n",
            "interests": ["  machine   learning ", "Chess", "chess ", "CHESS"],
        },
    )

    assert response.status_code == 200, response.text
    me = response.json()
    assert me["first_name"] == "Grace Brewster"
    assert me["last_name"] == "Hopper"
    assert me["course"] == "Computer Science"
    # Line breaks are kept in a bio; trailing spaces and the outer blank lines are not.
    assert me["bio"] == "Compilers.\n  Navy."
    # Duplicates are dropped regardless of case; the first spelling wins.
    assert me["interests"] == ["machine learning", "Chess"]


async def test_changing_university_changes_university_and_verified_student(
    client: httpx.AsyncClient, mailbox: Mailbox
) -> None:
    # Registered at Oxford with an MIT address: verified e-mail, but not Oxford's domain.
    student = await register(client, email=f"grace.{uuid.uuid4().hex[:6]}@mit.edu")
    await verify_email(client, mailbox, student.email)
    assert (await get_me(client, student))["verified_student"] is False

    to_mit = await patch_me(client, student, {"university_id": str(MIT_ID)})

    assert to_mit.status_code == 200, to_mit.text
    assert to_mit.json()["university"] == {
        "id": str(MIT_ID),
        "name": "Massachusetts Institute of Technology",
        "country": "United States",
    }
    assert to_mit.json()["verified_student"] is True
    assert (await get_me(client, student))["university"]["id"] == str(MIT_ID)

    back = await patch_me(client, student, {"university_id": str(OXFORD_ID)})

    assert back.json()["university"]["name"] == "University of Oxford"
    assert back.json()["verified_student"] is False


async def test_moving_to_the_university_of_an_unverified_email_is_not_verified_student(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client, email=f"grace.{uuid.uuid4().hex[:6]}@mit.edu")

    response = await patch_me(client, student, {"university_id": str(MIT_ID)})

    assert response.json()["university"]["id"] == str(MIT_ID)
    assert response.json()["verified_student"] is False


# --- PATCH /me: what is refused -----------------------------------------------------------


async def test_bio_is_limited_to_500_characters(client: httpx.AsyncClient) -> None:
    student = await register(client)

    longest = await patch_me(client, student, {"bio": "b" * BIO_MAX_CHARS})
    too_long = await patch_me(client, student, {"bio": "b" * (BIO_MAX_CHARS + 1)})

    assert longest.status_code == 200
    assert_field_error(too_long, "bio")


async def test_interests_are_limited_to_20(client: httpx.AsyncClient) -> None:
    student = await register(client)
    tags = [f"tag {number}" for number in range(INTERESTS_MAX + 1)]

    most = await patch_me(client, student, {"interests": tags[:INTERESTS_MAX]})
    too_many = await patch_me(client, student, {"interests": tags})

    assert most.status_code == 200
    assert most.json()["interests"] == tags[:INTERESTS_MAX]
    assert_field_error(too_many, "interests")


async def test_an_interest_is_limited_to_40_characters(client: httpx.AsyncClient) -> None:
    student = await register(client)

    longest = await patch_me(client, student, {"interests": ["i" * INTEREST_MAX_CHARS]})
    too_long = await patch_me(
        client, student, {"interests": ["chess", "i" * (INTEREST_MAX_CHARS + 1)]}
    )

    assert longest.status_code == 200
    assert_field_error(too_long, "interests.1")


async def test_a_blank_interest_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"interests": ["chess", "   "]})

    assert_field_error(response, "interests.1")


@pytest.mark.parametrize("field", ["first_name", "last_name", "course"])
@pytest.mark.parametrize("value", ["", "   ", "\t\u00a0\n"])
async def test_a_blank_name_or_course_is_422(
    client: httpx.AsyncClient, field: str, value: str
) -> None:
    student = await register(client)

    response = await patch_me(client, student, {field: value})

    assert_field_error(response, field)


@pytest.mark.parametrize("field", ["first_name", "last_name", "university_id", "course"])
async def test_null_for_a_required_field_is_422(client: httpx.AsyncClient, field: str) -> None:
    student = await register(client)
    before = await get_me(client, student)

    response = await patch_me(client, student, {field: None})

    assert_field_error(response, field)
    assert await get_me(client, student) == before


async def test_an_unknown_university_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"university_id": str(uuid.uuid4())})

    assert_field_error(response, "university_id")


async def test_a_university_id_that_is_not_a_uuid_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"university_id": "oxford"})

    assert_field_error(response, "university_id")


async def test_an_unknown_field_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"course": "Physics", "email": "x@mit.edu"})

    assert_field_error(response, "email")
    assert (await get_me(client, student))["email"] == student.email


async def test_a_refused_patch_changes_nothing(client: httpx.AsyncClient) -> None:
    student = await register(client)
    before = await get_me(client, student)

    bad_bio = await patch_me(client, student, {"course": "Physics", "bio": "b" * 501})
    bad_university = await patch_me(
        client, student, {"course": "Physics", "university_id": str(uuid.uuid4())}
    )

    assert bad_bio.status_code == bad_university.status_code == 422
    assert await get_me(client, student) == before


async def test_control_characters_are_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    name = await patch_me(client, student, {"first_name": "Ada\x00"})
    bio = await patch_me(client, student, {"bio": "bell\x07here"})  # tabs are welcome

    assert_field_error(name, "first_name")
    assert_field_error(bio, "bio")


@pytest.mark.parametrize(
    "body",
    [
        '{"bio": "\\ud800"}',
        '{"first_name": "Ada\\udfff"}',
        '{"interests": ["chess", "\\ud83d"]}',
    ],
    ids=["bio", "first_name", "interests"],
)
async def test_an_unpaired_surrogate_is_422_not_a_server_error(
    client: httpx.AsyncClient, body: str
) -> None:
    # Valid JSON (an escape of half a UTF-16 pair) that no UTF-8 database can store.
    student = await register(client)

    response = await client.patch(
        ME, content=body, headers={**student.headers, "Content-Type": "application/json"}
    )

    assert_error(response, 422, "validation_error")


async def test_a_body_that_is_not_an_object_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, ["course", "Physics"])

    assert_error(response, 422, "validation_error")


# --- ProfileUpdate: properties of the validators --------------------------------------------

# Text that stresses normalization: every kind of space, line break and control character,
# unpaired surrogates, invisible format characters, direction overrides and marks, combining
# accents, letters, case pairs and emoji sequences.
_TRICKY = st.sampled_from(
    [
        *(" ", "  ", "\t", "\n", "\r", "\r\n", "\x00", "\x1f", "\x7f", "\x85"),
        *("\u00a0", "\u2028", "\u2029", "\u3000", "\u200b", "\ud800", "\udfff"),
        *("\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u200d", "\ufe0f", "\u3164"),
        *("a", "B", "é", "e\u0301", "ß", "SS", "İ", "😀", "👩\u200d💻"),
    ]
)
any_text = st.one_of(
    st.text(st.characters(exclude_categories=())),
    st.lists(st.one_of(_TRICKY, st.text(max_size=3)), max_size=60).map("".join),
)
long_text = st.lists(st.one_of(_TRICKY, st.text(min_size=1, max_size=30)), max_size=80).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=10,
)


def _validate(**fields: object) -> ProfileUpdate | None:
    """The model, or None when refused; any exception but ValidationError fails the test."""
    try:
        return ProfileUpdate.model_validate(fields)
    except ValidationError:
        return None


def _storable(value: str) -> bool:
    """What PostgreSQL's text can hold and a profile should show: no controls, no surrogates."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(unicodedata.category(ch) == "Cc" for ch in value)


# Explicit directional formatting: embeddings, overrides and isolates.
_SPOOFING = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# What shows nothing: white space, and these (quad.core.text lists why each is allowed).
_INVISIBLE = {
    chr(c)
    for c in (
        0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E,
        *range(0x200B, 0x2010), *range(0x2060, 0x2065), 0x2800, 0x3164,
        *range(0xFE00, 0xFE10), 0xFEFF, 0xFFA0,
    )
}  # fmt: skip


def _spoofs(value: str) -> bool:
    return any(ch in _SPOOFING for ch in value)


def _shows_something(value: str) -> bool:
    return any(not ch.isspace() and ch not in _INVISIBLE for ch in value)


def _single_spaced(value: str) -> bool:
    return value == " ".join(value.split())


def _stored_line(value: str) -> str:
    """A one-line field as the contract stores it: NFC, single-spaced, trimmed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


@given(any_text)
def test_an_accepted_name_is_single_spaced_and_within_limits(value: str) -> None:
    model = _validate(first_name=value, last_name=value)
    if model is None:
        return
    assert len(value) <= NAME_MAX_CHARS  # counted as sent
    for name in (model.first_name, model.last_name):
        assert name is not None
        assert _single_spaced(name)
        assert _storable(name)
        assert not _spoofs(name)
        assert _shows_something(name)
        assert name == _stored_line(value)  # only normalization and spacing changed
        assert ProfileUpdate(first_name=name).first_name == name  # normalizing is idempotent


@given(any_text)
def test_a_name_is_refused_only_for_a_reason(value: str) -> None:
    clean = (
        _storable(value)
        and not _spoofs(value)
        and len(value) <= NAME_MAX_CHARS
        and _shows_something(_stored_line(value))
    )

    assert (_validate(first_name=value) is not None) == clean


@given(st.lists(any_text, max_size=30))
def test_accepted_interests_are_at_most_20_unique_tags_of_at_most_40_characters(
    values: list[str],
) -> None:
    model = _validate(interests=values)
    if model is None:
        return
    interests = model.interests
    assert interests is not None
    assert len(values) <= INTERESTS_MAX  # counted as sent
    assert len({tag.casefold() for tag in interests}) == len(interests)
    for value in values:
        assert len(value) <= INTEREST_MAX_CHARS
    for tag in interests:
        assert _single_spaced(tag)
        assert _storable(tag)
        assert not _spoofs(tag)
        assert _shows_something(tag)
    # Nothing but normalization, spacing and later duplicates was taken out, in order.
    first_spellings: dict[str, str] = {}
    for value in values:
        tag = _stored_line(value)
        first_spellings.setdefault(tag.casefold(), tag)
    assert interests == list(first_spellings.values())
    assert ProfileUpdate(interests=interests).interests == interests


@given(long_text)
def test_an_accepted_bio_is_trimmed_and_within_500_characters(value: str) -> None:
    model = _validate(bio=value)
    if model is None:
        return
    bio = model.bio
    assert bio is not None
    assert len(value) <= BIO_MAX_CHARS  # counted as sent
    assert bio == bio.strip()
    assert "\r" not in bio
    assert all(line == line.rstrip() for line in bio.split("\n"))
    assert _storable(bio.replace("\n", " ").replace("\t", " "))  # line breaks, tabs welcome
    assert not _spoofs(bio)
    assert ProfileUpdate(bio=bio).bio == bio


@given(st.dictionaries(st.sampled_from(sorted(ProfileUpdate.model_fields)), json_values))
def test_any_json_is_either_a_profile_update_or_a_validation_error(
    body: dict[str, object],
) -> None:
    _validate(**body)
