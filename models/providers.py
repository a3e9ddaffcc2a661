"""The provider tracker: moving a place along, and what needs doing first."""

from __future__ import annotations

import datetime as dt

from models.journey import PROVIDER_STEPS, Provider, ProviderStatus


def next_status(status: ProviderStatus) -> ProviderStatus | None:
    """The stage after this one, or None once the person has been seen."""
    i = PROVIDER_STEPS.index(status)
    return PROVIDER_STEPS[i + 1] if i + 1 < len(PROVIDER_STEPS) else None


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
