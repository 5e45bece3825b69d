import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the served beacon scripts (docs/beacon.md#size), run by interceptors/pom.xml in
 * process-resources with the JDK's single-file launcher:
 * {@code java src/build/BeaconBuild.java <source dir> <target dir> <beacon.js budget> <beacon-extras.js budget>}
 * (budgets in gzipped bytes).
 * <ol>
 *   <li>{@code npm ci} (terser at the version pinned in package-lock.json, into node_modules/);</li>
 *   <li>terser minifies beacon-extras.js into the target dir, the resource path CollectResource serves;</li>
 *   <li>pins that file's version (the first 16 hex digits of its SHA-256, as the server computes it)
 *       into beacon.js, which loads {@code beacon-extras.js?v=<version>}, cached for good with it;</li>
 *   <li>minifies beacon.js the same way;</li>
 *   <li>fails the build when either minified file, gzipped at level 9, is over its budget.</li>
 * </ol>
 * Needs Node.js with npm on the PATH; says so, and how to get it, when they are missing.
 */
public class BeaconBuild {

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    /** What beacon.js's readable source loads; the build replaces {@code dev} with the version. */
    private static final String EXTRAS_URL = "beacon-extras.js?v=dev";

    public static void main(String[] args) throws Exception {
        Path sources = Path.of(args[0]);
        Path target = Path.of(args[1]);
        long coreBudget = Long.parseLong(args[2]);
        long extrasBudget = Long.parseLong(args[3]);
        Path dir = Path.of("").toAbsolutePath();

        run(dir, "npm ci (terser, pinned in package-lock.json)", WINDOWS ? "npm.cmd" : "npm", "ci",
                "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error");
        Files.createDirectories(target);
        Path extras = minify(dir, sources.resolve("beacon-extras.js"), target.resolve("beacon-extras.js"), extrasBudget);

        String core = Files.readString(sources.resolve("beacon.js"), StandardCharsets.UTF_8);
        if (!core.contains(EXTRAS_URL)) {
            fail(sources.resolve("beacon.js") + " no longer loads '" + EXTRAS_URL + "', whose version the build pins");
        }
        Path pinned = dir.resolve(Path.of("target", "beacon-build", "beacon.js")); // not into the jar
        Files.createDirectories(pinned.getParent());
        Files.writeString(pinned, core.replace(EXTRAS_URL, "beacon-extras.js?v=" + version(Files.readAllBytes(extras))),
                StandardCharsets.UTF_8);
        minify(dir, pinned, target.resolve("beacon.js"), coreBudget);
    }

    private static Path minify(Path dir, Path source, Path target, long budget) throws Exception {
        run(dir, "terser", WINDOWS ? "node.exe" : "node", Path.of("node_modules", "terser", "bin", "terser").toString(),
                source.toString(), "--config-file", "terser.json", "--output", target.toString());
        byte[] raw = Files.readAllBytes(source);
        byte[] min = Files.readAllBytes(target);
        int gz = gzip(min).length;
        System.out.printf("[beacon] %s: %,d bytes (gzip %,d) -> %s: %,d bytes, gzip -9 %,d bytes (budget %,d)%n",
                source, raw.length, gzip(raw).length, target.getFileName(), min.length, gz, budget);
        if (gz > budget) {
            fail("the minified " + target.getFileName() + " is " + gz + " bytes gzipped, over its budget of " + budget
                    + " bytes (interceptors/pom.xml; docs/beacon.md#size)");
        }
        return target;
    }

    /** The first 16 hex digits of the SHA-256, as BeaconScript computes the served file's version. */
    static String version(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
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
