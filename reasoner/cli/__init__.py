"""The ``casus`` command line: ``main`` parses it, one module per subcommand, ``shared`` for what they share."""
