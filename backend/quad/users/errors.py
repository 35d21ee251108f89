"""Errors about students, shared by every feature that names one."""

from quad.core.errors import NotFound


class UserNotFound(NotFound):
    """Missing, or hidden by a block: a student who blocked you cannot be told apart from one
    who does not exist (when you blocked them, it is ``UserBlocked``)."""

    code = "user_not_found"
    default_message = "There is no such student."


class UserBlocked(NotFound):
    """You blocked them: still 404 (the profile is not shown), but a code that lets your
    app offer to unblock. Never said when *they* blocked you: that is ``user_not_found``."""

    code = "user_blocked"
    default_message = "You blocked this student. Unblock them to see their profile."
