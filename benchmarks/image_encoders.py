"""Where the CPU of a cold image goes: decode, resize and each encoder, per source image.

    .venv/bin/python -m benchmarks.image_encoders [FILE ...] [--avif-speeds 8,9] [--reps 5]

Without files: one sample image (data/images/hitzewarnung.jpg) and one synthetic image of the
images benchmark (`generate.draw_image`, the kind `benchmarks.images` builds 350 of). Each step
runs as the pipeline does it (`plugins.essen.images.raster`, the settings of `outputs.ENCODERS`)
at the widths it makes of that source; the time is the smallest of `--reps` runs in CPU seconds
of this process (other processes on the machine stretch wall time, less so CPU time). The AVIF
rows beside the one in use show what another `speed` would cost and save: size, and PSNR against
the resized image (a rough measure of fidelity; equal PSNR at fewer bytes is better).
"""

from __future__ import annotations

import argparse
import io
import math
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageChops

from plugins.essen.images import raster
from plugins.essen.images.outputs import CONTENT_WIDTHS, ENCODERS, MODERN, SHARE_WIDTH

from .generate import draw_image

SAMPLE = Path("data/images/hitzewarnung.jpg")


def _cpu(step: Callable[[], object], reps: int) -> tuple[float, object]:
    best, result = math.inf, None
    for _ in range(reps):
        start = time.process_time()
        result = step()
        best = min(best, time.process_time() - start)
    return best, result


def _psnr(original: PILImage.Image, encoded: bytes) -> float:
    back = PILImage.open(io.BytesIO(encoded)).convert("RGB")
    histogram = ImageChops.difference(original.convert("RGB"), back).histogram()
    squares = sum(count * (value % 256) ** 2 for value, count in enumerate(histogram))
    mse = squares / (3 * original.width * original.height)
    return 99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse)


def _saver(options: dict[str, object]) -> Callable[[PILImage.Image], bytes]:
    def save(image: PILImage.Image) -> bytes:
        out = io.BytesIO()
        image.save(out, "AVIF", **options)
        return out.getvalue()

    return save


def measure(name: str, source: bytes, avif_speeds: list[int], reps: int) -> None:
    seconds, image = _cpu(lambda: raster.upright_srgb(raster.open_image(source, name)), reps)
    assert isinstance(image, PILImage.Image)
    widths = [w for w in CONTENT_WIDTHS if w <= image.width]
    print(f"{name}: {image.width} × {image.height}, widths {widths} + {SHARE_WIDTH} px preview")
    print(f"  decode, upright, sRGB   {seconds * 1000:6.0f} ms")
    scaled: dict[int, PILImage.Image] = {}
    total = seconds
    resize = 0.0
    for width in (*widths, SHARE_WIDTH):
        seconds, scaled[width] = _cpu(partial(raster.to_width, image, width), reps)
        resize += seconds
    print(f"  resize (Lanczos)        {resize * 1000:6.0f} ms")
    total += resize
    # (label, encoder, used by the pipeline)
    rows: list[tuple[str, Callable[[PILImage.Image], bytes], bool]] = []
    fallback = "image/png" if image.mode == "RGBA" else "image/jpeg"
    for mime in (*MODERN, fallback):
        pil_format, _suffix, options = ENCODERS[mime]
        rows.append((f"{pil_format} {options}", lambda i, m=mime: raster.encode(i, m), True))
        if pil_format == "AVIF":
            for speed in avif_speeds:
                if speed != options.get("speed"):
                    other = {**options, "speed": speed}
                    rows.append((f"{pil_format} {other}  (not used)", _saver(other), False))
    for label, encoder, used in rows:
        seconds, sizes = 0.0, []
        for width in widths:
            spent, data = _cpu(partial(encoder, scaled[width]), reps)
            assert isinstance(data, bytes)
            seconds += spent
            sizes.append(
                f"{width}: {len(data) / 1024:5.1f} KB {_psnr(scaled[width], data):4.1f} dB"
            )
        if used:
            total += seconds
        print(f"  {label:58} {seconds * 1000:5.0f} ms   " + " | ".join(sizes))
    seconds, _data = _cpu(lambda: raster.encode(scaled[SHARE_WIDTH], "image/jpeg"), reps)
    total += seconds
    print(f"  preview JPEG {SHARE_WIDTH} px       {seconds * 1000:6.0f} ms")
    print(f"  total as configured     {total * 1000:6.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.image_encoders")
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--avif-speeds", default="6,8,9", help="AVIF speeds to compare")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    speeds = [int(s) for s in args.avif_speeds.split(",") if s.strip()]
    sources = [(p.name, p.read_bytes()) for p in args.files] or [
        (SAMPLE.name, SAMPLE.read_bytes()),
        ("draw_image('initiative-7')", draw_image("initiative-7")),
    ]
    for name, source in sources:
        measure(name, source, speeds, args.reps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
