package org.microconversions.interceptors.insights;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.microconversions.interceptors.container.ContainerResources;
import org.microconversions.interceptors.experiment.ExperimentConfig;
import org.microconversions.interceptors.experiment.ExperimentDefinition;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The insights read side: the settings, and the five reports over {@code mc_event} on Apache Derby
 * or PostgreSQL, one class each ({@link FunnelReport}, {@link ChannelReport}, {@link LiftReport},
 * {@link ExperimentReport}, {@link TimeSeriesReport}) sharing one {@link ReportDatabase}.
 * Conversions without a visitor id are ignored except by the time series. Semantics:
 * docs/insights.md.
 */
@ApplicationScoped
public class InsightsQueries {

    @Inject
    ContainerResources resources;

    private volatile InsightsConfig config;
    private volatile Map<String, ExperimentDefinition> experiments;
    private volatile ReportDatabase db;

    /** Takes the funnels, insights settings and experiments validated at deployment. */
    @Inject
    void init(InsightsConfig config, ExperimentConfig experiments) {
        this.config = config;
        this.experiments = experiments.definitions();
    }

    /** Validates funnels and experiments when the application starts, not at the first report. */
    void validateAtStartup(@Observes @Initialized(ApplicationScoped.class) Object started) {
        config();
    }

    /** @return funnels and insights settings */
    public InsightsConfig config() {
        return config;
    }

    /** @return experiments by id */
    public Map<String, ExperimentDefinition> experiments() {
        return experiments;
    }

    /** @see FunnelReport */
    public Reports.Funnel funnel(FunnelDefinition funnel, EventFilter filter) throws SQLException {
        return new FunnelReport(db()).run(funnel, filter);
    }

    /** @see ChannelReport */
    public List<Reports.Channel> channels(EventFilter filter) throws SQLException {
        return new ChannelReport(db()).run(filter);
    }

    /** @see LiftReport */
    public Reports.Lift lift(String macro, EventFilter filter) throws SQLException {
        return new LiftReport(db()).run(macro, filter);
    }

    /** @see ExperimentReport */
    public Reports.Experiment experiment(ExperimentDefinition experiment, String goal, String guardrail,
            EventFilter filter) throws SQLException {
        return new ExperimentReport(db()).run(experiment, goal, guardrail, filter);
    }

    /**
     * The report of each goal, from one read of the experiment's conversions.
     *
     * @param guardrail the guardrail of every goal but itself, or null for none
     * @see ExperimentReport
     */
    public List<Reports.Experiment> experimentGoals(ExperimentDefinition experiment, List<String> goals,
            String guardrail, EventFilter filter) throws SQLException {
        return new ExperimentReport(db()).run(experiment, goals, guardrail, filter);
    }

    /** {@link #experiment(ExperimentDefinition, String, String, EventFilter)} without a guardrail. */
    public Reports.Experiment experiment(ExperimentDefinition experiment, String goal, EventFilter filter)
            throws SQLException {
        return experiment(experiment, goal, null, filter);
    }

    /** @see TimeSeriesReport */
    public List<Reports.Point> timeseries(String name, EventFilter filter) throws SQLException {
        return new TimeSeriesReport(db()).run(name, filter);
    }

    /** @return the reports' database, with {@code microconversions.insights.timeout} */
    private ReportDatabase db() {
        ReportDatabase d = db;
        if (d == null) {
            d = new ReportDatabase(resources::dataSource, (int) config().timeout().toSeconds());
            db = d;
        }
        return d;
    }
}
