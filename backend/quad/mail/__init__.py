"""Outgoing e-mail: what a mail is (``OutgoingMail``) and how it leaves (``MailSender``)."""

from quad.mail.message import OutgoingMail, build_email_message
from quad.mail.sender import (
    LogMailSender,
    MailDeliveryError,
    MailSender,
    SmtpMailSender,
    build_mail_sender,
)

__all__ = [
    "LogMailSender",
    "MailDeliveryError",
    "MailSender",
    "OutgoingMail",
    "SmtpMailSender",
    "build_email_message",
    "build_mail_sender",
]
