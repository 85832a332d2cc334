"""Sphinx configuration of postventa's documentation (scripts/docs.sh builds it).

The pages are Markdown (MyST). The C ABI and C++ reference comes from the
headers through Doxygen's XML (docs/Doxyfile, written to build/docs/doxygen by
scripts/docs.sh) and Breathe; the Python reference from the installed package's
docstrings (autodoc). Any warning fails the build (sphinx-build -W).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_header = (ROOT / "include" / "postventa" / "postventa.h").read_text(encoding="utf-8")
release = re.search(r'#define PV_VERSION_STRING "([^"]+)"', _header).group(1)
version = release

project = "postventa"
author = "the postventa developers"
copyright = "2026, the postventa developers"

extensions = [
    "myst_parser",
    "breathe",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.graphviz",
    "sphinx.ext.mathjax",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
templates_path: list[str] = []

# ---- MyST -------------------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "deflist", "colon_fence", "attrs_inline"]
myst_heading_anchors = 3
# ```c / ```cpp blocks in these pages are whole programs that the tests compile
# and run (tests/readme/); ```pycon blocks are doctests (tests/python/test_docs.py).

# ---- Breathe (Doxygen XML) ----------------------------------------------------
_doxygen_xml = Path(os.environ.get("POSTVENTA_DOXYGEN_XML", ROOT / "build" / "docs" / "doxygen" / "xml"))
breathe_projects = {"postventa": str(_doxygen_xml)}
breathe_default_project = "postventa"
# postventa.h is the C ABI; every other header is C++.
breathe_domain_by_file_pattern = {"*/postventa/postventa.h": "c"}
breathe_default_members = ("members",)
breathe_show_include = True
# The values of the PV_* macros are part of the ABI: show them.
breathe_show_define_initializer = True

# ---- autodoc (the Python package as installed in the environment) ---------------
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": True}
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_member_order = "bysource"
napoleon_google_docstring = True
napoleon_numpy_docstring = True

# ---- Cross references -----------------------------------------------------------
# Read from disk when present (offline builds never fetch anything).
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
intersphinx_disabled_reftypes = ["*"]

graphviz_output_format = "svg"

# ---- HTML --------------------------------------------------------------------
html_theme = "furo"
html_title = f"postventa {release}"
html_static_path: list[str] = []
