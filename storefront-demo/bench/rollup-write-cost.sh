#!/usr/bin/env bash
# What a rollup costs every conversion on the way in, on the machine's own PostgreSQL (Debian:
# apt-get install -y postgresql; the script starts the cluster with pg_ctlcluster and works in a
# scratch database "mcrollup" it drops at the end). Nothing of the suite runs: this measures the
# database's side of two designs for the insights rollups (docs/performance.md, "Rollups"):
#
#   ledger      the suite's V9: one appended row per statement, day and name (mc_daily_count)
#   per-visitor state per visitor and name and per visitor and channel, upserted by the same kind
#               of statement trigger: what channels and lift would need to skip reading mc_event
#
# mc_event gets the suite's columns and V8's indexes, and 1,000,000 conversions of 280,001 visitors
# (3.6 each, distinct names mostly, four channels). Each round inserts ROUND_STATEMENTS statements of
# STATEMENT_ROWS conversions of 400,000 visitors in one backend, as the store's array insert does, and the
# designs are alternated ROUNDS times; the insert's wall time is the server's CPU (one busy backend).
# Then the reads each design allows, at 1 M conversions. Bounded: about two minutes, 127.0.0.1 only.
#
#   storefront-demo/bench/rollup-write-cost.sh   ROUNDS=3 ROUND_STATEMENTS=400 STATEMENT_ROWS=100 PG_CLUSTER="15 main"
set -euo pipefail
ROUNDS=${ROUNDS:-3}
ROUND_STATEMENTS=${ROUND_STATEMENTS:-400}
STATEMENT_ROWS=${STATEMENT_ROWS:-100}
PG_CLUSTER=${PG_CLUSTER:-15 main}
command -v pg_ctlcluster >/dev/null || { echo "missing PostgreSQL (apt-get install -y postgresql)" >&2; exit 2; }
pg_ctlcluster $PG_CLUSTER start 2>/dev/null || pg_ctlcluster $PG_CLUSTER status >/dev/null
psql_db() { su postgres -c "psql -X -q -At -v ON_ERROR_STOP=1 -d ${1}"; }

psql_db postgres <<'SQL'
DROP DATABASE IF EXISTS mcrollup WITH (FORCE);
CREATE DATABASE mcrollup;
SQL
trap 'psql_db postgres <<<"DROP DATABASE IF EXISTS mcrollup WITH (FORCE)" >/dev/null' EXIT

