"""Outgoing mail: SMTP delivery against a real server, the log fallback, the account mails."""

from __future__ import annotations

import logging
from datetime import timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any, cast

import pytest

from quad.auth.emails import (
    PASSWORD_RESET_SUBJECT,
    VERIFICATION_SUBJECT,
    human_duration,
    password_reset_link,
    password_reset_mail,
    verification_link,
    verification_mail,
)
from quad.core.config import Settings
from quad.mail import (
    LogMailSender,
    MailDeliveryError,
    OutgoingMail,
    SmtpMailSender,
    build_email_message,
    build_mail_sender,
)
from tests.fixtures.smtp import SMTP_PASSWORD, SMTP_USER, Mailbox, link_from, token_from_link

FRONTEND = "http://quad.test"
MAIL_FROM = "Quad <no-reply@quad.test>"


def smtp_settings(mailbox: Mailbox, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "smtp_host": mailbox.host,
        "smtp_port": mailbox.port,
        "smtp_tls": "none",
        "mail_from": MAIL_FROM,
        "frontend_url": FRONTEND,
        **overrides,
    }
    return Settings(**values)


def a_verification_mail(
    to: str = "ada@uni.test",
    first_name: str = "Ada",
    token: str = "tok-123",  # noqa: S107 (a fake verification token)
) -> OutgoingMail:
    return verification_mail(
        to=to,
        first_name=first_name,
        link=verification_link(FRONTEND, token),
        valid_for=timedelta(hours=48),
    )


def part(message: EmailMessage, subtype: str) -> str:
    body = message.get_body(preferencelist=(subtype,))
    assert body is not None
    return cast(str, cast(EmailMessage, body).get_content())


# --- SMTP -------------------------------------------------------------------------------------


async def test_smtp_mail_arrives_with_text_and_html_parts(mailbox: Mailbox) -> None:
    await SmtpMailSender(smtp_settings(mailbox)).send(a_verification_mail(to="ada@uni.test"))

    message = await mailbox.wait_for("ada@uni.test")
    assert message["Subject"] == VERIFICATION_SUBJECT
    assert parseaddr(message["From"]) == ("Quad", "no-reply@quad.test")
    assert message["To"] == "ada@uni.test"
    assert message["Message-ID"].endswith("@quad.test>")
    assert message["Date"] is not None
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    link = link_from(message, "/verify-email?token=")
    assert link == f"{FRONTEND}/verify-email?token=tok-123"
    assert token_from_link(link) == "tok-123"
    assert f'href="{link}"' in part(message, "html")


async def test_smtp_sender_logs_in_when_smtp_user_is_set(mailbox: Mailbox) -> None:
    settings = smtp_settings(mailbox, smtp_user=SMTP_USER, smtp_password=SMTP_PASSWORD)

    await SmtpMailSender(settings).send(a_verification_mail(to="grace@uni.test"))

    await mailbox.wait_for("grace@uni.test")
    assert [mail.login for mail in mailbox.received()] == [SMTP_USER]


async def test_smtp_sender_does_not_log_in_without_smtp_user(mailbox: Mailbox) -> None:
    await SmtpMailSender(smtp_settings(mailbox)).send(a_verification_mail(to="alan@uni.test"))

    await mailbox.wait_for("alan@uni.test")
    assert [mail.login for mail in mailbox.received()] == [None]


async def test_wrong_smtp_password_is_a_delivery_error(mailbox: Mailbox) -> None:
    settings = smtp_settings(mailbox, smtp_user=SMTP_USER, smtp_password="wrong")

    with pytest.raises(MailDeliveryError):
        await SmtpMailSender(settings).send(a_verification_mail())
    assert mailbox.received() == []


async def test_starttls_never_falls_back_to_plain_text(mailbox: Mailbox) -> None:
    # The test server offers no STARTTLS: a sender told to use it must refuse to send.
    settings = smtp_settings(mailbox, smtp_tls="starttls")

    with pytest.raises(MailDeliveryError):
        await SmtpMailSender(settings).send(a_verification_mail())
    assert mailbox.received() == []


