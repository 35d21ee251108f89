"""Every ORM model, imported once so Alembic and the mappers see the whole schema."""

from quad.auth.models import AccountToken, AuthSession, RefreshToken
from quad.chat.models import Conversation, ConversationMember, Message
from quad.core.db import Base
from quad.friends.models import Block, FriendRequest, Friendship
from quad.notifications.models import Notification
from quad.universities.models import University
from quad.users.models import User

__all__ = [
    "AccountToken",
    "AuthSession",
    "Base",
    "Block",
    "Conversation",
    "ConversationMember",
    "FriendRequest",
    "Friendship",
    "Message",
    "Notification",
    "RefreshToken",
    "University",
    "User",
]
