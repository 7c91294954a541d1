"""Canonical places: countries and cities as recaps and tables write them."""

from __future__ import annotations

import itertools

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.ingest import resolve

# -- countries ------------------------------------------------------------------------

GERMAN_AND_OTHER_FORMS = {
    "Weißrussland": "BY",
    "Weissrussland": "BY",
    "Belarus": "BY",
    "Moldawien": "MD",
    "Republik Moldau": "MD",
    "Moldova": "MD",
    "Tschechische Republik": "CZ",
    "Tschechien": "CZ",
    "Czechia": "CZ",
    "Bolivien": "BO",
    "Georgien": "GE",
    "Estland": "EE",
    "Kirgisistan": "KG",
    "Aserbaidschan": "AZ",
    "Bosnien und Herzegowina": "BA",
    "Ägypten": "EG",
    "Simbabwe": "ZW",
    "Österreich": "AT",
    "Marokko": "MA",
    "Tunesien": "TN",
    "Libanon": "LB",
    "Jordanien": "JO",
    "Mexiko": "MX",
    "Brasilien": "BR",
    "Kolumbien": "CO",
    "Peru": "PE",
    "Südafrika": "ZA",
    "Vereinigte Staaten": "US",
    "Deutschland": "DE",
    "Russland": "RU",
    "Türkei": "TR",
    "Nordmazedonien": "MK",
    "Ukraine": "UA",
    "Kosovo": "XK",
    # Spanish and French forms seen in recaps
    "México": "MX",
    "Brasil": "BR",
    "Maroc": "MA",
    "Colombia": "CO",
}

ENGLISH_CANONICAL = {
    "BO": "Bolivia",
    "MD": "Moldova",
    "RU": "Russia",
    "IR": "Iran",
    "SY": "Syria",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "VN": "Vietnam",
    "KR": "South Korea",
    "CZ": "Czech Republic",
    "TR": "Turkey",
    "XK": "Kosovo",
    "GB": "United Kingdom",
    "US": "United States",
    "DE": "Germany",
    "BA": "Bosnia and Herzegovina",
}


def country(name: str) -> resolve.CountryMatch:
    """The country ``name`` stands for; the test fails when it stands for none."""
    match = resolve.country(name)
    assert match is not None, name
    return match


def city(name: str, *, country_code: str | None = None, strict: bool = False) -> resolve.CityMatch:
    """The city ``name`` stands for; the test fails when it stands for none."""
    match = resolve.city(name, country_code=country_code, strict=strict)
    assert match is not None, name
    return match


@pytest.mark.parametrize(("written", "code"), sorted(GERMAN_AND_OTHER_FORMS.items()))
def test_german_and_foreign_names_resolve(written: str, code: str) -> None:
    match = resolve.country(written)
    assert match is not None, written
    assert match.code == code


@pytest.mark.parametrize(("code", "name"), sorted(ENGLISH_CANONICAL.items()))
def test_canonical_name_is_the_english_short_name(code: str, name: str) -> None:
    assert resolve.country_name(code) == name
    match = resolve.country(name)
    assert match is not None and (match.code, match.name) == (code, name)


def test_official_names_and_codes_resolve() -> None:
    assert country("Plurinational State of Bolivia").name == "Bolivia"
    assert country("Republic of Moldova").name == "Moldova"
    assert country("Russian Federation").name == "Russia"
    assert country("Viet Nam").name == "Vietnam"
    assert country("EE").name == "Estonia"
    assert country("BOL").name == "Bolivia"
    assert country("USA").code == "US"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("der Tschechischen Republik", "CZ"),
        ("der Dominikanischen Republik", "DO"),
        ("den Vereinigten Arabischen Emiraten", "AE"),
        ("der Zentralafrikanischen Republik", "CF"),
        ("die Vereinigten Staaten", "US"),
        ("den Vereinigten Staaten", "US"),
        ("den Niederlanden", "NL"),
        ("der Ukraine", "UA"),
        ("des Libanon", "LB"),
        ("Deutschlands", "DE"),
        ("the Netherlands", "NL"),
        ("im Vereinigten Königreich", "GB"),
        ("der Russischen Föderation", "RU"),
        ("im Libanon", "LB"),
    ],
)
def test_german_case_forms_and_articles(written: str, code: str) -> None:
    match = resolve.country(written)
    assert match is not None, written
    assert match.code == code


