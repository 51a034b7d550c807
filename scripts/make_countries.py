"""Write ``watchlists/countries.yaml``: every state, by its common English name.

Usage: ``python scripts/make_countries.py [OUTPUT]``. The table below holds what users call
each state and its people (``Russia``, ``Russian``); pycountry contributes the ISO 3166 names
(``Russian Federation``) as extra aliases and checks every code. Tags group the states by
region and by membership (eu, nato, cis, csto, five-eyes, g7, post-soviet).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "watchlists" / "countries.yaml"

# code | common name | demonyms and other names | region tags
STATES = """
AF|Afghanistan|Afghan|asia,south-asia
AL|Albania|Albanian|europe,balkans
DZ|Algeria|Algerian|africa,north-africa
AD|Andorra|Andorran|europe
AO|Angola|Angolan|africa
AG|Antigua and Barbuda|Antiguan,Barbudan|americas,caribbean
AR|Argentina|Argentine,Argentinian|americas,south-america
AM|Armenia|Armenian|asia,caucasus
AU|Australia|Australian|oceania
AT|Austria|Austrian|europe
AZ|Azerbaijan|Azerbaijani,Azeri|asia,caucasus
BS|Bahamas|Bahamian,The Bahamas|americas,caribbean
BH|Bahrain|Bahraini|asia,middle-east,gulf
BD|Bangladesh|Bangladeshi|asia,south-asia
BB|Barbados|Barbadian|americas,caribbean
BY|Belarus|Belarusian,Belarussian,Byelorussia|europe,eastern-europe
BE|Belgium|Belgian|europe,western-europe
BZ|Belize|Belizean|americas,central-america
BJ|Benin|Beninese|africa
BT|Bhutan|Bhutanese|asia,south-asia
BO|Bolivia|Bolivian|americas,south-america
BA|Bosnia and Herzegovina|Bosnian,Bosnia-Herzegovina,Bosnia|europe,balkans
BW|Botswana|Motswana,Batswana|africa
BR|Brazil|Brazilian|americas,south-america
BN|Brunei|Bruneian|asia,southeast-asia
BG|Bulgaria|Bulgarian|europe,balkans
BF|Burkina Faso|Burkinabe|africa
BI|Burundi|Burundian|africa
CV|Cape Verde|Cabo Verde,Cape Verdean|africa
KH|Cambodia|Cambodian|asia,southeast-asia
CM|Cameroon|Cameroonian|africa
CA|Canada|Canadian|americas,north-america
CF|Central African Republic|Central African|africa
TD|Chad|Chadian|africa
CL|Chile|Chilean|americas,south-america
CN|China|Chinese,People's Republic of China,PRC,Beijing|asia,east-asia
CO|Colombia|Colombian|americas,south-america
KM|Comoros|Comoran,Comorian|africa
CG|Republic of the Congo|Congo-Brazzaville,Congolese|africa
CD|Democratic Republic of the Congo|DR Congo,DRC,Congo-Kinshasa,Congolese|africa
CR|Costa Rica|Costa Rican|americas,central-america
CI|Ivory Coast|Côte d'Ivoire,Cote d'Ivoire,Ivorian|africa
HR|Croatia|Croatian,Croat|europe,balkans
CU|Cuba|Cuban|americas,caribbean
CY|Cyprus|Cypriot|europe,middle-east
CZ|Czech Republic|Czechia,Czech|europe,central-europe
DK|Denmark|Danish,Dane|europe,nordic
DJ|Djibouti|Djiboutian|africa
DM|Dominica|Dominican|americas,caribbean
DO|Dominican Republic|Dominican|americas,caribbean
EC|Ecuador|Ecuadorian|americas,south-america
EG|Egypt|Egyptian|africa,middle-east,north-africa
SV|El Salvador|Salvadoran|americas,central-america
GQ|Equatorial Guinea|Equatoguinean,Equatorial Guinean|africa
ER|Eritrea|Eritrean|africa
EE|Estonia|Estonian|europe,baltic
SZ|Eswatini|Swazi,Swaziland|africa
ET|Ethiopia|Ethiopian|africa
FJ|Fiji|Fijian|oceania
FI|Finland|Finnish,Finn|europe,nordic
FR|France|French|europe,western-europe
GA|Gabon|Gabonese|africa
GM|Gambia|Gambian,The Gambia|africa
GE|Georgia|Georgian|asia,caucasus
DE|Germany|German|europe,western-europe
GH|Ghana|Ghanaian|africa
GR|Greece|Greek|europe,balkans
GD|Grenada|Grenadian|americas,caribbean
GT|Guatemala|Guatemalan|americas,central-america
GN|Guinea|Guinean|africa
GW|Guinea-Bissau|Bissau-Guinean|africa
GY|Guyana|Guyanese|americas,south-america
HT|Haiti|Haitian|americas,caribbean
VA|Vatican City|Vatican,Holy See|europe
HN|Honduras|Honduran|americas,central-america
HU|Hungary|Hungarian|europe,central-europe
IS|Iceland|Icelandic,Icelander|europe,nordic
IN|India|Indian|asia,south-asia
ID|Indonesia|Indonesian|asia,southeast-asia
IR|Iran|Iranian,Persia,Tehran|asia,middle-east
IQ|Iraq|Iraqi|asia,middle-east
IE|Ireland|Irish,Republic of Ireland|europe,western-europe
IL|Israel|Israeli|asia,middle-east
IT|Italy|Italian|europe
JM|Jamaica|Jamaican|americas,caribbean
JP|Japan|Japanese|asia,east-asia
JO|Jordan|Jordanian|asia,middle-east
KZ|Kazakhstan|Kazakh,Kazakhstani|asia,central-asia
KE|Kenya|Kenyan|africa
KI|Kiribati|I-Kiribati|oceania
KP|North Korea|North Korean,DPRK,Democratic People's Republic of Korea,Pyongyang|asia,east-asia
KR|South Korea|South Korean,Republic of Korea,ROK|asia,east-asia
XK|Kosovo|Kosovar,Kosovan|europe,balkans
KW|Kuwait|Kuwaiti|asia,middle-east,gulf
KG|Kyrgyzstan|Kyrgyz,Kirghiz,Kyrgyz Republic|asia,central-asia
LA|Laos|Lao,Laotian|asia,southeast-asia
LV|Latvia|Latvian|europe,baltic
LB|Lebanon|Lebanese|asia,middle-east
LS|Lesotho|Basotho,Mosotho|africa
LR|Liberia|Liberian|africa
LY|Libya|Libyan|africa,north-africa
LI|Liechtenstein|Liechtensteiner|europe
LT|Lithuania|Lithuanian|europe,baltic
LU|Luxembourg|Luxembourgish,Luxembourger|europe,western-europe
MG|Madagascar|Malagasy|africa
MW|Malawi|Malawian|africa
MY|Malaysia|Malaysian|asia,southeast-asia
MV|Maldives|Maldivian|asia,south-asia
ML|Mali|Malian|africa
MT|Malta|Maltese|europe
MH|Marshall Islands|Marshallese|oceania
MR|Mauritania|Mauritanian|africa
MU|Mauritius|Mauritian|africa
MX|Mexico|Mexican|americas,north-america
FM|Micronesia|Micronesian|oceania
MD|Moldova|Moldovan,Moldavia|europe,eastern-europe
MC|Monaco|Monegasque,Monacan|europe
MN|Mongolia|Mongolian|asia,east-asia
ME|Montenegro|Montenegrin|europe,balkans
MA|Morocco|Moroccan|africa,north-africa
MZ|Mozambique|Mozambican|africa
MM|Myanmar|Burma,Burmese|asia,southeast-asia
NA|Namibia|Namibian|africa
NR|Nauru|Nauruan|oceania
NP|Nepal|Nepali,Nepalese|asia,south-asia
NL|Netherlands|Dutch,Holland,The Netherlands|europe,western-europe
NZ|New Zealand|New Zealander|oceania
NI|Nicaragua|Nicaraguan|americas,central-america
NE|Niger|Nigerien|africa
NG|Nigeria|Nigerian|africa
MK|North Macedonia|Macedonian,Macedonia|europe,balkans
NO|Norway|Norwegian|europe,nordic
OM|Oman|Omani|asia,middle-east,gulf
PK|Pakistan|Pakistani|asia,south-asia
PW|Palau|Palauan|oceania
PS|Palestine|Palestinian,State of Palestine|asia,middle-east
PA|Panama|Panamanian|americas,central-america
PG|Papua New Guinea|Papua New Guinean|oceania
PY|Paraguay|Paraguayan|americas,south-america
PE|Peru|Peruvian|americas,south-america
PH|Philippines|Filipino,Philippine,The Philippines|asia,southeast-asia
PL|Poland|Polish,Pole|europe,central-europe
PT|Portugal|Portuguese|europe
QA|Qatar|Qatari|asia,middle-east,gulf
RO|Romania|Romanian|europe,eastern-europe
RU|Russia|Russian,Russian Federation,Moscow,Kremlin|europe,eastern-europe
RW|Rwanda|Rwandan|africa
KN|Saint Kitts and Nevis|Kittitian,Nevisian|americas,caribbean
LC|Saint Lucia|Saint Lucian|americas,caribbean
VC|Saint Vincent and the Grenadines|Vincentian|americas,caribbean
WS|Samoa|Samoan|oceania
SM|San Marino|Sammarinese|europe
ST|Sao Tome and Principe|São Tomé and Príncipe,Santomean|africa
SA|Saudi Arabia|Saudi,Saudi Arabian|asia,middle-east,gulf
SN|Senegal|Senegalese|africa
RS|Serbia|Serbian,Serb|europe,balkans
SC|Seychelles|Seychellois|africa
SL|Sierra Leone|Sierra Leonean|africa
SG|Singapore|Singaporean|asia,southeast-asia
SK|Slovakia|Slovak,Slovak Republic|europe,central-europe
SI|Slovenia|Slovenian,Slovene|europe,balkans
SB|Solomon Islands|Solomon Islander|oceania
SO|Somalia|Somali|africa
ZA|South Africa|South African|africa
SS|South Sudan|South Sudanese|africa
ES|Spain|Spanish,Spaniard|europe
LK|Sri Lanka|Sri Lankan|asia,south-asia
SD|Sudan|Sudanese|africa
SR|Suriname|Surinamese|americas,south-america
SE|Sweden|Swedish,Swede|europe,nordic
CH|Switzerland|Swiss|europe
SY|Syria|Syrian|asia,middle-east
TW|Taiwan|Taiwanese,Republic of China|asia,east-asia
TJ|Tajikistan|Tajik,Tajikistani|asia,central-asia
TZ|Tanzania|Tanzanian|africa
TH|Thailand|Thai|asia,southeast-asia
TL|East Timor|Timor-Leste,Timorese|asia,southeast-asia
TG|Togo|Togolese|africa
TO|Tonga|Tongan|oceania
TT|Trinidad and Tobago|Trinidadian,Tobagonian|americas,caribbean
TN|Tunisia|Tunisian|africa,north-africa
TR|Turkey|Türkiye,Turkiye,Turkish|asia,europe,middle-east
TM|Turkmenistan|Turkmen|asia,central-asia
TV|Tuvalu|Tuvaluan|oceania
UG|Uganda|Ugandan|africa
UA|Ukraine|Ukrainian,Kyiv,Kiev|europe,eastern-europe
AE|United Arab Emirates|Emirati,UAE|asia,middle-east,gulf
GB|United Kingdom|British,Britain,Great Britain,UK,Briton|europe,western-europe
US|United States|American,USA,US,U.S.,United States of America|americas,north-america
UY|Uruguay|Uruguayan|americas,south-america
UZ|Uzbekistan|Uzbek,Uzbekistani|asia,central-asia
VU|Vanuatu|Ni-Vanuatu|oceania
VE|Venezuela|Venezuelan|americas,south-america
VN|Vietnam|Vietnamese,Viet Nam|asia,southeast-asia
YE|Yemen|Yemeni|asia,middle-east
ZM|Zambia|Zambian|africa
ZW|Zimbabwe|Zimbabwean|africa
"""

MEMBERSHIP = {
    "eu": "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE",
    "nato": "AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI "
    "ES SE TR GB US",
    "cis": "AM AZ BY KZ KG RU TJ TM UZ",
    "csto": "AM BY KZ KG RU TJ",
    "post-soviet": "AM AZ BY EE GE KZ KG LV LT MD RU TJ TM UA UZ",
    "five-eyes": "AU CA NZ GB US",
    "g7": "CA FR DE IT JP GB US",
}

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .\-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: str) -> str:
    """A YAML scalar that every YAML 1.1 or 1.2 reader reads back as this string."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS and value == value.strip():
        return value
    return json.dumps(value, ensure_ascii=False)


