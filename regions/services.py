from django.conf import settings
from django.db import transaction
from django.utils import translation

from regions.models import AuditEvent, Region, Rulebook, summary_words
from simulation.core.scenario import validate_rules


def audit_record(*, region: Region, user, action: str, obj, summary: str | None = None, parts=()) -> AuditEvent:
    """Record a change in the caller's transaction: it is kept exactly when the change is.

    ``parts`` ([msgid, values], … with msgids marked by gettext_noop) make a summary that reads in
    the language of whoever opens the log; ``summary`` is then written from them in the site's
    language (for the admin). Without parts, ``summary`` is words no one translates (a name)."""
    parts = [[message, dict(values)] for message, values in parts]
    if parts:
        with translation.override(settings.LANGUAGE_CODE):
            summary = summary_words(parts)
    return AuditEvent.objects.create(
        region=region,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        summary=(summary or "")[:300],
        parts=parts,
    )


@transaction.atomic
def rulebook_save(*, region: Region, effective_from: int, rules: dict) -> Rulebook:
    """Store the region's rules from a year on, refused (ScenarioInvalid) exactly as a document would
    be; a new version by nobody (the demo loader, tests). People publish with ``rulebook_publish``."""
    from regions.rulebooks import rulebook_publish  # it records its audit event through this module

    validate_rules(rules)
    rulebook_publish(region=region, effective_from=effective_from, rules=rules, audit=False)
    return Rulebook.objects.get(region=region, effective_from=effective_from)
