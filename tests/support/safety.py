"""Find sentences that advise keeping or passing on an image.

Bronwijzer must never advise anyone to save, keep, collect, screenshot, download,
share or forward an image (with someone under 18 in it, having it is itself an
offence; see :mod:`tests.support.offence_claims` for how we may say so).
:func:`image_advice_problems` reads Dutch or English prose and returns the
sentences that do give such advice, so tests can check every text we publish.

It is a careful heuristic, not a parser. A sentence is flagged when one of its
clauses

* gives advice: an imperative ("Bewaar ...", "Save ..."), "you" with a modal
  ("je kunt ... opslaan", "you should keep ..."), a recommending frame ("het is
  verstandig om ... te bewaren", "make sure you ...", "vergeet niet ..."), a
  passive with "must" ("moet worden bewaard", "should be saved"), or a bare
  Dutch instruction ("Beelden doorsturen naar ...");
* with a verb of keeping or passing on (bewaren, opslaan, doorsturen, delen,
  verzamelen, downloaden, save, keep, store, collect, forward, share, ...), a
  verb of making a copy ("maak een screenshot", "take a picture") or a verb that
  itself makes an image ("screenshot the chat", "fotografeer het scherm");
* whose object is an image (beeld, foto, filmpje, naaktfoto, screenshot, bewijs,
  image, photo, picture, video, nude, evidence, ...), or a pronoun ("bewaar ze",
  "keep them") in a sentence that mentions one or follows one that does;

and the clause is not negated ("niet", "nooit", "geen", "not", "never", "don't",
...), not a description or condition ("als iemand een foto deelt", "images that
are shared") and not a warning ("... is strafbaar", "... is an offence").

An image also counts as the object when it comes with the object ("bewaar de chat
met de foto's", "keep the chat with the images") or is added to it in a list
("bewaar de tekst en de foto's", "sla de chat op, de foto's ook"). Advice to keep
what is only text is not flagged, even "as evidence": "bewaar de tekstberichten als
bewijs" and "keep the usernames as evidence" pass, while "bewaar de berichten als
bewijs" (messages may hold images) is still flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACTION, CAPTURE, SELF = "action", "capture", "self"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Dutch verbs: kind, particle of a separable verb, imperative(s), finite forms, infinitive(s), participle(s).
_NL_VERBS = [
    (ACTION, "", "bewaar", "bewaart bewaarde bewaarden", "bewaren", "bewaard"),
    (ACTION, "op", "sla", "slaat sloeg sloegen", "slaan", "geslagen"),
    (ACTION, "door", "stuur", "stuurt stuurde stuurden", "sturen", "gestuurd"),
    (ACTION, "", "stuur", "stuurt stuurde stuurden", "sturen", "gestuurd"),
    (ACTION, "", "verstuur", "verstuurt verstuurde verstuurden", "versturen", "verstuurd"),
    (ACTION, "door", "geef", "geeft gaf gaven", "geven", "gegeven"),
    (ACTION, "vast", "leg", "legt legde legden", "leggen", "gelegd"),
    (ACTION, "", "verzamel", "verzamelt verzamelde verzamelden", "verzamelen", "verzameld"),
    (ACTION, "", "deel", "deelt deelde deelden", "delen", "gedeeld"),
    (ACTION, "", "download", "downloadt downloadde downloadden", "downloaden", "gedownload"),
    (ACTION, "", "kopieer", "kopieert kopieerde kopieerden", "kopiëren kopieren", "gekopieerd"),
    (ACTION, "", "verspreid", "verspreidt verspreidde verspreidden", "verspreiden", "verspreid"),
    (ACTION, "", "print", "printt printte printten", "printen", "geprint"),
    (ACTION, "", "houd hou", "houdt hield hielden", "houden", "gehouden"),
    (ACTION, "", "upload", "uploadt uploadde", "uploaden", "geüpload geupload"),
    (ACTION, "", "post", "postte postten", "posten", "gepost"),
    (ACTION, "", "forward", "forwardt forwardde", "forwarden", "geforward"),
    (ACTION, "", "zet", "zette zetten", "zetten", "gezet"),
    (CAPTURE, "", "maak", "maakt maakte maakten", "maken", "gemaakt"),
    (CAPTURE, "", "neem", "neemt nam namen", "nemen", "genomen"),
    (SELF, "", "screenshot", "screenshotte screenshotten", "screenshotten", "gescreenshot"),
    (SELF, "", "fotografeer", "fotografeert fotografeerde", "fotograferen", "gefotografeerd"),
    (SELF, "", "film", "filmt filmde filmden", "filmen", "gefilmd"),
]
# English verbs: kind, particle, base form, finite forms, -ing form, participle(s).
_EN_VERBS = [
    (ACTION, "", "save", "saves saved", "saving", "saved"),
    (ACTION, "", "keep", "keeps kept", "keeping", "kept"),
    (ACTION, "", "store", "stores stored", "storing", "stored"),
    (ACTION, "", "collect", "collects collected", "collecting", "collected"),
    (ACTION, "", "gather", "gathers gathered", "gathering", "gathered"),
    (ACTION, "", "retain", "retains retained", "retaining", "retained"),
    (ACTION, "", "forward", "forwards forwarded", "forwarding", "forwarded"),
    (ACTION, "", "share", "shares shared", "sharing", "shared"),
    (ACTION, "", "send", "sends sent", "sending", "sent"),
    (ACTION, "", "download", "downloads downloaded", "downloading", "downloaded"),
    (ACTION, "", "copy", "copies copied", "copying", "copied"),
    (ACTION, "", "print", "prints printed", "printing", "printed"),
    (ACTION, "", "upload", "uploads uploaded", "uploading", "uploaded"),
    (ACTION, "", "post", "posts posted", "posting", "posted"),
    (ACTION, "", "repost", "reposts reposted", "reposting", "reposted"),
    (ACTION, "", "spread", "spreads", "spreading", "spread"),
    (ACTION, "", "distribute", "distributes distributed", "distributing", "distributed"),
    (ACTION, "", "archive", "archives archived", "archiving", "archived"),
    (ACTION, "", "record", "records recorded", "recording", "recorded"),
    (ACTION, "on", "hold", "holds held", "holding", "held"),
    (ACTION, "on", "pass", "passes passed", "passing", "passed"),
    (ACTION, "up", "back", "backs backed", "backing", "backed"),
    (CAPTURE, "", "take", "takes took", "taking", "taken"),
    (CAPTURE, "", "make", "makes made", "making", "made"),
    (CAPTURE, "", "grab", "grabs grabbed", "grabbing", "grabbed"),
    (CAPTURE, "", "snap", "snaps snapped", "snapping", "snapped"),
    (SELF, "", "screenshot", "screenshots screenshotted", "screenshotting", "screenshotted"),
    (SELF, "", "photograph", "photographs photographed", "photographing", "photographed"),
]

_IMAGE_WORDS = _words(
    "beeld beelden beeldje beeldjes beeldmateriaal foto fotos fotootje fotootjes filmpje filmpjes film films "
    "video videos opname opnames opnamen screenshot screenshots schermafbeelding schermafbeeldingen "
    "schermafdruk schermafdrukken afbeelding afbeeldingen plaatje plaatjes selfie selfies nude nudes naaktje "
    "naaktjes dickpic dickpics bewijs bewijsmateriaal kopie kopieën kopieen image images photo photos "
    "photograph photographs picture pictures pic pics clip clips footage recording recordings screengrab "
    "screengrabs snapshot snapshots evidence copy copies"
)
_SUFFIXES = "foto fotos beeld beelden filmpje filmpjes video videos screenshot screenshots afbeelding"
_IMAGE_SUFFIXES = (*_SUFFIXES.split(), "afbeeldingen", "selfie", "selfies", "opname")
_NOT_IMAGE = "voorbeeld voorbeelden zelfbeeld wereldbeeld mensbeeld denkbeeld godsbeeld toekomstbeeld"
_NOT_IMAGES = (*_NOT_IMAGE.split(), "lichaamsbeeld", "ziekenhuisopname")
_CAPTURE_EXTRA = {"back-up", "backup", "afdruk", "afdrukken", "print", "prints", "capture"}
# Image words that can be a role ("als bewijs", "as evidence") rather than the thing kept.
_EVIDENCE = _words("bewijs bewijsmateriaal evidence")
# Nouns that name text only (never an image): keeping these "as evidence" is not image advice.
_TEXT_ONLY = _words(
    "tekst teksten tekstbericht tekstberichten chattekst chatteksten naam namen gebruikersnaam "
    "gebruikersnamen accountnaam accountnamen profielnaam profielnamen schermnaam schermnamen "
    "telefoonnummer telefoonnummers rekeningnummer rekeningnummers betaalverzoek betaalverzoeken "
    "bedrag bedragen datum datums tijdstip tijdstippen text texts transcript transcripts name names "
    "username usernames handle handles number numbers amount amounts date dates"
)
# "met"/"with"/"of": what follows belongs to the object ("bewaar de chat met de foto's").
_WITH = _words("met with inclusief including of or")

_NEGATORS = _words(
    "niet nooit geen niets niks niemand nergens noch not never no nothing nobody nowhere neither nor "
    "don't dont doesn't didn't won't can't cannot shouldn't mustn't wouldn't couldn't isn't aren't "
    "avoid refrain stop vermijd voorkom prevent"
)
_WARNINGS = _words("strafbaar verboden illegaal offence offense crime illegal unlawful prohibited forbidden")
_SUBORDINATORS = _words(
    "als wanneer indien omdat doordat terwijl voordat nadat zodra tenzij hoewel zodat dat die wat wie waar "
    "waarin waarmee waarop waardoor hoe waarom welke zoals if when whenever because since while whilst "
    "before after unless although though that which who whom whose where how why once whether until"
)
_FILLERS = _words(
    "en of maar dan dus eerst daarna vervolgens ook altijd gewoon even snel meteen direct alvast wel toch "
    "vooral liefst nu zeker best tip advies and or but then so first also always just please immediately "
    "quickly now simply instead next afterwards finally still"
)
_SUBJECTS = _words("je jij u jullie we wij men you we one you'll you'd we'll we'd")
_MODALS = _words(
    "moet moeten moest kunt kun kan kunnen kon mag mogen mocht zou zouden wil wilt willen hoeft hoeven gaat "
    "ga gaan dient dienen hoort horen zal zult zullen should must can could may might will would shall need "
    "needs have has ought want got"
)
_STRONG_MODALS = _words("moet moeten dient dienen hoort horen should must need needs ought has have")
_PASSIVE = {"worden", "wordt", "word", "be"}
_PREPOSITIONS = _words(
    "over van met aan op in bij via voor uit tegen zonder tijdens na rond rondom onder naar door binnen "
    "buiten tussen vanaf sinds about of with on at for from by without during after around regarding "
    "concerning to into onto under within between like through"
)
_PARTICLES = {"op", "door", "vast", "uit", "af", "on", "onto", "along", "up"}
_PURE_PRONOUNS = {"ze", "hem", "it", "them", "alles", "allemaal", "everything"}
_AMBIGUOUS_PRONOUNS = _words("het die deze dat dit this that these those all one ones")
_AFTER_PRONOUN = (
    _PREPOSITIONS
    | _PARTICLES
    | _words(
        "als as ook also too goed veilig safe safely ergens somewhere zelf dan then even wel alvast meteen "
        "immediately now nu just te to"
    )
)
_DETERMINERS = {"het", "de", "een", "dat", "dit", "deze", "die", "zijn", "haar", "hun", "the", "a", "an"}
# Words that may open a noun phrase added to a list ("en ook alle foto's", "and your photos").
_LIST_OPENERS = _DETERMINERS | _words(
    "en of plus ook alle al elke ieder iedere je jouw uw zo'n and or also all every any your their his "
    "her its some those these this that"
)
_COMMON_FINITE = _words(
    "is zijn was waren wordt worden werd werden heeft hebben had kan kunnen mag moet gaat gebeurt helpt "
    "komt staat ligt blijft krijgt geeft maakt doet laat zegt weet vindt ziet lijkt betekent kost werkt"
)
_NOT_AFTER_INSTRUCTION = _words("van is wordt kan mag of")
_NOT_AN_INSTRUCTION = _COMMON_FINITE | _SUBJECTS | (_SUBORDINATORS - {"als"}) | _words("ik hij zij ze iemand")
_CONTRACTED_MODALS = _words("you'll you'd we'll we'd")
_CLAUSE_WORDS = {"en", "and", "maar", "but", "want"}
_FUNCTION = _FILLERS | _NEGATORS | _SUBJECTS | _MODALS | _PARTICLES | {"do", "to", "te", "advise"}

# Phrases rewritten before reading: recommending frames become the token "advise" (so the
# "niet" in "vergeet niet" does not count as negation), and negations that govern nothing go.
_FRAMES = (
    r"zorg(?:t|en)?(?:\s+(?:er|ervoor|wel|goed|altijd|voor)){0,3}\s+dat|"
    r"het\s+is\s+(?:\w+\s+)?(?:verstandig|slim|goed|beter|belangrijk|handig|raadzaam|nuttig|wijs|nodig|"
    r"noodzakelijk|aan\s+te\s+raden|aan\s+te\s+bevelen|een\s+goed\s+idee)(?:\s+om)?|"
    r"het\s+beste\s+(?:is|kun\s+je|kunt\s+u)|(?:we|wij|ik)\s+(?:raden|raad|adviseren|adviseer)|"
    r"(?:ons\s+)?advies\s+is(?:\s+om)?|vergeet\s+niet|niet\s+vergeten|denk\s+er(?:aan|om)|probeer|"
    r"je\s+doet\s+er\s+goed\s+aan|(?:aarzel|twijfel|schroom)\s+niet|"
    r"(?:geen\s+probleem|geen\s+bezwaar|niets\s+mis\s+mee|niet\s+erg|kan\s+geen\s+kwaad)(?:\s+om)?|"
    r"it(?:'s|\s+is|\s+would\s+be|\s+may\s+be|\s+might\s+be|\s+can\s+be)?\s+(?:\w+\s+)?(?:best|wise|smart|"
    r"sensible|important|advisable|better|helpful|useful|a\s+good\s+idea|recommended|essential|vital|"
    r"necessary|worth)(?:\s+to)?|make\s+sure|be\s+sure|ensure|remember|(?:don't|do\s+not|never)\s+forget|"
    r"try|consider|(?:we|i)(?:'d|\s+would)?\s+(?:recommend|advise|suggest|urge|encourage)|"
    r"(?:recommended|advised|encouraged)\s+to|(?:don't|do\s+not)\s+hesitate(?:\s+to)?|"
    r"(?:no\s+problem|nothing\s+wrong|no\s+harm)(?:\s+(?:with|in))?|feel\s+free\s+to|had\s+better"
)
_FRAME_RE = re.compile(r"\b(?:" + _FRAMES + r")\b")
_IDLE_RE = re.compile(
    r"\b(?:niet\s+alleen|not\s+only|not\s+just|no\s+matter|of\s+niet|or\s+not|zo\s+niet|if\s+not|"
    r"(?:goed|belangrijk|handig)\s+om\s+te\s+weten|(?:good|important|useful)\s+to\s+know|keep\s+in\s+mind|"
    r"keep\s+calm|houd\s+er\s+rekening\s+mee)\b"
)
_SENTENCE_RE = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[^a-zà-ÿ\s])|\n+|\s*[•·]\s*")
_CLAUSE_RE = re.compile(r"[,;:()\[\]\"“”—–]|\s-\s")
_TOKEN_RE = re.compile(r"\w+(?:['-]\w+)*")


@dataclass(frozen=True)
class _Verb:
    kind: str
    particle: str
    dutch: bool


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    forms: frozenset[str]
    verb: _Verb


def _lexicon() -> tuple[dict[str, list[tuple[frozenset[str], _Verb]]], dict[tuple[str, ...], list]]:
    single: dict[str, list[tuple[frozenset[str], _Verb]]] = {}
    multi: dict[tuple[str, ...], list[tuple[frozenset[str], _Verb]]] = {}

    def add(words: str, forms: set[str], verb: _Verb) -> None:
        for word in words.split():
            single.setdefault(word, []).append((frozenset(forms), verb))

    for kind, particle, imp, fin, inf, part in _NL_VERBS:
        verb = _Verb(kind, particle, dutch=True)
        add(imp, {"imp"}, verb)
        add(fin, {"fin"}, verb)
        for infinitive in inf.split():
            add(particle + infinitive, {"inf"}, verb)
            key = (particle, "te", infinitive) if particle else ("te", infinitive)
            multi.setdefault(key, []).append((frozenset({"teinf"}), verb))
        if particle:
            add(particle + part.removeprefix("ge"), {"part"}, verb)
            add(particle + part, {"part"}, verb)
        else:
            add(part, {"part"}, verb)
    for kind, particle, base, fin, ing, part in _EN_VERBS:
        verb = _Verb(kind, particle, dutch=False)
        add(base, {"imp", "inf", "fin"}, verb)
        add(fin, {"fin"}, verb)
        add(ing, {"ger"}, verb)
        add(part, {"part"}, verb)
        multi.setdefault(("to", base), []).append((frozenset({"teinf"}), verb))
    return single, multi


_SINGLE, _MULTI = _lexicon()


def _is_image(token: str, capture: bool = False) -> bool:
    word = token.replace("'s", "s").replace("'", "")
    if capture and word in _CAPTURE_EXTRA:
        return True
    if word in _IMAGE_WORDS:
        return True
    return word.endswith(_IMAGE_SUFFIXES) and not word.endswith(_NOT_IMAGES)


def _hits(tokens: list[str]) -> list[_Hit]:
    found = []
    for i in range(len(tokens)):
        for size in (3, 2):
            for forms, verb in _MULTI.get(tuple(tokens[i : i + size]), []):
                found.append(_Hit(i, i + size, forms, verb))
        for forms, verb in _SINGLE.get(tokens[i], []):
            found.append(_Hit(i, i + 1, forms, verb))
    return found


def _first_content(tokens: list[str], start: int = 0) -> int:
    i = start
    while i < len(tokens) and tokens[i] in _FILLERS:
        i += 1
    return i


def _as_role(tokens: list[str], p: int, start: int) -> bool:
    """``tokens[p]`` is "bewijs"/"evidence" as the role of a kept object named as text only.

    "Bewaar de tekstberichten als bewijs" is; "Bewaar de berichten als bewijs" (messages
    may hold images) and "Bewaar als bewijs: ..." (nothing says what is kept) are not.
    """
    if tokens[p] not in _EVIDENCE or p == 0 or tokens[p - 1] not in {"als", "as"}:
        return False
    kept = tokens[start : p - 1]
    return bool(set(kept) & _TEXT_ONLY) and not any(_is_image(t) for t in kept)


_NOT_IN_NOUN_PHRASE = _PREPOSITIONS | _SUBORDINATORS | _COMMON_FINITE | _MODALS | _SUBJECTS | _NEGATORS


def _image_opens(tokens: list[str], start: int) -> int | None:
    """The index of the image word heading the noun phrase at ``tokens[start:]``, if any:
    "de foto's", "en ook alle beelden", "the intimate images" (one adjective at most)."""
    other = False
    for i in range(start, len(tokens)):
        if _is_image(tokens[i]):
            return i
        if other or tokens[i] in _NOT_IN_NOUN_PHRASE - _LIST_OPENERS:
            return None  # "een collega die de foto ...": the phrase ended before the image
        if tokens[i] not in _LIST_OPENERS and tokens[i] not in _FILLERS:
            other = True
    return None


def _adds_an_image(tokens: list[str]) -> bool:
    """A clause that only adds an image to what an earlier one keeps: "..., en de foto's (als
    bewijs)"; not "en de foto's worden verwijderd", which has a verb of its own."""
    head = _image_opens(tokens, 0)
    if head is None:
        return False
    rest = tokens[head + 1 :]
    for i, token in enumerate(rest):
        if token in _PREPOSITIONS - {"als", "as"}:
            return not set(rest[i:]) & (_COMMON_FINITE | _MODALS | _SUBJECTS | _SUBORDINATORS)
        if not (token in _FILLERS or token in {"als", "as"} or _is_image(token)):
            return False
    return True


