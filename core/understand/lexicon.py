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
    "kid": {"kid", "son", "daughter", "stepson", "stepdaughter", "stepkid"},
    "son": {"son", "kid"},
    "daughter": {"daughter", "kid"},
    "sibling": {"sibling", "brother", "sister"},
    "brother": {"brother", "sibling"},
    "sister": {"sister", "sibling"},
    "parent": {"parent", "mother", "father"},
    "spouse": {"wife", "husband", "spouse", "partner", "fiancé", "fiancée"},
    "wife": {"wife", "spouse"},
    "husband": {"husband", "spouse"},
    "partner": {"partner", "wife", "husband", "spouse", "girlfriend", "boyfriend"},
}

# Small words that say nothing about a person (a note's news and a confirmation's repeats are
# counted without them). Verb forms ("hiked", "grabbed", "visiting") are not listed: the
# dictionary knows them (`wordkind.is_content_word`).
STOP = set("""
a about above actually after afternoon again against ago all almost also although always am
an and another any anyone anybody anything anyway apparently are around as ask at away back
bad be because been before being below best better between big birthday bday both brb
busy but by bye can cannot catch cheers coffee come congrats could dad day days dear
did didn't dinner do does doesn't doing don't done down drinks during each early either
else even evening ever every everyone everything fair few finally fine first for friday
friend friends from fun funny get gets go going good great guess guys
had has hasn't have haven't he he's hello her here hers herself hey hi him himself
his home hope how however i i'd i'll i'm i've if in indeed into is isn't it it's its itself
just kind know last late later lately least let let's like little lol long looks lot lots
lunch make man many maybe me meanwhile meet meeting might mine mom monday more
morning most mr mrs ms much must my myself need never new news next nice night no nobody
none nope nor not nothing now of off oh ok okay old on once one only or other our out over
own people perhaps please plus pretty quick quite rather re really remember remind reminder
right same saturday saw say says see seems she she's should since so some someone
something sometimes soon sorry still such sunday sure thanks thank that that's the their
them themselves then there there's these they they're thing things think this those though
thursday to today together tomorrow tonight too tuesday two ugh um under until up us
very want was wasn't we we're wednesday well were weren't what what's whatever when
whenever where which while who who's whom whose why will wish with without won't work
would wow yay yeah yes yesterday yet you your yours yup btw fyi omg wait correction note
quick update hmm anyhow today's tonight's had just coffee breakfast brunch
drinks beer beers dinner lunch call texted spoke
saw trip train weather traffic rain work job office school
meeting meetings life family kids tomorrow's great awesome amazing sad happy glad tired
long short big little dinner's lunch's congrats birthday's bday's also, anyway,
please help start stop list show tell give find forget undo yes no cancel
dr mr mrs ms prof sir madam
drove
facetimed skyped
tried
meeting
brunched relaxed
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
    r"dropped by|stopped by|picked up|"
    # visits: someone came to the owner, or had the owner over ("came by", "popped round", "hosted us")
    r"came (?:by|over(?! from)|round(?! to)|to (?:visit|see (?:me|us)))|"
    r"popped (?:round|by|in|over)|swung by|dropped (?:round|in|over)|had (?:us|me) (?:over|round)|"
    r"hosted (?:us|me)|visit from|(?:was|were)\s+(?:over|round)(?!\s+(?:the|it|him|her|them|there|here)\b)|helped (?:me|us) (?:move|carry|paint|fix|build|pack|set up|with)|(?:went|came|headed|popped) (?:over|round) to|spent (?:the |a |an |some )?(?:whole )?(?:day|afternoon|morning|evening|night|"
    r"weekend|time|hour|hours|week)s? with|(?:quick |long |short |video |phone |zoom |facetime )?(?:call|chat) with|"
    r"(?:catch-up|catchup|walk|hike|run|game) with"
)

# What the name finder needs (core/understand/names.py, slots.py). Closed classes only: words
# that are never a person's name whatever the sentence. Words that are also names (will, may,
# mark, grace, june, rose, bill) are not here: the tagger and the slot a word stands in decide.
NEVER_NAMES = set("""
i me my mine myself you your yours yourself we us our ours ourselves he him his himself she her
hers herself it its itself they them their theirs themselves yall y'all u ur ya im i'm ive i've
id i'd ill i'll youre you're hes he's shes she's theyre they're were we're its it's thats that's
a an the this that these those some any every each either neither no none all both few many much
more most other another such own same
and or but nor so yet if then than because though although while whereas unless since until
till whether as
of in on at to from by with without into onto upon about above below under over between among
through during before after around across along near inside outside off out up down via per
towards toward against beyond within w
am is are was were be been being do does did done doing have has had having can could shall
should would must might ought don't doesn't didn't isn't aren't wasn't weren't won't wouldn't
can't couldn't shouldn't haven't hasn't hadn't gonna wanna gotta lemme
what who whom whose which when where why how whatever whoever whenever wherever
not never always often sometimes usually just only also too very really quite rather pretty so
still already even ever again almost soon later now then here there today tonight tomorrow
yesterday ago lately recently finally maybe perhaps probably actually basically literally
anyway anyhow btw fyi imo tbh omg lol lmao haha hahaha hehe ok okay oh ah hey hi hello bye yes
yeah yep yup nope nah yo please thanks thank thx ty sorry wow yay ugh hmm um uh congrats cheers
everyone everybody someone somebody anyone anybody nobody noone everything something anything
nothing people person guy guys girl girls folks friend friends mate mates buddy team family
kids boss parents neighbor neighbour neighbors neighbours doctor teacher colleagues coworkers
mr mrs ms dr prof sir madam
morning afternoon evening night day days week weeks weekend month months year years time
""".split())
# How people text the relative days (dates.py reads them too): never a name ("tmrw is X's bday").
YESTERDAY_WORDS = ("yesterday", "yday", "yda", "yest", "ystd", "ysterday", "yesterdy")
TOMORROW_WORDS = ("tomorrow", "tmrw", "tmr", "tmw", "tomorow", "tommorow", "tommorrow", "2moro", "2morrow", "tomoz",
                  "tmrow")
NEVER_NAMES |= set(YESTERDAY_WORDS) | set(TOMORROW_WORDS) | {"tdy", "tonite", "2day", "2nite"}
# Ordinary English words that are also first names: a person only where a person is named
# ("lunch with will", "met grace"), never on their own ("it will rain", "by the grace of").
WORDS_THAT_ARE_NAMES = set("""
will may mark grace june april august rose bill pat sue art jack frank hope joy faith summer
autumn dawn sky rich bob carol chase hunter ray sunny penny ruby amber daisy iris ivy lily holly
jade pearl crystal violet olive hazel heather robin rocky sandy rusty guy gene miles lance dean
drew wade cliff grant reed cash sage river storm rain star angel harmony melody destiny honey
buck doc major king prince duke earl sterling ash forest glen dale neil will's
""".split())
# Kinship titles that a name follows ("Aunt May", "grandma rose").
FAMILY_TITLES = {"grandma", "grandpa", "granny", "nana", "nan", "uncle", "aunt", "auntie", "aunty", "cousin"}
# Verbs of meeting and contacting: the word after them is where a person is named ("met X").
MEET_VERBS = set("""
met meet meeting meets saw see seeing sees visited visit visiting visits called call calling ring ringing
texted text texting messaged message dmed dm'd emailed email phoned phone rang facetimed
facetime skyped zoomed hugged kissed invited invite hosted thanked congratulated helped
married marry dated dating divorced introduced miss missed missing pinged ping told tell asked ask hired fired
""".split())
# Verbs that make a following preposition personal ("talked to X", "heard from X", "a gift for X").
PERSONAL_PREPOSITION_VERBS = set("""
talked talk talking spoke speak speaking wrote write writing said say sent send gave give lent
sold waved chatted chat related engaged married next heard hear news text message call email
letter card gift present update note postcard invite invitation bought buy got get cooked made
make worried thinking think ask asked bday birthday wife husband friend sister brother son
daughter mom dad mother father partner cousin kids children girlfriend boyfriend
""".split())
# What a possessive is followed by when its owner is a person ("toms bday", "maya's boyfriend").
POSSESSED = (r"bday|birthday|b-day|dob|d\.o\.b|wedding|funeral|party|anniversary|wife|husband|partner|kids?|son|daughter|"
             r"brother|sister|mom|mum|dad|mother|father|parents|boyfriend|girlfriend|bf|gf|fianc[ée]e?|baby|"
             r"cousin|uncle|aunt|niece|nephew|family|dog|cat|place|house|flat|apartment|new|old|job|boss|"
             r"number|phone|email|address|grandma|grandpa|in-laws|twins?|friend|mate")
# Kinds of things whose names are not people's ("her startup named Lumen"); pets, whose names
# are not people's either ("a dog called Rex"), are `kinds.PETS`.
THING_KINDS = (r"boat|car|band|company|startup|business|book|novel|album|song|app|podcast|"
               r"restaurant|cafe|café|bar|shop|bakery|brand|blog|channel|game|film|movie|show")
TIME_PREPOSITIONS = {"in", "on", "since", "until", "till", "by", "from", "of", "last", "next", "this", "early",
                     "late", "mid", "before", "after", "end", "during", "through", "every"}

NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "couple of": 2, "few": 3, "other": 2}
UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}


def span_days(n: str | None, unit: str) -> int:
    """Days in "two weeks", "a month", "10 days" (n is a numeral, a number word or None for one)."""
    n = (n or "a").lower()
    count = int(n) if n.isdigit() else NUMBER_WORDS.get(n, 1)
    return max(1, count * UNIT_DAYS[unit.lower()])
