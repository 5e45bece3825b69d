package org.microconversions.interceptors.support;

import io.smallrye.metrics.SharedMetricRegistries;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** SmallRye Metrics' application registry, as Liberty's mpMetrics provides it in the server. */
@Dependent
public class TestMetricRegistry {

    @Produces
    MetricRegistry registry() {
        return SharedMetricRegistries.getOrCreate(MetricRegistry.APPLICATION_SCOPE);
    }
}
