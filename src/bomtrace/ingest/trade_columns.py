"""The columns of trade records: header words of customs declarations and vendor exports.

Data, and the header finder that uses it. Trade records come as exports of customs
declarations: Russian declaration databases (graph numbers of the ДТ: 2 sender, 8
receiver, 15 country of dispatch, 31 goods description, 33 ТН ВЭД code, 34 country of
origin, 38 net weight, 42 invoice value, 46 statistical value), Ukrainian ones (МД, УКТ
ЗЕД), and the English exports data vendors sell (declaration date, exporter, importer,
product description, HS code, manufacturer, brand, country of origin, quantity, unit,
value). Headers are compared after ``headers.normalise_header`` (lower case, no
punctuation), so list each synonym in that form. bomtrace's own column names
(``date, sender, ... source``) are synonyms too.
"""

from __future__ import annotations

from collections.abc import Sequence

from bomtrace.ingest.headers import (
    HEADER_SEARCH_ROWS,
    ColumnMap,
    score_header_row,
    synonym_table,
)

TRADE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "date", "declaration date", "date of declaration", "shipment date", "arrival date",
        "import date", "export date", "customs date", "registration date", "period", "month",
        "дата", "дата декларации", "дата дт", "дата гтд", "дата регистрации", "дата рег дт",
        "дата оформления", "дата выпуска", "дата подачи", "период",
        "дата декларації", "дата оформлення", "дата мд", "період",
    ),
    "declaration": (
        "declaration number", "declaration no", "declaration", "bill of entry",
        "номер декларации", "номер дт", "номер гтд", "декларация", "гтд", "дт",
        "номер декларації", "номер мд", "мд",
    ),
    "sender": (
        "sender", "exporter", "exporter name", "shipper", "consignor", "supplier", "seller",
        "foreign supplier", "отправитель", "экспортер", "экспортёр", "грузоотправитель",
        "продавец", "поставщик", "иностранный поставщик", "отправитель наименование",
        "відправник", "експортер", "постачальник", "продавець",
    ),
    "sender_address": (
        "exporter address", "shipper address", "sender address", "supplier address",
        "адрес отправителя", "адрес экспортера", "адреса відправника",
    ),
    "sender_country": (
        "sender country", "exporter country", "shipper country", "country of export",
        "country of dispatch", "dispatch country", "export country", "country of consignment",
        "trading country", "страна отправления", "страна отправителя", "страна экспорта",
        "торгующая страна", "країна відправлення", "країна відправника", "торгуюча країна",
    ),
    "sender_id": (
        "exporter id", "exporter tax id", "exporter tin", "sender tax id", "shipper tax id",
        "exporter registration number", "exporter cr no", "exporter uscc",
        "инн отправителя", "инн экспортера", "код відправника",
    ),
    "receiver": (
        "receiver", "importer", "importer name", "consignee", "buyer", "customer",
        "получатель", "импортер", "импортёр", "грузополучатель", "покупатель",
        "получатель наименование", "одержувач", "імпортер", "покупець",
    ),
    "receiver_address": (
        "importer address", "consignee address", "receiver address", "buyer address",
        "адрес получателя", "адрес импортера", "адреса одержувача",
    ),
    "receiver_country": (
        "receiver country", "importer country", "consignee country", "country of destination",
        "destination country", "import country", "страна назначения", "страна получателя",
        "країна призначення", "країна одержувача",
    ),
    "receiver_id": (
        "importer id", "importer inn", "importer tax id", "importer tin", "receiver inn",
        "receiver tax id", "consignee tax id", "consignee inn", "inn", "tax id",
        "инн получателя", "инн импортера", "инн", "инн кпп получателя", "инн кпп",
        "код єдрпоу одержувача", "єдрпоу одержувача", "єдрпоу", "код єдрпоу",
    ),
    "receiver_registration": (
        "importer ogrn", "receiver ogrn", "ogrn", "огрн получателя", "огрн импортера", "огрн",
    ),
    "goods_description": (
        "goods description", "product description", "description of goods", "description",
        "commodity description", "item description", "goods", "product", "commodity",
        "описание товара", "описание товаров", "наименование товара", "описание", "товар",
        "графа 31", "опис товару", "найменування товару", "опис",
    ),
    "hs_code": (
        "hs code", "hs", "hs code 10", "hs code 8", "hs6", "hts code", "hts", "tariff code",
        "commodity code", "cn code", "customs code", "product code", "tn ved", "tn ved code",
        "код тн вэд", "тн вэд", "код товара", "тнвэд", "код тнвэд", "код тн вэд еаэс",
        "код уктзед", "уктзед", "укт зед", "код укт зед", "код товару",
    ),
    "manufacturer": (
        "manufacturer", "producer", "maker", "manufacturer name", "mfr",
        "производитель", "изготовитель", "виробник",
    ),
    "brand": (
        "brand", "trademark", "trade mark", "brand name", "mark",
        "товарный знак", "торговая марка", "марка", "торговельна марка", "товарний знак",
    ),
    "origin_country": (
        "country of origin", "origin country", "origin", "coo", "made in",
        "страна происхождения", "страна производства", "країна походження",
        "країна виробництва",
    ),
    "mpn": (
        "mpn", "part number", "part no", "model", "article", "article number", "sku",
        "модель", "артикул", "артикул товара", "модель товара",
    ),
    "quantity": (
        "quantity", "qty", "quantity pcs", "количество", "кол во", "кол во товара",
        "количество в доп ед", "кількість", "к сть",
    ),
    "unit": (
        "unit", "units", "unit of measure", "uom", "qty unit", "quantity unit",
        "ед изм", "единица измерения", "доп ед изм", "од вим", "одиниця виміру",
    ),
    "net_weight": (
        "net weight", "net weight kg", "net wt", "weight", "weight kg", "вес нетто",
        "вес нетто кг", "нетто", "вага нетто", "вага нетто кг",
    ),
    "value": (
        "value", "invoice value", "total value", "value usd", "total value usd", "amount",
        "declared value", "фактурная стоимость", "стоимость", "фактурна вартість",
        "вартість",
    ),
    "statistical_value": (
        "statistical value", "statistical value usd", "статистическая стоимость",
        "статистическая стоимость usd", "стат стоимость", "статистична вартість",
    ),
    "currency": (
        "currency", "currency code", "валюта", "валюта контракта", "код валюты",
        "валюта договору",
    ),
    "source": ("source", "источник", "джерело"),
}  # fmt: skip
TRADE_ROLES: tuple[str, ...] = tuple(TRADE_SYNONYMS)
# Short header words that count only as a whole header ("hs" must not make "Hash" a code).
TRADE_EXACT_ONLY = frozenset(
    {"hs", "hts", "inn", "mark", "mfr", "uom", "дт", "мд", "инн", "огрн", "ogrn",
     "goods", "product", "origin", "model", "unit", "units", "weight", "amount",
     "value", "date", "month", "period", "товар", "опис", "описание", "марка",
     "нетто", "стоимость", "вартість", "дата", "период", "період"}
)  # fmt: skip
_TABLE = synonym_table(TRADE_SYNONYMS)
# A shipment can be linked to a part through these columns; a header row needs one.
LINK_ROLES = ("goods_description", "hs_code", "mpn", "manufacturer", "brand")
PARTY_ROLES = ("sender", "receiver")


def score_trade_header(cells: Sequence[str]) -> dict[str, int]:
    """Maps each trade-record role a candidate header row names to its column."""
    return score_header_row(cells, _TABLE, TRADE_EXACT_ONLY)


def find_trade_header(rows: Sequence[tuple[int, Sequence[str]]]) -> ColumnMap | None:
    """The header among the first rows: the row naming most roles, with a party and a
    column a shipment can be linked through (title rows above it are normal)."""
    best: tuple[int, dict[str, int], Sequence[str]] | None = None
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        roles = score_trade_header(cells)
        if not (any(r in roles for r in LINK_ROLES) and len(roles) >= 2):
            continue
        if best is None or len(roles) > len(best[1]):
            best = (number, roles, cells)
    if best is None:
        return None
    number, roles, cells = best
    return ColumnMap(header_row=number, roles=roles, headers=tuple(cells))
