"""Word lists the structure rules share (German, English, and the Spanish/Portuguese/French
that speaker lists of the network's partners use). Lower case; compared after casefold."""

from __future__ import annotations

import os
import re
from functools import cache

from loaders.recaps.lazy import LazyPattern


def words(text: str) -> frozenset[str]:
    """A word set from a whitespace-separated list (easier to read and edit than a literal)."""
    return frozenset(text.split())


# Honorifics and titles written before a name; never part of the name itself.
PREFIXES = (
    "Prof. Dr.-Ing.",
    "Prof. Dr.",
    "Dr.-Ing.",
    "Dr. h.c.",
    "Dipl.-Ing.",
    "Prof.",
    "Dr.",
    "Dra.",
    "Drs.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Mx.",
    "Eng.",
    "Ing.",
    "Arch.",
    "Mag.",
    "Sr.",
    "Sra.",
    "Lic.",
    "Cllr.",
    "Cllr",
    "Herr",
    "Herrn",
    "Frau",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Madame",
    "Monsieur",
    "Mme.",
    "M.",
    "Don",
    "Doña",
    # more languages' honorifics and academic titles (Italian, Spanish, French, Czech,
    # Slovak, Polish, Dutch, Austrian)
    "Univ.-Prof. Dr.",
    "Univ.-Prof.",
    "Dr.in",
    "Mag.a",
    "Dott.ssa",
    "Dott.",
    "Dr.ssa",
    "Sig.ra",
    "Sig.",
    "Srta.",
    "Dña.",
    "Mme",
    "Mlle",
    "Mgr.",
    "PhDr.",
    "RNDr.",
    "JUDr.",
    "MUDr.",
    "Ing. arch.",
    "doc.",
    "dr hab.",
    "dr inż.",
    "mgr inż.",
    "mgr",
    "inż.",
    "dr.",
    "ir.",
    "drs.",
    "mr.",
    "Hon.",
    "Rt Hon.",
    "H.E.",
)
PREFIX_RE = r"(?:" + "|".join(re.escape(p) for p in sorted(PREFIXES, key=len, reverse=True)) + r")"

# The honorifics as words ("frau", "dr"): never a word of a name.
PREFIX_WORDS = frozenset(w.casefold().strip(".") for p in PREFIXES for w in p.split())

# German articles and the determiners that inflect like them, all cases.
GERMAN_DETERMINERS = words("der die das des dem den ein eine einen einer eines einem kein keine")

# Lower-case words allowed inside a personal name ("Marcelo Cintra do Amaral").
PARTICLES = words(
    "de da do dos das del della di van von der den la le y e bin ibn al el zu ter ten du"
)

# Capitalised words that occur in talk titles, organisations and headings but do not make
# a personal name; a name candidate holding one of them is not a name.
NOT_NAME_WORDS = words(
    """
    a an the of for and or in on with to from at by as via our your my new neue neuer neues
    der die das und für mit von im am an ins vom beim zur zum auf aus bei über ein eine einer
    el los las les une
    un des et pour avec sur en para con por y
    city cities town municipal municipality municipalities local urban green blue smart digital
    climate water waste energy mobility transport traffic development management integrated
    sustainable sustainability strategy strategies public services service spaces space
    planning plan housing health education welcome remarks words introduction opening closing
    keynote panel discussion session workshop presentation presentations practice practices
    good best results programme program programm agenda technical analysis challenges solutions
    version german english spanish arabic french video photo foto impressionen download network
    global international national regional association university universität universidad
    ministry department office agency council institute institut instituto foundation stiftung
    verband amt stadt gemeinde landkreis region connective engagement deutsche deutscher day
    tag part teil case study fall lessons learned experience experiences erfahrungen project
    projekt tiny forest center centre zentrum initiative participation citizens governance
    economy economic social resilience resilient food security safety crisis covid corona response
    responses data innovation tourism culture heritage park parks garden tree trees river lake
    street road market school youth women gender inclusion migration refugees integration
    cooperation partnership finance budget tax revenue investment infrastructure building
    buildings construction air quality noise heat cooling light lighting solar wind power grid
    sanitation drainage flood floods drought risk disaster emergency recovery system systems
    sistema sistemas plan plano programa proyecto gestión gestion movilidad ciudad ciudades
    municipio ayuntamiento secretaría secretaria dirección direccion empresa ciclovías ciclovias
    kommunale kommunen kommunaler kommunalen rückblick rückblicke aktuelles news veranstaltung
    veranstaltungen events event top home startseite menu menü search suche kontakt contact
    impressum datenschutz privacy cookies read more mehr weiterlesen related inhalte verwandte
    zusammenfassung summary background hintergrund ergebnisse outcomes conclusion fazit
    centro centre center cidade urbana urbano urban energy council forest may mal
    minister mayor bürgermeister bürgermeisterin oberbürgermeister lord deputy head director
    wasser abwasser abfall umwelt verkehr klima energie stadtwerke werke utility authority
    hall government secretariat sekretariat team group bank fund academy akademie company
    hotel hostel restaurant café cafe schule museum theater theatre bahnhof station airport
    agreement declaration charter award prize summit conference forum congress week report
    manifesto pact accord protocol convention erklärung abkommen preis gipfel konferenz woche
    gemeindeblatt amtsblatt stadtblatt mitteilungsblatt rundbrief ausgabe issue edition
    """
)

