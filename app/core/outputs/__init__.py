"""What a run becomes for people and for support: its text, its JSON document, the HTML
report, the reference code, the letter for IT, two runs compared, a watch until fixed, and the
privacy filter on everything that leaves the laptop. Each reads the engine's results; none
decides a result."""
