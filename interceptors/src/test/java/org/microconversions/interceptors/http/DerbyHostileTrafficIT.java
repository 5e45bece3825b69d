package org.microconversions.interceptors.http;

import org.microconversions.interceptors.support.Databases;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Hostile traffic on embedded Apache Derby, file-based as Liberty runs it. */
class DerbyHostileTrafficIT extends HostileTrafficContract {

    @Override
    protected DataSource freshDatabase() {
        return Databases.derbyFile("hostile");
    }

    /** Derby has no regular expressions: one LOCATE per control character, each bound as a parameter. */
    @Override
    protected long rowsWithControlCharacters(DataSource db) throws Exception {
        String all = "COALESCE(name,'') || COALESCE(kind,'') || COALESCE(visitor_id,'') || COALESCE(session_id,'')"
                + " || COALESCE(user_id,'') || COALESCE(source,'') || COALESCE(medium,'') || COALESCE(campaign,'')"
                + " || COALESCE(variants,'') || COALESCE(currency,'') || COALESCE(attributes,'') || COALESCE(origin,'')";
        long rows = 0;
        try (Connection c = db.getConnection();
                PreparedStatement ps = c
                        .prepareStatement("SELECT COUNT(*) FROM mc_event WHERE LOCATE(?, " + all + ") > 0")) {
            for (char ch = 0; ch <= 0x9F; ch = ch == 0x1F ? 0x7F : (char) (ch + 1)) {
                rows += count(ps, String.valueOf(ch));
            }
            rows += count(ps, "\u2028") + count(ps, "\u2029");
        }
        return rows;
    }

    private static long count(PreparedStatement ps, String needle) throws Exception {
        ps.setString(1, needle);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
