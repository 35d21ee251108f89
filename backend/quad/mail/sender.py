"""Sending Quad's e-mail: over SMTP when it is configured, otherwise into the log."""

from __future__ import annotations

import logging
import textwrap
from typing import Protocol

import aiosmtplib

from quad.core.config import Settings
from quad.mail.message import OutgoingMail, build_email_message

logger = logging.getLogger("quad.mail")


class MailDeliveryError(Exception):
    """The SMTP server could not be reached, refused TLS or the login, or refused the mail."""


class MailSender(Protocol):
    async def send(self, mail: OutgoingMail) -> None:
        """Hand ``mail`` over for delivery; raise ``MailDeliveryError`` if that failed."""
        ...


class SmtpMailSender:
    """Sends each mail over its own SMTP connection to ``settings.smtp_host``.

    One connection per mail keeps the sender stateless and safe to share between requests;
    Quad sends a few mails per student, not bulk mail.
    """

    def __init__(self, settings: Settings, *, timeout: float = 15.0) -> None:
        if settings.smtp_host is None:
            raise ValueError("SmtpMailSender needs SMTP_HOST")
        self._settings = settings
        self._host = settings.smtp_host
        self._timeout = timeout

    async def send(self, mail: OutgoingMail) -> None:
        """Deliver ``mail`` to the SMTP server, or raise ``MailDeliveryError``.

        TLS follows ``smtp_tls``: "tls" is implicit TLS, "starttls" upgrades the connection
        and fails if the server cannot, "none" never encrypts. The timeout bounds every step.
        """
        settings = self._settings
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        message = build_email_message(mail, mail_from=settings.mail_from)
        try:
            await aiosmtplib.send(
                message,
                hostname=self._host,
                port=settings.smtp_port,
                username=settings.smtp_user,
                password=password if settings.smtp_user else None,
                use_tls=settings.smtp_tls == "tls",
                # Explicit False, not None: None would let aiosmtplib upgrade opportunistically,
                # so "none" would not mean none and "tls" would try STARTTLS inside TLS.
                start_tls=settings.smtp_tls == "starttls",
                timeout=self._timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as error:
            raise MailDeliveryError(
                f"Could not send mail through {self._host}:{settings.smtp_port}: {error}"
            ) from error


class LogMailSender:
    """Writes each mail's plain text to the ``quad.mail`` logger at INFO instead of sending it.

    For running Quad without SMTP: the verification and reset links appear in the terminal.
    Never raises.
    """

    async def send(self, mail: OutgoingMail) -> None:
        logger.info(
            "Mail to %s (not sent: SMTP is not configured)\nSubject: %s\n\n%s\n",
            mail.to,
            mail.subject,
            # Indented so the mail reads as one block between other log lines.
            textwrap.indent(mail.text.strip(), "    "),
            extra={"mail_to": mail.to, "mail_subject": mail.subject},
        )


def build_mail_sender(settings: Settings) -> MailSender:
    """SMTP when ``SMTP_HOST`` is set (``settings.mail_enabled``), otherwise the log."""
    if settings.mail_enabled:
        return SmtpMailSender(settings)
    return LogMailSender()
