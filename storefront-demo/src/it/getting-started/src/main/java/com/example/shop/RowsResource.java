package com.example.shop;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** For the check only: how many rows of mc_event carry a name (the table the library writes). */
@Path("/rows")
@RequestScoped
public class RowsResource {

    @Resource(lookup = "jdbc/microconversions")
    DataSource db;

    @GET
    @Produces("text/plain")
    public String count(@QueryParam("name") String name) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM mc_event WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return Long.toString(r.getLong(1));
            }
        }
    }
}
