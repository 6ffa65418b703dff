"""``make soak``: the reliability suites of ``tests/reliability`` at soak sizes, summed up in one table."""
