"""One page a wizard step, plus the summary; each draws, collects input and shows results."""
