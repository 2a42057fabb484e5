import { pageStrings } from './define.ts';

/** The strings of signing a content with a passkey or this browser's key, and why it failed. */
export const SIGNING_STRINGS = pageStrings({
  en: {
    'signing.withPasskey': 'Sign with a passkey',
    'signing.withKey': 'Sign with this browser’s key',
    'signing.none':
      'You have no passkey and this browser holds no signing key of yours, so you cannot sign here yet.',
    'signing.toSecurity': 'Register one on the Security page.',
    'signing.error.passkey_unsupported': 'This browser cannot use passkeys.',
    'signing.error.passkey_cancelled':
      'No passkey was used: the prompt was dismissed or timed out.',
    'signing.error.browser_key_missing': 'This browser holds no signing key of yours.',
    'signing.error.browser_key_failed': 'This browser could not sign with its key.',
    'signing.error.signing_key_not_registered': 'You have no registered signing key.',
    'signing.error.signing_key_revoked': 'The key that made this signature has been revoked.',
    'signing.error.signature_invalid': 'The signature does not match this content and your keys.',
    'signing.error.passkey_not_registered': 'This passkey is not one of yours registered here.',
    'signing.error.passkey_revoked': 'This passkey has been revoked.',
    'signing.error.passkey_response_invalid':
      'The passkey’s answer does not verify for this content.',
  },
  ru: {
    'signing.withPasskey': 'Подписать ключом доступа',
    'signing.withKey': 'Подписать ключом этого браузера',
    'signing.none':
      'У вас нет ключа доступа, а в этом браузере нет вашего ключа подписи, поэтому подписать здесь пока нельзя.',
    'signing.toSecurity': 'Зарегистрируйте его на странице «Безопасность».',
    'signing.error.passkey_unsupported': 'Этот браузер не поддерживает ключи доступа.',
    'signing.error.passkey_cancelled':
      'Ключ доступа не использован: запрос закрыт или истекло время.',
    'signing.error.browser_key_missing': 'В этом браузере нет вашего ключа подписи.',
    'signing.error.browser_key_failed': 'Браузер не смог подписать своим ключом.',
    'signing.error.signing_key_not_registered': 'У вас нет зарегистрированного ключа подписи.',
    'signing.error.signing_key_revoked': 'Ключ, которым сделана эта подпись, отозван.',
    'signing.error.signature_invalid': 'Подпись не соответствует этому содержанию и вашим ключам.',
    'signing.error.passkey_not_registered':
      'Этот ключ доступа не зарегистрирован здесь на ваше имя.',
    'signing.error.passkey_revoked': 'Этот ключ доступа отозван.',
    'signing.error.passkey_response_invalid':
      'Ответ ключа доступа не проходит проверку для этого содержания.',
  },
  kk: {
    'signing.withPasskey': 'Кіру кілтімен қол қою',
    'signing.withKey': 'Осы браузердің кілтімен қол қою',
    'signing.none':
      'Сізде кіру кілті жоқ, ал бұл браузерде сіздің қолтаңба кілтіңіз жоқ, сондықтан мұнда әзірге қол қоя алмайсыз.',
    'signing.toSecurity': 'Оны «Қауіпсіздік» бетінде тіркеңіз.',
    'signing.error.passkey_unsupported': 'Бұл браузер кіру кілттерін қолдамайды.',
    'signing.error.passkey_cancelled': 'Кіру кілті қолданылмады: сұрау жабылды немесе уақыты өтті.',
    'signing.error.browser_key_missing': 'Бұл браузерде сіздің қолтаңба кілтіңіз жоқ.',
    'signing.error.browser_key_failed': 'Браузер өз кілтімен қол қоя алмады.',
    'signing.error.signing_key_not_registered': 'Сізде тіркелген қолтаңба кілті жоқ.',
    'signing.error.signing_key_revoked': 'Бұл қолтаңбаны жасаған кілт кері қайтарылған.',
    'signing.error.signature_invalid':
      'Қолтаңба осы мазмұнға және сіздің кілттеріңізге сәйкес емес.',
    'signing.error.passkey_not_registered': 'Бұл кіру кілті мұнда сіздің атыңызға тіркелмеген.',
    'signing.error.passkey_revoked': 'Бұл кіру кілті кері қайтарылған.',
    'signing.error.passkey_response_invalid':
      'Кіру кілтінің жауабы осы мазмұн үшін тексеруден өтпейді.',
  },
});
