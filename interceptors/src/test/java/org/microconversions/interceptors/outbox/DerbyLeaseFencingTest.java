package org.microconversions.interceptors.outbox;

import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

/** {@link LeaseFencingContract} on Apache Derby. */
class DerbyLeaseFencingTest extends LeaseFencingContract {

    @Override
    DataSource database() {
        return Databases.derby();
    }
}
