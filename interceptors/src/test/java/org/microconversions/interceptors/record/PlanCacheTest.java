package org.microconversions.interceptors.record;

import org.junit.jupiter.api.Test;
import org.microconversions.api.Kind;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCacheTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final MethodPlan plan = new MethodPlan("add-to-cart", Kind.MICRO, "Shop#addToCart", false);
    private final PlanCache cache = new PlanCache(m -> {
        asked.incrementAndGet();
        return plan;
    });

    @Test
    void asksTheSourceOncePerMethodObject() throws Exception {
        Method m = Object.class.getMethod("hashCode");
        assertThat(cache.apply(m)).isSameAs(plan);
        assertThat(cache.apply(m)).isSameAs(plan);
        assertThat(asked).hasValue(1);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void equalButDistinctMethodObjectsAreSeparateEntries() throws Exception {
        Method a = Object.class.getMethod("hashCode");
        Method b = Object.class.getMethod("hashCode"); // reflection hands out a fresh copy
        assertThat(b).isEqualTo(a).isNotSameAs(a);
        cache.apply(a);
        cache.apply(b);
        assertThat(asked).hasValue(2);
    }

    @Test
    void stopsGrowingAtItsBoundAndStillAnswers() throws Exception {
        for (int i = 0; i < PlanCache.MAX_ENTRIES + 10; i++) {
            assertThat(cache.apply(Object.class.getMethod("hashCode"))).isSameAs(plan);
        }
        assertThat(cache.size()).isEqualTo(PlanCache.MAX_ENTRIES);
        assertThat(asked).hasValue(PlanCache.MAX_ENTRIES + 10);
    }
}
