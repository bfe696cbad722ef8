//! Every word list that the cue finder, the linking rules and the resolver read, in one place.
//! Words are lower case and normalised (straight apostrophes), as `Analysis::w` gives them.

/// `f` of the lower-case form of `w` (as `str::to_lowercase` gives it). A short ASCII word, which
/// most are, is lower-cased on the stack rather than in a new string: lookups of every token's
/// word in a word list then allocate nothing.
pub fn with_lowercase<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    match buf.get_mut(..w.len()) {
        Some(lower) if w.is_ascii() => {
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            // ASCII stays ASCII, so the bytes are a string.
            f(std::str::from_utf8(lower).unwrap_or_default())
        }
        _ => f(&w.to_lowercase()),
    }
}

/// Auxiliaries and adverbs that may stand between a subject and its reporting verb.
pub const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "'s",
    "'ve",
    "'d",
    "also",
    "later",
    "then",
    "previously",
    "repeatedly",
    "since",
    "would",
    "will",
    "could",
    "might",
    "may",
    "must",
    "should",
    "can",
    "did",
    "does",
    "do",
    "just",
    "recently",
    "earlier",
    "again",
    "initially",
    "often",
    "once",
    "reportedly",
    "publicly",
    "privately",
    "long",
    "already",
    "still",
    "even",
    "further",
    "now",
    "first",
    "last",
    "clearly",
    "separately",
    "subsequently",
    "explicitly",
    "openly",
    "quietly",
    "flatly",
    "simply",
    "only",
    "originally",
    "frequently",
    "always",
    "never",
    "not",
    "n't",
    "has since",
];

pub const NEGATION: &[&str] = &["not", "n't", "never"];

/// Forms of "be".
pub const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "'m", "am",
];

/// Words that open a noun phrase.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "some", "many", "several", "its", "his",
    "her", "their", "our", "my", "your", "another", "both", "all", "no", "every", "each", "other",
    "most", "few", "one", "two", "three", "four", "five",
];

pub const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];

/// Words that open a clause: a content of one of them and pronouns alone ("that he",
/// "whether", "to", "how") is a clause cut after its first words, not a claim. A pronoun or a
/// demonstrative alone can be one ("denied it", "said so", "said that").
pub const CLAUSE_OPENERS: &[&str] = &["that", "whether", "if", "to", "how"];

/// Pronouns that may follow a clause opener in a content cut short ("that he", "if they").
pub const CUT_CLAUSE_SUBJECTS: &[&str] = &[
    "it", "he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "me", "this",
];

/// Occasions of speech: after "in" or "during" and a determiner ("said Ann Lee in a telephone
/// interview", "during the second debate"), a phrase of the cue, not of its source.
pub const SPEECH_OCCASIONS: &[&str] = &[
    "interview",
    "statement",
    "speech",
    "debate",
    "filing",
    "email",
    "e-mail",
    "letter",
    "tweet",
    "post",
    "remarks",
    "briefing",
    "conference",
    "call",
    "appearance",
    "op-ed",
    "memo",
    "video",
    "testimony",
    "address",
];

/// Words after which a clause cannot be a reported claim: the verb is used in another sense.
pub const NOT_CLAUSE_START: &[&str] = &[
    "as", "after", "before", "when", "while", "because", "if", "in", "on", "at", "during", "for",
    "to", "from", "with", "by", "about", "of", "up", "out", "off", "back", "into", "over", "so",
    "and", "or", "but", "than", "through", "against", "without", "under", "until", "since", "yes",
    "no", "goodbye", "hello", "sorry", "thanks",
];

/// Participles of putting a question or a challenge to someone: "Asked whether …, S said"
/// reports the question put to S.
pub const ASKING_PARTICIPLES: &[&str] = &[
    "asked",
    "pressed",
    "questioned",
    "quizzed",
    "challenged",
    "queried",
];

/// What a source asks not to be when it asks for anonymity ("asked not to be named").
pub const ANONYMITY_PARTICIPLES: &[&str] = &["named", "identified", "quoted", "cited", "publicly"];