def _iso_aliases(code: str, name: str) -> list[str]:
    if code == "XK":
        return []
    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        raise SystemExit(f"{code}: not an ISO 3166-1 alpha-2 code")
    names = [getattr(found, attr, None) for attr in ("name", "official_name", "common_name")]
    return [n for n in names if n and n != name and "," not in n and "(" not in n]


def build() -> str:
    lines = [
        "# yaml-language-server: $schema=./watchlist.schema.json",
        "# Every state by its common English name; aliases are ISO 3166 names, demonyms and",
        "# the capital or seat of government when news use it for the state (Moscow, Kremlin).",
        "# Generated by scripts/make_countries.py (edit the table there to regenerate).",
        "kind: countries",
        "entries:",
    ]
    members = {tag: set(codes.split()) for tag, codes in MEMBERSHIP.items()}
    for row in STATES.strip().splitlines():
        code, name, others, regions = row.split("|")
        aliases = list(dict.fromkeys([*_iso_aliases(code, name), *others.split(",")]))
        aliases = [a for a in aliases if a and a != name]
        tags = regions.split(",") + [tag for tag, codes in members.items() if code in codes]
        lines += [
            f"  - id: {scalar(code.lower())}",
            f"    name: {scalar(name)}",
            f"    aliases: [{', '.join(scalar(a) for a in aliases)}]",
            f"    country: {scalar(code)}",
            f"    tags: [{', '.join(scalar(t) for t in tags)}]",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    output.write_text(build(), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
