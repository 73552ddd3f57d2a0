"""Flask's JSON, except that a body nested too deeply to parse is bad JSON (a ValueError, so
the endpoint answers 400) rather than a RecursionError (a 500). Within the body limit a
client can nest thousands of levels, which Python's parser gives up on."""

from __future__ import annotations

from typing import Any

from flask.json.provider import DefaultJSONProvider


class RequestJSON(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("The JSON is nested too deeply.") from None
