package org.microconversions.interceptors.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversion;

@ApplicationScoped
public class PrivateMethodBean {
    public void checkout() {
        pay();
    }

    @MicroConversion("purchase")
    private void pay() {
    }
}
