"""Screens of the review app: main lists, source view, timeline, modals, help."""
