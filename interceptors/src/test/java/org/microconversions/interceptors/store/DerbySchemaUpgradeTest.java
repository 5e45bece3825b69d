package org.microconversions.interceptors.store;

import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

/** {@link SchemaUpgradeContract} on Apache Derby. */
class DerbySchemaUpgradeTest extends SchemaUpgradeContract {

    @Override
    DataSource database() {
        return Databases.derby();
    }

    /** Derby has B-trees only: the time index stays one. */
    @Override
    void checkTimeIndex(DataSource db) {
    }
}
