from django.conf import settings
from django.core.management.base import BaseCommand

from articles.reads import buffer
from articles.reads.counting import forget_expired_readers


class Command(BaseCommand):
    help = (
        "Apply the reads buffered in Redis to the database (exactly once; safe to run "
        "concurrently and after a crash) and forget expired repeat-visitor marks. "
        "Run it every minute."
    )

    def handle(self, *args, **options):
        if settings.REDIS_URL:
            result = buffer.flush()
            self.stdout.write(
                f"Applied {result['applied']} batch(es); "
                f"{result['already_applied']} were applied before."
            )
        else:
            self.stdout.write("REDIS_URL is not set: reads are counted in the database directly.")
        forgotten = forget_expired_readers()
        self.stdout.write(f"Forgot {forgotten} expired repeat-visitor mark(s).")
