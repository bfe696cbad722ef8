//! The catalogue of linking rules: each rule's id (serialised as the record's `rule`), its
//! pattern, what it links, its base confidence, and examples that are run as tests (text → quote,
//! speaker mention, cue).
//!
//! Confidence: a record's confidence is the rule's, times the cue verb's weight for rules that
//! read one (a verb of belief or a weak verb is less sure than "said"), and for claims the rule's
//! pronoun confidence when the speaker mention is a pronoun. A continuation takes the confidence
//! of the quote it continues, times its own.

use serde::Serialize;

/// What a rule links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Quotations, at the level of quote marks.
    Direct,
    /// Reported clauses (with or without quoted words inside), at the level of sentences.
    Claim,
}

/// One example of a rule: a text, and the quote, speaker mention and cue the rule gives on it.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// The document text.
    pub text: &'static str,
    /// The quoted or reported words.
    pub quote: &'static str,
    /// The speaker mention ("" when the rule finds none).
    pub speaker: &'static str,
    /// The cue ("" when none).
    pub cue: &'static str,
}

/// A rule's entry in the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct RuleInfo {
    /// The rule.
    pub id: RuleId,
    /// The pattern in brief: Q the quote, S the speaker.
    pub pattern: &'static str,
    /// What it links.
    pub kind: RuleKind,
    /// Base confidence.
    pub confidence: f32,
    /// Base confidence when the speaker mention is a pronoun.
    pub pronoun_confidence: f32,
    /// Examples, run as tests.
    pub examples: &'static [Example],
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $id:ident = $name:literal, $kind:ident, $conf:literal, $pron:literal,
        $pattern:literal, [$( ($text:literal, $quote:literal, $speaker:literal, $cue:literal) ),+ $(,)?]; )+) => {
        /// The id of a linking rule. Serialised as the name users see in the `rule` column.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $( $(#[$doc])* $id, )+
        }

        /// Every rule, in the order of [`RuleId`].
        pub const RULES: &[RuleInfo] = &[
            $( RuleInfo {
                id: RuleId::$id,
                pattern: $pattern,
                kind: RuleKind::$kind,
                confidence: $conf,
                pronoun_confidence: $pron,
                examples: &[$( Example { text: $text, quote: $quote, speaker: $speaker, cue: $cue } ),+],
            }, )+
        ];

        impl RuleId {
            /// The name users see in the `rule` column.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( RuleId::$id => $name, )+
                }
            }
        }
    };
}

