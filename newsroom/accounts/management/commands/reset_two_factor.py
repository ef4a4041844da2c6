"""``manage.py reset_two_factor USERNAME``: remove someone's authenticator (lost phone)."""

import logging

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from newsroom.accounts import two_factor

logger = logging.getLogger("newsroom.auth")


class Command(BaseCommand):
    help = (
        "Remove the two-factor authenticator of USERNAME: they then log in with their "
        "password alone and enrol a new phone."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist as error:
            raise CommandError(f"No user named {username!r}.") from error
        removed = two_factor.remove_devices(user)
        if removed:
            logger.warning("Two-factor device reset for %s by manage.py", username)
            self.stdout.write(f"Two-factor authentication reset for {username}.")
        else:
            self.stdout.write(f"{username} had no two-factor device; nothing to reset.")
