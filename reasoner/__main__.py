"""Entry point for ``python -m reasoner``: the same as the ``casus`` command."""

from reasoner.cli.main import main

raise SystemExit(main())