@pytest.mark.parametrize(
    "written",
    [
        "  weißRUSSland ",
        "WEISSRUSSLAND",
        "weissrussland",
        "Oesterreich",
        "österreich",
        "Bosnien-Herzegowina",
        "Bosnien   und\tHerzegowina",
        "Turkiye",
    ],
)
def test_case_accents_sharp_s_and_whitespace_do_not_matter(written: str) -> None:
    assert resolve.country(written) is not None, written


@pytest.mark.parametrize("word", ["in", "de", "us", "It", "at", "be", "no", "is", "ca"])
def test_codes_only_in_capitals(word: str) -> None:
    assert resolve.country(word) is None
    assert resolve.country(word.upper()) is not None


@pytest.mark.parametrize(
    "word", ["", "   ", "Stadt", "Bürgermeister", "mission", "der", "Atlantis", "Gemeinde"]
)
def test_unknown_names_give_none(word: str) -> None:
    assert resolve.country(word) is None


def test_overlong_text_is_no_place() -> None:
    assert resolve.country("Estland " * 100) is None
    assert resolve.city("Tartu " * 100) is None


def test_country_name_rejects_an_unknown_code() -> None:
    assert resolve.country_name("ee") == "Estonia"
    with pytest.raises(KeyError):
        resolve.country_name("QQ")


def test_every_iso_country_has_a_plain_canonical_name() -> None:
    # No inverted catalogue forms ("Korea, Republic of") as names a person would read.
    for c in pycountry.countries:
        name = resolve.country_name(c.alpha_2)
        assert ", " not in name, name
        assert country(name).code == c.alpha_2, name


def test_match_lists_other_spellings() -> None:
    match = country("Belarus")
    assert "Weißrussland" in match.names
    assert match.name not in match.names


def test_find_countries_in_german_running_text() -> None:
    text = (
        "An dem Austausch nahmen Städte aus Georgien, der Ukraine, Weißrussland, "
        "Bosnien und Herzegowina, der Republik Moldau, der Tschechischen Republik, "
        "den Vereinigten Arabischen Emiraten, den USA und Deutschland teil."
    )
    found = resolve.find_countries(text)
    assert [m.name for _, _, m in found] == [
        "Georgia",
        "Ukraine",
        "Belarus",
        "Bosnia and Herzegovina",
        "Moldova",
        "Czech Republic",
        "United Arab Emirates",
        "United States",
        "Germany",
    ]
    spans = [text[a:b] for a, b, _ in found]
    assert spans[3] == "Bosnien und Herzegowina"
    assert spans[5] == "Tschechischen Republik"
    assert all(b <= a2 for (_, b, _), (a2, _, _) in itertools.pairwise(found))


def test_find_countries_ignores_lower_case_words_and_codes() -> None:
    text = "Die Stadt in de Provinz hat die IT und DE erwähnt, in english too."
    assert resolve.find_countries(text) == []


def test_find_countries_in_english_text() -> None:
    found = resolve.find_countries("Cities from Bolivia, the Czech Republic and Türkiye met.")
    assert [m.code for _, _, m in found] == ["BO", "CZ", "TR"]


def test_find_countries_skips_phrases_that_only_contain_a_country() -> None:
    text = "Delegates from New Mexico, Mexico City and Papua New Guinea met in Mexico."
    found = resolve.find_countries(text, lang="en")
    assert [(text[a:b], m.code) for a, b, m in found] == [
        ("Papua New Guinea", "PG"),
        ("Mexico", "MX"),
    ]


