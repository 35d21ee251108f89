"""Text as it enters Quad: what PostgreSQL cannot hold, or what spoofs direction, is a clear
422 (never a 500, never stored); right-to-left names and emoji sequences are kept as typed."""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Annotated, Any

import httpx
import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from quad.core.text import MultiLine, SearchText, SingleLine, VerbatimText
from tests.builders import Student, assert_error, register, registration

ME = "/api/v1/users/me"
UNIVERSITIES = "/api/v1/universities"
NUL_MESSAGE = "Cannot contain the NUL character (U+0000)."
BIDI_MESSAGE = (
    "Cannot contain characters that override the direction of text "
    "(U+202A to U+202E, U+2066 to U+2069)."
)
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Ada\u202eecalevoL" shows as "AdaLoveLace"-ish, reversed
RLM, LRM, ZWJ = "\u200f", "\u200e", "\u200d"


async def patch_me(client: httpx.AsyncClient, student: Student, body: Any) -> httpx.Response:
    return await client.patch(ME, json=body, headers=student.headers)


def field_error(response: httpx.Response, field: str) -> str:
    """The message of the 422's one detail, which must name ``field``."""
    error = assert_error(response, 422, "validation_error")
    assert [detail["field"] for detail in error["details"]] == [field], error
    message: str = error["details"][0]["message"]
    return message


# --- NUL: PostgreSQL's text cannot hold it ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parameter"),
    [(UNIVERSITIES, "q"), (UNIVERSITIES, "country")],
)
async def test_nul_in_a_query_string_is_422_not_500(
    client: httpx.AsyncClient, path: str, parameter: str
) -> None:
    response = await client.get(path, params={parameter: "Oxford\x00"})

    assert field_error(response, parameter) == NUL_MESSAGE


async def test_nul_in_a_search_of_courses_is_422_not_500(client: httpx.AsyncClient) -> None:
    student = await register(client)
    university = student.profile["university"]["id"]

    response = await client.get(f"{UNIVERSITIES}/{university}/courses", params={"q": "\x00"})

    assert field_error(response, "q") == NUL_MESSAGE


async def test_nul_in_any_query_parameter_of_any_operation_is_422(
    client: httpx.AsyncClient,
) -> None:
    student = await register(client)
    document = (await client.get("/api/v1/openapi.json")).json()
    calls = [
        (method, path, parameter["name"])
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "query"
    ]
    assert len(calls) > 10

    for method, path, name in calls:
        url = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)
        response = await client.request(
            method, url, params={name: "a\x00b"}, headers=student.headers
        )
        assert field_error(response, name) == NUL_MESSAGE, (method, path, name)


@pytest.mark.parametrize(
    ("field", "value", "reported_as"),
    [
        ("first_name", "Ada\x00", "first_name"),
        ("last_name", "\x00", "last_name"),
        ("course", "Maths\x00", "course"),
        ("bio", "Hello\x00", "bio"),
        ("interests", ["chess", "po\x00etry"], "interests.1"),
        ("password", "correct horse\x00battery", "password"),
    ],
)
async def test_nul_in_a_json_body_field_is_422_naming_it(
    client: httpx.AsyncClient, field: str, value: object, reported_as: str
) -> None:
    response = await client.post("/api/v1/auth/register", json=registration(**{field: value}))

    assert field_error(response, reported_as) == NUL_MESSAGE


async def test_nul_in_a_login_password_is_422_not_a_failed_login(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/v1/auth/login", json={"email": "ada@ox.ac.uk", "password": "abc\x00def"}
    )

    assert field_error(response, "password") == NUL_MESSAGE


async def test_nul_in_the_oauth2_form_is_422_not_500(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/token", data={"username": "ada\x00@ox.ac.uk", "password": "x" * 8}
    )

    field_error(response, "username")


# --- Direction overrides: they make a name read as something else ----------------------------


async def test_a_right_to_left_override_in_a_name_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register", json=registration(first_name=f"Ada{RLO}ecalevoL")
    )

    assert field_error(response, "first_name") == BIDI_MESSAGE


async def test_a_right_to_left_override_in_a_course_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"course": f"{RLO}scisyhP"})

    assert field_error(response, "course") == BIDI_MESSAGE


async def test_a_right_to_left_override_in_interests_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"interests": ["chess", f"{RLO}ssehc"]})

    assert field_error(response, "interests.1") == BIDI_MESSAGE


async def test_a_right_to_left_override_in_a_bio_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"bio": f"Hello\n{RLO}dlrow"})

    assert field_error(response, "bio") == BIDI_MESSAGE


