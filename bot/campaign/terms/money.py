"""Currencies and exact amounts: an ISO 4217 code and how many minor units it has."""

from __future__ import annotations

from decimal import Decimal

# ISO 4217 active codes by number of decimal places (the minor unit). Most have two.
_BY_DECIMALS = {
    0: "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF",
    2: "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN "
    "BZD CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS "
    "GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR "
    "LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD "
    "PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN "
    "SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES WST XCD YER ZAR ZMW ZWL",
    3: "BHD IQD JOD KWD LYD OMR TND",
    4: "CLF UYW",
}
MINOR_UNITS: dict[str, int] = {
    code: decimals for decimals, codes in _BY_DECIMALS.items() for code in codes.split()
}


def minor_units(currency: str) -> int | None:
    """Decimal places of an ISO 4217 currency (JPY 0, USD 2, KWD 3), None for an unknown code."""
    return MINOR_UNITS.get(currency)


def fits(amount: Decimal, currency: str) -> bool:
    """Whether an amount is a whole number of the currency's minor units: 10.5 JPY is not."""
    units = minor_units(currency)
    if units is None or not amount.is_finite():
        return False
    return amount == amount.quantize(Decimal(1).scaleb(-units))


def amount_text(amount: Decimal, currency: str) -> str:
    """An amount written with exactly the currency's decimals ("1500.00" USD, "1500" JPY), so
    equal amounts are always written alike."""
    units = minor_units(currency) or 0
    return f"{amount.quantize(Decimal(1).scaleb(-units)):f}"


def number_text(number: Decimal) -> str:
    """A percent or a target written without trailing zeros ("12.5", "50"): equal values,
    equal text."""
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text
