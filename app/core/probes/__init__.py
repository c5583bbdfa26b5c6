"""Low-level probes: one socket operation each, bounded in time and cancellable."""
