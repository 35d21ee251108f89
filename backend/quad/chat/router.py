"""`/api/v1/conversations` and `/api/v1/messages`."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from quad.chat import errors as chat_errors
from quad.chat.dependencies import ChatServiceDep
from quad.chat.schemas import (
    HISTORY_DEFAULT_LIMIT,
    HISTORY_MAX_LIMIT,
    ConversationOut,
    DirectChatIn,
    GroupCreate,
    GroupUpdate,
    MembersAdd,
    MessageCreate,
    MessageOut,
    MessagePage,
    MessageUpdate,
    ReadPosition,
    present_conversation,
)
from quad.core.openapi import API_PREFIX, AUTH_ERRORS, errors
from quad.core.pagination import Page, PageParamsDep
from quad.dependencies import CurrentUser, PresenterDep

router = APIRouter(prefix=API_PREFIX, tags=["Chat"], responses=AUTH_ERRORS)

_NOT_FOUND = errors(404, 422, e404=chat_errors.ConversationNotFound.example())
# Settings of a group: admins only, groups only.
_GROUP_ADMIN_ERRORS = errors(
    403,
    404,
    409,
    422,
    e403=chat_errors.NotGroupAdmin.example(),
    e404=chat_errors.ConversationNotFound.example(),
    e409=chat_errors.NotAGroup.example(),
)
_OWN_MESSAGE_ERRORS = {
    403: chat_errors.NotMessageSender.example(),
    404: chat_errors.MessageNotFound.example(),
}
Seq = Annotated[int | None, Query(ge=0, le=2**53)]


# --- Conversations ---------------------------------------------------------------------------


@router.post(
    "/conversations/direct",
    status_code=status.HTTP_201_CREATED,
    summary="Open the direct chat with a friend",
    description="Gets or creates the one direct conversation between you and a friend: 201 "
    "when it is new, 200 when it existed (also if you are no longer friends: its history "
    "stays yours). 403 `not_friends` to start one with someone who is not your friend.",
    responses={
        200: {"model": ConversationOut, "description": "The chat existed already"},
        **errors(403, 422, e403=chat_errors.NotFriends.example()),
    },
)
async def open_direct_chat(
    body: DirectChatIn,
    response: Response,
    user: CurrentUser,
    chats: ChatServiceDep,
    presenter: PresenterDep,
) -> ConversationOut:
    view, created = await chats.open_direct(user.id, body.user_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return present_conversation(presenter, view)


@router.post(
    "/conversations/groups",
    status_code=status.HTTP_201_CREATED,
    summary="Create a group chat",
    description="You are its admin; every member must be your friend (403 `not_friends`, "
    "naming the others in `details`). Members are told with `conversation.updated`.",
    responses=errors(403, 422, e403=chat_errors.NotFriends.example()),
)
async def create_group(
    body: GroupCreate, user: CurrentUser, chats: ChatServiceDep, presenter: PresenterDep
) -> ConversationOut:
    view = await chats.create_group(user.id, body.name, body.member_ids)
    return present_conversation(presenter, view)


@router.get(
    "/conversations",
    summary="Your conversations",
    description="Most recent activity first, each with its members, last message and your "
    "unread count.",
    responses=errors(400, 422),
)
async def list_conversations(
    user: CurrentUser, chats: ChatServiceDep, presenter: PresenterDep, page: PageParamsDep
) -> Page[ConversationOut]:
    views = await chats.conversations(user.id, page)
    return Page(
        items=[present_conversation(presenter, view) for view in views.items],
        next_cursor=views.next_cursor,
    )


@router.get(
    "/conversations/{conversation_id}",
    summary="One of your conversations",
    responses=_NOT_FOUND,
)
async def get_conversation(
    conversation_id: uuid.UUID, user: CurrentUser, chats: ChatServiceDep, presenter: PresenterDep
) -> ConversationOut:
    return present_conversation(presenter, await chats.conversation(user.id, conversation_id))


@router.patch(
    "/conversations/{conversation_id}",
    summary="Rename a group",
    description="Group admins only. Every member sees it at once (`conversation.updated`).",
    responses=_GROUP_ADMIN_ERRORS,
)
async def rename_group(
    conversation_id: uuid.UUID,
    body: GroupUpdate,
    user: CurrentUser,
    chats: ChatServiceDep,
    presenter: PresenterDep,
) -> ConversationOut:
    view = await chats.rename(user.id, conversation_id, body.name)
    return present_conversation(presenter, view)


@router.post(
    "/conversations/{conversation_id}/members",
    summary="Add friends to a group",
    description="Group admins only; each must be the admin's friend (403 `not_friends`). "
    "Students already in the group are skipped. At most 256 members (409 `group_full`).",
    responses=_GROUP_ADMIN_ERRORS,
)
async def add_members(
    conversation_id: uuid.UUID,
    body: MembersAdd,
    user: CurrentUser,
    chats: ChatServiceDep,
    presenter: PresenterDep,
) -> ConversationOut:
    view = await chats.add_members(user.id, conversation_id, body.user_ids)
    return present_conversation(presenter, view)


@router.delete(
    "/conversations/{conversation_id}/members/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a member, or leave a group",
    description="An admin removes anyone; anyone removes themself (leaves). When the last "
    "admin leaves, the longest-standing member becomes admin; when the last member leaves, "
    "the group is deleted. The removed student gets `conversation.removed` and loses access.",
    responses={
        **_GROUP_ADMIN_ERRORS,
        404: {
            **_GROUP_ADMIN_ERRORS[404],
            "description": "Not your conversation (`conversation_not_found`), or that student "
            "is not in it (`member_not_found`)",
        },
    },
)
async def remove_member(
    conversation_id: uuid.UUID, user_id: uuid.UUID, user: CurrentUser, chats: ChatServiceDep
) -> None:
    await chats.remove_member(user.id, conversation_id, user_id)


# --- Messages --------------------------------------------------------------------------------


@router.get(
    "/conversations/{conversation_id}/messages",
    summary="A page of a conversation's history",
    description="Messages ascending by `seq`. Without `before_seq` or `after_seq`: the latest "
    "page. `before_seq`: the page just before that seq (scrolling up). `after_seq`: the page "
    "just after it (catching up after a reconnect). Both: the first page between them. "
    "`has_more` says whether more lie beyond the page in that direction.",
    responses=_NOT_FOUND,
)
async def list_messages(
    conversation_id: uuid.UUID,
    user: CurrentUser,
    chats: ChatServiceDep,
    before_seq: Seq = None,
    after_seq: Seq = None,
    limit: Annotated[
        int, Query(ge=1, le=HISTORY_MAX_LIMIT, description="Messages per page (1–100).")
    ] = HISTORY_DEFAULT_LIMIT,
) -> MessagePage:
    items, has_more = await chats.history(
        user.id, conversation_id, before_seq=before_seq, after_seq=after_seq, limit=limit
    )
    return MessagePage(items=items, has_more=has_more)


@router.post(
    "/conversations/{conversation_id}/messages",
    status_code=status.HTTP_201_CREATED,
    summary="Send a message",
    description="201 with the new message, committed before it is answered and then sent to "
    "every member (`message.new`). The same `client_id` again from you gives 200 with the "
    "original: retry freely, it is sent exactly once. 403 `messaging_blocked` in a direct "
    "chat where either of you blocked the other.",
    responses={
        200: {"model": MessageOut, "description": "Sent before with this `client_id`"},
        **errors(
            403,
            404,
            422,
            e403=chat_errors.MessagingBlocked.example(),
            e404=chat_errors.ConversationNotFound.example(),
        ),
    },
)
async def send_message(
    conversation_id: uuid.UUID,
    body: MessageCreate,
    response: Response,
    user: CurrentUser,
    chats: ChatServiceDep,
) -> MessageOut:
    message, created = await chats.send(user.id, conversation_id, body.body, body.client_id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return message


@router.patch(
    "/messages/{message_id}",
    summary="Edit your message",
    description="The sender only; members see `message.updated`. 409 `message_deleted`.",
    responses=errors(
        403,
        404,
        409,
        422,
        e409=chat_errors.MessageDeleted.example(),
        **{f"e{code}": example for code, example in _OWN_MESSAGE_ERRORS.items()},
    ),
)
async def edit_message(
    message_id: uuid.UUID, body: MessageUpdate, user: CurrentUser, chats: ChatServiceDep
) -> MessageOut:
    return await chats.edit(user.id, message_id, body.body)


@router.delete(
    "/messages/{message_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete your message",
    description="The sender only. The message keeps its seq with an empty body and "
    "`deleted: true`; members see `message.deleted`. Deleting again is no error.",
    responses=errors(
        403, 404, 422, **{f"e{code}": example for code, example in _OWN_MESSAGE_ERRORS.items()}
    ),
)
async def delete_message(message_id: uuid.UUID, user: CurrentUser, chats: ChatServiceDep) -> None:
    await chats.delete(user.id, message_id)


@router.post(
    "/conversations/{conversation_id}/read",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mark messages read",
    description="You have read every message up to `seq`. The position only moves forward "
    "(an older seq changes nothing) and stops at the newest message; members see `read` "
    "(read receipts).",
    responses=_NOT_FOUND,
)
async def mark_read(
    conversation_id: uuid.UUID, body: ReadPosition, user: CurrentUser, chats: ChatServiceDep
) -> None:
    await chats.mark_read(user.id, conversation_id, body.seq)


@router.post(
    "/conversations/{conversation_id}/mute",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mute a conversation",
    description="Its messages still arrive and count as unread (`unread_count`), but make "
    "no `new_message` notifications for you; `muted` is true in your view of it, and your "
    "other open apps see `conversation.updated`. Muting again is no error.",
    responses=_NOT_FOUND,
)
async def mute(conversation_id: uuid.UUID, user: CurrentUser, chats: ChatServiceDep) -> None:
    await chats.mute(user.id, conversation_id, muted=True)


@router.delete(
    "/conversations/{conversation_id}/mute",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Unmute a conversation",
    description="New messages make `new_message` notifications for you again. Unmuting a "
    "conversation that is not muted is no error.",
    responses=_NOT_FOUND,
)
async def unmute(conversation_id: uuid.UUID, user: CurrentUser, chats: ChatServiceDep) -> None:
    await chats.mute(user.id, conversation_id, muted=False)
