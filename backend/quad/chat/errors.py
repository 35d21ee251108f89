"""Errors of the chat feature, each with the stable code clients switch on."""

from quad.core.errors import Conflict, Forbidden, NotFound


class ConversationNotFound(NotFound):
    """Missing, or one you are not in: the two cannot be told apart."""

    code = "conversation_not_found"
    default_message = "There is no such conversation."


class MessageNotFound(NotFound):
    code = "message_not_found"
    default_message = "There is no such message."


class MemberNotFound(NotFound):
    code = "member_not_found"
    default_message = "This student is not a member of the conversation."


class NotFriends(Forbidden):
    code = "not_friends"
    default_message = "You can only start a chat with, or add, your friends."


class NotGroupAdmin(Forbidden):
    code = "not_group_admin"
    default_message = "Only the group's admins can do this."


class NotMessageSender(Forbidden):
    code = "not_message_sender"
    default_message = "Only the sender of a message can change or delete it."


class MessagingBlocked(Forbidden):
    """A block between the two students of a direct chat stops it both ways."""

    code = "messaging_blocked"
    default_message = "You can no longer send messages in this chat."


class NotAGroup(Conflict):
    code = "not_a_group"
    default_message = "This is a direct chat: it has no name or members to change."


class MessageDeleted(Conflict):
    code = "message_deleted"
    default_message = "This message was deleted; it can no longer be edited."


class GroupFull(Conflict):
    code = "group_full"
    default_message = "A group holds at most 256 members."
