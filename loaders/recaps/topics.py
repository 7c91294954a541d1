"""Topics a recap is about, from a small bilingual keyword list (English topic names)."""

from __future__ import annotations

import re

# (pattern over the lower-cased text, topic name); German and English spellings.
_TOPICS: tuple[tuple[str, str], ...] = (
    (r"covid|corona|pandemi", "COVID-19"),
    # E-Governance, eGovernment, I-Government, e governance, digitale Verwaltung
    (
        r"(?<![a-zäöüß])[ei][- ]?gov(?:ernance|ernment)|digital(?:e|es)? (?:verwaltung|"
        r"government|governance)|elektronische verwaltung|online-dienste der verwaltung",
        "e-governance",
    ),
    (r"krisenmanagement|crisis management|krisenbewältigung", "crisis management"),
    (r"abfall|waste|müll|recycl", "waste management"),
    (r"mobilit|verkehr|transport|movilidad", "mobility"),
    (r"fahrrad|radverkehr|\bcycling|bicycle|bicicleta|ciclov", "cycling"),
    (r"klima|climate|clima", "climate"),
    (r"digitalis|digitaliz|digital city|smart city", "digitalisation"),
    (r"wohnraum|wohnen|housing|vivienda", "housing"),
    (r"wasser|water|agua", "water management"),
    (r"energie|energy|energía", "energy"),
    (
        r"grünfläche|grüne infrastruktur|green infrastructure|green space|urban forest|"
        r"tiny forest",
        "green infrastructure",
    ),
    (r"gesundheit|health|salud", "public health"),
    (r"impfung|vaccin", "vaccination"),
    (r"flüchtling|geflüchtete|refugee|migration|aufnahmegemeinde|host communit", "migration"),
    (
        r"stadtteilentwicklung|quartiersentwicklung|district development|stadtentwicklung|"
        r"urban development",
        "urban development",
    ),
    (r"bürgerbeteiligung|partizipation|citizen participation|participatory", "participation"),
    (r"\bsdg|nachhaltigkeitsziele|sustainable development goals|agenda 2030", "SDGs"),
    (
        r"wirtschaftsförderung|local economy|economic development|lokale wirtschaft",
        "local economic development",
    ),
    (r"kommunikationsstrateg|communication strateg", "communication strategy"),
    (r"katastroph|disaster|resilien", "resilience"),
    (r"bildung|education|schule", "education"),
    (r"hitze|\bheat\b|klimaanpassung|climate adaptation", "heat and climate adaptation"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), name) for p, name in _TOPICS)


def topic_hits(text: str) -> list[tuple[str, int, int]]:
    """Each topic whose keywords occur in ``text``, with where it is first named, in the
    list's order.

    >>> topic_hits("Mehr Radverkehr in Kiel")
    [('mobility', 8, 15), ('cycling', 5, 15)]
    """
    found = []
    for pattern, name in _COMPILED:
        m = pattern.search(text)
        if m:
            found.append((name, m.start(), m.end()))
    return found


def topics(text: str) -> list[str]:
    """Topic names whose keywords occur in ``text``, in the list's order.

    >>> topics("Abfalltrennung und Recycling in der Kommune")
    ['waste management']
    >>> topics("Dienstleistungen und I-Government"), topics("eGovernance in Tartu")
    (['e-governance'], ['e-governance'])
    """
    return [name for name, _, _ in topic_hits(text)]
