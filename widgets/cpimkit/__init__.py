"""cpimkit: computations (`cpimkit.calc`) and calculators (`cpimkit.ui`) for the CPIM course kit."""

__version__ = "0.1.0"
