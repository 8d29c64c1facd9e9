/** One choice of a drop-down: the value it stands for and the words shown. */
export interface Choice<T extends string> {
  value: T
  label: string
}

/**
 * A labelled drop-down. With `any`, a first choice of that name stands for "no choice" (value '', e.g.
 * "All operators" in a filter) and `onChange` gets null for it.
 */
export function ChoiceSelect<T extends string>(props: {
  label: string
  value: T | null
  choices: readonly Choice<T>[]
  onChange: (value: T | null) => void
  any?: string
}) {
  const { label, value, choices, onChange, any } = props
  return (
    <label>
      {label}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value === '' && any !== undefined ? null : (e.target.value as T))}>
        {any !== undefined && <option value="">{any}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  )
}

/** Choices whose words are their values (operator names, Package UIDs). */
export function asChoices(values: readonly string[]): Choice<string>[] {
  return values.map((value) => ({ value, label: value }))
}
