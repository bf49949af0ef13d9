import type { ComponentChildren } from 'preact';
import { useApp } from '../app-context';
import { fieldId } from '../form-model';
import type { LocalizedText } from '../i18n';
import { Msg } from './common';

/**
 * Form fields with real labels, hints and errors wired up for assistive technology: each
 * input names its hint and error with aria-describedby and says aria-invalid when wrong.
 * A field is addressed by its dotted path, the same path the API uses in its errors.
 */

/** What a field holds: text, a checkbox, or the choices of a multiple choice. */
export type FieldValue = string | boolean | string[];

export interface Binding {
  value: (path: string) => FieldValue | undefined;
  set: (path: string, value: FieldValue) => void;
  /** The messages to show at a field, in words. */
  errors: (path: string) => LocalizedText[];
}

interface Common {
  bind: Binding;
  path: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

const describedBy = (id: string, hint: unknown, errors: unknown[]) =>
  [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export const FieldErrors = ({ id, messages }: { id: string; messages: LocalizedText[] }) => {
  const { t } = useApp();
  if (messages.length === 0) return null;
  return (
    <p class="field-error" id={id}>
      {messages.map((m, i) => (
        <span key={m.text}>
          {i > 0 && <br />}
          <span class="visually-hidden">{t('errorPrefix')} </span>
          <Msg m={m} />
        </span>
      ))}
    </p>
  );
};

/** Under a label or legend: the hint, then the errors (both named by the input's aria-describedby). */
const HintAndErrors = ({ id, hint, errors }: { id: string; hint?: ComponentChildren; errors: LocalizedText[] }) => (
  <>
    {hint && (
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
    )}
    <FieldErrors id={`${id}-error`} messages={errors} />
  </>
);

const LabelText = ({ label, optional }: { label: string; optional?: boolean | undefined }) => {
  const { t } = useApp();
  return (
    <>
      {label}
      {optional && <span class="optional"> ({t('optional')})</span>}
    </>
  );
};

const FieldShell = ({
  id,
  label,
  optional,
  hint,
  errors,
  children,
  extraClass = '',
}: {
  id: string;
  label: string;
  optional?: boolean | undefined;
  hint?: ComponentChildren;
  errors: LocalizedText[];
  children: ComponentChildren;
  extraClass?: string;
}) => (
  <div class={`field ${extraClass} ${errors.length ? 'field--error' : ''}`}>
    <label for={id}>
      <LabelText label={label} optional={optional} />
    </label>
    <HintAndErrors id={id} hint={hint} errors={errors} />
    {children}
  </div>
);

export const TextField = ({
  bind,
  path,
  label,
  hint,
  optional,
  type = 'text',
  inputMode,
  autoComplete,
  size = 'full',
  extraHint,
}: Common & {
  type?: 'text' | 'email' | 'tel' | 'url' | 'datetime-local';
  inputMode?: 'numeric' | 'email' | 'tel' | 'url' | 'text';
  autoComplete?: string;
  size?: 'full' | 'short' | 'medium';
  extraHint?: string | undefined;
}) => {
  const id = fieldId(path);
  const errors = bind.errors(path);
  const hintText = [hint, extraHint].filter(Boolean).join(' ');
  // Preact's types tie attributes to each input type; these share the text-input ones.
  const inputType = type as 'text';
  return (
    <FieldShell id={id} label={label} optional={optional} hint={hintText} errors={errors} extraClass={`field--${size}`}>
      <input
        id={id}
        name={path}
        type={inputType}
        value={String(bind.value(path) ?? '')}
        inputMode={inputMode}
        autoComplete={autoComplete ?? 'off'}
        spellcheck={false}
        aria-required={optional ? undefined : 'true'}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, hintText, errors)}
        onInput={(e) => bind.set(path, e.currentTarget.value)}
      />
    </FieldShell>
  );
};

export const TextArea = ({ bind, path, label, hint, optional, rows = 3 }: Common & { rows?: number }) => {
  const id = fieldId(path);
  const errors = bind.errors(path);
  return (
    <FieldShell id={id} label={label} optional={optional} hint={hint} errors={errors}>
      <textarea
        id={id}
        name={path}
        rows={rows}
        value={String(bind.value(path) ?? '')}
        aria-required={optional ? undefined : 'true'}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        onInput={(e) => bind.set(path, e.currentTarget.value)}
      />
    </FieldShell>
  );
};

export interface Option {
  value: string;
  label: string;
}

/** The options of a select: an empty first choice (the placeholder), then the options. */
export const SelectOptions = ({ value, placeholder, options }: { value: string; placeholder: string; options: Option[] }) => (
  <>
    <option value="" selected={value === ''}>
      {placeholder}
    </option>
    {options.map((o) => (
      <option key={o.value} value={o.value} selected={o.value === value}>
        {o.label}
      </option>
    ))}
  </>
);

export const Select = ({ bind, path, label, hint, optional, options, placeholder }: Common & { options: Option[]; placeholder: string }) => {
  const id = fieldId(path);
  const errors = bind.errors(path);
  const value = String(bind.value(path) ?? '');
  return (
    <FieldShell id={id} label={label} optional={optional} hint={hint} errors={errors} extraClass="field--medium">
      <select
        id={id}
        name={path}
        aria-required={optional ? undefined : 'true'}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        onChange={(e) => bind.set(path, e.currentTarget.value)}
      >
        <SelectOptions value={value} placeholder={placeholder} options={options} />
      </select>
    </FieldShell>
  );
};

export const Checkbox = ({ bind, path, label, hint }: Common) => {
  const id = fieldId(path);
  const errors = bind.errors(path);
  return (
    <div class={`field field--checkbox ${errors.length ? 'field--error' : ''}`}>
      <FieldErrors id={`${id}-error`} messages={errors} />
      <input
        id={id}
        name={path}
        type="checkbox"
        checked={Boolean(bind.value(path))}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, errors)}
        onChange={(e) => bind.set(path, e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
};

/**
 * A choice among options (radio buttons) or a set of them (checkboxes), in a fieldset whose
 * legend is the question. The fieldset carries the id, so an error at the path focuses the
 * first option.
 */
export const ChoiceGroup = ({
  bind,
  path,
  label,
  hint,
  options,
  multiple = false,
  inline = false,
}: Common & { options: Option[]; multiple?: boolean; inline?: boolean }) => {
  const id = fieldId(path);
  const errors = bind.errors(path);
  const current = bind.value(path);
  const selected = new Set(Array.isArray(current) ? current.map(String) : [String(current ?? '')]);
  const toggle = (value: string, on: boolean) => {
    if (!multiple) return bind.set(path, value);
    const next = options.map((o) => o.value).filter((v) => (v === value ? on : selected.has(v)));
    bind.set(path, next);
  };
  return (
    <fieldset
      id={id}
      class={`field choices ${inline ? 'choices--inline' : ''} ${errors.length ? 'field--error' : ''}`}
      aria-describedby={describedBy(id, hint, errors)}
    >
      <legend>
        <LabelText label={label} />
      </legend>
      <HintAndErrors id={id} hint={hint} errors={errors} />
      {options.map((o) => {
        const optionId = `${id}-${o.value}`;
        return (
          <div class="choice" key={o.value}>
            <input
              id={optionId}
              type={multiple ? 'checkbox' : 'radio'}
              name={path}
              value={o.value}
              checked={selected.has(o.value)}
              onChange={(e) => toggle(o.value, e.currentTarget.checked)}
            />
            <label for={optionId}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
};
