"""Small utilities the engine and the outputs share: files written whole, host names and
addresses, firmware version numbers, where the bundled resources are."""
