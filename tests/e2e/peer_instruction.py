"""Peer instruction in the end-to-end suites: the console opening a quiz's second vote, and the
second vote's results the console must show for the votes the phones sent."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from tests.e2e.clients import Listener


def open_second_vote(console: Listener, phones: Sequence[Listener]) -> None:
    """Refused while the first vote is open; once it is closed, opened, and every phone is on
    the second vote."""
    refused = console.call("vote_again")
    assert refused["ok"] is False
    assert refused["error"]["code"] == "still_open", refused
    assert console.call("close")["ok"]
    ack = console.call("vote_again")
    assert ack["ok"], ack
    for phone in phones:
        phone.wait_for(lambda p, seq=ack["seq"]: p.seq >= seq and p.snapshot["round"] == 2)


def second_vote_results(
    options: Sequence[str], right: str, first: Mapping[Any, str], second: Mapping[Any, str]
) -> dict[str, Any]:
    """A one-answer quiz's second vote, as the console's `second_vote` gives it (without
    `withheld`), from who voted what each time: counted over the second vote, and how many
    moved to the right answer among the people who voted both times."""
    counts = Counter(second.values())
    both = [person for person in second if person in first]
    return {
        "total": len(second),
        "counts": {option: counts[option] for option in options},
        "correct_count": counts[right],
        "both": len(both),
        "moved_to_correct": sum(1 for p in both if first[p] != right and second[p] == right),
    }
