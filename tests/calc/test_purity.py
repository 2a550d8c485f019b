"""`cpimkit.calc` stays pure: importing it pulls in no widget or plotting library."""

import subprocess
import sys

IMPORT_EVERY_CALC_MODULE = """
import importlib, pkgutil, sys
import cpimkit.calc as calc
for module in pkgutil.iter_modules(calc.__path__):
    importlib.import_module("cpimkit.calc." + module.name)
print(sorted(name for name in ("ipywidgets", "matplotlib", "IPython") if name in sys.modules))
"""


def test_calc_imports_no_ui_or_plotting_library():
    command = [sys.executable, "-c", IMPORT_EVERY_CALC_MODULE]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