# Words that make a comma-separated part of a speaker line a role, not an organisation.
ROLE_WORDS = re.compile(
    r"\b(?:mayor|lord mayor|deputy|bürgermeister\w*|oberbürgermeister\w*|director\w*|direktor\w*|"
    r"head|leiter\w*|manager\w*|coordinator|koordinator\w*|advisor|adviser|berater\w*|expert\w*|"
    r"officer|referent\w*|president|präsident\w*|minister\w*|secretary|councillor|councilor|"
    r"stadtrat|stadträtin|dezernent\w*|chief|ceo|engineer|ingenieur\w*|architect|architekt\w*|"
    r"planner|planer\w*|consultant|professor\w*|researcher|wissenschaftler\w*|moderator\w*|"
    r"alcalde\w*|prefeito|prefeita|maire|governor|gouverneur|chair\w*|vorsitzend\w*|"
    r"stellvertretend\w*|beigeordnet\w*|sprecher\w*|spokes\w*|founder|gründer\w*|specialist|"
    r"spezialist\w*|lecturer|dozent\w*|team lead\w*|project lead\w*|projektleiter\w*|"
    r"coach|alderman|alderwoman|schepen|wethouder|assessore|adjoint\w*)\b",
    re.IGNORECASE,
)

# German role nouns, also inside compounds ("Städtetags-Vizepräsident", "Bundesministerin").
ROLE_STEMS = (
    r"bürgermeister|präsident|minister|dezernent|beigeordnet|referent|direktor|leiter|"
    r"vorsitzend|sprecher|geschäftsführer|botschafter|staatssekretär|stadtr(?:at|ät)|"
    r"landr(?:at|ät)|stadtbaur(?:at|ät)|gemeinder(?:at|ät)|kreisr(?:at|ät)|ortsvorsteher|"
    r"kreisdirektor|kämmerer|kämmerin|baumeister|manager|moderator|professor|schirmherr|koordinator|"
    r"beauftragt|mitglied"
)
ROLE_COMPOUND = re.compile(
    rf"(?:[\wäöüß]{{1,30}}-)?[\wäöüß]{{0,30}}?(?:{ROLE_STEMS})(?:in|innen|e|er|en|s)?",
    re.IGNORECASE,
)

# Words that mark an organisation; a part holding one is an organisation even without a city.
ORG_WORDS = re.compile(
    r"\b(?:city of|stadt|gemeinde|municipality|municipal|ministry|ministerium|university|"
    r"universität|universidad|universidade|université|institute|institut\w*|agency|agentur|"
    r"association|verband|council|foundation|stiftung|department|office|amt|ayuntamiento|"
    r"municipio|alcaldía|alcaldia|prefeitura|secretar[ií]a|empresa|gmbh|e\.v\.|ngo|ltd|inc|"
    r"company|network|netzwerk|connective cities|giz|bmz|engagement global|city hall|"
    r"town hall|rathaus|government|authority|utility|service|"
    r"stadtverwaltung|verwaltung|\w+amt|\w+werke|\w+verband|\w*agentur|\w*gesellschaft|"
    r"\w*verein|\w*bündnis|\w*netzwerk|\w*institut|\w*stiftung)\b",
    re.IGNORECASE,
)

