"""An sRGB ICC colour profile (ICC.1:2001-04, version 2.1), built from the numbers of IEC 61966-2-1, for the
output intent every PDF/A file must declare.

Made here rather than shipped: the bytes are fully determined by the standard's primaries, white point and
tone curve, so there is no third-party profile, and no licence, to carry along.
"""

from __future__ import annotations

import struct
from functools import cache

DESCRIPTION = "sRGB IEC61966-2.1"
COPYRIGHT = "No copyright, use freely"
# The sRGB primaries adapted to the D50 profile connection space (Bradford), and the D65 media white.
RED = (0.4360747, 0.2225045, 0.0139322)
GREEN = (0.3850649, 0.7168786, 0.0971045)
BLUE = (0.1430804, 0.0606169, 0.7141733)
MEDIA_WHITE = (0.9504559, 1.0, 1.0890578)
D50 = (0.9642029, 1.0, 0.8249054)
CURVE_POINTS = 1024


def _s15f16(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15f16(v) for v in values)


def _linear(encoded: float) -> float:
    """The sRGB transfer function: an encoded value (0..1) to linear light."""
    return encoded / 12.92 if encoded <= 0.04045 else ((encoded + 0.055) / 1.055) ** 2.4


def _curve() -> bytes:
    points = (round(_linear(i / (CURVE_POINTS - 1)) * 65535) for i in range(CURVE_POINTS))
    return b"curv\0\0\0\0" + struct.pack(f">I{CURVE_POINTS}H", CURVE_POINTS, *points)


def _description(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    # ASCII, then an empty Unicode and an empty ScriptCode description (67 bytes of the latter), as v2 wants.
    return b"desc\0\0\0\0" + struct.pack(">I", len(ascii_text)) + ascii_text + b"\0" * 8 + b"\0\0\0" + b"\0" * 67


def _text(text: str) -> bytes:
    return b"text\0\0\0\0" + text.encode("ascii") + b"\0"


def _padded(data: bytes) -> bytes:
    return data + b"\0" * (-len(data) % 4)


@cache
def srgb_profile() -> bytes:
    """The profile's bytes (the same every time)."""
    curve = _curve()
    tags: list[tuple[bytes, bytes]] = [
        (b"desc", _description(DESCRIPTION)),
        (b"cprt", _text(COPYRIGHT)),
        (b"wtpt", _xyz(MEDIA_WHITE)),
        (b"rXYZ", _xyz(RED)),
        (b"gXYZ", _xyz(GREEN)),
        (b"bXYZ", _xyz(BLUE)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset = 128 + table_size
    entries, data, placed = [], b"", {}
    for signature, body in tags:
        if body not in placed:  # the three tone curves share one copy
            placed[body] = offset + len(data)
            data += _padded(body)
        entries.append(struct.pack(">4sII", signature, placed[body], len(body)))
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"  # preferred CMM: none
        + bytes((2, 0x10, 0, 0))  # version 2.1.0
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
        + b"acsp"
        + b"\0" * 4  # primary platform
        + b"\0" * 4  # flags
        + b"\0" * 8  # device manufacturer and model
        + b"\0" * 8  # device attributes
        + struct.pack(">I", 0)  # rendering intent: perceptual
        + b"".join(_s15f16(v) for v in D50)
        + b"\0" * 4  # creator
        + b"\0" * 44  # profile id (version 4 only) and reserved
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(entries) + data
