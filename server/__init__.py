"""The serving runtime both sides share (see README.md beside this file)."""
