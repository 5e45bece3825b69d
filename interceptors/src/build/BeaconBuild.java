import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the served beacon script (docs/beacon.md#size), run by interceptors/pom.xml in
 * process-resources with the JDK's single-file launcher:
 * {@code java src/build/BeaconBuild.java <source> <target> <gzip budget in bytes>}.
 * <ol>
 *   <li>{@code npm ci} (terser at the version pinned in package-lock.json, into node_modules/);</li>
 *   <li>terser minifies the readable source (src/main/js/beacon.js) with terser.json into target,
 *       the resource path CollectResource serves;</li>
 *   <li>fails the build when the minified script, gzipped at level 9, is over the budget.</li>
 * </ol>
 * Needs Node.js with npm on the PATH; says so, and how to get it, when they are missing.
 */
public class BeaconBuild {

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        long budget = Long.parseLong(args[2]);
        Path dir = Path.of("").toAbsolutePath();

        run(dir, "npm ci (terser, pinned in package-lock.json)", WINDOWS ? "npm.cmd" : "npm", "ci",
                "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error");
        Files.createDirectories(target.getParent());
        run(dir, "terser", WINDOWS ? "node.exe" : "node", Path.of("node_modules", "terser", "bin", "terser").toString(),
                source.toString(), "--config-file", "terser.json", "--output", target.toString());

        byte[] raw = Files.readAllBytes(source);
        byte[] min = Files.readAllBytes(target);
        int gz = gzip(min).length;
        System.out.printf("[beacon] %s: %,d bytes (gzip %,d) -> %s: %,d bytes, gzip -9 %,d bytes (budget %,d)%n",
                source, raw.length, gzip(raw).length, target.getFileName(), min.length, gz, budget);
        if (gz > budget) {
            fail("the minified beacon script is " + gz + " bytes gzipped, over its budget of " + budget
                    + " bytes (beacon.gzip.budget in interceptors/pom.xml; docs/beacon.md#size)");
        }
    }

    /** gzip at level 9, as the budget counts it (the same as {@code gzip -9}, give or take the header). */
    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    private static void run(Path dir, String what, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        } catch (IOException e) {
            fail("cannot run '" + command[0] + "' (" + e.getMessage() + "). The beacon script is minified at build time"
                    + " with terser from npm (interceptors/package.json): put Node.js 18 or later, with npm, on the PATH"
                    + " (Debian/Ubuntu: apt-get install nodejs npm; others: https://nodejs.org).");
            return;
        }
        int rc = p.waitFor();
        if (rc != 0) {
            fail(what + " failed (exit " + rc + ", in " + dir + File.separator + "). npm ci needs the npm registry,"
                    + " or an npm cache that already holds the locked packages (it runs with --prefer-offline).");
        }
    }

    private static void fail(String message) {
        System.err.println("[beacon] BUILD FAILURE: " + message);
        System.exit(1);
    }
}
