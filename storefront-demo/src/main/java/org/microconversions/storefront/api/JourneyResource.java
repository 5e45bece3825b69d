package org.microconversions.storefront.api;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.microconversions.storefront.shop.ShopException;

import javax.sql.DataSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * "Your journey": the conversions recorded for the calling visitor, read back from the table the
 * library writes ({@code mc_event}).
 */
@RequestScoped
@Path("/me/conversions")
@Produces(MediaType.APPLICATION_JSON)
public class JourneyResource {

    private static final Logger LOG = Logger.getLogger(JourneyResource.class.getName());
    private static final int LIMIT = 200;
    private static final String QUERY = "SELECT name, kind, occurred_at, source, medium, campaign, value, currency"
            + " FROM mc_event WHERE visitor_id = ? ORDER BY occurred_at, id";

    @Resource(lookup = "jdbc/microconversions")
    DataSource dataSource;

    @Inject
    Visitors visitors;

    @CookieParam(Visitors.COOKIE)
    String visitorCookie;

    @GET
    public List<Step> mine() {
        String visitor = visitors.known(visitorCookie);
        if (visitor == null) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, visitor);
            ps.setMaxRows(LIMIT);
            List<Step> steps = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(3);
                    steps.add(new Step(rs.getString(1), rs.getString(2), at == null ? null : at.toInstant(),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getBigDecimal(7),
                            rs.getString(8)));
                }
            }
            return steps;
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "cannot read conversions", e);
            throw new ShopException(503, "conversion history is not available right now");
        }
    }

    /**
     * One recorded conversion.
     *
     * @param name       conversion name
     * @param kind       micro or macro
     * @param occurredAt when
     * @param source     channel source
     * @param medium     channel medium
     * @param campaign   channel campaign
     * @param value      order value, or null
     * @param currency   currency of the value, or null
     */
    public record Step(String name, String kind, Instant occurredAt, String source, String medium,
            String campaign, BigDecimal value, String currency) {
    }
}
