from django.db import transaction

from regions.models import AuditEvent, Region, Rulebook
from simulation.core.scenario import validate_rules


def audit_record(*, region: Region, user, action: str, obj, summary: str) -> AuditEvent:
    """Record a change in the caller's transaction: it is kept exactly when the change is."""
    return AuditEvent.objects.create(
        region=region,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        summary=summary[:300],
    )


@transaction.atomic
def rulebook_save(*, region: Region, effective_from: int, rules: dict) -> Rulebook:
    """Store the region's rules from a year on, refused (ScenarioInvalid) exactly as a document would be."""
    validate_rules(rules)
    rulebook, _ = Rulebook.objects.update_or_create(
        region=region, effective_from=effective_from, defaults={"rules": rules}
    )
    return rulebook
