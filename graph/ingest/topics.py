"""Topic names that mean the same meet in one key: across case, punctuation, spelling and
language.

Recaps name topics as their authors write them: "E-Governance", "e governance",
"eGovernance", and in German recaps "Abfallwirtschaft" for "waste management". Three steps
make them one topic:

1. **Fold**: Unicode NFKC, case-fold, ``ß`` -> ``ss``, accents dropped (``ä`` -> ``a``),
   every run of punctuation, dashes or spaces -> one space. ``"E-Governance"`` and
   ``"e  governance"`` both fold to ``"e governance"``.
2. **Synonyms**: a small, hand-made table (``CANONICAL`` below) maps common municipal
   topics in German, and spelling variants in English, to one English name:
   ``Abfallwirtschaft`` = ``waste management``, ``Digitalisierung`` = ``digitalisation``
   (and ``digitalization``). German umlauts are also matched when written ``ae/oe/ue``
   (``Mobilitaet``). A topic not in the table keeps its own folded form.
3. **Key**: ``topic_key`` slugs the result; ``graph/ingest/build.py`` uses it for topic ids, so
   ``topic:e-governance`` is the one node of all the spellings above.

The table is deliberately small: it covers the topics city-network recaps name most; a
project that meets a new pair adds one line to ``CANONICAL`` (English name -> the other
names). Ambiguous words are left out on purpose (``Verkehr`` could be traffic or
transport), so a wrong merge never happens silently.

>>> topic_key("E-Governance") == topic_key("e governance") == topic_key("eGovernance")
True
>>> canonical_topic("Abfallwirtschaft")
'waste management'
>>> canonical_topic("Mobilitaet")
'mobility'
>>> canonical_topic("Urban Gardening")
'Urban Gardening'
"""

from __future__ import annotations

from functools import cache

from graph.core.model import slug
from graph.ingest.resolve_text import fold_words as fold  # the comparison form of a topic
from graph.ingest.resolve_text import spell_umlauts

# English name -> other names (German and English variants) that mean the same topic.
CANONICAL: dict[str, tuple[str, ...]] = {
    "e-governance": (
        "eGovernance",
        "E-Government",
        "eGovernment",
        "I-Government",
        "iGovernment",
        "I-Governance",
        "digital government",
        "elektronische Verwaltung",
        "digitale Verwaltung",
    ),
    "digitalisation": (
        "digitalization",
        "digitisation",
        "digitization",
        "Digitalisierung",
        "digitale Transformation",
        "digital transformation",
    ),
    "smart city": ("Smart Cities", "intelligente Stadt"),
    "waste management": ("Abfallwirtschaft", "Abfallmanagement", "Müllentsorgung"),
    "recycling": ("Wiederverwertung",),
    "mobility": ("Mobilität",),
    "sustainable mobility": ("nachhaltige Mobilität",),
    "urban mobility": ("städtische Mobilität", "urbane Mobilität"),
    "public transport": ("öffentlicher Nahverkehr", "ÖPNV", "public transit"),
    "climate protection": ("Klimaschutz",),
    "climate adaptation": ("Klimaanpassung", "Anpassung an den Klimawandel"),
    "climate resilience": ("Klimaresilienz",),
    "energy efficiency": ("Energieeffizienz",),
    "renewable energy": ("erneuerbare Energien", "renewable energies"),
    "crisis management": ("Krisenmanagement",),
    "disaster risk management": ("Katastrophenschutz", "Katastrophenrisikomanagement"),
    "public health": ("öffentliche Gesundheit", "Gesundheitsschutz"),
    "COVID-19": ("Covid", "Corona", "Coronavirus", "Corona-Pandemie", "COVID-19-Pandemie"),
    "citizen participation": (
        "Bürgerbeteiligung",
        "public participation",
        "Beteiligung",
        "Partizipation",
    ),
    "urban development": ("Stadtentwicklung",),
    "integrated urban development": ("integrierte Stadtentwicklung",),
    "affordable housing": ("bezahlbarer Wohnraum", "bezahlbares Wohnen"),
    "housing": ("Wohnen", "Wohnungsbau"),
    "water management": ("Wasserwirtschaft", "Wassermanagement"),
    "water supply": ("Wasserversorgung",),
    "wastewater": ("Abwasser", "waste water", "Abwasserentsorgung"),
    "green infrastructure": ("grüne Infrastruktur",),
    "public and green spaces": ("öffentliche Grünflächen", "Grünflächen"),
    "air quality": ("Luftqualität", "Luftreinhaltung"),
    "cycling": ("Radverkehr", "Fahrradverkehr"),
    "municipal services": ("kommunale Dienstleistungen", "kommunale Daseinsvorsorge"),
    "municipal finance": ("kommunale Finanzen", "Kommunalfinanzen"),
    "local economic development": ("lokale Wirtschaftsförderung", "Wirtschaftsförderung"),
    "migration": ("Migration",),
    "refugees": ("Geflüchtete", "Flüchtlinge"),
    "integration": ("Integration",),
    "communication strategy": ("Kommunikationsstrategie",),
    "vaccination": ("Impfung", "Impfkampagne"),
    "tourism": ("Tourismus",),
    "culture": ("Kultur",),
    "education": ("Bildung",),
    "gender equality": ("Gleichstellung", "Geschlechtergerechtigkeit"),
    "SDG localisation": ("SDG localization", "Lokalisierung der SDGs", "SDG-Lokalisierung"),
    "sustainable development": ("nachhaltige Entwicklung",),
    "anti-corruption": ("Korruptionsbekämpfung", "Korruptionsprävention"),
    "transparency": ("Transparenz",),
    "open data": ("offene Daten",),
}


def _compact(folded: str) -> str:
    """'e governance' and 'egovernance' meet: spaces dropped, for the synonym lookup only."""
    return folded.replace(" ", "")


@cache
def _synonyms() -> dict[str, str]:
    """Compact folded form of every known name (and its ae/oe/ue spelling) -> English name."""
    table: dict[str, str] = {}
    for english, others in CANONICAL.items():
        for name in (english, *others):
            for spelling in {name, spell_umlauts(name)}:
                table.setdefault(_compact(fold(spelling)), english)
    return table


def canonical_topic(name: str) -> str:
    """The English name of a known topic, else ``name`` with its spaces tidied.

    >>> canonical_topic("Digitalisierung"), canonical_topic("DIGITALIZATION")
    ('digitalisation', 'digitalisation')
    """
    return _synonyms().get(_compact(fold(name)), " ".join(name.split()))


def topic_key(name: str) -> str:
    """The id part that every spelling of one topic shares (``e-governance``).

    >>> topic_key("E-Governance"), topic_key("Krisenmanagement")
    ('e-governance', 'crisis-management')
    """
    folded = fold(canonical_topic(name))
    return slug(folded) if folded else slug(name)


def same_topic(a: str, b: str) -> bool:
    """Whether two topic names mean the same topic.

    >>> same_topic("Abfallwirtschaft", "Waste Management")
    True
    """
    return topic_key(a) == topic_key(b)
