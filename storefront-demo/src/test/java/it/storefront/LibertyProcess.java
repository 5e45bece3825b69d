package it.storefront;

import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One real Open Liberty server of the runtime the build lays out in {@code target/liberty/wlp}, driven
 * without Arquillian (which cannot survive a kill): {@code bin/server create}, the shop's server config,
 * the include and the JDBC drivers as copyDependencies laid them out, {@code target/storefront-demo.war}
 * in dropins, random ports on 127.0.0.1, then {@code bin/server start/stop} and SIGKILL. The server's JVM
 * is found through {@code usr/servers/.pid/NAME.pid}, cross-checked against its command line
 * {@code ... ws-server.jar NAME}, so only this server's JVM is ever killed.
 */
final class LibertyProcess implements AutoCloseable {

    static final Path TARGET = ShopServerLayout.TARGET;
    private static final Path WLP = ShopServerLayout.WLP;

    final String name;
    final Path serverDir;
    final String base;
    private final Path logs;
    private final int httpPort;
    private final int httpsPort;
    private volatile ProcessHandle jvm;

    LibertyProcess(String name, Path logs) throws IOException {
        this.name = name;
        this.serverDir = WLP.resolve("usr/servers").resolve(name);
        this.logs = logs;
        this.httpPort = ShopServerLayout.freePort();
        this.httpsPort = ShopServerLayout.freePort();
        this.base = "http://127.0.0.1:" + httpPort;
    }

    /** Asserts the build laid out what a server needs (pre-integration-test). */
    static void assertLaidOut() {
        ShopServerLayout.assertBuilt();
    }

    /** Creates the server on PostgreSQL {@code jdbcUrl}, with {@code jvmOptions} as jvm.options lines. */
    void create(String jdbcUrl, List<String> jvmOptions) throws Exception {
        create(List.of("mc.db.url=" + jdbcUrl, "mc.db.user=postgres", "mc.db.password=postgres"), jvmOptions);
    }

    /**
     * Creates the server with the shop and its defaults (embedded Derby unless {@code variables}
     * say otherwise), {@code variables} as {@code name=value} lines of bootstrap.properties and
     * {@code jvmOptions} as jvm.options lines.
     */
    void create(List<String> variables, List<String> jvmOptions) throws Exception {
        Files.createDirectories(logs);
        deleteTree(serverDir);
        run(Duration.ofSeconds(90), "create", List.of(WLP.resolve("bin/server").toString(), "create", name));
        ShopServerLayout.copyShop(serverDir);
        List<String> bootstrap = new ArrayList<>(List.of("http.port=" + httpPort, "https.port=" + httpsPort));
        bootstrap.addAll(variables);
        bootstrap.add("");
        Files.writeString(serverDir.resolve("bootstrap.properties"), String.join("\n", bootstrap));
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("");
        Files.writeString(serverDir.resolve("jvm.options"), String.join("\n", options));
    }

    /** Rewrites the server's copy of the library's Liberty include (liberty-config.xml), e.g. its data source. */
    void editInclude(UnaryOperator<String> edit) throws IOException {
        Path include = serverDir.resolve("microconversions/liberty-config.xml");
        Files.writeString(include, edit.apply(Files.readString(include)));
    }

    /** Deploys {@code war} instead of the shop's own WAR. */
    void deploy(WebArchive war) {
        war.as(ZipExporter.class).exportTo(serverDir.resolve("dropins/storefront-demo.war").toFile(), true);
    }

    /** @return the server's messages.log so far */
    String messages() throws IOException {
        return Files.readString(serverDir.resolve("logs/messages.log"));
    }

