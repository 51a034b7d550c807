"""Is this the same person? Transliteration-aware comparison of two personal names.

The rules, in the order they are tried for each part of the name:

- surname: same letters; same transliteration key (Skripal ~ Skrypal ~ Скрипаль); same
  loose key (Belarusian/Ukrainian forms: Lukashenka ~ Lukashenko, Ivanou ~ Ivanov); a residual
  fuzzy score (rapidfuzz) on the keys, or the same consonants. A feminine form of a surname
  (Ivanova ~ Ivanov, Tsikhanouskaya ~ Tsikhanouski) is a different person.
- given name: same letters or key; the same given-name class (Mikalai ~ Nikolai ~ Mykola);
  an initial consistent with the name (S. ~ Sergei / Siarhei); a fuzzy score only when the
  two names are not known to be different names. A DIFFERENT given name on the same surname
  is a different person (Yulia Skripal is not Sergei Skripal).
- patronymics (and second given names), when both names carry one, must agree; so must
  Jr./Sr. suffixes.

A match has a score in [0, 1] and a reason a user can read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from nongrata.watchlists.given_names import class_forms, classes_of
from nongrata.watchlists.names import consonants, loose_key, strict_key
from nongrata.watchlists.person_names import (
    NamePart,
    ParsedName,
    initial_letters,
    is_patronymic,
    parse_name,
    patronymic_stem,
)

MATCH_THRESHOLD = 0.8
FUZZY_FLOOR = 0.86  # residual similarity a surname or an unknown given name needs
_FEMININE_PAIRS: tuple[tuple[str, str], ...] = (
    ("ova", "ov"),
    ("eva", "ev"),
    ("ina", "in"),
    ("ska", "ski"),
    ("aia", "i"),
    ("ovna", "ovich"),
    ("evna", "evich"),
    ("skaia", "ski"),
    ("kaia", "ki"),
)


@dataclass(frozen=True)
class PartMatch:
    score: float
    reason: str = ""  # empty when the two parts are written alike


@dataclass(frozen=True)
class NameMatch:
    """Two names judged to be one person."""

    score: float
    reason: str
    query: str
    candidate: str


def _ratio(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100.0


def _compact(text: str) -> str:
    return strict_key(text).replace(" ", "")


def _loose_compact(text: str) -> str:
    return loose_key(text).replace(" ", "")


def _sibilants(loose: str) -> str:
    """The loose key with its hissing sounds merged: German z is ц (Rubzow ~ Rubtsov)."""
    return loose.replace("q", "s").replace("z", "s")


def feminine_form_of(a_key: str, b_key: str) -> bool:
    """Is one surname key the feminine form of the other (Ivanova/Ivanov)?"""
    for fem, masc in _FEMININE_PAIRS:
        for x, y in ((a_key, b_key), (b_key, a_key)):
            if x.endswith(fem) and y.endswith(masc) and x[: -len(fem)] == y[: -len(masc)]:
                return True
    return False


@lru_cache(maxsize=65536)
def compare_surnames(a: str, b: str) -> PartMatch | None:
    """How alike two surnames are, or None when they are different surnames."""
    if a.casefold() == b.casefold():
        return PartMatch(1.0)
    ka, kb = _compact(a), _compact(b)
    if not ka or not kb:
        return None
    if ka == kb:
        return PartMatch(0.97, f"surname transliteration {a}~{b}")
    la, lb = _loose_compact(a), _loose_compact(b)
    score = max(_ratio(ka, kb), _ratio(la, lb))
    same_vowels = _same_skeleton(ka, kb, la, lb)
    if la != lb and _sibilants(la) != _sibilants(lb) and score < FUZZY_FLOOR and not same_vowels:
        return None  # no rule below would call them alike: skip the costlier checks
    if feminine_form_of(ka, kb) or is_patronymic(a) != is_patronymic(b):
        return None
    classes_a, classes_b = classes_of(a), classes_of(b)
    if classes_a and classes_b and not classes_a & classes_b:
        return None  # two different given names read as surnames (Viktor / Viktoria)
    if la == lb:
        return PartMatch(0.93, f"surname variant {a}~{b}")
    if _sibilants(la) == _sibilants(lb):
        return PartMatch(0.9, f"surname variant {a}~{b}")
    if score >= FUZZY_FLOOR:
        return PartMatch(round(score, 3), f"surname spelling {a}~{b} ({score:.2f})")
    if same_vowels:
        return PartMatch(0.87, f"surname vowels {a}~{b}")
    return None


def _same_skeleton(ka: str, kb: str, la: str, lb: str) -> bool:
    """Surnames that differ in their vowels only (same consonants, first letter, length
    within one, neither ending in -a)."""
    if ka[0] != kb[0] or abs(len(ka) - len(kb)) > 1 or ka.endswith("a") or kb.endswith("a"):
        return False
    skeleton = consonants(la)
    return len(skeleton) >= 3 and skeleton == consonants(lb)


def _gender_conflict(ka: str, kb: str) -> bool:
    """Aleksandr/Aleksandra, Evgeni/Evgenia: one feminine -a form, one not."""
    if ka.endswith("a") == kb.endswith("a"):
        return False
    fem, other = (ka, kb) if ka.endswith("a") else (kb, ka)
    stem = fem[:-1].removesuffix("i")
    return other.startswith(stem[: max(3, len(stem) - 2)])


def _initial_fits(initial: NamePart, name: str) -> bool:
    letters = initial_letters(initial)
    if not letters:
        return False
    forms: set[str] = {name}
    for number in classes_of(name):
        forms.update(class_forms(number))
    return any(strict_key(form).startswith(letters) for form in forms)


def _closest_form(name: str, forms: Iterable[str]) -> tuple[float, str]:
    """The best similarity of ``name`` to any of ``forms``, and that form."""
    key, loose = _compact(name), _loose_compact(name)
    best, closest = 0.0, name
    for form in forms:
        score = max(_ratio(key, _compact(form)), _ratio(loose, _loose_compact(form)))
        if score > best:
            best, closest = score, form
    return best, closest


@lru_cache(maxsize=65536)
def compare_given(a: NamePart, b: NamePart) -> PartMatch | None:
    """How alike two given names are, or None when they are different names."""
    if a.initial or b.initial:
        if a.initial and b.initial:
            same = initial_letters(a) == initial_letters(b)
            return PartMatch(0.8, f"initials {a.text}~{b.text}") if same else None
        initial, full = (a, b) if a.initial else (b, a)
        if _initial_fits(initial, full.text):
            return PartMatch(0.82, f"initial {initial.text}~{full.text}")
        return None
    if a.text.casefold() == b.text.casefold():
        return PartMatch(1.0)
    ka, kb = _compact(a.text), _compact(b.text)
    if not ka or not kb:
        return None
    if ka == kb:
        return PartMatch(0.97, f"given-name transliteration {a.text}~{b.text}")
    ca, cb = classes_of(a.text), classes_of(b.text)
    if ca and cb:
        if ca & cb:
            return PartMatch(0.95, f"given-name variant {a.text}~{b.text}")
        return None  # two different known names (Yulia / Sergei)
    if _gender_conflict(ka, kb):
        return None
    known = ca or cb
    if known:
        unknown = b.text if ca else a.text
        forms = [form for number in known for form in class_forms(number)]
        score, closest = _closest_form(unknown, forms)
        if _gender_conflict(_compact(unknown), _compact(closest)):
            return None
    else:
        score = max(_ratio(ka, kb), _ratio(_loose_compact(a.text), _loose_compact(b.text)))
    if _loose_compact(a.text) == _loose_compact(b.text):
        score = max(score, 0.9)
    if score >= FUZZY_FLOOR:
        return PartMatch(round(score * 0.97, 3), f"given-name spelling {a.text}~{b.text}")
    return None


def compare_patronymics(a: NamePart, b: NamePart) -> PartMatch | None:
    if a.initial or b.initial:
        letters_a, letters_b = initial_letters(a), initial_letters(b)
        if letters_a.startswith(letters_b[:1]) or letters_b.startswith(letters_a[:1]):
            return PartMatch(0.9)
        return None
    stem_a, stem_b = patronymic_stem(a.text), patronymic_stem(b.text)
    if stem_a == stem_b:
        return PartMatch(1.0)
    if classes_of(stem_a) & classes_of(stem_b):
        return PartMatch(0.95, f"patronymic variant {a.text}~{b.text}")
    if _ratio(stem_a, stem_b) >= 0.8 or loose_key(stem_a) == loose_key(stem_b):
        return PartMatch(0.9, f"patronymic spelling {a.text}~{b.text}")
    return None


def compare_readings(query: ParsedName, candidate: ParsedName) -> NameMatch | None:
    """One reading of each name: same person, with score and reason, or None."""
    first_q, first_c = query.first_given, candidate.first_given
    if first_q is None or first_c is None:
        return None
    if query.suffix and candidate.suffix and query.suffix != candidate.suffix:
        return None
    surname = compare_surnames(query.surname, candidate.surname)
    if surname is None:
        return None
    given = compare_given(first_q, first_c)
    if given is None:
        return None
    parts = [surname, given]
    if len(query.given) > 1 and len(candidate.given) > 1:
        middle = compare_given(query.given[1], candidate.given[1])
        if middle is None:
            return None
        parts.append(middle)
    if query.patronymic is not None and candidate.patronymic is not None:
        patronymic = compare_patronymics(query.patronymic, candidate.patronymic)
        if patronymic is None:
            return None
        parts.append(patronymic)
    score = 0.55 * surname.score + 0.45 * given.score
    extra = [p.score for p in parts[2:]]
    if extra:
        score = 0.9 * score + 0.1 * min(extra)
    reasons = [p.reason for p in [given, surname, *parts[2:]] if p.reason]
    if query.reordered != candidate.reordered:
        score *= 0.98
        reasons.append("reordered (surname first)")
    if score < MATCH_THRESHOLD:
        return None
    reason = "; ".join(reasons) or "same name"
    return NameMatch(round(score, 3), reason, query.raw, candidate.raw)


def _normal(text: str) -> str:
    return " ".join(text.casefold().replace(",", " ").split())


@dataclass(frozen=True)
class PreparedName:
    """A name read once for many comparisons: the text, whether it is blank, its
    case-folded form and its readings (``parse_name``)."""

    raw: str
    blank: bool
    normal: str
    readings: tuple[ParsedName, ...]

    @cached_property
    def compact(self) -> str:
        """The transliteration key without spaces (only single words need it)."""
        return _compact(self.raw)


@lru_cache(maxsize=65536)
def prepare_name(text: str) -> PreparedName:
    """``text`` read for :func:`match_prepared` (cached: names repeat across articles)."""
    return PreparedName(text, not text.strip(), _normal(text), tuple(parse_name(text)))


def match_prepared(query: PreparedName, candidate: PreparedName) -> NameMatch | None:
    """:func:`match_person` on names already read by :func:`prepare_name`."""
    if query.blank or candidate.blank:
        return None
    if query.normal == candidate.normal:
        return NameMatch(1.0, "alias", query.raw, candidate.raw)
    query_readings = query.readings
    candidate_readings = candidate.readings
    if not query_readings or not candidate_readings:
        return None
    cand = candidate_readings[0]
    if not query_readings[0].given or not cand.given:
        # a single word matches a single-word alias written in another script only
        single_q = len(query_readings) == 1 and not query_readings[0].given
        if single_q and not cand.given and query.compact == candidate.compact:
            reason = f"transliteration {query.raw}~{candidate.raw}"
            return NameMatch(0.95, reason, query.raw, candidate.raw)
        return None
    best: NameMatch | None = None
    for reading in query_readings:
        for cand_reading in candidate_readings:
            if reading.reordered and cand_reading.reordered:
                continue  # the same pairing of parts as both read in natural order
            found = compare_readings(reading, cand_reading)
            if found is not None and (best is None or found.score > best.score):
                best = found
    return best


def match_person(query: str, candidate: str) -> NameMatch | None:
    """Are ``query`` (as found in a text) and ``candidate`` (a watchlist name) one person?"""
    return match_prepared(prepare_name(query), prepare_name(candidate))


def match_prepared_names(query: PreparedName, names: Iterable[PreparedName]) -> NameMatch | None:
    """The best match of ``query`` among a watchlist entry's name and aliases (prepared)."""
    best: NameMatch | None = None
    for name in names:
        found = match_prepared(query, name)
        if found is not None and (best is None or found.score > best.score):
            best = found
            if found.score >= 1.0:
                break
    return best


def match_person_names(query: str, names: Iterable[str]) -> NameMatch | None:
    """The best match of ``query`` among a watchlist entry's name and aliases."""
    return match_prepared_names(prepare_name(query), (prepare_name(name) for name in names))
