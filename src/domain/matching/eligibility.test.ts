import { describe, expect, it } from 'vitest';
import { sexEligibility } from './eligibility.ts';

const svc = (name: string, description: string | null = null, eligibilityDescription: string | null = null) => ({ name, description, eligibilityDescription });

describe('sexEligibility', () => {
  it.each([
    ["Calderdale Women's Aid", 'Calderdale Women’s Aid supports women and children experiencing domestic abuse, with refuge, outreach and a helpline.'],
    ["Ladies' knitting circle", 'Knit and natter over a cuppa every Thursday at the library.'],
    ["Halifax Women's Centre", 'Drop-in advice, courses and a creche.'],
    ['Womens Wellbeing Walks', 'Gentle walks from the Piece Hall.'],
    ['New Mums Coffee Morning', 'Meet other new parents-to-be and new arrivals over coffee.'],
    ['Mum and baby yoga', 'Postnatal yoga with your little one.'],
    ['Girlguiding Sowerby Bridge', 'Rainbows, Brownies and Guides.'],
    ['Girls Active', 'Sport and confidence sessions after school.'],
    ['Female Genital Mutilation support', 'Specialist confidential support.'],
  ])('female from the name: %s', (name, description) => {
    expect(sexEligibility(svc(name, description, 'Adults living in Calderdale'))).toBe('female');
  });

  it.each([
    ["Elland Men's Shed", 'A place for men to share skills, make things and have a brew.'],
    ['Mens Shed Todmorden', null],
    ["Dads' group", 'Saturday mornings for dads and their children at the children’s centre.'],
    ['Dads and Lads football', 'Kickabout on the rec every Sunday.'],
    ["Andy's Man Club", 'Peer-to-peer support groups, Mondays at 7pm. #ITSOKAYTOTALK'],
    ['Halifax Male Voice Choir', 'Rehearsals on Wednesdays; new voices welcome.'],
    ["Boys' football club", null],
  ])('male from the name: %s', (name, description) => {
    expect(sexEligibility(svc(name, description))).toBe('male');
  });

  it('reads the eligibility text like the name', () => {
    expect(sexEligibility(svc('Confidence course', 'Six weeks of small-group sessions.', 'Women aged 18 and over'))).toBe('female');
    expect(sexEligibility(svc('Cook and eat', 'Learn to cook on a budget.', 'Men over 50 living alone'))).toBe('male');
    expect(sexEligibility(svc('Grief café', null, 'For widows in Calderdale'))).toBe('female');
  });

  it('reads the description only for explicit phrases', () => {
    expect(sexEligibility(svc('Swim sessions', 'Private pool hire: women only, female lifeguards.'))).toBe('female');
    expect(sexEligibility(svc('Thursday swim', 'A women-only session at North Bridge.'))).toBe('female');
    expect(sexEligibility(svc('Walk and talk', 'Open to women in Calderdale who want company on a walk.'))).toBe('female');
    expect(sexEligibility(svc('Health MOT', 'Free checks for men aged 40 to 74.'))).toBe('male');
    expect(sexEligibility(svc('Circuit training', 'Exclusively for men. Bring a water bottle.'))).toBe('male');
    // a passing mention is not a rule: the centre is for everyone
    expect(sexEligibility(svc('Pellon Community Centre', 'Café, lunch club, a women’s group on Mondays and IT help.'))).toBeNull();
    expect(sexEligibility(svc('Citizens Advice Calderdale', 'Advice for men and women on debt, benefits and housing.'))).toBeNull();
    expect(sexEligibility(svc('Walking group', 'Mostly women come, but anyone is welcome.'))).toBeNull();
  });

  it('is null when mixed', () => {
    expect(sexEligibility(svc('Befriending', 'A service for men and women who are lonely.'))).toBeNull();
    expect(sexEligibility(svc('Women and Families Centre', 'Support and advice.'))).toBeNull();
    expect(sexEligibility(svc('Family hub', 'Play, advice and health visiting for mums, dads and carers.'))).toBeNull();
    expect(sexEligibility(svc('Community lunch', null, 'Men, women and children of all ages'))).toBeNull();
    expect(sexEligibility(svc('Widows and widowers group', null))).toBeNull();
    expect(sexEligibility(svc('Mums & Dads toddler group', null))).toBeNull();
    expect(sexEligibility(svc('Boys and girls club', null))).toBeNull();
    expect(sexEligibility(svc('Swimming lessons', null, 'Male and female instructors; all ages'))).toBeNull();
    expect(sexEligibility(svc('Women’s health physio', 'For women and their partners before and after birth.'))).toBeNull();
    expect(sexEligibility(svc('Pride women’s group', 'For women and non-binary people.'))).toBeNull();
    expect(sexEligibility(svc("Elland Men's Shed", 'Despite the name, open to all: women are welcome too.'))).toBeNull();
    expect(sexEligibility(svc("Men's Shed", 'Everyone welcome.'))).toBeNull();
  });

  it('is null when one sex is stated and the other mentioned', () => {
    expect(sexEligibility(svc("Women's Aid", 'We also run a helpline for men.'))).toBeNull();
    expect(sexEligibility(svc('Men’s mental health group', null, 'Women may attend the open evening'))).toBeNull();
  });

  it('does not find "men" inside other words, or a sex in open-to-all names', () => {
    expect(sexEligibility(svc('Menopause café', 'Tea, cake and open conversation about the menopause.'))).toBeNull();
    expect(sexEligibility(svc('Menopause café', 'A relaxed space for women going through the menopause.'))).not.toBe('male');
    expect(sexEligibility(svc('Youth mentoring', 'Volunteer mentors for 11 to 18 year olds.'))).toBeNull();
    expect(sexEligibility(svc('Mencap Calderdale', 'Support for people with a learning disability.'))).toBeNull();
    expect(sexEligibility(svc('Mental health recovery college', 'Free courses on managing your mental health.'))).toBeNull();
    expect(sexEligibility(svc('Menston walking group', 'Mentally refreshing walks; amenities at the end.'))).toBeNull();
    expect(sexEligibility(svc('Mothers’ Union parenting course', null))).toBeNull();
    expect(sexEligibility(svc('Young Men’s Christian Association gym', null))).toBeNull();
    expect(sexEligibility(svc('Classes in your mother tongue', null))).toBeNull();
    expect(sexEligibility(svc('Gentle exercise', 'Chair-based movement.'))).toBeNull();
    expect(sexEligibility(svc('Walking for Health Halifax', 'Free, short, led walks from the Piece Hall.'))).toBeNull();
    expect(sexEligibility(svc('Debt advice', null, null))).toBeNull();
  });

  it('is quick: a listing in microseconds', () => {
    const s = svc("Calderdale Women's Aid", 'Calderdale Women’s Aid supports women and children. '.repeat(20), 'Women aged 16 and over');
    const started = performance.now();
    for (let i = 0; i < 2_000; i++) sexEligibility(s);
    expect((performance.now() - started) / 2_000).toBeLessThan(0.5); // ms per listing, with a wide margin
  });
});
