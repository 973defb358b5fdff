"""Widgets of the review app: the lazy cluster list and the cluster detail."""