# What a municipality calls itself before its name, in the languages of a network's
# partners: "Gemeinde Schwarzach", "Comune di Parma", "Ville de Mulhouse", "Miasto Gdynia",
# "Municipality of Almada". The text itself says the name is a municipality.
MUNICIPAL_TITLE = LazyPattern(
    r"(?:(?:landeshaupt|haupt|hanse|universitäts|kreis|kur|messe|bundes)?stadt|"
    r"(?:markt|stadt|orts|samt|verbands)?gemeinde|kommune|"
    r"(?:the\s+)?(?:city|town|village|borough|municipality|metropole|metropolis|"
    r"metropolitan city)\s+of|municipio\s+de|"
    r"munic[ií]pio\s+de|ayuntamiento\s+de|concello\s+de|c[aâ]mara\s+municipal\s+de|"
    r"prefeitura\s+(?:municipal\s+)?de|alcald[ií]a\s+de|comune\s+di|citt[àa]\s+di|"
    r"ville\s+de|commune\s+de|mairie\s+de|gemeente|miasto|gmina|obec|m[eě]sto|grad|"
    r"op[cć]ina|ob[cč]ina|op[sš]tina|kaupunki|kommun)",
    re.IGNORECASE,
)
MUNICIPAL_TITLE_FIRST = re.compile(rf"{MUNICIPAL_TITLE.pattern}\s", re.IGNORECASE)
MUNICIPAL_TITLE_BEFORE = re.compile(rf"(?<![\w-]){MUNICIPAL_TITLE.pattern}[ \t]+$", re.IGNORECASE)
# A municipal body named after its town: "Tartu City Council", "Lecce Municipality",
# "Aarhus Kommune" (a county council or a region's is no town's).
MUNICIPAL_BODY_AFTER = re.compile(
    r"[ \t]+(?:(?:City|Town|Municipal|Borough)[ \t]+(?:Council|Hall|Administration|"
    r"Government)|Municipality|Municipal[ \t]+Corporation|Metropolitan[ \t]+Municipality|"
    r"Kommune|kommun|Stadtverwaltung)(?![\w-])"
)

# The German ones, finite (a main clause puts them second, so a town may follow them:
# "Im Anschluss präsentierte Leipzig sein Konzept"): past and present, the separable
# "setzt ... um" and the perfect "hat ... eingeführt" (the participle or "um" closing the
# clause), also in reported speech ("die Stadt habe ... eingeführt", "setze ... um").
GERMAN_PRACTICE_VERB = (
    r"(?:präsentierte[n]?|stellte[n]?|zeigte[n]?|erläuterte[n]?|beschrieb(?:en)?|"
    r"berichtete[n]? (?:von|über)|führte[n]?|warb(?:en)? für|startete[n]?|"
    # the present tense of a programme or a report written as it happens
    r"präsentiert|präsentieren|stellt|stellen|zeigt|erläutert|berichtet (?:von|über)|"
    r"berichten (?:von|über)|"
    # separable and perfect forms: "setzt ... einen Hitzeaktionsplan um", "hat eine
    # digitale Bürgersprechstunde eingeführt"
    r"setz(?:t|en|te|ten|e)(?=[^.;\n]{0,120}[ \t]um(?:[.,;:!?]|[ \t]|$))|"
    r"(?:hat|haben|habe|hätte|hätten)(?=[^.;\n]{0,120}[ \t](?:eingeführt|umgesetzt|"
    r"vorgestellt|präsentiert|gestartet|eröffnet|aufgebaut|eingerichtet|entwickelt|"
    r"realisiert|gezeigt|saniert|ins Leben gerufen)\b))"
)
# Verbs a recap uses for a city's or a person's project being shown: presented,
# showcased, launched, pledged, championed, shared ... (German ones in their past forms;
# "stellte ... vor" is read by its first part).
PRACTICE_VERB = (
    r"(?:presented|presents|showcased|showcases|launched|launches|pledged|pledges|"
    r"championed|champions|shared|shares|introduced|introduces|described|describes|"
    r"demonstrated|demonstrates|explained|explains|outlined|outlines|unveiled|unveils|"
    r"piloted|pilots|showed|shows|highlighted|highlights|detailed|rolled out|introduces|"
    r"walked (?:\w+ ){0,2}through|took (?:\w+ ){0,2}through|guided (?:\w+ ){0,2}through|"
    r"told(?= (?:\w+ )?how\b)|"
    r"(?:has|have|had) (?:also )?(?:shown|presented|shared|introduced|showcased|launched|"
    r"explained|described|demonstrated)|reported on|gave an? "
    r"(?:insight|overview|presentation) (?:into|of|on)|"
    rf"{GERMAN_PRACTICE_VERB}|"
    # what a town is doing, or has done, with its project: "Sibiu is restoring ...",
    # "Ostrava has been testing ...", "Alytus has set up ...", "Tallinn implements ..."
    r"(?:is|are)[ \t]+(?:now[ \t]+|currently[ \t]+|also[ \t]+|already[ \t]+)?"
    r"(?:restoring|running|piloting|implementing|rolling out|testing|trialling|trialing|"
    r"introducing|developing|launching|turning|converting|building|setting up|expanding|"
    r"preparing|creating|scaling up)|"
    r"(?:has|have)[ \t]+been[ \t]+(?:testing|piloting|running|implementing|restoring|"
    r"developing|trialling|trialing|building|expanding)|"
    r"(?:has|have|had)[ \t]+(?:also[ \t]+|already[ \t]+|recently[ \t]+|now[ \t]+)?"
    r"(?:implemented|rolled out|set up|piloted|restored|introduced|built|created|tested|"
    r"opened|converted|turned)|implemented|implements|restored|restores)"
)
# A German main clause puts its finite verb second, so after a time, a place or a source
# the town follows its verb: "Im Anschluss präsentierte Leipzig sein Konzept", "Laut X hat
# Marburg ... eingerichtet", "Danach stellte die Stadt Jena ihr ... vor".
_VERB_THEN_TOWN = LazyPattern(
    rf"(?<![\w-]){GERMAN_PRACTICE_VERB}[ \t]+(?:(?:die|der|das)[ \t]+)?"
    rf"(?:{MUNICIPAL_TITLE.pattern}[ \t]+)?",
    re.IGNORECASE,
)
# ... and then the town's object: an article or a possessive, maybe after a time ("seit
# dem Frühjahr einen Hitzeaktionsplan", "den Teilnehmenden den ..."), or a quoted name.
_OBJECT_AFTER_TOWN = re.compile(
    r"[ \t]+(?:[\wäöüß-]+[ \t]+){0,4}?(?P<object>(?:sein|seine|seinen|seinem|ihr|ihre|"
    r"ihren|ihrem|das|den|die|ein|eine|einen)[ \t]+\S|[„\"“«])",
    re.IGNORECASE,
)
_VERB_REACH = 200  # how far after a verb its participle or "um" may stand


