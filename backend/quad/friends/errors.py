"""Errors of the friends feature, each with the stable code clients switch on."""

from quad.core.errors import Conflict, Forbidden, NotFound


class FriendRequestNotFound(NotFound):
    code = "friend_request_not_found"
    default_message = "There is no such friend request."


class AlreadyFriends(Conflict):
    code = "already_friends"
    default_message = "You are already friends."


class RequestPending(Conflict):
    code = "request_pending"
    default_message = "You have already asked; the request is waiting for an answer."


class RequestNotPending(Conflict):
    code = "request_not_pending"
    default_message = "This request has already been answered or withdrawn."


class NotRequestRecipient(Forbidden):
    code = "not_request_recipient"
    default_message = "Only the student who received this request can answer it."


class NotRequestSender(Forbidden):
    code = "not_request_sender"
    default_message = "Only the student who sent this request can withdraw it."
