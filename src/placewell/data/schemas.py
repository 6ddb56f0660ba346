"""The data contract: every table placewell reads, in one place.

Record-level tables hold one row per person, stay, attendance, death or episode,
with pseudonymised person ids only. Reference tables hold geography, deprivation
and population. ``docs/data-contract.md`` is generated from this module
(``placewell contract --markdown``) and a test keeps the two in step.

Dates are ISO ``YYYY-MM-DD``. Codes are strings even when they look like numbers
(``"30"`` for an emergency admission) so leading zeros and code lists stay exact.
"""

from __future__ import annotations

from placewell.data import codes
from placewell.data.contract import Column, ColumnType, RowCheck, Table, TableKind
from placewell.errors import NotFoundError

__all__ = ["TABLES", "get_table", "record_tables", "reference_tables"]

S, INT, F, D, B = (
    ColumnType.STRING,
    ColumnType.INTEGER,
    ColumnType.FLOAT,
    ColumnType.DATE,
    ColumnType.BOOLEAN,
)

_PERSON_ID = r"^[A-Za-z0-9_-]{4,64}$"
_PERSON_HELP = "a pseudonymised id of 4-64 letters, digits, '_' or '-' (never a CHI number)"
_AREA_CODE = r"^[A-Za-z0-9_-]{2,32}$"
_AREA_HELP = "an area code of 2-32 letters, digits, '_' or '-' (e.g. S01011234)"
_YEAR_LABEL = r"^[0-9]{4}/[0-9]{2}$"
_YEAR_HELP = "a financial year label such as 2023/24"


def _person(description: str = "pseudonymised person id", *, ref: bool = True) -> Column:
    return Column(
        "person_id",
        S,
        description,
        pattern=_PERSON_ID,
        pattern_help=_PERSON_HELP,
        references="people.person_id" if ref else None,
    )


def _datazone(description: str = "2011 data zone of residence", nullable: bool = False) -> Column:
    return Column(
        "datazone",
        S,
        description,
        nullable=nullable,
        pattern=_AREA_CODE,
        pattern_help=_AREA_HELP,
        references="areas.area_code",
    )


def _id(name: str, description: str) -> Column:
    return Column(name, S, description, pattern=r"^[A-Za-z0-9_-]{1,64}$", pattern_help="an id")


def _icd10(name: str, description: str, nullable: bool = True) -> Column:
    return Column(
        name,
        S,
        description,
        nullable=nullable,
        pattern=codes.ICD10_PATTERN,
        pattern_help=codes.ICD10_HELP,
    )


PEOPLE = Table(
    "people",
    TableKind.RECORD,
    "One row per person known to any service (the population spine). Pseudonymised.",
    (
        _person("pseudonymised person id, unique", ref=False),
        Column("sex", S, "sex", codes=codes.SEX),
        Column("birth_date", D, "date of birth (may be set to the 15th of the month)"),
        _datazone("2011 data zone of residence"),
    ),
    primary_key=("person_id",),
    source="Local master patient index / social care client index, pseudonymised",
)

HOSPITAL_STAYS = Table(
    "hospital_stays",
    TableKind.RECORD,
    "Continuous inpatient stays in acute, community and mental health hospitals (SMR01/SMR04 shape).",
    (
        _id("stay_id", "unique stay id"),
        _person(),
        Column("admission_date", D, "date of admission"),
        Column("discharge_date", D, "date of discharge", nullable=True),
        Column(
            "admission_type",
            S,
            "SMR01 admission type code (20-22 and 30-39 are emergency)",
            codes=codes.ADMISSION_TYPES,
        ),
        _icd10("main_condition", "main condition, ICD-10", nullable=False),
        _icd10("other_condition_1", "other condition 1, ICD-10"),
        _icd10("other_condition_2", "other condition 2, ICD-10"),
        _icd10("other_condition_3", "other condition 3, ICD-10"),
        Column("specialty", S, "specialty of the stay (e.g. acute, geriatric, mental health)"),
        Column("cost", F, "cost of the stay in pounds, where costed", nullable=True, minimum=0),
    ),
    primary_key=("stay_id",),
    checks=(RowCheck("discharge_date", ">=", "admission_date", "discharge before admission"),),
    source="SMR01 (general acute), SMR04 (mental health), GLS (geriatric long stay)",
)

