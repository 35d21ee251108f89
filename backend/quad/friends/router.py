"""`/api/v1/friend-requests`, `/api/v1/friends` and `/api/v1/blocks`."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status

from quad.core.openapi import API_PREFIX, AUTH_ERRORS, errors
from quad.core.pagination import Page, PageParamsDep
from quad.core.text import SearchText
from quad.dependencies import CurrentUser, PresenterDep
from quad.friends.dependencies import FriendServiceDep
from quad.friends.errors import (
    AlreadyFriends,
    FriendRequestNotFound,
    NotRequestRecipient,
    NotRequestSender,
    RequestNotPending,
)
from quad.friends.schemas import (
    BlockOut,
    FriendRequestCounts,
    FriendRequestOut,
    UserRef,
    present_block,
    present_request,
)
from quad.users.errors import UserNotFound
from quad.users.schemas import NAME_QUERY_MAX_CHARS, UserPublic

router = APIRouter(prefix=API_PREFIX, tags=["Friends"], responses=AUTH_ERRORS)

# Accepting and declining: only the recipient, only while pending.
_ANSWER_ERRORS = errors(
    403,
    404,
    409,
    422,
    e403=NotRequestRecipient.example(),
    e404=FriendRequestNotFound.example(),
    e409=RequestNotPending.example(),
)

NameFilter = Annotated[
    Annotated[str, SearchText(max_length=NAME_QUERY_MAX_CHARS)] | None,
    Query(
        description="Only friends with these words in their name, or, when none has them, "
        "names within a typo or two.",
        examples=["ada"],
    ),
]


# --- Friend requests ------------------------------------------------------------------------


@router.post(
    "/friend-requests",
    status_code=status.HTTP_201_CREATED,
    summary="Ask a student to be friends",
    description="201 with the new pending request. If that student already asked you, "
    "their request is accepted instead: 200 with status `accepted`, and you are friends. "
    "409 `already_friends` or `request_pending` (you asked already); 404 `user_not_found` "
    "for a student who does not exist or is blocked either way; 422 for yourself.",
    responses={
        200: {"model": FriendRequestOut, "description": "Their request to you, now accepted"},
        **errors(
            404,
            409,
            422,
            e404=UserNotFound.example(),
            e409=AlreadyFriends.example(),
        ),
    },
)
async def send_friend_request(
    body: UserRef,
    response: Response,
    user: CurrentUser,
    friends: FriendServiceDep,
    presenter: PresenterDep,
) -> FriendRequestOut:
    sent = await friends.send_request(user, body.user_id)
    if not sent.created:
        response.status_code = status.HTTP_200_OK
    return present_request(presenter, sent.row)


@router.get(
    "/friend-requests",
    summary="Your pending friend requests",
    description="`incoming`: students asking you; `outgoing`: students you asked. Newest first.",
    responses=errors(400, 422),
)
async def list_friend_requests(
    user: CurrentUser,
    friends: FriendServiceDep,
    presenter: PresenterDep,
    page: PageParamsDep,
    direction: Annotated[
        Literal["incoming", "outgoing"], Query(description="Which side of the requests.")
    ] = "incoming",
) -> Page[FriendRequestOut]:
    rows = await friends.requests(user, direction, page)
    return Page(
        items=[present_request(presenter, row) for row in rows.items],
        next_cursor=rows.next_cursor,
    )


@router.get(
    "/friend-requests/count",
    summary="How many friend requests are pending",
    description="For a badge: pending requests to you (`incoming`) and from you (`outgoing`).",
)
async def count_friend_requests(
    user: CurrentUser, friends: FriendServiceDep
) -> FriendRequestCounts:
    incoming, outgoing = await friends.pending_counts(user)
    return FriendRequestCounts(incoming=incoming, outgoing=outgoing)


@router.post(
    "/friend-requests/{request_id}/accept",
    summary="Accept a friend request sent to you",
    responses=_ANSWER_ERRORS,
)
async def accept_friend_request(
    request_id: uuid.UUID, user: CurrentUser, friends: FriendServiceDep, presenter: PresenterDep
) -> FriendRequestOut:
    return present_request(presenter, await friends.accept(user, request_id))


@router.post(
    "/friend-requests/{request_id}/decline",
    summary="Decline a friend request sent to you",
    description="The sender is not told; they see the request no longer pending.",
    responses=_ANSWER_ERRORS,
)
async def decline_friend_request(
    request_id: uuid.UUID, user: CurrentUser, friends: FriendServiceDep, presenter: PresenterDep
) -> FriendRequestOut:
    return present_request(presenter, await friends.decline(user, request_id))


@router.delete(
    "/friend-requests/{request_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw a friend request you sent",
    responses=errors(
        403,
        404,
        409,
        422,
        e403=NotRequestSender.example(),
        e404=FriendRequestNotFound.example(),
        e409=RequestNotPending.example(),
    ),
)
async def cancel_friend_request(
    request_id: uuid.UUID, user: CurrentUser, friends: FriendServiceDep
) -> None:
    await friends.cancel(user, request_id)


# --- Friends ------------------------------------------------------------------------------


@router.get(
    "/friends",
    summary="Your friends",
    description="Alphabetical by name; typo matches of `q` closest first.",
    responses=errors(400, 422),
)
async def list_friends(
    user: CurrentUser,
    friends: FriendServiceDep,
    presenter: PresenterDep,
    page: PageParamsDep,
    q: NameFilter = None,
) -> Page[UserPublic]:
    rows = await friends.list_friends(user, name=q or None, page=page)
    return Page(items=[presenter.related(row) for row in rows.items], next_cursor=rows.next_cursor)


@router.delete(
    "/friends/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unfriend a student",
    description="Idempotent: 204 whether or not you were friends.",
    responses=errors(422),
)
async def unfriend(user_id: uuid.UUID, user: CurrentUser, friends: FriendServiceDep) -> None:
    await friends.unfriend(user, user_id)


# --- Blocks -------------------------------------------------------------------------------


@router.post(
    "/blocks",
    status_code=status.HTTP_201_CREATED,
    summary="Block a student",
    description="Ends any friendship, cancels pending requests either way, hides each of "
    "you from the other (search, suggestions, profiles) and stops direct messages both "
    "ways. 201 when new; 200 with the existing block if you had blocked them already.",
    responses={
        200: {"model": BlockOut, "description": "You had blocked them already"},
        **errors(404, 422, e404=UserNotFound.example()),
    },
)
async def block(
    body: UserRef,
    response: Response,
    user: CurrentUser,
    friends: FriendServiceDep,
    presenter: PresenterDep,
) -> BlockOut:
    row, created = await friends.block(user, body.user_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return present_block(presenter, row)


@router.get(
    "/blocks",
    summary="Students you blocked",
    description="Most recent first.",
    responses=errors(400, 422),
)
async def list_blocks(
    user: CurrentUser, friends: FriendServiceDep, presenter: PresenterDep, page: PageParamsDep
) -> Page[BlockOut]:
    rows = await friends.blocks(user, page)
    return Page(
        items=[present_block(presenter, row) for row in rows.items],
        next_cursor=rows.next_cursor,
    )


@router.delete(
    "/blocks/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unblock a student",
    description="Idempotent: 204 whether or not you had blocked them. A friendship that "
    "the block ended does not come back.",
    responses=errors(422),
)
async def unblock(user_id: uuid.UUID, user: CurrentUser, friends: FriendServiceDep) -> None:
    await friends.unblock(user, user_id)
