"""Station Network Check: why a ChargePoint station cannot get online over Ethernet."""

__version__ = "0.1.0"
APP_NAME = "Station Network Check"
APP_ID = "station-network-check"
