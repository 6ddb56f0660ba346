"""Which codes the demo records carry: diagnoses, specialties, causes, admission types.

The lists are common, valid ICD-10 codes (written without the dot, as SMR does) and
SMR01 admission types, each with a relative weight; they make records look real and
let indicator definitions that select codes (falls W00-W19, emergency types 20-22
and 30-39) be exercised. The rates that decide how many records there are live in
:mod:`.calibration`.
"""

from __future__ import annotations

__all__ = [
    "CASE_MIX",
    "COMORBIDITIES",
    "DEATH_CAUSES",
    "ELECTIVE_TYPES",
    "EMERGENCY_TYPES",
    "FALL_CAUSES",
    "FALL_TYPES",
    "OTHER_CONDITION_SHARE",
]

# Underlying causes (ICD-10) by age band: (codes, weights).
DEATH_CAUSES: tuple[tuple[int, tuple[str, ...], tuple[float, ...]], ...] = (
    (0, ("P073", "Q249", "R95X", "P219"), (4, 3, 1, 2)),
    (1, ("X42", "X70", "V892", "K703", "C509", "I219", "G409", "C719"), (5, 3, 2, 2, 2, 2, 1, 1)),
    (45, ("C349", "I219", "I251", "J449", "K703", "C189", "C509", "C259", "I639", "X42"),
         (6, 4, 4, 3, 3, 2, 2, 2, 2, 1)),
    (75, ("F03X", "G309", "I251", "I219", "J449", "J189", "C349", "I639", "C61", "I500"),
         (6, 3, 5, 3, 4, 3, 4, 3, 2, 2)),
)  # fmt: skip

# (diagnosis, specialty, weight) by context; W00-W19 codes appear only for falls.
CASE_MIX: dict[str, tuple[tuple[str, str, float], ...]] = {
    "child": (
        ("J069", "Paediatrics", 3),
        ("J219", "Paediatrics", 2),
        ("R509", "Paediatrics", 2),
        ("A099", "Paediatrics", 2),
        ("J459", "Paediatrics", 1),
        ("S0600", "Paediatrics", 1),
        ("R104", "Paediatric Surgery", 1),
        ("K359", "Paediatric Surgery", 1),
        ("L039", "Paediatrics", 1),
    ),
    "adult": (
        ("R074", "Cardiology", 3),
        ("R104", "General Surgery", 3),
        ("K359", "General Surgery", 1),
        ("F101", "General Medicine", 1),
        ("J459", "General Medicine", 1),
        ("L039", "General Medicine", 1),
        ("N390", "General Medicine", 1),
        ("I214", "Cardiology", 1),
        ("J189", "General Medicine", 1),
        ("K802", "General Surgery", 1),
        ("R55X", "General Medicine", 1),
        ("F329", "Psychiatry", 1),
        ("T424", "General Medicine", 1),
    ),
    "older": (
        ("J189", "General Medicine", 3),
        ("J440", "General Medicine", 2),
        ("I500", "Geriatric Medicine", 2),
        ("N390", "Geriatric Medicine", 2),
        ("R074", "Cardiology", 2),
        ("I214", "Cardiology", 1),
        ("A419", "General Medicine", 1),
        ("I639", "Geriatric Medicine", 1),
        ("R55X", "Geriatric Medicine", 1),
        ("E86X", "Geriatric Medicine", 1),
        ("R410", "Geriatric Medicine", 1),
        ("I489", "General Medicine", 1),
        ("K922", "General Surgery", 1),
        ("R104", "General Surgery", 1),
    ),
    "fall": (
        ("S720", "Trauma and Orthopaedics", 4),
        ("S0600", "Geriatric Medicine", 2),
        ("S3200", "Trauma and Orthopaedics", 1),
        ("S4220", "Trauma and Orthopaedics", 1),
        ("S5250", "Trauma and Orthopaedics", 1),
        ("S2230", "Geriatric Medicine", 1),
        ("T140", "Geriatric Medicine", 2),
    ),
    "elective_child": (
        ("J350", "Ear, Nose and Throat", 3),
        ("K409", "Paediatric Surgery", 2),
        ("Q531", "Paediatric Surgery", 1),
        ("H509", "Ophthalmology", 1),
    ),
    "elective": (
        ("H251", "Ophthalmology", 4),
        ("M171", "Trauma and Orthopaedics", 2),
        ("M161", "Trauma and Orthopaedics", 2),
        ("K409", "General Surgery", 2),
        ("K802", "General Surgery", 2),
        ("N40X", "Urology", 2),
        ("K573", "Gastroenterology", 2),
        ("Z511", "Oncology", 2),
        ("C189", "General Surgery", 1),
        ("C509", "General Surgery", 1),
        ("M751", "Trauma and Orthopaedics", 1),
    ),
}
FALL_CAUSES = (("W19X", 4), ("W010", 3), ("W060", 1), ("W100", 1), ("W180", 1))
COMORBIDITIES = (
    ("I10X", 5), ("E119", 3), ("J449", 2), ("I489", 2), ("N183", 1), ("F03X", 1),
    ("E785", 2), ("I251", 2), ("Z864", 1), ("F172", 2), ("E039", 1), ("M819", 1),
)  # fmt: skip
# Probability of recording other conditions 1, 2 and 3 (children, adults, 65+).
OTHER_CONDITION_SHARE = ((0.15, 0.05, 0.01), (0.45, 0.25, 0.10), (0.75, 0.55, 0.35))
EMERGENCY_TYPES = (("30", 60), ("38", 14), ("20", 13), ("22", 9), ("39", 4))
FALL_TYPES = (("32", 6), ("34", 3), ("30", 1))
ELECTIVE_TYPES = (("11", 55), ("12", 25), ("10", 15), ("19", 5))