/// Head nouns of events and times, which do not speak ("Tuesday's attack showed …", "the year
/// 2016 said …", "the game answered …").
pub const EVENT_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "shooting",
    "shootings",
    "bombing",
    "explosion",
    "election",
    "elections",
    "vote",
    "game",
    "games",
    "match",
    "win",
    "victory",
    "defeat",
    "loss",
    "storm",
    "hurricane",
    "earthquake",
    "crash",
    "accident",
    "fire",
    "incident",
    "event",
    "events",
    "summit",
    "rally",
    "year",
    "years",
    "week",
    "weeks",
    "month",
    "months",
    "day",
    "days",
    "night",
    "morning",
    "afternoon",
    "evening",
    "weekend",
    "season",
    "quarter",
    "period",
    "inning",
    "innings",
    "half",
    "tournament",
    "death",
    "deaths",
    "killing",
    "killings",
    "collapse",
    "outbreak",
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
];

/// Cue verbs whose plain object is a thing asked for, a move in a game or a thing kept rather
/// than a reported clause ("demanded help", "answered 17 seconds later", "maintains a
/// program", "snap polls"): without "that", what follows them must open as a clause
/// ("demanded the mayor resign", "maintains he is innocent").
pub const OBJECT_VERBS: &[&str] = &[
    "demand",
    "request",
    "answer",
    "respond",
    "retaliate",
    "maintain",
    "snap",
];

/// Verbs whose object a participle after it does not hang from the verb's subject: the object
/// is part of the subject ("The emails included staff members suggesting …") or is left in a
/// state ("The polls left most voters saying …", "Police received calls saying …").
pub const NOT_OBJECT_VERBS: &[&str] = &[
    "include",
    "includes",
    "included",
    "including",
    "leave",
    "leaves",
    "left",
    "leaving",
    "receive",
    "receives",
    "received",
    "receiving",
    "get",
    "gets",
    "got",
    "find",
    "finds",
    "found",
    "see",
    "sees",
    "saw",
    "hear",
    "hears",
    "heard",
    "hearing",
    "seeing",
    "watch",
    "watched",
    "watching",
    "show",
    "shows",
    "showed",
    "have",
    "has",
    "had",
];

/// Connectives that open a sentence and are not a claim of their own ("However, he said, …").
pub const CONNECTIVES: &[&str] = &[
    "however",
    "still",
    "but",
    "and",
    "yet",
    "so",
    "meanwhile",
    "instead",
    "indeed",
    "moreover",
    "nevertheless",
    "nonetheless",
    "furthermore",
    "also",
    "besides",
    "then",
    "now",
    "therefore",
    "thus",
    "otherwise",
    "likewise",
    "similarly",
    "in",
    "fact",
    "short",
    "addition",
    "particular",
    "the",
    "end",
    "of",
    "course",
    "after",
    "all",
    "first",
    "second",
    "finally",
    "overall",
    "again",
    "rather",
    "anyway",
    "well",
    "too",
];

/// Day words that may follow a cue ("said Tuesday").
pub const DAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
];

/// Nouns of manner, kind or place that head a relative clause without "that" ("the moment
/// Sanders spoke", "the kind Trump likes", "the ones State released"), so that the name after
/// them is not part of their noun phrase.
pub const RELATIVE_HEADS: &[&str] = &[
    "moment", "kind", "sort", "type", "way", "place", "one", "ones", "reason", "thing", "things",
];

