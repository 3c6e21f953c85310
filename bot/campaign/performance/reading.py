"""Reading an uploaded file as an analytics export: each importer in turn looks at the content
(never the name) and the first that knows the format reads it. A file none of them knows is
refused with the list of formats that are read.
"""

from __future__ import annotations

import logging

from bot.campaign.performance import (
    instagram_overview,
    mapped_csv,
    meta_posts,
    tiktok_overview,
    tiktok_videos,
    youtube_studio,
)
from bot.campaign.performance.importing import Importer, Upload
from bot.campaign.performance.observation import ImportedFile
from bot.domain.errors import Refusal

log = logging.getLogger(__name__)


class NotAnExport(Refusal):
    """No importer knows the file: it is not an analytics export at all."""

# Most particular first: a zip, then files with a preamble, then headers; the mapped CSV
# last, as it reads anything its mapping names.
IMPORTERS: tuple[Importer, ...] = (
    youtube_studio.IMPORTER,
    instagram_overview.IMPORTER,
    meta_posts.IMPORTER,
    tiktok_videos.IMPORTER,
    tiktok_overview.IMPORTER,
    mapped_csv.IMPORTER,
)


def read_export(upload: Upload) -> ImportedFile:
    """The figures of an export, or a Refusal saying why not; nothing is recorded either way."""
    for importer in IMPORTERS:
        try:
            found = importer.read(upload)
        except Refusal:
            raise
        except Exception as error:  # a reader's own mistake must not become a traceback
            log.exception("the %s importer failed on a file", importer.format)
            raise Refusal(f"That file looks like a {importer.title} but could not be read "
                          f"({type(error).__name__}); nothing was recorded.") from None
        if found is not None:
            return found
    raise NotAnExport("That file is not an analytics export this bot reads. It reads: "
                  + "; ".join(i.title for i in IMPORTERS) + ".")


def format_title(format_name: str) -> str:
    """A format's name for people: `meta_posts` → "Meta Business Suite per-post export"."""
    return next((i.title for i in IMPORTERS if i.format == format_name), format_name)
