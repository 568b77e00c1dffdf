"""The linking query: parts' lookups joined to shipments, one SQL text for DuckDB and Spark.

Pure (text). It reads seven tables, which each engine provides as views:

- ``records``: the shipments (``trade.records.RECORDS``), ``numbers``: one row per
  number a shipment declares (``NUMBERS``), ``readings``: what the catalogs read each
  declared number as (``READINGS``), ``makers``: makers' names as written -> the
  catalog's maker (``MAKERS``);
- ``queries`` (``qid``, ``earliest``, ``latest``: the part's date window in days since
  1970-01-01, null when open), ``query_numbers`` (``qid``, ``strength``, ``block``,
  ``kind``, ``key``) and ``query_hs`` (``qid``, ``strength``, ``block``, ``maker``,
  ``hs``): the lookups of ``provenance.trade.number_blocks`` and ``hs_blocks``, with
  ``strength`` the position in ``STRENGTHS``.

It returns, per part, its strongest ``limit`` links (``qid``, ``record_id``,
``strength``, ``block``, ``position``) and ``total``, the shipments linked in all. The
rules are those of ``provenance.trade``: a shipment is linked once, by its strongest
lookup; within a lookup, shipments come in date order, then in reading order, undated
ones last (they link only when the part has no date window at all). Shipments found by
HS code are many: they are counted per day before any row is joined, so a part joins
only the shipments of the days that hold its first ``limit``.

Only SQL both engines speak: CTEs, equality joins, ``ROW_NUMBER`` and windowed ``SUM``
with explicit frames, ``COALESCE``, ``CASE``; no ``QUALIFY``, no engine functions.
"""

from __future__ import annotations

# The day number standing for "undated", after every real date.
UNDATED = 99_999_999

_WINDOW = """(
    (w.earliest IS NULL AND w.latest IS NULL)
    OR ({day0} <> {undated}
        AND (w.latest IS NULL OR {day0} <= w.latest)
        AND (w.earliest IS NULL OR {day1} >= w.earliest))
  )"""

_LINKS = """
WITH
read_numbers AS (
  SELECT n.record_id, n.full_key, n.base_key,
         COALESCE(n.day_from, {undated}) AS day0,
         COALESCE(n.day_to, n.day_from, {undated}) AS day1,
         COALESCE(r.part_key, '') AS part_key,
         (n.from_mpn OR COALESCE(r.names_part, FALSE)) AS names_part
  FROM numbers n LEFT JOIN readings r ON r.number = n.number
),
number_hits AS (
  SELECT q.qid, q.strength, q.block, n.record_id, n.day0, n.day1
  FROM query_numbers q JOIN read_numbers n ON n.full_key = q.key
  WHERE q.kind = 'full'
  UNION ALL
  SELECT q.qid, q.strength, q.block, n.record_id, n.day0, n.day1
  FROM query_numbers q JOIN read_numbers n ON n.base_key = q.key
  WHERE q.kind = 'base' AND n.base_key <> n.full_key
  UNION ALL
  SELECT q.qid, q.strength, q.block, n.record_id, n.day0, n.day1
  FROM query_numbers q JOIN read_numbers n ON n.part_key = q.key
  WHERE q.kind = 'part'
),
number_links AS (
  SELECT h.qid, h.record_id, h.strength, h.block, h.day0,
         ROW_NUMBER() OVER (PARTITION BY h.qid, h.record_id ORDER BY h.strength, h.block) AS nth
  FROM number_hits h JOIN queries w ON w.qid = h.qid
  WHERE {number_window}
),
named AS (
  SELECT DISTINCT record_id FROM read_numbers WHERE names_part
),
hs_records AS (
  SELECT r.record_id, r.hs_key,
         COALESCE(r.day_from, {undated}) AS day0,
         COALESCE(r.day_to, r.day_from, {undated}) AS day1,
         CASE WHEN r.maker_written = '' THEN ''
              WHEN m.maker <> '' THEN m.maker END AS maker
  FROM records r
  JOIN (SELECT DISTINCT hs FROM query_hs) k ON k.hs = r.hs_key
  LEFT JOIN makers m ON m.written = r.maker_written
  LEFT JOIN named x ON x.record_id = r.record_id
  WHERE x.record_id IS NULL
),
hs_days AS (
  SELECT maker, hs_key, day0, day1, COUNT(*) AS cnt
  FROM hs_records WHERE maker IS NOT NULL
  GROUP BY maker, hs_key, day0, day1
),
hs_window AS (
  SELECT q.qid, q.strength, q.block, d.maker, d.hs_key, d.day0, d.day1, d.cnt,
         SUM(d.cnt) OVER (
           PARTITION BY q.qid, q.strength, q.block ORDER BY d.day0, d.day1
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
         ) - d.cnt AS before
  FROM query_hs q
  JOIN hs_days d ON d.maker = q.maker AND d.hs_key = q.hs
  JOIN queries w ON w.qid = q.qid
  WHERE {hs_window}
),
hs_last_day AS (
  SELECT qid, strength, block, MAX(day0) AS last_day
  FROM hs_window WHERE before < {limit}
  GROUP BY qid, strength, block
),
hs_links AS (
  SELECT qid, record_id, strength, block, day0 FROM (
    SELECT w.qid, r.record_id, w.strength, w.block, r.day0,
           ROW_NUMBER() OVER (
             PARTITION BY w.qid, w.strength, w.block ORDER BY r.day0, r.record_id
           ) AS nth
    FROM hs_window w
    JOIN hs_last_day l
      ON l.qid = w.qid AND l.strength = w.strength AND l.block = w.block
    JOIN hs_records r
      ON r.maker = w.maker AND r.hs_key = w.hs_key AND r.day0 = w.day0 AND r.day1 = w.day1
    WHERE w.day0 <= l.last_day
  ) t WHERE nth <= {limit}
),
hits AS (
  SELECT qid, record_id, strength, block, day0 FROM number_links WHERE nth = 1
  UNION ALL
  SELECT qid, record_id, strength, block, day0 FROM hs_links
),
firsts AS (
  SELECT qid, record_id, strength, block, day0,
         ROW_NUMBER() OVER (PARTITION BY qid, record_id ORDER BY strength, block) AS nth
  FROM hits
),
ranked AS (
  SELECT qid, record_id, strength, block,
         ROW_NUMBER() OVER (
           PARTITION BY qid ORDER BY strength, block, day0, record_id
         ) AS position
  FROM firsts WHERE nth = 1
),
totals AS (
  SELECT qid, SUM(n) AS total FROM (
    SELECT qid, COUNT(*) AS n FROM number_links WHERE nth = 1 GROUP BY qid
    UNION ALL
    SELECT qid, SUM(cnt) AS n FROM hs_window GROUP BY qid
  ) c GROUP BY qid
)
SELECT k.qid, k.record_id, k.strength, k.block, k.position, t.total
FROM ranked k JOIN totals t ON t.qid = k.qid
WHERE k.position <= {limit}
ORDER BY k.qid, k.position
"""


def links_sql(limit: int) -> str:
    """The linking query, keeping each part's ``limit`` strongest links."""
    limit = int(limit)
    return _LINKS.format(
        undated=UNDATED,
        limit=limit,
        number_window=_WINDOW.format(day0="h.day0", day1="h.day1", undated=UNDATED),
        hs_window=_WINDOW.format(day0="d.day0", day1="d.day1", undated=UNDATED),
    )
