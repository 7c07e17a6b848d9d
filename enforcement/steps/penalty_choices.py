"""The statutory factor lists as form choices (XLVPHC Art. 10(1) aggravating, Art. 9 mitigating)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from enforcement.domain.legal_params import AGGRAVATING_FACTORS, MITIGATING_FACTORS

AGGRAVATING_CHOICES = tuple((i, _l(name)) for i, _p, name in AGGRAVATING_FACTORS)
MITIGATING_CHOICES = tuple((i, _l(name)) for i, _c, name in MITIGATING_FACTORS)
