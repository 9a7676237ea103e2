import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadRegistry, checkRegistry, RegistryFileSchema, type Registry } from '../../../lib/registry/registry.ts';
import { classify, compileRegistry, expandPhrase, MAX_CLASSIFY_CHARS, MAX_EVIDENCE_PHRASES } from '../../../lib/classify/classifier.ts';
import { foldText } from '../../../lib/classify/fold.ts';
import { normaliseText } from '../../../lib/text/normalise.ts';

const compiled = compileRegistry(loadRegistry('config/registry.yaml'));
const tags = (title: string, text: string, extra: Parameters<typeof classify>[0] extends infer T ? Partial<T> : never = {}) => {
  const c = classify({ title, text, ...extra }, compiled);
  return [...c.inquiries, ...c.commitments];
};

function inline(yaml: object): Registry {
  return checkRegistry({ file: 'inline.yaml', ...RegistryFileSchema.parse(yaml) });
}

describe('classify: inquiries', () => {
  it('tags the Casey audit by its name', () => {
    // Act
    const result = tags('Casey audit published', 'The national audit found agencies failed girls.');
    // Assess
    expect(result).toEqual(['casey-audit']);
  });

  it('does not read Casey\'s 2015 inspection of Rotherham council as the audit', () => {
    // Act
    const inspection = tags('Rotherham regeneration', 'After the scandal of child sexual exploitation, Louise Casey inspected the council and found it "not fit for purpose". Her report led to commissioners.');
    const audit = tags('Audit ordered', 'I have asked Baroness Casey, who led the inspection of Rotherham council in 2015, to lead an audit of grooming gangs. Her audit will report in three months.');
    // Assess
    expect(inspection).toEqual([]);
    expect(audit).toContain('casey-audit');
  });

  it('does not read "Caseys" as Casey', () => {
    // Act
    const result = tags('Caseys opens in Rochdale', 'Caseys said grooming gangs were not its business, Caseys said again.');
    // Assess
    expect(result).toEqual([]);
  });

  it('reads "Casey" as the audit only with grooming-gang context and beside what the audit is or did', () => {
    // Act
    const withContext = tags('Baroness Casey on grooming gangs', 'Baroness Casey said her findings on grooming gangs had been ignored for decades.');
    const without = tags('Baroness Casey on homelessness', 'Baroness Casey said her findings on rough sleepers had been ignored for decades.');
    const asAdviser = tags('Casey to advise on inquiry', 'Baroness Casey will meet survivors of grooming gangs and advise ministers on the appointment.');
    // Assess
    expect(withContext).toEqual(['casey-audit']);
    expect(without).toEqual([]);
    expect(asAdviser).toEqual([]);
  });

  it('vetoes the 2023 Met Police Casey review even when grooming gangs are mentioned', () => {
    // Act
    const result = tags(
      'Met still failing two years after Casey review',
      'The Casey review found the Metropolitan Police institutionally racist and misogynistic. Separately, ministers discussed grooming gangs.',
    );
    // Assess
    expect(result).toEqual([]);
  });

  it('does not take a Scottish grooming inquiry for the national inquiry', () => {
    // Act
    const scottish = tags('Scotland to hold grooming inquiry', 'Scottish ministers announced a national inquiry into grooming gangs in Scotland.');
    const national = tags('Grooming gangs inquiry chair named', 'The chair of the national inquiry into grooming gangs in England and Wales was named.');
    // Assess
    expect(scottish).toEqual([]);
    expect(national).toEqual(['national-inquiry']);
  });

  it('ignores dog grooming and other inquiries', () => {
    // Act
    const dogs = tags('Dog grooming salon fined', 'A dog grooming salon in Rotherham was fined after an inquiry by the council.');
    const grenfell = tags('Grenfell inquiry', 'The Grenfell public inquiry published its national inquiry report on the fire.');
    // Assess
    expect(dogs).toEqual([]);
    expect(grenfell).toEqual([]);
  });

  it('ignores Baroness Casey\'s and Professor Jay\'s other work, and taxi drivers\' training', () => {
    // Act
    const integration = tags('Ten years on from the Casey review', "Dame Louise Casey's 2016 review into integration touched on the Rotherham child sexual exploitation scandal and made 12 recommendations.");
    const socialCare = tags('Baroness Casey to lead commission on adult social care', 'She previously led the national audit on grooming gangs. The commission will report next year.');
    const jay2014 = tags('Ten years after the Jay report', "Professor Alexis Jay's report found that 1,400 children had been sexually exploited in Rotherham between 1997 and 2013.");
    const taxis = tags('New rules for taxi drivers', 'Taxi and private hire drivers will have to complete child sexual exploitation training and tell police of concerns under a new policy.');
    // Assess
    expect(integration).toEqual([]);
    expect(socialCare).toEqual([]);
    expect(jay2014).toEqual([]);
    expect(taxis.filter((id) => id === 'c-training')).toEqual([]);
  });

  it('reads a cue straddling another entry\'s name as part of that name', () => {
    // Act
    const result = tags('Telford inquiry chair looks back', 'The chair said most recommendations on child sexual exploitation in the town were in place.');
    // Assess
    expect(result).toEqual(['local-inquiries']);
  });

  it('lets the topic named a paragraph earlier give a later cue its weight', () => {
    // Prepare
    const filler = 'Officials spent the week in meetings with councils, charities and families about what comes next for the towns. '.repeat(3);
    // Act
    const paragraphAway = tags('Figures published', `Group-based child sexual exploitation cases were reviewed. ${filler}The National Crime Agency will lead the national operation.`);
    const noTopic = tags('Figures published', `${filler}The National Crime Agency will lead the national operation.`);
    // Assess
    expect(paragraphAway).toEqual(['nca-operation']);
    expect(noTopic).toEqual([]);
  });

  it('matches across curly quotes, dashes, accents and line breaks', () => {
    // Act
    const result = tags('Operation\nBEACONPORT', 'The NCA’s operation — Opération Beaconport — continues.');
    // Assess
    expect(result).toEqual(['nca-operation']);
  });
  it('reads a veto in the title as what the whole item is about', () => {
    // Prepare
    const filler = 'Members across the chamber paid tribute to the survivors who had spoken out. '.repeat(3);
    const text = `${filler}Police forces there did not record the ethnicity of suspects in grooming gang cases. Will the Government now require them to collect ethnicity data?`;
    // Act
    const scottish = tags('Group-based Child Sexual Exploitation (Scotland)', text);
    const ours = tags('Group-based Child Sexual Exploitation', text);
    // Assess
    expect(scottish).toEqual([]);
    expect(ours).toEqual(['c-ethnicity-data']);
  });

  it('reads the National Crime Agency as the operation on closed cases only beside what that operation does', () => {
    // Act
    const conviction = tags('Rotherham abuser jailed after National Crime Agency investigation', 'A man who abused two girls in the early 2000s was jailed after an investigation into child sexual exploitation in the town.');
    const operation = tags('National Crime Agency to reopen cases', 'The National Crime Agency will re-examine grooming gang cases closed with no further action.');
    // Assess
    expect(conviction).toEqual([]);
    expect(operation).toContain('nca-operation');
  });

  it('reads an inspection or progress report as the inspectorate\'s only when the inspectorate is meant', () => {
    // Act
    const council = tags('Telford inquiry: implementation progress report', 'The council reports progress on the recommendations on child sexual exploitation made by the Telford inquiry.');
    const inspectorate = tags('Police inspectorate progress report', 'Inspectors found forces still fail to flag child sexual exploitation in their progress report.');
    // Assess
    expect(council).toEqual(['local-inquiries']);
    expect(inspectorate).toEqual(['hmicfrs-inspection']);
  });

  it('reads Professor Jay as the abuse inquiry only beside what the inquiry is or did', () => {
    // Act
    const otherWork = tags('Church safeguarding review', 'Professor Jay will lead a review of how the Church handles child sexual abuse allegations.');
    const inquiry = tags('Abuse inquiry to report', 'Professor Jay will publish the final report of her inquiry into child sexual abuse next week.');
    // Assess
    expect(otherWork).toEqual([]);
    expect(inquiry).toEqual(['iicsa']);
  });

  it('reads Hansard\'s section heading "Grooming Gangs: Independent Inquiry" as the national inquiry', () => {
    // Act
    const result = tags('Grooming Gangs: Independent Inquiry', 'Will the Minister assure survivors that the chair will have the final say on scope?');
    // Assess
    expect(result).toEqual(['national-inquiry']);
  });
});

