package org.microconversions.interceptors.store;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreErrorsTest {

    @Test
    void connectionTimeoutCancelLockAndResourceErrorsMeanTheDatabaseIsUnavailable() {
        for (String state : new String[]{"08001", "08006", "57014", "57P01", "40001", "40P01", "40XL1", "53300",
                "55P03", "HY008", "XCL52"}) {
            assertThat(StoreErrors.unavailable(new SQLException("x", state))).as(state).isTrue();
        }
        assertThat(StoreErrors.unavailable(new SQLTimeoutException("x", "22000"))).isTrue();
        assertThat(StoreErrors.unavailable(new SQLTransientConnectionException("x"))).isTrue();
        assertThat(StoreErrors.unavailable(new SQLRecoverableException("x"))).isTrue();
        assertThat(StoreErrors.unavailable(new SQLException("I/O error, no SQLState"))).isTrue();
        assertThat(StoreErrors.unavailable(new RuntimeException(new SQLException("x", "08003")))).isTrue();
    }

    @Test
    void dataAndConstraintErrorsAreNeitherUnavailableNorRetried() {
        for (String state : new String[]{"22001", "22003", "22021", "23502", "23513", "23514"}) {
            SQLException e = new SQLException("x", state);
            assertThat(StoreErrors.unavailable(e)).as(state).isFalse();
            assertThat(StoreErrors.isData(e)).as(state).isTrue();
        }
        assertThat(StoreErrors.isData(new SQLException("x", "23505"))).isFalse(); // the store skips duplicates
        assertThat(StoreErrors.isData(new SQLException("x", "42P01"))).isFalse();
        assertThat(StoreErrors.unavailable(new SQLException("x", "42P01"))).isFalse();
        assertThat(StoreErrors.unavailable(new IllegalStateException(new IOException("x")))).isFalse();
    }

    @Test
    void aBatchExceptionWithoutItsOwnStateTakesTheChainedOne() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", null, 0, new int[0], null);
        batch.setNextException(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        assertThat(StoreErrors.sqlState(batch)).isEqualTo("22021");
        assertThat(StoreErrors.isData(batch)).isTrue();
        assertThat(StoreErrors.unavailable(batch)).isFalse();
    }

    @Test
    void reasonsAreShortBoundedLabels() {
        assertThat(StoreErrors.reason("22001")).isEqualTo("too-long");
        assertThat(StoreErrors.reason("22003")).isEqualTo("out-of-range");
        assertThat(StoreErrors.reason("22021")).isEqualTo("bad-character");
        assertThat(StoreErrors.reason("23513")).isEqualTo("check");
        assertThat(StoreErrors.reason("23514")).isEqualTo("check");
        assertThat(StoreErrors.reason("22P02")).isEqualTo("data");
        assertThat(StoreErrors.reason("23P01")).isEqualTo("constraint");
        assertThat(StoreErrors.reason("P0001")).isEqualTo("other");
        assertThat(StoreErrors.reason(null)).isEqualTo("other");
    }
}
