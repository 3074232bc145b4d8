"""What the security-team registry tells recognition: criterion KDC-5a of TT 124/2021 (art. 4.5), "the
grassroots security force is rated 'hoàn thành nhiệm vụ' or better", decided from the rating (HD 01/HD-BCA-V05)
of the team covering the KDC for the year. The registry's rating replaces the KDC's own answer, and its
note cites the rating, so the engine (which stays pure) explains the result with it. No rating: the
KDC's own answer stands.
"""

from django.utils.translation import gettext as _

from antq.grassroots.models import TeamRating
from antq.grassroots.selectors import team_rating_of_area
from antq.recognition.facts import Answer
from antq.units.models import Unit, UnitKind

KDC_FORCE_CRITERION = "KDC-5a"


def security_team_answers(*, unit: Unit, year: int) -> dict[str, Answer]:
    if unit.kind != UnitKind.RESIDENTIAL_AREA:
        return {}
    return rating_answers(unit_kind=unit.kind, rating=team_rating_of_area(area=unit, year=year), year=year)


def rating_answers(*, unit_kind: str, rating: TeamRating | None, year: int) -> dict[str, Answer]:
    """`security_team_answers` from the rating of the year (its `team` loaded) of the team covering the unit
    (the worst, if several teams cover it), or None."""
    if unit_kind != UnitKind.RESIDENTIAL_AREA or rating is None:
        return {}
    note = _("the security team “%(team)s” is rated “%(level)s” for %(year)s in the team registry (HD "
             "01/HD-BCA-V05).") % {"team": rating.team.name, "level": rating.get_level_display(), "year": year}
    return {KDC_FORCE_CRITERION: Answer(met=rating.level != "not_completed", note=note)}
