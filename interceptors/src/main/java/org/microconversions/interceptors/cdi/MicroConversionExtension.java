package org.microconversions.interceptors.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import org.microconversions.api.MicroConversion;
import org.microconversions.interceptors.config.Configuration;
import org.microconversions.interceptors.config.Settings;
import org.microconversions.interceptors.record.MethodPlan;
import org.microconversions.interceptors.record.MethodPlans;
import org.microconversions.interceptors.record.PlanCache;
import org.microconversions.interceptors.record.Recorder;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Finds every {@link MicroConversion} use at deployment, validates it, and prepares a
 * {@link MethodPlan} per method, so a bad name or setting fails the deployment (naming the
 * method or key) rather than the first call, and the interceptor only looks a plan up.
 *
 * <p>It also reads the whole configuration once ({@link Configuration}: every component's
 * {@link org.microconversions.interceptors.config.ConfigSection}), reports every problem of it
 * together with the annotations' problems, and adds each section's record as a {@code @Singleton}
 * bean, which the components inject instead of reading config.
 */
public class MicroConversionExtension implements Extension, MethodPlans {

    private static final Logger LOG = Logger.getLogger(MicroConversionExtension.class.getName());

    private final Map<Method, MethodPlan> plans = new ConcurrentHashMap<>();
    private final PlanCache planner = new PlanCache(this::plan);
    private final List<String> problems = new ArrayList<>();
    private volatile Configuration configuration;
    private volatile ClassLoader application;

    <T> void collect(@Observes @WithAnnotations(MicroConversion.class) ProcessAnnotatedType<T> pat) {
        AnnotatedType<T> type = pat.getAnnotatedType();
        if (type.isAnnotationPresent(Interceptor.class)) {
            return; // the binding on an interceptor class declares what it binds to
        }
        MicroConversion onType = type.getAnnotation(MicroConversion.class);
        for (AnnotatedMethod<? super T> am : type.getMethods()) {
            Method m = am.getJavaMember();
            MicroConversion onMethod = am.getAnnotation(MicroConversion.class);
            if (m.getDeclaringClass() == Object.class || (onMethod == null && onType == null)) {
                continue;
            }
            int mod = m.getModifiers();
            if (Modifier.isPrivate(mod) || Modifier.isStatic(mod)) {
                if (onMethod != null) {
                    problems.add(describe(m) + " is " + (Modifier.isPrivate(mod) ? "private" : "static")
                            + ": CDI never intercepts it, so @MicroConversion would record nothing");
                }
                continue;
            }
            try {
                plans.put(m, MethodPlan.of(m, onMethod != null ? onMethod : onType));
            } catch (IllegalArgumentException e) {
                problems.add("@MicroConversion on " + describe(m) + ": " + e.getMessage());
            }
        }
    }

    /**
     * Reads every configuration section once (the one read of the deployment), publishes the result
     * for the servlet initializer, and makes each section's record an injectable {@code @Singleton}.
     */
    void configure(@Observes AfterBeanDiscovery abd) {
        application = Thread.currentThread().getContextClassLoader();
        Configuration c = Configuration.load(application);
        configuration = c;
        Configuration.publish(application, c);
        for (Class<?> type : c.types()) {
            addBean(abd, type);
        }
        abd.<Advice>addBean().types(Advice.class, Object.class).scope(Singleton.class)
                .produceWith(beans -> new Advice(planner, beans.select(Recorder.class).get().invocations()));
    }

    private <T> void addBean(AfterBeanDiscovery abd, Class<T> type) {
        abd.<T>addBean().types(type, Object.class).scope(Singleton.class)
                .createWith(ignored -> configuration.get(type));
    }

    void validate(@Observes AfterDeploymentValidation adv) {
        Configuration c = configuration;
        c.problems().ifPresent(e -> adv.addDeploymentProblem(new DeploymentException(e.getMessage(), e)));
        Settings s = c.find(Settings.class).orElse(null);
        if (s != null) {
            plans.replaceAll((m, p) -> p.resolved(s.durable()));
            for (Map.Entry<Method, MethodPlan> e : plans.entrySet()) {
                if (!s.allows(e.getValue().name())) {
                    problems.add("@MicroConversion on " + describe(e.getKey()) + ": name '" + e.getValue().name()
                            + "' is not in microconversions.names.allowed");
                }
            }
        }
        for (String problem : problems) {
            adv.addDeploymentProblem(new DeploymentException(problem));
        }
        LOG.fine(() -> "Prepared " + plans.size() + " @MicroConversion methods");
    }

    void forget(@Observes BeforeShutdown shutdown) {
        Configuration.unpublish(application);
    }

    /** @return the settings validated at deployment */
    public Settings settings() {
        return configuration.get(Settings.class);
    }

    @Override
    public MethodPlan plan(Method method) {
        MethodPlan p = plans.get(method);
        return p != null ? p : plans.computeIfAbsent(method, this::late);
    }

    @Override
    public Function<Method, MethodPlan> planner() {
        return planner;
    }

    /** A method CDI did not show us at deployment, e.g. a JAX-RS resource that is not a CDI bean. */
    private MethodPlan late(Method m) {
        MicroConversion a = m.getAnnotation(MicroConversion.class);
        if (a == null) {
            a = m.getDeclaringClass().getAnnotation(MicroConversion.class);
        }
        if (a == null) {
            return MethodPlan.NONE;
        }
        try {
            MethodPlan p = MethodPlan.of(m, a).resolved(settings().durable());
            if (settings().allows(p.name())) {
                return p;
            }
            LOG.severe("@MicroConversion on " + describe(m) + ": name '" + p.name()
                    + "' is not in microconversions.names.allowed; not recorded");
        } catch (IllegalArgumentException e) {
            LOG.severe("@MicroConversion on " + describe(m) + ": " + e.getMessage() + "; not recorded");
        }
        return MethodPlan.NONE;
    }

    static String describe(Method m) {
        return m.getDeclaringClass().getName() + "#" + m.getName() + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
    }
}
