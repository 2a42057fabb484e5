/** A labelled text input whose value lives in the caller's state. */
export function Field(p: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'password';
  autoComplete?: string;
}) {
  return (
    <label>
      {p.label}{' '}
      <input
        name={p.name}
        type={p.type ?? 'text'}
        autoComplete={p.autoComplete}
        value={p.value}
        onChange={(e) => {
          p.onChange(e.target.value);
        }}
      />
    </label>
  );
}
