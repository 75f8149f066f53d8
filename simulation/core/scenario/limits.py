"""The bounds every part of the scenario document shares (§8): kept apart so that both the
field tables (``fields``) and the rule-parameter table (``parameters``) read them."""

MAX_DRAWS = 5000
MAX_HORIZON = 50
#: A document runs its baseline and at most this many variants: each run is a whole projection
#: (every centre and year), so the variants multiply what a request costs (README, "Bounded requests").
MAX_VARIANTS = 10

# Upper bounds keep every figure the engine derives finite and meaningful: a region has at most a
# few million listed, a centre's yearly money is far below 10¹² SEK, nobody makes 100 visits a year.
MAX_LISTED = 10_000_000
MAX_MONEY = 1e12  # SEK
MAX_RATE_PER_LISTED = 100.0  # visits per listed person and year
#: Any number without a tighter bound stays within ±this (SEK or a plain number).
MAX_ANY_NUMBER = 1e15
MAX_TEXT = 10_000  # descriptions and any other free text
