"""A pushed notification's JSON, written by orjson, is the text its Pydantic view writes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from quad.notifications.models import NotificationType
from quad.notifications.repository import NotificationRow, NotificationView
from quad.notifications.schemas import notification_json, present_notification
from quad.users.schemas import UserPresenter
from quad.users.viewing import ProfileRow, Related, UniversityRow

presenter = UserPresenter(lambda key: f"https://cdn.example.edu/{key}")
oxford = UniversityRow(uuid.uuid4(), "University of Oxford", "United Kingdom", ["ox.ac.uk"])
noah = ProfileRow(
    id=uuid.uuid4(),
    first_name="Noah",
    last_name="Okafor",
    university=oxford,
    course="Physics",
    bio='Telescopes, "quotes" and émigrés',
    interests=["astronomy", "jazz"],
    avatar_key="avatars/noah.webp",
    email="noah@ox.ac.uk",
    email_verified_at=datetime(2026, 11, 1, tzinfo=UTC),
)
grace = ProfileRow(
    id=uuid.uuid4(),
    first_name="Grace",
    last_name="Hopper",
    university=oxford,
    course="Computer Science",
    bio="",
    interests=[],
    avatar_key=None,
    email="grace@example.com",
    email_verified_at=None,
)


def _view(kind: NotificationType, actor: Related[ProfileRow], *, read: bool) -> NotificationView:
    created = datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    is_message = kind is NotificationType.NEW_MESSAGE
    return NotificationView(
        NotificationRow(
            id=uuid.uuid4(),
            user_id=uuid.uuid4(),
            type=kind,
            actor_id=actor.user.id,
            request_id=None if is_message else uuid.uuid4(),
            conversation_id=uuid.uuid4() if is_message else None,
            message_id=uuid.uuid4() if is_message else None,
            count=3 if is_message else 1,
            read_at=created + timedelta(minutes=1) if read else None,
            created_at=created,
            updated_at=created + timedelta(seconds=12, microseconds=345),
        ),
        actor,
    )


@pytest.mark.parametrize("kind", list(NotificationType))
@pytest.mark.parametrize(
    "actor",
    [
        Related(noah, "friends", 4, None),
        Related(grace, "request_received", 0, uuid.uuid4()),
    ],
)
@pytest.mark.parametrize("read", [False, True])
def test_the_fast_json_of_a_notification_is_its_views(
    kind: NotificationType, actor: Related[ProfileRow], read: bool
) -> None:
    view = _view(kind, actor, read=read)

    written = orjson.dumps(notification_json(presenter, view, {}))

    assert written == present_notification(presenter, view).model_dump_json().encode()


def test_an_actor_seen_by_many_is_written_once_and_each_sees_their_own_relation() -> None:
    actors: dict[uuid.UUID, dict[str, object]] = {}
    as_friend = _view(NotificationType.NEW_MESSAGE, Related(noah, "friends", 4, None), read=False)
    as_stranger = _view(NotificationType.NEW_MESSAGE, Related(noah, "none", 1, None), read=False)

    first = orjson.loads(orjson.dumps(notification_json(presenter, as_friend, actors)))
    second = orjson.loads(orjson.dumps(notification_json(presenter, as_stranger, actors)))

    assert list(actors) == [noah.id]
    assert (first["actor"]["friendship_status"], second["actor"]["friendship_status"]) == (
        "friends",
        "none",
    )
    assert (first["actor"]["mutual_friends"], second["actor"]["mutual_friends"]) == (4, 1)
