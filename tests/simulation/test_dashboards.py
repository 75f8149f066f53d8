from simulation.dashboards import gains_and_losses


def run(results: dict[str, list[float]]) -> dict:
    return {"centres": [{"centre_id": c, "result": r} for c, rs in results.items() for r in rs]}


def test_gains_and_losses_compare_each_centres_summed_result_with_the_first_scenario():
    base = run({"A": [1, 1], "B": [5, 5], "C": [0, 0]})
    reform = run({"A": [4, 4], "B": [2, 2], "C": [0, 0]})

    found = gains_and_losses([("Bas", base), ("Reform", reform)], {"A": "Ålidhem", "B": "Berg"})

    assert found == [
        {
            "label": "Reform",
            "gains": [{"name": "Ålidhem", "difference": 6.0}],
            "losses": [{"name": "Berg", "difference": -6.0}],
        }
    ]
