"""Create or update an API user with a role, and print their token as the last word."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from regions.models import Region, Role


class Command(BaseCommand):
    help = "Create or update USERNAME with a role (and, for analysts, their regions); print the API token."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.Kind.values, required=True)
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            metavar="CODE",
            help="a region the analyst works on (repeat for several)",
        )

    @transaction.atomic
    def handle(self, *args, username: str, role: str, region: list[str], **options) -> None:
        codes = [c.upper() for c in region]
        regions = list(Region.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {r.code for r in regions})
        if unknown:
            raise CommandError(f"unknown region code(s): {', '.join(unknown)}")
        if role == Role.Kind.ANALYST and not regions:
            raise CommandError("an analyst needs at least one --region CODE")
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
        access, _ = Role.objects.update_or_create(user=user, defaults={"kind": role})
        access.regions.set(regions)
        token, _ = Token.objects.get_or_create(user=user)
        where = f", regions {', '.join(r.code for r in regions)}" if regions else ""
        self.stdout.write(f"{'Created' if created else 'Updated'} {username} ({role}{where}). Token: {token.key}")