def _has_object(tokens: list[str], hit: _Hit, image_nearby: bool) -> bool:
    if hit.verb.kind == SELF:
        return True
    capture = hit.verb.kind == CAPTURE
    barrier = max(
        (i for i in range(hit.start) if tokens[i] in _SUBJECTS | _MODALS | {"om", "dat", "advise"}),
        default=-1,
    )
    if "part" in hit.forms:  # "De beelden moeten worden bewaard": the image is the subject
        barrier = -1
    for p in range(barrier + 1, hit.start):  # Dutch: the object comes before the verb
        if (
            _is_image(tokens[p], capture)
            and not set(tokens[max(barrier + 1, p - 3) : p]) & _PREPOSITIONS
            and not _as_role(tokens, p, barrier + 1)
        ):
            return True
    for p in range(hit.end, len(tokens)):  # after the verb, up to a preposition or a new clause
        own = tokens[p] == hit.verb.particle or (tokens[p - 1] == hit.verb.particle and tokens[p] == "to")
        if tokens[p] in _WITH and hit.verb.kind == ACTION and _image_opens(tokens, p + 1) is not None:
            return True  # "bewaar de chat met de foto's", "keep the text or the images"
        if tokens[p] in (_PREPOSITIONS | _SUBORDINATORS) - {"als", "as", "op", "door", "vast"} and not own:
            break
        if _is_image(tokens[p], capture) and not _as_role(tokens, p, hit.end):
            return True
    if capture or not image_nearby:
        return False
    after = _first_content(tokens, hit.end)
    candidates = [(after, after + 1), (hit.start - 1, hit.start)]
    for p, nxt in candidates:
        if 0 <= p < len(tokens) and p != hit.start:
            word, follower = tokens[p], tokens[nxt] if nxt < len(tokens) else ""
            standalone = not follower or follower in _AFTER_PRONOUN or nxt == hit.start
            if word in _PURE_PRONOUNS or (word in _AMBIGUOUS_PRONOUNS and standalone):
                return True
    return False


