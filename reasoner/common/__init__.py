"""Shared plumbing: diagnostics and errors, where the bundled files are, reserved names, the time limit."""
