import type { ReactNode } from 'react';

/**
 * A labelled form field whose value lives in the caller's state. The label wraps the control, so
 * screen readers name it; a hint and an error sit under it and are announced with it.
 */
export function FormField(p: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'password' | 'date' | 'number' | 'email';
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  error?: string | null;
}) {
  const described = p.error !== undefined && p.error !== null ? `${p.name}-error` : undefined;
  return (
    <label className="form-field">
      {p.label}{' '}
      <input
        name={p.name}
        type={p.type ?? 'text'}
        autoComplete={p.autoComplete}
        required={p.required}
        value={p.value}
        aria-invalid={described === undefined ? undefined : true}
        aria-describedby={described}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      />
      {p.hint === undefined ? null : <small className="muted">{p.hint}</small>}
      {described === undefined ? null : (
        <small className="error" id={described}>
          {p.error}
        </small>
      )}
    </label>
  );
}

/** A labelled choice from a closed list: the options' values and what people read for each. */
export function SelectField(p: {
  label: string;
  name: string;
  value: string;
  options: readonly (readonly [value: string, label: string])[];
  onChange: (v: string) => void;
  children?: ReactNode;
}) {
  return (
    <label className="form-field">
      {p.label}{' '}
      <select
        name={p.name}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      >
        {p.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      {p.children}
    </label>
  );
}
