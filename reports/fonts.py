"""The font every chart is drawn in: Noto Sans CJK SC, shipped by the ``mplfonts`` package.

Place names and labels are Chinese by default, and matplotlib's own font has no Chinese
glyphs; a chart drawn with it shows empty boxes and logs "Glyph ... missing". The font file
comes with a pip dependency, so a report looks the same on a fresh machine without system
fonts. It is registered with matplotlib's font manager by path and then named explicitly on
every text of a figure (rather than through ``rcParams``), so that no global state decides
how a chart looks and a figure drawn later, elsewhere, still finds its font.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
from pathlib import Path

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

FONT_FILE = "NotoSansCJKsc-Regular.otf"
# DejaVu Sans second: matplotlib falls back glyph by glyph along the family list, so a sign
# the CJK font lacks still comes out right.
FALLBACK = "DejaVu Sans"


@functools.cache
def family() -> list[str]:
    """Register the CJK font (once per process) and return the family list to draw with."""
    path = font_path()
    font_manager.fontManager.addfont(str(path))
    name = font_manager.FontProperties(fname=str(path)).get_name()
    return [name, FALLBACK]


def font_path() -> Path:
    # find_spec locates the package without importing it: importing mplfonts may touch
    # matplotlib's global settings, which the reports leave alone.
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the mplfonts package is not installed; it ships the CJK font")
    path = Path(next(iter(spec.submodule_search_locations))) / "fonts" / FONT_FILE
    if not path.is_file():
        raise RuntimeError(f"mplfonts does not ship {FONT_FILE} (looked in {path.parent})")
    return path


def apply(fig: Figure) -> Figure:
    """Name the CJK font on every text of ``fig``, including tick labels drawn later."""
    fonts = family()
    for ax in fig.axes:
        # tick labels are created when the figure is drawn; this is where they get the font
        ax.tick_params(which="both", labelfontfamily=fonts)
    for text in fig.findobj(Text):
        text.set_fontfamily(fonts)
    return fig


PAGE_FAMILY = "cwplanCJK"


def page_font_css(text: str) -> str:
    """An ``@font-face`` rule embedding the CJK font cut down to the characters of ``text``.

    A reader without Chinese system fonts (an English Windows, a bare Linux) would see empty
    boxes; the page carries its own font instead, as a ``data:`` address, so it is still
    fetched from nowhere. Cut to the few hundred characters a report uses, the font takes
    about 100 kB. The rule holds no quotes or angle brackets, so HTML escaping leaves it
    intact.
    """
    return _font_css("".join(sorted(set(text))))


@functools.lru_cache(maxsize=16)
def _font_css(characters: str) -> str:
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"            # zlib-compressed; WOFF2 would need brotli
    options.hinting = False
    options.layout_features = []       # CJK needs no kerning or ligatures
    font = subset.load_font(str(font_path()), options, lazy=True)
    cutter = subset.Subsetter(options)
    cutter.populate(text=characters)
    cutter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (f"@font-face {{ font-family: {PAGE_FAMILY}; "
            f"src: url(data:font/woff;base64,{data}); }}")
