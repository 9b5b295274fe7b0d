"""Explaining: the rule files rewritten to record rule instances, why / why not / contrast, and their formats."""
