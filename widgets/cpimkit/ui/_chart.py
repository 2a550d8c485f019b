"""One matplotlib figure per calculator, drawn without pyplot and shown as a PNG image widget.

Calculators create their artists once on `Chart.axes`, update them in place (``set_data``,
``set_height``, ``set_xy``, ``relim``/``autoscale_view``) and call `Chart.render` to refresh the
image. Creating artists in `_show` (``fill_between``, ``bar``, ``legend``) is slower and leaves
the old ones to remove: prefer a patch or line made once and updated.

The figure uses constrained layout, but the layout is only worked out again when a text around
the axes changes (title, axis label, tick label, entry of a legend outside the axes) or the
figure is resized: that is a third of the drawing time saved on most updates. Texts inside the
axes (``annotate``, ``text``) do not trigger it, so keep them inside: leave headroom in the
axis limits.

>>> chart = Chart()
>>> line, = chart.axes.plot([1, 2, 3], [4, 1, 2])
>>> chart.render()
>>> chart.image.value[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import StrMethodFormatter
from PIL import Image

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
RED = "#D55E00"
SKY = "#56B4E9"
GREY = "#7F7F7F"
BLACK = "#222222"

# Fastest zlib level: the PNG is a few percent larger than at the default level, in half the time.
PNG_COMPRESSION = 1
# Beside the inputs the chart may shrink to this width before it moves below them (an image's
# automatic minimum width is its natural width, which would move it below much sooner).
MIN_WIDTH = "360px"


def _surroundings(figure: Figure) -> tuple:
    """Everything constrained layout makes room for: the figure size and the texts around each
    axes (titles, axis labels, tick labels, offset texts, entries of a legend placed with
    ``bbox_to_anchor``; a legend inside the axes needs no room)."""
    key: list = [tuple(figure.get_size_inches()), figure.dpi,
                 tuple(text.get_text() for text in figure.texts)]
    for axes in figure.axes:
        key.append((id(axes), axes.get_visible(),
                    *(axes.get_title(loc) for loc in ("left", "center", "right"))))
        for axis in (axes.xaxis, axes.yaxis):
            labels = axis.get_majorticklabels()  # ticks for the current limits
            key.append((axis.get_visible(), axis.get_label_text(),
                        axis.get_offset_text().get_text(),
                        tuple((label.get_text(), label.get_rotation()) for label in labels)))
        legend = axes.get_legend()
        if legend is not None and legend.get_bbox_to_anchor() is not axes.bbox:
            # Anchored elsewhere, e.g. beside the axes: its entries need room.
            key.append((legend.get_visible(), tuple(text.get_text()
                                                     for text in legend.get_texts())))
    return tuple(key)


class LazyConstrainedLayout(ConstrainedLayoutEngine):
    """Constrained layout that is worked out again only when the texts around the axes or the
    figure size have changed since the last time (see `_surroundings`)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._laid_out_for = None

    def _key(self, fig) -> tuple:
        return tuple(sorted(self.get().items())), _surroundings(fig)  # pads count too

    def execute(self, fig):
        if self._key(fig) == self._laid_out_for:
            return None
        layout = super().execute(fig)
        self._laid_out_for = self._key(fig)  # the ticks may change with the new axes size
        return layout


class Chart:
    """A figure with one axes, rendered at a modest dpi into `image` (an ipywidgets.Image).

    The default 5.2 × 3.3 inches at 90 dpi (468 × 297 pixels) fits beside a calculator's inputs
    in a notebook about 1,000 pixels wide; in a narrower one the chart moves below the inputs.
    """

    def __init__(self, *, width: float = 5.2, height: float = 3.3, dpi: int = 90):
        self.figure = Figure(figsize=(width, height), dpi=dpi, layout=LazyConstrainedLayout())
        FigureCanvasAgg(self.figure)
        self.axes = self.figure.add_subplot()
        self.axes.grid(True, alpha=0.3)
        self.axes.spines[["top", "right"]].set_visible(False)
        pixels = round(width * dpi)
        self.image = widgets.Image(  # beside the inputs when the cell is wide enough
            format="png",
            layout=widgets.Layout(flex=f"1 1 {MIN_WIDTH}", min_width=MIN_WIDTH,
                                  max_width=f"{pixels}px", height="auto"),
        )

    @staticmethod
    def thousands(axis) -> None:
        """Label `axis` (e.g. ``chart.axes.yaxis``) in whole numbers with thousands separators."""
        axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))

    def render(self) -> None:
        """Draw the figure and put the PNG bytes into `image`.

        The figure is opaque, so the PNG is written as RGB (a quarter fewer bytes to compress)
        at a fast compression level.
        """
        canvas = self.figure.canvas
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())[..., :3]
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=PNG_COMPRESSION)
        self.image.value = buffer.getvalue()
