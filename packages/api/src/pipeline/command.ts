import type { Sql } from '@cafe/db';
import type { EndpointDoc } from '@cafe/http';
import type { ApiEnv, EventEnvelope, NewEvent } from '@cafe/shared';
import type { UnreadCounters } from '../inbox/unread-counters';
import type { ModerationCheck } from '../moderation/assert-moderation';
import type { OverrideCheck } from '../operator/assert-override';
import type { CallerRole } from '../operator/caller-role';
import type { PermissionSubject } from '../permissions/assert-permission';
import type { QueryReader } from '../request/query';
import type { GateCheck } from '../tables/decide-gate';
import type { Trace } from '../traces/trace-store';

/** What the HTTP layer hands a command: the parsed body, decoded path params, the query. */
export interface CommandRequest {
  body: Record<string, unknown>;
  params: Readonly<Record<string, string>>;
  query: QueryReader;
  requestId: string;
  callerRole: CallerRole;
}

/** Who a request is about and how it is keyed: idempotency scope, locks, trace subject. */
export interface CommandKey {
  tenantId: string;
  roomId?: string;
  actorId?: string;
  scope: string;
  /** Advisory-lock keys (built by `locks` in keys.ts) held with the idempotency key until commit. */
  locks?: string[];
  /** The body's `correlationId`, when it gave one. */
  correlationId?: string;
  /** The path as requested (traces), when it differs from the declared pattern. */
  route?: string;
}

/** What every step inside the transaction may use. */
export interface CommandContext {
  tx: Sql;
  now: Date;
  correlationId: string;
  requestId: string;
  trace: Trace;
  env: ApiEnv;
  /** The Redis unread counters, adjusted after commit. */
  unread: UnreadCounters;
  /** Work to run after a successful commit (best effort: Redis counters and the like). */
  onCommit(task: () => Promise<unknown> | unknown): void;
}

/** What `prepare` may use: the pool (no transaction is open), and the key it hands a provider. */
export interface PrepareContext {
  sql: Sql;
  env: ApiEnv;
  requestId: string;
  /** Derived from the request's Idempotency-Key and scope: the same on every retry of the request. */
  providerIdempotencyKey: string;
}

/** What `decide` sees besides the input and the loaded state: no I/O. */
export type DecideContext = Pick<CommandContext, 'now' | 'correlationId' | 'requestId' | 'env'>;

/** A decision: the events to append (in order) plus whatever state the module persists. */
export interface CommandDecision {
  events: NewEvent[];
}

export interface CommandResponse {
  status: number;
  data: Record<string, unknown>;
}

/**
 * One mutating endpoint, declared. The runner (run-command.ts) carries out the step order for
 * every module: operator role → pre-checks (`parse`) → idempotency → [`prepare`, outside the
 * transaction] → gate → permission → override → late validation (`validate`) → input gate
 * (`gateInput`) → `load` → moderation → `decide` → append → `persist` → `respond`. A module
 * names which checks it opts into and supplies only what differs.
 *
 * `Pre` is the input the pre-checks produce (enough to key the request); `Input` adds the
 * fields the contract validates late, after the override check.
 */
export interface Command<Pre, Input = Pre, State = undefined, Decision extends CommandDecision = CommandDecision, Persisted = undefined> {
  method: 'POST' | 'PATCH' | 'DELETE';
  /** h3 route pattern (`/v1/profiles/:actorId`). */
  path: string;
  /**
   * What the OpenAPI document says about the endpoint (summary, body schema, answer, errors,
   * example). Modules without one are described in openapi/command-docs.ts.
   */
  doc?: EndpointDoc;
  /** Pre-checks: body and path validation that fail even without an idempotency key. */
  parse(request: CommandRequest, env: ApiEnv): Pre;
  /**
   * Pre-checks that need the database; the contract runs them before the key check. May
   * return the input completed with what it read (a task's room or a subscription's tenant,
   * which their scopes name), or with work that must not run inside the shared write
   * transaction (a DLQ replay's HTTP, which needs the request's key).
   */
  precheck?(sql: Sql, pre: Pre, request: { hasIdempotencyKey: boolean; idempotencyKey?: string }): Promise<Pre | void>;
  key(pre: Pre, request: CommandRequest): CommandKey;
  /**
   * The private-table gate (docs/private-tables.md#the-gate), right after the idempotency check and before the
   * permission check (docs/api.md#commands). Rooms without a `private_table` record pass untouched.
   */
  gate?(pre: Pre): GateCheck | undefined;
  /**
   * The gate for routes whose gated room is known only from the validated body (subscriptions:
   * the contract validates their body first). Runs right after `validate`, inside the
   * transaction; it never counts seats.
   */
  gateInput?(input: Input): GateCheck | undefined;
  /**
   * Slow work against a third party (the payment provider) that must not hold a database
   * connection or lock while it waits. Runs after the key check and before the transaction,
   * only for a request whose key has no stored answer yet (a replay never calls out again),
   * and after a pre-flight of the gate and the override so a refused request is not charged;
   * both checks run again inside the transaction. The result reaches `load` as its third
   * argument.
   */
  prepare?(ctx: PrepareContext, pre: Pre): Promise<unknown>;
  /** Needs the operator credential (when one is configured), checked first; the action name it reports. */
  operatorOnly?: string;
  permission?(pre: Pre): PermissionSubject;
  override?(pre: Pre): OverrideCheck;
  /** Route-specific validation the contract runs after the override check. */
  validate?(pre: Pre, request: CommandRequest, env: ApiEnv): Input;
  moderation?(input: Input): Omit<ModerationCheck, 'tenantId' | 'roomId' | 'actorId'> & Partial<ModerationCheck>;
  load?(ctx: CommandContext, input: Input, prepared: unknown): Promise<State>;
  decide(input: Input, state: State, ctx: DecideContext): Decision;
  persist?(ctx: CommandContext, decision: Decision, appended: EventEnvelope[]): Promise<Persisted>;
  respond(result: { input: Input; decision: Decision; appended: EventEnvelope[]; persisted: Persisted; correlationId: string; now: Date }): CommandResponse;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any, any, any, any, any>;

/** Declares a command module (an identity function that lets TypeScript infer the generics). */
export function defineCommand<Pre, Input = Pre, State = undefined, Decision extends CommandDecision = CommandDecision, Persisted = undefined>(
  command: Command<Pre, Input, State, Decision, Persisted>,
): Command<Pre, Input, State, Decision, Persisted> {
  return command;
}
