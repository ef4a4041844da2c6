import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.reads import buffer
from articles.reads.stepwise import forget_expired_readers


class Command(BaseCommand):
    help = (
        "Apply the reads buffered in Redis to the database (exactly once; safe to run "
        "concurrently and after a crash) and forget expired repeat-visitor marks. "
        "Run it every minute. Fails (exit status 1) while Redis does not answer."
    )

    def handle(self, *args, **options):
        failure = None
        if settings.REDIS_URL:
            try:
                result = buffer.flush()
            except redis.RedisError as error:
                failure = error
            else:
                self.stdout.write(
                    f"Applied {result['applied']} batch(es); "
                    f"{result['already_applied']} were applied before."
                )
        else:
            self.stdout.write("REDIS_URL is not set: reads are counted in the database directly.")
        # Also during an outage: reads are then counted in the database, with these marks.
        forgotten = forget_expired_readers()
        self.stdout.write(f"Forgot {forgotten} expired repeat-visitor mark(s).")
        if failure is not None:
            # Nothing is lost: a batch leaves Redis only after its commit (reads/buffer.py).
            raise CommandError(
                f"Redis does not answer ({type(failure).__name__}: {failure}). No read was "
                "lost: the buffered reads stay in Redis for the next flush."
            ) from failure
