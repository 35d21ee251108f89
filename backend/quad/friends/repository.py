from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Subquery,
    Uuid,
    bindparam,
    case,
    delete,
    func,
    literal,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from quad.friends.models import Block, FriendRequest, FriendRequestStatus, Friendship
from quad.friends.relations import (
    are_friends,
    blocked_either_way,
    friend_ids,
    friends_of,
    friendship_status,
    is_pending,
    mutual_friend_count,
    pair,
    pending_request_id,
)
from quad.users.models import User
from quad.users.viewing import (
    LIMIT,
    VIEWER,
    AnySelect,
    NameMatch,
    Related,
    RelatedUser,
    by_name_page,
    by_name_parameters,
    name_words,
    related,
    related_users,
    sort_key_width,
)


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
        """Block, friendship and pending request between two students, in one statement (and
        one more to load the request, when one is pending)."""
        viewer, other = literal(viewer_id), literal(other_id)
        row = (
            await self.session.execute(
                select(
                    blocked_either_way(viewer, other).label("blocked"),
                    are_friends(viewer, other).label("friends"),
                    pending_request_id(viewer, other).label("pending_id"),
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

    async def cancel_pending_between(self, a: uuid.UUID, b: uuid.UUID, now: datetime) -> None:
        """Withdraws the request pending between two students, whichever way it points."""
        low, high = pair(FriendRequest.from_user_id, FriendRequest.to_user_id)
        want_low, want_high = sorted((a, b))
        await self.session.execute(
            update(FriendRequest)
            .where(
                is_pending(FriendRequest),
                low == want_low,
                high == want_high,
            )
            .values(status=FriendRequestStatus.CANCELLED, responded_at=now)
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
        parameters: dict[str, Any] = {"viewer_id": viewer_id, "limit": limit}
        if after is not None:
            parameters["after_created_at"], parameters["after_id"] = after
        statement = _requests_statement(incoming=direction == "incoming", after=after is not None)
        return await self._request_rows(statement, parameters)

    async def pending_counts(self, viewer_id: uuid.UUID) -> tuple[int, int]:
        """(incoming, outgoing) pending requests, each counted from its partial index."""
        pending = is_pending(FriendRequest)
        incoming = select(func.count()).where(pending, FriendRequest.to_user_id == viewer_id)
        outgoing = select(func.count()).where(pending, FriendRequest.from_user_id == viewer_id)
        row = (
            await self.session.execute(
                select(incoming.scalar_subquery(), outgoing.scalar_subquery())
            )
        ).one()
        return row[0], row[1]

    async def request_row(self, viewer_id: uuid.UUID, request_id: uuid.UUID) -> FriendRequestRow:
        parameters = {"viewer_id": viewer_id, "request_id": request_id}
        (row,) = await self._request_rows(_request_statement(), parameters)
        return row

    async def _request_rows(
        self, statement: AnySelect, parameters: dict[str, Any]
    ) -> list[FriendRequestRow]:
        rows = (await self.session.execute(statement, parameters)).all()
        return [
            FriendRequestRow(
                request=row[0],
                from_user=_side(row[1], row.sender_status, row.sender_mutual, row.pending_id),
                to_user=_side(row[4], row.recipient_status, row.recipient_mutual, row.pending_id),
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

    async def friend_ids_of(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        """Every friend's id (presence goes to friends only)."""
        return list(await self.session.scalars(friend_ids(user_id)))

    async def friends(
        self,
        viewer_id: uuid.UUID,
        *,
        name: str | None,
        match: NameMatch | None,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[tuple[RelatedUser, tuple[Any, ...]]]:
        """The viewer's friends, alphabetical, or matching a typed name as ``match`` says."""
        statement = _friends_statement(match=match, words=name_words(name), after=after is not None)
        parameters = {"viewer_id": viewer_id, "limit": limit, **by_name_parameters(name, after)}
        rows = (await self.session.execute(statement, parameters)).all()
        width = sort_key_width(match)
        return [(related(row), tuple(row[-width:])) for row in rows]

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
        parameters: dict[str, Any] = {"viewer_id": viewer_id, "limit": limit}
        if after is not None:
            parameters["after_created_at"], parameters["after_id"] = after
        rows = await self.session.execute(_blocks_statement(after=after is not None), parameters)
        return [_block_row(row) for row in rows]

    async def block_row(self, viewer_id: uuid.UUID, blocked_id: uuid.UUID) -> BlockRow:
        parameters = {"viewer_id": viewer_id, "blocked_id": blocked_id}
        row = (await self.session.execute(_block_statement(), parameters)).one()
        return _block_row(row)


def _block_row(row: Any) -> BlockRow:
    return BlockRow(related(row), row.created_at)


# --- Statements, built once (see quad.users.repository) ---------------------------------------

_AFTER_CREATED_AT = bindparam("after_created_at", type_=DateTime(timezone=True))
_AFTER_ID = bindparam("after_id", type_=Uuid)


def _side(
    user: User, status: str, mutual_friends: int, pending_id: uuid.UUID | None
) -> RelatedUser:
    """One student of a request as the viewer sees them: the other one carries the pending
    request to answer or withdraw; the viewer, as everywhere, carries none."""
    return Related(user, status, mutual_friends, None if status == "self" else pending_id)


def _with_both_students(page: Subquery) -> AnySelect:
    """The requests ``page`` lists, newest first, with both students as the viewer sees them."""
    sender, recipient = aliased(User, name="sender"), aliased(User, name="recipient")
    viewer_friends = friends_of(VIEWER)
    return (
        select(
            FriendRequest,
            sender,
            friendship_status(VIEWER, sender.id).label("sender_status"),
            mutual_friend_count(viewer_friends, sender.id).label("sender_mutual"),
            recipient,
            friendship_status(VIEWER, recipient.id).label("recipient_status"),
            mutual_friend_count(viewer_friends, recipient.id).label("recipient_mutual"),
            # Still pending, it is the request itself: the one either student may answer.
            case((FriendRequest.status == FriendRequestStatus.PENDING, FriendRequest.id)).label(
                "pending_id"
            ),
        )
        .join(page, page.c.id == FriendRequest.id)
        .join(sender, sender.id == FriendRequest.from_user_id)
        .join(recipient, recipient.id == FriendRequest.to_user_id)
        .options(joinedload(sender.university), joinedload(recipient.university))
        .order_by(FriendRequest.created_at.desc(), FriendRequest.id.desc())
    )


@functools.cache
def _requests_statement(*, incoming: bool, after: bool) -> AnySelect:
    mine = FriendRequest.to_user_id if incoming else FriendRequest.from_user_id
    conditions: list[ColumnElement[bool]] = [
        mine == VIEWER,
        is_pending(FriendRequest),
    ]
    if after:
        newest_first = tuple_(FriendRequest.created_at, FriendRequest.id)
        conditions.append(newest_first < tuple_(_AFTER_CREATED_AT, _AFTER_ID))
    page = (
        select(FriendRequest.id)
        .where(*conditions)
        .order_by(FriendRequest.created_at.desc(), FriendRequest.id.desc())
        .limit(LIMIT)
        .subquery("page")
    )
    return _with_both_students(page)


@functools.cache
def _request_statement() -> AnySelect:
    request_id = bindparam("request_id", type_=Uuid)
    page = select(FriendRequest.id).where(FriendRequest.id == request_id).subquery("page")
    return _with_both_students(page)


@functools.cache
def _blocks_statement(*, after: bool) -> AnySelect:
    conditions: list[ColumnElement[bool]] = [Block.blocker_id == VIEWER]
    if after:
        newest_first = tuple_(Block.created_at, Block.blocked_id)
        conditions.append(newest_first < tuple_(_AFTER_CREATED_AT, _AFTER_ID))
    page = (
        select(Block.blocked_id.label("id"), Block.created_at)
        .where(*conditions)
        .order_by(Block.created_at.desc(), Block.blocked_id.desc())
        .limit(LIMIT)
        .subquery("page")
    )
    order = (page.c.created_at.desc(), page.c.id.desc())
    return related_users(VIEWER, page, *order).add_columns(page.c.created_at)


@functools.cache
def _block_statement() -> AnySelect:
    page = (
        select(Block.blocked_id.label("id"), Block.created_at)
        .where(Block.blocker_id == VIEWER, Block.blocked_id == bindparam("blocked_id", type_=Uuid))
        .subquery("page")
    )
    return related_users(VIEWER, page).add_columns(page.c.created_at)


@functools.cache
def _friends_statement(*, match: NameMatch | None, words: int, after: bool) -> AnySelect:
    mine = friend_ids(VIEWER).subquery("mine")
    ids = select(User.id).join(mine, mine.c.friend_id == User.id)
    page, keys = by_name_page(ids, [], match=match, words=words, after=after)
    return related_users(VIEWER, page, *keys).add_columns(*keys)
