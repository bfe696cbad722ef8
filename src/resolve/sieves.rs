//! The resolution sieves: an id, how sure a resolution by each is, what it matches, and examples
//! (a text, the speaker mention the linker finds in it, and the speaker the sieve must give),
//! which `tests.rs` runs through the whole pipeline.

/// One example of a sieve: in `text`, the link whose speaker mention is `mention` gets `speaker`.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct Example {
    pub text: &'static str,
    pub mention: &'static str,
    pub speaker: &'static str,
}

macro_rules! sieves {
    ($($id:ident = $name:literal, $certainty:literal, $doc:literal,
       [$(($text:literal, $mention:literal, $speaker:literal)),* $(,)?];)*) => {
        /// Which sieve named a speaker.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum SieveId {
            $(#[doc = $doc] $id,)*
        }

        impl SieveId {
            /// Every sieve, in the order they are tried.
            #[allow(dead_code)]
            pub const ALL: &'static [SieveId] = &[$(SieveId::$id,)*];

            /// The sieve's name, for reports and tests.
            #[allow(dead_code)]
            pub fn as_str(self) -> &'static str {
                match self { $(SieveId::$id => $name,)* }
            }

            /// How sure a resolution by this sieve is (multiplies the link's confidence).
            pub fn certainty(self) -> f32 {
                match self { $(SieveId::$id => $certainty,)* }
            }

            /// The sieve's examples.
            #[allow(dead_code)]
            pub fn examples(self) -> &'static [Example] {
                match self {
                    $(SieveId::$id => &[$(Example { text: $text, mention: $mention, speaker: $speaker },)*],)*
                }
            }
        }
    };
}