def _modal_before(tokens: list[str], end: int) -> bool:
    """A modal next to "you" before ``end``: "je kunt", "kun je", "you should", "you'll"."""
    for i in range(end):
        if tokens[i] in _CONTRACTED_MODALS:
            return True
        neighbours = {tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < end else ""}
        if tokens[i] in _MODALS and neighbours & _SUBJECTS:
            return True
    return False


def _bare_instruction(tokens: list[str], hit: _Hit) -> bool:
    """A Dutch infinitive with no subject and no finite verb: "Foto's bewaren als bewijs"."""
    if not (hit.verb.dutch and "inf" in hit.forms and hit.end - hit.start == 1):
        return False
    previous = tokens[hit.start - 1] if hit.start else ""
    following = tokens[hit.end] if hit.end < len(tokens) else ""
    if previous in _DETERMINERS | {"te", "to"} or following in _NOT_AFTER_INSTRUCTION:
        return False
    return not set(tokens[: hit.start] + tokens[hit.end :]) & _NOT_AN_INSTRUCTION


def _advises(tokens: list[str], hit: _Hit, framed: bool) -> bool:
    forms = hit.forms
    if hit.verb.particle and forms & {"imp", "fin"} and hit.verb.particle not in tokens[hit.end :]:
        return False
    first = _first_content(tokens)
    if hit.start == first and "imp" in forms:
        return True
    if hit.start == first + 1 and tokens[first] == "do" and "imp" in forms:  # "Do keep the photos"
        return True
    you_first = first < len(tokens) and tokens[first] in _SUBJECTS
    if you_first and hit.start == _first_content(tokens, first + 1) and forms & {"fin", "imp"}:
        return True
    if forms & {"inf", "teinf"} and _modal_before(tokens, hit.start):
        return True
    if "part" in forms and set(tokens) & _STRONG_MODALS and set(tokens) & _PASSIVE:
        return True
    if framed and forms - {"part"}:
        return True
    return _bare_instruction(tokens, hit)


