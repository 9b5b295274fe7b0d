"""Solving: the case as clingo facts, rule files checked against the contract, grounding and solving."""