def town_after_verb(text: str, start: int, end: int) -> int | None:
    """Where the object starts when the town ``text[start:end]`` follows a German practice
    verb and its object follows the town; else ``None``.

    >>> t = "Im Anschluss präsentierte Leipzig sein Konzept."
    >>> t[town_after_verb(t, 26, 33):]
    'sein Konzept.'
    >>> town_after_verb("Die Gäste aus Leipzig präsentierten ihr Konzept.", 14, 21) is None
    True
    """
    found = _OBJECT_AFTER_TOWN.match(text, end)
    if found is None:
        return None
    window = max(0, start - 60)
    for m in _VERB_THEN_TOWN.finditer(text, window, min(len(text), start + _VERB_REACH)):
        if m.end() == start:
            return found.start("object")
        if m.start() >= start:
            break
    return None


# "Grenoble presented its ...", "Malmö launched a toolkit", "The Espoo team showed
# their ...", "Kiel zeigte ihr ...": a town as the subject that shows its own.
_TOWN_BODY = (
    r"team|delegation|Delegation|Team|department|office|administration|agency|authority|"
    r"cooperative|co-operative|company|utility|council|service|lab|unit|corporation|board"
)
# A phrase set off by commas after a town that says what the town is: "Utrecht, the host
# of last year's meeting, ...", "Ghent, a city of 260,000, ...", "Kiel, our host, ...".
TOWN_APPOSITION = (
    r",[ \t]+(?:the|a|an|our|this year['’]s|last year['’]s|die|der|das|eine?|unsere?)[ \t]+"
    r"[^,.;:!?\n\"„“”«»]{2,60}?,"
)
PRESENTS_ITS_OWN = LazyPattern(
    # "Milan's mobility department presented ...", "The Espoo team showed ...",
    # "Grenoble's citizen cooperative now runs ..."
    rf"(?:['’]s(?:[ \t]+[a-z][\w-]*){{0,2}}(?=[ \t]+(?:{_TOWN_BODY})\b))?"
    rf"(?:[ \t]+(?:{_TOWN_BODY}))?"
    # "Glasgow, our host, introduces its plan", "Alytus, for its part, has set up ...",
    # "Utrecht, the host of last year's meeting, rolled out ..."
    rf"(?:{TOWN_APPOSITION}|,[ \t]+(?:for its part|in turn|too|"
    r"meanwhile|for example|for instance|as well|ihrerseits|seinerseits),)?"
    r"[ \t]+(?:also[ \t]+|auch[ \t]+|now[ \t]+|currently[ \t]+|already[ \t]+|"
    r"respectively[ \t]+)?"
    + rf"(?:{PRACTICE_VERB}|opened|inaugurated|eröffnete|eröffneten|runs|operates)"
    # a time or place said before the object: "setzt seit dem vergangenen Jahr ein ..."
    + r"(?:[ \t]+(?:seit|im|am|bereits|schon|derzeit|jetzt|nun|inzwischen|gerade|since|"
    r"this|last|in \d{4})\b[^,.;:\n]{0,40}?(?=[ \t]+(?:ein|eine|einen|das|die|den|its|a|an|"
    r"the|their|ihr|ihre|ihren|sein|seine|seinen)\b))?"
    + r"(?:[ \t]+(?:im Gegenzug|in return|in turn|ebenfalls|also))?"
    # "Weinheim zeigte den Gästen (im Gegenzug) das neue Quartierszentrum": whom it showed
    + r"(?:[ \t]+(?:den[ \t]+(?:Gästen|Besuchern|Besucherinnen|Teilnehmenden|Teilnehmern)|"
    r"them|the (?:visitors|guests|delegates|participants))(?:[ \t]+im Gegenzug)?)?"
    + r"[ \t]+(?:(?:its|their|ihr|ihre|ihren|sein|seine|seinen|a|an|the|how|plans|to|that|"
    r"das|die|den|einen|eine|ein)\b|[\"„“«]"  # or a quoted name: presented "Area B"
    # or a name in capitals ("shared Bike Lanes on Main Roads"), or an object's first
    # word that is no preposition ("has been testing temporary uses")
    # (not a person's role and name: "stellte Quartiersmanagerin Nina Brandt ...")
     + r"|(?=(?![\wäöüß-]*(?i:meister|manager|leiter|referent|direktor|präsident|dezernent|"
    r"beigeordnet|rat|rätin|mayor|councill?or|director|head|deputy|minister|officer|chair|"
    r"prof|dr|mr|ms|mrs|frau|herr)(?:in|innen)?\b)"
    r"[A-ZÄÖÜ][\w'’-]*[ \t]+[A-ZÄÖÜ0-9])"
    r"|(?=(?!(?:in|at|on|with|for|about|during|by|from|after|before|under|over|into|as|to|"
    r"its|their|of|up|out|back|again|and|or|but)\b)[a-zäöü][\w-]+[ \t]+[\w-]+[ \t]+[a-zäöü]))"
)
# A transfer network's cities take up another's good practice in a form of their own:
# "Tartu adapted the good practice as a pop-up workspace scheme", "Koprivnica turned it
# into a lease model", "Seixal transferred the approach to vacant ground floors".
ADAPTED_PRACTICE = LazyPattern(
    r"[ \t]+(?:(?:has|have|also|then)[ \t]+)*(?:adapted|adapts|transferred|transfers|turned|"
    r"turns|transposed|transposes|replicated|replicates|translated|translates|tailored|"
    r"tailors|reworked|reworks|übertrug|übertragen|übersetzte)[ \t]+"
    r"(?:(?:the|this|that|their|its|das|die|den|dieses?)[ \t]+(?:(?:good|best|original|"
    r"gute|transferred)[ \t]+)?(?:practices?|approach|model|scheme|idea|concept|method|"
    r"tool|programme|program|Praxis|Ansatz|Modell|Idee|Konzept)|it|them|es|sie)"
    r"(?:[ \t]+(?:of|from|aus|von)[ \t]+[A-ZÄÖÜ][\w'’-]*(?:[ \t]+[A-ZÄÖÜ][\w'’-]*)?)?"
    r"[ \t]+(?:as|into|to|for|in|als|in|auf|zu)[ \t]+",
)
# "Gdynia's adaptation, the "Open Ground Floors" call": a town's own version of it
TOWN_VERSION = re.compile(
    r"['’]s[ \t]+(?:own[ \t]+)?(?:adaptation|version|take|transfer|variant)\b"
)
# What a town's project is called by its kind: "Bologna's civic crowdfunding platform",
# "das Leipziger Modell", "das Münchner Projekt „Grüne Höfe“" (German compounds end in it:
# "Förderprogramm", "Gründachkataster").
PRACTICE_NOUN = LazyPattern(
    r"(?:programmes?|programs?|schemes?|models?|plans?|strateg(?:y|ies)|initiatives?|"
    r"projects?|polic(?:y|ies)|platforms?|apps?|funds?|hubs?|labs?|budgets?|atlas(?:es)?|"
    r"maps?|registers?|pilots?|toolkits?|campaigns?|zones?|approach(?:es)?|concepts?|"
    r"charters?|portals?|"
    r"[\wäöüß]*(?:modell|projekt|programm|konzept|plan|strategie|initiative|plattform|fonds|"
    r"kataster|atlas|kampagne|portal|budget|labor|ticket)(?:e|s|en)?)(?![\w-])",
    re.IGNORECASE,
)
# Words that may describe the kind: not a role, an article, a preposition or a verb (a
# past form: "'s mayor unveiled plans"; "nature-based" is no verb).
_NOT_A_MODIFIER = LazyPattern(
    rf"(?:{ROLE_WORDS.pattern}|\b(?:the|a|an|its|their|and|or|of|to|in|on|for|with|by|at|"
    r"from|was|is|were|are|has|have|had|will|also)\b|(?<![\w-])[a-z]+ed\b|[\"„“«,.;:])",
    re.IGNORECASE,
)
_POSSESSED = re.compile(r"['’]s[ \t]+(?P<words>[\w-]+(?:[ \t]+[\w-]+){0,4})")
_KIND_WORDS = 5  # "'s new low-cost social housing model": the kind within five words