def _clauses(sentence: str) -> list[list[str]]:
    text = sentence.lower().replace("’", "'").replace("‘", "'")
    text = _IDLE_RE.sub(" ", text)
    text = _FRAME_RE.sub(" advise ", text)
    clauses: list[list[str]] = []
    for part in _CLAUSE_RE.split(text):
        current: list[str] = []
        for token in _TOKEN_RE.findall(part):
            if token in _CLAUSE_WORDS and current:
                clauses.append(current)
                current = []
            current.append(token)
        if current:
            clauses.append(current)
    merged: list[list[str]] = []
    pending: list[str] = []
    # "Do not save, copy or forward images": a part with nothing but verbs joins the next part
    for index, part in enumerate(clauses):
        clause = pending + part
        verbs = {i for hit in _hits(clause) for i in range(hit.start, hit.end)}
        if all(t in _FUNCTION or i in verbs for i, t in enumerate(clause)) and index < len(clauses) - 1:
            pending = clause
            continue
        pending = []
        merged.append(clause)
    return merged


def _sentence_problem(sentence: str, image_before: bool) -> bool:
    clauses = _clauses(sentence)
    image_nearby = image_before or any(_is_image(t) for c in clauses for t in c)
    carried = subordinate = advising = False
    for tokens in clauses:
        framed_at = tokens.index("advise") if "advise" in tokens else None
        first = _first_content(tokens)
        starter = tokens[first] if first < len(tokens) else ""
        hits = _hits(tokens)
        # "die anderen maken en verspreiden": a verb joined by "en" stays in the subordinate clause
        joined = (
            subordinate
            and tokens[0] in _CLAUSE_WORDS
            and any(h.start == first and "imp" not in h.forms for h in hits)
        )
        skip = (
            set(tokens) & _NEGATORS
            or set(tokens) & _WARNINGS
            or (starter in _SUBORDINATORS and not (carried and starter in {"dat", "that"}))
            or joined
        )
        subordinate = bool(set(tokens) & _SUBORDINATORS)
        verbs = [hit for hit in hits if not _is_image(tokens[hit.start])]  # "screenshot" may be a noun
        advised_here = False
        if not skip:
            # "Bewaar de tekst, en de foto's": an image added to what an earlier clause advised
            if advising and not verbs and _adds_an_image(tokens):
                return True
            for hit in hits:
                framed = carried or (framed_at is not None and framed_at < hit.start)
                if _advises(tokens, hit, framed):
                    if _has_object(tokens, hit, image_nearby):
                        return True
                    advised_here = True
        # the advice carries over clauses that only list more objects ("de namen, de accountnaam")
        advising = advised_here or (advising and not verbs and not skip)
        carried = framed_at is not None and not any(hit.start > framed_at for hit in hits)
    return False


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (also at line breaks and bullets), whitespace tidied."""
    return [" ".join(s.split()) for s in _SENTENCE_RE.split(text or "") if s and s.strip()]


def mentions_image(sentence: str) -> bool:
    """Whether ``sentence`` names an image (or evidence, which may be one): "beeld", "foto's", "nudes"."""
    return any(_is_image(t) for t in _TOKEN_RE.findall(sentence.lower().replace("’", "'")))


def image_advice_problems(text: str) -> list[str]:
    """The sentences of ``text`` (Dutch or English) that advise keeping or passing on an image."""
    problems = []
    image_before = False
    for sentence in sentences(text):
        if _sentence_problem(sentence, image_before):
            problems.append(sentence)
        image_before = any(_is_image(t) for t in _TOKEN_RE.findall(sentence.lower()))
    return problems
