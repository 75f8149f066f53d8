"""A run's tables as columns of arrays, and as pandas frames only for the reader that wants one.

The engine keeps its tables (§7) as columns: the projection document is written from them directly,
so that a CLI run never imports pandas (some 0,15–0,2 s of its start-up, issue 27).
Analyses that filter and group rows ask for a ``DataFrame``, built once when first asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

#: One table: column name → one value per row, every column as long as the others.
Columns = dict[str, np.ndarray]


def frame(columns: Columns) -> pd.DataFrame:
    """The table as a DataFrame, in its columns' order."""
    import pandas as pd  # imported here: only analyses read frames

    return pd.DataFrame(columns)


def records(columns: Columns) -> list[dict[str, object]]:
    """The rows as plain Python values (numpy scalars do not serialise to JSON), in the columns' order."""
    names = list(columns)
    values = [columns[name].tolist() for name in names]
    return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def all_finite(columns: Columns) -> bool:
    """No number in the table is NaN or infinite (text and whole-number columns cannot be)."""
    return all(np.isfinite(values).all() for values in columns.values() if values.dtype.kind in "fc")
