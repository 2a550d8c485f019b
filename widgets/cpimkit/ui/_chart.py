"""One matplotlib figure per calculator, drawn without pyplot and shown as a PNG image widget.

Calculators create their artists once on `Chart.axes`, update them in place (``set_data``,
``set_height``, ``set_xy``, ``relim``/``autoscale_view``) and call `Chart.render` to refresh the
image. Creating artists in `_show` (``fill_between``, ``bar``, ``legend``) is slower and leaves
the old ones to remove: prefer a patch or line made once and updated.

The figure uses constrained layout, but the layout (10-25 ms) is only worked out again when
what it makes room for changes: how far the tick labels reach past the sides of the axes (the
widest y label, a first or last x label sticking out past an end, in whole pixels), a title,
axis label or offset text, an entry of a legend outside the axes, or the figure size. New tick
values of the same extent (1,000 … 2,000 → 2,000 … 3,000) keep the layout: that is a third of
the drawing time saved on most updates. Texts inside the axes (``annotate``, ``text``) do not
count, so keep them inside: leave headroom in the axis limits. A title placed once
(``set_title(..., y=1.0)``, where nothing sits above the axes) also saves matplotlib finding
its place on every draw.

Each distinct text is rasterised once and then stamped (`TextStampingRenderer`), which halves
the drawing time of a typical chart: a calculator redraws the same titles, legend entries and
tick labels on every change.

>>> chart = Chart()
>>> line, = chart.axes.plot([1, 2, 3], [4, 1, 2])
>>> chart.render()
>>> chart.image.value[:4] == b"\\x89PNG"
True
"""

from __future__ import annotations

import io
import math

import ipywidgets as widgets
import numpy as np
from matplotlib import ft2font
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import StrMethodFormatter
from matplotlib.transforms import Bbox
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
# Matplotlib 3.11 draws text glyph by glyph in Python: there texts are stamped (see
# `TextStampingRenderer`); earlier versions draw a whole text at once and need no help.
GLYPH_BY_GLYPH = hasattr(ft2font.FT2Font, "_render_glyph")
# Beside the inputs the chart may shrink to this width before it moves below them (an image's
# automatic minimum width is its natural width, which would move it below much sooner).
MIN_WIDTH = "360px"


def _surroundings(figure: Figure) -> tuple:
    """Everything constrained layout makes room for: the figure size and around each axes the
    tick labels (how far they reach past its sides, `_overhang`), the axis labels, offset texts
    and titles, the texts of the figure and the entries of a legend placed with
    ``bbox_to_anchor`` (a legend inside the axes needs no room)."""
    renderer = figure.canvas.get_renderer()
    key: list = [tuple(figure.get_size_inches()), figure.dpi,
                 tuple(text.get_text() for text in figure.texts)]
    for axes in figure.axes:
        key.append((id(axes), axes.get_visible(),
                    *(axes.get_title(loc) for loc in ("left", "center", "right"))))
        if axes.axison:
            key.append(_overhang(axes, renderer))
            key.extend((axis.get_visible(), axis.get_label_text(),
                        axis.get_major_formatter().get_offset())
                       for axis in (axes.xaxis, axes.yaxis))
        legend = axes.get_legend()
        if legend is not None and legend.get_bbox_to_anchor() is not axes.bbox:
            # Anchored elsewhere, e.g. beside the axes: its entries need room.
            key.append((legend.get_visible(), tuple(text.get_text()
                                                     for text in legend.get_texts())))
    return tuple(key)


def _overhang(axes, renderer) -> tuple[int, ...]:
    """How far the tick labels (for the current limits) and axis labels reach past the left,
    bottom, right and top sides of `axes` [whole pixels, 0 when inside]: the widest y tick
    label, the height of the x tick labels, the first or last label where it sticks out past an
    end. Labels of other values but the same extent (1,000 → 2,000) need no new layout."""
    boxes = [axis.get_tightbbox(renderer) for axis in (axes.xaxis, axes.yaxis)
             if axis.get_visible()]  # tick labels, with the axis label placed beyond them
    boxes = [box for box in boxes if box is not None]
    if not boxes:
        return ()
    outer, inner = Bbox.union(boxes), axes.bbox
    return tuple(max(0, round(reach)) for reach in (inner.x0 - outer.x0, inner.y0 - outer.y0,
                                                   outer.x1 - inner.x1, outer.y1 - inner.y1))


