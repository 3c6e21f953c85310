"""Pure, synchronous mediation rules: no I/O, no clock, no platform or storage imports."""