@pytest.mark.parametrize(
    "character",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"],
    ids=["LRE", "RLE", "PDF", "LRO", "LRI", "RLI", "FSI", "PDI"],
)
async def test_every_embedding_override_and_isolate_is_422(
    client: httpx.AsyncClient, character: str
) -> None:
    student = await register(client)

    response = await patch_me(client, student, {"last_name": f"Love{character}lace"})

    assert field_error(response, "last_name") == BIDI_MESSAGE


async def test_nothing_refused_is_stored(client: httpx.AsyncClient) -> None:
    student = await register(client)

    await patch_me(client, student, {"first_name": f"{RLO}adA", "course": "Maths\x00"})

    me = (await client.get(ME, headers=student.headers)).json()
    assert (me["first_name"], me["course"]) == (
        student.profile["first_name"],
        student.profile["course"],
    )


# --- What is kept ---------------------------------------------------------------------------


async def test_right_to_left_names_with_direction_marks_are_kept_as_typed(
    client: httpx.AsyncClient,
) -> None:
    # Marks place neutral characters (parentheses, digits) in right-to-left text; they reorder
    # nothing around them, and names typed on Hebrew and Arabic keyboards carry them.
    first, last = f"מרים{RLM}", f"الفارسي (Al-Farsi){LRM}"

    student = await register(client, first_name=first, last_name=last, course=f"هندسة{RLM} 2")

    assert (student.profile["first_name"], student.profile["last_name"]) == (first, last)
    assert student.profile["course"] == f"هندسة{RLM} 2"


async def test_emoji_sequences_with_zero_width_joiners_are_kept(
    client: httpx.AsyncClient,
) -> None:
    coder, family, rainbow = f"👩{ZWJ}💻", f"👨{ZWJ}👩{ZWJ}👧", f"🏳\ufe0f{ZWJ}🌈"
    student = await register(client)

    response = await patch_me(
        client,
        student,
        {"interests": [f"{coder} coding", rainbow], "bio": f"Family: {family}"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["interests"] == [f"{coder} coding", rainbow]
    assert response.json()["bio"] == f"Family: {family}"


async def test_a_name_that_shows_nothing_is_422(client: httpx.AsyncClient) -> None:
    student = await register(client)

    marks_only = await patch_me(client, student, {"first_name": f"{RLM}{ZWJ} "})
    hangul_filler = await patch_me(client, student, {"last_name": "\u3164"})

    assert field_error(marks_only, "first_name") == "Cannot be blank."
    assert field_error(hangul_filler, "last_name") == "Cannot be blank."


async def test_text_is_stored_composed(client: httpx.AsyncClient) -> None:
    # "Zoë" typed as Z, o, e and a combining diaeresis is the same name as with "ë".
    student = await register(client, first_name="Zoe\u0308")

    assert student.profile["first_name"] == "Zoë"
    assert unicodedata.is_normalized("NFC", student.profile["first_name"])


async def test_a_search_with_marks_and_joiners_is_accepted(client: httpx.AsyncClient) -> None:
    response = await client.get(UNIVERSITIES, params={"q": f"{RLM}Oxford{ZWJ}"})

    assert response.status_code == 200, response.text


# --- The published JSON Schema states exactly these rules ---------------------------------

_TRICKY = st.sampled_from(
    [
        *(" ", "\t", "\n", "\r", "\x00", "\x1f", "\x7f", "\x85", "\u00a0", "\u2028", "\u3000"),
        *("\u202a", "\u202e", "\u2066", "\u2069", RLM, LRM, ZWJ, "\u200b", "\ufe0f", "\u3164"),
        *("a", "é", "e\u0301", "ß", "İ", "😀", "מ", "ع"),
    ]
)
texts = (
    st.lists(st.one_of(_TRICKY, st.text(max_size=3)), max_size=12)
    .map("".join)
    .filter(
        lambda text: not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)  # JSON cannot carry them
    )
)
KINDS = {
    "single line": Annotated[str, SingleLine(max_length=8)],
    "multi-line": Annotated[str, MultiLine(max_length=8)],
    "multi-line, not blank": Annotated[str, MultiLine(max_length=8, allow_blank=False)],
    "search text": Annotated[str, SearchText(max_length=8)],
    "verbatim": Annotated[str, VerbatimText(max_length=8, min_length=1)],
}


@pytest.mark.parametrize("kind", KINDS)
@given(texts)
def test_the_json_schema_accepts_exactly_what_the_server_accepts(kind: str, text: str) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(KINDS[kind])
    published = jsonschema_rs.validator_for(adapter.json_schema())
    try:
        adapter.validate_python(text)
        accepted = True
    except ValidationError:
        accepted = False

    assert published.is_valid(text) == accepted, (kind, text)