rules! {
    /// “Q,” S said.
    QuoteSpeakerSaid = "quote-speaker-said", Direct, 0.95, 0.95, "“Q,” S said",
        [("“We will rebuild the bridge,” the mayor said.", "We will rebuild the bridge,", "the mayor", "said"),
         ("“The talks were useful,” she told reporters on Monday.", "The talks were useful,", "she", "told")];
    /// “Q,” S, the …, said: an appositive between speaker and cue.
    QuoteSpeakerSaidApposition = "quote-speaker-said+apposition", Direct, 0.95, 0.95, "“Q,” S, the …, said",
        [("“The ferries are not a luxury,” Lucia Fernandes, a nurse from the island, said.", "The ferries are not a luxury,", "Lucia Fernandes", "said")];
    /// “Q,” said S.
    QuoteSaidSpeaker = "quote-said-speaker", Direct, 0.9, 0.9, "“Q,” said S",
        [("“Nobody was hurt,” said the fire chief.", "Nobody was hurt,", "the fire chief", "said"),
         ("“It was a mistake,” said Anna Berg, a spokeswoman for the council.", "It was a mistake,", "Anna Berg", "said")];
    /// S said: “Q”.
    SpeakerSaidQuote = "speaker-said-quote", Direct, 0.9, 0.9, "S said: “Q”",
        [("The minister said: “The plan is working.”", "The plan is working.", "The minister", "said"),
         ("Mr. Okafor added: “There is no deal yet.”", "There is no deal yet.", "Mr. Okafor", "added"),
         ("The mayor voted on Sunday and then predicted: “We will win.”", "We will win.", "The mayor", "predicted"),
         // A party tag after the name, with a stray comma.
         ("Gov. Tom Keller (R-OH), said, “We are ready.”", "We are ready.", "Gov. Tom Keller (R-OH)", "said")];
    /// S, the …, said: “Q”.
    SpeakerSaidQuoteApposition = "speaker-said-quote+apposition", Direct, 0.9, 0.9, "S, the …, said: “Q”",
        [("Maria Lopez, the head teacher, said: “Our pupils deserve better.”", "Our pupils deserve better.", "Maria Lopez", "said"),
         // A phrase of place or time beside a person.
         ("Maria Lopez, at a press briefing later, said: “Our pupils deserve better.”", "Our pupils deserve better.", "Maria Lopez", "said")];
    /// S told X: “Q” (the cue is not next to the quote).
    TellingQuote = "telling-quote", Direct, 0.9, 0.9, "S told X: “Q”",
        [("The coach told reporters: “We played badly.”", "We played badly.", "The coach", "told"),
         ("Said Dora Vance, who grew up nearby, “We were proud of him.”", "We were proud of him.", "Dora Vance", "Said"),
         ("But, said Ana Ruiz, “I want no conflict.”", "I want no conflict.", "Ana Ruiz", "said"),
         // A party tag after the name.
         ("Sen. Clara Welling (D-Mo.) scolded him: “The science is against you.”", "The science is against you.", "Sen. Clara Welling (D-Mo.)", "scolded")];
    /// …, adding: “Q”.
    ParticipleQuote = "participle-quote", Direct, 0.9, 0.9, "S did …, adding: “Q”",
        [("The senator voted against the bill, adding: “It costs too much.”", "It costs too much.", "The senator", "adding"),
         ("Mr. Lund continued by saying, “We will appeal the ruling.”", "We will appeal the ruling.", "Mr. Lund", "saying"),
         // The clause's subject before an appositive.
         ("Mr. Lund, a former chairman, poked at the board, tweeting, “Notice the silence.”", "Notice the silence.", "Mr. Lund", "tweeting")];
    /// A cue before a quote with no speaker found: “Q”.
    SaidQuote = "said-quote", Direct, 0.6, 0.6, "said: “Q” (no speaker found)",
        [("At the rally, many chanted: “Save our hospital.”", "Save our hospital.", "", "chanted")];
    /// S: “Q” (a name, a colon, a quote).
    SpeakerColonQuote = "speaker-colon-quote", Direct, 0.8, 0.8, "S: “Q”",
        [("John Smith: “I never saw the letter.”", "I never saw the letter.", "John Smith", ":"),
         ("- Jane Doe: “We need more nurses.”", "We need more nurses.", "Jane Doe", ":")];
    /// S did something: “Q”.
    SpeakerVerbColonQuote = "speaker-verb-colon-quote", Direct, 0.6, 0.6, "S shot back: “Q”",
        [("John Smith shot back: “That is simply false.”", "That is simply false.", "John Smith", "shot"),
         ("Tom Ruiz is more blunt: “The plan is dead on arrival.”", "The plan is dead on arrival.", "Tom Ruiz", "is"),
         ("The coach was more cautious: “We need the scan first.”", "We need the scan first.", "The coach", "was")];
    /// According to S: “Q”.
    AccordingToQuote = "according-to-quote", Direct, 0.85, 0.85, "according to S: “Q”",
        [("According to the report: “Costs rose sharply.”", "Costs rose sharply.", "the report", "According to")];
    /// S said in a statement. “Q”
    SpeakerSaidThenQuote = "speaker-said-then-quote", Direct, 0.75, 0.75, "S said in a statement. “Q”",
        [("The company said in a statement.\n\n“We regret the delay.”", "We regret the delay.", "The company", "said")];
    /// A quote with no cue continues the speaker of the quote before it.
    Continuation = "continuation", Direct, 0.9, 0.9, "“Q1,” S said. “Q2”",
        [("“We are ready,” the mayor said. “The trains will run on time.”", "The trains will run on time.", "the mayor", ""),
         ("“We are ready,” the mayor said.\n\n“The trains will run on time.”", "The trains will run on time.", "the mayor", "")];
    /// Her statement read: “Q” (a written thing whose words are given with "read").
    StatementRead = "statement-read", Direct, 0.85, 0.85, "S's statement read: “Q”",
        [("The singer apologised on Sunday. Her statement read: “I made a mistake.”", "I made a mistake.", "Her statement", "read"),
         ("The club wrote to its fans. The post read, “We are heartbroken.”", "We are heartbroken.", "The post", "read")];
    /// “Q,” according to S (after a quote of any length).
    QuoteAccordingTo = "quote-according-to", Direct, 0.85, 0.85, "“Q,” according to S",
        [("“The budget is a disgrace, and it will hurt the families who can least afford another cut,” according to Senator Ann Blake.", "The budget is a disgrace, and it will hurt the families who can least afford another cut,", "Senator Ann Blake", "according to")];
    /// “Q” — S: a dash and a name after a quote.
    QuoteDashSpeaker = "quote-dash-speaker", Direct, 0.8, 0.8, "“Q” — S",
        [("“This is the biggest storm in a decade” — Commissioner Raul Diaz.", "This is the biggest storm in a decade", "Commissioner Raul Diaz", "—")];
    /// S was quoted as saying: “Q”.
    QuotedAsSayingQuote = "quoted-as-saying-quote", Direct, 0.85, 0.85, "S was quoted as saying: “Q”",
        [("The minister was quoted as saying: “We will hold the line.”", "We will hold the line.", "The minister", "saying")];
    /// LABEL: “Q” — a label in capitals before a colon, in a list or a kicker.
    LabelColonQuote = "label-colon-quote", Direct, 0.7, 0.7, "ANALYST'S VIEW: “Q”",
        [("ANALYST'S VIEWPOINT: “The market will recover by summer.”", "The market will recover by summer.", "ANALYST", ":")];
    /// A paragraph that is only a quotation, with no cue, after a paragraph about one person.
    FloatingQuote = "floating-quote", Direct, 0.6, 0.6, "S did … ¶ “Q”",
        [("Mayor Ellen Park toured the flooded streets of the harbour on Monday. Park met the owners of the shops.\n\n“We will not leave anyone behind.”", "We will not leave anyone behind.", "Mayor Ellen Park", "")];
    /// S said (that) Q.
    SpeakerSaidClause = "speaker-said-clause", Claim, 0.95, 0.85, "S said (that) Q",
        [("The minister said that the budget would be balanced.", "that the budget would be balanced", "The minister", "said"),
         ("The coach told reporters that the team was tired.", "that the team was tired", "The coach", "told"),
         ("The court ruled that the map was drawn unfairly.", "that the map was drawn unfairly", "The court", "ruled"),
         ("The mayor said that Ms. Diaz was wrong, and said that the plan was sound.", "that the plan was sound", "The mayor", "said"),
         // A subject counted with "as many as", "about", "up to" opens the claim.
         ("Critics said as many as 9,000 voters lacked such cards.", "as many as 9,000 voters lacked such cards", "Critics", "said"),
         // A quotation after a colon with its own attribution is not part of the claim.
         ("The mayor said that the city had changed: “It is a new town,” she added.", "that the city had changed", "The mayor", "said"),
         // A second verb after a reported clause: the subject of the verb that reports it.
         ("The mayor denied the claim that Ruiz had lied and said that the audit was wrong.", "that the audit was wrong", "The mayor", "said"),
         // A participle after what a verb receives or includes, or after a person, is the
         // object's own.
         ("Police received a call saying that shots had been fired.", "that shots had been fired", "a call", "saying"),
         ("The camera filmed Ann Lee saying that the plant would stay open.", "that the plant would stay open", "Ann Lee", "saying"),
         // A participle after a recording of a person is the person's.
         ("The ad shows footage of Ann Lee saying that the plant would stay open.", "that the plant would stay open", "Ann Lee", "saying"),
         ("The spot ends with a clip of Tom Reed saying that the strike would go ahead.", "that the strike would go ahead", "Tom Reed", "saying")];
    /// S, the …, said (that) Q; also Q1, S, the …, said, Q2.
    SpeakerSaidClauseApposition = "speaker-said-clause+apposition", Claim, 0.95, 0.85, "S, the …, said (that) Q",
        [("Tom Reed, the union leader, said that the strike would go ahead.", "that the strike would go ahead", "Tom Reed", "said"),
         // An age between commas goes with the name.
         ("Reed, 56, who has led the union since 2009, said that the strike would go ahead.", "that the strike would go ahead", "Reed", "said"),
         // Between dashes; not the noun phrase after a preposition or a finite verb.
         ("Tom Reed -- co-author of Hard Bargains, a book about the strike -- said that the deal was fair.", "that the deal was fair", "Tom Reed", "said")];
    /// Q, S said.
    ClauseSpeakerSaid = "clause-speaker-said", Claim, 0.95, 0.85, "Q, S said",
        [("The budget will be balanced next year, the minister said.", "The budget will be balanced next year", "the minister", "said"),
         ("Prices will rise again next year, she said.", "Prices will rise again next year", "she", "said"),
         ("Her reply was short: “We will win the vote,” Ann Lee said.", "We will win the vote,", "Ann Lee", "said")];
    /// Q, S, the …, said.
    ClauseSpeakerSaidApposition = "clause-speaker-said+apposition", Claim, 0.95, 0.85, "Q, S, the …, said",
        [("The strike will go ahead, Tom Reed, the union leader, said.", "The strike will go ahead", "Tom Reed", "said")];
    /// Q, said S.
    ClauseSaidSpeaker = "clause-said-speaker", Claim, 0.95, 0.85, "Q, said S",
        [("The strike will go ahead, said the union leader.", "The strike will go ahead", "the union leader", "said"),
         // The writer's lead-in before a colon is not the speaker's.
         ("Residents were blunter: “We have waited long enough,” said Ann Lee.", "We have waited long enough,", "Ann Lee", "said")];
    /// Q1, S said, Q2: both parts are the claim.
    Parenthetical = "parenthetical", Claim, 0.95, 0.85, "Q1, S said, Q2",
        [("The plan, the minister said, will cost billions.", "will cost billions", "the minister", "said")];
    /// N who said Q: the relative pronoun's antecedent speaks.
    RelativeSaidClause = "relative-said-clause", Claim, 0.95, 0.85, "N who said Q",
        [("Officials met residents who said the water tasted strange.", "the water tasted strange", "residents", "said")];
    /// …, saying Q: the subject of the clause the participle hangs from.
    ParticipleClause = "participle-clause", Claim, 0.95, 0.85, "S did …, saying Q",
        [("The union rejected the offer, saying it was far too low.", "it was far too low", "The union", "saying"),
         // Not a noun phrase before an appositive that names no one: the clause's subject.
         ("The mayor rejected the report on the flood, a disaster for the town, arguing that the levees had held.", "that the levees had held", "The mayor", "arguing"),
         // After an object and an adverbial, with "that"; a ruling reports as saying does.
         ("A judge blocked the law on Thursday, ruling that it violated the constitution.", "that it violated the constitution", "A judge", "ruling"),
         ("The council approved the plan on Monday night, arguing that the city needed more homes.", "that the city needed more homes", "The council", "arguing"),
         ("The senator attacked the deal in a speech, saying that it gave away too much.", "that it gave away too much", "The senator", "saying"),
         // Right after the object of a verb that is not a person: the object does not speak.
         ("The union issued a statement saying that the offer was far too low.", "that the offer was far too low", "The union", "saying"),
         ("Ruiz fired back a reply saying that the report was false.", "that the report was false", "Ruiz", "saying"),
         ("The mayor is running an ad arguing that the council wasted money.", "that the council wasted money", "The mayor", "arguing"),
         ("The senator tried to defend her remarks arguing that the plan was reckless.", "that the plan was reckless", "The senator", "arguing"),
         // Right after an occasion of speech: the participle hangs from the clause before it.
         ("The mayor appeared at a news conference announcing that the plant would close.", "that the plant would close", "The mayor", "announcing"),
         // After a reported clause: the subject of the verb that reports it, up a few levels.
         ("The mayor said the budget was balanced, adding that taxes would fall.", "that taxes would fall", "The mayor", "adding"),
         ("The senator rejected the idea that the deal was dead, saying that talks would resume.", "that talks would resume", "The senator", "saying"),
         ("The mayor told the council that she believes the budget is sound, arguing that taxes can fall.", "that taxes can fall", "The mayor", "arguing"),
         // A reporting verb after an auxiliary, negated or not, reports the clause as well.
         ("The senator said she did not believe the rumors hurt the party, arguing that the split did.", "that the split did", "The senator", "arguing"),
         ("The mayor said he would never concede the council's figures were right, adding that they ignored the floods.", "that they ignored the floods", "The mayor", "adding")];
    /// Q, according to S.
    ClauseAccordingTo = "clause-according-to", Claim, 0.85, 0.85, "Q, according to S",
        [("The factory will close next year, according to the company.", "The factory will close next year", "the company", "according to"),
         // A dateline is the paper's, not the source's.
         ("BRISTOL — The factory will close next year, according to two officials.", "The factory will close next year", "two officials", "according to")];
    /// S was quoted as saying (that) Q.
    QuotedAsSayingClause = "quoted-as-saying-clause", Claim, 0.9, 0.85, "S was quoted as saying (that) Q",
        [("The minister was quoted as saying that the troops would stay until spring.", "that the troops would stay until spring", "The minister", "saying")];
    /// S's claim that Q / S's call for Q: a noun cue with its possessor.
    NounCue = "noun-cue", Claim, 0.75, 0.75, "S's claim that Q",
        [("The governor rejected Smith's claim that the tax would fall on the poor.", "that the tax would fall on the poor", "Smith", "claim"),
         ("Unions backed Lee's call for a higher minimum wage.", "a higher minimum wage", "Lee", "call"),
         // The phrase as the sentence's subject: its clause ends before the sentence's verb.
         ("Smith's claim that the tax would fall on the poor was rejected by the governor.", "that the tax would fall on the poor", "Smith", "claim")];
    /// According to S, Q.
    AccordingToClause = "according-to-clause", Claim, 0.85, 0.85, "according to S, Q",
        [("According to the police, the driver was not injured.", "the driver was not injured", "the police", "According to")];
    /// A quotation the attribution model found and no rule linked.
    ModelDirect = "model:direct", Direct, 0.9, 0.9, "a quotation the model labels as content",
        [("“The bridge is safe,” the engineer who inspected it wrote in a report on Monday.", "The bridge is safe", "the engineer who inspected it", "wrote")];
    /// A claim with quoted words that the attribution model found and no rule linked.
    ModelMixed = "model:mixed", Claim, 0.9, 0.9, "a clause with quoted words the model labels as content",
        [("The senator praised the \"courage\" of the rescue teams.", "the \"courage\" of the rescue teams", "The senator", "praised")];
    /// A reported claim that the attribution model found and no rule linked.
    ModelIndirect = "model:indirect", Claim, 0.9, 0.9, "a clause the model labels as content",
        [("Critics accused the council of wasting money on the stadium.", "the council of wasting money on the stadium", "Critics", "accused")];
}

