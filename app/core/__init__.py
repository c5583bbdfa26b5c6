"""The diagnostics core: checks, rules, words and reports. Never imports Qt."""
