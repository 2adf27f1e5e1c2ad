"""Yearly dossier volumes per procedure for the generated Đống Đa history (docs/reports.md).

The numbers are estimates for a district of about 400,000 people (Đống Đa, 2017), made from
crude rates, not records: births ≈ 14 per 1,000 people a year, deaths ≈ 4 per 1,000,
marriages ≈ 7.5 per 1,000 (one registration per couple). The basis of each line is in
docs/reports.md; procedures missing here get ``DEFAULT_VOLUME``.
"""

from __future__ import annotations

POPULATION_2017 = 400_000
DEFAULT_VOLUME = 50

# Procedure code → dossiers a year in the whole district (all wards together).
VOLUMES_2017: dict[str, int] = {
    # Ward level (civil status, hộ tịch)
    "1.001193": 5_600,  # birth registration: 14 ‰ × 400,000
    "1.000689": 150,  # birth + recognition of parent and child
    "1.004772": 60,  # birth for a person who already has papers
    "1.004884": 200,  # re-registration of a birth
    "1.000894": 3_000,  # marriage: 7.5 ‰ × 400,000 people
    "1.004746": 30,  # re-registration of a marriage
    "1.004873": 3_500,  # marital status certificate (marriages elsewhere, property deals)
    "1.001022": 80,  # recognition of parent and child
    "1.000656": 1_600,  # death: 4 ‰ × 400,000
    "1.005461": 20,  # re-registration of a death
    "1.004837": 25,  # guardianship
    "1.004845": 10,  # end of guardianship
    "1.004859": 900,  # change, correction, supplement of civil status
    "2.000635": 6_000,  # copies of civil-status extracts: the most frequent request
    "2.000908": 2_500,  # copies from the original register
    # District level
    "DD17-XD-01": 1_500,  # building permit, detached house
    "DD17-XD-02": 300,  # repair/renovation permit
    "DD17-XD-03": 100,  # temporary building permit
    "DD17-XD-04": 60,  # permit adjustment
    "DD17-XD-05": 80,  # permit extension
    "DD17-XD-06": 20,  # permit re-issue
    "DD17-GT-01": 40,  # works inside road protection corridors
    "DD17-GT-02": 250,  # works on urban roads in use
    "2.001885": 40,  # public video-game room certificate
    "2.001884": 10,  # amendment of that certificate
    "DD17-TT-03": 15,  # extension of that certificate
    "DD17-TT-04": 5,  # re-issue of that certificate
}

# Outcome shares of resolved dossiers: most early or on the due day, a few percent late.
EARLY_SHARE = 0.62
LATE_SHARE = 0.03
CLOSED_SHARE = 0.9  # the rest stay "result returned" (no closing step recorded)
