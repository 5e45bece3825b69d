package org.microconversions.interceptors.insights;

import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

/** The insights contract on Apache Derby (embedded, in memory). */
class DerbyInsightsTest extends InsightsContract {

    @Override
    protected DataSource freshDatabase() {
        return Databases.derby();
    }
}