describe('classify: what the item is about', () => {
  it('counts "the inquiry" for the inquiry named most recently before it', () => {
    // Act
    const result = classify(
      {
        title: 'Government response delayed',
        text: 'The Independent Inquiry into Child Sexual Abuse published its final report in 2022. The Government is grateful to the Inquiry\'s chair and will respond to the inquiry in May.',
      },
      compiled,
    );
    // Assess
    expect(result.inquiries).toEqual(['iicsa']);
    expect(result.evidence[0]!.phrases.map((p) => p.phrase)).toEqual(['independent inquiry into child sexual abuse', 'its final report', "the inquiry's chair", 'the inquiry']);
  });

  it('lets references carry an item that names its subject once', () => {
    // Prepare
    const filler = 'Survivors met ministers and officials in Leeds to discuss support. '.repeat(12);
    const text = (ref: string) => `Officers reviewed grooming gang cases across the north. ${filler}A national inquiry was promised in June. ${ref}`;
    // Act
    const referredBack = tags('Survivors wait', text('She said the inquiry would begin in spring and the chair would set its terms of reference.'));
    const notReferredBack = tags('Survivors wait', text('She said nothing more about it.'));
    // Assess
    expect(referredBack).toEqual(['national-inquiry']);
    expect(notReferredBack).toEqual([]);
  });

  it('does not refer back past a veto: "the inquiry" after a Scottish inquiry is not ours', () => {
    // Prepare
    const filler = 'Survivors met ministers and officials in Leeds to discuss support. '.repeat(4);
    // Act
    const result = classify(
      {
        title: 'Grooming gangs',
        text: `The national inquiry into grooming gangs began work. ${filler}Holyrood set up a Scottish inquiry into child sexual exploitation. The inquiry will report in 2027.`,
      },
      compiled,
    );
    // Assess
    expect(result.inquiries).toEqual(['national-inquiry']);
    expect(result.evidence[0]!.phrases.map((p) => p.phrase)).toEqual(['national inquiry into grooming gangs']);
  });

  it('leaves out an inquiry named only as the origin of something else', () => {
    // Act
    const origin = tags(
      'Peers back duty to report child abuse',
      'Professionals will come under a legal duty to report child sexual abuse. The duty, first recommended by the Independent Inquiry into Child Sexual Abuse, passed the Lords.',
    );
    const subject = tags(
      'Peers back duty to report child abuse',
      "The Independent Inquiry into Child Sexual Abuse's final report, published today, recommends the duty. Professionals will come under a legal duty to report child sexual abuse.",
    );
    // Assess
    expect(origin).toEqual(['c-mandatory-reporting']);
    expect(subject).toEqual(['iicsa', 'c-mandatory-reporting']);
  });

  it('leaves out an inquiry cited only as the source of the recommendation the item reports on', () => {
    // Prepare
    const lead = 'Survivors of grooming gangs who were convicted of offences as children will have their convictions disregarded under a new scheme. ';
    const filler = 'Applications will open in the autumn and will be free, officials said, with help from specialist caseworkers. '.repeat(3);
    // Act
    const origin = tags('Convictions wiped', `${lead}${filler}The measures deliver on recommendation 3 of Baroness Casey's national audit.`);
    const subject = tags('Convictions wiped', `${lead}Baroness Casey's national audit, published today, found girls were criminalised. ${filler}`);
    // Assess
    expect(origin).toEqual(['c-victim-records']);
    expect(subject).toEqual(['casey-audit', 'c-victim-records']);
  });

  it('leaves out a commitment only recalled as already settled', () => {
    // Act
    const recalled = tags(
      'Casey tells MPs to judge ministers in six months',
      'Baroness Casey said survivors had been failed by grooming gangs inquiries before. Ministers have already accepted her recommendations, including making police record the ethnicity of suspects.',
    );
    const news = tags(
      'Police told to record ethnicity of suspects',
      'Police will be required to record the ethnicity of suspects in grooming gang cases from April, ministers have announced.',
    );
    // Assess
    expect(recalled).toEqual(['casey-audit']);
    expect(news).toEqual(['c-ethnicity-data']);
  });

  it('leaves out an inquiry mentioned once in passing in a long item, unless the item says what it does before its closing sentence', () => {
    // Prepare
    const about = 'Seven men who abused two girls in Rochdale were jailed today for grooming gang offences. ';
    const filler = 'The judge said the girls had been failed by the adults around them and praised their courage in court. '.repeat(10);
    const close = 'Det Insp Jane Smith said the women had shown great courage.';
    // Act
    const passing = tags('Rochdale grooming gang jailed', `${about}${filler}The sentencing comes as survivors wait for the national inquiry into grooming gangs.`);
    const news = tags('Rochdale grooming gang jailed', `${about}${filler}The national inquiry into grooming gangs will examine the case next year. ${close}`);
    const closing = tags('Rochdale grooming gang jailed', `${about}${filler}${close} A national inquiry into grooming gangs is expected to examine what went wrong in Rochdale.`);
    // Assess
    expect(passing).toEqual([]);
    expect(news).toEqual(['national-inquiry']);
    expect(closing).toEqual([]);
  });

  it('reads a town\'s own inquiry by what it looks into, and a minister\'s funding that follows an audit as citing it', () => {
    // Act
    const byTown = tags('Bradford review published', 'An independent review into child sexual exploitation in Bradford has been published. It found agencies failed to act on warnings.');
    const councilsOwn = tags('Minister refuses Oldham request', 'The minister said it was for Oldham council to commission its own inquiry into child sexual exploitation in the town.');
    const follows = tags(
      'Support for survivors of grooming gangs',
      'The minister announced £10 million for specialist support for survivors of grooming gangs, available from April. The funding follows Baroness Casey\'s audit.',
    );
    // Assess
    expect(byTown).toEqual(['local-inquiries']);
    expect(councilsOwn).toEqual(['local-inquiries']);
    expect(follows).toEqual(['c-victim-support']);
  });

  it('leaves out a second inquiry mentioned as already under way in an item about another', () => {
    // Prepare
    const about = 'Baroness Casey\'s national audit on group-based child sexual exploitation found failures. The Casey audit made 12 recommendations. ';
    const filler = 'Councils and police forces were criticised for decades of failures to protect girls. '.repeat(6);
    // Act
    const passing = tags('Audit published', `${about}${filler}It will work with the local inquiries already under way.`);
    const inLead = tags('Audit published', `The local inquiries will continue. ${about}${filler}`);
    // Assess
    expect(passing).toEqual(['casey-audit']);
    expect(inLead).toEqual(['casey-audit', 'local-inquiries']);
  });
  it('leaves out an inquiry whose every mention cites it as the source of what the item reports', () => {
    // Prepare
    const lead = 'The inquiry into grooming gangs will examine group-based child sexual exploitation and nothing else, the minister told MPs. ';
    const filler = 'Survivors were told the terms of reference would be published in the spring, after a consultation. '.repeat(3);
    // Act
    const recommended = tags('Inquiry scope', `${lead}${filler}That is what Baroness Casey recommended in her audit, and it is what we will do.`);
    const alreadyDone = tags('Duty to report passes', `Professionals will be legally required to report child sexual abuse under the Bill. ${filler}Ministers said the Independent Inquiry into Child Sexual Abuse had already done the work.`);
    const news = tags('Inquiry scope', `${lead}${filler}Baroness Casey will publish a follow-up to her audit next month, and the audit team will report to the Home Secretary.`);
    // Assess
    expect(recommended).not.toContain('casey-audit');
    expect(alreadyDone).toEqual(['c-mandatory-reporting']);
    expect(news).toContain('casey-audit');
  });

  it('reads a name that goes on with a citation, or a dated one, as part of it', () => {
    // Prepare
    const lead = 'Police will have to record the ethnicity and nationality of every suspect in child sexual abuse cases. ';
    const filler = 'Forces will report their figures every quarter, and the Home Office will publish them. '.repeat(3);
    // Act
    const sameClause = tags('Ethnicity data', `${lead}${filler}This follows the recommendation made by Baroness Casey in her national audit.`);
    const dated = tags(
      'Forces still use different definitions',
      `Forces still use different definitions of group-based child sexual exploitation, inspectors found. ${filler}In 2022, the Independent Inquiry into Child Sexual Abuse published its report on organised networks.`,
    );
    // Assess
    expect(sameClause).toEqual(['c-ethnicity-data']);
    expect(dated).not.toContain('iicsa');
  });

  it('lets a background frame reach a mention later in the same clause', () => {
    // Prepare
    const lead = 'The government has published its strategy to halve violence against women and girls within a decade. ';
    const filler = 'Charities welcomed the funding for refuges and helplines but said councils needed more. '.repeat(3);
    // Act
    const sameClause = tags('Strategy published', `${lead}${filler}The strategy comes a week after the appointment of Baroness Longfield to chair the grooming gangs inquiry.`);
    const newClause = tags('Strategy published', `${lead}${filler}It comes a week after the budget; the grooming gangs inquiry, chaired by Baroness Longfield, will begin hearings in June.`);
    // Assess
    expect(sameClause).toEqual([]);
    expect(newClause).toEqual(['national-inquiry']);
  });

  it('leaves out an inquiry named as one example of many, and a lone weak mention in an item on something else', () => {
    // Prepare
    const lords = 'My Lords, the committee found that nobody tracks whether accepted recommendations are implemented. '.repeat(10);
    const vawg = 'The strategy sets out new specialists in control rooms, more funding for refuges and lessons in schools. '.repeat(10);
    // Act
    const example = tags('Public Inquiries', `${lords}With more statutory inquiries every year, including the national inquiry into grooming gangs announced last month, this matters.`);
    const glance = tags('Phillips interview', `The minister spent the autumn fending off calls to resign over the grooming gangs inquiry. But today she wants to talk about something else. ${vawg}`);
    const aboutIt = tags('Phillips interview', `The minister spent the autumn fending off calls to resign over the grooming gangs inquiry. Survivors of grooming gangs said she had failed them. ${vawg}`);
    // Assess
    expect(example).toEqual([]);
    expect(glance).toEqual([]);
    expect(aboutIt).toEqual(['national-inquiry']);
  });

  it('reads an inquiry that "made it one of its recommendations" as cited, and a finding beside its commitment as its origin', () => {
    // Prepare
    const speech = 'I welcome the clauses on the duty to report child sexual abuse. The Government will legislate for mandatory reporting this session. ';
    const story = 'Victims of grooming gangs will have prostitution convictions disregarded under a new scheme, ministers announced. '.repeat(3);
    // Act
    const made = tags('Crime and Policing Bill', `${speech}Campaigners argued for it long before the Independent Inquiry into Child Sexual Abuse made it one of its central recommendations.`);
    const finding = tags('Convictions to be wiped', `${story}The change responds to one of the findings of the national audit on group-based exploitation. Baroness Casey had called for such convictions to be quashed.`);
    // Assess
    expect(made).toEqual(['c-mandatory-reporting']);
    expect(finding).toEqual(['c-victim-records']);
  });

  it('reads a full name and its abbreviation, or a name and its author, as one name a citation covers', () => {
    // Prepare
    const report = 'We found that the police response has improved. ';
    // Act
    const abbreviated = tags('Inspection progress report', `${report}Most forces have now adopted the definition of an "organised network" developed by the Independent Inquiry into Child Sexual Abuse (IICSA). The Home Office should adopt the IICSA definition in guidance. A single definition, based on the IICSA definition, should be used by all forces.`);
    const named = tags('Inspection progress report', `${report}Most forces have now adopted the definition of an "organised network" developed by the Independent Inquiry into Child Sexual Abuse. The Home Office should adopt the IICSA definition in guidance. IICSA, the inquiry, will publish a new report on child sexual exploitation by organised networks next week.`);
    // Assess
    expect(abbreviated).not.toContain('iicsa');
    expect(named).toContain('iicsa');
  });

  it('reads "the IICSA inquiry recommended", "backed" and a Hansard reference as citations of an inquiry', () => {
    // Act
    const noun = tags('Police response to group-based exploitation', 'Forces use a variety of terms and flags. The IICSA inquiry recommended a definition of child sexual exploitation by organised networks; we consider it should be used consistently by the police.');
    const backed = tags('NHS number to become a consistent identifier', 'Children will be given a single identifier so that schools, councils and the NHS can share information. Last week\'s audit of group-based child sexual exploitation by Baroness Casey also backed improved information sharing on children at risk.');
    const hansard = tags('Sexual Offences: Children', 'To ask the Secretary of State for Justice, with reference to the oral statement of 16 June 2025 on Child Sexual Exploitation: Casey Report, Official Report, column 1115, when she expects to bring forward the change in the law so that adults who penetrate a child under 16 are charged with rape.');
    const news = tags('Casey audit', 'The Casey report will be published next week, the Home Office said.');
    // Assess
    expect(noun).not.toContain('iicsa');
    expect(backed).not.toContain('casey-audit');
    expect(hansard).not.toContain('casey-audit');
    expect(news).toContain('casey-audit');
  });
});

