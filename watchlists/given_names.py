"""Given-name equivalence classes: the forms one name takes across languages.

A Belarusian Mikalai is a Russian Nikolai and a Ukrainian Mykola: spellings no letter-level
rule connects. Each row below (indented lines continue it) is one name in its English,
Russian, Belarusian, Ukrainian, Polish, Czech, German and Romanian forms (romanised; the
keys fold the remaining spelling variants, and Cyrillic is transliterated before lookup).
``m``/``f`` is the name's gender: Aleksandr and Aleksandra are different people.

Diminutives (Sasha, Kolya) are deliberately absent: they are shared by several names.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from nongrata.watchlists.names import loose_key, strict_key

_CLASSES = """
m Alexander Aleksandr Alexandr Aleksander Alexandru Aleksandar Oleksandr Olexandr Alyaksandr
    Aliaksandr Aljaksandr Alaksandr Aleksandras
m Alexei Alexey Aleksei Aleksey Alexej Aleksej Oleksiy Oleksii Oleksij Aliaksei Alyaksei
    Aliaksiej Alexis
m Anatoly Anatoliy Anatolii Anatoli Anatolij Anatol Anatolie Anatolijus
m Andrei Andrey Andrej Andriy Andrii Andrij Andrzej Andreas Andrew Andrius Andrejs
m Anton Antoni Antonin Antonii Antanas
m Arkady Arkadiy Arkadii Arkadi Arkadz Arkadij Arkadiusz
m Artem Artyom Artiom Artsiom Artsem Artemiy
m Bogdan Bohdan Bahdan
m Boris Barys Borys Borisas
m Daniil Danylo Danila Danil Daniel Danila Danielius
m Denis Denys Dzianis Denys Dionisie
m Dmitry Dmitri Dmitriy Dmitrii Dmitrij Dmytro Dzmitry Dzmitryi Dzmitri Dimitri Dimitrie
    Dumitru Dymitr Dmitrijus
m Eduard Edward Eduards Edvard
m Fyodor Fedor Fiodor Fjodor Fedir Fiodar Fedar Theodor Teodor Feodor
m Gennady Gennadiy Gennadii Gennadi Genadij Hennadiy Hennadii Henadz Ghenadie Genadiy
m Georgy Georgiy Georgii Georgi Georgij Heorhiy Heorhii Gheorghe George Georg Jerzy Jiri Jurgis
m Grigory Grigoriy Grigorii Grigori Grigorij Hryhoriy Hryhorii Ryhor Grzegorz Gregory Grigore
m Igor Ihor Ihar Ygor
m Ilya Ilia Illia Ilja Illya Ilie Elijah Ilias
m Ivan Iwan Ioan Ion Iwan Ivanas
m Iosif Osip Yosyp Josef Joseph Jozef Iosyp Juozapas
m Kirill Kyrylo Kiryl Kirylo Cyril Kirils
m Konstantin Kostiantyn Kostyantyn Kanstantsin Konstanty Constantin Constantine Konstantinas
m Leonid Leanid Leonidas
m Maxim Maksim Maksym Maxym Maksimas Maxime
m Matvei Matvey Matsvei Matviy Matvii Matthew Mateusz Matei
m Mikhail Michail Mykhailo Mykhaylo Mikhail Mihail Michael Michal Mihai Michel Mikhal Mikhas
    Mykhajlo Mikhailas
m Nikita Mikita Mykyta
m Nikolai Nikolay Nikolaj Nicolai Nicolae Mikalai Mikalaj Mikalay Mykola Nicholas Nikolaus
    Mikolaj Mikulas Nikola Niccolo
m Oleg Oleh Aleh Olegas
m Pavel Pavlo Paval Pawel Paul Pavol Paulius Pavils
m Pyotr Petr Piotr Petro Pyatro Piatro Peter Petru Petre Pjotr Petras Peteris
m Roman Raman Romanas
m Semyon Semen Semion Siamion Symon Simon Semjon
m Sergei Sergey Sergej Serhiy Serhii Serhij Siarhei Siarhey Siarhiej Sergiu Serge Sergiusz
    Sergejs Sergejus Sergio
