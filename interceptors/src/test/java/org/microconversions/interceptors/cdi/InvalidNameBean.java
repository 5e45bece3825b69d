package org.microconversions.interceptors.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import org.microconversions.api.MicroConversion;

@ApplicationScoped
public class InvalidNameBean {
    @MicroConversion("Add To Cart")
    public void add() {
    }
}
