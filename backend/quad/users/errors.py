"""Errors about students, shared by every feature that names one."""

from quad.core.errors import NotFound


class UserNotFound(NotFound):
    """Missing, or blocked either way: the contract tells the two apart for nobody."""

    code = "user_not_found"
    default_message = "There is no such student."
