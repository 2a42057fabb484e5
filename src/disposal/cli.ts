import { userInfo } from 'node:os';
import type { Command } from '@commander-js/extra-typings';
import { configOrFail, type Access, type WithKazna } from '../cli/run.ts';
import { CliFailure, EXIT_USAGE, printJson, printLine } from '../cli/io.ts';
import type { Actor } from '../core/identity.ts';
import { reportCsv, reportJson, type Disposal } from './service.ts';

/**
 * `kazna reserve disposal …`: the same service commands as the API, run by the operator at the
 * server's shell (recorded as `cli:<user>`). The steps that move a lot or money only create their
 * approval request here; people approve it through the API, as for any other request.
 */
export interface DisposalOut {
  line(text: string): void;
  json(value: unknown): void;
}

const STD_OUT: DisposalOut = { line: printLine, json: printJson };

export function operator(): Actor {
  return { kind: 'system', id: `cli:${userInfo().username}`, roles: [], organisationId: null };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

function must<T>(r: Outcome<T>): T {
  if (!r.ok) throw new CliFailure(`${r.code}: ${r.message}`, 1, r.code);
  return r.value;
}

function show(out: DisposalOut, json: boolean | undefined, value: unknown, text: string): void {
  if (json === true) out.json(value);
  else out.line(text);
}

function governedText(v: { requestId: string; state: string }): string {
  return v.state === 'applied'
    ? `applied (request ${v.requestId})`
    : `request ${v.requestId} waits for approval`;
}

export async function auctionCreateCli(
  s: Disposal,
  actor: Actor,
  o: { lot: readonly string[]; reservePrice: string; closesAt: string; json?: boolean },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  const v = must(
    await s.requestAuction(actor, {
      lotIds: o.lot,
      reservePrice: o.reservePrice,
      closesAt: o.closesAt,
    }),
  );
  show(out, o.json, v, `auction ${v.auctionId}: ${governedText(v)}`);
}

export async function auctionStepCli(
  s: Disposal,
  actor: Actor,
  step: 'close' | 'award',
  auctionId: string,
  o: { json?: boolean },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  if (step === 'close') {
    show(out, o.json, must(await s.closeAuction(actor, auctionId)), `auction ${auctionId} closed`);
    return;
  }
  const v = must(await s.requestAward(actor, auctionId));
  show(out, o.json, v, `award of ${auctionId}: ${governedText(v)}`);
}

export async function bidderCli(
  s: Disposal,
  actor: Actor,
  o: { auction: string; kyc: string; address: string; json?: boolean },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  const v = must(await s.registerBidder(actor, o.auction, { kycRef: o.kyc, address: o.address }));
  show(out, o.json, v, `bidder ${v.bidderId} registered`);
}

export async function bidCli(
  s: Disposal,
  actor: Actor,
  o: { auction: string; lot: string; bidder: string; commitment: string; json?: boolean },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  const v = must(
    await s.commitBid(actor, o.auction, {
      lotId: o.lot,
      bidderId: o.bidder,
      commitment: o.commitment,
    }),
  );
  show(out, o.json, v, `sealed bid ${v.bidId} recorded`);
}

export async function revealCli(
  s: Disposal,
  actor: Actor,
  o: { auction: string; bid: string; price: string; salt: string; json?: boolean },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  const v = must(
    await s.revealBid(actor, o.auction, { bidId: o.bid, price: o.price, salt: o.salt }),
  );
  show(
    out,
    o.json,
    v,
    v.valid ? 'bid opened: valid' : `bid opened: invalid (${v.invalidReason ?? ''})`,
  );
}

export async function otcPlanCli(
  s: Disposal,
  actor: Actor,
  o: {
    lot: string;
    tranche: readonly string[];
    counterparty: string;
    shareBps: string;
    toleranceBps: string;
    json?: boolean;
  },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  const share = Number(o.shareBps);
  const tolerance = Number(o.toleranceBps);
  if (!Number.isInteger(share) || !Number.isInteger(tolerance)) {
    throw new CliFailure(
      '--share-bps and --tolerance-bps are whole basis points',
      EXIT_USAGE,
      'usage',
    );
  }
  const v = must(
    await s.requestPlan(actor, {
      lotId: o.lot,
      counterpartyRef: o.counterparty,
      maxVolumeShareBps: share,
      toleranceBps: tolerance,
      tranches: o.tranche,
    }),
  );
  show(out, o.json, v, `plan ${v.planId}: ${governedText(v)}`);
}

export async function otcExecuteCli(
  s: Disposal,
  actor: Actor,
  o: { plan: string; tranche: string; day: string; price: string; volume?: string; json?: boolean },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  const trancheNo = Number(o.tranche);
  if (!Number.isInteger(trancheNo))
    throw new CliFailure('--tranche is a number', EXIT_USAGE, 'usage');
  const v = must(
    await s.requestTranche(actor, o.plan, {
      trancheNo,
      day: o.day,
      executionPrice: o.price,
      dailyVolume: o.volume ?? null,
    }),
  );
  show(out, o.json, v, `tranche ${trancheNo}: ${governedText(v)}`);
}

export async function reportCli(
  s: Disposal,
  planId: string,
  o: { csv?: boolean },
  out: DisposalOut = STD_OUT,
): Promise<void> {
  const r = must(await s.report(planId));
  if (o.csv === true) out.line(reportCsv(r).trimEnd());
  else out.json(reportJson(r));
}

/** Adds `disposal` under the `reserve` command, creating `reserve` if no one has yet. */
export function registerDisposalCommands(program: Command, withKazna: WithKazna): void {
  const reserve =
    (program.commands.find((c) => c.name() === 'reserve') as Command | undefined) ??
    program.command('reserve').description('the reserve');
  const disposal = reserve.command('disposal').description('sell forfeited crypto: auctions, OTC');
  const run = (f: (s: Disposal) => Promise<void>, access: Access = 'write') =>
    withKazna(configOrFail(), (k) => f(k.services.disposal), access);
  const auction = disposal.command('auction').description('sealed-bid auctions');
  auction
    .command('create')
    .requiredOption('--lot <id...>', 'forfeited, earmarked lots to offer')
    .requiredOption('--reserve-price <usd>', 'lowest price per whole unit, USD')
    .requiredOption('--closes-at <iso>', 'when bidding ends (ISO 8601)')
    .option('--json', 'print JSON')
    .action((o) => run((s) => auctionCreateCli(s, operator(), o)));
  auction
    .command('bidder')
    .requiredOption('--auction <id>')
    .requiredOption('--kyc <ref>', 'opaque KYC reference, e.g. kyc:7f3a…')
    .requiredOption('--address <address>', 'where the crypto would be delivered')
    .option('--json', 'print JSON')
    .action((o) => run((s) => bidderCli(s, operator(), o)));
  auction
    .command('bid')
    .requiredOption('--auction <id>')
    .requiredOption('--lot <id>')
    .requiredOption('--bidder <id>')
    .requiredOption('--commitment <sha256>', 'the bidder’s sealed commitment')
    .option('--json', 'print JSON')
    .action((o) => run((s) => bidCli(s, operator(), o)));
  for (const step of ['close', 'award'] as const) {
    auction
      .command(step)
      .argument('<auction>')
      .option('--json', 'print JSON')
      .action((id, o) => run((s) => auctionStepCli(s, operator(), step, id, o)));
  }
  auction
    .command('reveal')
    .requiredOption('--auction <id>')
    .requiredOption('--bid <id>')
    .requiredOption('--price <usd>')
    .requiredOption('--salt <salt>')
    .option('--json', 'print JSON')
    .action((o) => run((s) => revealCli(s, operator(), o)));
  registerOtcCommands(disposal, run);
}

function registerOtcCommands(
  disposal: Command,
  run: (f: (s: Disposal) => Promise<void>, access?: Access) => Promise<void>,
): void {
  const otc = disposal.command('otc').description('OTC tranche plans');
  otc
    .command('plan')
    .requiredOption('--lot <id>')
    .requiredOption('--tranche <amount...>', 'each tranche, in the lot’s asset')
    .requiredOption('--counterparty <ref>', 'opaque reference of the OTC desk')
    .option('--share-bps <bps>', 'largest share of the day’s volume per tranche', '1000')
    .option('--tolerance-bps <bps>', 'slippage above which a tranche is flagged', '100')
    .option('--json', 'print JSON')
    .action((o) => run((s) => otcPlanCli(s, operator(), o)));
  otc
    .command('execute')
    .requiredOption('--plan <id>')
    .requiredOption('--tranche <no>')
    .requiredOption('--day <date>')
    .requiredOption('--price <usd>', 'execution price per whole unit')
    .option('--volume <amount>', 'the day’s volume when the market data has none')
    .option('--json', 'print JSON')
    .action((o) => run((s) => otcExecuteCli(s, operator(), o)));
  disposal
    .command('report')
    .argument('<plan>')
    .option('--csv', 'print CSV instead of JSON')
    .action((plan, o) => run((s) => reportCli(s, plan, o), 'read'));
}
