"""The formulas of explanations (§11.3): ASCII expressions over named inputs, evaluated safely.

A formula may use numbers, names, ``+ - * /``, unary minus, parentheses, ``min(…)`` and
``max(…)`` — nothing else — so that anyone can check a line with a calculator, and so that this
module can check every line before it is shown (``evaluate`` refuses anything outside that
grammar rather than running it).
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Mapping

_BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_FUNCTIONS = {"min": min, "max": max}


class FormulaError(ValueError):
    """A formula outside §11.3's grammar, or one naming an input it was not given."""


def evaluate(formula: str, inputs: Mapping[str, float]) -> float:
    """The value of ``formula`` with ``inputs``; raises FormulaError for anything §11.3 does not allow."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as error:
        raise FormulaError(f"not a formula: {formula!r}") from error
    return float(_value(tree.body, inputs))


def _value(node: ast.AST, inputs: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.Name):
        if node.id not in inputs:
            raise FormulaError(f"the formula names {node.id}, which is not among its inputs")
        return float(inputs[node.id])
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_value(node.left, inputs), _value(node.right, inputs))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand, inputs)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and node.args
        and not node.keywords
    ):
        return _FUNCTIONS[node.func.id](_value(arg, inputs) for arg in node.args)
    raise FormulaError(f"{ast.unparse(node)!r} is not allowed in a formula")


def agrees(formula: str, inputs: Mapping[str, float], value: float) -> bool:
    """Whether the formula evaluates to ``value`` within §10's tolerance (relative 1e-9, absolute 1e-6)."""
    return math.isclose(evaluate(formula, inputs), value, rel_tol=1e-9, abs_tol=1e-6)
