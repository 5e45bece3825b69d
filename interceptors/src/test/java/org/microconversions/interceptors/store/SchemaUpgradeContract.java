package org.microconversions.interceptors.store;

import org.junit.jupiter.api.Test;
import org.microconversions.interceptors.jdbc.Dialect;
import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V7 and V8 trim mc_event's indexes in place: a database an earlier version wrote keeps every row,
 * loses the redundant (visitor_id, occurred_at) index (and on PostgreSQL (name, occurred_at)), and
 * keeps an index on each access path the reports and the visitor's own page use: by visitor, and
 * by time. V9 counts the rows already stored into PostgreSQL's daily ledger. Run on Derby and on a
 * real PostgreSQL.
 */
abstract class SchemaUpgradeContract {

    /** @return a fresh, empty database */
    abstract DataSource database() throws Exception;

    @Test
    void aDatabaseOfAnEarlierVersionIsUpgradedInPlaceWithItsRows() throws Exception {
        DataSource db = database();
        Dialect d = dialect(db);
        Migrations.migrate(db, d, "6");
        assertThat(indexes(db)).contains("mc_event_visitor_time", "mc_event_name_time");
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO mc_event (id, name, kind, occurred_at, visitor_id) VALUES (?, 'add-to-cart', 'micro', ?, ?)")) {
            for (int i = 0; i < 3; i++) {
                ps.setString(1, "0190a000-0000-7000-8000-00000000000" + i);
                ps.setTimestamp(2, Timestamp.from(Instant.parse("2026-11-30T10:00:00Z").plusSeconds(60L * i)));
                ps.setString(3, "visitor-" + i % 2 + "-0000000000000");
                ps.executeUpdate();
            }
        }

        Migrations.migrate(db, d);

        assertThat(Databases.rows(db, "SELECT COUNT(*) FROM mc_event")).containsExactly(List.of("3"));
        assertThat(Databases.rows(db,
                "SELECT COUNT(*) FROM mc_event WHERE visitor_id = 'visitor-0-0000000000000' AND name = 'add-to-cart'"))
                .containsExactly(List.of("2"));
        checkIndexes(db);
        checkUpgradedRowsCounted(db);
    }

    @Test
    void aNewDatabaseHasTheSameIndexesAsAnUpgradedOne() throws Exception {
        DataSource db = database();
        Migrations.migrate(db, dialect(db));
        checkIndexes(db);
    }

    /** @return whether this database keeps (name, occurred_at): Derby does, PostgreSQL's V8 drops it */
    abstract boolean keepsNameTimeIndex();

    /** What the database says of the time index; Derby has B-trees only, PostgreSQL checks for BRIN. */
    void checkTimeIndex(DataSource db) throws Exception {
    }

    /** What the database counts of the three rows written before the upgrade; PostgreSQL's V9 ledger. */
    void checkUpgradedRowsCounted(DataSource db) throws Exception {
    }

    private void checkIndexes(DataSource db) throws Exception {
        Set<String> indexes = indexes(db);
        assertThat(indexes).doesNotContain("mc_event_visitor_time").contains("mc_event_visitor_name_time",
                "mc_event_time");
        if (keepsNameTimeIndex()) {
            assertThat(indexes).contains("mc_event_name_time");
        } else {
            assertThat(indexes).doesNotContain("mc_event_name_time");
        }
        checkTimeIndex(db);
    }

    private static Dialect dialect(DataSource db) throws SQLException {
        try (Connection c = db.getConnection()) {
            return Dialect.of(c);
        }
    }

    /** The names of mc_event's secondary indexes, lower case. */
    private static Set<String> indexes(DataSource db) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = db.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (String table : new String[]{"mc_event", "MC_EVENT"}) {
                try (ResultSet rs = meta.getIndexInfo(null, null, table, false, false)) {
                    while (rs.next()) {
                        String name = rs.getString("INDEX_NAME");
                        if (name != null) {
                            names.add(name.toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return names;
    }
}
