import { pageStrings } from './define.ts';

/**
 * The policy's own words in the console's languages: the default policy's rule descriptions and
 * refusal reasons as Kazna ships them (a rule someone rewrote is shown as they wrote it), and the
 * patterns rules use for request kinds (`ledger.*`) and accounts (`agency:*`).
 */
export const POLICY_WORDS = pageStrings({
  en: {
    'policyWords.rule.role-change':
      'Granting or removing a role: a second administrator and compliance.',
    'policyWords.rule.whitelist-add':
      'A new destination: custody and compliance (then a 48 h cooling period).',
    'policyWords.rule.new-destination':
      'Assets never move to a destination that is not whitelisted.',
    'policyWords.rule.disposal-before-forfeiture':
      'A lot is disposed of only once forfeited (emergency sales have their own kind).',
    'policyWords.rule.seizure-bookkeeping':
      'Seized assets moving between seizure accounts (custody, escrow, the seizure books) as a seizure, a court’s decision or a restitution is recorded: nothing reaches or leaves the reserve.',
    'policyWords.rule.fund-inflow':
      'A fund paying the reserve back (a redemption, a distribution) into the reserve’s own accounts.',
    'policyWords.rule.operational-postings-ceiling':
      'Operational postings beyond USD 50,000 a day per person: a committee member and risk. A posting of USD 1M or more falls through to the large-value rule.',
    'policyWords.rule.small-operational-posting':
      'A fee under USD 10,000 paid to a custodian (a bank fee, a custody fee) by the investment officer. Nothing else leaves the reserve without a quorum.',
    'policyWords.rule.reserve-funding':
      'The central bank funding the reserve: two committee members and risk (value arrives, nothing leaves the state).',
    'policyWords.rule.reserve-onboarding':
      'Recording the positions a reserve held before Kazna: two committee members and risk.',
    'policyWords.rule.capital-call':
      'A capital call within a commitment the committee approved: a committee member and risk.',
    'policyWords.rule.large-value':
      'USD 1m or more: two committee members and risk, with a 24 h time lock.',
    'policyWords.rule.velocity-24h':
      'More than USD 5m of one kind within 24 h: as for a large value.',
    'policyWords.rule.ordinary-money':
      'Any other priced movement of money: one committee member and risk.',
    'policyWords.rule.ordinary-unpriced':
      'Requests that carry no amount (legal steps, hand-offs): one committee member.',
    'policyWords.reason.the destination is not whitelisted': 'the destination is not whitelisted',
    'policyWords.reason.the lot is not forfeited': 'the lot is not forfeited',
    'policyWords.kinds': 'any request of {area}',
    'policyWords.accounts': 'any account of {owner}',
    'policyWords.area.chain': 'custody on chain',
    'policyWords.area.ledger': 'the ledger',
    'policyWords.area.reserve': 'the reserve',
    'policyWords.area.seizures': 'seizures',
    'policyWords.area.seizures.disposal': 'disposal of seized assets',
    'policyWords.area.governance': 'governance',
    'policyWords.area.market': 'the market data',
    'policyWords.area.compliance': 'compliance',
    'policyWords.owner.agency': 'an agency',
    'policyWords.owner.custodian': 'a custodian',
    'policyWords.owner.escrow': 'an escrow',
    'policyWords.owner.manager': 'a fund manager',
    'policyWords.owner.reserve': 'the reserve',
  },
  ru: {
    'policyWords.rule.role-change': 'Назначение или снятие роли: второй администратор и комплаенс.',
    'policyWords.rule.whitelist-add':
      'Новый адрес назначения: хранение и комплаенс (затем 48 ч выдержки).',
    'policyWords.rule.new-destination':
      'Активы никогда не уходят на адрес, которого нет в белом списке.',
    'policyWords.rule.disposal-before-forfeiture':
      'Лот реализуется только после конфискации (у экстренных продаж свой вид запроса).',
    'policyWords.rule.seizure-bookkeeping':
      'Изъятые активы переходят между счетами изъятия (хранение, эскроу, учёт изъятий) при записи изъятия, решения суда или реституции: ничего не поступает в резерв и не уходит из него.',
    'policyWords.rule.fund-inflow':
      'Фонд возвращает средства резерву (погашение, распределение) на собственные счета резерва.',
    'policyWords.rule.operational-postings-ceiling':
      'Операционные проводки свыше 50 000 USD в день на человека: член комитета и риск-менеджер. Проводка от 1 млн USD подпадает под правило крупных сумм.',
    'policyWords.rule.small-operational-posting':
      'Комиссия до 10 000 USD кастодиану (банковская комиссия, плата за хранение), которую платит инвестиционный сотрудник. Всё остальное уходит из резерва только с кворумом.',
    'policyWords.rule.reserve-funding':
      'Центральный банк пополняет резерв: два члена комитета и риск-менеджер (средства поступают, из государства ничего не уходит).',
    'policyWords.rule.reserve-onboarding':
      'Учёт позиций, которые резерв держал до Kazna: два члена комитета и риск-менеджер.',
    'policyWords.rule.capital-call':
      'Вызов капитала в пределах обязательства, одобренного комитетом: член комитета и риск-менеджер.',
    'policyWords.rule.large-value':
      'От 1 млн USD: два члена комитета и риск-менеджер, с выдержкой 24 ч.',
    'policyWords.rule.velocity-24h': 'Более 5 млн USD одного вида за 24 ч: как для крупной суммы.',
    'policyWords.rule.ordinary-money':
      'Любое другое оцененное движение денег: один член комитета и риск-менеджер.',
    'policyWords.rule.ordinary-unpriced':
      'Запросы без суммы (правовые шаги, передачи): один член комитета.',
    'policyWords.reason.the destination is not whitelisted': 'адреса назначения нет в белом списке',
    'policyWords.reason.the lot is not forfeited': 'лот не конфискован',
    'policyWords.kinds': 'любой запрос раздела «{area}»',
    'policyWords.accounts': 'любой счёт: {owner}',
    'policyWords.area.chain': 'хранение в блокчейне',
    'policyWords.area.ledger': 'реестр',
    'policyWords.area.reserve': 'резерв',
    'policyWords.area.seizures': 'изъятия',
    'policyWords.area.seizures.disposal': 'реализация изъятых активов',
    'policyWords.area.governance': 'управление',
    'policyWords.area.market': 'рыночные данные',
    'policyWords.area.compliance': 'комплаенс',
    'policyWords.owner.agency': 'ведомство',
    'policyWords.owner.custodian': 'кастодиан',
    'policyWords.owner.escrow': 'эскроу',
    'policyWords.owner.manager': 'управляющий фондом',
    'policyWords.owner.reserve': 'резерв',
  },
  kk: {
    'policyWords.rule.role-change': 'Рөлді беру немесе алу: екінші әкімші және комплаенс.',
    'policyWords.rule.whitelist-add':
      'Жаңа бағыт: сақтау және комплаенс (содан кейін 48 сағ күту).',
    'policyWords.rule.new-destination': 'Активтер ақ тізімде жоқ бағытқа ешқашан жіберілмейді.',
    'policyWords.rule.disposal-before-forfeiture':
      'Лот тек тәркіленгеннен кейін өткізіледі (шұғыл сатудың өз түрі бар).',
    'policyWords.rule.seizure-bookkeeping':
      'Тәркілеу, сот шешімі немесе реституция жазылғанда тәркіленген активтер тәркілеу шоттары (сақтау, эскроу, тәркілеу есебі) арасында ауысады: резервке ештеңе түспейді және одан шықпайды.',
    'policyWords.rule.fund-inflow':
      'Қор резервке қаражатты қайтарады (өтеу, бөлу) резервтің өз шоттарына.',
    'policyWords.rule.operational-postings-ceiling':
      'Бір адамға күніне 50 000 USD-ден асатын операциялық жазбалар: комитет мүшесі және тәуекел менеджері. 1 млн USD және одан жоғары жазба ірі сома ережесіне өтеді.',
    'policyWords.rule.small-operational-posting':
      'Инвестициялық қызметкер кастодианға төлейтін 10 000 USD-ден аз комиссия (банк комиссиясы, сақтау ақысы). Басқа ештеңе резервтен кворумсыз шықпайды.',
    'policyWords.rule.reserve-funding':
      'Орталық банк резервті толықтырады: комитеттің екі мүшесі және тәуекел менеджері (қаражат түседі, мемлекеттен ештеңе шықпайды).',
    'policyWords.rule.reserve-onboarding':
      'Резерв Kazna-ға дейін ұстаған позицияларды есепке алу: комитеттің екі мүшесі және тәуекел менеджері.',
    'policyWords.rule.capital-call':
      'Комитет мақұлдаған міндеттеме шегіндегі капитал шақыруы: комитет мүшесі және тәуекел менеджері.',
    'policyWords.rule.large-value':
      '1 млн USD және одан жоғары: комитеттің екі мүшесі және тәуекел менеджері, 24 сағ күтумен.',
    'policyWords.rule.velocity-24h':
      '24 сағ ішінде бір түрдің 5 млн USD-ден астамы: ірі сомадағыдай.',
    'policyWords.rule.ordinary-money':
      'Бағаланған ақшаның кез келген басқа қозғалысы: комитеттің бір мүшесі және тәуекел менеджері.',
    'policyWords.rule.ordinary-unpriced':
      'Сомасы жоқ сұраулар (құқықтық қадамдар, беру): комитеттің бір мүшесі.',
    'policyWords.reason.the destination is not whitelisted': 'бағыт ақ тізімде жоқ',
    'policyWords.reason.the lot is not forfeited': 'лот тәркіленбеген',
    'policyWords.kinds': '«{area}» бөлімінің кез келген сұрауы',
    'policyWords.accounts': 'кез келген шот: {owner}',
    'policyWords.area.chain': 'блокчейндегі сақтау',
    'policyWords.area.ledger': 'тізілім',
    'policyWords.area.reserve': 'резерв',
    'policyWords.area.seizures': 'тәркілеу',
    'policyWords.area.seizures.disposal': 'тәркіленген активтерді өткізу',
    'policyWords.area.governance': 'басқару',
    'policyWords.area.market': 'нарықтық деректер',
    'policyWords.area.compliance': 'комплаенс',
    'policyWords.owner.agency': 'ведомство',
    'policyWords.owner.custodian': 'кастодиан',
    'policyWords.owner.escrow': 'эскроу',
    'policyWords.owner.manager': 'қор басқарушысы',
    'policyWords.owner.reserve': 'резерв',
  },
});
