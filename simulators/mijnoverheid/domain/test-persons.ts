/**
 * Fictitious test persons for the simulated preproduction: BSNs from the RvIG GBA-V
 * proefomgeving test set (all pass the 11-proef; they belong to no real person), each with a
 * test DigiD account. Usernames and passwords are fictitious test data, never real credentials.
 */
import { validateBsn, normaliseBsn } from './bsn.ts';
import { issue, type Issue } from './issue.ts';

export interface TestPerson {
  bsn: string;
  /** Display name used by the citizen portal; fictitious. */
  naam: string;
  /** What the RvIG test set uses this person for. */
  situatie: string;
  digid: { username: string; password: string };
}

/** The seeded set. Names are invented; BSNs are public RvIG test BSNs. */
export const SEEDED_TEST_PERSONS: readonly TestPerson[] = Object.freeze([
  p('999993847', 'J. de Testpersoon', 'ouders, partner, kinderen, BAG-adres'),
  p('999992077', 'A. Overleden-Proef', 'overleden'),
  p('999993483', 'B. Geheim-Proef', 'geëmigreerd, geheimhouding'),
  p('999990482', 'C. Zonderbag-Proef', 'niet-BAG-adres'),
  p('999993653', 'D. Buitenland-Proef', 'niet-Nederlandse nationaliteit'),
  p('999995017', 'E. Verblijf-Proef', 'verblijfstitel'),
  p('999990408', 'F. Gezag-Proef', 'gezag over minderjarige'),
  p('999991905', 'G. Relaties-Proef', 'twee beëindigde relaties'),
  p('999993550', 'H. Partner-Proef', 'partner niet ingeschreven'),
  p('999990421', 'I. Kinderen-Proef', 'meerdere kinderen'),
  p('000009921', 'K. Locatie-Proef', 'locatiebeschrijving (voorloopnullen)'),
].map((x) => Object.freeze(x)));

function p(bsn: string, naam: string, situatie: string): TestPerson {
  return { bsn, naam, situatie, digid: { username: `test${bsn}`, password: `Proef-${bsn.slice(-4)}!` } };
}

export interface AccountState {
  bsn: string;
  /** ISO time of the first portal login (which registers the account and loads the BSN). */
  registeredAt?: string;
  /** Whether the citizen wants zaakberichten (the zaak postbus is active). */
  zaakPostbusActive: boolean;
}

export interface TestPersonSnapshot {
  persons: TestPerson[];
  accounts: AccountState[];
}

/** Registry of test persons and their MijnOverheid account state. Plain in-memory model. */
export class TestPersonRegistry {
  private persons = new Map<string, TestPerson>();
  private accounts = new Map<string, AccountState>();

  constructor(persons: readonly TestPerson[] = SEEDED_TEST_PERSONS) {
    for (const person of persons) this.add(person);
  }

  /** Adds a test person; refuses an invalid BSN or a duplicate BSN/username. */
  add(person: TestPerson): Issue[] {
    const bsn = normaliseBsn(person.bsn);
    const issues = validateBsn(bsn, 'bsn');
    if (issues.length) return issues;
    if (this.persons.has(bsn)) return [issue('PERSON_DUPLICATE_BSN', `a test person with BSN ${bsn} already exists`, 'bsn')];
    if (this.findByUsername(person.digid.username)) {
      return [issue('PERSON_DUPLICATE_USERNAME', `DigiD username ${person.digid.username} is already taken`, 'digid.username')];
    }
    if (!person.digid.username || !person.digid.password) return [issue('PERSON_DIGID_MISSING', 'a test person needs a DigiD username and password', 'digid')];
    this.persons.set(bsn, { ...person, bsn, digid: { ...person.digid } });
    this.accounts.set(bsn, { bsn, zaakPostbusActive: false });
    return [];
  }

  get(bsn: string): TestPerson | undefined {
    return this.persons.get(normaliseBsn(bsn));
  }

  list(): TestPerson[] {
    return [...this.persons.values()];
  }

  findByUsername(username: string): TestPerson | undefined {
    for (const person of this.persons.values()) if (person.digid.username === username) return person;
    return undefined;
  }

  /**
   * A test DigiD login. The first successful login registers the MijnOverheid account and
   * activates the zaak postbus, as in preproduction where the BSN is loaded on first login.
   */
  login(username: string, password: string, now: Date): { ok: true; person: TestPerson; firstLogin: boolean } | { ok: false; code: 'DIGID_UNKNOWN_USER' | 'DIGID_WRONG_PASSWORD' } {
    const person = this.findByUsername(username);
    if (!person) return { ok: false, code: 'DIGID_UNKNOWN_USER' };
    if (person.digid.password !== password) return { ok: false, code: 'DIGID_WRONG_PASSWORD' };
    const account = this.accounts.get(person.bsn) as AccountState;
    const firstLogin = account.registeredAt === undefined;
    if (firstLogin) {
      account.registeredAt = now.toISOString();
      account.zaakPostbusActive = true;
    }
    return { ok: true, person, firstLogin };
  }

  account(bsn: string): AccountState | undefined {
    const a = this.accounts.get(normaliseBsn(bsn));
    return a ? { ...a } : undefined;
  }

  /** Turns the zaak postbus on/off for a registered account (citizen preference). */
  setZaakPostbus(bsn: string, active: boolean): Issue[] {
    const a = this.accounts.get(normaliseBsn(bsn));
    if (!a) return [issue('PERSON_UNKNOWN_BSN', `no test person with BSN ${bsn}`, 'bsn')];
    if (!a.registeredAt) return [issue('ACCOUNT_NOT_REGISTERED', `BSN ${bsn} has no registered MijnOverheid account`, 'bsn')];
    a.zaakPostbusActive = active;
    return [];
  }

  /** Registers an account without a portal login (scenario setup through the admin API). */
  register(bsn: string, now: Date): Issue[] {
    const a = this.accounts.get(normaliseBsn(bsn));
    if (!a) return [issue('PERSON_UNKNOWN_BSN', `no test person with BSN ${bsn}`, 'bsn')];
    if (!a.registeredAt) {
      a.registeredAt = now.toISOString();
      a.zaakPostbusActive = true;
    }
    return [];
  }

  snapshot(): TestPersonSnapshot {
    return structuredClone({ persons: this.list(), accounts: [...this.accounts.values()] });
  }

  static restore(snapshot: TestPersonSnapshot): TestPersonRegistry {
    const r = new TestPersonRegistry([]);
    for (const person of snapshot.persons) {
      const issues = r.add(person);
      if (issues.length) throw new Error(`cannot restore test person ${person.bsn}: ${issues[0].code}`);
    }
    for (const a of snapshot.accounts) if (r.accounts.has(a.bsn)) r.accounts.set(a.bsn, { ...a });
    return r;
  }
}
