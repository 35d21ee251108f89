"""Quad's account e-mails (address verification, password reset), rendered from templates."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from quad.mail import OutgoingMail

VERIFICATION_SUBJECT = "Confirm your e-mail for Quad"
PASSWORD_RESET_SUBJECT = "Reset your Quad password"  # noqa: S105 (a subject, not a secret)

# Built once: Jinja caches compiled templates per environment. HTML is autoescaped (a first
# name is user input); the .txt twins are not, since plain text has nothing to escape.
# StrictUndefined turns a missing variable into an error instead of a silent blank.
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def verification_link(frontend_url: str, token: str) -> str:
    """``{frontend_url}/verify-email?token=...``, with the token URL-encoded."""
    return f"{frontend_url.rstrip('/')}/verify-email?token={quote(token, safe='')}"


def password_reset_link(frontend_url: str, token: str) -> str:
    """``{frontend_url}/reset-password?token=...``, with the token URL-encoded."""
    return f"{frontend_url.rstrip('/')}/reset-password?token={quote(token, safe='')}"


def verification_mail(*, to: str, first_name: str, link: str, valid_for: timedelta) -> OutgoingMail:
    """The "confirm your university e-mail" mail, carrying ``link`` and its lifetime."""
    return _render(
        "verify_email",
        to=to,
        subject=VERIFICATION_SUBJECT,
        first_name=first_name,
        link=link,
        valid_for=human_duration(valid_for),
    )


def password_reset_mail(
    *, to: str, first_name: str, link: str, valid_for: timedelta
) -> OutgoingMail:
    """The "choose a new password" mail, carrying ``link`` and its lifetime."""
    return _render(
        "password_reset",
        to=to,
        subject=PASSWORD_RESET_SUBJECT,
        first_name=first_name,
        link=link,
        valid_for=human_duration(valid_for),
    )


def human_duration(duration: timedelta) -> str:
    """A lifetime as a student would say it: "30 minutes", "1 hour", "48 hours", "7 days".

    Uses the largest unit that divides the duration exactly (hours up to 72, since "48 hours"
    reads better than "2 days"), rounding down to whole minutes so a mail never promises more
    time than the link has.
    """
    minutes = max(int(duration.total_seconds()) // 60, 1)
    if minutes % 60:
        return _plural(minutes, "minute")
    hours = minutes // 60
    if hours % 24 or hours <= 72:
        return _plural(hours, "hour")
    return _plural(hours // 24, "day")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _render(name: str, *, to: str, subject: str, **context: Any) -> OutgoingMail:
    context["subject"] = subject
    return OutgoingMail(
        to=to,
        subject=subject,
        text=_templates.get_template(f"{name}.txt").render(context),
        html=_templates.get_template(f"{name}.html").render(context),
    )
