"""The attendee side: joining by code and following the session on a phone."""
