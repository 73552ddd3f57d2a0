"""One class per step kind: its deck fields, what a valid response is, how responses add up,
and what each audience (facilitator, screen, participant) may see of it.

A new kind is one more Activity subclass, registered in KINDS the way the built-in ones are.
"""

from sessions.activities.base import (
    AUDIENCES,
    FACILITATOR,
    NO_MODERATION,
    PARTICIPANT,
    SCREEN,
    Activity,
    InvalidResponse,
    Moderation,
    Response,
)
from sessions.activities.choice import (
    MAX_EXPLANATION,
    MAX_OPTIONS,
    OPTION_ID,
    Poll,
    Quiz,
    Scale,
    Slide,
)
from sessions.activities.discussion import Discussion
from sessions.activities.feedback import Feedback
from sessions.activities.plan import ActionPlan
from sessions.activities.text import OpenQuestion, Reflection, WordCloud

KINDS: dict[str, Activity] = {}


def register(activity: Activity) -> None:
    KINDS[activity.kind] = activity


for _activity in (
    Slide(),
    Poll(),
    Quiz(),
    Scale(),
    WordCloud(),
    OpenQuestion(),
    Reflection(),
    Discussion(),
    ActionPlan(),
    Feedback(),
):
    register(_activity)

__all__ = [
    "AUDIENCES",
    "FACILITATOR",
    "KINDS",
    "MAX_EXPLANATION",
    "MAX_OPTIONS",
    "NO_MODERATION",
    "OPTION_ID",
    "PARTICIPANT",
    "SCREEN",
    "Activity",
    "InvalidResponse",
    "Moderation",
    "Response",
    "register",
]