describe('classify: commitments', () => {
  it('tags a commitment being made, not a passing mention', () => {
    // Act
    const made = tags('Ethnicity data to be mandatory', 'Police will be required to record the ethnicity and nationality of suspects in grooming gang cases.');
    const passing = tags('Grooming gang trial', 'The court heard about the ethnicity of the grooming gang members and the nationality of one victim.');
    // Assess
    expect(made).toEqual(['c-ethnicity-data']);
    expect(passing).toEqual([]);
  });

  it('reads what an inspectorate notes ("we note that…") as context, not news of the operation or the commitment', () => {
    // Prepare
    const report = 'Group-based child sexual exploitation: an inspection of the police response. Forces have improved how they identify and record cases of child sexual exploitation, but the data is still unreliable. ';
    // Act
    const noted = tags('Inspection report', `${report}We note that the National Crime Agency is now leading a national operation to review closed cases.`);
    const news = tags('Inspection report', `${report}The National Crime Agency is now leading a national operation to review closed cases.`);
    // Assess
    expect(noted).not.toContain('nca-operation');
    expect(noted).not.toContain('c-historic-cases');
    expect(news).toEqual(expect.arrayContaining(['nca-operation', 'c-historic-cases']));
  });

  it('does not read police forces sharing intelligence with each other as sharing information about children', () => {
    // Act
    const forces = tags('Inspection of the police response to group-based child sexual exploitation', 'Police forces need to make better use of disruption tactics and to share intelligence more effectively with each other. We make nine recommendations.');
    const children = tags('Inspection of the police response to group-based child sexual exploitation', 'Police forces and councils will be required to share intelligence about children at risk of exploitation, under new rules.');
    // Assess
    expect(forces).not.toContain('c-data-sharing');
    expect(children).toContain('c-data-sharing');
  });

  it('does not read a police and crime commissioner\'s own accountability board as independent oversight', () => {
    // Act
    const board = tags('Commissioner responds to inspection', 'The inspectorate found failings in the police response to child sexual exploitation in every force. "I will be asking the Chief Constable to set out, at my next accountability board in January, how the force will respond to each recommendation," the commissioner said.');
    const body = tags('Child Protection Authority', 'The Government will establish a Child Protection Authority to hold police and councils to account for how they respond to child sexual exploitation.');
    // Assess
    expect(board).not.toContain('c-oversight');
    expect(body).toContain('c-oversight');
  });

  it('tags commitments said in other words, not under-16s in other laws or the law as a court applies it', () => {
    // Act
    const logged = tags('Police to log suspects\' background', 'Every force will be required to log the ethnic origin and citizenship of suspects in child sexual abuse cases.');
    const obliged = tags('Cover-ups to be a crime', 'Teachers and doctors will be legally obliged to tell the police if they learn a child is being sexually abused, under an amendment to the Bill.');
    const socialMedia = tags('Social media ban for under-16s', 'Ministers will consult on banning social media for children under 16. Parents would have to give consent, and the law would follow Australia\'s.');
    const court = tags('Teacher jailed', 'A teacher was jailed for six years. The court heard the girl was under 16 and could not legally consent. The school will introduce new training.');
    // Assess
    expect(logged).toEqual(['c-ethnicity-data']);
    expect(obliged).toEqual(['c-mandatory-reporting']);
    expect(socialMedia).toEqual([]);
    expect(court).toEqual([]);
  });

  it('takes the subject from another tracked entry named on its own when the item never names the topic', () => {
    // Prepare
    const story = 'Her case was closed with no further action in 2011. Last month a letter said it would be looked at again';
    // Act
    const named = tags('Reopening my case', `${story} by Operation Beaconport, the national operation led by the National Crime Agency.`);
    const unnamed = tags('Reopening my case', `${story} by a review team.`);
    // Assess
    expect(named).toEqual(['nca-operation', 'c-historic-cases']);
    expect(unnamed).toEqual([]);
  });

  it('leaves out a commitment only recalled as something the government has said it will do', () => {
    // Prepare
    const court = 'Seven men were jailed for abusing girls in Rochdale in the 2000s, in a trial that heard of grooming gangs. ';
    // Act
    const recalled = tags('Seven men jailed', `${court}The government has said it will change the law so that adults who have penetrative sex with children under 16 are always charged with rape.`);
    const made = tags('Law to change', `${court}The government will change the law so that adults who have penetrative sex with children under 16 are always charged with rape.`);
    // Assess
    expect(recalled).toEqual([]);
    expect(made).toEqual(['c-rape-law']);
  });

  it('reads "charged with rape" as the rape-law commitment only beside a change being made', () => {
    // Act
    const court = tags('Man in court', 'A 34-year-old man was charged with rape of a girl under 16 and remanded in custody.');
    const change = tags('Rape law to change', 'Adults who have penetrative sex with a child under 16 will be charged with rape under an amendment to the law.');
    // Assess
    expect(court).toEqual([]);
    expect(change).toEqual(['c-rape-law']);
  });

  it('reads "required to report" as the reporting duty only with what is reported, and an inspectorate\'s own recommendations as not IICSA\'s', () => {
    // Prepare
    const training = 'The College of Policing launched new training on group-based child sexual exploitation for investigators.';
    const inspection = 'The Independent Inquiry into Child Sexual Abuse published its report on organised networks in 2022.';
    // Act
    const completion = tags('New training', `${training} Forces will be required to report completion rates to the College each quarter.`);
    const abuse = tags('New duty', 'Teachers will be required to report child sexual abuse to the police under the new law.');
    const ours = tags('Inspection: a progress report', `${inspection} We made nine recommendations. This report sets out the progress made against those recommendations.`);
    // Assess
    expect(completion).not.toContain('c-mandatory-reporting');
    expect(abuse).toEqual(['c-mandatory-reporting']);
    expect(ours).not.toContain('c-iicsa-implementation');
  });

  it('leaves commitment words alone outside group-based CSE', () => {
    // Act
    const cyber = tags('Mandatory reporting of cyber attacks', 'Firms will face a mandatory reporting duty for ransomware.');
    const postOffice = tags('Convictions quashed', 'Sub-postmasters will have their convictions quashed by law.');
    // Assess
    expect(cyber).toEqual([]);
    expect(postOffice).toEqual([]);
  });
});

