"""`cpimkit.calc` stays pure: importing it pulls in no widget or plotting library."""

import subprocess
import sys


def test_calc_imports_no_ui_or_plotting_library():
    code = (
        "import sys, pkgutil, importlib, cpimkit.calc as calc\n"
        "for m in pkgutil.iter_modules(calc.__path__): importlib.import_module('cpimkit.calc.' + m.name)\n"
        "print(sorted(n for n in ('ipywidgets', 'matplotlib', 'IPython') if n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
