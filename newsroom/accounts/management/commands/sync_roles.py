from django.core.management.base import BaseCommand

from newsroom.accounts.roles import ROLE_PERMISSIONS, sync_roles


class Command(BaseCommand):
    help = "Create the role groups (Reporter, Fotografer, Editor, Admin); reset their permissions."

    def handle(self, *args, **options):
        sync_roles(create_missing_permissions=True)
        self.stdout.write(self.style.SUCCESS(f"Roles in sync: {', '.join(ROLE_PERMISSIONS)}."))