AE_ATTENDANCES = Table(
    "ae_attendances",
    TableKind.RECORD,
    "Unplanned attendances at emergency departments and minor injury units.",
    (
        _id("attendance_id", "unique attendance id"),
        _person(),
        Column("arrival_date", D, "date of arrival"),
        Column(
            "minutes_in_department",
            INT,
            "time from arrival to discharge, admission or transfer, in minutes",
            minimum=0,
            maximum=7 * 24 * 60,
        ),
        Column("discharge", S, "how the attendance ended", codes=codes.AE_DISCHARGE),
    ),
    primary_key=("attendance_id",),
    source="A&E2 data mart",
)

DEATHS = Table(
    "deaths",
    TableKind.RECORD,
    "Registered deaths of residents.",
    (
        _person(),
        Column("date_of_death", D, "date of death"),
        _icd10("underlying_cause", "underlying cause of death, ICD-10", nullable=False),
        Column("place_of_death", S, "place of death, grouped", codes=codes.PLACES_OF_DEATH),
    ),
    primary_key=("person_id",),
    source="NRS death registrations",
)

DELAYED_DISCHARGE_DAYS = Table(
    "delayed_discharge_days",
    TableKind.RECORD,
    "Delayed discharge episodes: from the ready-for-discharge date until discharge.",
    (
        _id("delay_id", "unique delay episode id"),
        _person(),
        Column("delay_start_date", D, "date the patient was ready for discharge"),
        Column(
            "delay_end_date",
            D,
            "date the delay ended (empty while still delayed); bed days count up to the day before",
            nullable=True,
        ),
        Column("reason_for_delay", S, "reason for delay group", codes=codes.DELAY_REASONS),
    ),
    primary_key=("delay_id",),
    checks=(RowCheck("delay_end_date", ">=", "delay_start_date", "delay ends before it starts"),),
    source="PHS delayed discharge census and bed days return (EDISC)",
)

CARE_SERVICES = Table(
    "care_services",
    TableKind.RECORD,
    "Social care services received: care at home, care homes, telecare and others.",
    (
        _id("service_id", "unique service record id"),
        _person(),
        Column("service_type", S, "type of service", codes=codes.CARE_SERVICE_TYPES),
        Column("start_date", D, "service start date"),
        Column("end_date", D, "service end date (empty if ongoing)", nullable=True),
        Column(
            "hours_per_week",
            F,
            "planned hours a week (care at home only)",
            nullable=True,
            minimum=0,
            maximum=168,
        ),
        Column("weekly_cost", F, "weekly cost in pounds", nullable=True, minimum=0),
    ),
    primary_key=("service_id",),
    checks=(RowCheck("end_date", ">=", "start_date", "service ends before it starts"),),
    source="Social care record system; Source Social Care return",
)

ADP_REFERRALS = Table(
    "adp_referrals",
    TableKind.RECORD,
    "Referrals to specialist drug and alcohol treatment (Alcohol and Drug Partnership).",
    (
        _id("referral_id", "unique referral id"),
        _person(),
        Column("referral_date", D, "date the referral was received"),
        Column(
            "treatment_start_date", D, "date treatment started (empty if not yet)", nullable=True
        ),
        Column("substance", S, "substance the referral is for", codes=codes.ADP_SUBSTANCES),
    ),
    primary_key=("referral_id",),
    checks=(RowCheck("treatment_start_date", ">=", "referral_date", "treatment before referral"),),
    source="Drug and Alcohol Information System (DAISy)",
)

LOOKED_AFTER = Table(
    "looked_after",
    TableKind.RECORD,
    "Episodes of children being looked after by the local authority.",
    (
        _id("episode_id", "unique episode id"),
        _person("pseudonymised id of the child"),
        Column("start_date", D, "date the episode started"),
        Column("end_date", D, "date the episode ended (empty if ongoing)", nullable=True),
        Column("placement_type", S, "placement type", codes=codes.LOOKED_AFTER_PLACEMENTS),
    ),
    primary_key=("episode_id",),
    checks=(RowCheck("end_date", ">=", "start_date", "episode ends before it starts"),),
    source="Children Looked After Statistics (CLAS) return",
)

