"""drafter: draft and version a structured set of principles."""

__version__ = "0.1.0"
