"""The instance: a session as a planner writes it (``fileformat``), read and resolved into
plain, immutable data (``types``) that the model and the checker share."""

from solver.instance.build import build_instance, load_instance, read_instance_document
from solver.instance.types import MEETINGS_ITEM, AnnexOptions, Body, Discussion, Instance, Item, Period, Session, Track

__all__ = [
    "MEETINGS_ITEM",
    "AnnexOptions",
    "Body",
    "Discussion",
    "Instance",
    "Item",
    "Period",
    "Session",
    "Track",
    "build_instance",
    "load_instance",
    "read_instance_document",
]
