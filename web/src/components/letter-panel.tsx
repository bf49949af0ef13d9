import { useMemo, useRef, useState } from 'preact/hooks';
import type { RegistrationView, StudentLetterView } from '../../../shared/contracts/http-responses';
import { useApp } from '../app-context';
import { formatList } from '../i18n';
import { ErrorNotice, Loading } from './common';

type Delivery = NonNullable<StudentLetterView['delivery']>;
const DELIVERY_STATES: (keyof Delivery)[] = ['pending', 'sent', 'bounced', 'complained', 'failed'];

/** When the letter goes out, in one sentence. */
const WhenItGoes = ({ letter, status }: { letter: StudentLetterView; status: RegistrationView['status'] }) => {
  const app = useApp();
  const { t, tv } = app;
  if (letter.sendsAt === null) return <p>{t('letterNotGoing', { status: tv('status', status).toLowerCase() })}</p>;
  const date = app.dt(letter.sendsAt);
  if (letter.status === 'SENT') return <p>{t('letterWentOut', { date })}</p>;
  if (letter.status === 'SENDING') return <p>{t('letterSending', { date })}</p>;
  return <p>{status === 'APPROVED' ? t('letterGoesOut', { date }) : t('letterGoesOutIfApproved', { date })}</p>;
};

const DeliveryTable = ({ delivery }: { delivery: Delivery }) => {
  const { t } = useApp();
  return (
    <div class="table-scroll">
      <table>
        <caption>{t('deliveryTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('deliveryState')}</th>
            <th scope="col">{t('deliveryCount')}</th>
          </tr>
        </thead>
        <tbody>
          {DELIVERY_STATES.map((s) => (
            <tr key={s}>
              <th scope="row">{t(`delivery_${s}`)}</th>
              <td>{delivery[s]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};

const FailedRecipients = ({ failed }: { failed: NonNullable<StudentLetterView['failedRecipients']> }) => {
  const { t } = useApp();
  if (failed.length === 0) return <p>{t('failedNone')}</p>;
  return (
    <>
      <h4>{t('failedTitle')}</h4>
      <p>{t('failedIntro')}</p>
      <div class="table-scroll">
        <table class="table-stack">
          <thead>
            <tr>
              <th scope="col">{t('colAddress')}</th>
              <th scope="col">{t('colName')}</th>
              <th scope="col">{t('colWhy')}</th>
            </tr>
          </thead>
          <tbody>
            {failed.map((f) => (
              <tr key={f.email}>
                <td data-label={t('colAddress')}>{f.email}</td>
                <td data-label={t('colName')}>{f.name ?? ''}</td>
                <td data-label={t('colWhy')}>{t(`delivery_${f.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
};

/**
 * E-mail HTML as a mail client shows it. The page's CSP allows no inline styles, and a frame's
 * `srcdoc` document lives under that CSP, so the e-mail's `style` attributes are moved aside and
 * applied through the CSSOM, which the CSP does not govern. No script runs in the frame (no
 * `allow-scripts`); `allow-same-origin` only lets this page set those styles.
 */
const EmailFrame = ({ html, title }: { html: string; title: string }) => {
  const frame = useRef<HTMLIFrameElement>(null);
  // The templates write every style attribute as style="…"; user text is escaped, so it cannot contain that sequence.
  const srcdoc = useMemo(() => html.replace(/\sstyle="([^"]*)"/g, ' data-mail-style="$1"'), [html]);
  const applyStyles = () => {
    const doc = frame.current?.contentDocument;
    if (!doc) return;
    for (const el of doc.querySelectorAll<HTMLElement>('[data-mail-style]')) el.style.cssText = el.dataset.mailStyle ?? '';
  };
  return <iframe ref={frame} class="letter-frame" title={title} sandbox="allow-same-origin" srcdoc={srcdoc} onLoad={applyStyles} />;
};

/**
 * The letter the students get, as the API renders it with the mail's own templates: when it
 * goes out, its subject and languages, the e-mail itself (HTML in a sandboxed frame where no script
 * runs) or its plain text, and once sent the delivery counts and, for the
 * owner, the addresses it did not reach. Loaded when asked for.
 */
export const LetterPanel = ({ registration }: { registration: RegistrationView }) => {
  const app = useApp();
  const { t } = app;
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<{ letter: StudentLetterView | null; error: unknown; loading: boolean }>({ letter: null, error: null, loading: false });
  const [asText, setAsText] = useState(false);
  const notice = registration.kind === 'midterm' ? 'letter' : 'software';

  const load = async () => {
    setState({ letter: null, error: null, loading: true });
    try {
      setState({ letter: await app.api.letter(registration.id), error: null, loading: false });
    } catch (error) {
      setState({ letter: null, error, loading: false });
    }
  };
  const toggle = () => {
    if (!open && !state.letter) void load();
    setOpen(!open);
  };
  const letter = state.letter;

  return (
    <section class="staff-panel" aria-labelledby="letter-title">
      <h3 id="letter-title">{t(`letterTitle_${notice}`)}</h3>
      <p>{t(`letterIntro_${notice}`)}</p>
      <button type="button" class="button button--secondary" aria-expanded={open} aria-controls="letter-body" onClick={toggle}>
        {open ? t('letterHide') : t('letterShow')}
      </button>
      <div id="letter-body" hidden={!open}>
        {open && state.loading && <Loading />}
        {open && state.error !== null && <ErrorNotice error={state.error} onRetry={() => void load()} />}
        {open && letter && (
          <>
            <WhenItGoes letter={letter} status={registration.status} />
            <p class="hint">{letter.source === 'preview' ? t('letterPreview') : t('letterAsSent')}</p>
            <dl class="facts">
              <div>
                <dt>{t('letterSubject')}</dt>
                <dd>{letter.subject}</dd>
              </div>
              <div>
                <dt>{t('letterLanguages')}</dt>
                <dd>
                  {formatList(
                    app.lang,
                    letter.languages.map((l) => t(`letterLang_${l}`)),
                  )}
                </dd>
              </div>
            </dl>
            <fieldset class="choices choices--inline">
              <legend>{t('letterShowAs')}</legend>
              <div class="choice">
                <input type="radio" id="letter-as-email" name="letter-as" checked={!asText} onChange={() => setAsText(false)} />
                <label for="letter-as-email">{t('letterAsEmail')}</label>
              </div>
              <div class="choice">
                <input type="radio" id="letter-as-text" name="letter-as" checked={asText} onChange={() => setAsText(true)} />
                <label for="letter-as-text">{t('letterAsText')}</label>
              </div>
            </fieldset>
            {asText ? (
              <pre class="letter-text" tabIndex={0} aria-label={t('letterAsText')}>
                {letter.text}
              </pre>
            ) : (
              <EmailFrame html={letter.html} title={t('letterFrameTitle')} />
            )}
            {letter.delivery && <DeliveryTable delivery={letter.delivery} />}
            {letter.failedRecipients && <FailedRecipients failed={letter.failedRecipients} />}
          </>
        )}
      </div>
    </section>
  );
};
