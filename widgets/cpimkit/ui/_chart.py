"""One matplotlib figure per calculator, drawn without pyplot and shown as a PNG image widget.

Calculators create their artists once on `Chart.axes`, update them in place (``set_data``,
``set_height``, ``relim``/``autoscale_view``) and call `Chart.render` to refresh the image.

>>> chart = Chart()
>>> line, = chart.axes.plot([1, 2, 3], [4, 1, 2])
>>> chart.render()
>>> chart.image.value[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import StrMethodFormatter

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
RED = "#D55E00"
SKY = "#56B4E9"
GREY = "#7F7F7F"
BLACK = "#222222"


class Chart:
    """A figure with one axes, rendered at a modest dpi into `image` (an ipywidgets.Image)."""

    def __init__(self, *, width: float = 6.4, height: float = 3.8, dpi: int = 90):
        self.figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.add_subplot()
        self.axes.grid(True, alpha=0.3)
        self.axes.spines[["top", "right"]].set_visible(False)
        pixels = round(width * dpi)
        self.image = widgets.Image(  # beside the inputs when the cell is wide enough
            format="png",
            layout=widgets.Layout(flex="1 1 420px", max_width=f"{pixels}px", height="auto"),
        )

    @staticmethod
    def thousands(axis) -> None:
        """Label `axis` (e.g. ``chart.axes.yaxis``) in whole numbers with thousands separators."""
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))

    def render(self) -> None:
        """Draw the figure and put the PNG bytes into `image`."""
        buffer = io.BytesIO()
        self.figure.canvas.print_png(buffer)
        self.image.value = buffer.getvalue()
