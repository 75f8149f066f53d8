from django.db import transaction

from simulation.scenario import validate_rules

from .models import Region, Rulebook


@transaction.atomic
def rulebook_save(*, region: Region, effective_from: int, rules: dict) -> Rulebook:
    """Store the region's rules from a year on, refused (ScenarioInvalid) exactly as a document would be."""
    validate_rules(rules)
    rulebook, _ = Rulebook.objects.update_or_create(
        region=region, effective_from=effective_from, defaults={"rules": rules}
    )
    return rulebook
