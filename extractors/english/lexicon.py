"""Word lists of the English event rules: triggers, the nouns they need, and framing words.

Lemmas, not surface forms: the rules compare ``token.lemma_.lower()`` against these sets.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """A set of words from a whitespace-separated list."""
    return frozenset(text.split())


EXPEL_VERBS = frozenset({"expel", "oust"})
EXPEL_NOUNS = frozenset({"expulsion", "ouster", "expelling"})
LEAVE_VERBS = frozenset({"leave", "depart", "quit"})
LEAVE_GOVERNORS = frozenset({"order", "tell", "give", "ask", "force", "instruct", "direct"})
# Verbs whose subject carries out the measure named by their object ("ordered the closure").
ORDERING_VERBS = frozenset({"order", "announce", "decide", "approve", "carry", "complete"})
OUT_VERBS = frozenset({"order", "kick", "throw", "boot", "send", "force"})
HOME_VERBS = frozenset({"send", "fly", "put"})
DEPORT_VERBS = frozenset({"deport", "remove"})
ARREST_VERBS = frozenset({"arrest", "detain", "apprehend", "capture", "nab"})
ARREST_NOUNS = frozenset({"arrest", "detention"})
CHARGE_VERBS = frozenset({"charge", "indict"})
CHARGE_NOUNS = frozenset({"charge", "indictment", "charging"})
CONVICT_VERBS = frozenset({"convict", "sentence", "jail", "imprison"})
CONVICT_NOUNS = frozenset({"conviction"})
RECALL_VERBS = frozenset({"recall", "withdraw"})
RECALL_NOUNS = frozenset({"recall", "withdrawal"})
CLOSE_VERBS = frozenset({"close", "shut"})
CLOSURE_NOUNS = frozenset({"closure", "shutdown"})
STATUS_VERBS = frozenset({"strip", "remove", "revoke", "withdraw"})

DIPLOMATIC_NOUNS = words(
    """diplomat envoy ambassador consul attache attaché official officer staff staffer
    employee secretary commissioner chargé representative spy agent counsellor counselor
    personnel worker member operative delegate emissary minister-counsellor head chief"""
)
PREMISES_NOUNS = words(
    """consulate embassy mission office premise premises property compound residence
    legation"""
)
# Organisations one is expelled FROM that make it a non-diplomatic expulsion.
MEMBERSHIP_NOUNS = words(
    """party school university college parliament organisation organization council club
    league federation union committee church assembly association army academy faction"""
)
# Governing words that turn a trigger into a call, threat, plan, denial or question.
BLOCKING_HEADS = words(
    """threaten call demand urge propose consider plan want seek weigh mull vow warn refuse
    deny reject fail decline hope intend aim push press lobby suggest recommend discuss
    debate contemplate rule threat proposal possibility risk prospect question fear law
    bill procedure request appeal motion petition plea consideration option avoid
    prevent stop oppose accuse allege claim rumor rumour speculate expect prepare tool
    step measure"""
)
REPORTING_HEADS = words(
    """say announce tell state confirm report add disclose reveal decide declare inform
    write note explain claim acknowledge admit"""
)
DISCLOSURE_HEADS = frozenset({"reveal", "disclose", "emerge", "divulge", "publicise", "publicize"})
WEAK_MODALS = frozenset({"could", "might", "may", "should", "must", "can", "ought", "shall"})

ESPIONAGE_LEMMAS = words(
    """spy spying espionage treason traitor sabotage saboteur intelligence
    counterintelligence counter-intelligence secret secrets classified operative handler
    mole informant recruit subversion"""
)
ESPIONAGE_RE = re.compile(
    r"\b(spy|spies|spied|spying|espionage|treason|sabotage|intelligence|secrets?|classified"
    r"|agents? of|foreign (power|state|government|agent)|on behalf of|official secrets"
    r"|working for|acting for|worked for|acted for|national security|operatives?|instructions)\b",
    re.IGNORECASE,
)
NON_ESPIONAGE_LEMMAS = words(
    """protest protester protestor demonstrator demonstration rally riot drug narcotic
    fraud theft robbery burglary corruption bribery smuggling migrant migration asylum
    offender murder rape assault traffic drunk"""
)

_TRIGGER_RE = re.compile(
    r"\b(expel\w*|expuls\w*|oust\w*|persona(e)? non grata|order\w* (\w+ )?(out|to leave)"
    r"|(to|days to|hours to) leave|sent home|send\w* home|kick\w* out|thr[eo]w\w* out"
    r"|deport\w*|arrest\w*|detain\w*|detention|apprehend\w*|captur\w*|custody|charg\w*|indict\w*"
    r"|convict\w*|sentenc\w*|jail\w*|imprison\w*|guilty|recall\w*|withdr[ae]w\w*"
    r"|clos(e|es|ed|ing|ure)|shut\w*|diplomatic status)\b",
    re.IGNORECASE,
)

PEOPLE_NOUNS = words(
    """man woman men women people person national citizen resident soldier serviceman
    private husband wife couple pair leader suspect engineer researcher student
    businessman journalist instructor sergeant colonel lieutenant"""
)
