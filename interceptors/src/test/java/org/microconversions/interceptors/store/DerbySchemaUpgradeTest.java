package org.microconversions.interceptors.store;

import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

/** {@link SchemaUpgradeContract} on Apache Derby. */
class DerbySchemaUpgradeTest extends SchemaUpgradeContract {

    @Override
    DataSource database() {
        return Databases.derby();
    }

    @Override
    boolean keepsNameTimeIndex() {
        return true;
    }
}
