"""Thin command modules: parse arguments, call the core, print. One module per group."""
