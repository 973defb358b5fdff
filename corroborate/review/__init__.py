"""The Textual review app: ``make_app`` is shared by the CLI and the tests."""
