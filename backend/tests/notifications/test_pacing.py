"""A chat's notification that keeps counting up is pushed as it starts, then at most once
per interval, as it stands at the interval's end (quad.notifications.pacing)."""

from __future__ import annotations

import uuid

from quad.notifications.pacing import PushPacer

chat, other_chat = uuid.uuid4(), uuid.uuid4()


def test_a_new_notification_is_pushed_at_once() -> None:
    pacer = PushPacer(interval=1.0)

    assert pacer.admit([chat, other_chat], now=10.0) == [chat, other_chat]
    assert pacer.next_due() is None


def test_counting_up_within_the_interval_waits_for_its_end_and_goes_once() -> None:
    pacer = PushPacer(interval=1.0)
    pacer.admit([chat], now=10.0)

    assert pacer.admit([chat], now=10.2) == []
    assert pacer.admit([chat], now=10.7) == []  # still one push owed, not two
    assert pacer.next_due() == 11.0
    assert pacer.due(now=10.99) == []
    assert pacer.due(now=11.0) == [chat]
    assert pacer.next_due() is None


def test_the_push_at_the_interval_end_starts_the_next_interval() -> None:
    pacer = PushPacer(interval=1.0)
    pacer.admit([chat], now=10.0)
    pacer.admit([chat], now=10.5)
    pacer.due(now=11.0)

    assert pacer.admit([chat], now=11.5) == []
    assert pacer.next_due() == 12.0


def test_after_a_quiet_interval_it_is_pushed_at_once_again() -> None:
    pacer = PushPacer(interval=1.0)
    pacer.admit([chat], now=10.0)

    assert pacer.admit([chat], now=11.0) == [chat]
    assert pacer.admit([chat], now=13.0) == [chat]


def test_whatever_fell_due_goes_out_with_the_next_round() -> None:
    pacer = PushPacer(interval=1.0)
    pacer.admit([chat, other_chat], now=10.0)
    pacer.admit([chat], now=10.5)

    assert pacer.admit([other_chat], now=11.2) == [chat, other_chat]


def test_the_earliest_due_comes_first_whatever_the_order_it_waited_in() -> None:
    pacer = PushPacer(interval=1.0)
    pacer.admit([chat], now=10.0)
    pacer.admit([other_chat], now=10.5)

    pacer.admit([other_chat], now=10.6)
    pacer.admit([chat], now=10.7)

    assert pacer.next_due() == 11.0
    assert pacer.due(now=11.0) == [chat]
    assert pacer.due(now=11.5) == [other_chat]


def test_an_interval_of_zero_pushes_every_time() -> None:
    pacer = PushPacer(interval=0.0)

    assert [pacer.admit([chat], now=10.0), pacer.admit([chat], now=10.0)] == [[chat], [chat]]


def test_it_remembers_one_interval_only() -> None:
    pacer = PushPacer(interval=1.0)
    for second in range(1_000):
        pacer.admit([uuid.uuid4()], now=float(second))

    assert len(pacer._pushed_at) == 1
