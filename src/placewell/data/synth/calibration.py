"""Every rate and parameter of the demo population, in one documented place.

The numbers make the synthetic Ayrshire behave like the published Scottish figures
(Public Health Scotland, Scottish Government, National Records of Scotland). Each
block names the published fact it is tuned to; "derived" means simple arithmetic
on published numbers. Rates are per person per year unless stated. Age schedules
are step functions written as ``(from_age, value)`` pairs and expanded to one value
per single year of age ``0..MAX_AGE`` by :func:`by_age`.

Deprivation enters as a log-linear gradient over the national SIMD rank
percentile ``p`` (0 = most deprived): ``exp(beta * (0.5 - p))``, normalised to
average 1 over Scotland (where ``p`` is uniform), so each base rate stays the
Scottish average and ``exp(0.8 * beta)`` is the ratio between the most and least
deprived quintile mid-points. The code lists records draw from (diagnoses,
specialties, causes of death, admission types) are in :mod:`.coding`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_AGE = 110

# --- geography ------------------------------------------------------------------

SIMD_VERSION = "2020v2"
SIMD_DATAZONES = 6976  # data zones ranked by SIMD 2020v2
SIMD_15PC = 1046  # 15% of 6,976 data zones
HEALTH_BOARD = ("S08000015", "NHS Ayrshire and Arran")
COUNTRY = ("S92000003", "Scotland")
DATAZONE_CODE_START = 900_001  # 'S01' + 6 digits: far above real codes (S01006506-S01013481)
INTZONE_CODE_START = 900_001  # 'S02' + 6 digits: real codes end near S02002514
# Real Ayrshire data zones average 717-738 residents (Census 2022 population over
# the 2011 data zone counts 186, 163 and 153); invented ones are drawn in a narrower
# band than 500-1,000 so births and deaths over the years keep them inside it.
DATAZONE_MEAN_RESIDENTS = 725
DATAZONE_RESIDENTS = (570, 930)
INTZONE_MEAN_DATAZONES = 5.5  # real intermediate zones hold about 4-8 data zones
LOCALITY_NOISE_SD = 0.7  # spread of data zone deprivation within a locality


@dataclass(frozen=True)
class Partnership:
    """A council / health and social care partnership and its published profile."""

    code: str
    name: str
    short: str
    population: int  # Census 2022
    aged_65_plus: float  # share on the first day (see below)
    aged_75_plus: float
    simd_deciles: tuple[int, ...]  # data zones in each national SIMD 2020v2 decile
    adp_wait_mean_days: float  # mean wait for drug and alcohol treatment


# Age shares are for the first day of a 2018 start, chosen so that the closed
# population (no migration) reaches the Census 2022 shares by mid-2022: 65+ North
# 23.8%, East 21.4%, South 26.3%; 75+ South 11.9% (council report; North and East
# estimated at 10.6% and 9.4%).
# The decile counts are the real SIMD 2020v2 distribution of each council's data
# zones; they give exactly the published shares in Scotland's 20% most deprived
# (North 74 of 186 = 39.8%, East 51 of 163 = 31.3%, South 28 of 153 = 18.3%).
# North Ayrshire reports 98% starting drug and alcohol treatment within 3 weeks
# (2023/24), against about 92% for Scotland: a shorter mean wait there.
PARTNERSHIPS: tuple[Partnership, ...] = (
    Partnership(
        code="S37000020",
        name="North Ayrshire",
        short="NA",
        population=133_400,
        aged_65_plus=0.217,
        aged_75_plus=0.084,
        simd_deciles=(30, 44, 20, 16, 18, 10, 15, 14, 17, 2),
        adp_wait_mean_days=5.0,
    ),
    Partnership(
        code="S37000008",
        name="East Ayrshire",
        short="EA",
        population=120_300,
        aged_65_plus=0.191,
        aged_75_plus=0.074,
        simd_deciles=(25, 26, 21, 20, 14, 13, 15, 12, 9, 8),
        adp_wait_mean_days=7.5,
    ),
    Partnership(
        code="S37000027",
        name="South Ayrshire",
        short="SA",
        population=111_600,
        aged_65_plus=0.242,
        aged_75_plus=0.086,
        simd_deciles=(15, 13, 11, 24, 25, 8, 12, 11, 22, 12),
        adp_wait_mean_days=7.5,
    ),
)
REAL_POPULATION = sum(p.population for p in PARTNERSHIPS)  # 365,300


@dataclass(frozen=True)
class Locality:
    """A partnership locality (real name), its share of people and deprivation."""

    partnership: int  # index into PARTNERSHIPS
    code: str
    name: str
    population: int  # plausible split of the council population (sums to it)
    deprivation: float  # latent deprivation effect: higher is more deprived
    places: tuple[str, ...]  # towns and villages used to name intermediate zones


LOCALITIES: tuple[Locality, ...] = (
    Locality(0, "LOC-NA-ARRAN", "Arran", 4_600, -0.5,
             ("Brodick", "Lamlash", "Whiting Bay", "Blackwaterfoot")),
    Locality(0, "LOC-NA-GARNOCK-VALLEY", "Garnock Valley", 19_400, 0.5,
             ("Beith", "Dalry", "Kilbirnie", "Glengarnock")),
    Locality(0, "LOC-NA-IRVINE", "Irvine", 38_600, 0.7,
             ("Irvine", "Dreghorn", "Springside", "Girdle Toll")),
    Locality(0, "LOC-NA-KILWINNING", "Kilwinning", 16_400, 0.3,
             ("Kilwinning", "Blacklands", "Pennyburn")),
    Locality(0, "LOC-NA-NORTH-COAST", "North Coast & Cumbraes", 20_000, -0.7,
             ("Largs", "West Kilbride", "Skelmorlie", "Fairlie", "Millport")),
    Locality(0, "LOC-NA-THREE-TOWNS", "Three Towns", 34_400, 1.0,
             ("Ardrossan", "Saltcoats", "Stevenston")),
    Locality(1, "LOC-EA-KILMARNOCK", "Kilmarnock", 52_300, 0.45,
             ("Kilmarnock", "Hurlford", "Crosshouse", "Onthank")),
    Locality(1, "LOC-EA-NORTHERN", "Northern", 31_000, -0.7,
             ("Stewarton", "Galston", "Newmilns", "Darvel", "Fenwick")),
    Locality(1, "LOC-EA-SOUTHERN", "Southern", 37_000, 0.4,
             ("Cumnock", "Auchinleck", "Dalmellington", "New Cumnock", "Mauchline")),
    Locality(2, "LOC-SA-AYR-NORTH", "Ayr North and Former Coalfield Communities", 24_100, 1.0,
             ("Ayr", "Annbank", "Mossblown", "Tarbolton")),
    Locality(2, "LOC-SA-AYR-SOUTH", "Ayr South and Coylton", 22_000, -0.2,
             ("Ayr", "Alloway", "Coylton")),
    Locality(2, "LOC-SA-GIRVAN", "Girvan and South Carrick Villages", 11_500, 0.6,
             ("Girvan", "Ballantrae", "Barr", "Colmonell")),
    Locality(2, "LOC-SA-MAYBOLE", "Maybole and North Carrick Communities", 11_000, 0.3,
             ("Maybole", "Kirkoswald", "Dunure", "Straiton")),
    Locality(2, "LOC-SA-PRESTWICK", "Prestwick", 21_000, -0.3,
             ("Prestwick", "Monkton", "Symington")),
    Locality(2, "LOC-SA-TROON", "Troon", 22_000, -0.6,
             ("Troon", "Loans", "Dundonald")),
)  # fmt: skip

INTZONE_SUFFIXES = (
    "Central", "North", "South", "East", "West", "Park", "Mains", "Hill",
    "Bridge", "Shore", "Braes", "Glen", "Burn", "Green", "Moor", "Cross",
)  # fmt: skip


def by_age(*steps: tuple[int, float]) -> np.ndarray:
    """Expand ``(from_age, value)`` steps to one value per single year of age."""
    out = np.zeros(MAX_AGE + 1)
    for start, value in steps:
        out[start:] = value
    return out


def deprivation_multiplier(percentile: np.ndarray, beta: float) -> np.ndarray:
    """``exp(beta * (0.5 - p))`` normalised to mean 1 for a uniform ``p`` (Scotland)."""
    if beta == 0:
        return np.ones_like(percentile, dtype=float)
    norm = np.sinh(beta / 2) / (beta / 2)
    return np.exp(beta * (0.5 - percentile)) / norm


# --- people ---------------------------------------------------------------------

# Scotland's age structure (NRS mid-2022 estimates, five-year bands 0-4 ... 85-89,
# then 90+), per cent; 65+ is 19.9% (Census 2022: 20.1%). Each partnership's
# profile rescales the 0-64, 65-74 and 75+ blocks to its own 65+ and 75+ shares.
SCOTLAND_AGE_BANDS = (
    4.9, 5.4, 5.6, 5.4, 6.1, 6.4, 6.6, 6.3, 5.9, 6.1,
    7.2, 7.4, 6.8, 5.8, 5.3, 3.9, 2.6, 1.5, 0.8,
)  # fmt: skip
OLDEST_DECAY = 0.72  # within 90+, each further year holds this share of the last
DATAZONE_AGE_TILT_SD = 0.25  # data zone spread in the log-odds of being 65+
DATAZONE_AGE_DEPRIVATION = 0.35  # less deprived data zones are older
FEMALE_SHARE = by_age((0, 0.488), (20, 0.50), (45, 0.515), (65, 0.53), (75, 0.56), (85, 0.64), (90, 0.71))  # fmt: skip
BIRTHS_PER_PERSON = 0.0084  # NRS: about 46,000 births a year for 5.45m people
MALE_BIRTH_SHARE = 0.513
BIRTH_DEPRIVATION_BETA = 0.3
FRAILTY_SHAPE = 1.0  # gamma (mean 1): individual heterogeneity of health-care use

# --- deaths ---------------------------------------------------------------------

# Scottish death rates per 100,000 (NRS, mid-2010s, both sexes) by age band. With
# the 0.95 factor the European age-standardised rate under 75 is about 425 per
# 100,000 for a Scotland-like deprivation mix (NI-11, 2017: 425.2) and about 445 for
# the more deprived Ayrshire mix; about 1.2% of residents die each year (Scotland:
# 63,445 deaths in 2023, 1.17%).
MORTALITY = by_age(
    (0, 330), (1, 14), (5, 8), (10, 10), (15, 30), (20, 55), (25, 75), (30, 100),
    (35, 140), (40, 190), (45, 290), (50, 420), (55, 650), (60, 1000), (65, 1550),
    (70, 2500), (75, 3500), (80, 6000), (85, 10500), (90, 20000), (95, 30000), (100, 42000),
) * (0.95 / 100_000)  # fmt: skip
MALE_MORTALITY_RATIO = 1.45  # male/female death rate at the same age
# NI-11 by SIMD: most deprived 20% 824.1, least deprived 242.6 per 100,000 (ratio 3.4
# = exp(0.8 beta), beta 1.53). Deaths at 75 and over have a much flatter gradient.
MORTALITY_BETA_UNDER_75 = 1.53
MORTALITY_BETA_75_PLUS = 0.45
MORTALITY_FRAILTY_POWER = 0.6

# Place of death (NRS): roughly 45% in hospital, 15-20% in care homes, 30% at home
# and a few per cent in hospices and elsewhere. Care home residents die in hospital
# less often than people living at home.
PLACE_OUTSIDE_INSTITUTIONS = (("home", 0.78), ("hospice", 0.14), ("other", 0.08))
CARE_HOME_HOSPITAL_DEATH_FACTOR = 0.25
# Moves into long-stay care homes a year; residents die at CARE_HOME_MORTALITY_RATIO
# times the rate of people of their age and frailty at home (a third or more of
# residents die each year), which keeps about 3% of people aged 65+ in care homes.
CARE_HOME_ENTRY = by_age((18, 0.0001), (65, 0.002), (75, 0.012), (85, 0.065))
CARE_HOME_MORTALITY_RATIO = 4.0

# --- emergency and elective hospital stays --------------------------------------

# Emergency admissions (not falls) per person a year for Scotland, by age; with the
# falls, readmissions and end-of-life stays below, adults in Ayrshire have about
# 12,000-13,000 emergency admissions per 100,000 a year (NI-12; Scotland about
# 0.47m emergency acute admissions a year, derived).
EMERGENCY = by_age(
    (0, 0.12), (1, 0.06), (5, 0.027), (16, 0.035), (18, 0.037), (30, 0.041), (45, 0.05),
    (55, 0.065), (65, 0.09), (70, 0.115), (75, 0.16), (80, 0.21), (85, 0.265), (90, 0.325),
)  # fmt: skip
EMERGENCY_BETA = 0.8  # most/least deprived quintile ratio about 1.9
EMERGENCY_MALE, EMERGENCY_FEMALE = 1.04, 0.96
# Falls admissions (ICD-10 W00-W19): 22.5 per 1,000 aged 65+ (PHS, 2021/22).
FALLS = by_age(
    (0, 0.002), (18, 0.0015), (50, 0.003), (65, 0.0085), (70, 0.0135), (75, 0.0235),
    (80, 0.040), (85, 0.066), (90, 0.10),
)  # fmt: skip
FALLS_BETA = 0.3
FALLS_FRAILTY_POWER = 0.5
ELECTIVE = by_age((0, 0.02), (18, 0.04), (45, 0.09), (65, 0.16), (75, 0.15), (85, 0.08))
# Emergency readmission within 28 days (NI-14 about 100-120 per 1,000 discharges,
# together with repeat admissions of frequent users).
READMISSION = by_age((0, 0.05), (18, 0.07), (65, 0.09), (75, 0.11))
# People in their last six months have extra emergency stays; with the deaths in
# hospital this puts about 11% of the last six months in hospital (NI-15: 89%).
END_OF_LIFE_STAYS = 1.3  # mean extra emergency stays in the last 180 days
HOSPITAL_DEATH_SHARE = by_age((0, 0.5), (65, 0.45), (85, 0.40))  # NRS: about 45% in hospital
TERMINAL_STAY_MEAN = 18.0
END_OF_LIFE_LOS_FACTOR = 1.3

# Lengths of stay: negative binomial (gamma-Poisson) with these means; emergency
# inpatients average 8.5 days (PHS 2023-24), older people longer.
EMERGENCY_LOS = by_age((0, 1.5), (16, 3.0), (45, 4.5), (65, 4.8), (75, 5.6), (85, 6.5))
FALL_LOS_MEAN = 11.0
LOS_SHAPE = 0.8
ELECTIVE_DAY_CASE = 0.55
ELECTIVE_LOS_MEAN, ELECTIVE_LOS_SHAPE = 3.5, 1.5
COST_PER_BED_DAY = (600.0, 800.0)  # uniform range, pounds
COST_PER_STAY = 350.0
COST_DAY_CASE = (700.0, 1400.0)
COST_MISSING = 0.04

# --- delayed discharge ----------------------------------------------------------

# Scotland 666,190 delayed bed days in 2023/24 for 5.44m people: about 45,000 a year
# for 365,300 people (derived); 63-69% of them for people aged 75+.
DELAY = by_age((18, 0.009), (65, 0.045), (75, 0.075), (85, 0.092))
DELAY_MEAN_DAYS, DELAY_SHAPE = 25.0, 1.0
DELAY_REASONS = (("health_social_care", 0.72), ("patient_family", 0.08), ("code_9", 0.20))
CODE_9_LENGTH_FACTOR = 2.0

# --- A&E ------------------------------------------------------------------------

# 1,568,764 unplanned attendances a year for 5.44m people: 0.29 per person (derived).
AE_NOT_ADMITTED = by_age(
    (0, 0.32), (5, 0.20), (16, 0.275), (25, 0.21), (45, 0.175), (65, 0.16), (75, 0.18), (85, 0.22),
)  # fmt: skip
AE_BETA = 0.85
AE_FRAILTY_POWER = 0.5
AE_SHARE_OF_EMERGENCY = 0.65  # emergency admissions arriving through A&E
AE_MINUTES_NOT_ADMITTED = (140.0, 0.55)  # lognormal median, sigma (mostly < 4 hours)
AE_MINUTES_ADMITTED = (270.0, 0.6)
AE_OUTCOMES = (("home", 0.88), ("transferred", 0.03), ("left", 0.05), ("other", 0.04))

# --- social care ----------------------------------------------------------------


@dataclass(frozen=True)
class CareService:
    """Prevalence at the start (ages 18-64, 65-74, 75-84, 85+), duration, costs."""

    prevalence: tuple[float, float, float, float]
    mean_years: float
    frailty_power: float
    weekly_cost: tuple[float, float]  # uniform range, pounds (per hour for home care)

    def prevalence_by_age(self) -> np.ndarray:
        a, b, c, d = self.prevalence
        return by_age((18, a), (65, b), (75, c), (85, d))


# Scotland: about 5% of people aged 65+ receive care at home (about 40% of them for
# 10 hours a week or more), about 3% live in care homes, about 10% have telecare.
# New services start at prevalence / duration a year (a steady state); care homes
# instead use CARE_HOME_ENTRY and end at death (see the deaths block).
CARE_SERVICES: dict[str, CareService] = {
    "home_care": CareService((0.004, 0.02, 0.06, 0.17), 1.8, 0.6, (22.0, 28.0)),
    "care_home": CareService((0.0005, 0.006, 0.03, 0.13), 2.0, 0.8, (850.0, 1250.0)),
    "long_stay_hospital": CareService((0.0001, 0.0003, 0.001, 0.002), 1.5, 0.8, (2500.0, 3500.0)),
    "telecare": CareService((0.005, 0.04, 0.14, 0.30), 3.5, 0.4, (4.0, 8.0)),
    "day_care": CareService((0.002, 0.004, 0.01, 0.015), 2.0, 0.4, (150.0, 300.0)),
    "reablement": CareService((0.0003, 0.002, 0.006, 0.012), 0.12, 0.5, (200.0, 400.0)),
    "direct_payment": CareService((0.004, 0.004, 0.006, 0.008), 3.0, 0.2, (200.0, 600.0)),
}
HOME_CARE_HOURS = (8.0, 0.7)  # lognormal median, sigma: about 37% get 10+ hours a week
CARE_DEPRIVATION_BETA = 0.3

# --- drug and alcohol (ADP) -----------------------------------------------------

# About 2,000 referrals a year for 365,300 people; treatment within 3 weeks for
# 92-93% in Scotland (PHS, 2024-25) and 98% in North Ayrshire.
ADP = by_age((16, 0.004), (25, 0.0098), (35, 0.011), (45, 0.008), (55, 0.0046), (65, 0.0009))
ADP_BETA = 2.0
ADP_MALE, ADP_FEMALE = 1.3, 0.7
ADP_PROPENSITY_SHAPE = 0.6  # repeat referrals cluster in the same people
ADP_WAIT_SHAPE = 1.0
ADP_NOT_STARTED = 0.04
ADP_SUBSTANCES = (("alcohol", 0.45), ("drug", 0.40), ("both", 0.15))

# --- looked-after children ------------------------------------------------------

# Scotland: 3,105 children started to be looked after in 2023-24 (about 3 per 1,000
# aged 0-17) and numbers fall over the years (North Ayrshire newly accommodated 61
# in 2022-23, 46 in 2023-24); 54% of looked-after children come from the 20% most
# deprived areas (beta 3.8 puts 55% of a uniform Scotland there).
LOOKED_AFTER_STARTS = by_age((0, 0.0075), (1, 0.0040), (5, 0.0025), (12, 0.0032), (16, 0.0011), (18, 0.0))  # fmt: skip
LOOKED_AFTER_TREND = 0.94  # yearly factor on starts
# Looked after on the first day: 11.7 per 1,000 aged 0-17 at 31 July 2024, about 14
# when the period starts in 2018.
LOOKED_AFTER_PREVALENCE = by_age((0, 0.006), (1, 0.009), (5, 0.013), (12, 0.016), (16, 0.011), (18, 0.0))  # fmt: skip
LOOKED_AFTER_BETA = 3.8
LOOKED_AFTER_MEAN_YEARS = 3.0
# Placement at the start of an episode, by age (0-4, 5-11, 12-17).
LOOKED_AFTER_PLACEMENTS = ("home", "kinship", "foster", "residential", "secure", "other")
LOOKED_AFTER_PLACEMENT_WEIGHTS = (
    (0.20, 0.30, 0.45, 0.01, 0.0, 0.04),
    (0.28, 0.33, 0.32, 0.04, 0.0, 0.03),
    (0.30, 0.22, 0.22, 0.18, 0.03, 0.05),
)

# --- money advice ---------------------------------------------------------------

# North Ayrshire reports over 20 million pounds of benefits gained a year (its Chief
# Social Work Officer's annual report); the same per-person rates scale with
# population and deprivation. Gains are lognormal: (mean, sigma) by gain type.
MONEY_ADVICE = by_age((16, 0.046), (65, 0.038), (80, 0.027))
MONEY_ADVICE_BETA = 1.2
MONEY_ADVICE_UNLINKED = 0.15  # cases with no person id
MONEY_ADVICE_GAINS = (("benefits", 0.70), ("debt", 0.20), ("grants", 0.10))
MONEY_ADVICE_GAIN = {"benefits": (6500.0, 0.9), "debt": (2500.0, 1.0), "grants": (300.0, 0.8)}
MONEY_ADVICE_NO_GAIN = 0.12
MONEY_ADVICE_CASE_DAYS = 75.0

# --- unpaid carers --------------------------------------------------------------

# Plausible volumes (about 3,300 support records a year for 365,300 people), mostly
# women in mid-life; young carers aged 8-17. Not tuned to a published figure.

CARER_ADULT = by_age((16, 0.006), (35, 0.010), (45, 0.014), (65, 0.010), (85, 0.003))
CARER_YOUNG = by_age((8, 0.004), (18, 0.0))
CARER_FEMALE, CARER_MALE = 1.3, 0.7
CARER_ADULT_TYPES = (("adult_carer_support_plan", 0.30), ("information_advice", 0.45), ("short_break", 0.25))  # fmt: skip
CARER_YOUNG_TYPES = (("young_carer_statement", 0.60), ("information_advice", 0.30), ("short_break", 0.10))  # fmt: skip

# --- Health and Care Experience survey ------------------------------------------

# Published Scottish positive shares (2023/24): NI-3 59.6%; about NI-2 64%, NI-5 63%,
# NI-6 69%, NI-8 31%; NI-1, NI-4, NI-7 and NI-9 near their published levels.
SURVEY_POSITIVE = {
    "NI-1": 0.907, "NI-2": 0.64, "NI-3": 0.596, "NI-4": 0.614, "NI-5": 0.63,
    "NI-6": 0.69, "NI-7": 0.698, "NI-8": 0.31, "NI-9": 0.727,
}  # fmt: skip
SURVEY_NEUTRAL_SHARE = 0.4  # of the answers that are not positive
SURVEY_DEPRIVATION_LOGIT = 0.4  # least deprived answer a little more positively
SURVEY_SAMPLE = by_age((16, 0.008), (35, 0.011), (65, 0.018), (75, 0.02))
SURVEY_GP_USERS = 0.85  # answer NI-6
SURVEY_SUPPORTED = by_age((16, 0.08), (65, 0.15), (75, 0.30))  # answer NI-2..5, 7, 9
SURVEY_CARERS = 0.12  # answer NI-8
