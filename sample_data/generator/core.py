"""The generator: one seeded run that builds every record in a fixed order (see :meth:`Generator.run`)."""

from __future__ import annotations

from rapidfuzz import fuzz

from .activity import ActivityMixin
from .config import FIRST_NAMES, LAST_NAMES, SEED
from .customers import CustomersMixin
from .helpers import Customer, Rng, fold, name_key
from .planting import PlantingMixin
from .sales import SalesMixin
from .staff import StaffMixin
from .surveys import SurveysMixin


class Generator(StaffMixin, CustomersMixin, PlantingMixin, ActivityMixin, SurveysMixin, SalesMixin):
    """Every record of Pars Negar. Each step of :meth:`run` lives in a mixin's module (staff, customers,
    planting, activity, surveys, sales); all share this state and the one seeded random source."""

    def __init__(self) -> None:
        self.rng = Rng(SEED)
        self.customers: list[Customer] = []
        self.planted: dict = {}
        self.users = []
        self.usage = []
        self.interactions = []
        self.surveys = []
        self.leads = []
        self.orders = []
        self.spend = []
        self.used_phones: set[str] = set()
        self.used_emails: set[str] = set()
        self.used_nids: set[str] = set()
        self.reserved_names: set[str] = set()
        self.first_pool = self._distinct(FIRST_NAMES)
        self.last_pool = self._distinct(LAST_NAMES)

    # ------------------------------------------------------------------ pools
    @staticmethod
    def _distinct(pool):
        kept = []
        for fa, en in pool:
            if all(fuzz.ratio(fold(fa), fold(k[0])) < 75 and fuzz.ratio(en.lower(), k[1].lower()) < 75 for k in kept):
                kept.append((fa, en))
        return kept

    # ------------------------------------------------------------------ run
    def run(self) -> None:
        self.make_users()
        self.make_customers()
        self.simulate_churn()
        self.plant_customers()
        self.repair_names()
        self.assign_ids()
        self.make_interactions()
        self.make_orders()
        self.make_surveys()
        self.make_leads()
        self.make_spend()
        self.make_usage()
        self.finish_customers()
        self.check_fuzzy()

    def check_fuzzy(self) -> None:
        accepted = [c for c in self.customers if not c.rejected]
        found = {(a, b) for a, b, _ in self.similar_pairs(accepted)}
        planted = {tuple(sorted((g[0].key, g[1].key))) for g, _ in self.planted["fuzzy_duplicate"]}
        counts: dict[str, int] = {}
        for c in accepted:
            counts[name_key(c.first, c.last)] = counts.get(name_key(c.first, c.last), 0) + 1
        for (a, b), _kind in self.planted["fuzzy_duplicate"]:
            ka, kb = name_key(a.first, a.last), name_key(b.first, b.last)
            if (counts[ka] != 2) if ka == kb else (counts[ka] != 1 or counts[kb] != 1):
                raise RuntimeError(f"planted fuzzy name is not unique: {a.first} {a.last}")
            if (a.email and b.email) or (a.phone and b.phone) or a.company != b.company or a.city_out != b.city_out:
                raise RuntimeError(f"planted fuzzy pair has conflicting or missing evidence: {a.key}, {b.key}")
        if found != planted:
            extra = [
                (
                    self.customers[a].first + " " + self.customers[a].last,
                    self.customers[b].first + " " + self.customers[b].last,
                )
                for a, b in sorted(found - planted)
            ]
            raise RuntimeError(
                f"fuzzy pairs differ from the planted ones: extra {extra}, missing {sorted(planted - found)}"
            )