def test_find_countries_with_a_language_ignores_the_other_languages_words() -> None:
    english = "The Islands of Greece, and Jordan."
    assert [m.code for _, _, m in resolve.find_countries(english, lang="en")] == ["GR", "JO"]
    german = "Gäste aus Island, vom Jordan und aus Jordanien, México und Brasil."
    assert [m.code for _, _, m in resolve.find_countries(german, lang="de")] == [
        "IS",
        "JO",
        "MX",
        "BR",
    ]
    # Without a language every known name counts.
    assert [m.code for _, _, m in resolve.find_countries(german)] == [
        "IS",
        "JO",
        "JO",
        "MX",
        "BR",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_country_never_raises_on_any_text(text: str) -> None:
    match = resolve.country(text)
    assert match is None or len(match.code) == 2
    spans = resolve.find_countries(text)
    assert all(0 <= a < b <= len(text) for a, b, _ in spans)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(GERMAN_AND_OTHER_FORMS)),
    st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_known_names_are_case_insensitive(name: str, upper: list[bool]) -> None:
    mixed = "".join(ch.upper() if up else ch.lower() for ch, up in zip(name, upper, strict=False))
    mixed += name[len(upper) :]
    assert country(mixed).code == GERMAN_AND_OTHER_FORMS[name]


# -- cities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "name", "code"),
    [
        ("München", "Munich", "DE"),
        ("Muenchen", "Munich", "DE"),
        ("Köln", "Cologne", "DE"),
        ("Koeln", "Cologne", "DE"),
        ("Kiew", "Kyiv", "UA"),
        ("Київ", "Kyiv", "UA"),
        ("Kiev", "Kyiv", "UA"),
        ("Tiflis", "Tbilisi", "GE"),
        ("Winnyzja", "Vinnytsia", "UA"),
        ("eThekwini", "Durban", "ZA"),
        ("Wien", "Vienna", "AT"),
        ("Nürnberg", "Nuremberg", "DE"),
        ("Chişinău", "Chisinau", "MD"),
        ("Kischinau", "Chisinau", "MD"),
    ],
)
def test_cities_come_back_under_their_english_name(written: str, name: str, code: str) -> None:
    match = resolve.city(written)
    assert match is not None, written
    assert (match.name, match.country_code) == (name, code)


@pytest.mark.parametrize(
    "name",
    [
        "Tartu",
        "Benslimane",
        "Toluca",
        "Puebla",
        "Rostock",
        "Vinnytsia",
        "Fellbach",
        "Lutsk",
        "Belo Horizonte",
        "Amman",
        "Krefeld",
    ],
)
def test_mid_size_cities_are_covered(name: str) -> None:
    match = resolve.city(name)
    assert match is not None, name
    assert match.name.casefold() == name.casefold()
    assert -90 <= match.lat <= 90 and -180 <= match.lon <= 180 and match.geonameid > 0


@pytest.mark.parametrize(
    ("written", "name", "code"),
    [
        ("St. Petersburg", "Saint Petersburg", "RU"),
        ("Sankt Petersburg", "Saint Petersburg", "RU"),
        ("St. Gallen", "Sankt Gallen", "CH"),
        ("Iaşi", "Iași", "RO"),
        ("Iasi", "Iași", "RO"),
        ("Timișoara", "Timișoara", "RO"),
        ("Bălţi", "Bălți", "MD"),
    ],
)
def test_saints_and_romanian_spellings(written: str, name: str, code: str) -> None:
    match = city(written)
    assert (match.name, match.country_code) == (name, code)


def test_strict_mode_takes_either_romanian_spelling() -> None:
    assert city("Iași", strict=True).name == "Iași"
    assert city("Iaşi", strict=True).name == "Iași"