sieves! {
    ExactName = "exact-name", 1.0, "A full name in the mention is that person.",
        [("The budget is fair, Maria Delgado said on Monday.", "Maria Delgado", "Maria Delgado"),
         // A name the entity model split at its particle; a title of a delegate.
         ("Yusuf bin Rashid said the war would go on.", "Yusuf bin Rashid", "Yusuf bin Rashid"),
         ("Del. Anna Plaskow said the bill would pass.", "Del. Anna Plaskow", "Anna Plaskow")];
    NamePart = "name-part", 0.97,
        "A surname, title and surname, or a knight's first name joins the full name, whatever \
         entity type the surname was given.",
        [("Senator Walter Brennan spoke first. “We will not wait,” Mr Brennan said.",
          "Mr Brennan", "Walter Brennan"),
         ("Dame Olivia Harcourt opened the gallery. “Art belongs to everyone,” Dame Olivia said.",
          "Dame Olivia", "Olivia Harcourt"),
         ("Donald J. Trump arrived late. “We will win,” Mr. Trump said.",
          "Mr. Trump", "Donald J. Trump"),
         // A surname two people share: the one the text calls by it, not by a first name.
         ("Ask Laura Benning to explain her husband's plans.\n\nSeveral weeks ago, Carl \
           Benning stated that Laura would talk about her career soon. But Laura seems to have \
           vanished from the trail. Laura gave no answer.\n\nI despise Benning because his \
           speech is full of hate. Benning says the wall will be built.", "Benning",
          "Carl Benning"),
         // Two named as often: the one last named as a subject.
         ("The founder of the Ruiz Group, Tony Ruiz, is the brother of the strategist John \
           Ruiz, who runs a campaign. Several employees left the firm last year.\n\nRuiz said \
           the contract was legal.", "Ruiz", "Tony Ruiz")];
    Organisation = "organisation", 0.97,
        "An organisation at the head of the mention is itself, by its longest name in the text.",
        [("The Northfield Water Board raised prices. The board's chair was away. “Costs rose,” \
           Northfield Water Board said.", "Northfield Water Board", "Northfield Water Board"),
         // A name the entity model cut at its preposition.
         ("Turnout fell in every county, according to the Harwell Center for Public Policy \
           Research.", "the Harwell Center for Public Policy Research",
          "Harwell Center for Public Policy Research"),
         // A one-word name by the longer name it opens.
         ("Brannock Energy filed for bankruptcy in April. The company owes millions to the state. \
           Brannock said the cleanup would continue.", "Brannock", "Brannock Energy"),
         // A name that goes on after its institution noun.
         ("The nonpartisan Commission on Presidential Debates says the sound failed.",
          "The nonpartisan Commission on Presidential Debates",
          "Commission on Presidential Debates"),
         // A last word the entity model left untagged, by the one name it ends.
         ("The Harwell Daily Times reported on the vote. \"The council failed the city,\" the \
           Times wrote.", "the Times", "Harwell Daily Times")];
    Acronym = "acronym", 0.95,
        "An acronym is the organisation whose initials it is, or that the text defined it for.",
        [("The National Transit Authority (NTA) met on Friday. Fares will rise, the NTA said.",
          "the NTA", "National Transit Authority"),
         ("Parents rallied on Wednesday, according to the event organizer Alliance to Protect \
           Rural Clinics (APRC). APRC said more rallies would follow.", "APRC",
          "Alliance to Protect Rural Clinics"),
         // A name cut at its preposition before the acronym that spells it.
         ("Thousands marched on Wednesday, according to the event organizer Alliance to \
           Protect Rural Clinics (APRC).", "the event organizer Alliance",
          "Alliance to Protect Rural Clinics")];
    Apposition = "apposition", 0.95,
        "A description beside a name is the named person (\"Ollie Baker, the chef at the inn,\"), \
         or the named organisation (\"the employers' group, Harwell Port Operators,\").",
        [("The head chef, Tomas Lindqvist, said the kitchen would reopen.",
          "The head chef", "Tomas Lindqvist"),
         // A place before the title of the name.
         ("Ruiz's running mate, Ohio Gov. Tom Keller, said the plan would fail.",
          "Ruiz's running mate", "Tom Keller"),
         // An organisation after the noun that describes it.
         ("The employers' group, Harwell Port Operators Ltd, said its offer was fair.",
          "The employers' group", "Harwell Port Operators Ltd"),
         ("“We will appeal,” said a man calling himself Karl Brandt.", "a man", "Karl Brandt")];
    Issuer = "issuer", 0.9,
        "A statement or release speaks for whoever issued it (\"a statement from X\", \"X's \
         statement\"); \"In a statement …, X said\" is the document \"X statement\".",
        [("The Northfield Water Board's statement said prices would rise in May.",
          "The Northfield Water Board's statement", "Northfield Water Board"),
         ("Mayor Ana Silva's statement said the bridge would reopen.",
          "Mayor Ana Silva's statement", "Ana Silva")];
    Role = "role", 0.92,
        "A role the text gave a person (\"Transport Secretary Heidi Alexander\") means that person.",
        [("Health Minister Rosa Albrecht visited the ward. Waiting lists will shrink, the Health \
           Minister said.", "the Health Minister", "Rosa Albrecht")];
    TopicRole = "topic-role", 0.8,
        "A definite office noun (\"the senator\") with no role to match means the person the \
         passage is about (for a candidate, one the document names far more often), of the \
         party the role names; not someone's spokesperson or aide, nor one the same sentence \
         names apart from the noun; so is a state's demonym (\"the Texan\") and a former role \
         for someone else (\"Ruiz's former strategist\").",
        [("Karen Whitfield addressed the crowd in Dayton. The senator said the plant would stay open.",
          "The senator", "Karen Whitfield"),
         // A state's demonym alone ("the Texan") is a person by where they are from.
         ("Gov. Rick Parry spoke in Austin on Monday. The Texan said the border was open.",
          "The Texan", "Rick Parry"),
         // The office's holder, named only long before, gives way to the passage's person.
         ("Gov. Ann Price opened the session on Monday. The budget passed in the afternoon. \
           Lawmakers then turned to the roads. The debate lasted four hours. Several bills were \
           delayed. The vote on the bridge came late.\n\nCarl Weber spoke next about the \
           prisons. He said the state had reformed its courts. The governor claimed that crime \
           had fallen by a fifth.", "The governor", "Carl Weber"),
         // A former office does not contradict the one the text gave the person.
         ("Marta Ruiz, the secretary of state, spoke in Dayton. The former senator said the \
           treaty would pass.", "The former senator", "Marta Ruiz"),
         // The possessive after the subject's verb tells the gender a role does not.
         ("Tom Keller rallied in Ohio. Keller spoke for an hour. Keller left at noon. It might \
           work against Keller too, the Delgado campaign hopes. The nominee told her supporters \
           that the plan was a fraud. Maria Delgado spoke last.", "The nominee",
          "Maria Delgado"),
         // A former role for someone named is the passage's person, not that someone.
         ("Ann Lee on Monday called on Tom Ruiz to apologize to the mayor. “That was \
           outrageous,” Ruiz's former campaign strategist said in an interview.",
          "Ruiz's former campaign strategist", "Ann Lee")];
    Relation = "relation", 0.85,
        "A relation to someone (\"Rossi's lawyer\", \"his attorney\", \"my father\") is the \
         one person the text names with that relation to them; a family relation, else the one \
         other person of their surname and the relation's gender.",
        [("An attorney for Rossi, Mark Dunleavy, said his client would not testify. Rossi said \
           nothing. Later, Rossi's lawyer said the vote was a stunt.", "Rossi's lawyer",
          "Mark Dunleavy"),
         ("Mark Dunleavy, Rossi's lawyer, called the vote a stunt. The panel met on Friday. Paul \
           Rossi did not attend. His attorney said the vote was unfair.", "His attorney",
          "Mark Dunleavy"),
         // The writer's parents named together, each by gender, before or after.
         ("My father often said the harvest would fail. Lest you think otherwise, my parents, \
           James and Olive Keane, were teachers. My mother said the rain would come.",
          "My mother", "Olive Keane"),
         ("My father often said the harvest would fail. Lest you think otherwise, my parents, \
           James and Olive Keane, were teachers.", "My father", "James Keane"),
         // A relative by the owner's surname and the relation's gender.
         ("Carl Benning and Laura Benning divorced in 1990. Lawyers for Carl Benning filed \
           papers on Monday. His ex-wife said the files should stay sealed.", "His ex-wife",
          "Laura Benning"),
         ("Senator Tom Garvey spoke on Monday. Mary Garvey and Paul Garvey sat beside him. \
           Garvey's daughter said the vote would be close.", "Garvey's daughter", "Mary Garvey")];
    Spokesperson = "spokesperson", 0.85,
        "A bare \"a spokesman\" speaks for the organisation named just before.",
        [("The Ministry of Health announced new rules. A spokesman said the rules would apply \
           from May.", "A spokesman", "Ministry of Health")];
    NominalOrg = "nominal-org", 0.85,
        "\"The agency\" is the organisation named just before whose name holds the noun, or the \
         nearest one; \"the union\" one whose name has a labour word (\"Workers\", \"Guild\").",
        [("The Federal Aviation Agency grounded the jets. The agency said inspections would take \
           a week.", "The agency", "Federal Aviation Agency"),
         ("The nonpartisan Commission on Presidential Debates says the sound failed. The \
           commission says it will check the hall.", "The commission",
          "Commission on Presidential Debates"),
         ("The International Monetary Fund cut its forecast on Tuesday. Growth will slow next \
           year, the fund said.", "the fund", "International Monetary Fund"),
         // "The state" is the state named before it, not the city or court nearer.
         ("Voters in Tampa, Florida, waited for hours at the Harwell Court on Tuesday. The \
           state said the machines had failed.", "The state", "Florida"),
         // A union is the organisation with a labour word in its name, not the company nearer.
         ("The Harwell Dock Workers Association called a strike on Monday. Talks with \
           Brightline Shipping failed. The union said the strike would go on.", "The union",
          "Harwell Dock Workers Association")];
    OrgAhead = "org-ahead", 0.85,
        "An indefinite organisation noun with a noun before it (\"A House panel\", \"a federal \
         appeals court\") is the organisation the rest of its sentence or the next names, whose \
         name holds the noun (a panel may be a committee) and the nouns before it.",
        [("A Senate panel said on Monday that the mayor must testify. The Senate Harbour and \
           Fisheries Committee voted 9-4 along party lines.", "A Senate panel",
          "Senate Harbour and Fisheries Committee"),
         // A court of appeals by its circuit.
         ("A federal appeals court said on Friday that the map was unfair. The U.S. Court of \
           Appeals for the Ninth Circuit sent the case back.", "A federal appeals court",
          "U.S. Court of Appeals for the Ninth Circuit")];
    NominalDoc = "nominal-doc", 0.85,
        "\"The poll\", \"the report\", \"the statement\" is the poll, report or statement named \
         before it, by that name (a statement by its issuer's, or the subject that \"said in\" \
         it); \"the data\" is the data of the organisation that spoke in the sentence before, as \
         \"X data\"; \"a new poll\" with no name of \
         its own is the named poll of the next two sentences, else the one before.",
        [("A Harwell Institute poll found that most voters favour the bridge. The poll also \
           found that most drivers want tolls scrapped.", "The poll", "Harwell Institute poll"),
         ("Turnout will be high, according to a new Harwell Institute national poll. The poll \
           also found that most drivers want tolls scrapped.", "The poll",
          "Harwell Institute national poll"),
         // A statement by its issuer: the subject of the verb that issued it.
         ("The Harwell Port Authority issued a statement on Monday. The statement said the \
           harbour would close for a week.", "The statement", "Harwell Port Authority statement"),
         ("In a statement, the Harwell Nurses Union backed the mayor. The statement said the \
           wards would stay open.", "The statement", "Harwell Nurses Union statement"),
         ("“The bridge will reopen in May,” the Harwell Port Authority said in a statement. The \
           statement said that tolls would rise.", "The statement",
          "Harwell Port Authority statement"),
         // Data by the organisation that reported it just before.
         ("The Harwell Water Board said that prices rose by 8 percent. According to the data, \
           the rise was steepest in May.", "the data", "Harwell Water Board data"),
         // An unnamed new poll is the named poll reported right after it.
         ("A new poll shows that the mayor is ahead. The Harwell Institute poll found that most \
           voters favour the bridge.", "A new poll", "Harwell Institute poll")];
    Pronoun = "pronoun", 0.9,
        "\"He\" and \"she\" are the nearest subject or speaker of the same gender (titles, role \
         words and first names tell it); \"they\" and \"it\" the last group that spoke. A \
         person's reply (\"his best response\") is that person.",
        [("Tom Keller was asked about jobs on Monday. His reply suggested that taxes would \
           fall.", "His reply", "Tom Keller"),
         ("Mayor Linda Okafor met Mr. Paul Dorsey on Tuesday. She said the bridge would be rebuilt.",
          "She", "Linda Okafor"),
         ("Linda Okafor praised Mr. Paul Dorsey. He said the bridge would be rebuilt.",
          "He", "Paul Dorsey"),
         // A pronoun in a clause under the one naming its antecedent as an object.
         ("Peter Vance praised Anna Roth after she said the tunnel would open in May.",
          "she", "Anna Roth"),
         // A name in apposition to the subject is the subject, not the name before it.
         ("At the meeting with Tom Reyes, the firm's pollster, Carl Weber, presented the \
           figures. “The numbers are good,” he said.", "he", "Carl Weber"),
         // A subject with a prepositional phrase before its verb.
         ("Asked about Carl Weber, Tom Reyes in his reply praised the budget. “It is \
           balanced,” he said.", "he", "Tom Reyes"),
         // A name tagged as another type after a person's title is a person.
         ("The ministers met on Friday.\n\nSecretary General Ban Jae-sung condemned what he \
           called a breach of the rules.\n\n“We must act now,” he told reporters.", "he",
          "Ban Jae-sung"),
         // A person an excerpt of another text names, in a paragraph opened by a quote mark
         // and left open, that narrates.
         ("Tom Ward wrote about a voter and her neighbour Peter Hale:\n\n\"Grace Mallory \
           thought the fine was unfair. She had paid on time.\n\n“It was never about the \
           money,” she said.", "she", "Grace Mallory"),
         // "The governor" opening a sentence before, as its subject or possessor, is the
         // person the document gave that office, not a man named in passing after it.
         ("Governor Paul Dorsey signed the budget. Senator Tom Reyes opposed it. In the end, \
           the governor prevailed. Visiting the plant on Monday, he told voters that taxes \
           would fall.", "he", "Paul Dorsey"),
         ("Governor Paul Dorsey hired Tom Reyes in May. Reyes praised the budget. The \
           governor's own plan came up. At the rally, he told voters that taxes would fall.",
          "he", "Paul Dorsey"),
         // A first name alone that the table gives one sex nearly always is of that sex.
         ("Ann Lee waited at the station with Kevin.\n\nKevin was late for work. “I am \
           tired,” she said.", "she", "Ann Lee"),
         // "they" with no group that spoke: the plural subject nearby.
         ("Where farmers in the valley know the mayor, they said he was fair.", "they",
          "farmers in the valley"),
         // The plural source of "according to" that ends the sentence before.
         ("The mayor shouted at his staff, according to city hall insiders. They said he \
           rarely apologised.", "They", "city hall insiders"),
         // "they" opening a clause under one whose plural subject opens the sentence: that
         // subject, not the group that spoke before.
         ("The Harwell Water Board said that prices would rise. Council members rejected the \
           plan because they said it was unfair.", "they", "Council members"),
         // An organisation that is the subject of a clause nearby.
         ("The Harwell Institute did a check on the claim. On Monday they published the \
           results, announcing that the claim was true.", "they", "Harwell Institute")];
    Lede = "lede", 0.75,
        "An office noun in the headline or the lede, with no one named before it, is the person \
         the text names next as a subject.",
        [("A former county commissioner says the budget hides a deficit.\n\nAnn Lee told \
           reporters on Monday that the figures were wrong.", "A former county commissioner",
          "Ann Lee"),
         // An item of a live report opens after its time.
         ("The Latest on the campaign.\n\n1:10 p.m.\n\nVoters queued for hours.\n\n2:45 \
           p.m.\n\nThe state tax commissioner said the filings were safe.\n\nKevin \
           Sorel says he told his staff to check the records.", "The state tax commissioner",
          "Kevin Sorel")];
    Introduced = "introduced", 0.8,
        "\"The judge\" after \"a judge in Ohio\" in the sentences before, where the text names no \
         one with that role, is the person the indefinite phrase introduced, by that description.",
        [("A judge in Dayton issued a ruling on Monday that pleased Maria Delgado. The judge said \
           the law was unfair.", "The judge", "A judge in Dayton"),
         ("Police questioned a witness for hours. The witness told them the car was blue.",
          "The witness", "a witness")];
    NamedGroup = "named-group", 0.95,
        "People named together are their names, without the roles written before them.",
        [("Presidential candidates Maria Delgado and Tom Keller said the figure was wrong.",
          "Tom Keller", "Maria Delgado and Tom Keller"),
         ("Both President Tom Keller and Republican nominee Maria Delgado said the figure was \
           wrong.", "Republican nominee Maria Delgado",
          "Tom Keller and Maria Delgado"),
         ("Former Secretary of State Maria Delgado and former Ohio Gov. Tom Keller said the \
           figure was wrong.", "former Ohio Gov. Tom Keller", "Maria Delgado and Tom Keller")];
    Description = "description", 0.9,
        "An unnamed source keeps its description, with the names in it made canonical.",
        [("Republican officials said the vote would be close.", "Republican officials",
          "Republican officials"),
         // A participle opening the sentence, or after a comma before a common noun, modifies
         // the noun ("Elected officials").
         ("Elected officials from both towns said the bridge should be rebuilt.",
          "both towns", "Elected officials from both towns"),
         ("Although the mayor lacks a majority, elected officials from both parties say he \
           has led the council well.", "both parties", "elected officials from both parties"),
         // The noun before a participle that holds the mention is the source.
         ("Many people involved in the talks said the deal was close.", "the talks",
          "Many people involved in the talks"),
         ("House Democrats supporting the measure said it would pass easily.", "the measure",
          "House Democrats supporting the measure"),
         // A negation opening the phrase, adjectives joined by "and", stay in it.
         ("The council backed the plan. Not everyone says it will work.", "Not everyone",
          "Not everyone"),
         ("Three current and former Delgado employees said the office was chaotic.",
          "Three current and former Delgado employees",
          "Three current and former Delgado employees"),
         // A document its maker names is that name's, without the participle after it.
         ("Prices rose sharply, according to a Harwell Times database tracking such sales.",
          "a Harwell Times database tracking such sales", "a Harwell Times database"),
         // A person's document "by" them is written so, without the description around the
         // name.
         ("Fraud is rare, according to an analysis by Dana Whitlock, a former Senate aide now \
           teaching at Harwell University.", "an analysis", "analysis by Dana Whitlock"),
         ("Fraud is rare, according to a 2012 study by Harwell Law School professor Dana \
           Whitlock.", "a 2012 study",
          "2012 study by Dana Whitlock"),
         // A possessor's roles go with the name.
         ("Tom Keller is running for mayor of Harwell.\n\nLibertarian mayoral candidate Tom \
           Keller’s doctor said he was healthy.", "Libertarian mayoral candidate Tom Keller’s doctor",
          "Tom Keller’s doctor"),
         ("A state survey last month found that most drivers want tolls scrapped.",
          "A state survey", "A state survey"),
         // "Today" after a name is part of the name, not a time.
         ("A reporter for USA Today said the count was late.", "USA Today",
          "A reporter for USA Today"),
         // A candidate's team named by the candidate is the campaign.
         ("Governor Ana Okafor is running for a third term. The Okafor team said the race \
           would be close.", "The Okafor team", "Okafor campaign"),
         // An indefinite campaign's staff belong to the campaign of the sentence's subject.
         ("The Okafor campaign bought ads. Ana Lee will visit Dayton on Sunday, according to a \
           campaign aide.", "a campaign aide", "a Lee campaign aide"),
         // A bare institution noun takes the name the text gives it, before or after.
         ("The two men were armed, police said on Friday. The Springfield police chief asked \
           witnesses to come forward.", "police", "Springfield police"),
         ("The Delgado administration raised the fuel tax in March. Administration officials \
           said the money would repair roads.", "Administration officials",
          "Delgado Administration officials")];
    SharePopulation = "share-population", 0.85,
        "A bare share of people (\"63 percent\", \"six in 10\") is a share of the population \
         the nearest share before it names, or the group an \"among\" before it names, within \
         three sentences.",
        [("Only 48 percent of registered voters said the mayor was honest. However, 63 percent \
           said he had handled the flood well.", "63 percent",
          "63 percent of registered voters"),
         ("About 40 percent of likely voters back the levy. Another 12 percent said they had not \
           decided.", "Another 12 percent", "Another 12 percent of likely voters"),
         ("Seven in 10 Ohio voters oppose the plan, and nine in 10 say taxes are too high.",
          "nine in 10", "nine in 10 Ohio voters"),
         // The group a share is taken among.
         ("Half of likely voters back the levy. Among retired teachers, 61 percent said it was \
           too costly.", "61 percent", "61 percent of retired teachers")];
    Echo = "echo", 0.85,
        "An unnamed source whose quoted words a named speaker says elsewhere is that speaker.",
        [("The talks opened in Geneva on Monday. Delegates arrived late. The agenda was long.\n\n\
           A senior minister said talks must “open the door to a lasting peace deal”.\n\n\
           Foreign Secretary Amelia Hart said: “We must open the door to a lasting peace deal \
           now.”", "A senior minister", "Amelia Hart")];
    Unresolved = "unresolved", 0.8, "Nothing named the mention: the speaker stays empty.",
        [("“The plan is fair,” he said.", "he", "")];
}
