package org.microconversions.interceptors.insights;

import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Why an insights request gets no report: a bad parameter (400), an unknown funnel or experiment
 * (404), a report the database cancelled after {@code microconversions.insights.timeout} (503), or a
 * failed query (500). {@link InsightsFailureMapper} answers it as {@code {"error": reason}}. The
 * suite's own type, so that mapping it leaves the application's other exceptions alone.
 */
public final class InsightsFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(InsightsFailure.class.getName());

    private final int status;

    private InsightsFailure(int status, String reason, Throwable cause) {
        super(reason, cause, false, cause != null);
        this.status = status;
    }

    /** @return a 400 with the reason */
    static InsightsFailure badParameter(String reason) {
        return new InsightsFailure(400, reason, null);
    }

    /** @return a 404 with the reason */
    static InsightsFailure notFound(String reason) {
        return new InsightsFailure(404, reason, null);
    }

    /** @return a 503 when the database cancelled the report for taking too long, else a 500; logged */
    static InsightsFailure of(SQLException e) {
        if (ReportTimeouts.isTimeout(e)) {
            LOG.log(Level.FINE, "insights report cancelled", e);
            return new InsightsFailure(503, "the report did not finish within " + InsightsConfig.TIMEOUT
                    + "; ask for a shorter period (from, to) or raise that setting", e);
        }
        return failed(e);
    }

    /** @return a 500 for a report that failed unexpectedly; logged */
    static InsightsFailure failed(Exception e) {
        LOG.log(Level.WARNING, "insights query failed", e);
        return new InsightsFailure(500, "the query failed; see the server log", e);
    }

    /** @return the body to answer with: {@code {"error": reason}} */
    public Replies.Reason reason() {
        return new Replies.Reason(getMessage());
    }

    /** @return the HTTP status to answer with */
    public int status() {
        return status;
    }
}