/// Nouns of a time after "last", "this" or "next" ("a poll last week").
pub const TIME_NOUNS: &[&str] = &[
    "week",
    "month",
    "year",
    "weekend",
    "night",
    "morning",
    "evening",
    "spring",
    "summer",
    "fall",
    "autumn",
    "winter",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Adjectives that describe a source by its tie to something ("a person familiar with the talks",
/// "officials close to the president").
pub const POSTMODIFIERS: &[&str] = &[
    "familiar",
    "close",
    "loyal",
    "allied",
    "linked",
    "connected",
    "opposed",
    "sympathetic",
    "briefed",
    "knowledgeable",
];

/// Words of quantity that take an "of" phrase ("most of the candidates", "half of voters").
pub const QUANTIFIERS: &[&str] = &[
    "half",
    "most",
    "many",
    "some",
    "all",
    "none",
    "majority",
    "minority",
    "third",
    "quarter",
    "fifth",
    "tenth",
    "plurality",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "both",
    "each",
    "few",
    "several",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
];

/// Words that make a number approximate ("about 50 protesters", "nearly half").
pub const APPROXIMATORS: &[&str] = &[
    "about",
    "nearly",
    "almost",
    "roughly",
    "around",
    "approximately",
    "just",
    "only",
    "some",
    "over",
    "under",
    "at",
    "least",
    "most",
];

/// Months, which are also first names ("June", "May", "April").
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Cue verb forms that are verbs whatever the tagger thought.
pub const SURE_CUES: &[&str] = &["said", "says", "told", "tweeted", "wrote", "added"];

/// Subject pronouns after which a cue form is a verb ("He responds").
pub const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i"];

/// Naming verbs report the quoted words they give ("called the plan “a basis”").
pub const NAMING_VERBS: &[&str] = &[
    "call",
    "describe",
    "brand",
    "label",
    "dub",
    "characterize",
    "characterise",
];

/// Titles: dropped from names, some telling gender.
pub const MALE_TITLES: &[&str] = &["mr", "mr.", "sir", "lord", "king", "prince", "mister"];
pub const FEMALE_TITLES: &[&str] = &[
    "ms", "ms.", "mrs", "mrs.", "miss", "dame", "lady", "queen", "princess",
];
pub const TITLES: &[&str] = &[
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "rev",
    "rev.",
    "reverend",
    "sen",
    "sen.",
    "senator",
    "rep",
    "rep.",
    "representative",
    "gov",
    "gov.",
    "governor",
    "gen",
    "gen.",
    "general",
    "president",
    "secretary",
    "minister",
    "chancellor",
    "mayor",
    "judge",
    "justice",
    "ambassador",
    "commissioner",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "chief",
    "executive",
    "leader",
    "speaker",
    "envoy",
    "adviser",
    "advisor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "prime",
    "deputy",
    "vice",
    "foreign",
    "home",
    "defence",
    "defense",
    "transport",
    "health",
    "finance",
    "interior",
    "state",
    "attorney",
    "officer",
    "coach",
    "manager",
    "captain",
    "pope",
    "archbishop",
    "bishop",
    "cardinal",
    "rabbi",
    "imam",
    "sheikh",
    "president-elect",
    "lt",
    "lt.",
    "col",
    "col.",
    "capt",
    "capt.",
    "sgt",
    "sgt.",
    "adm",
    "adm.",
    "councillor",
    "councilor",
    "opposition",
    "mp",
    "mep",
    "congressman",
    "congresswoman",
    "assemblyman",
    "assemblywoman",
    "premier",
    "chancellor",
    "nominee",
    "candidate",
];
/// Offices that, as a title, stand only before a person's name: with the gendered titles and the
/// abbreviated ones, an entity of another type written with one and a name of two words or more
/// is a person ("Justice Antonin Scalia" tagged ORG), where "State Farm" or "General Electric"
/// are not.
pub const PERSON_OFFICES: &[&str] = &[
    "dr",
    "dr.",
    "prof",
    "prof.",
    "professor",
    "rev",
    "rev.",
    "reverend",
    "senator",
    "governor",
    "president",
    "justice",
    "judge",
    "mayor",
    "ambassador",
    "commissioner",
    "chancellor",
    "congressman",
    "congresswoman",
    "assemblyman",
    "assemblywoman",
    "secretary",
    "minister",
    "chairman",
    "chairwoman",
    "pope",
    "cardinal",
    "rabbi",
    "imam",
    "sheikh",
    "bishop",
    "archbishop",
];

/// Words that end a company's name ("Acme Holdings Inc.").
pub const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "inc.",
    "corp",
    "corp.",
    "co",
    "co.",
    "llc",
    "ltd",
    "ltd.",
    "plc",
    "group",
    "bank",
    "holdings",
    "partners",
    "associates",
];

/// Unnamed people who speak for an organisation.
pub const SPOKESPEOPLE: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "representative",
];

/// Roles of people who work for another and speak for them ("representative", an office
/// too, is left out).
pub const STAFF_ROLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "aide",
    "adviser",
    "advisor",
    "staffer",
    "strategist",
];

