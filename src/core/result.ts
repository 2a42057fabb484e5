/**
 * Expected outcomes are values. `code` reads like a sentence (`exceeds_credits`), and `detail` carries
 * the evidence a caller needs to act or to show the user why.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E extends string> = {
  readonly ok: false;
  readonly code: E;
  readonly message: string;
  readonly detail?: Readonly<Record<string, unknown>>;
};
export type Result<T, E extends string> = Ok<T> | Err<E>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<E extends string>(
  code: E,
  message: string,
  detail?: Readonly<Record<string, unknown>>,
): Err<E> {
  return detail === undefined ? { ok: false, code, message } : { ok: false, code, message, detail };
}

export function isErr<T, E extends string>(r: Result<T, E>): r is Err<E> {
  return !r.ok;
}
