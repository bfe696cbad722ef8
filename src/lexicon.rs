//! Every word list that the cue finder, the linking rules and the resolver read, in one place.
//! Words are lower case and normalised (straight apostrophes), as `Analysis::w` gives them.

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

pub const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "'s", "'re", "am",
];

/// Words that open a noun phrase.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "some", "many", "several", "its", "his",
    "her", "their", "our", "my", "your", "another", "both", "all", "no", "every", "each", "other",
    "most", "few", "one", "two", "three", "four", "five",
];

pub const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you"];

/// Words after which a clause cannot be a reported claim: the verb is used in another sense.
pub const NOT_CLAUSE_START: &[&str] = &[
    "as", "after", "before", "when", "while", "because", "if", "in", "on", "at", "during", "for",
    "to", "from", "with", "by", "about", "of", "up", "out", "off", "back", "into", "over", "so",
    "and", "or", "but", "than", "through", "against", "without", "under", "until", "since", "yes",
    "no", "goodbye", "hello", "sorry", "thanks",
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
/// Unnamed people who speak for an organisation.
pub const SPOKESPEOPLE: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "spokespeople",
    "representative",
];
