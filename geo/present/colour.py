"""Colour distance as people see it: CIELAB, CIEDE2000 and a deuteranopia simulation.

* sRGB to CIELAB (D65): IEC 61966-2-1 transfer function, the sRGB to XYZ matrix and the CIE 1976
  L*a*b* formulas.
* ``delta_e`` is CIEDE2000 as given by G. Sharma, W. Wu and E. N. Dalal, "The CIEDE2000
  color-difference formula: implementation notes, supplementary test data, and mathematical
  observations", Color Research & Application 30(1), 2005 (kL = kC = kH = 1).
* ``deuteranopia`` applies the severity-1.0 deuteranopia matrix of G. M. Machado, M. M. Oliveira and
  L. A. F. Fernandes, "A physiologically-based model for simulation of color vision deficiency",
  IEEE TVCG 15(6), 2009, to linear RGB.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

_SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)
_WHITE = np.array([0.95047, 1.0, 1.08883])
_DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)


def _rgb(hex_colour: str) -> np.ndarray:
    text = hex_colour.lstrip("#")
    return np.array([int(text[i : i + 2], 16) / 255 for i in (0, 2, 4)])


def _linear(rgb: np.ndarray) -> np.ndarray:
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def _encoded(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0, 1)
    return np.where(linear <= 0.0031308, linear * 12.92, 1.055 * linear ** (1 / 2.4) - 0.055)


def to_hex(rgb: np.ndarray) -> str:
    """'#rrggbb' for sRGB components in [0, 1]."""
    return "#" + "".join(f"{round(float(c) * 255):02x}" for c in np.clip(rgb, 0, 1))


def lab(hex_colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an sRGB colour."""
    xyz = _SRGB_TO_XYZ @ _linear(_rgb(hex_colour)) / _WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return float(116 * f[1] - 16), float(500 * (f[0] - f[1])), float(200 * (f[1] - f[2]))


def deuteranopia(hex_colour: str) -> str:
    """The colour as a deuteranope sees it (Machado et al. 2009, severity 1)."""
    return to_hex(_encoded(_DEUTERANOPIA @ _linear(_rgb(hex_colour))))


def delta_e(first: str, second: str) -> float:
    """CIEDE2000 colour difference of two sRGB colours."""
    return delta_e_lab(lab(first), lab(second))


def delta_e_lab(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference of two CIELAB colours."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dhh = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    h_mean = h1p + h2p
    if c1p * c2p:
        h_mean = (h1p + h2p + 360) / 2 if abs(h1p - h2p) > 180 else (h1p + h2p) / 2
        if abs(h1p - h2p) > 180 and h1p + h2p >= 360:
            h_mean -= 360
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    sl = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    sc = 1 + 0.045 * cp_mean
    sh = 1 + 0.015 * cp_mean * t
    rt = (
        -2
        * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
        * math.sin(math.radians(60 * math.exp(-(((h_mean - 275) / 25) ** 2))))
    )
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def closest_pair(colours: dict[str, str], simulate: bool = False) -> tuple[float, str, str]:
    """(smallest CIEDE2000, name, name) over all pairs of ``colours``; ``simulate``: as a deuteranope sees them."""
    seen = {k: deuteranopia(c) if simulate else c for k, c in colours.items()}
    pairs = ((delta_e(seen[a], seen[b]), a, b) for a, b in itertools.combinations(sorted(seen), 2))
    return min(pairs, default=(math.inf, "", ""))
