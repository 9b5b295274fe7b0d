"""Reports: conclusions compared across doctrines, tables and JSON, batches of cases, sweeps of variants."""
