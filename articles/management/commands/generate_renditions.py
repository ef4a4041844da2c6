from django.core.management.base import BaseCommand
from tqdm import tqdm

from articles.models import Photo
from articles.photos import images
from articles.photos import services as photos


class Command(BaseCommand):
    help = (
        "Make the renditions (480/960/1600 px WebP and JPEG, 1200x630 link preview) that "
        "photos lack: after migrating old photos, restoring media, or a new rendition "
        "version. Only missing files are made, so it is safe to run again at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Check every photo, not only those not yet marked ready (e.g. after "
            "restoring media from a backup).",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        queryset = (
            Photo.objects.exclude(image="")
            if options["all"]
            else Photo.objects.missing_renditions()
        )
        queryset = queryset.order_by("pk")
        total = queryset.count()
        made = failed = 0
        progress = tqdm(
            queryset.iterator(),
            total=total,
            unit="foto",
            disable=options["no_progress"],
            file=self.stderr,
        )
        for photo in progress:
            try:
                stored = photos.ensure_renditions(photo)
            except (FileNotFoundError, images.ImageRejected) as error:
                failed += 1
                progress.write(f"Photo {photo.pk} ({photo.image.name}): {error}")
                continue
            made += sum(rendition.created for rendition in stored)
        self.stdout.write(
            f"{total} photo(s) checked, {made} rendition file(s) made, {failed} failed."
        )
        if failed:
            raise SystemExit(1)
