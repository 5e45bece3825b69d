package it.storefront;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same journey with jdbc/microconversions on PostgreSQL (server storefrontPG, mc.db.url). */
@ExtendWith({EmbeddedPostgresExtension.class, ArquillianExtension.class})
class StorefrontPostgresIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.storefront();
    }

    @Test
    void journeyIsStoredInPostgresql() throws Exception {
        Metrics before = Metrics.scrape();

        ShopClient visitor = Journey.run();

        Journey.assertPersisted(visitor);
        Journey.assertCounted(before, Metrics.scrape());

        // and the rows really are in PostgreSQL, not in a Derby database
        List<String> names = new ArrayList<>();
        try (Connection c = EmbeddedPostgresExtension.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT name, value, currency FROM mc_event WHERE visitor_id = ? ORDER BY occurred_at, id")) {
            ps.setString(1, visitor.visitorId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        assertThat(names).containsExactlyElementsOf(Journey.EXPECTED_NAMES);
    }
}
