import { pageStrings } from './define.ts';

/** The strings of proposing a hand-off and of each officer signing it in their own session. */
export const HANDOFF_STRINGS = pageStrings({
  en: {
    'browserKey.title': 'A signing key in this browser',
    'browserKey.help':
      'For devices without a passkey: this browser makes a key it cannot export and registers its public half, confirmed by your password.',
    'browserKey.create': 'Create a key in this browser',
    'browserKey.held': 'This browser holds a signing key of yours.',
    'handoff.proposeTitle': 'Propose a hand-off',
    'handoff.proposeHelp':
      'Kazna fixes the text of the hand-off; then each officer, logged in here, signs it with a passkey or their browser key.',
    'handoff.propose': 'Propose the hand-off',
    'handoff.proposed': 'Proposed. Each officer now signs it in their own session.',
    'handoff.mine': 'Waiting for your signature',
    'handoff.mineNone': 'No hand-off waits for your signature.',
    'handoff.signTitle': 'Hand-off {id}',
    'handoff.asReleasing': 'You sign as the releasing officer.',
    'handoff.asReceiving': 'You sign as the receiving officer.',
    'handoff.text': 'The exact text you sign',
    'handoff.signatures': 'Signatures',
    'handoff.signedBy': '{name}: signed',
    'handoff.awaiting': '{name}: awaited',
    'handoff.sign': 'Sign',
    'handoff.yourTurnDone': 'Your signature is recorded; the other officer signs next.',
    'handoff.completed': 'Both officers have signed: the hand-off is recorded.',
    'handoff.close': 'Close',
    'handoff.error.lot_is_empty':
      'A chosen lot holds nothing any more: there is nothing to hand over.',
    'handoff.error.lot_left_custody':
      'A chosen lot has left custody (returned, released, disposed of or paid out) and cannot be handed over.',
    'handoff.error.lot_not_held_by_releasing_organisation':
      'A chosen lot is not held by the releasing organisation.',
    'handoff.error.not_handoff_officer': 'Only the two officers this hand-off names can sign it.',
    'handoff.error.handoff_already_signed': 'This side of the hand-off has already been signed.',
    'handoff.error.handoff_cancelled': 'This proposed hand-off was cancelled.',
    'handoff.error.handoff_exists': 'This hand-off is already recorded.',
    'handoff.error.officers_must_differ': 'Two different officers sign a hand-off.',
    'handoff.error.organisations_must_differ': 'A hand-off goes to another organisation.',
    'handoff.error.officer_not_in_organisation':
      'An officer does not belong to the organisation they sign for.',
  },
  ru: {
    'browserKey.title': 'Ключ подписи в этом браузере',
    'browserKey.help':
      'Для устройств без ключа доступа: этот браузер создаёт ключ, который нельзя извлечь, и регистрирует его открытую часть, подтверждённую вашим паролем.',
    'browserKey.create': 'Создать ключ в этом браузере',
    'browserKey.held': 'В этом браузере есть ваш ключ подписи.',
    'handoff.proposeTitle': 'Предложить передачу',
    'handoff.proposeHelp':
      'Kazna фиксирует текст передачи; затем каждый сотрудник, войдя здесь, подписывает его ключом доступа или ключом своего браузера.',
    'handoff.propose': 'Предложить передачу',
    'handoff.proposed': 'Предложено. Теперь каждый сотрудник подписывает её в своём сеансе.',
    'handoff.mine': 'Ждут вашей подписи',
    'handoff.mineNone': 'Ни одна передача не ждёт вашей подписи.',
    'handoff.signTitle': 'Передача {id}',
    'handoff.asReleasing': 'Вы подписываете как передающий сотрудник.',
    'handoff.asReceiving': 'Вы подписываете как принимающий сотрудник.',
    'handoff.text': 'Точный текст, который вы подписываете',
    'handoff.signatures': 'Подписи',
    'handoff.signedBy': '{name}: подписано',
    'handoff.awaiting': '{name}: ожидается',
    'handoff.sign': 'Подписать',
    'handoff.yourTurnDone': 'Ваша подпись записана; следующим подписывает другой сотрудник.',
    'handoff.completed': 'Оба сотрудника подписали: передача записана.',
    'handoff.close': 'Закрыть',
    'handoff.error.lot_is_empty': 'В выбранном лоте больше ничего нет: передавать нечего.',
    'handoff.error.lot_left_custody':
      'Выбранный лот уже вышел из-под хранения (возвращён, освобождён, реализован или выплачен) и не может быть передан.',
    'handoff.error.lot_not_held_by_releasing_organisation':
      'Выбранный лот хранится не у передающей организации.',
    'handoff.error.not_handoff_officer':
      'Подписать эту передачу могут только два названных в ней сотрудника.',
    'handoff.error.handoff_already_signed': 'Эта сторона передачи уже подписана.',
    'handoff.error.handoff_cancelled': 'Эта предложенная передача отменена.',
    'handoff.error.handoff_exists': 'Эта передача уже записана.',
    'handoff.error.officers_must_differ': 'Передачу подписывают два разных сотрудника.',
    'handoff.error.organisations_must_differ': 'Передача идёт в другую организацию.',
    'handoff.error.officer_not_in_organisation':
      'Сотрудник не состоит в организации, за которую подписывает.',
  },
  kk: {
    'browserKey.title': 'Осы браузердегі қолтаңба кілті',
    'browserKey.help':
      'Кіру кілті жоқ құрылғыларға арналған: бұл браузер шығарып алуға болмайтын кілт жасап, оның ашық бөлігін құпиясөзіңізбен расталған түрде тіркейді.',
    'browserKey.create': 'Осы браузерде кілт жасау',
    'browserKey.held': 'Бұл браузерде сіздің қолтаңба кілтіңіз бар.',
    'handoff.proposeTitle': 'Беруді ұсыну',
    'handoff.proposeHelp':
      'Kazna беру мәтінін бекітеді; содан кейін әр қызметкер осында кіріп, оған кіру кілтімен немесе өз браузерінің кілтімен қол қояды.',
    'handoff.propose': 'Беруді ұсыну',
    'handoff.proposed': 'Ұсынылды. Енді әр қызметкер өз сеансында қол қояды.',
    'handoff.mine': 'Сіздің қолыңызды күтуде',
    'handoff.mineNone': 'Сіздің қолыңызды күтетін беру жоқ.',
    'handoff.signTitle': '{id} беруі',
    'handoff.asReleasing': 'Сіз беретін қызметкер ретінде қол қоясыз.',
    'handoff.asReceiving': 'Сіз қабылдайтын қызметкер ретінде қол қоясыз.',
    'handoff.text': 'Сіз қол қоятын нақты мәтін',
    'handoff.signatures': 'Қолтаңбалар',
    'handoff.signedBy': '{name}: қол қойылды',
    'handoff.awaiting': '{name}: күтілуде',
    'handoff.sign': 'Қол қою',
    'handoff.yourTurnDone': 'Сіздің қолыңыз жазылды; келесі болып екінші қызметкер қол қояды.',
    'handoff.completed': 'Екі қызметкер де қол қойды: беру жазылды.',
    'handoff.close': 'Жабу',
    'handoff.error.lot_is_empty': 'Таңдалған лотта енді ештеңе жоқ: беретін ештеңе жоқ.',
    'handoff.error.lot_left_custody':
      'Таңдалған лот сақтаудан шықты (қайтарылды, босатылды, өткізілді немесе төленді), оны беруге болмайды.',
    'handoff.error.lot_not_held_by_releasing_organisation':
      'Таңдалған лотты беретін ұйым сақтамайды.',
    'handoff.error.not_handoff_officer':
      'Бұл беруге тек онда аталған екі қызметкер ғана қол қоя алады.',
    'handoff.error.handoff_already_signed': 'Берудің бұл тарапы қол қойып қойған.',
    'handoff.error.handoff_cancelled': 'Бұл ұсынылған беруден бас тартылды.',
    'handoff.error.handoff_exists': 'Бұл беру жазылып қойған.',
    'handoff.error.officers_must_differ': 'Беруге екі түрлі қызметкер қол қояды.',
    'handoff.error.organisations_must_differ': 'Беру басқа ұйымға жасалады.',
    'handoff.error.officer_not_in_organisation': 'Қызметкер өзі атынан қол қоятын ұйымда емес.',
  },
});