    /** {@code server start}, then waits until the shop answers; {@code label} names the start's log. */
    void start(HttpClient http, String label) throws Exception {
        run(Duration.ofSeconds(150), label, List.of(WLP.resolve("bin/server").toString(), "start", name));
        ProcessHandle started = serverJvm();
        jvm = started;
        Path messagesLog = serverDir.resolve("logs/messages.log");
        boolean up = waitFor(Duration.ofSeconds(120), () -> {
            String failure = applicationFailure(messagesLog);
            if (failure != null) {
                stop();
                fail("storefront-demo did not start on server " + name + ": " + failure);
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create(base + "/api/cart"))
                        .timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        if (!up) {
            stop();
            fail("the shop did not answer on " + base + " within 120 s of server start; see " + logs);
        }
        assertThat(Files.readString(messagesLog)).as("%s/logs/messages.log", serverDir)
                .contains("CWWKZ0001I: Application storefront-demo started");
    }

    boolean alive() {
        ProcessHandle p = jvm;
        return p != null && p.isAlive();
    }

    /** SIGKILL to the server's JVM; returns once it is gone. */
    void kill() throws Exception {
        ProcessHandle p = jvm;
        assertThat(p).as("running JVM of server %s", name).isNotNull();
        assertThat(p.destroyForcibly()).as("SIGKILL sent to %s", p.pid()).isTrue();
        p.onExit().get(30, TimeUnit.SECONDS);
        assertThat(p.isAlive()).isFalse();
        jvm = null;
    }

    /** {@code server stop}; SIGKILL if the JVM is still there after it. Never throws. */
    void stop() {
        ProcessHandle p = jvm;
        try {
            if (p != null && p.isAlive()
                    || !ProcessHandle.allProcesses().filter(this::isServerJvm).toList().isEmpty()) {
                run(Duration.ofSeconds(60), "stop", List.of(WLP.resolve("bin/server").toString(), "stop", name));
            }
        } catch (Exception | AssertionError e) {
            System.err.println("[LibertyProcess] server " + name + " stop failed: " + e);
        }
        List<ProcessHandle> left = new ArrayList<>(ProcessHandle.allProcesses().filter(this::isServerJvm).toList());
        if (p != null && p.isAlive()) {
            left.add(p);
        }
        for (ProcessHandle h : left) {
            System.err.println("[LibertyProcess] killing leftover Liberty JVM " + h.pid() + " of server " + name);
            h.destroyForcibly();
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("[LibertyProcess] " + h.pid() + " did not exit: " + e);
            }
        }
        jvm = null;
    }

    /** Stops the server if it runs and keeps its messages.log under the logs directory. */
    @Override
    public void close() {
        stop();
        Path from = serverDir.resolve("logs/messages.log");
        try {
            if (Files.exists(from)) {
                Files.copy(from, logs.resolve(name + "-messages.log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[LibertyProcess] could not copy " + from + ": " + e);
        }
    }

    /** Removes the server's directory (after a passing test; a failing one keeps it to look at). */
    void delete() {
        deleteTree(serverDir);
    }

    /** @return the first line of an application start failure in messages.log, or null */
    private static String applicationFailure(Path messagesLog) {
        try {
            if (!Files.exists(messagesLog)) {
                return null;
            }
            return Files.readAllLines(messagesLog, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("CWWKZ0002E") || l.contains("CWWKZ0004E") || l.contains("CWWKZ0013E"))
                    .findFirst().map(l -> l.length() > 1_000 ? l.substring(0, 1_000) : l).orElse(null);
        } catch (IOException | UncheckedIOException e) {
            return null; // being written: read it on the next poll
        }
    }

    private ProcessHandle serverJvm() throws IOException {
        Path pidFile = WLP.resolve("usr/servers/.pid/" + name + ".pid");
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> p = ProcessHandle.of(pid).filter(this::isServerJvm);
            if (p.isPresent()) {
                return p.get();
            }
        }
        List<ProcessHandle> jvms = ProcessHandle.allProcesses().filter(this::isServerJvm).toList();
        assertThat(jvms).as("Liberty JVMs running server %s", name).hasSize(1);
        return jvms.get(0);
    }

    private boolean isServerJvm(ProcessHandle p) {
        List<String> args = commandLine(p);
        int jar = args.indexOf("-jar");
        return p.isAlive() && jar >= 0 && jar + 2 < args.size() && args.get(jar + 1).endsWith("ws-server.jar")
                && args.get(jar + 2).equals(name)
                && args.get(jar + 1).startsWith(WLP.toString());
    }

    private static List<String> commandLine(ProcessHandle p) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException | RuntimeException e) {
            return List.of(); // gone, or not ours to read
        }
    }

    private void run(Duration timeout, String label, List<String> command) throws Exception {
        Path out = logs.resolve(name + "-" + label + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("server " + name + " " + label + " took more than " + timeout + "; see " + out);
        }
        assertThat(p.exitValue()).as("exit code of server %s %s (%s): %s", name, label, out, Files.readString(out))
                .isZero();
    }

    static boolean waitFor(Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[LibertyProcess] could not delete " + dir + ": " + e);
        }
    }
}