def possessed_practice(text: str, end: int) -> str | None:
    """What a town's possessive names when it is a project by its kind (``text[end:]``
    follows the town): "'s civic crowdfunding platform" -> "civic crowdfunding platform";
    ``None`` for "'s mayor", "'s mayor unveiled plans", "'s population".

    >>> t = "Bologna's civic crowdfunding platform was a highlight."
    >>> possessed_practice(t, 7), possessed_practice("Berlin's mayor unveiled plans", 6)
    ('civic crowdfunding platform', None)
    """
    m = _POSSESSED.match(text, end)
    words = m["words"].split()[:_KIND_WORDS] if m else []
    for k, word in enumerate(words):
        if PRACTICE_NOUN.fullmatch(word):
            what = " ".join(words[: k + 1])
            return None if _NOT_A_MODIFIER.search(" ".join(words[:k])) else what
    return None


# Passive forms: "the group was shown the Cloudburst Plan", "wurde ... vorgestellt".
PRACTICE_PASSIVE = (
    r"(?:(?:was|were|had been|has been|have been)[ \t]+(?:\w+[ \t]+)?(?:shown|presented|"
    r"introduced|showcased|demonstrated|given a tour of)|"
    r"(?:wurde|wurden)\b[^.;\n]{0,80}\b(?:vorgestellt|präsentiert|gezeigt))"
)
# What funds a project is not the city whose project it is: "financed by the City of X".
FUNDED_BY = re.compile(
    r"\b(?:financed|funded|sponsored|supported|backed|co-funded|paid for)[ \t]+by[ \t]+"
    r"(?:the[ \t]+)?(?:city[ \t]+of[ \t]+)?$|\b(?:with (?:funding|support|money) from|"
    r"gefördert (?:von|durch)|finanziert (?:von|durch)|unterstützt (?:von|durch)|"
    r"mit (?:mitteln|unterstützung) (?:von|der|des))[ \t]+(?:the[ \t]+|der[ \t]+|"
    r"des[ \t]+)?(?:(?:city|stadt)[ \t]+(?:of[ \t]+)?)?$",
    re.IGNORECASE,
)

