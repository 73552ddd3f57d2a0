"""One class per step kind: its deck fields, what a valid response is, how responses add up,
and what each audience (facilitator, screen, participant) may see of it.

A new kind is one more Activity subclass, registered in KINDS the way the built-in ones are
(see "Adding a kind" in docs/architecture.md). Code outside this package asks the kind, through
the Activity surface, and never compares kind names.
"""

from sessions.activities.base import (
    AUDIENCES,
    FACILITATOR,
    NO_MODERATION,
    PARTICIPANT,
    SCREEN,
    Activity,
    EarlierAnswer,
    InvalidResponse,
    Moderation,
    Response,
    percent,
)
from sessions.activities.choice import (
    MAX_EXPLANATION,
    MAX_OPTIONS,
    OPTION_ID,
    Poll,
    Quiz,
    Slide,
)
from sessions.activities.discussion import Discussion
from sessions.activities.feedback import Feedback
from sessions.activities.numeric import Numeric
from sessions.activities.plan import ActionPlan
from sessions.activities.plan_review import PlanReview
from sessions.activities.points import Points
from sessions.activities.rank import Rank
from sessions.activities.scale import Scale
from sessions.activities.text import OpenQuestion, Reflection, WordCloud

KINDS: dict[str, Activity] = {}


def register(activity: Activity) -> None:
    """Add a kind. The order kinds register in is the order of their own sections in a
    session's report, notebook and export."""
    if not isinstance(getattr(activity, "kind", None), str) or not activity.kind:
        raise ValueError("an activity needs a kind name")
    if activity.kind in KINDS:
        raise ValueError(f"there is already a kind called {activity.kind}")
    KINDS[activity.kind] = activity


for _activity in (
    Slide(),
    Poll(),
    Quiz(),
    Scale(),
    Rank(),
    Points(),
    Numeric(),
    Feedback(),
    OpenQuestion(),
    Discussion(),
    WordCloud(),
    Reflection(),
    ActionPlan(),
    PlanReview(),
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
    "EarlierAnswer",
    "InvalidResponse",
    "Moderation",
    "Response",
    "Slide",
    "percent",
    "register",
]
