"""The OpenAPI document tells the truth: schemathesis calls every operation it describes.

Every operation of the document (routes that land later included: nothing here lists them)
is called through the real app on the migrated test database, with every check schemathesis
has (``--checks all``): the document's examples, boundary and negative cases (coverage) and
generated data (fuzzing), one test per operation; then chains of calls that follow the links
between operations (stateful). Seeded, so a run is reproducible and CI stable.

Calls are authenticated as a student the test registered through the API, whose session the
run cannot end: logout and refresh only end the session whose *refresh* token they are given
(the run never sees this student's), ``POST /users/me/password`` needs the current password
(never shown either, so it answers 403), and a password reset needs a mailed link the run
cannot read. Nothing is excluded to achieve that.

Where the document cannot say everything the server checks, schemathesis is taught the rule
(``PASSWORD_FORMAT``, ``EMAIL_FORMAT``) or told which refusal of schema-valid data to expect
(``valid_but_refused``), each with its reason. A check switched off for an operation is listed in
``EXCLUDED_CHECKS`` with the reason and the fix (none today).
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
import hypothesis
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from schemathesis.config import SchemathesisConfig
from starlette.types import Receive, Scope, Send

from quad.auth.schemas import Email
from quad.core.config import Settings
from quad.core.security import PASSWORD_FORMAT, PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS
from quad.main import create_app
from tests.builders import OXFORD_ID
from tests.conftest import empty_tables

# Schemathesis's own negative-data strategies call `random.random()` (4.32); Hypothesis seeds
# that module for each example, so runs stay reproducible, but says so once per run.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies"
    ":hypothesis.errors.HypothesisDeprecationWarning"
)

SEED = 20261125
REGISTER = "/api/v1/auth/register"
# Generated cases per operation in the fuzzing phase (coverage adds its own boundary cases).
FUZZ_EXAMPLES = 25
SCENARIOS = 30
SCENARIO_STEPS = 6

# --- What JSON Schema cannot say, taught to schemathesis --------------------------------------

# JSON Schema counts characters; a password is also at most 72 bytes of UTF-8 (the document
# says so in words and in `x-max-utf8-bytes`). Every password schemathesis calls valid really
# is: any text short enough to fit whatever it holds (4 bytes a character at most), or
# longer printable ASCII.
schemathesis.openapi.format(
    PASSWORD_FORMAT,
    st.one_of(
        st.text(
            st.characters(codec="utf-8", exclude_characters="\x00"),
            min_size=PASSWORD_MIN_CHARS,
            max_size=PASSWORD_MAX_BYTES // 4,
        ),
        st.text(
            st.characters(min_codepoint=0x20, max_codepoint=0x7E),
            min_size=PASSWORD_MIN_CHARS,
            max_size=PASSWORD_MAX_BYTES,
        ),
    ),
)

# Quad's e-mail rule is email-validator's (no quoted local part, no IP-address or special-use
# domain such as .test): stricter than JSON Schema's "email" format, so the document says it
# in words. Every address schemathesis calls valid really is: any local part, on university
# domains (drawing the domains too costs a minute of collection, for nothing Quad checks).
EMAIL_FORMAT = "email"
UNIVERSITY_DOMAINS = ["ox.ac.uk", "cs.ox.ac.uk", "mit.edu", "ucl.ac.uk", "student.ucl.ac.uk"]
_EMAIL = TypeAdapter(Email)


def _accepted_email(address: str) -> bool:
    try:
        _EMAIL.validate_python(address)
    except ValidationError:
        return False
    return True


schemathesis.openapi.format(
    EMAIL_FORMAT,
    st.emails(domains=st.sampled_from(UNIVERSITY_DOMAINS)).filter(_accepted_email),
)

# Schema-valid requests the server still refuses, for reasons JSON Schema cannot state. Only
# these statuses are added to what schemathesis's positive-data check accepts, and only on
# the operations each rule names; every other check applies everywhere, unchanged.
POSITIVE_DATA_ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]


@dataclass(frozen=True)
class ValidButRefused:
    operations: list[str]
    statuses: list[str]
    why: str


def valid_but_refused(document: dict[str, Any]) -> list[ValidButRefused]:
    operations = [
        (f"{method.upper()} {path}", operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]
    return [
        ValidButRefused(
            [name for name, op in operations if "university_id" in _body_properties(document, op)],
            ["422"],
            "university_id must name a seeded university (422 on that field). Fuzzing sends "
            "Oxford's (`parameters` below), so registrations and edits really happen; the "
            "coverage phase draws its own ids.",
        ),
        ValidButRefused(
            [name for name, op in operations if "user_id" in _body_properties(document, op)],
            ["422"],
            "user_id must be another student's: befriending or blocking yourself is 422 "
            "(the contract's rule); a chain of calls can pass the caller's own id.",
        ),
        ValidButRefused(
            [
                name
                for name, op in operations
                if any(p["name"] == "cursor" for p in op.get("parameters", []))
            ],
            ["400"],
            "A cursor is opaque: only one the server handed out is valid (400 invalid_cursor).",
        ),
        ValidButRefused(
            ["POST /api/v1/auth/verify-email", "POST /api/v1/auth/password-reset/confirm"],
            ["400"],
            "The token must be one the server mailed (400 invalid_token, token_expired, "
            "token_used).",
        ),
        ValidButRefused(
            ["GET /api/v1/ws"],
            ["426"],
            "The address of the WebSocket: a plain GET is always 426 Upgrade Required.",
        ),
        ValidButRefused(
            ["PUT /api/v1/users/me/avatar"],
            ["413", "415"],
            "The file must decode as a JPEG, PNG or WebP image of at most 40 megapixels.",
        ),
    ]


def _body_properties(document: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return set(schema.get("properties", {}))


# --- The app under test --------------------------------------------------------------------

# Schemathesis builds the document's examples while pytest collects, before any student
# exists, so the run's Authorization header names a stand-in that the app under test swaps
# for the bearer token of the student its test registered. Any other token (schemathesis
# also sends none, and invalid ones) reaches the app as sent.
STAND_IN = b"Bearer the-registered-student"


@dataclass
class AppUnderTest:
    """The ASGI app schemathesis calls: each test's own app, behind one stable object.

    The schema is loaded once, at import, from a document built without a database; each
    test points this at an app on the test database (schemathesis runs its lifespan, on the
    event loop it calls the app from).
    """

    app: FastAPI | None = None
    authorization: bytes | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "no app under test: use the `app_under_test` fixture"
        if scope["type"] == "http" and self.authorization is not None:
            headers = [
                (
                    name,
                    self.authorization if (name, value) == (b"authorization", STAND_IN) else value,
                )
                for name, value in scope["headers"]
            ]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)

    def register_student(self) -> None:
        """A student registered through the API; its token stands behind ``STAND_IN``."""
        response = (
            schema[REGISTER]["POST"]
            .Case(
                body={
                    "first_name": "Schema",
                    "last_name": "Thesis",
                    "email": f"contract.{uuid.uuid4().hex[:8]}@ox.ac.uk",
                    "password": uuid.uuid4().hex,  # never shown to schemathesis
                    "university_id": str(OXFORD_ID),
                    "course": "Software Engineering",
                }
            )
            .call()
        )
        assert response.status_code == 201, response.text
        self.authorization = f"Bearer {response.json()['tokens']['access_token']}".encode()


APP = AppUnderTest()

# Checks switched off, each for one operation, each with its reason and its way out.
EXCLUDED_CHECKS: list[tuple[str, str, str]] = []


def contract_config(document: dict[str, Any]) -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            # Failures are reported as found: a shrunk replay on a live database can meet
            # different state, and shrinking makes a red run several minutes longer.
            "generation": {"max-examples": FUZZ_EXAMPLES, "database": "none", "no-shrink": True},
            "headers": {"Authorization": STAND_IN.decode()},
            "parameters": {"body.university_id": str(OXFORD_ID)},
            "operations": [
                {
                    "include-name": rule.operations,
                    "checks": {
                        "positive_data_acceptance": {
                            "expected-statuses": POSITIVE_DATA_ACCEPTED + rule.statuses
                        }
                    },
                }
                for rule in valid_but_refused(document)
                if rule.operations
            ]
            + [
                {"include-name": operation, "checks": {check: {"enabled": False}}}
                for operation, check, _why in EXCLUDED_CHECKS
            ],
        }
    )


def _document() -> dict[str, Any]:
    # The document needs no database: `quad openapi` writes it the same way.
    settings = Settings(database_url="postgresql+asyncpg://unused/unused", jwt_secret="x" * 40)
    document: dict[str, Any] = create_app(settings).openapi()
    return document


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(DOCUMENT, config=contract_config(DOCUMENT))
schema.app = APP


@pytest.fixture
def app_under_test(settings: Settings, fresh_tables: None) -> AppUnderTest:
    APP.app = create_app(settings)
    APP.register_student()
    return APP


# --- The checks ----------------------------------------------------------------------------


@schema.parametrize()
@hypothesis.settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_operation_keeps_the_openapi_contract(
    case: schemathesis.Case, app_under_test: AppUnderTest
) -> None:
    case.call_and_validate()


def test_chains_of_calls_keep_the_openapi_contract(
    app_under_test: AppUnderTest, database_url: str
) -> None:
    """Schemathesis's stateful phase: a registration's id fed to a profile, a friend
    request's id to accept, and so on, along the links it infers from the document."""
    with asyncio.Runner() as runner:  # one connection for every scenario's reset
        connection = runner.run(asyncpg.connect(database_url.replace("+asyncpg", "")))

        class Scenarios(schema.as_state_machine()):  # type: ignore[misc]
            def setup(self) -> None:
                # Each scenario starts from the same state, so the same draws meet the same
                # answers (Hypothesis replays them) and none depends on what another left.
                runner.run(empty_tables(connection))
                APP.register_student()

        try:
            Scenarios.run(
                settings=hypothesis.settings(
                    max_examples=SCENARIOS,
                    stateful_step_count=SCENARIO_STEPS,
                    phases=[hypothesis.Phase.generate],
                    derandomize=True,
                    deadline=None,
                    database=None,
                    suppress_health_check=[
                        HealthCheck.function_scoped_fixture,
                        HealthCheck.too_slow,
                    ],
                )
            )
        finally:
            runner.run(connection.close())