m Stanislav Stanislau Stanislaw Stanislovas Stanislavs Stanislas
m Stepan Stsiapan Stefan Stephen Steven Stefanas Stiepan
m Timofei Timofey Tsimafei Tymofiy Tymofii Timotei Timothy
m Vadim Vadym Vadzim Vadimas
m Valentin Valentyn Valiantsin Walenty Valentinas
m Valery Valeriy Valerii Valeri Valerij Valer Waleri Valeriu Valerijus
m Vasily Vasiliy Vasilii Vasili Vasilij Vasyl Vasil Vasile Wasyl Basil Vasilijus
m Viktor Victor Wiktor Viktar Viktoras Viktors
m Vitaly Vitaliy Vitalii Vitali Vitalij Vital Vitalie Witalij Vitalijus
m Vladimir Wladimir Volodymyr Uladzimir Uladzimer Wlodzimierz Vladimiras Vladimirs Vladimer
m Vladislav Vladyslav Uladzislau Wladyslaw Vladislavas Vladislavs
m Vyacheslav Viacheslav Viachaslau Wiaczeslaw Vyachaslau
m Yakov Yakiv Iakov Yakau Jakub Jacob Jakob Jokubas
m Yaroslav Jaroslav Jaroslaw Yaraslau Iaroslav
m Yegor Egor Jegor Yahor Jahor Iegor
m Yevgeny Evgeny Evgeniy Evgenii Yevgeniy Yevgenii Jewgeni Ievgen Ievgenii Yevhen Yevheniy
    Yevhenii Yauhen Yauheni Eugene Eugen Eugeniu Eugeniusz Jevgenij Evgenij
m Yuri Yury Yuriy Yurii Iurii Iurie Juri Jurij Jury Yurij Jurijus
m Zakhar Zachar Zahar Zakhar Zacharias
m Kazimir Kazimierz Kazimieras Kazimir
m Ruslan Ruslanas
m Taras Tarasas
m Emil Emilian Emilijus
f Alexandra Aleksandra Oleksandra Aliaksandra Alyaksandra Alexandrina
f Alla Ala
f Anastasia Anastasiya Anastasiia Anastasija Nastassia Anastazja
f Anna Hanna Ganna Ana Ane Anne Ona
f Daria Darya Dariia Daryia Darja Daria
f Ekaterina Yekaterina Kateryna Katsiaryna Katerina Katharina Catherine Katarzyna Ecaterina
    Kotryna Jekaterina
f Elena Yelena Olena Alena Helena Jelena Helen Yalena
f Evgenia Yevgenia Yevgeniya Yevheniia Eugenia Yauhenia Jewgenija Evgeniya
f Galina Halyna Halina Galyna
f Irina Iryna Irena Irene Iryna Jirina
f Ksenia Kseniya Kseniia Xenia Ksenija Ksenya
f Larisa Larysa Larissa
f Lyubov Liubov Lubov Liubou Lubow
f Lyudmila Ludmila Liudmila Liudmyla Ludmilla Ludmyla Lyudmyla
f Maria Mariya Mariia Marya Maryia Marija Marie Mary Mariia Maryja
f Marina Maryna Maryna
f Nadezhda Nadiya Nadiia Nadzeya Nadzeia Nadzieja Nadia
f Natalia Natalya Nataliya Natallia Natalja Natalie Natalija
f Olga Olha Volha Wolha
f Sofia Sofiya Sofiia Sophia Zofia Sofija Sophie
f Svetlana Sviatlana Svitlana Swetlana Sviatlana Svyatlana
f Tatiana Tatyana Tetiana Tetyana Tatsiana Tatjana Tacciana Tatsyana
f Valentina Valentyna Valiantsina Walentyna
f Vera Vira Viera Wiera Vyera
f Veronika Veronica Veranika Weronika
f Viktoria Viktoriya Viktoriia Victoria Viktoryia Wiktoria
f Yulia Yuliya Yuliia Iuliia Iulia Julia Julija Juliya Yulija Julie Juliana
f Zoya Zoia Zoja Zoe
"""


@dataclass(frozen=True)
class GivenNameClass:
    """One given name in all its forms; ``label`` is its English form."""

    label: str
    gender: str  # "m" or "f"
    forms: tuple[str, ...]


@lru_cache(maxsize=1)
def given_name_classes() -> tuple[GivenNameClass, ...]:
    rows: list[list[str]] = []
    for line in _CLASSES.strip().splitlines():
        if line.startswith(" ") and rows:
            rows[-1] += line.split()  # a continued line
        else:
            rows.append(line.split())
    classes = []
    for gender, *forms in rows:
        classes.append(GivenNameClass(forms[0], gender, tuple(dict.fromkeys(forms))))
    return tuple(classes)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    by_strict: dict[str, set[int]] = defaultdict(set)
    by_loose: dict[str, set[int]] = defaultdict(set)
    for number, cls in enumerate(given_name_classes()):
        for form in cls.forms:
            by_strict[strict_key(form)].add(number)
            by_loose[loose_key(form)].add(number)
    return (
        {k: frozenset(v) for k, v in by_strict.items()},
        {k: frozenset(v) for k, v in by_loose.items()},
    )


def classes_of(name: str) -> frozenset[int]:
    """Indices of the classes a given name belongs to (by strict key, else by loose key)."""
    by_strict, by_loose = _index()
    found = by_strict.get(strict_key(name))
    if found:
        return found
    return by_loose.get(loose_key(name), frozenset())


def class_forms(number: int) -> tuple[str, ...]:
    return given_name_classes()[number].forms


def class_gender(number: int) -> str:
    return given_name_classes()[number].gender
