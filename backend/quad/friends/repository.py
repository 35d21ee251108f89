from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, literal, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from quad.core.text_search import close_to, fold, word_distance
from quad.friends.models import Block, FriendRequest, FriendRequestStatus, Friendship
from quad.friends.relations import (
    are_friends,
    blocked_either_way,
    friend_ids,
    friends_of,
    friendship_status,
    mutual_friend_count,
    pair,
)
from quad.users.models import User
from quad.users.repository import RelatedUser, related_users


@dataclass(frozen=True, slots=True)
class PairState:
    """Everything that decides what a friend request between two students does."""

    blocked: bool
    friends: bool
    pending: FriendRequest | None


@dataclass(frozen=True, slots=True)
class FriendRequestRow:
    request: FriendRequest
    from_user: RelatedUser
    to_user: RelatedUser


@dataclass(frozen=True, slots=True)
class BlockRow:
    related: RelatedUser
    created_at: datetime


class FriendsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- The pair lock -------------------------------------------------------------------

    async def lock_pair(self, a: uuid.UUID, b: uuid.UUID) -> None:
        """Serialises every change between two students until the transaction ends.

        Two students asking each other at the same instant would otherwise both see "no
        request yet" and both insert; with the lock the second sees the first's request and
        accepts it. The unique indexes stay as the last line of defence.
        """
        low, high = sorted((a, b))
        key = func.hashtextextended(literal(f"friends:{low}:{high}"), 0)
        await self.session.execute(select(func.pg_advisory_xact_lock(key)))

    async def pair_state(self, viewer_id: uuid.UUID, other_id: uuid.UUID) -> PairState:
        """Block, friendship and pending request between two students, in one statement."""
        low, high = pair(FriendRequest.from_user_id, FriendRequest.to_user_id)
        want_low, want_high = sorted((viewer_id, other_id))
        pending = (
            select(FriendRequest.id)
            .where(
                FriendRequest.status == FriendRequestStatus.PENDING,
                low == want_low,
                high == want_high,
            )
            .scalar_subquery()
        )
        row = (
            await self.session.execute(
                select(
                    blocked_either_way(viewer_id, other_id).label("blocked"),
                    are_friends(literal(viewer_id), literal(other_id)).label("friends"),
                    pending.label("pending_id"),
                )
            )
        ).one()
        request = await self.session.get(FriendRequest, row.pending_id) if row.pending_id else None
        return PairState(blocked=row.blocked, friends=row.friends, pending=request)

    # --- Requests ------------------------------------------------------------------------

    async def add_request(self, from_user_id: uuid.UUID, to_user_id: uuid.UUID) -> FriendRequest:
        request = FriendRequest(id=uuid.uuid4(), from_user_id=from_user_id, to_user_id=to_user_id)
        self.session.add(request)
        await self.session.flush()
        await self.session.refresh(request, ["created_at", "status"])
        return request

    async def get_request(self, request_id: uuid.UUID) -> FriendRequest | None:
        return await self.session.get(FriendRequest, request_id)

    async def refresh_locked(self, request: FriendRequest) -> None:
        """Re-reads the request under a row lock (its pair already locked)."""
        await self.session.refresh(request, with_for_update=True)

    async def close_pending_between(
        self, a: uuid.UUID, b: uuid.UUID, status: FriendRequestStatus, now: datetime
    ) -> None:
        low, high = pair(FriendRequest.from_user_id, FriendRequest.to_user_id)
        want_low, want_high = sorted((a, b))
        await self.session.execute(
            update(FriendRequest)
            .where(
                FriendRequest.status == FriendRequestStatus.PENDING,
                low == want_low,
                high == want_high,
            )
            .values(status=status, responded_at=now)
            .execution_options(synchronize_session="fetch")
        )

    async def request_rows(
        self,
        viewer_id: uuid.UUID,
        *,
        direction: str,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[FriendRequestRow]:
        """Pending requests to (``incoming``) or from (``outgoing``) the viewer, newest
        first, each with both students as the viewer sees them, in one statement."""
        mine = FriendRequest.to_user_id if direction == "incoming" else FriendRequest.from_user_id
        conditions: list[ColumnElement[bool]] = [
            mine == viewer_id,
            FriendRequest.status == FriendRequestStatus.PENDING,
        ]
        if after is not None:
            conditions.append(
                tuple_(FriendRequest.created_at, FriendRequest.id)
                < tuple_(literal(after[0]), literal(after[1]))
            )
        page = (
            select(FriendRequest.id)
            .where(*conditions)
            .order_by(FriendRequest.created_at.desc(), FriendRequest.id.desc())
            .limit(limit)
            .subquery("page")
        )
        return await self._request_rows(viewer_id, page)

    async def request_row(self, viewer_id: uuid.UUID, request_id: uuid.UUID) -> FriendRequestRow:
        page = select(FriendRequest.id).where(FriendRequest.id == request_id).subquery("page")
        (row,) = await self._request_rows(viewer_id, page)
        return row

    async def _request_rows(self, viewer_id: uuid.UUID, page: Any) -> list[FriendRequestRow]:
        sender, recipient = aliased(User, name="sender"), aliased(User, name="recipient")
        viewer_friends = friends_of(viewer_id)
        statement = (
            select(
                FriendRequest,
                sender,
                friendship_status(viewer_id, sender.id).label("sender_status"),
                mutual_friend_count(viewer_friends, sender.id).label("sender_mutual"),
                recipient,
                friendship_status(viewer_id, recipient.id).label("recipient_status"),
                mutual_friend_count(viewer_friends, recipient.id).label("recipient_mutual"),
            )
            .join(page, page.c.id == FriendRequest.id)
            .join(sender, sender.id == FriendRequest.from_user_id)
            .join(recipient, recipient.id == FriendRequest.to_user_id)
            .options(joinedload(sender.university), joinedload(recipient.university))
            .order_by(FriendRequest.created_at.desc(), FriendRequest.id.desc())
        )
        rows = (await self.session.execute(statement)).all()
        return [
            FriendRequestRow(
                request=row[0],
                from_user=RelatedUser(row[1], row.sender_status, row.sender_mutual),
                to_user=RelatedUser(row[4], row.recipient_status, row.recipient_mutual),
            )
            for row in rows
        ]

    # --- Friendships ---------------------------------------------------------------------

    async def add_friendship(self, a: uuid.UUID, b: uuid.UUID) -> None:
        low, high = sorted((a, b))
        await self.session.execute(
            insert(Friendship).values(user_a_id=low, user_b_id=high).on_conflict_do_nothing()
        )

    async def remove_friendship(self, a: uuid.UUID, b: uuid.UUID) -> bool:
        low, high = sorted((a, b))
        result = await self.session.execute(
            delete(Friendship)
            .where(Friendship.user_a_id == low, Friendship.user_b_id == high)
            .returning(Friendship.user_a_id)
        )
        return result.first() is not None

    async def friends(
        self,
        viewer_id: uuid.UUID,
        *,
        name: str | None,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[tuple[RelatedUser, tuple[Any, ...]]]:
        """The viewer's friends, alphabetical; with ``name``, nearest spelling first."""
        mine = friend_ids(viewer_id).subquery("mine")
        sort: list[ColumnElement[Any]] = [User.name_key.expression, User.id.expression]
        conditions: list[ColumnElement[bool]] = []
        if name is not None:
            typed = fold(name)
            conditions.append(close_to(typed, User.name_key))
            sort.insert(0, word_distance(typed, User.name_key))
        if after is not None:
            conditions.append(tuple_(*sort) > tuple_(*(literal(value) for value in after)))
        labels = [f"sort_{index}" for index in range(len(sort))]
        page = (
            select(User.id, *(key.label(label) for key, label in zip(sort, labels, strict=True)))
            .join(mine, mine.c.friend_id == User.id)
            .where(*conditions)
            .order_by(*sort)
            .limit(limit)
            .subquery("page")
        )
        keys = [page.c[label] for label in labels]
        statement = related_users(viewer_id, page, *keys).add_columns(*keys)
        rows = (await self.session.execute(statement)).all()
        width = len(labels)
        return [
            (RelatedUser(row[0], row.friendship_status, row.mutual_friends), tuple(row[-width:]))
            for row in rows
        ]

    # --- Blocks --------------------------------------------------------------------------

    async def add_block(self, blocker_id: uuid.UUID, blocked_id: uuid.UUID) -> bool:
        """True if the block is new."""
        result = await self.session.execute(
            insert(Block)
            .values(blocker_id=blocker_id, blocked_id=blocked_id)
            .on_conflict_do_nothing()
            .returning(Block.blocker_id)
        )
        return result.first() is not None

    async def remove_block(self, blocker_id: uuid.UUID, blocked_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(Block).where(Block.blocker_id == blocker_id, Block.blocked_id == blocked_id)
        )

    async def blocks(
        self, viewer_id: uuid.UUID, *, after: tuple[Any, ...] | None, limit: int
    ) -> list[BlockRow]:
        """Students the viewer blocked, most recent first."""
        conditions: list[ColumnElement[bool]] = [Block.blocker_id == viewer_id]
        if after is not None:
            conditions.append(
                tuple_(Block.created_at, Block.blocked_id)
                < tuple_(literal(after[0]), literal(after[1]))
            )
        page = (
            select(Block.blocked_id.label("id"), Block.created_at)
            .where(*conditions)
            .order_by(Block.created_at.desc(), Block.blocked_id.desc())
            .limit(limit)
            .subquery("page")
        )
        statement = related_users(
            viewer_id, page, page.c.created_at.desc(), page.c.id.desc()
        ).add_columns(page.c.created_at)
        rows = (await self.session.execute(statement)).all()
        return [
            BlockRow(RelatedUser(row[0], row.friendship_status, row.mutual_friends), row.created_at)
            for row in rows
        ]

    async def block_row(self, viewer_id: uuid.UUID, blocked_id: uuid.UUID) -> BlockRow:
        page = (
            select(Block.blocked_id.label("id"), Block.created_at)
            .where(Block.blocker_id == viewer_id, Block.blocked_id == blocked_id)
            .subquery("page")
        )
        statement = related_users(viewer_id, page).add_columns(page.c.created_at)
        row = (await self.session.execute(statement)).one()
        return BlockRow(
            RelatedUser(row[0], row.friendship_status, row.mutual_friends), row.created_at
        )
