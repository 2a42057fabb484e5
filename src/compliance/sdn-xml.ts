import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * A push parser for the OFAC SDN "advanced" XML that keeps only what screening needs. Addresses are
 * `Feature`s whose `FeatureTypeID` names a reference value "Digital Currency Address - <ASSET>"; the
 * reference section comes first in the schema, so the ids are known before any party is read. Text is
 * fed in chunks: memory stays flat however large the document is.
 */
export interface SdnAddress {
  readonly asset: string;
  readonly address: string;
  /** The DistinctParty FixedRef, so a match can point at the listed party. */
  readonly partyRef: string | null;
}

export interface SdnResult {
  readonly issuedOn: string;
  /** Every asset with a digital-currency feature type, listed or not: the import's coverage. */
  readonly assets: readonly string[];
  readonly addresses: readonly SdnAddress[];
}

export type SdnProblem = {
  readonly code: 'sanctions_file_unrecognised' | 'sanctions_file_malformed';
  readonly message: string;
};

const FEATURE_TYPE = /^Digital Currency Address - (\S+)$/;

export interface SdnParser {
  write(text: string): void;
  /** Ends the document and returns what it held, or why it is not an SDN list. */
  finish(): SdnResult | SdnProblem;
}

export function sdnParser(): SdnParser {
  const parser = new SaxesParser({ xmlns: false });
  const s = newState();
  parser.on('opentag', (tag) => {
    onOpen(s, tag);
  });
  parser.on('closetag', (tag) => {
    onClose(s, tag.name);
  });
  parser.on('text', (text) => {
    if (s.capture !== null) s.text += text;
  });
  return {
    write: (text) => {
      if (s.problem === null) parser.write(text);
    },
    finish: () => {
      if (s.problem === null) parser.close();
      return result(s);
    },
  };
}

interface State {
  depth: number;
  root: string | null;
  problem: SdnProblem | null;
  date: { Year?: string; Month?: string; Day?: string };
  inDate: boolean;
  featureTypes: Map<string, string>;
  featureTypeId: string | null;
  party: string | null;
  featureAsset: string | null;
  capture: 'date' | 'featureType' | 'detail' | null;
  text: string;
  seen: Set<string>;
  addresses: SdnAddress[];
}

function newState(): State {
  return {
    depth: 0,
    root: null,
    problem: null,
    date: {},
    inDate: false,
    featureTypes: new Map(),
    featureTypeId: null,
    party: null,
    featureAsset: null,
    capture: null,
    text: '',
    seen: new Set(),
    addresses: [],
  };
}

function onOpen(s: State, tag: SaxesTagPlain): void {
  s.depth += 1;
  if (s.depth === 1) {
    s.root = tag.name;
    if (tag.name !== 'Sanctions') {
      s.problem = {
        code: 'sanctions_file_unrecognised',
        message: `root element is <${tag.name}>, not <Sanctions>`,
      };
    }
    return;
  }
  const attr = (name: string): string | null => {
    const v = tag.attributes[name];
    return typeof v === 'string' ? v : null;
  };
  switch (tag.name) {
    case 'DateOfIssue':
      s.inDate = s.depth === 2;
      break;
    case 'Year':
    case 'Month':
    case 'Day':
      if (s.inDate) startCapture(s, 'date');
      break;
    case 'FeatureType':
      s.featureTypeId = attr('ID');
      startCapture(s, 'featureType');
      break;
    case 'DistinctParty':
      s.party = attr('FixedRef');
      break;
    case 'Feature':
      s.featureAsset = s.featureTypes.get(attr('FeatureTypeID') ?? '') ?? null;
      break;
    case 'VersionDetail':
      if (s.featureAsset !== null) startCapture(s, 'detail');
      break;
    default:
      break;
  }
}

function startCapture(s: State, what: State['capture']): void {
  s.capture = what;
  s.text = '';
}

function onClose(s: State, name: string): void {
  s.depth -= 1;
  const text = s.text.trim();
  switch (name) {
    case 'DateOfIssue':
      s.inDate = false;
      break;
    case 'Year':
    case 'Month':
    case 'Day':
      if (s.capture === 'date') s.date[name] = text;
      break;
    case 'FeatureType': {
      const m = FEATURE_TYPE.exec(text);
      if (m?.[1] !== undefined && s.featureTypeId !== null)
        s.featureTypes.set(s.featureTypeId, m[1]);
      break;
    }
    case 'Feature':
      s.featureAsset = null;
      break;
    case 'VersionDetail':
      if (s.capture === 'detail' && s.featureAsset !== null && text.length > 0) {
        addAddress(s, s.featureAsset, text);
      }
      break;
    case 'DistinctParty':
      s.party = null;
      break;
    default:
      break;
  }
  s.capture = null;
}

function addAddress(s: State, asset: string, address: string): void {
  const key = `${asset}\u0000${address}`;
  if (s.seen.has(key)) return;
  s.seen.add(key);
  s.addresses.push({ asset, address, partyRef: s.party });
}

function result(s: State): SdnResult | SdnProblem {
  if (s.problem !== null) return s.problem;
  if (s.root === null)
    return { code: 'sanctions_file_unrecognised', message: 'the document is empty' };
  const { Year: y, Month: m, Day: d } = s.date;
  if (y === undefined || m === undefined || d === undefined) {
    return { code: 'sanctions_file_malformed', message: 'the list has no DateOfIssue' };
  }
  const issuedOn = `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(issuedOn) || Number.isNaN(Date.parse(issuedOn))) {
    return { code: 'sanctions_file_malformed', message: `DateOfIssue ${issuedOn} is not a date` };
  }
  if (s.featureTypes.size === 0) {
    return {
      code: 'sanctions_file_malformed',
      message: 'no "Digital Currency Address" feature types',
    };
  }
  const assets = [...new Set(s.featureTypes.values())].sort();
  return { issuedOn, assets, addresses: s.addresses };
}
