"""yishi (议事): a command-line meeting secretary for governing bodies."""

__version__ = "0.1.0"
