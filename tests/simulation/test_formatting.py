from simulation.core.numbers import mnkr, number, percent

NBSP = "\u00a0"


def test_millions_use_decimal_comma_and_spaced_thousands():
    assert mnkr(1_234_500_000) == f"1{NBSP}234,5{NBSP}mnkr"


def test_negative_numbers_use_a_minus_sign():
    assert number(-59_587.51, 2) == f"\u221259{NBSP}587,51"


def test_a_negative_that_rounds_to_zero_has_no_sign():
    assert mnkr(-20_000) == f"0,0{NBSP}mnkr"


def test_shares_become_percent():
    assert percent(0.4167) == f"41,7{NBSP}%"


def test_missing_values_show_a_dash():
    assert mnkr(None) == "–"