/// Lower-case particles inside a person's name ("Pierre de Vos", "Ludwig van Beethoven").
pub const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "bin", "al", "el", "ibn",
    "del", "dos", "das", "ter",
];

/// Generational suffixes after a surname ("Joseph R. Biden Jr.").
pub const NAME_SUFFIXES: &[&str] = &[
    "jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "junior", "senior",
];

/// Words for the staff of a campaign ("campaign aides", "a campaign spokesman").
pub const CAMPAIGN_STAFF: &[&str] = &[
    "aide",
    "aides",
    "staffer",
    "staffers",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "manager",
    "chairman",
    "insiders",
    "source",
    "sources",
];

/// Abbreviated titles and the role noun they stand for ("Sen. Ann Lee" … "the senator").
pub const TITLE_ABBREVIATIONS: &[(&str, &str)] = &[
    ("sen.", "senator"),
    ("sen", "senator"),
    ("gov.", "governor"),
    ("gov", "governor"),
    ("rep.", "representative"),
    ("rep", "representative"),
    ("gen.", "general"),
    ("gen", "general"),
    ("sec.", "secretary"),
    ("pres.", "president"),
    ("lt.", "lieutenant"),
    ("col.", "colonel"),
    ("capt.", "captain"),
    ("sgt.", "sergeant"),
    ("adm.", "admiral"),
    ("atty.", "attorney"),
    ("supt.", "superintendent"),
    ("det.", "detective"),
    ("insp.", "inspector"),
    ("cllr", "councillor"),
    ("cllr.", "councillor"),
    ("del.", "delegate"),
];

/// Role nouns that news uses to refer back to a person it has named ("the senator", "the
/// Democratic front-runner", "the billionaire"): a definite one with no better match means the
/// person the passage is about.
pub const OFFICE_NOUNS: &[&str] = &[
    "senator",
    "governor",
    "president",
    "candidate",
    "nominee",
    "front-runner",
    "frontrunner",
    "leader",
    "minister",
    "secretary",
    "chancellor",
    "mayor",
    "congressman",
    "congresswoman",
    "lawmaker",
    "representative",
    "chairman",
    "chairwoman",
    "chair",
    "speaker",
    "premier",
    "businessman",
    "businesswoman",
    "billionaire",
    "magnate",
    "mogul",
    "tycoon",
    "developer",
    "prince",
    "princess",
    "king",
    "queen",
    "pope",
    "ambassador",
    "envoy",
    "commissioner",
    "judge",
    "justice",
    "prosecutor",
    "attorney",
    "general",
    "democrat",
    "republican",
    "conservative",
    "liberal",
    "populist",
    "incumbent",
    "challenger",
    "councillor",
    "councilor",
    "councilman",
    "councilwoman",
    "superintendent",
    "detective",
    "inspector",
    "officer",
    "chief",
    "director",
    "executive",
    "founder",
    "coach",
    "manager",
    "captain",
    "star",
    "striker",
    "defenceman",
    "defenseman",
    "forward",
    "quarterback",
    "pitcher",
    "winger",
    "midfielder",
    "goalkeeper",
    "actor",
    "actress",
    "singer",
    "author",
    "writer",
    "economist",
    "professor",
    "scientist",
    "researcher",
    "lawyer",
    "mp",
    "mep",
    "vice-president",
    "deputy",
    "adviser",
    "advisor",
    "strategist",
    "host",
    "anchor",
    "spokesman",
    "spokeswoman",
    "chef",
    "owner",
    "veteran",
    "activist",
    "rookie",
    "pastor",
    "bishop",
    "archbishop",
    "cardinal",
];

/// Acronyms of institutions that news writes without spelling them out, and their full names,
/// used where the document does not define them: those that the full name is commonly given
/// for (not "FBI" or "NATO", which are their names as used).
pub const WELL_KNOWN_ACRONYMS: &[(&str, &str)] = &[
    ("AP", "Associated Press"),
    ("IRS", "Internal Revenue Service"),
    ("I.R.S.", "Internal Revenue Service"),
    ("SEC", "Securities and Exchange Commission"),
    ("S.E.C.", "Securities and Exchange Commission"),
    ("IMF", "International Monetary Fund"),
    ("I.M.F.", "International Monetary Fund"),
    ("U.N.", "United Nations"),
];

