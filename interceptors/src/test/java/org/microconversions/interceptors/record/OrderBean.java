package org.microconversions.interceptors.record;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.Kind;
import org.microconversions.api.MicroConversion;
import org.microconversions.api.MicroConversions;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A shop's checkout that writes its order in the caller's transaction and records a purchase. */
@ApplicationScoped
public class OrderBean {

    @Inject
    MicroConversions conversions;

    @MicroConversion(value = "purchase", kind = Kind.MACRO)
    public void placeOrder(DataSource shopDb, String orderId, BigDecimal total) throws SQLException {
        try (Connection c = shopDb.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO shop_order (id, total) VALUES (?, ?)")) {
            ps.setString(1, orderId);
            ps.setBigDecimal(2, total);
            ps.executeUpdate();
        }
        conversions.current().orElseThrow().value(total, "EUR").attribute("order_id", orderId);
    }
}
