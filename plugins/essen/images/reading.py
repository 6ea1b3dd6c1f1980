"""Reading a source image like every data file, and the refusals of unusable images.

A source is read inside `data/images/` only (`yamlsource.safe_read_bytes`: no link on the way,
a regular file) and refused if it has more than one hard link or more than 20 MB.
"""

from __future__ import annotations

import difflib
import os
import stat
from pathlib import Path

from ..errors import DataError
from ..rules import IMAGES_DIR
from ..yamlsource import FileStamp, file_stamp, safe_read_bytes

MAX_IMAGE_BYTES = 20 * 1024 * 1024


class Refused(Exception):
    """One image cannot be used: (message, hint) for the record's `file` line."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_image_file(data_dir: Path, file: str, shown_dir: str) -> bytes:
    """The bytes of data/images/<file>, or Refused saying why not (never following a link)."""
    shown = f"{shown_dir}/{IMAGES_DIR}/{file}"
    folder = data_dir / IMAGES_DIR
    path = folder / file
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise _missing(folder, file, shown) from None
    except OSError:
        info = None  # safe_read_bytes names the folder that is in the way
    if info is not None and stat.S_ISREG(info.st_mode):
        if info.st_nlink > 1:
            # A hard link is the same file as another one, possibly outside data/.
            raise Refused(
                f"{shown} ist eine Datei mit mehreren Namen (harter Link) und wird nicht gelesen",
                f"kopieren Sie das Bild als eigene Datei in den Ordner {shown_dir}/{IMAGES_DIR}/",
            )
        if info.st_size > MAX_IMAGE_BYTES:
            raise _too_big(shown, info.st_size)
    try:
        return safe_read_bytes(path, data_dir, shown, MAX_IMAGE_BYTES)
    except DataError as error:
        problem = error.problems[0]
        where = problem.path
        raise Refused(f"{where}: {problem.message}", problem.hint) from None


def image_stamp(data_dir: Path, file: str) -> FileStamp | None:
    """The stamp of data/images/<file>, None unless it is a regular file with one name in a real
    folder: a file saved, replaced or linked gets another."""
    folder = file_stamp(data_dir / IMAGES_DIR)
    stamp = file_stamp(data_dir / IMAGES_DIR / file)
    if folder is None or stamp is None or not stat.S_ISDIR(folder.mode):
        return None
    if not stat.S_ISREG(stamp.mode) or stamp.links != 1:
        return None
    return stamp


def _missing(folder: Path, file: str, shown: str) -> Refused:
    try:
        present = [name for name in os.listdir(folder) if not name.startswith(".")]
    except OSError:
        present = []
    close = difflib.get_close_matches(file, present, n=1, cutoff=0.6)
    hint = (
        f"meinten Sie »{close[0]}«?"
        if close
        else f"legen Sie die Datei in den Ordner {shown.rsplit('/', 1)[0]}/ oder korrigieren Sie "
        "den Namen (Groß- und Kleinschreibung zählt)"
    )
    return Refused(f"die Bilddatei {shown} fehlt", hint)


def _too_big(shown: str, size: int) -> Refused:
    megabytes = f"{size / 1024 / 1024:.1f}".replace(".", ",")
    return Refused(
        f"{shown} ist {megabytes} MB groß, erlaubt sind höchstens "
        f"{MAX_IMAGE_BYTES // 1024 // 1024} MB",
        "speichern Sie das Bild kleiner, z. B. 2.000 Pixel breit als JPEG (Qualität 85)",
    )
