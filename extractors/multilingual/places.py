"""Agency names for the non-English event finder.

Each agency's full names are a regular expression (matched case-insensitively, whole words)
that covers the inflected forms a news text uses; its acronyms are matched as written. The
states' names, demonyms and cities in these languages live in the one country table
(``extractors/data/countries.json``, read by ``nongrata.extractors.countries``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AgencyRole = Literal["domestic", "foreign", "both"]


@dataclass(frozen=True)
class AgencyForm:
    """An agency, its state, and whether it acts at home (arrests) or abroad (is spied for)."""

    name: str
    iso: str
    role: AgencyRole
    acronyms: tuple[str, ...]  # matched case-sensitively
    names: str = ""  # full names, matched case-insensitively (a regex)


AGENCY_FORMS: tuple[AgencyForm, ...] = (
    AgencyForm("FSB", "RU", "both", ("FSB", "ФСБ"), r"федеральн\w+ служб\w+ безопасности"),
    AgencyForm("SVR", "RU", "foreign", ("SVR", "СВР"), r"служб\w+ внешней разведки"),
    AgencyForm(
        "GRU",
        "RU",
        "foreign",
        ("GRU", "ГРУ"),
        r"russische[nr]? militärgeheimdienst\w*|renseignement militaire russe"
        r"|rosyjsk\w+ wywiad\w* wojskow\w*",
    ),
    AgencyForm("KGB", "BY", "both", ("KGB", "КГБ", "KDB")),
    AgencyForm("MSS", "CN", "foreign", ("MSS",), r"chinesische[nr]? geheimdienst\w*"),
    AgencyForm("MOIS", "IR", "foreign", ("MOIS", "VAJA")),
    AgencyForm("SBU", "UA", "both", ("SBU", "СБУ"), r"służb\w+ bezpieczeństwa ukrainy"),
    AgencyForm("ABW", "PL", "domestic", ("ABW",), r"agencj\w+ bezpieczeństwa wewnętrznego"),
    AgencyForm("SKW", "PL", "domestic", ("SKW",), r"służb\w+ kontrwywiadu wojskowego"),
    AgencyForm(
        "BfV",
        "DE",
        "domestic",
        ("BfV",),
        r"bundesamt\w* für verfassungsschutz|verfassungsschutz\w*",
    ),
    AgencyForm("BND", "DE", "foreign", ("BND",), r"bundesnachrichtendienst\w*"),
    AgencyForm(
        "DGSI", "FR", "domestic", ("DGSI",), r"direction générale de la sécurité intérieure"
    ),
    AgencyForm("DGSE", "FR", "foreign", ("DGSE",)),
    AgencyForm("PST", "NO", "domestic", ("PST",), r"politiets sikkerhetstjeneste"),
    AgencyForm("SRI", "RO", "domestic", ("SRI",), r"serviciul român de informații"),
    AgencyForm("CNI", "ES", "both", ("CNI",), r"centro nacional de inteligencia"),
    AgencyForm("BIS", "CZ", "domestic", ("BIS",), r"bezpečnostní informační služb\w*"),
    AgencyForm("KAPO", "EE", "domestic", ("KAPO", "KaPo"), r"kaitsepolitsei\w*"),
    AgencyForm("VSD", "LT", "domestic", ("VSD",)),
    AgencyForm("VDD", "LV", "domestic", ("VDD",)),
    AgencyForm("CIA", "US", "foreign", ("CIA", "ЦРУ")),
    AgencyForm("FBI", "US", "domestic", ("FBI", "ФБР")),
    AgencyForm("MI5", "GB", "domestic", ("MI5",)),
    AgencyForm("MI6", "GB", "foreign", ("MI6",)),
    AgencyForm("Mossad", "IL", "foreign", ("Mossad", "Моссад")),
    AgencyForm("MIT", "TR", "both", ("MİT",)),
    AgencyForm("Säpo", "SE", "domestic", ("Säpo", "SÄPO")),
    AgencyForm("AIVD", "NL", "domestic", ("AIVD",)),
    AgencyForm("MIVD", "NL", "both", ("MIVD",)),
)
