"""Errors of the notifications feature."""

from quad.core.errors import NotFound


class NotificationNotFound(NotFound):
    """Missing, or someone else's: the two cannot be told apart."""

    code = "notification_not_found"
    default_message = "There is no such notification."
