"""Benchmarks of the real server against the bare framework: `python -m bench --help`,
docs/benchmarks.md. Not tests: nothing here runs under pytest."""