describe('classify: long and hostile texts', () => {
  // Every phrase of this sentence matches something: aliases, cues inside other entries' names, context and a veto.
  const dense = 'Casey audit, the Met Police, grooming gangs, national inquiry, Telford inquiry chair, will record ethnicity data, training for police. ';
  const twoMb = dense.repeat(Math.ceil((2 * 1024 * 1024) / dense.length));

  it('reads only the first MAX_CLASSIFY_CHARS characters of a text', () => {
    // Prepare
    const filler = 'Council meeting minutes about parking and bins. '.repeat(Math.ceil(MAX_CLASSIFY_CHARS / 48));
    // Act
    const pastTheCap = classify({ title: 'Minutes', text: `${filler}Operation Beaconport reopened the cases.` }, compiled);
    const beforeTheCap = classify({ title: 'Minutes', text: `Operation Beaconport reopened the cases. ${filler}` }, compiled);
    const capped = classify({ title: 'Dense', text: twoMb }, compiled);
    // Assess
    expect(pastTheCap.inquiries).toEqual([]);
    expect(beforeTheCap.inquiries).toEqual(['nca-operation']);
    const offsets = capped.evidence.flatMap((e) => e.phrases.map((p) => p.offset));
    expect(Math.max(...offsets)).toBeLessThan(MAX_CLASSIFY_CHARS);
    expect(capped.evidence.every((e) => e.phrases.length <= MAX_EVIDENCE_PHRASES)).toBe(true);
  });

  // Regression (issue 12, item 4): every match was compared with every other (cues with all aliases, hits with all
  // vetoes, hits with each other), so a 2 MB text of matches took minutes (87 s for this one). Neighbourhood
  // checks now look only at hits within a phrase's length, so it takes well under a second; the timeout leaves room
  // for a loaded machine, and the old code exceeded it by two orders of magnitude.
  it('classifies 2 MB of nothing but matches, cap lifted, in time linear in its length', { timeout: 30_000 }, () => {
    // Act
    const result = classify({ title: 'Dense', text: twoMb }, compiled, { maxTextChars: Infinity });
    // Assess
    expect(result.inquiries).toEqual(['national-inquiry', 'local-inquiries']);
    expect(result.commitments).toEqual(['c-ethnicity-data', 'c-training']);
    // Every repetition was read: each adds to the score.
    expect(result.evidence.find((e) => e.id === 'national-inquiry')!.score).toBeGreaterThan(twoMb.length / dense.length);
  });
});

