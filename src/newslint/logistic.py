"""Logistic regression as newslint's learned rules fit it: bit for bit the same on every run.

An L2 penalty on the standardised weights, fitted by Newton's method in numpy: no randomness,
no iteration order that depends on anything but the rows, so the same examples give the same
weights, written rounded to SIGNIFICANT digits. Used by newslint.train_line_model (page
furniture, the `line-model` kind) and newslint.train_claim_model (figures that are no claims,
the numeric-claim kind's `model`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

L2 = 1.0  # penalty on the standardised weights: keeps rare features from taking over
NEWTON_STEPS = 25
SIGNIFICANT = 6


@dataclass(frozen=True)
class Fitted:
    mean: np.ndarray
    scale: np.ndarray
    weight: np.ndarray
    bias: float

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """Each row's probability, its parts summed column by column (a fixed order of additions)."""
        parts = (rows - self.mean) / self.scale * self.weight
        total = np.full(len(rows), self.bias)
        for column in range(parts.shape[1]):
            total = total + parts[:, column]
        return 1.0 / (1.0 + np.exp(-total))


def rounded(value: float) -> float:
    return float(f"{value:.{SIGNIFICANT}g}")


def fit(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray, l2: float = L2) -> Fitted:
    """The weighted, penalised fit of `labels` (1.0 or 0.0) on `rows`, every number rounded."""
    weights = weights / weights.sum() * len(weights)  # mean weight 1, so that L2 means the same for any set size
    mean = np.average(rows, axis=0, weights=weights)
    spread = np.sqrt(np.average((rows - mean) ** 2, axis=0, weights=weights))
    scale = np.where(spread > 1e-9, spread, 1.0)
    z = np.hstack([(rows - mean) / scale, np.ones((len(rows), 1))])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0.0  # the bias is not penalised
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-(z @ beta)))
        gradient = z.T @ (weights * (p - labels)) + penalty * beta
        hessian = (z * (weights * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        beta = beta - step
        if np.max(np.abs(step)) < 1e-10:
            break
    coefficients = [rounded(v) for v in beta]
    return Fitted(
        mean=np.array([rounded(v) for v in mean]),
        scale=np.array([rounded(v) for v in scale]),
        weight=np.array(coefficients[:-1]),
        bias=coefficients[-1],
    )