/// The states of the United States, which "the state" may refer back to.
pub const US_STATES: &[&str] = &[
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
];

/// Head nouns that refer back to an organisation ("the agency", "the company").
pub const ORG_NOUNS: &[&str] = &[
    "agency",
    "company",
    "firm",
    "group",
    "organisation",
    "organization",
    "department",
    "ministry",
    "office",
    "union",
    "team",
    "club",
    "party",
    "campaign",
    "committee",
    "council",
    "commission",
    "board",
    "foundation",
    "institute",
    "institution",
    "university",
    "college",
    "school",
    "network",
    "newspaper",
    "paper",
    "publication",
    "magazine",
    "station",
    "channel",
    "bank",
    "government",
    "administration",
    "authority",
    "court",
    "police",
    "service",
    "force",
    "association",
    "federation",
    "league",
    "coalition",
    "alliance",
    "charity",
    "corporation",
    "business",
    "retailer",
    "airline",
    "carrier",
    "insurer",
    "lender",
    "bureau",
    "center",
    "centre",
    "city",
    "state",
    "country",
    "county",
    "hospital",
    "trust",
    "fund",
    "outlet",
    "website",
    "site",
    "watchdog",
    "regulator",
    "body",
    "delegation",
    "embassy",
    "military",
    "army",
    "navy",
    "cabinet",
    "parliament",
    "congress",
    "senate",
];

/// Written things whose words are given with "read" ("her statement read: “…”", "the post
/// read, “…”").
pub const WRITTEN_NOUNS: &[&str] = &[
    "statement",
    "post",
    "posting",
    "letter",
    "message",
    "tweet",
    "note",
    "sign",
    "email",
    "release",
    "caption",
    "headline",
    "banner",
    "text",
    "placard",
    "notice",
    "memo",
    "card",
    "inscription",
    "citation",
    "complaint",
    "filing",
    "lawsuit",
    "order",
    "ruling",
    "motion",
    "petition",
    "resolution",
    "ad",
    "advert",
    "advertisement",
    "slogan",
    "poster",
    "label",
];

/// Nouns that report what their possessor says or holds, with the word that opens the content:
/// "Smith's claim that …", "Lee's call for …".
pub const NOUN_CUES: &[(&str, &str)] = &[
    ("claim", "that"),
    ("assertion", "that"),
    ("allegation", "that"),
    ("argument", "that"),
    ("insistence", "that"),
    ("warning", "that"),
    ("promise", "that"),
    ("pledge", "that"),
    ("contention", "that"),
    ("accusation", "that"),
    ("charge", "that"),
    ("assurance", "that"),
    ("admission", "that"),
    ("suggestion", "that"),
    ("prediction", "that"),
    ("statement", "that"),
    ("denial", "that"),
    ("belief", "that"),
    ("view", "that"),
    ("fear", "that"),
    ("hope", "that"),
    ("call", "for"),
    ("calls", "for"),
    ("demand", "for"),
    ("demands", "for"),
    ("plea", "for"),
    ("appeal", "for"),
    ("request", "for"),
];

/// Tokens that open an item of a list ("- Jane Doe: “…”", "• ANALYST'S VIEW: “…”").
pub const BULLETS: &[&str] = &["-", "•", "*", "–", "—", "·", "‣", "▪"];

/// Nouns for an institution that an article names once in full and then bare ("Charlotte
/// police" … "police said"): a bare one takes the name the text gave it.
pub const INSTITUTION_NOUNS: &[&str] = &[
    "police",
    "administration",
    "government",
    "military",
    "army",
    "regime",
    "media",
    "authorities",
];

/// Recordings that show a person speaking: the person after "of" is the speaker of a participle
/// that follows ("footage of Lee saying").
pub const RECORDINGS: &[&str] = &[
    "footage",
    "video",
    "videos",
    "clip",
    "clips",
    "recording",
    "recordings",
    "tape",
    "tapes",
    "audio",
    "film",
    "images",
];

