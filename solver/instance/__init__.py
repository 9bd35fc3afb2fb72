"""The instance: a session as a planner writes it (``fileformat``), read and resolved into
plain, immutable data (``types``) that the model and the checker share."""

from solver.instance.build import Body, Discussion, Instance, Item, Period, Track, build_instance, load_instance

__all__ = ["Body", "Discussion", "Instance", "Item", "Period", "Track", "build_instance", "load_instance"]
