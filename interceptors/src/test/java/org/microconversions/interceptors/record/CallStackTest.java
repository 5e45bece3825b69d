package org.microconversions.interceptors.record;

import org.junit.jupiter.api.Test;
import org.microconversions.api.Kind;

import static org.assertj.core.api.Assertions.assertThat;

class CallStackTest {

    private final MethodPlan outer = new MethodPlan("add-to-cart", Kind.MICRO, "Shop#addToCart", false);
    private final MethodPlan inner = new MethodPlan("purchase", Kind.MACRO, "Shop#purchase", true);

    @Test
    void topIsTheInnermostPendingConversionAndPopReturnsItsDetails() {
        Object[] s = CallStack.current();
        assertThat(CallStack.top(s)).isNull();
        int a = CallStack.push(s, outer);
        int b = CallStack.push(s, inner);
        Details d = CallStack.top(s);
        assertThat(d).isNotNull().isSameAs(CallStack.top(s));
        assertThat(CallStack.pop(s, b)).isSameAs(d);
        assertThat(CallStack.pop(s, a)).isNull(); // nothing was added to the outer one
        assertThat(CallStack.top(s)).isNull();
    }

    @Test
    void growsBeyondItsInitialDepth() {
        Object[] s = CallStack.current();
        for (int i = 0; i < 20; i++) {
            assertThat(CallStack.push(s, i % 2 == 0 ? outer : inner)).isEqualTo(i);
        }
        assertThat(CallStack.top(s)).isNotNull();
        CallStack.pop(s, 0);
        assertThat(CallStack.top(s)).isNull();
    }

    @Test
    void aHandOffIsTakenOnceAndOnlyForItsPlan() {
        Object[] s = CallStack.current();
        CallStack.handOff(s, inner, null, true);
        assertThat(CallStack.takeHandoff(s, outer).interceptorRan()).isFalse();
        CallStack.Handoff h = CallStack.takeHandoff(s, inner);
        assertThat(h.interceptorRan()).isTrue();
        assertThat(h.failed()).isTrue();
        assertThat(CallStack.takeHandoff(s, inner).interceptorRan()).isFalse();
    }

    @Test
    void betweenCallsAThreadKeepsOnlyJdkObjectsSoNoClassLoaderIsPinned() {
        Object[] s = CallStack.current();
        for (int i = 0; i < 6; i++) {
            CallStack.push(s, outer);
            CallStack.top(s);
        }
        CallStack.pop(s, 0);
        CallStack.handOff(s, inner, new Details("purchase"), false);
        CallStack.clearHandoff(); // what the request's end does with a hand-off nobody took

        assertOnlyJdkObjects(CallStack.current());
    }

    /** Every object reachable from the state, arrays included, is of a class of the JDK. */
    static void assertOnlyJdkObjects(Object[] state) {
        for (Object o : state) {
            if (o == null) {
                continue;
            }
            assertThat(o.getClass().getClassLoader()).as("class loader of %s", o.getClass()).isNull();
            if (o instanceof Object[] nested) {
                assertOnlyJdkObjects(nested);
            }
        }
    }
}
