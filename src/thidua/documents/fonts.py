"""The fonts every PDF is set in, shipped inside the package.

Nghị định 30/2020 asks for Times New Roman. Tinos (from Debian's ``fonts-croscore``; SIL Open
Font License 1.1, see ``fonts/LICENSE-Tinos.txt``) has the same metrics and every Vietnamese
glyph. It ships with the code, and the host's fonts are not looked at, so every machine
renders the same PDF. Libertinus Serif, embedded in Typst, is the last resort.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).parent / "fonts"
FAMILIES = ("Tinos", "Libertinus Serif")


def typst_fonts() -> tuple[Any, list[str]]:
    """Typst's font set (the shipped files and Typst's own) and the families to ask for."""
    import typst

    found = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(FONT_DIR)]
    )
    families = {f.casefold() for f in found.families()}
    return found, [f for f in FAMILIES if f.casefold() in families] or ["Libertinus Serif"]
