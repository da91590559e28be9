"""Draws the tab bar icons (81x81 PNG, as WeChat recommends) without any image library.

Run: python3 miniapp/scripts/make-tab-icons.py  -> miniapp/src/assets/tab/*.png
Plain shapes in thick strokes so they stay legible at small sizes and for low vision.
"""
import math
import os
import struct
import zlib

S = 81
OUT = os.path.join(os.path.dirname(__file__), '..', 'src', 'assets', 'tab')
COLORS = {'': (0x3A, 0x3A, 0x3A), '-active': (0x0B, 0x4F, 0xA8)}


def png(path, pixels):
    raw = b''.join(b'\x00' + bytes(c for px in row for c in px) for row in pixels)

    def chunk(tag, data):
        return struct.pack('>I', len(data)) + tag + data + struct.pack('>I', zlib.crc32(tag + data) & 0xFFFFFFFF)

    data = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', S, S, 8, 6, 0, 0, 0))
    data += chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')
    with open(path, 'wb') as f:
        f.write(data)


def draw(inside, color):
    """inside(x, y) -> coverage 0..1, sampled 4x4 per pixel for smooth edges."""
    rows = []
    for y in range(S):
        row = []
        for x in range(S):
            cov = sum(inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4) for i in range(4) for j in range(4)) / 16
            row.append((*color, int(round(255 * cov))))
        rows.append(row)
    return rows


def rect_outline(x, y, x0, y0, x1, y1, w):
    inner = x0 + w <= x <= x1 - w and y0 + w <= y <= y1 - w
    return x0 <= x <= x1 and y0 <= y <= y1 and not inner


def guide(x, y):
    """A document with lines of text."""
    if rect_outline(x, y, 16, 8, 65, 73, 6):
        return 1
    for ly in (24, 38, 52):
        if 26 <= x <= 55 and ly <= y <= ly + 5:
            return 1
    return 0


def calendar(x, y):
    if rect_outline(x, y, 10, 16, 71, 72, 6) or (10 <= x <= 71 and 16 <= y <= 32):
        return 1
    if (22 <= x <= 28 or 53 <= x <= 59) and 6 <= y <= 22:
        return 1
    for cx in (25, 40, 56):
        for cy in (45, 60):
            if abs(x - cx) <= 4 and abs(y - cy) <= 4:
                return 1
    return 0


def person(x, y):
    if math.hypot(x - 40.5, y - 25) <= 14:
        return 1
    # shoulders: upper half of an ellipse
    if y <= 74 and y >= 44 and ((x - 40.5) / 30) ** 2 + ((y - 74) / 30) ** 2 <= 1:
        return 1
    return 0


os.makedirs(OUT, exist_ok=True)
for name, fn in (('guide', guide), ('booking', calendar), ('mine', person)):
    for suffix, color in COLORS.items():
        png(os.path.join(OUT, f'{name}{suffix}.png'), draw(fn, color))
print('icons written to', os.path.normpath(OUT))
