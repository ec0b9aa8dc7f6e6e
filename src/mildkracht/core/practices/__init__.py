"""Practice as data: the exercise library, the 8-week program, the needs flow, and their
schedule and progress."""