class LazyConstrainedLayout(ConstrainedLayoutEngine):
    """Constrained layout that is worked out again only when what it makes room for has
    changed since the last time (see `_surroundings`)."""

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


class TextStampingRenderer(RendererAgg):
    """Agg renderer that rasterises each distinct text once and then stamps the stored bitmap.

    Matplotlib 3.11 renders a text glyph by glyph in Python on every draw; a chart redraws the
    same titles, legend entries and tick labels again and again. Here the glyphs of a text are
    composed once into one bitmap, kept per text, font, size and angle, and drawn at the text's
    position rounded to a whole pixel. Mathtext and aliased text are drawn as usual.
    """

    MAX_STAMPS = 2_000  # bitmaps kept (a few kilobytes each); the store restarts when full

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self._stamps = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or not gc.get_antialiased():
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        key = (s, hash(prop), angle, features, language)
        stamp = self._stamps.get(key)
        if stamp is None:
            if len(self._stamps) >= self.MAX_STAMPS:
                self._stamps.clear()
            try:
                stamp = self._stamps[key] = self._stamp(s, prop, angle, features, language)
            except (AttributeError, TypeError):  # matplotlib's private text API has changed
                TextStampingRenderer.draw_text = RendererAgg.draw_text
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        if stamp is None:  # nothing visible, e.g. blanks
            return
        bitmap, left, top = stamp
        # FreeType's y is upwards from the bottom edge; draw_text_image's is the bitmap's bottom
        # side, downwards from the top edge.
        self._renderer.draw_text_image(
            bitmap, round(x) + left,
            int(self.height) - (round(self.height - y) + top) + bitmap.shape[0], 0, gc)

    def _stamp(self, s, prop, angle, features, language):
        """The text's glyphs composed into one bitmap, with the offset of its top left corner
        (FreeType pixels, y upwards) from the text's origin."""
        font = self._prepare_font(prop)
        size = prop.get_size_in_points()
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        rotation = (0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int)
        glyphs = []
        for item in font._layout(s, flags=get_hinting_flag(), features=features,
                                 language=language):
            item.ft_object.set_size(size, self.dpi)
            item.ft_object._set_transform(rotation, [round(0x40 * (item.x * cos - item.y * sin)),
                                                     round(0x40 * (item.x * sin + item.y * cos))])
            glyph = item.ft_object._render_glyph(item.glyph_index, get_hinting_flag(),
                                                 ft2font.RenderMode.NORMAL)
            if glyph.buffer.size:
                glyphs.append((glyph.left, glyph.top, np.array(glyph.buffer)))
        if not glyphs:
            return None
        left = min(glyph_left for glyph_left, _, _ in glyphs)
        top = max(glyph_top for _, glyph_top, _ in glyphs)
        right = max(glyph_left + buffer.shape[1] for glyph_left, _, buffer in glyphs)
        bottom = min(glyph_top - buffer.shape[0] for _, glyph_top, buffer in glyphs)
        bitmap = np.zeros((top - bottom, right - left), np.uint8)
        for glyph_left, glyph_top, buffer in glyphs:
            rows, columns = buffer.shape
            area = bitmap[top - glyph_top:top - glyph_top + rows,
                          glyph_left - left:glyph_left - left + columns]
            np.maximum(area, buffer, out=area)
        return bitmap, left, top


class TextStampingCanvas(FigureCanvasAgg):
    """An Agg canvas drawing with `TextStampingRenderer`."""

    def get_renderer(self):
        size = (*self.get_width_height(physical=True), self.figure.dpi)
        if self._lastKey != size:
            self.renderer = TextStampingRenderer(*size)
            self._lastKey = size
        return self.renderer


class Chart:
    """A figure with one axes, rendered at a modest dpi into `image` (an ipywidgets.Image).

    The default 5.2 × 3.3 inches at 90 dpi (468 × 297 pixels) fits beside a calculator's inputs
    in a notebook about 1,000 pixels wide; in a narrower one the chart moves below the inputs.
    """

    def __init__(self, *, width: float = 5.2, height: float = 3.3, dpi: int = 90):
        self.figure = Figure(figsize=(width, height), dpi=dpi, layout=LazyConstrainedLayout())
        (TextStampingCanvas if GLYPH_BY_GLYPH else FigureCanvasAgg)(self.figure)
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
