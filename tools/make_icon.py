"""Draws our app icon: two speech bubbles (two opinions) and a check, on calm teal.

python tools/make_icon.py     # writes assets/icon.png and assets/icons/*.png
"""

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (47, 111, 115)
CREAM = (250, 246, 236)
SAND = (233, 196, 106)
S = 1024  # drawn large, then scaled down smoothly


def bubbles(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0

    def at(fx: float, fy: float) -> tuple[int, int]:
        return int(x0 + fx * w), int(y0 + fy * h)

    # Back bubble: the first opinion, in sand, tail to the right.
    draw.rounded_rectangle([*at(0.30, 0.08), *at(0.98, 0.58)], radius=int(0.12 * w), fill=SAND)
    draw.polygon([at(0.78, 0.56), at(0.92, 0.56), at(0.94, 0.72)], fill=SAND)
    # Front bubble: the second opinion, in cream, tail to the left.
    draw.rounded_rectangle(
        [*at(0.02, 0.34), *at(0.72, 0.86)],
        radius=int(0.12 * w),
        fill=CREAM,
        outline=TEAL,
        width=int(0.025 * w),
    )
    draw.polygon([at(0.12, 0.84), at(0.26, 0.84), at(0.08, 0.99)], fill=CREAM)
    # A calm check inside the front bubble.
    draw.line(
        [at(0.20, 0.60), at(0.33, 0.72), at(0.55, 0.48)],
        fill=TEAL,
        width=int(0.06 * w),
        joint="curve",
    )


def icon(padding: float, rounded: bool) -> Image.Image:
    img = Image.new("RGBA", (S, S), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if rounded:
        draw.rounded_rectangle([0, 0, S - 1, S - 1], radius=int(S * 0.22), fill=TEAL)
    else:
        draw.rectangle([0, 0, S, S], fill=TEAL)  # maskable: the platform cuts the shape
    p = int(S * padding)
    bubbles(draw, (p, p, S - p, S - p))
    return img


def main() -> None:
    assets = Path(__file__).resolve().parent.parent / "assets"
    (assets / "icons").mkdir(exist_ok=True)
    plain, maskable = icon(0.16, rounded=True), icon(0.24, rounded=False)
    plain.resize((512, 512), Image.Resampling.LANCZOS).save(assets / "icon.png")
    for size in (192, 512):
        plain.resize((size, size), Image.Resampling.LANCZOS).save(
            assets / "icons" / f"icon-{size}.png"
        )
    for size in (192, 512):
        maskable.resize((size, size), Image.Resampling.LANCZOS).save(
            assets / "icons" / f"icon-maskable-{size}.png"
        )
    plain.resize((192, 192), Image.Resampling.LANCZOS).save(
        assets / "icons" / "apple-touch-icon-192.png"
    )
    plain.resize((32, 32), Image.Resampling.LANCZOS).save(assets / "favicon.png")


if __name__ == "__main__":
    main()
