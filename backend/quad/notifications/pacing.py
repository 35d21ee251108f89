"""How often a ``new_message`` notification that keeps counting up is pushed.

A chat's unread ``new_message`` notification counts every message sent to it (one per member
and conversation, ``data.count`` rising). Pushing ``notification.new`` again for every
message of a busy chat tells the recipient what each ``message.new`` has already told them,
once more per message: in a group of 50 that is 49 pushes of a message, each read with its
actor as that recipient sees them, and it was most of what a message cost the server.

So a notification is pushed at once when it starts (and whenever it was last pushed longer
ago than the interval), and while it keeps counting up within the interval it is pushed
once more at the interval's end, as it stands then: the bell never lags the truth by more
than the interval, and a burst of messages costs one push per recipient and interval.
"""

from __future__ import annotations

import heapq
import uuid
from collections import OrderedDict
from collections.abc import Iterable


class PushPacer:
    """Which notifications to push now and which wait (see the module). The caller gives
    the time, so the pacer is plain arithmetic."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        # When each was last pushed, oldest first (a push moves it to the end); entries
        # older than the interval are forgotten, so the map holds one interval's worth.
        self._pushed_at: OrderedDict[uuid.UUID, float] = OrderedDict()
        # Those waiting, each due an interval after its last push.
        self._due_at: dict[uuid.UUID, float] = {}
        self._due: list[tuple[float, uuid.UUID]] = []

    def admit(self, notification_ids: Iterable[uuid.UUID], now: float) -> list[uuid.UUID]:
        """Of these notifications (just written or counted up), those to push now; the
        others wait for ``due``. Waiting ones, too, are pushed when they fall due."""
        self._forget(now)
        push = self.due(now)
        for notification_id in notification_ids:
            if notification_id in self._due_at:
                continue  # waiting already: it goes out as it stands when due
            last = self._pushed_at.get(notification_id)
            if last is None or now - last >= self.interval:
                self._pushed(notification_id, now)
                push.append(notification_id)
            else:
                due_at = last + self.interval
                self._due_at[notification_id] = due_at
                heapq.heappush(self._due, (due_at, notification_id))
        return push

    def due(self, now: float) -> list[uuid.UUID]:
        """The waiting notifications whose time has come (they count as pushed now)."""
        push = []
        while self._due and self._due[0][0] <= now:
            _, notification_id = heapq.heappop(self._due)
            del self._due_at[notification_id]
            self._pushed(notification_id, now)
            push.append(notification_id)
        return push

    def next_due(self) -> float | None:
        """When the next waiting notification falls due; None if none waits."""
        return self._due[0][0] if self._due else None

    def _pushed(self, notification_id: uuid.UUID, now: float) -> None:
        self._pushed_at[notification_id] = now
        self._pushed_at.move_to_end(notification_id)

    def _forget(self, now: float) -> None:
        horizon = now - self.interval
        while self._pushed_at and next(iter(self._pushed_at.values())) <= horizon:
            self._pushed_at.popitem(last=False)
