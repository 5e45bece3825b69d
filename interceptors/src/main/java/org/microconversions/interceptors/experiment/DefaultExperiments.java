package org.microconversions.interceptors.experiment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.microconversions.api.Experiments;
import org.microconversions.api.VisitorContext;
import org.microconversions.interceptors.visitor.CurrentVisitor;

import java.util.Map;
import java.util.Optional;

/** {@link Experiments} for the visitor of the current request. */
@ApplicationScoped
public class DefaultExperiments implements Experiments {

    private volatile Map<String, ExperimentDefinition> experiments;

    /** Takes the experiments validated at deployment. */
    @Inject
    void init(ExperimentConfig config) {
        experiments = config.definitions();
    }

    /** @return the configured experiments by id */
    public Map<String, ExperimentDefinition> definitions() {
        return experiments;
    }

    @Override
    public Optional<String> variant(String experimentId) {
        ExperimentDefinition e = experimentId == null ? null : experiments.get(experimentId);
        if (e == null) {
            return Optional.empty();
        }
        VisitorContext visitor = CurrentVisitor.get();
        String given = visitor.variants().get(experimentId);
        if (given != null && e.hasVariant(given)) {
            return Optional.of(given);
        }
        return visitor.visitorId() == null ? Optional.empty() : Optional.of(Assignment.variant(e, visitor.visitorId()));
    }
}
