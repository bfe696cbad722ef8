//! The sieves' examples, run through the whole pipeline with the shipped fast models: in each
//! example text, the link whose speaker mention is the example's must get the example's speaker
//! from that sieve.

use super::{SieveId, resolve_with_sieves};
use crate::link::{Kind, Link};
use crate::pipeline::Pipeline;
use crate::{cues, link};

fn pipeline() -> Pipeline {
    Pipeline::builder()
        .build()
        .expect("the shipped models load")
}

/// (mention, speaker, sieve) of every link in `text`.
fn speakers(p: &Pipeline, text: &str) -> Vec<(String, String, SieveId)> {
    let a = p.analyse(text).unwrap();
    let links = link::link(&a, &cues::find(&a));
    let resolved = resolve_with_sieves(&a, &links, p.name_tables());
    links
        .iter()
        .zip(resolved)
        .filter_map(|(l, r)| {
            let m = l.speaker.as_ref()?;
            let (s, id) = r?;
            Some((a.text[a.span(m)].to_string(), s.name, id))
        })
        .collect()
}

#[test]
fn every_sieve_example_resolves_by_its_sieve() {
    let p = pipeline();
    let mut failures = Vec::new();
    let mut count = 0;
    for &sieve in SieveId::ALL {
        for ex in sieve.examples() {
            count += 1;
            let got = speakers(&p, ex.text);
            let hit = got.iter().find(|(m, _, _)| m == ex.mention);
            match hit {
                Some((_, name, id)) if name == ex.speaker && *id == sieve => {}
                _ => failures.push(format!(
                    "{}: in {:?} expected {:?} → {:?}, got {:?}",
                    sieve.as_str(),
                    ex.text,
                    ex.mention,
                    ex.speaker,
                    got
                )),
            }
        }
    }
    assert!(count >= 12, "the catalogue has examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One example per class of error that users met, written for these tests: (text, speaker
/// mention, speaker the column must show).
const ERROR_CLASSES: &[(&str, &str, &str, &str)] = &[
    (
        "one person with two roles is the roles' holder, not the second role",
        "Senator Ana Ruiz spoke in Reno on Monday about the budget. The former first lady and \
         U.S. senator said the plan would fail.",
        "U.S. senator",
        "Ana Ruiz",
    ),
    (
        "a word in capitals after another is no day; a name's first words are not written twice",
        "Super PACs spent more in May. A USA TODAY analysis of super PACs shows that Democratic \
         groups are outpacing Republicans.",
        "A USA TODAY analysis of super PACs",
        "A USA TODAY analysis of super PACs",
    ),
    (
        "a possessor that is a role with a place in it is the role's holder",
        "Senator Marco Rivas spoke in Tampa. The Florida senator’s aides said he would run.",
        "The Florida senator’s aides",
        "Marco Rivas's aides",
    ),
    (
        "a spokesperson for an organisation is the spokesperson, described, not the organisation",
        "Shares of Halvard Brothers fell on Tuesday.\n\nA spokeswoman for Halvard Brothers \
         said the company would not comment.",
        "Halvard Brothers",
        "A spokeswoman for Halvard Brothers",
    ),
    (
        "a lawyer for a person is not the person",
        "Dan Kane was charged on Monday. A lawyer for Mr. Kane said his client would appeal.",
        "Mr. Kane",
        "A lawyer for Dan Kane",
    ),
    (
        "surname: one name whichever apostrophe the document writes it with",
        "Coach Brendan O’Leary signed a new contract on Monday.\n\n“We are building something \
         here,” O'Leary said.",
        "O'Leary",
        "Brendan O’Leary",
    ),
    (
        "pronoun gender: not the woman just named",
        "Judge Martin Hale sentenced Laura Price to six years on Friday. He said the fraud had \
         ruined families.",
        "He",
        "Martin Hale",
    ),
    (
        "pronoun salience: the subject, not a photo credit",
        "Photo: Jonas Reed/Reuters\n\nSenator Paula Grant toured the flooded town on Monday. She \
         said the state would pay for repairs.",
        "She",
        "Paula Grant",
    ),
    (
        "pronoun salience: never a reporter's credit line",
        "Mayor Rosa Diaz visited the shelter on Sunday.\n\nEmma Stone contributed to this \
         report.\n\n“We need more beds,” she said.",
        "she",
        "Rosa Diaz",
    ),
    (
        "pronoun salience: a reporter's dateline credit is no candidate",
        "Mayor Rosa Diaz visited the shelter on Sunday.\n\nLaura Kemp reported from \
         Dayton.\n\n“We need more beds,” she said.",
        "she",
        "Rosa Diaz",
    ),
    (
        "pronoun salience: a writer's \"follow me\" line is no candidate",
        "Mayor Rosa Diaz visited the shelter on Sunday.\n\nFollow Laura Kemp on Twitter.\n\n\
         “We need more beds,” she said.",
        "she",
        "Rosa Diaz",
    ),
    (
        "pronoun salience: a person who wrote on Twitter is still a candidate",
        "Mayor Rosa Diaz visited the shelter on Sunday. Senator Laura Kemp attacked the city on \
         Twitter. “The shelter is full,” she wrote.",
        "she",
        "Laura Kemp",
    ),
    (
        "pronoun left empty: the paragraph's person across a long quotation",
        "Coach Daniel Moreau faced reporters after the defeat.\n\n“We were not good enough. We \
         lost every battle in midfield. The fans deserved better. We will train harder,” he \
         said.",
        "he",
        "Daniel Moreau",
    ),
    (
        "entity type split: a surname tagged as an organisation",
        "Mayor Doug McCallum opened the new station. “This line changes everything,” McCallum \
         said.",
        "McCallum",
        "Doug McCallum",
    ),
    (
        "middle initial: the full name, not the initial and surname",
        "Donald J. Trump spoke first. “We will win,” Mr. Trump said.",
        "Mr. Trump",
        "Donald J. Trump",
    ),
    (
        "apposition: the person, not the place of work",
        "Ollie Baker, the chef at The George Inn, said the menu would change.",
        "Ollie Baker",
        "Ollie Baker",
    ),
    (
        "apposition with age and place between",
        "Brianne Stone, 29, of Huntsville, Alabama, said she would vote early.",
        "Brianne Stone",
        "Brianne Stone",
    ),
    (
        "relational noun: the father is not his son",
        "Jason Spindler died in the attack. Spindler's father said the family was devastated.",
        "Spindler's father",
        "Jason Spindler's father",
    ),
    (
        "role noun from an apposition",
        "Mike Courtiour, a detective superintendent, led the inquiry. The detective \
         superintendent said more arrests would follow.",
        "The detective superintendent",
        "Mike Courtiour",
    ),
    (
        "organisation by its nominal head",
        "The Federal Aviation Agency grounded the jets. The agency said inspections would take \
         a week.",
        "The agency",
        "Federal Aviation Agency",
    ),
    (
        "organisation by another name: a modified noun is not just the nearest organisation",
        "Councillor Ana Silva spoke to the Harbour Gazette on Monday. The port authority said \
         fees would rise.",
        "The port authority",
        "The port authority",
    ),
    (
        "acronym defined in brackets",
        "Immigration, Refugees and Citizenship Canada (IRCC) changed the rules. IRCC said \
         processing would be faster.",
        "IRCC",
        "Immigration, Refugees and Citizenship Canada",
    ),
    (
        "unnamed source keeps its description",
        "A person familiar with the negotiations said the deal was close.",
        "A person familiar with the negotiations",
        "A person familiar with the negotiations",
    ),
    (
        "group of unnamed officials",
        "South Korean officials said the talks would resume in March.",
        "South Korean officials",
        "South Korean officials",
    ),
    (
        "a name after the description it explains",
        "“The fare rise is a scandal,” wrote one commuter, Greta Lindholm.",
        "one commuter",
        "Greta Lindholm",
    ),
    (
        "a person by title whatever the entity type",
        "“The statute is plain,” Justice Antonin Scalia wrote. Scalia added that the court would \
         not wait.",
        "Scalia",
        "Antonin Scalia",
    ),
    (
        "a generational suffix tagged on its own stays in the name",
        "Chief Justice John G. Roberts Jr. wrote the opinion. “Congress may act,” Roberts wrote.",
        "Roberts",
        "John G. Roberts Jr.",
    ),
    (
        "a surname that is also a function word",
        "Prime Minister Theresa May flew to Brussels. “We will leave on time,” Mrs May said.",
        "Mrs May",
        "Theresa May",
    ),
    (
        "a surname that is also a title",
        "Talk show host Larry King met the senator. “It was a fine interview,” Mr. King said.",
        "Mr. King",
        "Larry King",
    ),
    (
        "a newspaper whose name ends in a role word is not the topic person",
        "Mayor Anna Berg won the endorsement on Sunday.\n\nThe Hampshire Union Leader said the \
         mayor was the best choice.",
        "The Hampshire Union Leader",
        "The Hampshire Union Leader",
    ),
    (
        "a surname completed past a nickname",
        "Former ranger Thomas “Tank” Wexley wrote a book about the raid. “We were left alone,” \
         Wexley said.",
        "Wexley",
        "Thomas Wexley",
    ),
    (
        "pronoun salience: a name modifying a noun is not the subject",
        "Union leader Dan Olsen met the governor on Monday. But Olsen campaign chairman Tom \
         Reyes said the candidate's appeal was wide. “We think the message will work,” he said \
         at a news conference.",
        "he",
        "Tom Reyes",
    ),
    (
        "pronoun: not the person it addresses (\"he told Pruitt\")",
        "Kyle Ostrow, a farmer, asked about water rights. Governor Dale Pruitt promised new \
         wells. “We have waited ten years,” he told Pruitt.",
        "he",
        "Kyle Ostrow",
    ),
    (
        "pronoun: a name in a coordinated clause after it may be its person",
        "Lena Hart praised the plan. Karl Moss read the budget. He admits the plan is costly, \
         but Moss thinks it will pay.",
        "He",
        "Karl Moss",
    ),
    (
        "plural pronoun: the people named together",
        "Mayor Joan Pike spoke first. Tom Hale and Rita Vance, two local farmers, argued that \
         the canal was needed. The county can pay for it, they said.",
        "they",
        "Tom Hale and Rita Vance",
    ),
    (
        "pronoun salience: a possessor opening the sentence is its topic",
        "Carl Ober spoke on Monday. Lena Frost's future is still unclear, but she said she would \
         stay.",
        "she",
        "Lena Frost",
    ),
    (
        "pronoun salience: a name modifying a noun ranks below the person introduced",
        "Carl Ober left early. Across town, for the Frank Carter campaign, is Wayne Hollis, a \
         teacher. “I knock on doors every day,” he said.",
        "he",
        "Wayne Hollis",
    ),
    (
        "pronoun salience: \"'s\" for \"has\" is no possessive",
        "Mark Lund's been making the case for weeks while Dan Ruiz watched. “We are ready,” he \
         said.",
        "he",
        "Mark Lund",
    ),
    (
        "gender from a relational noun before the name (\"his wife, Jane,\")",
        "Carl Ober spoke on Monday. Some of Ober's advisers, including his wife, Jane, were \
         there. He said the plan was sound.",
        "He",
        "Carl Ober",
    ),
    (
        "a name as a title-case headline writes it does not choose the person's name",
        "Union Leaders Praise Carla Ruiz Mendez Over Budget Deal\n\nCarla Mendez defended the \
         plan on Monday. “Taxes must rise,” Mendez said.",
        "Mendez",
        "Carla Mendez",
    ),
    (
        "a poll by the name of who released it",
        "The poll, released on Monday by the Harwell Institute, showed the mayor ahead. Most \
         voters want tolls scrapped, the poll found.",
        "the poll",
        "Harwell Institute poll",
    ),
    (
        "a survey by the poll's full name, words the entity model left out included",
        "A Daily Ledger/Rock the Vote Youth Poll finds that students distrust both parties. \
         Few of them will vote, the survey shows.",
        "the survey",
        "Daily Ledger/Rock the Vote Youth Poll",
    ),
    (
        "campaign by a possessive pronoun: the candidate's surname",
        "Senator Ruth Calloway toured the plant on Monday. Her campaign said the visit was a \
         success.",
        "Her campaign",
        "Calloway campaign",
    ),
    (
        "an acronym modifying a noun stays as written",
        "The Rural Nurses Council (RNC) met on Monday. Some RNC members said the rules were \
         unfair.",
        "Some RNC members",
        "Some RNC members",
    ),
    (
        "pronoun salience: a topic put first",
        "Governor Paul Drees and Senator Carl Okoro met on Monday. Okoro warned against a \
         recount. “That would be a disaster,” the senator said.\n\nAs for Drees, he said he was \
         not worried.",
        "he",
        "Paul Drees",
    ),
    (
        "a pronoun after a described speaker is that speaker",
        "Dan Kane was charged on Monday. A spokesman for Mr. Kane said the firm would appeal. \
         He added that the ruling was unfair.",
        "He",
        "A spokesman for Dan Kane",
    ),
    (
        "a pronoun about a described speaker inside their own sentence names no one else",
        "Mayor Rita Vance defended the budget. A nurse at the clinic, who asked not to be named \
         because she was not allowed to speak to reporters, said the wards were short of staff. \
         “Nobody listens to us,” she said.",
        "she",
        "A nurse at the clinic",
    ),
    (
        "a described speaker gives way to the subject of their sentence",
        "Senator Ann Lee caused a stir when a voter asked if she would run again.\n\n“I might,” \
         she replied.",
        "she",
        "Ann Lee",
    ),
    (
        "a pronoun overrules a first name's guess when the name is given to both sexes",
        "Ari Bloom is popular in the district. On Monday, Bloom decided to go after the mayor. \
         In a video posted online, she said the mayor had failed the town.",
        "she",
        "Ari Bloom",
    ),
    (
        "a person goes by the name the text says they are known as",
        "Robert Allen Hale grew up in Dayton. Friends remember Mr. Hale, known as Bobby, as a \
         shy boy.\n\n“I was shy,” Mr. Hale said.",
        "Mr. Hale",
        "Bobby Hale",
    ),
    (
        "a surname that is also a month",
        "Ana Lucia May, 42, a nurse, said the ward was full. “We need more beds,” she said.",
        "she",
        "Ana Lucia May",
    ),
    (
        "a candidate's team is the campaign",
        "Senator Ruth Calloway toured the plant on Monday. Calloway's team said the visit was \
         a success.",
        "Calloway's team",
        "Calloway campaign",
    ),
    (
        "a vice president is no president",
        "President Ada Moss opened the summit on Monday. The vice president said the talks \
         had gone well.",
        "The vice president",
        "The vice president",
    ),
    (
        "a possessor that is a role is its holder's name in the description",
        "Former Vice President Tom Reyes will skip the convention this year. The former vice \
         president's spokeswoman said he had obligations at home.",
        "The former vice president's spokeswoman",
        "Tom Reyes's spokeswoman",
    ),
    (
        "a possessor that is an organisation's noun is the organisation's name",
        "The Halvard Foundation gave grants to farmers in ten countries. Yields rose by a \
         third, according to the foundation's tally.",
        "the foundation's tally",
        "Halvard Foundation's tally",
    ),
    (
        "a campaign whose possessor is a role is the role holder's campaign",
        "Senator Ann Okafor won the nomination in June. The senator's campaign said she would \
         visit Ohio next week.",
        "The senator's campaign",
        "Okafor campaign",
    ),
    (
        "a royal title is a role: the prince",
        "Saudi Prince Khalid Bin Faisal criticised the plan on Monday. In December, the prince \
         said the plan would fail.",
        "the prince",
        "Khalid Bin Faisal",
    ),
    (
        "a first name the table lacks after a title joins the name after it",
        "Saudi Prince Khalid Bin Faisal criticised the plan on Monday. “It will fail,” said \
         Prince Khalid.",
        "Prince Khalid",
        "Khalid Bin Faisal",
    ),
    (
        "an organisation whose name holds the noun is found many sentences back",
        "The Harwell Institute published its survey of farmers on Monday. Prices for wheat \
         rose in the spring. Prices for corn fell in the summer. Dairy farmers had a hard \
         year. Many sold their herds. Some left the land. The institute said the trend would \
         continue.",
        "The institute",
        "Harwell Institute",
    ),
    (
        "an office noun keeps its holder when the passage's person has another role",
        "Transport Minister Clara Jensen said the deal was fair.\n\n“We listened,” Ms Jensen \
         told reporters.\n\n“This is a fair settlement,” said Peter Holm.\n\nOpposition \
         leader Martin Skov warned that fares could rise. “Nobody has shown us the figures,” \
         he said.\n\nThe minister insisted the budget could carry it.",
        "The minister",
        "Clara Jensen",
    ),
    (
        "a capitalised \"Al\" opening a name is a first name, so the title before it is a role",
        "Former Vice President Al Marlow will skip the convention.\n\nThe former vice \
         president said he would vote.",
        "The former vice president",
        "Al Marlow",
    ),
    (
        "a person named before a subject with its verb is not given that subject's role",
        "Mayor Ana Lind opened the plant on Monday.\n\nAfter her talks with Carl Weber, the \
         mayor also said the plant would hire 200 workers.\n\nThe mayor said wages would rise.",
        "The mayor",
        "Ana Lind",
    ),
    (
        "a bare \"the campaign\" is the campaign the text named last",
        "Linda Okafor's campaign opened an office in Dayton.\n\nThe campaign said the office \
         would stay open.",
        "The campaign",
        "Okafor campaign",
    ),
    (
        "a surname that opens a sentence, tagged a common noun, is still the person",
        "Mayor Ann Price met senators on Monday.\n\nThe fee would be $10. Price says she would \
         pay for it by cutting waste.",
        "Price",
        "Ann Price",
    ),
    (
        "a role word that tells a gender is no one of the other gender",
        "Lena Ortiz met Carl Okoro, a property developer, on Monday.\n\nOrtiz said the deal \
         was fair.\n\nThe businessman says the price was too high.",
        "The businessman",
        "Carl Okoro",
    ),
    (
        "a headline's name run into its next word is no person's name",
        "Brandt Sees Hope In Harbor Plan For Coastal Towns.\n\nGov. Tomas Brandt spoke in \
         Kiel on Monday.\n\n“We will rebuild the harbor,” Mr. Brandt said.",
        "Mr. Brandt",
        "Tomas Brandt",
    ),
    (
        "a title's gender keeps a surname from the full name of a person of the other gender",
        "Mayor Brandt opened the harbor on Monday with his wife, Greta Brandt.\n\n“We will \
         rebuild,” Mr. Brandt said.",
        "Mr. Brandt",
        "Brandt",
    ),
    (
        "a pronoun in a clause under the sentence may be its object, past a word in scare quotes",
        "Gov. Chris Hale described Mayor Ann Lee as a “disgrace” after she said the police were \
         biased.",
        "she",
        "Ann Lee",
    ),
    (
        "a surname written one letter off the full name's is that person",
        "State Sen. Steve Halloran opposed the bill on Monday.\n\n“It will not pass,” Haloran \
         said.",
        "Haloran",
        "Steve Halloran",
    ),
    (
        "an office the person named in full never holds there: the person news knows by it",
        "First lady Michelle Obama spoke at a school in Ohio on Friday.\n\nPresident Obama said \
         the economy was getting stronger.",
        "President Obama",
        "Barack Obama",
    ),
    (
        "an office the person named in full holds keeps that person",
        "Gov. Ann Walker of Ohio met farmers on Friday.\n\nGovernor Walker said the state \
         would pay for the repairs.",
        "Governor Walker",
        "Ann Walker",
    ),
    (
        "a role is a named person's, not one word the entity model took for a person",
        "Paul Denton spoke in Dayton on Tuesday.\n\nThe Commission on Presidential Debates \
         says the sound in the hall failed.\n\nThe Republican nominee said on Wednesday that his \
         microphone had been faulty.",
        "The Republican nominee",
        "Paul Denton",
    ),
    (
        "pronoun: words that reply to the person described just before are not theirs",
        "Tom Fielding says the navy needs more ships.\n\nAt a town hall in Norfolk on Monday, \
         one veteran claimed that the fleet had been neglected for years.\n\n\"You're right, \
         we have let the fleet shrink,\" he said.",
        "he",
        "Tom Fielding",
    ),
    (
        "a surname alone, written one letter off and tagged a plural noun, is that person",
        "\"The plan is in trouble,\" said Laura Wimes, president of the Women's Caucus.\n\nWines \
         believes that the council ignored the voters.",
        "Wines",
        "Laura Wimes",
    ),
    (
        "pronoun salience: a name opening its sentence before a verb in -s is its subject",
        "Tom Scott is running for the House seat.\n\n\"He has never shown much ambition,\" \
         said Quentin Marsh, a historian at Ridge College.\n\nScott bristles at the claim he \
         is not ready. \"I have won every race I entered,\" he said.",
        "he",
        "Tom Scott",
    ),
    (
        "pronoun salience: a name after the nouns of an apposition to the subject is the subject",
        "Tom Reyes hosted the evening show on Friday.\n\nHis guest, the actress and writer \
         Ann Lee, was calm as she said that the vote was unfair.",
        "she",
        "Ann Lee",
    ),
    (
        "apposition: a name ending a place phrase that opens the sentence is no apposition",
        "A gas leak forced hundreds from their homes, and Mayor Ana Lopez called it a failure \
         of the utility.\n\nAt a briefing in Jackson, the mayor also said that the cause was \
         still unknown.",
        "the mayor",
        "Ana Lopez",
    ),
    (
        "organisation: a body is not the committee of it whose name it opens",
        "The Senate Judiciary Committee met on Monday. The bill will pass, the Senate said on \
         Tuesday.",
        "the Senate",
        "Senate",
    ),
    (
        "description: a group noun keeps its own words, whatever name the text gives it elsewhere",
        "Ohio voters went to the polls on Tuesday. Turnout was high, and voters said the \
         economy mattered most.",
        "voters",
        "voters",
    ),
];

#[test]
fn the_addition_to_a_reply_is_the_repliers() {
    let p = pipeline();
    let text = "Tom Fielding says the navy needs more ships.\n\nAt a town hall in Norfolk on \
                Monday, one veteran claimed that the fleet had been neglected for years.\n\n\
                \"You're right, we have let the fleet shrink,\" he said, adding that the \
                shipyards would reopen.";
    let got = speakers(&p, text);
    let he: Vec<&str> = got
        .iter()
        .filter(|(m, _, _)| m == "he")
        .map(|(_, name, _)| name.as_str())
        .collect();
    assert!(he.len() >= 2, "both records of the mention: {got:?}");
    assert!(he.iter().all(|n| *n == "Tom Fielding"), "{got:?}");
}

#[test]
fn every_error_class_gets_the_right_name() {
    let p = pipeline();
    let mut failures = Vec::new();
    for (class, text, mention, speaker) in ERROR_CLASSES {
        let got = speakers(&p, text);
        let hit = got.iter().find(|(m, _, _)| m == mention);
        if hit.is_none_or(|(_, name, _)| name != speaker) {
            failures.push(format!(
                "{class}: expected {mention:?} → {speaker:?}, got {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The speaker the resolver gives `mention` in `text` taken as a link's speaker mention, as the
/// attribution model may give it (the rules need not find it).
fn speaker_of_mention(p: &Pipeline, text: &str, mention: &str) -> String {
    resolved_mention(p, text, mention)
        .map(|s| s.name)
        .unwrap_or_default()
}

/// The whole speaker the resolver gives `mention` in `text` taken as a link's speaker mention.
fn resolved_mention(p: &Pipeline, text: &str, mention: &str) -> Option<crate::record::Speaker> {
    let a = p.analyse(text).unwrap();
    let start = text.find(mention).expect("the mention is in the text");
    let first = a.token_at_or_after(start);
    let end = a.token_at_or_after(start + mention.len());
    let link = Link {
        content: 0..0,
        kind: Kind::Indirect,
        speaker: Some(first..end),
        source: None,
        cue: None,
        rule: link::rules::RULES[0].id,
        confidence: 1.0,
        quote: None,
        model_score: None,
    };
    resolve_with_sieves(&a, &[link], p.name_tables())[0]
        .clone()
        .map(|(s, _)| s)
}

/// The speaker the resolver gives a link whose mention is `mention` inside the source phrase
/// `source`, as the linker or the attribution model may give them.
fn speaker_of_source(p: &Pipeline, text: &str, mention: &str, source: &str) -> String {
    let a = p.analyse(text).unwrap();
    let from = text.find(source).expect("the source is in the text");
    // The mention inside its source ("Drees" of "Okoro and Drees"), or before a relative
    // pronoun source.
    let start = match source.find(mention) {
        Some(k) => from + k,
        None => text.find(mention).expect("the mention is in the text"),
    };
    let span =
        |start: usize, len: usize| a.token_at_or_after(start)..a.token_at_or_after(start + len);
    let link = Link {
        content: 0..0,
        kind: Kind::Indirect,
        speaker: Some(span(start, mention.len())),
        source: Some(span(from, source.len())),
        cue: None,
        rule: link::rules::RULES[0].id,
        confidence: 1.0,
        quote: None,
        model_score: None,
    };
    resolve_with_sieves(&a, &[link], p.name_tables())[0]
        .clone()
        .map(|(s, _)| s.name)
        .unwrap_or_default()
}

/// Sources joined by "and" where the mention is the last of them: (text, mention, source,
/// speaker).
const COORDINATED: &[(&str, &str, &str, &str)] = &[
    (
        "Tomas Lund spoke on Monday. Mr. Lund and his advisers said the plan was sound.",
        "his advisers",
        "Mr. Lund and his advisers",
        "Tomas Lund and his advisers",
    ),
    (
        "Carl Okoro and Paul Drees met voters. Okoro and Drees, both farmers, said the tax was \
         unfair.",
        "Drees",
        "Okoro and Drees, both farmers,",
        "Carl Okoro and Paul Drees",
    ),
    (
        "Tenants and landlords disagree. Both tenants and landlords said the rules were unclear.",
        "landlords",
        "Both tenants and landlords",
        "tenants and landlords",
    ),
    (
        "Carl Okoro spoke on Monday. The council's questions and Okoro said little.",
        "Okoro",
        "The council's questions and Okoro",
        "Carl Okoro",
    ),
    (
        "Federal and state officials said the bridge was unsafe.",
        "state officials",
        "Federal and state officials",
        "Federal and state officials",
    ),
    (
        "The Harwell Institute and its allies said the plan was sound.",
        "its allies",
        "The Harwell Institute and its allies",
        "The Harwell Institute and its allies",
    ),
];

#[test]
fn coordinated_sources_speak_together() {
    let p = pipeline();
    let failures: Vec<String> = COORDINATED
        .iter()
        .filter_map(|&(text, mention, source, speaker)| {
            let got = speaker_of_source(&p, text, mention, source);
            (got != speaker).then(|| format!("{source:?}: expected {speaker:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A relative pronoun as the source is its antecedent, past an apposition: (text, mention,
/// source or "" for none, speaker).
const RELATIVES: &[(&str, &str, &str, &str)] = &[
    (
        "Maria Vance, the head of the port authority, who said the dock would close, left early.",
        "who",
        "",
        "Maria Vance",
    ),
    (
        "Critics include Ruth Kell, a farmer and former teacher who said the dam was unsafe.",
        "former teacher",
        "who",
        "Ruth Kell",
    ),
    (
        "The plan angered some growers and packers, who said prices were too low.",
        "who",
        "",
        "some growers and packers",
    ),
    (
        "The video has become a rallying point for protesters here, who say the police lied.",
        "who",
        "who",
        "protesters",
    ),
    (
        "The plan drew fire from Nadia Brandt — who’s called for higher taxes — and others.",
        "who’s",
        "",
        "Nadia Brandt",
    ),
    // Past an aside between dashes; a participle among the modifiers.
    (
        "The mayor unveiled endorsements from 95 retired generals and admirals -- several of them \
         had backed her before -- who cited her years in office.",
        "who",
        "who",
        "95 retired generals and admirals",
    ),
    // Organisations or groups named together are all of them.
    (
        "The plan could offer a retort to both Democrats and Republicans, who have questioned \
         the spending.",
        "who",
        "who",
        "Democrats and Republicans",
    ),
    (
        "The deal came from Brazil and the United States, the two biggest buyers, which together \
         vowed to cut prices.",
        "which",
        "which",
        "Brazil and the United States",
    ),
    // A place after a preposition is not the antecedent.
    (
        "The tone is likely to placate nervous Democrats on Capitol Hill, who have argued that \
         it helps.",
        "who",
        "who",
        "nervous Democrats on Capitol Hill",
    ),
    (
        "The plan was backed by Tom Hale, the leader of the opposition in Westphalia, who \
         suggested that the police had failed.",
        "who",
        "",
        "Tom Hale",
    ),
];

#[test]
fn relative_pronouns_are_their_antecedents() {
    let p = pipeline();
    let failures: Vec<String> = RELATIVES
        .iter()
        .filter_map(|&(text, mention, source, speaker)| {
            let got = if source.is_empty() {
                speaker_of_mention(&p, text, mention)
            } else {
                speaker_of_source(&p, text, mention, source)
            };
            (got != speaker).then(|| format!("{mention:?}: expected {speaker:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn someone_working_for_an_organisation_is_described() {
    let p = pipeline();
    let text = "Shares of Halvard Studios fell. A producer for Halvard Studios said the film was \
                late.";
    assert_eq!(
        speaker_of_source(
            &p,
            text,
            "Halvard Studios",
            "A producer for Halvard Studios"
        ),
        "A producer for Halvard Studios"
    );
}

/// The object of a preposition inside a source phrase is not who spoke, and a description keeps
/// the prepositional phrase after it: (text, mention, source, speaker; the mention itself where the
/// source phrase changes nothing).
const OUTER_PHRASES: &[(&str, &str, &str, &str)] = &[
    (
        "The talks resumed in Oslo. Officials with knowledge of the talks said a deal was near.",
        "the talks",
        "Officials with knowledge of the talks",
        "Officials with knowledge of the talks",
    ),
    (
        "The talks resumed in Oslo, according to three officials familiar with the talks.",
        "three officials familiar",
        "three officials familiar with the talks",
        "three officials familiar with the talks",
    ),
    (
        "Elected officials from both parties said the bridge must be rebuilt.",
        "both parties",
        "Elected officials from both parties",
        "Elected officials from both parties",
    ),
    (
        "Nadia Brandt runs the Harwell Institute. Many of her colleagues at the Harwell Institute \
         said the study was flawed.",
        "the Harwell Institute",
        "Many of her colleagues at the Harwell Institute",
        "Many of Nadia Brandt's colleagues at the Harwell Institute",
    ),
    (
        "A Harwell Institute survey of county treasurers found that most expect a deficit.",
        "A Harwell Institute survey",
        "A Harwell Institute survey of county treasurers",
        "A Harwell Institute survey of county treasurers",
    ),
    (
        "“We have the votes,” one Labour source in the room said.",
        "one Labour source",
        "one Labour source in the room",
        "one Labour source in the room",
    ),
    (
        "Mayor Ann Lee spoke on Monday. The mayor of Dayton said the bridge would reopen.",
        "The mayor",
        "The mayor of Dayton",
        "The mayor",
    ),
    (
        "Experts on Korea and nuclear arms said the test was a failure.",
        "nuclear arms",
        "Experts on Korea and nuclear arms",
        "Experts on Korea and nuclear arms",
    ),
    (
        "A document on the Brennan campaign's website says the plan would cost little.",
        "the Brennan campaign's website",
        "A document on the Brennan campaign's website",
        "A document on the Brennan campaign's website",
    ),
    (
        "A report in the Harwell Gazette said the mayor would resign.",
        "the Harwell Gazette",
        "A report in the Harwell Gazette",
        "the Harwell Gazette",
    ),
    (
        "Proponents, including the Harwell League of Cities, said the law would cut crime.",
        "the Harwell League of Cities",
        "Proponents, including the Harwell League of Cities,",
        "Proponents, including the Harwell League of Cities",
    ),
    (
        "In the wake of a new poll, Carl Okoro said the race was close.",
        "a new poll",
        "the wake of a new poll",
        "a new poll",
    ),
];

#[test]
fn a_phrase_around_a_prepositional_object_speaks() {
    let p = pipeline();
    let failures: Vec<String> = OUTER_PHRASES
        .iter()
        .filter_map(|(text, mention, source, speaker)| {
            let got = speaker_of_source(&p, text, mention, source);
            // Where the phrase is no source, the mention resolves as it would alone.
            let want = if speaker == mention {
                speaker_of_mention(&p, text, mention)
            } else {
                speaker.to_string()
            };
            (got != want).then(|| format!("{mention:?}: expected {want:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_apposition_naming_an_institute_is_the_person() {
    let p = pipeline();
    let text = "Ann Lee, president of the Harwell Institute, said the study was flawed.";
    assert_eq!(
        speaker_of_mention(&p, text, "president of the Harwell Institute"),
        "Ann Lee"
    );
}

#[test]
fn an_object_pronoun_in_a_description_is_the_person() {
    let p = pipeline();
    let text = "Gov. Tom Ruiz refuses to discuss potential appointees.\n\nThose close to him say \
                that the list is short.";
    assert_eq!(
        speaker_of_mention(&p, text, "Those close to him"),
        "Those close to Tom Ruiz"
    );
    let text = "Mayor Ann Lee left early on Monday. People close to her said that she was tired.";
    assert_eq!(
        speaker_of_mention(&p, text, "People close to her"),
        "People close to Ann Lee"
    );
}

#[test]
fn it_is_the_organisation_that_is_the_subject_nearby() {
    let p = pipeline();
    let text = "The Harwell Group started the ranking in 1982, when it published its first list.";
    assert_eq!(speaker_of_mention(&p, text, "it"), "Harwell Group");
    // Not an organisation after a preposition.
    let text = "Voters in Ohio were polled by the Harwell Group. Later, it published a list.";
    assert_eq!(speaker_of_mention(&p, text, "it"), "");
}

#[test]
fn a_possessive_pronoun_source_is_its_person() {
    let p = pipeline();
    let text = "Tom Reyes spoke in Dayton. Voters liked his warning that taxes would rise.";
    assert_eq!(speaker_of_mention(&p, text, "his"), "Tom Reyes");
}

/// Descriptions of unnamed sources in the short form a reader writes: (text, mention, speaker).
const DESCRIPTIONS: &[(&str, &str, &str)] = &[
    (
        "A new Harwell poll found that most voters favour the bridge.",
        "A new Harwell poll",
        "A Harwell poll",
    ),
    (
        "The latest Harwell Institute opinion poll showed that support had fallen.",
        "The latest Harwell Institute opinion poll",
        "The Harwell Institute poll",
    ),
    (
        "The latest Harwell survey showed that support had fallen.",
        "The latest Harwell survey",
        "The Harwell survey",
    ),
    (
        "Mayor Jo Park's own figures show that crime fell.",
        "Mayor Jo Park's own figures",
        "Jo Park's figures",
    ),
    (
        "A new poll found that most voters favour the bridge.",
        "A new poll",
        "A new poll",
    ),
    (
        "A survey by the Meridian Institute found that rents rose sharply.",
        "A survey by the Meridian Institute",
        "Meridian Institute survey",
    ),
    (
        "A projection by the consulting firm Brightline Economics said growth would slow.",
        "A projection by the consulting firm Brightline Economics",
        "Brightline Economics projection",
    ),
    (
        "A projection by the consulting firm Brightline Economics, prepared for the Harwell \
         League, said growth would slow.",
        "A projection by the consulting firm Brightline Economics, prepared for the Harwell League",
        "Brightline Economics projection",
    ),
    (
        "Mayor Dana Whitlock will win the race, according to a new article in Politico.",
        "a new article in Politico",
        "Politico article",
    ),
    (
        "Data from the 2014 Harwell Housing Survey show that rents rose sharply.",
        "Data from the 2014 Harwell Housing Survey",
        "2014 Harwell Housing Survey data",
    ),
    (
        "Sleep helps memory, a 2013 article in the academic journal Harwell Review found.",
        "a 2013 article in the academic journal Harwell Review",
        "a 2013 article in the academic journal Harwell Review",
    ),
    (
        "Recent polls in Ohio and Texas show that the race is close.",
        "Recent polls in Ohio and Texas",
        "Recent polls in Ohio and Texas",
    ),
    (
        "An email from Dana Whitlock warned that the budget was late.",
        "An email from Dana Whitlock",
        "Dana Whitlock's email",
    ),
    (
        "A letter from a neighbour said the noise was unbearable.",
        "A letter from a neighbour",
        "A letter from a neighbour",
    ),
    (
        "A recent poll of Ohio voters found that most favour the bridge.",
        "A recent poll of Ohio voters",
        "A recent poll of Ohio voters",
    ),
    (
        "The team said the match had been hard.",
        "The team",
        "The team",
    ),
    (
        "Nearly two-thirds of voters said the tax was unfair.",
        "two-thirds of voters",
        "Nearly two-thirds of voters",
    ),
    (
        "More than half of the tenants said the rent was too high.",
        "half of the tenants",
        "More than half of the tenants",
    ),
    (
        "The lawyers in a court filing argued that the fine was too high.",
        "The lawyers in a court filing",
        "The lawyers",
    ),
    (
        "A Harwell poll in June found that most voters favour the bridge.",
        "A Harwell poll in June",
        "A Harwell poll",
    ),
    (
        "A Harwell poll released last week found that most voters favour the bridge.",
        "A Harwell poll released last week",
        "A Harwell poll",
    ),
    (
        "The average of polls taken in June shows the mayor ahead.",
        "The average of polls taken in June",
        "The average of polls",
    ),
    (
        "Dale Ferris ran the tax agency for years. Many tax experts, including Mr. Ferris, said \
         the rule was unclear.",
        "Many tax experts, including Mr. Ferris,",
        "Many tax experts, including Dale Ferris",
    ),
    (
        "Ann Lee, like most economists, said the tax was fair.",
        "Ann Lee, like most economists,",
        "Ann Lee",
    ),
    (
        "Linda Okafor spoke in Dayton on Monday. Many of her supporters said the tax was unfair.",
        "Many of her supporters",
        "Many of Linda Okafor's supporters",
    ),
    (
        "Linda Okafor's campaign opened an office in Dayton. Later, campaign aides said the \
         office would stay open.",
        "campaign aides",
        "Okafor campaign aides",
    ),
];

#[test]
fn descriptions_take_the_short_form() {
    let p = pipeline();
    let failures: Vec<String> = DESCRIPTIONS
        .iter()
        .filter_map(|&(text, mention, speaker)| {
            let got = speaker_of_mention(&p, text, mention);
            (got != speaker).then(|| format!("{mention:?}: expected {speaker:?}, got {got:?}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_office_noun_is_not_the_topic_person_of_another_office() {
    let p = pipeline();
    // The passage is about a mayor: "the governor" is someone else, described.
    let text = "Mayor Lena Ortiz toured the flooded district on Monday.\n\n\
                The governor said the state would pay for the repairs.";
    assert_eq!(speaker_of_mention(&p, text, "The governor"), "The governor");
    // The same office, or a person with no office given, is the passage's person.
    let text = "Governor Lena Ortiz toured the flooded district on Monday.\n\n\
                The governor said the state would pay for the repairs.";
    assert_eq!(speaker_of_mention(&p, text, "The governor"), "Lena Ortiz");
    let text = "Lena Ortiz toured the flooded district on Monday.\n\n\
                The governor said the state would pay for the repairs.";
    assert_eq!(speaker_of_mention(&p, text, "The governor"), "Lena Ortiz");
}

#[test]
fn an_office_holder_named_before_is_not_replaced_by_a_person_described_otherwise() {
    let p = pipeline();
    // The passage's last person is the institute's director; the text gave the office to the
    // mayor, so "the mayor" is still she, however many paragraphs later.
    let text = "“We will build it,” said Mayor Rosalind Okafor.\n\n\
                Okafor said the barrier would cost £340 million.\n\n\
                Councillor Ben Fahy said the city had signed a blank cheque.\n\n\
                “We have seen no costing,” he told reporters.\n\n\
                A spokeswoman for the agency said it had reviewed the designs.\n\n\
                Residents were blunter, said Maureen Hollis, a retired teacher.\n\n\
                The institute's director, Dr. Samuel Ito, believes the barrier is sound.\n\n\
                The mayor said the budget would hold.";
    assert_eq!(speaker_of_mention(&p, text, "The mayor"), "Rosalind Okafor");
}

#[test]
fn a_parenthetical_at_the_end_of_a_mention_names_no_one_else() {
    let p = pipeline();
    let text = "The Northfield Water Board (NWB) said on Friday that prices would rise.";
    assert_eq!(
        speaker_of_mention(&p, text, "The Northfield Water Board (NWB)"),
        "Northfield Water Board"
    );
    let text = "Senator Ron Wyden (D-Ore.) said the bill would pass.";
    assert_eq!(
        speaker_of_mention(&p, text, "Senator Ron Wyden (D-Ore.)"),
        "Ron Wyden"
    );
}

#[test]
fn a_description_is_typed_by_the_noun_its_postmodifier_follows() {
    use crate::record::SpeakerType;
    let p = pipeline();
    for (text, mention, kind) in [
        (
            "A person familiar with the talks said the deal was close.",
            "A person familiar with the talks",
            SpeakerType::Per,
        ),
        (
            "Officials close to the mayor said the deal was close.",
            "Officials close to the mayor",
            SpeakerType::Group,
        ),
    ] {
        let s = resolved_mention(&p, text, mention).expect("resolved");
        assert_eq!(s.kind, kind, "{mention}: {s:?}");
    }
}

#[test]
fn an_organisation_noun_is_no_person_role() {
    let p = pipeline();
    let text = "Ina Holm founded the blood-testing company Zentrix in 2003. The company said \
                its tests were accurate.";
    let s = resolved_mention(&p, text, "The company").expect("resolved");
    assert_eq!(s.name, "Zentrix");
    assert_eq!(s.kind, crate::record::SpeakerType::Org);
}

/// Mentions as the attribution model gives them (the rules do not link these phrases).
#[test]
fn model_mentions_are_cut_to_their_source() {
    let p = pipeline();
    let cases = [
        // A name in an apposition inside the mention is the person.
        (
            "Halvard's chief executive, Ana Ruiz, of course, thinks the merger will go ahead.",
            "Halvard's chief executive, Ana Ruiz, of course,",
            "Ana Ruiz",
        ),
        // Where the source spoke is no part of its name.
        (
            "Former executive Carla Mendes during the second debate argued the plan would fail.",
            "Former executive Carla Mendes during the second debate",
            "Carla Mendes",
        ),
        // A reflexive that only stresses the source is dropped.
        (
            "Farmers themselves believe the rules are unfair.",
            "Farmers themselves",
            "Farmers",
        ),
    ];
    for (text, mention, speaker) in cases {
        assert_eq!(speaker_of_mention(&p, text, mention), speaker, "{mention}");
    }
}

#[test]
fn a_candidate_is_the_one_the_text_is_about_of_the_party_named() {
    let p = pipeline();
    let cases = [
        // The person the document names most, not the expert quoted last.
        (
            "Ann Lee campaigned in Dayton on Monday. Lee promised lower taxes, and Lee visited \
             a school.\n\nEconomist Carl Weber said Lee's plan was vague.\n\nThe candidate \
             proposes a new credit for parents.",
            "The candidate",
            "Ann Lee",
        ),
        // A party in the role is no one the text gave another party.
        (
            "Republican nominee Carl Weber and Democrat Ann Lee met in Dayton. The Democratic \
             nominee said the plan was vague.",
            "The Democratic nominee",
            "Ann Lee",
        ),
        // A vice presidential nominee is not the presidential nominee.
        (
            "Vice presidential nominee Tom Reyes spoke in Toledo. Ann Lee spoke in Dayton.\n\n\
             The presidential nominee said the plan was sound.",
            "The presidential nominee",
            "Ann Lee",
        ),
    ];
    for (text, mention, speaker) in cases {
        assert_eq!(speaker_of_mention(&p, text, mention), speaker, "{mention}");
    }
}

#[test]
fn an_office_in_the_lede_is_the_person_named_next_not_one_named_already() {
    let p = pipeline();
    let cases = [
        (
            "Union chief says Lee can win.\n\nThe head of the union is worried about what Ann \
             Lee is stirring up among workers.\n\nMary Holt said the union would fight.",
            "Union chief",
            "Mary Holt",
        ),
        // A spokesperson is often left unnamed.
        (
            "A spokeswoman says the mayor will resign.\n\nAnn Lee told reporters the budget \
             was late.",
            "A spokeswoman",
            "A spokeswoman",
        ),
    ];
    for (text, mention, speaker) in cases {
        assert_eq!(speaker_of_mention(&p, text, mention), speaker, "{mention}");
    }
}

#[test]
fn a_pronoun_follows_no_thing_described_as_a_speaker() {
    let p = pipeline();
    let text = "Ann Lee stopped at the gate. A sign on the fence warned that the bridge was \
                closed. “We will wait,” she said.";
    let got = speakers(&p, text);
    let she = got.iter().find(|(m, _, _)| m == "she");
    assert_eq!(she.map(|(_, s, _)| s.as_str()), Some("Ann Lee"), "{got:?}");
}

#[test]
fn a_well_known_acronym_the_text_does_not_define_is_spelt_out() {
    let p = pipeline();
    let text = "Turnout rose in every county. The AP said the count would be final on Friday.";
    assert_eq!(speaker_of_mention(&p, text, "The AP"), "Associated Press");
    // One the document defines keeps its definition.
    let text = "The Alliance of Pharmacists (AP) met on Monday. The AP said prices would rise.";
    assert_eq!(
        speaker_of_mention(&p, text, "The AP"),
        "Alliance of Pharmacists"
    );
}

#[test]
fn the_passage_person_is_no_office_holder_who_speaks_for_another_or_is_named_beside_it() {
    let p = pipeline();
    // Someone's spokesman is not "the mayor".
    let text = "Ana Ruiz's spokesman, Ben Ortiz, declined to comment.\n\n\
                The mayor insisted on Monday that there was no crisis at City Hall.";
    assert_ne!(speaker_of_mention(&p, text, "The mayor"), "Ben Ortiz");
    let text = "Ben Ortiz, a spokesman, declined to comment.\n\n\
                The mayor insisted on Monday that there was no crisis at City Hall.";
    assert_ne!(speaker_of_mention(&p, text, "The mayor"), "Ben Ortiz");
    // A person the same sentence names as another is not the office's holder.
    let text = "Ana Ruiz defended the plan on Wednesday.\n\n\
                The senator accused Ruiz of misleading the public.";
    assert_ne!(speaker_of_mention(&p, text, "The senator"), "Ana Ruiz");
    // Without either, the passage's person is still the holder.
    let text = "Ana Ruiz defended the plan on Wednesday.\n\n\
                The senator insisted that the plan would pass.";
    assert_eq!(speaker_of_mention(&p, text, "The senator"), "Ana Ruiz");
    // A representative in Congress is no spokesperson.
    let text = "Rep. Ana Ruiz called on the president to act -- meddling the California \
                congresswoman said is designed to sow discord.";
    assert_eq!(
        speaker_of_mention(&p, text, "the California congresswoman"),
        "Ana Ruiz"
    );
}

#[test]
fn a_description_is_typed_by_the_noun_before_its_preposition() {
    let p = pipeline();
    for (text, mention, kind) in [
        (
            "Critics of the plan have long argued that the tax will fail.",
            "Critics of the plan",
            crate::record::SpeakerType::Group,
        ),
        (
            "Members of the city council said the bridge would close.",
            "Members of the city council",
            crate::record::SpeakerType::Group,
        ),
        (
            "A spokesman for the ministry said the bridge would close.",
            "A spokesman for the ministry",
            crate::record::SpeakerType::Per,
        ),
        (
            "One of the mayor's aides said the bridge would close.",
            "One of the mayor's aides",
            crate::record::SpeakerType::Per,
        ),
        // A noun of a part or an amount leaves the type to the noun after it.
        (
            "A group of doctors said the water was unsafe.",
            "A group of doctors",
            crate::record::SpeakerType::Group,
        ),
    ] {
        let s = resolved_mention(&p, text, mention).expect("a speaker");
        assert_eq!(s.kind, kind, "{text}");
    }
}

#[test]
fn people_named_together_are_their_names_without_roles_or_tags() {
    let p = pipeline();
    // (text, mention as the attribution model gives it, speaker)
    for (text, mention, speaker) in [
        (
            "Dan Ortiz (D-Ohio), Walter Brennan (R-Ky.) and Maria Delgado (D-N.J.) all suggested \
             that the claims were false.",
            "Dan Ortiz (D-Ohio), Walter Brennan (R-Ky.) and Maria Delgado (D-N.J.) all",
            "Dan Ortiz, Walter Brennan and Maria Delgado",
        ),
        (
            "Senator Dan Ortiz, R-Tenn., and Walter Brennan, R-S.C., suggested that the claims \
             were false.",
            "Senator Dan Ortiz, R-Tenn., and Walter Brennan, R-S.C.",
            "Dan Ortiz and Walter Brennan",
        ),
        // Not a list of people alone.
        (
            "Lawyers for Maria Delgado and Tom Keller suggested that the claims were false.",
            "Lawyers for Maria Delgado and Tom Keller",
            "Lawyers for Maria Delgado and Tom Keller",
        ),
        (
            "Maria Delgado and her advisers suggested that the claims were false.",
            "Maria Delgado and her advisers",
            "Maria Delgado and her advisers",
        ),
    ] {
        assert_eq!(speaker_of_mention(&p, text, mention), speaker, "{text}");
    }
}

#[test]
fn a_statement_opening_a_clause_is_the_document_of_its_subject() {
    let p = pipeline();
    // The attribution model may take "a statement" itself for the source.
    let text = "The nurses backed the mayor on Friday. In a statement announcing the pick, the \
                Harwell Nurses Union called her a friend of every ward.";
    let s = resolved_mention(&p, text, "a statement").expect("resolved");
    assert_eq!(s.name, "Harwell Nurses Union statement");
    assert_eq!(s.kind, crate::record::SpeakerType::Doc);
    // Not a statement the clause's subject only received.
    let text =
        "In a statement sent to the council, critics of the plan said the bridge was unsafe.";
    assert_eq!(speaker_of_mention(&p, text, "a statement"), "a statement");
}

#[test]
fn an_indefinite_organisation_noun_is_no_organisation_of_another_kind() {
    let p = pipeline();
    // The organisation named next is no panel, or lacks the noun before "panel".
    let text = "An arbitration panel said in 2001 that the rules were broken. Brightline Shipping \
                paid the fine.";
    assert_eq!(
        speaker_of_mention(&p, text, "An arbitration panel"),
        "An arbitration panel"
    );
    let text = "A Senate panel said on Monday that the mayor must testify. The House Harbour \
                Committee met on Tuesday.";
    assert_eq!(
        speaker_of_mention(&p, text, "A Senate panel"),
        "A Senate panel"
    );
}
