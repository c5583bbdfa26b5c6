"""Windows opened from the summary and the Report menu: retest until fixed, compare two runs."""
