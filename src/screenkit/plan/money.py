"""Amounts of money as exact decimals: parsing what people type, rounding to a currency's
minor unit (ROUND_HALF_UP, as box-office returns are worked) and printing them.

Floats never hold money here: `0.1 + 0.2` is not `0.3`, and a licence fee must add up to the
penny. The plan stores amounts as TOML strings (`"412.50"`) or integers.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from screenkit.plan.values import show as quoted  # short, never thousands of characters

# ISO 4217 active codes. Most have two decimal places (minor unit); these differ.
_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_CODES = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL
GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW
KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN
NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK
SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS
VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWG
"""
CURRENCIES = frozenset(_CODES.split())
SYMBOLS = {"GBP": "£", "EUR": "€", "USD": "$"}
MAX_AMOUNT = Decimal("100000000")  # 100 million: beyond any screening's takings
_AMOUNT_RE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_PERCENT_RE = re.compile(r"(\d{1,3})(?:\.(\d{1,4}))?\s*%?")


def check_currency(value: str) -> str:
    if value not in CURRENCIES:
        raise ValueError(
            f"{quoted(value)} is not an ISO 4217 currency code: use one like GBP, EUR, USD"
        )
    return value


def places(currency: str) -> int:
    """Digits after the decimal point in the currency's minor unit (pence, cents)."""
    return 0 if currency in _ZERO.split() else 3 if currency in _THREE.split() else 2


def parse_amount(value: object) -> Decimal:
    """`"412.50"`, `"1,234.5"`, `412` or a Decimal; never a float, a sign, an exponent,
    NaN or infinity. At most 3 decimal places (the most any currency has)."""
    if isinstance(value, Decimal):
        text = format(value, "f") if value.is_finite() else "nan"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    elif isinstance(value, float):
        raise ValueError(
            f'{quoted(value)} is a floating-point number; write amounts as text such as "412.50"'
        )
    else:
        raise ValueError(f"{quoted(value)} is not an amount")
    m = _AMOUNT_RE.fullmatch(text)
    if not m:
        raise ValueError(
            f"{quoted(text)} is not an amount: use digits with an optional decimal point, "
            "e.g. 412.50 (no sign, currency symbol or exponent)"
        )
    if m.group(2) and len(m.group(2)) > 3:
        raise ValueError(f"{quoted(text)} has more than 3 decimal places")
    amount = Decimal(text.replace(",", ""))
    if amount > MAX_AMOUNT:
        raise ValueError(f"{quoted(text)} is over the limit of {MAX_AMOUNT:,}")
    return amount


# Symbols people type before an amount, and the currencies they can mean.
_TYPED_SYMBOLS = {"£": ("GBP",), "€": ("EUR",), "$": ("USD", "CAD", "AUD", "NZD", "SGD",
                  "HKD", "MXN"), "¥": ("JPY", "CNY"), "₹": ("INR",), "₺": ("TRY",),
                  "₩": ("KRW",), "₦": ("NGN",), "zł": ("PLN",)}  # fmt: skip
_TYPED = re.compile(
    r"\s*(?P<before>[^\d\s.,]{1,3})?\s*(?P<amount>[\d.,]+)\s*(?P<after>[A-Za-z]{3})?\s*"
)


def read_amount(text: str, currency: str) -> Decimal:
    """An amount as people type it in the plan's `currency`: `6.50`, `£6.50`, `6.50 GBP`,
    `GBP 6.50`. A symbol or code of another currency is refused, naming both."""
    found = _TYPED.fullmatch(text)
    if found is None:
        return parse_amount(text)  # says what is wrong with it
    mark = found["before"] or found["after"] or ""
    if mark:
        meant = _TYPED_SYMBOLS.get(mark) or ((mark.upper(),) if mark.upper() in CURRENCIES
                                             else None)  # fmt: skip
        if meant is None:
            raise ValueError(f"{quoted(text)} is not an amount: write it as digits, e.g. 6.50")
        if currency not in meant:
            which = meant[0] if len(meant) == 1 else f"a currency written {mark}"
            raise ValueError(
                f"{quoted(text)} is in {which}, but the plan's amounts are in {currency} "
                f"(settings.currency); give it in {currency}"
            )
    return parse_amount(found["amount"])


def fits(amount: Decimal, currency: str) -> bool:
    """Whether the amount has no more decimal places than the currency's minor unit."""
    return amount == amount.quantize(unit(currency))


def unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-places(currency))


def rounded(amount: Decimal, currency: str) -> Decimal:
    """To the currency's minor unit, halves rounded up (0.125 -> 0.13)."""
    return amount.quantize(unit(currency), rounding=ROUND_HALF_UP)


def plain(amount: Decimal, currency: str) -> str:
    """`412.50`: the amount to the minor unit, for files and CSV."""
    return f"{rounded(amount, currency):f}"


def show(amount: Decimal, currency: str) -> str:
    """`£1,234.50`, `€85.00`, `CHF 85.00`: for people."""
    text = f"{rounded(amount, currency):,.{places(currency)}f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{currency} {text}"


def parse_percent(value: object) -> Decimal:
    """`35`, `"37.5"` or `"35%"`: more than 0 and at most 100."""
    if isinstance(value, (bool, float)):
        raise ValueError(
            f'{quoted(value)}: write a percentage as a whole number or as text: "37.5"'
        )
    text = str(value).strip() if isinstance(value, (int, str, Decimal)) else None
    m = _PERCENT_RE.fullmatch(text or "")
    if not m:
        raise ValueError(f"{quoted(value)} is not a percentage: use a number such as 35 or 37.5")
    try:
        percent = Decimal(text.rstrip("%").strip())  # type: ignore[union-attr]
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueError(f"{quoted(value)} is not a percentage") from None
    if not 0 < percent <= 100:
        raise ValueError(f"{quoted(value)}: a percentage must be more than 0 and at most 100")
    return percent


def show_percent(value: Decimal) -> str:
    """`35%`, `37.5%`: no trailing zeros."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"
