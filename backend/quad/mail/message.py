"""An outgoing e-mail as plain data, and its MIME form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr


@dataclass(frozen=True, slots=True)
class OutgoingMail:
    """One e-mail to one recipient, with the same content as plain text and as HTML."""

    to: str
    subject: str
    text: str
    html: str


def build_email_message(mail: OutgoingMail, *, mail_from: str) -> EmailMessage:
    """The MIME message for ``mail``, sent from ``mail_from`` (``Settings.mail_from``).

    Guarantees a multipart/alternative body with the text part first and the HTML part
    second (clients show the last part they can display), and sets From, To, Subject, Date
    (UTC) and a Message-ID. Raises ``ValueError`` if a header value contains a line break,
    so a recipient or subject can never smuggle in extra headers.
    """
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=_domain_of(mail_from))
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


def _domain_of(address: str) -> str:
    # make_msgid's default domain is socket.getfqdn(): a DNS lookup that can block the event
    # loop for seconds. The sender's own domain is the conventional right-hand side anyway.
    _, bare = parseaddr(address)
    return bare.rpartition("@")[2] or "quad.localhost"