def test_namesakes_resolved_by_country() -> None:
    bolivia = city("La Paz", country_code="BO")
    argentina = city("La Paz", country_code="AR")
    assert bolivia.country_code == "BO" and argentina.country_code == "AR"
    assert bolivia.geonameid != argentina.geonameid
    assert resolve.city("La Paz", country_code="bo") == bolivia  # code case does not matter
    # Without a country, the most populous namesake.
    assert resolve.city("La Paz") == bolivia
    assert city("Frankfurt").lat > 50
    assert resolve.city("Frankfurt (Oder)", country_code="DE") is not None


def test_a_country_without_that_city_falls_back_to_the_best_namesake() -> None:
    assert city("Tartu", country_code="MX").country_code == "EE"


def test_main_name_beats_a_bigger_town_that_lists_it_as_an_alias() -> None:
    assert city("Venice").country_code == "IT"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Stadt Tartu", "Tartu"),
        ("Landeshauptstadt München", "Munich"),
        ("Hansestadt Rostock", "Rostock"),
        ("City of Toluca", "Toluca"),
        ("Municipio de Puebla", "Puebla"),
    ],
)
def test_administrative_prefixes_are_dropped(written: str, name: str) -> None:
    assert city(written).name == name
    assert city(written, strict=True).name == name


def test_a_prefix_alone_is_no_city() -> None:
    assert resolve.city("Stadt") is None
    assert resolve.city("Gemeinde", strict=True) is None


@pytest.mark.parametrize("name", ["Atlantis-upon-Thames", "Qwzxv", "", "   "])
def test_unmatched_city_gives_none(name: str) -> None:
    assert resolve.city(name) is None


@pytest.mark.parametrize(
    "word",
    [
        "Mission",
        "Union",
        "Of",
        "La",
        "Ensemble",
        "Program",
        "Essen",
        "Stadt",
        "Halle",
        "Kinder",
        "Lage",
        "Länder",
        "Kita",
        "Centro",
        "Paz",
        "Universidad",
        "Reading",
        "Martin",
    ],
)
def test_strict_mode_refuses_common_words(word: str) -> None:
    assert resolve.city(word, strict=True) is None


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("Tartu", "Tartu"),
        ("Kiew", "Kyiv"),
        ("Tiflis", "Tbilisi"),
        ("München", "Munich"),
        ("Benslimane", "Benslimane"),
        ("La Paz", "La Paz"),
        ("Rostock", "Rostock"),
    ],
)
def test_strict_mode_still_finds_real_cities(written: str, name: str) -> None:
    match = resolve.city(written, strict=True)
    assert match is not None and match.name == name


@pytest.mark.parametrize(
    "name",
    ["Nice", "Oxford", "Bergen", "Erlangen", "Siegen", "Aalen", "Lima", "Phoenix"],
)
def test_strict_mode_keeps_cities_whose_name_is_also_a_rarer_word(name: str) -> None:
    match = resolve.city(name, strict=True)
    assert match is not None and match.name == name


def test_strict_mode_wants_the_spelling_with_its_accents() -> None:
    # "März" (the month) folds to the Austrian village of Marz: lenient mode takes it.
    assert resolve.city("März") is not None
    assert resolve.city("März", strict=True) is None
    assert city("Bogotá", strict=True).name == "Bogotá"


def test_strict_mode_takes_small_places_only_in_the_country_asked_for() -> None:
    # Vargas (Philippines, under 5,000 people) is far more often a surname.
    assert resolve.city("Vargas", strict=True) is None
    assert city("Vargas", country_code="PH", strict=True).country_code == "PH"


def test_strict_mode_ignores_aliases_of_small_places() -> None:
    # "Union" is the main name of a US city and an alias of small French towns: lenient
    # mode takes the city, strict mode neither.
    assert resolve.city("Union") is not None
    assert resolve.city("Union", strict=True) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.sampled_from([None, "DE", "bo", "", "XX"]), st.booleans())
def test_city_never_raises_on_any_text(text: str, code: str | None, strict: bool) -> None:
    match = resolve.city(text, country_code=code, strict=strict)
    assert match is None or len(match.country_code) == 2