describe('classify: evidence', () => {
  it('gives the phrases, their offsets in the normalised text, a snippet and a score', () => {
    // Prepare
    const input = { title: 'Survivors react', text: 'On the  “Casey Audit”, survivors spoke.' };
    // Act
    const c = classify(input, compiled);
    // Assess
    const normalised = normaliseText(`${input.title}\n${input.text}`);
    const [ev] = c.evidence;
    expect(ev).toMatchObject({ id: 'casey-audit', score: 3 });
    expect(ev!.phrases).toEqual([{ phrase: 'casey audit', offset: normalised.indexOf('casey audit') }]);
    expect(ev!.snippet).toBe('Survivors react On the "Casey Audit", survivors spoke.');
  });
});

describe('classify: kind', () => {
  it('reads an official inspection page that opens with its judgement and findings as a report', () => {
    // Act
    const inspection = classify(
      { title: 'Inspection of a council\'s children\'s services', text: 'Judgement: Requires improvement to be good\n\nHeadline findings\n\nToo many children live with neglect.', sourceUrl: 'https://reports.ofsted.gov.uk/provider/44/80571' },
      compiled,
    ).kind;
    // Assess
    expect(inspection).toBe('report');
  });

  it('reads a Lords Question for Short Debate as a debate, and an oral question as a question', () => {
    // Prepare
    const asked = 'Asked by Baroness Drake\n\nTo ask His Majesty\'s Government what steps they are taking to monitor inquiry recommendations.\n\nBaroness Drake (Lab): My Lords, I am grateful to all noble Lords.';
    // Act
    const qsd = classify({ title: 'Public Inquiries', text: `Question for Short Debate\n\n3.19 pm\n\n${asked}`, sourceType: 'hansard' }, compiled).kind;
    const oral = classify({ title: 'Public Inquiries', text: `Question\n\n3.19 pm\n\n${asked}`, sourceType: 'hansard' }, compiled).kind;
    // Assess
    expect(qsd).toBe('debate');
    expect(oral).toBe('question');
  });

  it('takes the kind from the adapter hint and the source type first', () => {
    // Act
    const hinted = classify({ title: 'x', text: 'y', sourceType: 'news', kindHint: 'statement' }, compiled).kind;
    const question = classify({ title: 'x', text: 'y', sourceType: 'question' }, compiled).kind;
    // Assess
    expect(hinted).toBe('statement');
    expect(question).toBe('question');
  });

  it('reads Hansard as debate unless it is the minister\'s statement', () => {
    // Act
    const debate = classify({ title: 'Grooming Gangs', text: 'Chris Philp: Will the Home Secretary confirm the date?', sourceType: 'hansard' }, compiled).kind;
    const statement = classify(
      { title: 'Grooming Gangs', text: 'The Home Secretary: With permission, Mr Speaker, I would like to make a statement.', sourceType: 'hansard' },
      compiled,
    ).kind;
    const update = classify(
      { title: 'Grooming Gangs - Jess Phillips', text: 'I am grateful for the opportunity to update the House on the national inquiry.', sourceType: 'hansard' },
      compiled,
    ).kind;
    const repeated = classify(
      { title: 'Grooming Gangs', text: 'Lord Hanson of Flint (Lab): My Lords, I beg leave to repeat a Statement made in another place.', sourceType: 'hansard' },
      compiled,
    ).kind;
    // Assess
    expect(debate).toBe('debate');
    expect(statement).toBe('statement');
    expect(update).toBe('statement');
    expect(repeated).toBe('statement');
  });

  it('reads a written statement carried by Hansard, and an official body\'s newsroom, as statements', () => {
    // Act
    const written = classify({ title: 'Grooming Gangs: Update (Written Statement HCWS1094)', text: 'Today I am updating the House.', sourceType: 'hansard' }, compiled).kind;
    const mention = classify({ title: 'Grooming Gangs', text: 'As my written statement said, the work goes on.', sourceType: 'hansard' }, compiled).kind;
    const nca = classify({ title: 'NCA arrests', text: 'Nineteen people were arrested.', sourceType: 'other', sourceUrl: 'https://www.nationalcrimeagency.gov.uk/news/arrests' }, compiled).kind;
    // Assess
    expect(written).toBe('statement');
    expect(mention).toBe('debate');
    expect(nca).toBe('statement');
  });

  it('uses text cues when the source says nothing', () => {
    // Act
    const kinds = [
      'Written ministerial statement. The Government has today published',
      'To ask the Secretary of State for the Home Department, what steps',
      'Executive summary. This report sets out our findings',
      'Police arrested three men in Rochdale on Tuesday.',
    ].map((text) => classify({ title: 'Item', text }, compiled).kind);
    // Assess
    expect(kinds).toEqual(['statement', 'question', 'report', 'news']);
  });

  it('reads a council\'s newsroom page as its statement even when it quotes "this report"', () => {
    // Act
    const kind = classify(
      {
        title: 'Two years on: council update on the inquiry\'s recommendations',
        text: 'The council has today published its second annual update. The leader said: "We said we would not let this report sit on a shelf."',
        sourceType: 'other',
        sourceUrl: 'https://newsroom.telford.gov.uk/News/Details/24611',
      },
      compiled,
    ).kind;
    // Assess
    expect(kind).toBe('statement');
  });

  it('reads a Lords oral question as Hansard prints it, and a commissioner\'s response, by what they are', () => {
    // Act
    const lordsQuestion = classify(
      {
        title: 'Child Sexual Abuse: Mandatory Reporting',
        text: 'Question\n11:20am\nAsked by Baroness Benjamin\n\nTo ask His Majesty\'s Government when they will bring forward legislation.\n\nLord Hanson of Flint (Lab): My Lords, the Government are committed to it.\n\nBaroness Benjamin (LD): My Lords, when?',
        sourceType: 'hansard',
      },
      compiled,
    ).kind;
    const response = classify({ title: 'Commissioner\'s response to HMICFRS progress report', text: 'I welcome this report.', sourceType: 'other', sourceUrl: 'https://northantspfcc.org.uk/response' }, compiled).kind;
    const policeReport = classify({ title: 'Police response to exploitation: a progress report', text: 'This report sets out progress.', sourceType: 'other' }, compiled).kind;
    // Assess
    expect(lordsQuestion).toBe('question');
    expect(response).toBe('statement');
    expect(policeReport).toBe('report');
  });

  it('reads a trade paper\'s story opening with a word its name starts with as news, a body introducing itself as its statement', () => {
    // Act
    const story = classify({ title: 'Watchdog warns forces', text: 'Police forces are still not using one definition, the watchdog said.', sourceUrl: 'https://www.policeprofessional.com/news/watchdog-warns' }, compiled).kind;
    const union = classify({ title: 'Close the loophole now', text: 'Unite, the union for taxi drivers, is urging the government to act.', sourceUrl: 'https://www.unitetheunion.org/news-events/news/2026/close-the-loophole' }, compiled).kind;
    // Assess
    expect(story).toBe('news');
    expect(union).toBe('statement');
  });

  it('reads a newspaper\'s site as news even when the story quotes Parliament or a report', () => {
    // Prepare
    const text = 'Madam Deputy Speaker, the hon. Member said in an urgent question that this report sets out failures.';
    // Act
    const paper = classify({ title: 'MPs clash over grooming report', text, sourceUrl: 'https://www.yorkshireeveningpost.co.uk/news/politics/mps-clash' }, compiled).kind;
    const council = classify({ title: 'Grooming report', text, sourceUrl: 'https://www.rotherham.gov.uk/news/article/1/report' }, compiled).kind;
    // Assess
    expect(paper).toBe('news');
    expect(council).not.toBe('news');
  });

  it('reads what an official body publishes as its own statement unless it is a document', () => {
    // Act
    const kind = (title: string, text: string, sourceUrl?: string) => classify({ title, text, sourceUrl, sourceType: 'other' }, compiled).kind;
    const police = kind('Three men arrested', 'Police arrested three men in Rochdale on Tuesday.', 'https://news.npcc.police.uk/releases/arrests');
    const commissioner = kind("Victims' Commissioner responds to the audit", 'Baroness Newlove said: "The audit lays bare a shameful truth."');
    const petition = kind('Government responded to petition', 'The Government has considered the petition.', 'https://petition.parliament.uk/petitions/730605');
    const response = kind('Government response to the national audit report', 'Presented to Parliament by the Home Secretary. We accept all 12 recommendations.');
    const inspection = kind('An inspection of the police response: summary', 'Executive summary. We inspected six forces.');
    // Assess
    expect([police, commissioner, petition, response, inspection]).toEqual(['statement', 'statement', 'statement', 'report', 'report']);
  });

  it('reads letters published beside reports, and a body\'s words on its own site, as statements', () => {
    // Act
    const letter = classify(
      { title: 'Letter from the Home Secretary to the inquiry panel', text: 'Dear Baroness Longfield,', sourceType: 'other', sourceUrl: 'https://www.gov.uk/government/publications/x/letter' },
      compiled,
    ).kind;
    const charity = classify(
      { title: 'Ivison Trust welcomes pardons for survivors', text: 'Ivison Trust welcomes the announcement.', sourceUrl: 'https://ivisontrust.org.uk/ivison-trust-welcomes-pardons' },
      compiled,
    ).kind;
    const news = classify({ title: 'Charity welcomes pardons for survivors', text: 'A charity welcomed the announcement.', sourceUrl: 'https://www.yorkshirepost.co.uk/news/pardons' }, compiled).kind;
    // Assess
    expect([letter, charity, news]).toEqual(['statement', 'statement', 'news']);
  });

  it('reads a Hansard section with replies as debate, and oral and urgent questions as questions', () => {
    // Prepare
    const statement = 'The Secretary of State for the Home Department (Yvette Cooper): With permission, Mr Speaker, I will make a statement on the audit.';
    const reply = 'Chris Philp (Croydon South) (Con): I thank the Home Secretary for advance sight of her statement.';
    // Act
    const kind = (title: string, text: string, kindHint?: 'debate') => classify({ title, text, sourceType: 'hansard', kindHint }, compiled).kind;
    const opening = kind('Child Sexual Exploitation: Casey Report', statement);
    const section = kind('Child Sexual Exploitation: Casey Report', `${statement}\n\n${reply}`);
    const urgent = kind('Grooming Gangs Inquiry', 'Katie Lam (Weald of Kent) (Con) (Urgent Question): To ask the Secretary of State if she will make a statement on the inquiry.');
    const lords = kind('Independent Inquiry Recommendations', 'Baroness Finlay of Llandaff (CB): To ask His Majesty\'s Government what progress they have made.');
    const hinted = kind('Oral Answers to Questions: Home Department - Grooming Gangs', 'When will the inquiry begin?', 'debate');
    // Assess
    expect([opening, section, urgent, lords, hinted]).toEqual(['statement', 'debate', 'question', 'question', 'question']);
  });
});