async def test_unreachable_smtp_server_is_a_delivery_error(mailbox: Mailbox) -> None:
    with pytest.raises(MailDeliveryError):
        await SmtpMailSender(smtp_settings(mailbox, smtp_port=1), timeout=2).send(
            a_verification_mail()
        )


def test_smtp_is_used_only_when_smtp_host_is_set(mailbox: Mailbox) -> None:
    assert isinstance(build_mail_sender(smtp_settings(mailbox)), SmtpMailSender)
    assert isinstance(build_mail_sender(Settings(smtp_host=None)), LogMailSender)


def test_header_line_breaks_are_rejected() -> None:
    mail = OutgoingMail(to="ada@uni.test\r\nBcc: eve@evil.test", subject="Hi", text="t", html="h")

    with pytest.raises(ValueError, match="linefeed"):
        build_email_message(mail, mail_from=MAIL_FROM)


# --- Log fallback -----------------------------------------------------------------------------


async def test_log_sender_writes_the_link_to_the_log(caplog: pytest.LogCaptureFixture) -> None:
    mail = password_reset_mail(
        to="ada@uni.test",
        first_name="Ada",
        link=password_reset_link(FRONTEND, "reset-tok"),
        valid_for=timedelta(minutes=30),
    )

    with caplog.at_level(logging.INFO, logger="quad.mail"):
        await LogMailSender().send(mail)

    [record] = [r for r in caplog.records if r.name == "quad.mail"]
    assert record.levelno == logging.INFO
    logged = record.getMessage()
    assert logged.startswith("Mail to ada@uni.test (not sent: SMTP is not configured)\n")
    assert f"Subject: {PASSWORD_RESET_SUBJECT}" in logged
    # On a line of its own, so a terminal turns it into a clickable link.
    assert f"    {FRONTEND}/reset-password?token=reset-tok\n" in logged


# --- Account mails ----------------------------------------------------------------------------


def test_first_name_is_html_escaped_in_the_html_part() -> None:
    mail = a_verification_mail(first_name="<script>alert(1)</script>")

    assert "<script>" not in mail.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in mail.html
    assert "Welcome to Quad, <script>alert(1)</script>!" in mail.text


def test_verification_mail_welcomes_by_name_and_says_how_long_the_link_works() -> None:
    mail = a_verification_mail(first_name="Ada")

    assert mail.subject == VERIFICATION_SUBJECT
    for body in (mail.text, mail.html):
        assert "Welcome to Quad, Ada!" in body
        assert "48 hours" in body
        assert f"{FRONTEND}/verify-email?token=tok-123" in body
        assert "If you didn't ask for this, ignore this e-mail." in body


def test_password_reset_mail_says_the_link_works_for_30_minutes() -> None:
    link = password_reset_link(FRONTEND, "reset-tok")
    mail = password_reset_mail(
        to="ada@uni.test", first_name="Ada", link=link, valid_for=timedelta(minutes=30)
    )

    assert mail.subject == PASSWORD_RESET_SUBJECT
    for body in (mail.text, mail.html):
        assert "the link works for 30 minutes" in body.lower()
        assert link in body


def test_links_url_encode_the_token() -> None:
    link = verification_link(FRONTEND + "/", "a+b/c=&d")

    assert link == f"{FRONTEND}/verify-email?token=a%2Bb%2Fc%3D%26d"
    assert token_from_link(link) == "a+b/c=&d"
    assert password_reset_link(FRONTEND, "x").startswith(f"{FRONTEND}/reset-password?token=")


@pytest.mark.parametrize(
    ("duration", "said"),
    [
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(minutes=30, seconds=59), "30 minutes"),
        (timedelta(minutes=90), "90 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=48), "48 hours"),
        (timedelta(days=7), "7 days"),
    ],
)
def test_durations_render_humanly(duration: timedelta, said: str) -> None:
    assert human_duration(duration) == said