MONEY_ADVICE = Table(
    "money_advice",
    TableKind.RECORD,
    "Money and welfare advice cases and the financial gains they secured.",
    (
        _id("case_id", "unique case id"),
        Column(
            "person_id",
            S,
            "pseudonymised person id (empty if not linked)",
            nullable=True,
            pattern=_PERSON_ID,
            pattern_help=_PERSON_HELP,
        ),
        _datazone("data zone of the client"),
        Column("open_date", D, "date the case opened"),
        Column("close_date", D, "date the case closed (empty if open)", nullable=True),
        Column("gain_type", S, "type of financial gain", codes=codes.MONEY_ADVICE_GAIN_TYPES),
        Column("financial_gain", F, "annualised financial gain in pounds", minimum=0),
    ),
    primary_key=("case_id",),
    checks=(RowCheck("close_date", ">=", "open_date", "case closes before it opens"),),
    source="Money advice case management system",
)

CARER_SUPPORT = Table(
    "carer_support",
    TableKind.RECORD,
    "Support given to unpaid carers (Carers (Scotland) Act 2016).",
    (
        _id("support_id", "unique support record id"),
        _person("pseudonymised id of the carer"),
        Column("support_date", D, "date the support was given or the plan completed"),
        Column("support_type", S, "type of support", codes=codes.CARER_SUPPORT_TYPES),
    ),
    primary_key=("support_id",),
    source="Carers census return",
)

SURVEY_RESPONSES = Table(
    "survey_responses",
    TableKind.RECORD,
    "Weighted answers to the Health and Care Experience Survey items behind NI-1 to NI-9.",
    (
        _id("response_id", "unique id of one answer"),
        Column("survey_year", S, "survey year", pattern=_YEAR_LABEL, pattern_help=_YEAR_HELP),
        _datazone("data zone of the respondent"),
        Column("sex", S, "sex of the respondent", codes=codes.SEX),
        Column("age", INT, "age in years of the respondent", minimum=16, maximum=120),
        Column("question", S, "core suite question", codes=codes.SURVEY_QUESTIONS),
        Column("response", S, "answer, grouped", codes=codes.SURVEY_RESPONSES),
        Column("weight", F, "survey weight of the answer", minimum=0),
    ),
    primary_key=("response_id",),
    source="Health and Care Experience Survey (respondent level)",
)

AREAS = Table(
    "areas",
    TableKind.REFERENCE,
    "The area hierarchy: each area with its level and parent (data zone up to country).",
    (
        Column("area_code", S, "area code", pattern=_AREA_CODE, pattern_help=_AREA_HELP),
        Column("area_name", S, "area name"),
        Column("level", S, "geography level", codes=codes.AREA_LEVELS),
        Column(
            "parent_code",
            S,
            "code of the parent area (empty for the country)",
            nullable=True,
            pattern=_AREA_CODE,
            pattern_help=_AREA_HELP,
        ),
    ),
    primary_key=("area_code",),
    source="Scottish Government geography lookups; partnership locality lookups",
)

AREA_DEPRIVATION = Table(
    "area_deprivation",
    TableKind.REFERENCE,
    "Deprivation of each data zone (SIMD), national and local quantiles. 1 = most deprived.",
    (
        _datazone("2011 data zone"),
        Column("simd_version", S, "SIMD version, e.g. 2020v2"),
        Column("simd_rank", INT, "national SIMD rank (1 = most deprived)", minimum=1),
        Column("national_decile", INT, "national decile", minimum=1, maximum=10),
        Column("national_quintile", INT, "national quintile", minimum=1, maximum=5),
        Column("hb_decile", INT, "population-weighted health board decile", minimum=1, maximum=10),
        Column(
            "hb_quintile", INT, "population-weighted health board quintile", minimum=1, maximum=5
        ),
        Column(
            "local_decile",
            INT,
            "population-weighted partnership (HSCP) decile",
            minimum=1,
            maximum=10,
        ),
        Column(
            "local_quintile",
            INT,
            "population-weighted partnership (HSCP) quintile",
            minimum=1,
            maximum=5,
        ),
        Column("most_deprived_15pc", B, "in Scotland's 15% most deprived data zones"),
        Column("least_deprived_15pc", B, "in Scotland's 15% least deprived data zones"),
    ),
    primary_key=("datazone", "simd_version"),
    source="PHS SIMD 2020v2 data zone lookup",
)

