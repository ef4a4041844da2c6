from django.core.management.base import BaseCommand

from articles.demo.content import DEMO_EDITOR_USERNAME, ensure_demo_editor, load_demo_content


class Command(BaseCommand):
    help = "Load demo press releases (once) and create a local demo editor account (once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default="http://127.0.0.1:8000",
            help="Where the site is served, for the admin URL printed at the end.",
        )

    def handle(self, *args, site_url, **options):
        created = load_demo_content()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {created} demo press releases."))
        else:
            self.stdout.write("The site already has articles; no demo content loaded.")

        admin_url = f"{site_url.rstrip('/')}/admin/"
        password = ensure_demo_editor()
        if password:
            self.stdout.write(
                self.style.WARNING(
                    f"Admin: {admin_url}  user: {DEMO_EDITOR_USERNAME}  password: {password}\n"
                    "This password is shown only once; keep it for this local demo."
                )
            )
        else:
            self.stdout.write(
                f"Admin: {admin_url}  user: {DEMO_EDITOR_USERNAME} (password shown on the first "
                f"run; reset it with: .venv/bin/python manage.py changepassword "
                f"{DEMO_EDITOR_USERNAME})"
            )
