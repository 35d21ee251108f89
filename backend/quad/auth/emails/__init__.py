"""The e-mails the auth service sends, ready to hand to a ``quad.mail.MailSender``."""

from quad.auth.emails.render import (
    PASSWORD_RESET_SUBJECT,
    VERIFICATION_SUBJECT,
    human_duration,
    password_reset_link,
    password_reset_mail,
    verification_link,
    verification_mail,
)

__all__ = [
    "PASSWORD_RESET_SUBJECT",
    "VERIFICATION_SUBJECT",
    "human_duration",
    "password_reset_link",
    "password_reset_mail",
    "verification_link",
    "verification_mail",
]
