package it.storefront.probe;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversion;

/** Test-only: two annotated methods that succeed, called inside transactions. */
@ApplicationScoped
public class ProbeConversions {

    @MicroConversion("probe-committed")
    public void committed() {
    }

    @MicroConversion("probe-rolled-back")
    public void rolledBack() {
    }
}
