"""Code lists used by the data contract, with their sources.

Sources:
- SMR01 admission type: Public Health Scotland, SMR Data Dictionary ("Admission
  Type"). PHS classes codes 20-22 and 30-39 as emergency admissions, 10-12 and 19
  as elective, 18 and 48 as transfers and 40-42 as maternity.
- Place of death: grouped as PHS does for NI-15 (home, care home, hospital,
  hospice, other community setting).
- Reasons for delay: PHS Delayed Discharges in NHSScotland, "Reason for delay"
  groups (health and social care reasons, patient and family-related reasons,
  code 9 complex reasons).
- Looked-after placements: Scottish Government Children Looked After Statistics
  (CLAS) placement types.
- Survey questions: the Health and Care Experience Survey items behind the Core
  Suite of Integration Indicators NI-1 to NI-9.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "ADMISSION_TYPES",
    "ADP_SUBSTANCES",
    "AE_DISCHARGE",
    "AREA_LEVELS",
    "CARER_SUPPORT_TYPES",
    "CARE_SERVICE_TYPES",
    "DELAY_REASONS",
    "ELECTIVE_ADMISSION_TYPES",
    "EMERGENCY_ADMISSION_TYPES",
    "ICD10_HELP",
    "ICD10_PATTERN",
    "LOOKED_AFTER_PLACEMENTS",
    "MONEY_ADVICE_GAIN_TYPES",
    "PLACES_OF_DEATH",
    "SEX",
    "SURVEY_QUESTIONS",
    "SURVEY_RESPONSES",
]


def _frozen(d: dict[str, str]) -> Mapping[str, str]:
    return MappingProxyType(d)


SEX = _frozen({"M": "male", "F": "female"})

AREA_LEVELS = _frozen(
    {
        "datazone": "2011 data zone (about 500-1,000 residents)",
        "intzone": "2011 intermediate zone",
        "locality": "partnership locality",
        "partnership": "health and social care partnership / council area",
        "health_board": "NHS health board",
        "country": "country",
    }
)

ADMISSION_TYPES = _frozen(
    {
        "10": "elective: routine admission",
        "11": "elective: waiting list",
        "12": "elective: booked",
        "18": "transfer: routine",
        "19": "elective: other",
        "20": "urgent/emergency: not otherwise specified",
        "21": "urgent/emergency: patient injury",
        "22": "urgent/emergency: other",
        "30": "emergency: not otherwise specified",
        "31": "emergency: patient injury, road traffic accident",
        "32": "emergency: patient injury, home accident",
        "33": "emergency: patient injury, incident at work",
        "34": "emergency: patient injury, other accident",
        "35": "emergency: patient injury, self-inflicted",
        "36": "emergency: patient injury, assault",
        "38": "emergency: other",
        "39": "emergency: not known",
        "40": "maternity: ante-partum",
        "42": "maternity: other",
        "48": "transfer: other",
    }
)
EMERGENCY_ADMISSION_TYPES = frozenset({"20", "21", "22", *(str(c) for c in range(30, 40))})
ELECTIVE_ADMISSION_TYPES = frozenset({"10", "11", "12", "19"})

ICD10_PATTERN = r"^[A-Z][0-9]{2}[0-9A-Z]{0,2}$"
ICD10_HELP = "an ICD-10 code without the dot, 3 to 5 characters (e.g. I219, W19X)"

PLACES_OF_DEATH = _frozen(
    {
        "home": "home or private residence",
        "care_home": "care home",
        "hospital": "NHS hospital (acute, community or psychiatric)",
        "hospice": "hospice",
        "other": "other community setting or place",
    }
)

DELAY_REASONS = _frozen(
    {
        "health_social_care": "health and social care reasons (assessment, care arrangements, funding)",
        "patient_family": "patient and family-related reasons",
        "code_9": "code 9: complex reasons (adults with incapacity, specialist placements)",
    }
)

CARE_SERVICE_TYPES = _frozen(
    {
        "home_care": "care at home (hours per week recorded)",
        "care_home": "long-stay care home placement",
        "long_stay_hospital": "long-stay hospital bed",
        "telecare": "community alarm or telecare",
        "day_care": "day care",
        "reablement": "short-term reablement",
        "direct_payment": "self-directed support option 1 (direct payment)",
    }
)

ADP_SUBSTANCES = _frozen({"drug": "drugs", "alcohol": "alcohol", "both": "drugs and alcohol"})

LOOKED_AFTER_PLACEMENTS = _frozen(
    {
        "home": "at home with parents",
        "kinship": "with friends or relatives (kinship care)",
        "foster": "with foster carers",
        "residential": "in residential care",
        "secure": "in secure accommodation",
        "other": "other community placement",
    }
)

MONEY_ADVICE_GAIN_TYPES = _frozen(
    {
        "benefits": "social security benefits gained",
        "debt": "debt written off or rescheduled",
        "grants": "grants and other one-off gains",
    }
)

CARER_SUPPORT_TYPES = _frozen(
    {
        "adult_carer_support_plan": "adult carer support plan completed",
        "young_carer_statement": "young carer statement completed",
        "information_advice": "information and advice",
        "short_break": "short break (respite)",
    }
)

AE_DISCHARGE = _frozen(
    {
        "admitted": "admitted to hospital",
        "home": "discharged home or to usual place of residence",
        "transferred": "transferred to another site",
        "left": "left before treatment was completed",
        "other": "other or not known",
    }
)

SURVEY_QUESTIONS = _frozen(
    {
        "NI-1": "able to look after their health very well or quite well",
        "NI-2": "supported to live as independently as possible",
        "NI-3": "had a say in how their help, care or support was provided",
        "NI-4": "health and social care services seemed to be well co-ordinated",
        "NI-5": "rated the care or support they received as excellent or good",
        "NI-6": "had a positive experience of the care provided by their GP practice",
        "NI-7": "services and support had an impact on improving or maintaining quality of life",
        "NI-8": "carers who feel supported to continue in their caring role",
        "NI-9": "felt safe",
    }
)

SURVEY_RESPONSES = _frozen(
    {
        "positive": "agree / positive answer",
        "neutral": "neither agree nor disagree",
        "negative": "disagree / negative answer",
    }
)
