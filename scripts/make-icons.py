#!/usr/bin/env python3
"""Draws the app's install icons (public/icons/*.png) from the shape of
public/icons/bastion.svg: the shield with its check mark. Run by hand when the
logo changes (`python3 scripts/make-icons.py`); the PNGs are committed.
Standard library only: the shapes are filled with 4x4 samples per pixel,
and each PNG is written with a palette (colour type 3, tRNS for alpha).

  bastion-192.png, bastion-512.png   the shield on transparent ("any")
  bastion-maskable-512.png           a white shield on the brand blue, full
                                     bleed, inside the maskable safe zone
"""
import struct, zlib, os

BLUE = (0x1F, 0x4E, 0x79)
WHITE = (0xFF, 0xFF, 0xFF)


def cubic(p0, p1, p2, p3, n=24):
    pts = []
    for i in range(1, n + 1):
        t = i / n
        u = 1 - t
        pts.append(tuple(u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
                         for a, b, c, d in zip(p0, p1, p2, p3)))
    return pts


# The shield of favicon.svg (viewBox 0 0 32 32), flattened to a polygon.
SHIELD = [(16, 2), (4, 7), (4, 15)] + cubic((4, 15), (4, 22.5), (9.1, 28.6), (16, 30)) \
    + cubic((16, 30), (22.9, 28.6), (28, 22.5), (28, 15)) + [(28, 7)]
CHECK = [(11, 16), (15, 20), (22, 12)]
CHECK_HALF_WIDTH = 1.5


def inside(poly, x, y):
    hit = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def near_check(x, y):
    for (ax, ay), (bx, by) in zip(CHECK, CHECK[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        px, py = ax + t * dx - x, ay + t * dy - y
        if px * px + py * py <= CHECK_HALF_WIDTH ** 2:
            return True
    return False


def render(size, scale, offset, shield, mark, background):
    """RGBA rows: the 32-unit logo drawn at `scale` px per unit from `offset`."""
    s = 4
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            a_shield = a_mark = 0
            for sy in range(s):
                for sx in range(s):
                    x = (px + (sx + 0.5) / s - offset) / scale
                    y = (py + (sy + 0.5) / s - offset) / scale
                    if inside(SHIELD, x, y):
                        if near_check(x, y):
                            a_mark += 1
                        else:
                            a_shield += 1
            # Coverage in steps of 1/16: few colours, a small palette.
            cs, cm = a_shield / (s * s), a_mark / (s * s)
            bg = background
            if bg is None:
                alpha = cs + cm
                if alpha == 0:
                    row.append((0, 0, 0, 0))
                    continue
                col = tuple(round((shield[k] * cs + mark[k] * cm) / alpha) for k in range(3))
                row.append(col + (round(alpha * 255),))
            else:
                cb = 1 - cs - cm
                col = tuple(round(bg[k] * cb + shield[k] * cs + mark[k] * cm) for k in range(3))
                row.append(col + (255,))
        rows.append(row)
    return rows


def png(path, rows):
    palette = sorted({p for r in rows for p in r})
    assert len(palette) <= 256, len(palette)
    index = {p: i for i, p in enumerate(palette)}
    raw = b"".join(b"\0" + bytes(index[p] for p in r) for r in rows)
    h, w = len(rows), len(rows[0])

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    body = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 3, 0, 0, 0))
    body += chunk(b"PLTE", b"".join(bytes(p[:3]) for p in palette))
    if any(p[3] < 255 for p in palette):
        body += chunk(b"tRNS", bytes(p[3] for p in palette))
    body += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(body)
    print(f"{path}: {len(body)} bytes, {len(palette)} colours")


here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "public", "icons")
os.makedirs(here, exist_ok=True)
for size in (192, 512):
    # The logo fills the square, as favicon.svg does.
    png(os.path.join(here, f"bastion-{size}.png"), render(size, size / 32, 0, BLUE, WHITE, None))
# Maskable: the logo within the central 80% circle (the safe zone), on blue.
size = 512
scale = size * 0.56 / 32
png(os.path.join(here, "bastion-maskable-512.png"),
    render(size, scale, (size - 32 * scale) / 2, WHITE, BLUE, BLUE))