psql_db mcrollup <<'SQL'
CREATE TABLE mc_event (
    id VARCHAR(36) NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, kind VARCHAR(5) NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL, visitor_id VARCHAR(128), session_id VARCHAR(128), user_id VARCHAR(128),
    source VARCHAR(100), medium VARCHAR(100), campaign VARCHAR(100), variants VARCHAR(2000), value NUMERIC(19, 4),
    currency CHAR(3), attributes VARCHAR(4000), origin VARCHAR(255), recorded_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE INDEX mc_event_visitor_name_time ON mc_event (visitor_id, name, occurred_at);
CREATE INDEX mc_event_time ON mc_event USING BRIN (occurred_at);
INSERT INTO mc_event (id, name, kind, occurred_at, visitor_id, source, medium, variants)
SELECT gen_random_uuid()::text,
       (ARRAY['view-product','add-to-cart','proceed-to-checkout','purchase','sign-up','video-play','share','add-to-wishlist'])[1 + i % 8],
       CASE WHEN i % 8 = 3 THEN 'macro' ELSE 'micro' END,
       TIMESTAMPTZ '2026-11-01' + i * INTERVAL '2.592 second', 'v-' || md5((i % 280001)::text),
       (ARRAY['google','newsletter','facebook',NULL])[1 + i % 4], (ARRAY['cpc','email','social',NULL])[1 + i % 4],
       '{"layout":"' || (ARRAY['a','b'])[1 + i % 2] || '"}'
FROM generate_series(1, 1000000) i;

-- the ledger, as V9 has it (insert side)
CREATE TABLE mc_daily_count (day DATE NOT NULL, name VARCHAR(40) NOT NULL, n BIGINT NOT NULL);
CREATE INDEX mc_daily_count_day ON mc_daily_count (day, name);
CREATE FUNCTION ledger() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO mc_daily_count SELECT CAST(occurred_at AT TIME ZONE 'UTC' AS DATE), name, COUNT(*) FROM mc_added GROUP BY 1, 2;
  RETURN NULL; END $$;
INSERT INTO mc_daily_count SELECT CAST(occurred_at AT TIME ZONE 'UTC' AS DATE), name, COUNT(*) FROM mc_event GROUP BY 1, 2;

-- per-visitor state: the smallest exact input channels and lift could read instead of mc_event
CREATE TABLE mc_visitor_name (visitor_id VARCHAR(128) NOT NULL, name VARCHAR(40) NOT NULL, kind VARCHAR(5) NOT NULL,
  n BIGINT NOT NULL, PRIMARY KEY (visitor_id, name, kind));
CREATE TABLE mc_visitor_channel (visitor_id VARCHAR(128) NOT NULL, source VARCHAR(100), medium VARCHAR(100),
  campaign VARCHAR(100), micro BIGINT NOT NULL, macro BIGINT NOT NULL, n BIGINT NOT NULL,
  CONSTRAINT mc_visitor_channel_key UNIQUE NULLS NOT DISTINCT (visitor_id, source, medium, campaign));
CREATE FUNCTION per_visitor() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  INSERT INTO mc_visitor_name AS r SELECT visitor_id, name, kind, COUNT(*) FROM mc_added WHERE visitor_id IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 ON CONFLICT (visitor_id, name, kind) DO UPDATE SET n = r.n + EXCLUDED.n;
  INSERT INTO mc_visitor_channel AS r SELECT visitor_id, source, medium, campaign, COUNT(*) FILTER (WHERE kind = 'micro'),
    COUNT(*) FILTER (WHERE kind = 'macro'), COUNT(*) FROM mc_added WHERE visitor_id IS NOT NULL
    GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 ON CONFLICT ON CONSTRAINT mc_visitor_channel_key DO UPDATE
    SET micro = r.micro + EXCLUDED.micro, macro = r.macro + EXCLUDED.macro, n = r.n + EXCLUDED.n;
  RETURN NULL; END $$;
INSERT INTO mc_visitor_name SELECT visitor_id, name, kind, COUNT(*) FROM mc_event GROUP BY 1, 2, 3;
INSERT INTO mc_visitor_channel SELECT visitor_id, source, medium, campaign, COUNT(*) FILTER (WHERE kind = 'micro'),
  COUNT(*) FILTER (WHERE kind = 'macro'), COUNT(*) FROM mc_event GROUP BY 1, 2, 3, 4;

CREATE TRIGGER ledger AFTER INSERT ON mc_event REFERENCING NEW TABLE AS mc_added FOR EACH STATEMENT EXECUTE FUNCTION ledger();
CREATE TRIGGER per_visitor AFTER INSERT ON mc_event REFERENCING NEW TABLE AS mc_added FOR EACH STATEMENT EXECUTE FUNCTION per_visitor();
ALTER TABLE mc_event DISABLE TRIGGER ledger;
ALTER TABLE mc_event DISABLE TRIGGER per_visitor;
VACUUM ANALYZE;
SQL

# prints the round's milliseconds for ROUND_STATEMENTS statements of STATEMENT_ROWS conversions
round() {
  psql_db mcrollup <<SQL
DO \$\$ DECLARE t0 timestamptz := clock_timestamp(); BEGIN
FOR b IN 1..${ROUND_STATEMENTS} LOOP
  INSERT INTO mc_event (id, name, kind, occurred_at, visitor_id, source, medium, variants)
  SELECT gen_random_uuid()::text,
         (ARRAY['view-product','add-to-cart','proceed-to-checkout','purchase','sign-up','video-play','share','add-to-wishlist'])[1 + i % 8],
         CASE WHEN i % 8 = 3 THEN 'macro' ELSE 'micro' END, TIMESTAMPTZ '2026-12-01' + b * INTERVAL '1 second',
         'v-' || md5(floor(random() * 400000)::text),
         (ARRAY['google','newsletter','facebook',NULL])[1 + i % 4], (ARRAY['cpc','email','social',NULL])[1 + i % 4], '{"layout":"a"}'
  FROM generate_series(1, ${STATEMENT_ROWS}) i;
END LOOP;
RAISE NOTICE '%', round(extract(epoch FROM clock_timestamp() - t0) * 1000);
END \$\$;
SQL
}
measure() { # $1 = label, $2 = triggers to enable
  psql_db mcrollup <<<"ALTER TABLE mc_event DISABLE TRIGGER USER; $(for t in $2; do echo "ALTER TABLE mc_event ENABLE TRIGGER $t;"; done)"
  local ms; ms=$(round 2>&1 | sed -n 's/.*NOTICE: *//p')
  echo "$1 $ms"
}

rows=$((ROUND_STATEMENTS * STATEMENT_ROWS))
declare -A total
for r in $(seq 1 "$ROUNDS"); do
  for design in none ledger per-visitor; do
    case $design in none) t="" ;; ledger) t="ledger" ;; per-visitor) t="per_visitor" ;; esac
    read -r label ms < <(measure "$design" "$t")
    printf 'round %d  %-12s %6d ms  %6.2f us per conversion\n' "$r" "$label" "$ms" "$(echo "$ms * 1000 / $rows" | bc -l)"
    total[$design]=$(( ${total[$design]:-0} + ms ))
  done
done
for design in ledger per-visitor; do
  printf '%-12s %+.2f us per conversion against no rollup (sum of %d rounds)\n' "$design" \
    "$(echo "(${total[$design]} - ${total[none]}) * 1000 / ($rows * $ROUNDS)" | bc -l)" "$ROUNDS"
done

echo "reads at about 1 M conversions (ms, best of 3):"
psql_db mcrollup <<<"VACUUM ANALYZE" >/dev/null
timed() { # $1 = label, $2 = query
  local best
  best=$(for i in 1 2 3; do
    psql_db mcrollup <<<"\\timing on
$2" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
  done | sort -n | head -1)
  printf '  %-44s %8.1f\n' "$1" "$best"
}
timed "time series from the ledger" "SELECT day, name, SUM(n) FROM mc_daily_count GROUP BY day, name HAVING SUM(n) <> 0 ORDER BY 1, 2"
timed "time series from mc_event" "SELECT CAST(occurred_at AT TIME ZONE 'UTC' AS DATE) d, name, COUNT(*) FROM mc_event GROUP BY 1, 2 ORDER BY 1, 2"
timed "channels from per-visitor state" "SELECT source, medium, campaign, COUNT(*), SUM(micro), COUNT(*) FILTER (WHERE macro > 0) FROM mc_visitor_channel GROUP BY 1, 2, 3"
timed "lift from per-visitor state" "SELECT a.name, COUNT(*), COUNT(m.visitor_id) FROM mc_visitor_name a LEFT JOIN mc_visitor_name m ON m.visitor_id = a.visitor_id AND m.name = 'purchase' WHERE a.kind = 'micro' GROUP BY a.name"
timed "per-visitor state rows (COUNT)" "SELECT (SELECT COUNT(*) FROM mc_visitor_name) + (SELECT COUNT(*) FROM mc_visitor_channel)"
