"""The workbench: casus serve, a local web application for a class."""
