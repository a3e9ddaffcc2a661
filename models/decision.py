"""The decision check (SURE) and the weighing-up, as small pure functions.

SURE: Légaré F, et al. Can Fam Physician 2010;56(8):e308-14. Each "yes"
scores 1; any "no" (a score under 4) suggests the person is not yet sure.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.journey import Consideration, ConsiderationKind, Decision

OPTIONS = ("now", "later", "not")


@dataclass(frozen=True)
class SureResult:
    score: int
    total: int
    unsure_ids: list[str]
    """Items answered "no", in the order asked: each gets a next step."""

    @property
    def sure(self) -> bool:
        return self.score == self.total


def sure_result(answers: dict[str, bool], item_ids: list[str]) -> SureResult | None:
    """The SURE score, or None until every item is answered."""
    if not item_ids or any(i not in answers for i in item_ids):
        return None
    score = sum(1 for i in item_ids if answers[i])
    return SureResult(score, len(item_ids), [i for i in item_ids if not answers[i]])


@dataclass(frozen=True)
class Balance:
    """How much the pros and the cons of one option matter to the person."""

    option: str
    pros: int
    cons: int


def balances(considerations: list[Consideration]) -> list[Balance]:
    """Totals of the person's own ratings per option. It shows, it never chooses."""
    result = []
    for option in OPTIONS:
        mine = [c for c in considerations if c.option == option]
        result.append(
            Balance(
                option,
                sum(c.weight for c in mine if c.kind == "pro"),
                sum(c.weight for c in mine if c.kind == "con"),
            )
        )
    return result


def with_rating(
    decision: Decision, suggestion: dict, kind: ConsiderationKind, weight: int
) -> Decision:
    """The decision with one suggested pro or con rated (added if new)."""
    kept = [c for c in decision.considerations if c.id != suggestion["id"]]
    rated = Consideration(
        id=suggestion["id"],
        option=suggestion["option"],
        kind=kind,
        label=suggestion["label"],
        weight=weight,
    )
    return decision.model_copy(update={"considerations": [*kept, rated]})


def weight_of(decision: Decision, consideration_id: str) -> int:
    return next((c.weight for c in decision.considerations if c.id == consideration_id), 0)