# Nouns for a meeting of any kind, German and English: conferences and workshops, and
# the receptions, visits, delegations, assemblies, festivals, sessions, anniversaries,
# board meetings and webinars that recaps report as well. German ones also close a
# compound ("Dialogforum", "Netzwerktreffen", "Hauptversammlung", "Europafest").
MEETING_NOUN = re.compile(
    r"(?<![\w-])(?:"
    r"\w*(?:veranstaltung|workshop|austausch|seminar|konferenz|tagung|treffen|forum|gipfel|"
    r"versammlung|sitzung|kongress|symposium|exkursion|studienreise|delegationsreise|"
    r"fachgespräch|rundgang|empfang|besuch|delegation|jubiläum|festakt|feier|begegnung|"
    r"dialog|messe|ausstellung|schulung|fortbildung|lehrgang|akademie|hospitation|"
    r"rundreise|informationsreise|webinar|webseminar|stammtisch|werkstatt|"
    r"ratssitzung|ausschusssitzung|vorstandssitzung|plenum|anhörung|podium|"
    r"podiumsdiskussion|vortrag|vorträge|einweihung|eröffnungsfeier)"
    r"(?:en|es|s|e|n)?"
    r"|(?!Manifest)[A-ZÄÖÜ]\w+fest(?:es|e|s)?|fest(?:e|es)|festival\w*"
    r"|webinars?|events?|conferences?|exchanges?|meetings?|meet-?ups?|campus|summits?|"
    r"congress(?:es)?|assembl(?:y|ies)|sessions?|receptions?|ceremon(?:y|ies)|"
    r"celebrations?|anniversar(?:y|ies)|jubilee|gala|trade fairs?|expos?|exhibitions?|"
    r"delegations?|excursions?|"
    r"(?:study|site|exchange|field|peer[- ]learning|learning|technical|working) "
    r"(?:visits?|tours?|trips?)|peer reviews?|academ(?:y|ies)|round ?tables?|"
    r"masterclass(?:es)?|hackathons?|seminars?|symposi(?:um|a)|workshops?|forums?|"
    r"fora|dialogues?|panel discussions?|hearings?|plenar(?:y|ies)|retreats?|trainings?|"
    r"bootcamps?|board meetings?|committee meetings?|general assembl(?:y|ies)|"
    r"conventions?|launch events?|inaugurations?|opening ceremon(?:y|ies)|signings?|"
    r"festivities|recaps?|rückblick\w*"
    r")(?![\w-])",
    re.IGNORECASE,
)
# German verbs that say a body held a meeting, whose particle closes the clause
# ("hielt der Städtetag seine Hauptversammlung in Köln ab"): particle -> finite forms
# (present and simple past, singular and plural; the subjunctive of reported speech).
SEPARABLE_MEETING_VERBS: dict[str, tuple[str, ...]] = {
    "ab": ("hielt", "hielten", "hält", "halten", "halte", "hielte"),
    "statt": ("fand", "fanden", "findet", "finden", "finde", "fände"),
    "aus": (
        "richtete",
        "richteten",
        "richtet",
        "richten",
        "richte",
        "trug",
        "trugen",
        "trägt",
        "tragen",
    ),
    "durch": ("führte", "führten", "führt", "führen", "führe"),
}
SEPARABLE_MEETING = LazyPattern(
    "|".join(
        rf"\b(?:{'|'.join(forms)})\b(?P<body_{particle}>[^.;!?\n]{{3,200}}?)[ \t]+{particle}"
        rf"(?=[ \t]*(?:[.,;:!?)]|$))"
        for particle, forms in SEPARABLE_MEETING_VERBS.items()
    )
)


