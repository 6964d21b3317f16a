"""screenkit: plan community film screenings followed by a talk."""

__version__ = "0.1.0"
