"""Word lists the rule-based understander composes its small patterns from.

Kept as data, apart from the patterns, so a new word is a one-line change.
"""

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}

PRONOUNS_SUBJECT = {"he", "she", "they", "him", "her", "his", "hers", "their", "them", "theirs"}

# Relation words, mapped to the relation stored and to its reverse (what the relative is to
# the person). None as reverse means "the same word".
RELATIONS = {
    "wife": "wife", "husband": "husband", "partner": "partner", "spouse": "spouse",
    "fiance": "fiancé", "fiancé": "fiancé", "fiancee": "fiancée", "fiancée": "fiancée",
    "girlfriend": "girlfriend", "boyfriend": "boyfriend", "gf": "girlfriend",
    "bf": "boyfriend", "son": "son", "daughter": "daughter", "kid": "kid", "kids": "kid",
    "child": "kid", "children": "kid", "sons": "son", "daughters": "daughter",
    "brother": "brother", "brothers": "brother", "sister": "sister", "sisters": "sister",
    "sibling": "sibling", "siblings": "sibling", "mother": "mother", "mom": "mother",
    "mum": "mother", "father": "father", "dad": "father", "parents": "parent",
    "parent": "parent", "cousin": "cousin", "cousins": "cousin", "uncle": "uncle",
    "aunt": "aunt", "grandmother": "grandmother", "grandma": "grandmother",
    "grandfather": "grandfather", "grandpa": "grandfather", "niece": "niece",
    "nephew": "nephew", "roommate": "roommate", "flatmate": "roommate", "boss": "boss",
    "colleague": "colleague", "coworker": "colleague", "co-worker": "colleague",
    "best friend": "best friend", "twin": "twin", "stepson": "stepson",
    "stepdaughter": "stepdaughter",
}
# What the relative is called when asked from the other side ("who is Maria?" -> Tom's wife).
RELATION_GROUPS = {
    "kid": {"kid", "son", "daughter"},
    "son": {"son", "kid"},
    "daughter": {"daughter", "kid"},
    "sibling": {"sibling", "brother", "sister"},
    "parent": {"parent", "mother", "father"},
    "spouse": {"wife", "husband", "spouse", "partner", "fiancé", "fiancée"},
    "wife": {"wife", "spouse"},
    "husband": {"husband", "spouse"},
    "partner": {"partner", "wife", "husband", "spouse", "girlfriend", "boyfriend"},
}

# Words that start a capitalised run but are never a name, plus common words that people
# capitalise at the start of a sentence.
STOP = set("""
a about above actually after afternoon again against ago all almost also although always am
an and another any anyone anybody anything anyway apparently are around as ask at away back
bad be because been before being below best better between big birthday bday both bought brb
busy but by bye can cannot catch caught cheers coffee come congrats could dad day days dear
did didn't dinner do does doesn't doing don't done down drinks during each early either
else even evening ever every everyone everything fair few finally fine first for found friday
friend friends from fun funny gave get gets getting go going gone good got great guess guys
had has hasn't have haven't having he he's hello her here hers herself hey hi him himself
his home hope how however i i'd i'll i'm i've if in indeed into is isn't it it's its itself
just kind know last late later lately least let let's like little lol long looks lot lots
lunch made make man many maybe me meanwhile meet meeting met might mine mom monday more
morning most mr mrs ms much must my myself need never new news next nice night no nobody
none nope nor not nothing now of off oh ok okay old on once one only or other our out over
own people perhaps please plus pretty quick quite rather re really remember remind reminder
right said same saturday saw say says see seems seen she she's should since so some someone
something sometimes soon sorry still such sunday sure thanks thank that that's the their
them themselves then there there's these they they're thing things think this those though
thursday to today together told tomorrow tonight too tuesday two ugh um under until up us
very want was wasn't we we're wednesday well went were weren't what what's whatever when
whenever where which while who who's whom whose why will wish with without won't work
would wow yay yeah yes yesterday yet you your yours yup btw fyi omg wait correction note
quick update hmm anyhow today's tonight's had just ran bumped grabbed coffee breakfast brunch
drinks beer beers dinner lunch call called texted visited caught chatted spoke talked
hung played went saw met took trip train weather traffic rain work job office school
meeting meetings life family kids tomorrow's great awesome amazing sad happy glad tired
long short big little dinner's lunch's congrats birthday's bday's also, anyway,
please help start stop list show tell give find forget undo yes no cancel
dr mr mrs ms prof sir madam
stayed spent helped joined attended celebrated cooked baked watched hiked biked drove flew
picked dropped stopped messaged emailed facetimed skyped heard learned learnt noticed invited
hosted shared dined partied walked ate drank swam climbed skied tried finished started
congratulated thanked missed visiting staying having seeing meeting catching
sipped enjoyed toured explored cycled jogged swam surfed skated danced sang shopped browsed
brunched lunched chilled relaxed strolled wandered travelled traveled grabbing sat played
ignore previous instructions instruction system prompt delete drop select insert update table
list every user user's users contacts contact all
""".split())

# Words that show a capitalised run is a place or an organisation when they follow it or it
# follows them.
PLACE_PREPOSITIONS = {"at", "in", "to", "from", "near", "into", "around", "outside", "inside",
                      "across", "via", "towards", "toward", "on", "of", "by", "for", "about"}

MEETING_WORDS = (
    r"met|meet|meeting|had (?:a |an )?(?:coffee|lunch|dinner|breakfast|brunch|drinks?|beers?|"
    r"tea|call|chat|walk|run|game)|coffee|lunch|dinner|breakfast|brunch|drinks|beers?|"
    r"caught up|catching up|catch-up|ran into|run into|bumped into|saw|seen|visited|"
    r"hung out|hanging out|grabbed|(?<!is )(?<!was )(?<!are )(?<!were )called(?! by)|phoned|rang|video[- ]?called|facetimed|spoke|talked|chatted|"
    r"played|went (?:out|running|climbing|hiking|to)|hiked|walked|stayed (?:with|over|at)|slept over|crashed at|hosted|"
    r"dropped by|stopped by|picked up|spent (?:the |a |an |some )?(?:whole )?(?:day|afternoon|morning|evening|night|"
    r"weekend|time|hour|hours|week)s? with|(?:quick |long |short |video |phone |zoom |facetime )?(?:call|chat) with|"
    r"(?:catch-up|catchup|walk|hike|run|game) with"
)

NATIONALITIES = set("""
english spanish french german italian japanese chinese korean portuguese russian arabic hindi
dutch swedish norwegian danish finnish polish turkish greek hebrew latin mandarin cantonese
american british canadian australian indian mexican brazilian irish scottish
afrobeats jazz christmas easter ramadan diwali thanksgiving halloween linkedin instagram
whatsapp telegram discord google apple
""".split())

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "couple of": 2, "few": 3, "other": 2}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}


def span_days(n: str | None, unit: str) -> int:
    """Days in "two weeks", "a month", "10 days" (n is a numeral, a number word or None for one)."""
    n = (n or "a").lower()
    count = int(n) if n.isdigit() else NUMBER_WORDS.get(n, 1)
    return max(1, count * UNIT_DAYS[unit.lower()])