describe('compileRegistry', () => {
  it('expands optional suffixes in phrases', () => {
    // Act
    const variants = expandPhrase('grooming gang(s) inquir(y)');
    // Assess
    expect(variants.sort()).toEqual(['grooming gang inquir', 'grooming gang inquiry', 'grooming gangs inquir', 'grooming gangs inquiry']);
  });

  it('versions the registry by its content', () => {
    // Prepare
    const base = { entries: [{ id: 'a', type: 'inquiry', name: 'A', match: { aliases: ['alpha'] } }] };
    // Act
    const v1 = compileRegistry(inline(base)).version;
    const v2 = compileRegistry(inline(base)).version;
    const v3 = compileRegistry(inline({ entries: [{ ...base.entries[0], match: { aliases: ['alpha', 'beta'] } }] })).version;
    // Assess
    expect(v1).toBe(v2);
    expect(v3).not.toBe(v1);
    expect(v1).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets a new entry be added as data, with context, near and veto rules', () => {
    // Prepare
    const registry = inline({
      phraseSets: { action: ['will', 'announced'] },
      entries: [
        {
          id: 'c-helpline',
          type: 'commitment',
          name: 'Survivor helpline',
          match: { cues: ['helpline'], context: ['grooming gangs'], near: [['@action']], veto: ['samaritans'] },
        },
      ],
    });
    const c = compileRegistry(registry);
    // Act
    const made = classify({ title: 'Helpline', text: 'A helpline will open for survivors of grooming gangs.' }, c).commitments;
    const vetoed = classify({ title: 'Helpline', text: 'The Samaritans helpline will open for survivors of grooming gangs.' }, c).commitments;
    const noAction = classify({ title: 'Helpline', text: 'She called a helpline about grooming gangs.' }, c).commitments;
    // Assess
    expect(made).toEqual(['c-helpline']);
    expect(vetoed).toEqual([]);
    expect(noAction).toEqual([]);
  });
});

describe('foldText', () => {
  it('folds exactly like normaliseText, with a display copy of the same length', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'aZé É’“”—–-\n\t  xY\'`´ﬁ'.split('')) }), (s) => {
        // Act
        const { folded, display } = foldText(s);
        // Assess
        expect(folded).toBe(normaliseText(s));
        expect(display.length).toBe(folded.length);
      }),
    );
  });
});
