"""Entry point for ``python -m reasoner``: the same as the ``casus`` command."""

from reasoner.cli import main

raise SystemExit(main())
