"""Property tests of the account fields: what is accepted always meets the contract."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from quad.auth.schemas import Email, LoginIn
from quad.core.security import PASSWORD_MAX_BYTES, PASSWORD_MIN_CHARS, Password

passwords = TypeAdapter(Password)
emails = TypeAdapter(Email)


@given(st.text(max_size=120))
def test_an_accepted_password_is_8_characters_to_72_bytes(candidate: str) -> None:
    try:
        accepted = passwords.validate_python(candidate)
    except ValidationError:
        too_short = len(candidate) < PASSWORD_MIN_CHARS
        too_long = len(candidate.encode()) > PASSWORD_MAX_BYTES
        assert too_short or too_long or "\x00" in candidate
        return
    assert accepted == candidate  # never trimmed or truncated
    assert len(accepted) >= PASSWORD_MIN_CHARS
    assert len(accepted.encode()) <= PASSWORD_MAX_BYTES


@given(st.emails())
def test_emails_are_stored_lower_case(address: str) -> None:
    try:
        normalized = emails.validate_python(address)
    except ValidationError:
        return  # a few exotic but RFC-valid forms are refused by email-validator
    assert normalized == normalized.lower()
    assert normalized.lower() == emails.validate_python(address.upper()).lower()


@given(st.text(max_size=2000))
def test_login_accepts_any_password_text_up_to_1024_characters_but_nul(candidate: str) -> None:
    try:
        LoginIn(email="ada@ox.ac.uk", password=candidate)
    except ValidationError:
        assert not candidate or len(candidate) > 1024 or "\x00" in candidate
