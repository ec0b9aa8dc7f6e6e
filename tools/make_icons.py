"""Draw Mildkracht's app icons (PNG) into the pages app's static folder.

Two rounded shapes that overlap: the tender side (a soft, filled circle) and the fierce side
(a firm ring), on the app's deep teal. Run it again after changing the design:

    .venv/bin/python tools/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (29, 94, 99)
CREAM = (248, 236, 228)
AMBER = (240, 178, 92)
OUT = Path(__file__).resolve().parents[1] / "src/mildkracht/web/pages/static/pages/icons"
# Drawn this many times larger, then scaled down: smooth edges without an antialiasing option.
OVERSAMPLE = 4


def draw(size: int, maskable: bool) -> Image.Image:
    """One icon; a maskable one fills the square and keeps its shapes in the safe circle."""
    big = size * OVERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=TEAL)
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=TEAL)
    # Within the middle 60 %, which every mask shape leaves visible.
    scale = 0.6 if maskable else 0.78
    radius = big * scale * 0.3
    centre_y = big / 2
    left_x, right_x = big / 2 - radius * 0.62, big / 2 + radius * 0.62
    pen.ellipse(_box(left_x, centre_y, radius), fill=CREAM)
    pen.ellipse(_box(right_x, centre_y, radius), outline=AMBER, width=round(radius * 0.28))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _box(x: float, y: float, radius: float) -> tuple[float, float, float, float]:
    return (x - radius, y - radius, x + radius, y + radius)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in [
        ("icon-192.png", 192, False),
        ("icon-512.png", 512, False),
        ("maskable-192.png", 192, True),
        ("maskable-512.png", 512, True),
        ("apple-touch-icon.png", 180, True),
        ("favicon-32.png", 32, False),
    ]:
        draw(size, maskable).save(OUT / name, optimize=True)


if __name__ == "__main__":
    main()