/// Head nouns of documents that "say" things ("a new poll", "the report").
pub const DOC_NOUNS: &[&str] = &[
    "poll",
    "polls",
    "survey",
    "surveys",
    "report",
    "reports",
    "study",
    "studies",
    "statement",
    "statements",
    "data",
    "records",
    "record",
    "analysis",
    "article",
    "email",
    "emails",
    "letter",
    "letters",
    "memo",
    "document",
    "documents",
    "filing",
    "filings",
    "results",
    "figures",
    "estimates",
    "estimate",
    "projection",
    "projections",
    "census",
    "research",
    "review",
    "audit",
    "release",
    "tally",
    "paper",
    "post",
    "tweet",
    "tweets",
    "message",
    "complaint",
    "lawsuit",
    "suit",
    "ruling",
    "order",
    "opinion",
    "indictment",
    "affidavit",
    "transcript",
    "video",
    "ad",
    "advertisement",
    "book",
    "history",
    "evidence",
    "findings",
    "numbers",
    "statistics",
    "model",
    "forecast",
    "index",
    "count",
];

/// Role words that tell a person's gender ("congresswoman", "chairman").
pub const MALE_ROLE_WORDS: &[&str] = &[
    "congressman",
    "chairman",
    "spokesman",
    "businessman",
    "councilman",
    "assemblyman",
    "king",
    "prince",
    "father",
    "son",
    "husband",
    "brother",
    "uncle",
    "actor",
    "boy",
    "man",
];
/// See [`MALE_ROLE_WORDS`].
pub const FEMALE_ROLE_WORDS: &[&str] = &[
    "congresswoman",
    "chairwoman",
    "spokeswoman",
    "businesswoman",
    "councilwoman",
    "assemblywoman",
    "queen",
    "princess",
    "mother",
    "daughter",
    "wife",
    "sister",
    "aunt",
    "actress",
    "girl",
    "woman",
    "widow",
];

/// Words that open an adverbial clause or phrase rather than a claim, before an attribution
/// ("As the storm grew, the mayor urged …", "Usually, she said, …").
pub const ADVERBIAL_STARTS: &[&str] = &[
    "as",
    "with",
    "after",
    "following",
    "when",
    "while",
    "although",
    "though",
    "because",
    "if",
    "since",
    "before",
    "until",
    "once",
    "unless",
    "whereas",
    "despite",
    "amid",
    "during",
    "usually",
    "almost",
];

/// Words that open an adverbial right after a cue, which the cue does not report ("said as the
/// crowd cheered", "said without further comment", "reported in its story").
pub const ADVERBIALS_AFTER_CUE: &[&str] = &[
    "as", "while", "when", "without", "during", "in", "after", "before", "since", "until", "amid",
    "despite", "with",
];

/// People who speak for someone else, or are known by whom they belong to: the head of "a
/// spokeswoman for the firm", "a lawyer for Mr. Kane", "the wife of Tom Reyes" (with
/// [`SPOKESPEOPLE`]).
pub const BELONGING_NOUNS: &[&str] = &[
    "aide",
    "aides",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "friend",
    "friends",
    "wife",
    "husband",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "widow",
    "supporter",
    "supporters",
    "staffer",
    "staffers",
];

/// Words that date or rank a document rather than identify it, left out of a description
/// before the name that does ("a new Harwell poll" is the Harwell poll; "the council's own
/// figures").
pub const PASSING_MODIFIERS: &[&str] = &[
    "new", "latest", "recent", "yearly", "annual", "monthly", "weekly", "own",
];

/// Conjunctions that open a subordinate clause ("If he wins, …", "When she spoke, …").
pub const SUBORDINATORS: &[&str] = &[
    "if", "when", "as", "after", "although", "though", "because", "while", "since", "before",
    "once", "until", "whether", "unless",
];

#[cfg(test)]
mod tests {
    use super::with_lowercase;

    #[test]
    fn lower_case_forms_are_those_of_to_lowercase() {
        for w in [
            "Said",
            "SAYS",
            "told",
            "",
            "Dr.",
            "ÉCOLE",
            "İstanbul",
            "a-word-longer-than-thirty-two-bytes-in-all",
            "ΣΟΦΙΑ",
        ] {
            assert_eq!(with_lowercase(w, str::to_string), w.to_lowercase(), "{w}");
        }
    }
}