POPULATION = Table(
    "population",
    TableKind.REFERENCE,
    "Mid-year population estimates by data zone, sex and single year of age (90 = 90+).",
    (
        Column("year", INT, "mid-year of the estimate (30 June)", minimum=1980, maximum=2100),
        _datazone("2011 data zone"),
        Column("sex", S, "sex", codes=codes.SEX),
        Column("age", INT, "single year of age; 90 means 90 and over", minimum=0, maximum=90),
        Column("population", INT, "estimated residents", minimum=0),
    ),
    primary_key=("year", "datazone", "sex", "age"),
    source="NRS small area population estimates",
)

DELAYED_DISCHARGE_MONTHLY = Table(
    "delayed_discharge_monthly",
    TableKind.OPEN_DATA,
    "Published delayed discharge bed days by council area, month, age group and reason (PHS open data).",
    (
        Column(
            "month", S, "month of delay", pattern=r"^[0-9]{4}-[0-9]{2}$", pattern_help="YYYY-MM"
        ),
        Column(
            "council_area",
            S,
            "council area code (S12...)",
            pattern=_AREA_CODE,
            pattern_help=_AREA_HELP,
        ),
        Column(
            "age_group",
            S,
            "age group",
            codes={"18plus": "18 and over", "18-74": "18 to 74", "75plus": "75 and over"},
        ),
        Column("reason_for_delay", S, "reason for delay as published (e.g. All Delay Reasons)"),
        Column("bed_days", F, "number of delayed bed days", nullable=True, minimum=0),
        Column(
            "average_daily_beds",
            F,
            "average daily number of delayed beds",
            nullable=True,
            minimum=0,
        ),
        Column(
            "qualifier",
            S,
            "PHS qualifier flags of the row, e.g. d (aggregate), : (not available)",
            nullable=True,
        ),
    ),
    primary_key=("month", "council_area", "age_group", "reason_for_delay"),
    source="Public Health Scotland open data: Delayed Discharges in NHSScotland, bed days by council area",
)

PERSON_RISK = Table(
    "person_risk",
    TableKind.SYNTHETIC,
    "Synthetic data only: each person's true yearly risk of emergency admission, for model checks.",
    (
        _person(),
        Column(
            "annual_risk",
            F,
            "true probability of at least one emergency admission a year",
            minimum=0,
            maximum=1,
        ),
        Column("expected_admissions", F, "expected emergency admissions a year", minimum=0),
    ),
    primary_key=("person_id",),
    source="placewell demo-data generator",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        PEOPLE,
        HOSPITAL_STAYS,
        AE_ATTENDANCES,
        DEATHS,
        DELAYED_DISCHARGE_DAYS,
        CARE_SERVICES,
        ADP_REFERRALS,
        LOOKED_AFTER,
        MONEY_ADVICE,
        CARER_SUPPORT,
        SURVEY_RESPONSES,
        AREAS,
        AREA_DEPRIVATION,
        POPULATION,
        DELAYED_DISCHARGE_MONTHLY,
        PERSON_RISK,
    )
}


def get_table(name: str) -> Table:
    """The contract table called ``name``; a clear error listing the choices otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        raise NotFoundError(
            f"unknown table {name!r}; the data contract has: {', '.join(TABLES)}"
        ) from None


def record_tables() -> list[Table]:
    return [t for t in TABLES.values() if t.kind is TableKind.RECORD]


def reference_tables() -> list[Table]:
    return [t for t in TABLES.values() if t.kind is TableKind.REFERENCE]
