import { useEffect, useMemo, useState } from 'react';
import {
  LOCALES,
  rememberLang,
  storedLang,
  storedUserLang,
  translate,
  type I18n,
  type Lang,
} from '../portal/i18n.ts';

/**
 * The one language of the whole app (portal and console): the browser's last choice until someone
 * logs in, then that person's own choice if they made one; a change is kept for both.
 */
export function useLanguage(userId: string | null): I18n {
  const [lang, setLang] = useState<Lang>(storedLang);
  useEffect(() => {
    if (userId === null) return;
    const own = storedUserLang(userId);
    if (own !== null) setLang(own);
  }, [userId]);
  useEffect(() => {
    rememberLang(lang, userId ?? undefined);
  }, [lang, userId]);
  return useMemo(
    () => ({
      lang,
      locale: LOCALES[lang],
      setLang,
      t: (key, vars) => translate(lang, key, vars),
    }),
    [lang],
  );
}
