import { useEffect, useState } from 'react';
import { useI18n } from '../portal/i18n.ts';
import { Field } from '../pages/Field.tsx';
import { issuesAt, issueText, type DraftIssue, type Path } from './draft.ts';

/**
 * The editor's inputs: a field whose text is parsed into the draft (a list, hours, a count) keeps
 * what the person typed until it parses to something else, so "1," or "1." can be typed through;
 * each shows the schema's errors for its own path beneath it, tied to the input for screen readers.
 */
export function Errors({ issues, path }: { issues: readonly DraftIssue[]; path: Path }) {
  const say = useI18n();
  const mine = issuesAt(issues, path);
  if (mine.length === 0) return null;
  return (
    <span className="error" role="alert" data-path={path.join('.')}>
      {mine.map((i) => issueText(say, i)).join(' ')}
    </span>
  );
}

/** The errors at exactly this path, in words, for a field to show and announce as its own. */
export function useFieldError(issues: readonly DraftIssue[], path: Path): string | null {
  const say = useI18n();
  const mine = issuesAt(issues, path);
  return mine.length === 0 ? null : mine.map((i) => issueText(say, i)).join(' ');
}

export function ParsedField(p: {
  label: string;
  name: string;
  /** The draft's value as text. */
  value: string;
  /** The text as the draft would store it, to tell a half-typed value from a changed one. */
  normalise: (text: string) => string;
  onText: (text: string) => void;
  issues: readonly DraftIssue[];
  path: Path;
}) {
  const [text, setText] = useState(p.value);
  const { normalise, value } = p;
  const error = useFieldError(p.issues, p.path);
  useEffect(() => {
    setText((now) => (normalise(now) === value ? now : value));
  }, [value, normalise]);
  return (
    <div className="policy-field">
      <Field
        label={p.label}
        name={p.name}
        value={text}
        onChange={(v) => {
          setText(v);
          p.onText(v);
        }}
        error={error}
      />
    </div>
  );
}

export function Choice<V extends string>(p: {
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
}) {
  return (
    <label>
      {p.label}{' '}
      <select
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value as V);
        }}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A set chosen from a fixed list (roles, assets, destinations), as checkboxes. */
export function Checks<V extends string>(p: {
  legend: string;
  chosen: readonly V[];
  options: readonly { value: V; label: string }[];
  onChange: (v: V[]) => void;
}) {
  return (
    <fieldset className="policy-checks">
      <legend>{p.legend}</legend>
      {p.options.map((o) => (
        <label key={o.value}>
          <input
            type="checkbox"
            checked={p.chosen.includes(o.value)}
            onChange={(e) => {
              const rest = p.chosen.filter((c) => c !== o.value);
              p.onChange(e.target.checked ? [...rest, o.value] : rest);
            }}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
