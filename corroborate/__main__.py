"""``python -m corroborate``: the same command line as ``corroborate``."""

from corroborate.cli import cli

if __name__ == "__main__":
    cli()