impl RuleId {
    /// The rule's catalogue entry.
    pub fn info(self) -> &'static RuleInfo {
        &RULES[self as usize]
    }

    /// The rule's base confidence.
    pub fn confidence(self) -> f32 {
        self.info().confidence
    }

    /// The rule's base confidence for a speaker mention that is, or is not, a pronoun.
    pub fn confidence_for(self, pronoun: bool) -> f32 {
        let info = self.info();
        if pronoun {
            info.pronoun_confidence
        } else {
            info.confidence
        }
    }

    /// Whether the link was made by the attribution model.
    pub fn is_model(self) -> bool {
        matches!(
            self,
            RuleId::ModelDirect | RuleId::ModelMixed | RuleId::ModelIndirect
        )
    }

    /// Whether the rule reads "according to".
    pub fn is_according_to(self) -> bool {
        matches!(
            self,
            RuleId::AccordingToQuote | RuleId::ClauseAccordingTo | RuleId::AccordingToClause
        )
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_id_order_with_unique_names() {
        let mut names = std::collections::HashSet::new();
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.id as usize, i, "{:?}", r.id);
            assert!(names.insert(r.id.as_str()), "{} twice", r.id);
            assert!(!r.examples.is_empty(), "{} has no example", r.id);
            assert!(r.confidence > 0.0 && r.confidence <= 1.0);
        }
        assert_eq!(RULES.len(), 34);
    }
}
