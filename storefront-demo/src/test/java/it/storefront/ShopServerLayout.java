package it.storefront;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * What a test that runs its own Liberty server (to kill it) copies into that server: the shop's
 * server.xml, the include and JDBC drivers as copyDependencies laid them out for the IT server,
 * and the WAR; and free ports, so it never meets the Arquillian-managed server that may be up.
 */
final class ShopServerLayout {

    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path TARGET = MODULE.resolve("target");
    static final Path WLP = TARGET.resolve("liberty/wlp");
    static final Path WAR = TARGET.resolve("storefront-demo.war");
    private static final Path CONFIG = MODULE.resolve("src/main/liberty/config");
    /** The include and the JDBC drivers, as copyDependencies laid them out for the IT server. */
    private static final Path INCLUDE_DIR = WLP.resolve("usr/servers/storefrontIT/microconversions");

    private ShopServerLayout() {
    }

    /** Fails the test unless the build (pre-integration-test) laid out what {@link #copyShop} copies. */
    static void assertBuilt() {
        for (Path p : java.util.List.of(WLP.resolve("bin/server"), WAR, CONFIG.resolve("server.xml"),
                INCLUDE_DIR.resolve("liberty-config.xml"), INCLUDE_DIR.resolve("postgresql.jar"))) {
            org.assertj.core.api.Assertions.assertThat(p).as("laid out by the build (pre-integration-test)").exists();
        }
    }

    /** Copies the shop's config files, the include with the drivers, and the WAR into a created server. */
    static void copyShop(Path serverDir) throws IOException {
        try (Stream<Path> xml = Files.list(CONFIG)) {
            for (Path p : xml.filter(p -> p.toString().endsWith(".xml")).toList()) {
                Files.copy(p, serverDir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path include = Files.createDirectories(serverDir.resolve("microconversions"));
        try (Stream<Path> files = Files.list(INCLUDE_DIR)) {
            for (Path p : files.toList()) {
                Files.copy(p, include.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(WAR, Files.createDirectories(serverDir.resolve("dropins")).resolve("storefront-demo.war"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return a port free on the loopback address now */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
