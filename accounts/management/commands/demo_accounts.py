"""Print the demo accounts and where to sign in with them (``make run`` does, after load_demo)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from accounts.demo import PASSWORD, USERNAMES, demo_accounts_words


class Command(BaseCommand):
    help = "Print the demo accounts load_demo made (local settings only) with the sign-in address."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--address", default="http://127.0.0.1:8000/", help="The site's address.")

    def handle(self, *args, address: str, **options) -> None:
        present = get_user_model().objects.filter(username__in=USERNAMES, is_active=True).count()
        if not settings.DEBUG or present < len(USERNAMES):
            self.stdout.write("Demo accounts: none (they exist only with DEBUG on, made by load_demo).")
            return
        sign_in = address.rstrip("/") + "/accounts/login/"
        self.stdout.write(f"Sign in at {sign_in} as {demo_accounts_words()}; password {PASSWORD}")
