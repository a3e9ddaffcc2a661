"""The provider tracker: moving a place along, and what needs doing first."""

from __future__ import annotations

import datetime as dt

from models.journey import PROVIDER_STEPS, Provider, ProviderStatus
from models.text import t

NEXT_STEP_KEYS = {
    ProviderStatus.TO_CONTACT: "tracker.default_next",
    ProviderStatus.CALLED: "tracker.next_called",
    ProviderStatus.RECORDS_SENT: "tracker.next_records_sent",
    ProviderStatus.BOOKED: "tracker.next_booked",
}
"""The next step we suggest at each stage; once seen, there is none."""


def next_status(status: ProviderStatus) -> ProviderStatus | None:
    """The stage after this one, or None once the person has been seen."""
    i = PROVIDER_STEPS.index(status)
    return PROVIDER_STEPS[i + 1] if i + 1 < len(PROVIDER_STEPS) else None


def suggested_step(status: ProviderStatus) -> str:
    """What usually comes next at this stage ("Send them your records" once called)."""
    key = NEXT_STEP_KEYS.get(status)
    return t(key) if key else ""


def step_for(status: ProviderStatus, was: ProviderStatus, step: str) -> str:
    """The next step once a place moves from `was` to `status`: our suggestion for the
    new stage, unless the person wrote a step of their own, which stays."""
    if step.strip() in ("", suggested_step(was)):
        return suggested_step(status)
    return step


def moved_to(provider: Provider, status: ProviderStatus) -> Provider:
    """The place at a new stage. A suggested step is replaced by the new stage's one,
    and its date goes with it; a step the person wrote stays, with its date."""
    step = step_for(status, provider.status, provider.next_step)
    update: dict = {"status": status, "next_step": step}
    if step != provider.next_step:
        update["next_date"] = None
    return provider.model_copy(update=update)


def previous_status(status: ProviderStatus) -> ProviderStatus | None:
    i = PROVIDER_STEPS.index(status)
    return PROVIDER_STEPS[i - 1] if i > 0 else None


def by_what_needs_doing(providers: list[Provider], today: dt.date | None = None) -> list[Provider]:
    """Overdue and dated next steps first (soonest first), then undated ones by
    stage, and places already seen last."""
    today = today or dt.date.today()

    def key(p: Provider):
        finished = p.status == ProviderStatus.SEEN
        dated = p.next_date is not None
        return (
            finished,
            not dated,
            p.next_date or dt.date.max,
            PROVIDER_STEPS.index(p.status),
            p.name.lower(),
        )

    return sorted(providers, key=key)


def is_overdue(provider: Provider, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return (
        provider.next_date is not None
        and provider.next_date < today
        and provider.status != ProviderStatus.SEEN
    )