def held_meeting(sentence: str) -> tuple[int, int] | None:
    """The span between a German separable verb and its particle when it holds a meeting
    noun: the clause that says a body held, hosted or ran a meeting.

    >>> s = "Im Mai hielt der Deutsche Städtetag seine Hauptversammlung in Köln ab."
    >>> a, b = held_meeting(s); s[a:b]
    ' der Deutsche Städtetag seine Hauptversammlung in Köln'
    >>> held_meeting("Die Stadt hielt an ihrem Plan fest.") is None
    True
    """
    for m in SEPARABLE_MEETING.finditer(sentence):
        group = next(g for g, v in m.groupdict().items() if v is not None)
        if MEETING_NOUN.search(m[group]):
            return m.start(group), m.end(group)
    return None


# A page that reports a meeting: a meeting noun, or a verb that says people met.
MEETING_WORDS = re.compile(
    MEETING_NOUN.pattern
    + r"|\b(?:trafen sich|took place|takes place|fand\b.{0,80}\bstatt|stattfand|"
    r"met (?:in|at|for|on|with)|came together|gathered|convened|hosted|welcomed|"
    r"debated?|kamen\b.{0,80}\bzusammen|berieten|haben\b.{0,80}\bberaten|"
    r"diskutierten|debattierten|empfing|empfangen|begrüßte|besuchte|besuchten|"
    r"visited|zu gast|gefeiert|feierte|feierten|celebrated|tagte|tagten)\b",
    re.IGNORECASE,
)

# Lines that credit a photo or image: never people.
PHOTO_CREDIT = re.compile(
    r"^\s*(?:photos?|fotos?|bild(?:er)?|image|credits?|bildnachweis|©|\(c\))\s*(?::|©|\b)",
    re.IGNORECASE,
)

# Lines that name the recap's author.
# ... also a newspaper's byline, "Von Jana Roe" / "By Jana Roe | 3 May" on its own line.
AUTHOR_LINE = re.compile(
    r"^\s*(?:(?i:erstellt von|verfasst von|geschrieben von|autor(?:in)?|author|written by|"
    r"text(?: von)?|created by|posted by|by)\s*:\s*|(?i:von|by)[ \t]+"
    r"(?=[A-ZÄÖÜ][\w'’-]+(?:[ \t]+[A-ZÄÖÜ][\w'’-]+){1,3}[ \t]*(?:[,|][^\n]*)?$))"
    r"(?P<rest>.*)$"
)

