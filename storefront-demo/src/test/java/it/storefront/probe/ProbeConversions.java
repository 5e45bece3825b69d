package it.storefront.probe;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.Durability;
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

    @MicroConversion(value = "probe-durable", durable = Durability.DURABLE)
    public void durable() {
    }
}
