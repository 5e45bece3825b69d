package org.microconversions.interceptors.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversion;

@ApplicationScoped
public class ValidBean {
    @MicroConversion("add-to-cart")
    public void add() {
    }

    @MicroConversion("share")
    public void share() {
    }
}
