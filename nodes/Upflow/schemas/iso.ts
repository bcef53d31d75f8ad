/**
 * Embedded ISO code lists: a verified community node may have no runtime dependency that could provide them.
 *
 * ISO 4217 "list one" (current currency and funds codes) as published by the maintenance agency
 * (SIX) after amendment 179 (2025): includes XCG (Caribbean guilder, replaces ANG), ZWG (Zimbabwe
 * Gold, replaces ZWL), SLE (replaces SLL), VED, and the fund, precious-metal and special codes.
 * BGN left with Bulgaria's euro changeover on 2026-01-01 (see WITHDRAWN_CURRENCIES).
 */
export const ISO_4217_CODES: ReadonlySet<string> = new Set(
	(
		'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP ' +
		'BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB ' +
		'EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD ' +
		'JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP ' +
		'MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR ' +
		'RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND ' +
		'TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB ' +
		'XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG'
	).split(' '),
);

/**
 * Codes of ISO 4217's list that are no money one can invoice in, with what they stand for. XOF,
 * XAF, XPF and XCD are currencies (CFA and CFP francs, East Caribbean dollar) and are not here.
 */
export const NON_CURRENCY_CODES: Readonly<Record<string, string>> = {
	XXX: '"no currency"',
	XTS: 'codes reserved for testing',
	XAU: 'gold (one troy ounce)',
	XAG: 'silver (one troy ounce)',
	XPT: 'platinum (one troy ounce)',
	XPD: 'palladium (one troy ounce)',
	XDR: "the IMF's special drawing right",
	XBA: 'a European unit of account of the bond markets (EURCO)',
	XBB: 'a European unit of account of the bond markets (E.M.U.-6)',
	XBC: 'a European unit of account of the bond markets (E.U.A.-9)',
	XBD: 'a European unit of account of the bond markets (E.U.A.-17)',
	XSU: 'the SUCRE, a unit of account between ALBA countries',
	XUA: "the African Development Bank's unit of account",
};

/** ISO 4217 exponents (decimal places of the smallest unit) of the currencies where it is not 2. */
const MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
	...Object.fromEntries(
		'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'
			.split(' ')
			.map((code) => [code, 0]),
	),
	...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((code) => [code, 3])),
	CLF: 4,
	UYW: 4,
};

/** Decimal places of a currency's smallest unit: 2 unless ISO 4217 says otherwise. */
export function minorUnitDigits(code: string): number {
	return MINOR_UNIT_DIGITS[code.trim().toUpperCase()] ?? 2;
}

/** Codes removed from ISO 4217 that still turn up in old data, with what replaced them. */
export const WITHDRAWN_CURRENCIES: Readonly<Record<string, { since: string; use: string }>> = {
	BGN: { since: '2026', use: 'EUR' },
	ANG: { since: '2025', use: 'XCG' },
	ZWL: { since: '2024', use: 'ZWG' },
	SLL: { since: '2023', use: 'SLE' },
	HRK: { since: '2023', use: 'EUR' },
	CUC: { since: '2021', use: 'CUP' },
	VEF: { since: '2018', use: 'VES' },
	MRO: { since: '2018', use: 'MRU' },
	STD: { since: '2018', use: 'STN' },
	BYR: { since: '2016', use: 'BYN' },
	LTL: { since: '2015', use: 'EUR' },
	LVL: { since: '2014', use: 'EUR' },
	EEK: { since: '2011', use: 'EUR' },
	SKK: { since: '2009', use: 'EUR' },
	TRL: { since: '2005', use: 'TRY' },
	RUR: { since: '1998', use: 'RUB' },
	FRF: { since: '2002', use: 'EUR' },
	DEM: { since: '2002', use: 'EUR' },
	ITL: { since: '2002', use: 'EUR' },
	ESP: { since: '2002', use: 'EUR' },
	NLG: { since: '2002', use: 'EUR' },
	BEF: { since: '2002', use: 'EUR' },
};

/** Currency signs people type instead of codes, with the code(s) they most often mean. */
export const CURRENCY_SIGNS: Readonly<Record<string, string>> = {
	'€': 'EUR',
	'£': 'GBP',
	$: 'USD (or CAD, AUD, ...)',
	US$: 'USD',
	'¥': 'JPY or CNY',
	'₹': 'INR',
	'₽': 'RUB',
	'₺': 'TRY',
	'₩': 'KRW',
	'₪': 'ILS',
	'₫': 'VND',
	'₱': 'PHP',
	'₴': 'UAH',
	'₦': 'NGN',
	R$: 'BRL',
	EURO: 'EUR',
	EUROS: 'EUR',
	DOLLAR: 'USD',
	DOLLARS: 'USD',
	POUND: 'GBP',
	POUNDS: 'GBP',
};

/** ISO 3166-1 alpha-2: the 249 officially assigned country codes. */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
	(
		'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ ' +
		'BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
		'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ ' +
		'DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
		'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY ' +
		'HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
		'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
		'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ ' +
		'NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA ' +
		'RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ ' +
		'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ ' +
		'VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
	).split(' '),
);

/** Codes that look like country codes but are not ISO 3166-1 alpha-2, with the right one. */
export const COUNTRY_CODE_MIXUPS: Readonly<Record<string, string>> = {
	UK: 'GB',
	EL: 'GR',
	XK: 'none: Kosovo (XK) is not an ISO 3166 code; send the address without a country, or in Additional Fields',
};