# Section headings of talks that are not practices (welcome words, introductions).
NON_PRACTICE_SECTION = re.compile(
    r"\b(?:welcome|begrüßung|grußwort\w*|eröffnung|opening|introduction|einführung|keynote|"
    r"closing|abschluss|moderation)\b",
    re.IGNORECASE,
)
PRACTICE_SECTION = re.compile(
    r"\b(?:good[- ]practice\w*|gute\w* praxis\w*|gute\w* praktik\w*|praxisbeispiel\w*|"
    r"best[- ]practice\w*|bewährte\w* praktik\w*|practice examples?|case stud\w+|"
    r"fallbeispiel\w*|buenas prácticas|boas práticas|bonnes pratiques)\b",
    re.IGNORECASE,
)
# A talk whose speaker works for a municipality (or its utility) presents a practice.
MUNICIPAL_ORG = LazyPattern(
    r"\b(?:city of|town of|municipality|municipal|stadt|gemeinde|landeshauptstadt|hansestadt|"
    r"ayuntamiento|municipio|municipalidad|alcaldía|alcaldia|prefeitura|intendencia|"
    r"mairie|ville de|commune|stadtverwaltung|bürgermeister\w*|mayor|secretar[ií]a de|amt|"
    r"\w+amt|stadtwerke|city council|town council|borough council|city government|"
    r"city hall|kommune|councill?or|alderm[ae]n|alderwoman|stadtr[aä]t\w*|gemeinder[aä]t\w*|"
    r"beigeordnete[rn]?)\b",
    re.IGNORECASE,
)
RESEARCH_ORG = re.compile(
    r"\b(?:universit\w*|universidad\w*|universidade|hochschule|research|forschung\w*|"
    r"think tank)\b",
    re.IGNORECASE,
)


# -- given names ----------------------------------------------------------------------------
# Evidence that a capitalised pair is a person: its first word is a given name in
# gender-guesser's list (about 60,000 names from 50 countries, Latin script). The list is
# parsed once into a plain file in the cache directory (a few ms to read afterwards, 0.5 s
# to parse the package's 4 MB table).

_NAME_COLUMNS = slice(3, 29)  # nam_dict.txt: sex code, then the name in fixed columns


def _parse_given_names() -> frozenset[str]:
    from importlib import resources

    table = resources.files("gender_guesser") / "data" / "nam_dict.txt"
    names: set[str] = set()
    for line in table.read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "#=":
            continue
        name = line[_NAME_COLUMNS].strip()
        # "+" joins the parts of a compound name written with a space, a hyphen or nothing.
        spellings = [name.replace("+", r) for r in ("", " ", "-")] if "+" in name else [name]
        names.update(s.casefold() for s in spellings if s)
    return frozenset(names)


@cache
def given_names() -> frozenset[str]:
    """Given names, casefolded: read from the cache file, built on first use.

    >>> {"päivi", "burkhard", "svenja"} <= given_names(), "leipzig" in given_names()
    (True, False)
    """
    from importlib import metadata

    from graph.ingest.gazetteer import cache_dir

    path = cache_dir() / f"given-names-{metadata.version('gender-guesser')}.txt"
    try:
        return frozenset(path.read_text(encoding="utf-8").split("\n"))
    except OSError:
        pass
    names = _parse_given_names()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text("\n".join(sorted(names)), encoding="utf-8")
        partial.replace(path)  # two first runs leave one whole file
    except OSError:
        pass  # an unwritable cache: parse again next time
    return names


def is_given_name(word: str) -> bool:
    """Whether ``word`` (or each part of "Frank-Walter") is a given name."""
    parts = word.casefold().split("-")
    return all(p in given_names() for p in parts if p)


# Who a practice was presented to, closing its object: "presented the city's recycling
# program to the Lakeland City Commission", "to the visiting delegation", "to participants".
AUDIENCE = (
    r"to\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:commission|council|committee|board|assembly|"
    r"delegation|visitors|guests|participants|delegates|audience|group|members|attendees)"
)

# French, as a francophone network's page quotes it inside English: "la Ville de Dakar a
# présenté son programme ...". The town's title, then a verb in the passé composé or the
# present.
FRENCH_TOWN_TITLE = (
    r"(?:la|le|l['’])\s*(?:ville|commune|mairie|municipalité|métropole)\s+(?:de|d['’])\s*"
)
FRENCH_PRACTICE_VERB = (
    r"(?:a|avait|ont)\s+(?:présenté|lancé|partagé|mis en place|développé|inauguré|expérimenté)|"
    r"présente|lance|partage|met en place"
)
