import { useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { fetchAnswer, type ApiResult, type Problem } from '../api.ts';
import { ProblemNote } from '../ui/common.tsx';
import { INTAKE_STRINGS } from '../console/strings/intake.ts';
import { useI18n, type Key } from '../portal/i18n.ts';

/**
 * What the intake page's parts share: posting a body and parsing the answer with the server's
 * schema, a labelled text area, a labelled choice among named things (names people typed, so the
 * list is left untranslated), and refusal codes said as sentences.
 */
export function post<S extends z.ZodType>(
  path: string,
  schema: S,
  body: unknown,
): Promise<ApiResult<z.output<S>>> {
  return fetchAnswer(path, schema, { method: 'POST', body: JSON.stringify(body) });
}

/** One line per item; blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

export function TextArea(p: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  hint?: ReactNode;
}) {
  return (
    <label className="form-field">
      {p.label}{' '}
      <textarea
        name={p.name}
        rows={3}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      />
      {p.hint === undefined ? null : <small className="muted">{p.hint}</small>}
    </label>
  );
}

/**
 * A choice among things people named (operations, cases, courts, exchanges): the names are theirs,
 * so the options are marked untranslated; `none` is the console's own word for choosing nothing.
 */
export function NamedChoice(p: {
  label: string;
  name: string;
  value: string;
  none: string;
  options: readonly (readonly [value: string, name: string])[];
  onChange: (v: string) => void;
}) {
  return (
    <label className="form-field">
      {p.label}{' '}
      {/* The list is people's names; its one word of the console's is translated already. */}
      <select
        name={p.name}
        value={p.value}
        translate="no"
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      >
        <option value="">{p.none}</option>
        {p.options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

const KEYS = new Set(Object.keys(INTAKE_STRINGS.en));

/** A refusal's code as a sentence in the console's language; an unknown one as the server said it. */
export function useCodeWords(): (code: string, message: string) => string {
  const { t } = useI18n();
  return (code, message) => {
    const key = `intake.code.${code}`;
    return KEYS.has(key) ? t(key as Key) : `${code}: ${message}`;
  };
}

/** Why an address typed is not valid, in words. */
export function useAddressWords(): (reason: string) => string {
  const { t } = useI18n();
  return (reason) => {
    const key = `intake.address.${reason}`;
    return KEYS.has(key) ? t(key as Key) : reason;
  };
}

/** A text field's value from a record row the server sent (operations and cases are rows). */
export function text(row: Readonly<Record<string, unknown>>, ...names: string[]): string {
  for (const n of names) {
    const v = row[n];
    if (typeof v === 'string') return v;
  }
  return '';
}

/** A step of the page: its title, its fields, its button, its refusal and what it did. */
export function StepForm(p: {
  title: string;
  submit: string;
  onSubmit: () => void;
  problem: Problem | null;
  done: ReactNode;
  children: ReactNode;
  busy?: boolean;
}) {
  return (
    <form
      aria-label={p.title}
      onSubmit={(e) => {
        e.preventDefault();
        p.onSubmit();
      }}
    >
      <h2>{p.title}</h2>
      {p.children}
      <button type="submit" disabled={p.busy === true}>
        {p.submit}
      </button>
      <ProblemNote problem={p.problem} />
      {p.done}
    </form>
  );
}

/** A form's text fields in one state, and a setter per field. */
export function useFields<T extends Readonly<Record<string, string>>>(
  initial: T,
): [T, (k: keyof T) => (v: string) => void] {
  const [f, setF] = useState(initial);
  return [
    f,
    (k) => (v) => {
      setF((old) => ({ ...old, [k]: v }));
    },
  ];
}
