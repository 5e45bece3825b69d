import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Build check of the packaged storefront (bound to {@code package}, right after {@code war:war}):
 * every {@code WEB-INF/lib/*.jar} of the WAR and of the exploded webapp directory must be a real jar
 * file (not a directory, not empty), and the required library jars must be there.
 *
 * <p>A directory where a jar belongs is what a build that ran {@code liberty:run} on the library
 * modules used to leave behind (their artifact file pointed at {@code target/classes}); Liberty then
 * fails the deployment with WELD-001408 (a class of the library not found).
 *
 * <pre>java WarLibCheck.java WAR WEBAPP_DIR REQUIRED_JAR...</pre>
 * (WEBAPP_DIR {@code -}: check the WAR only)
 *
 * Runs as a single-file source program, so it needs no compiled classes (also with -Dmaven.test.skip).
 */
public final class WarLibCheck {

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java WarLibCheck.java WAR WEBAPP_DIR REQUIRED_JAR...");
            System.exit(2);
        }
        Path war = Path.of(args[0]);
        Path webapp = Path.of(args[1]);
        List<String> required = List.of(args).subList(2, args.length);
        List<String> problems = new ArrayList<>();
        checkWar(war, required, problems);
        if (!args[1].equals("-")) {
            checkWebappDir(webapp, required, problems);
        }
        if (!problems.isEmpty()) {
            System.err.println("[WarLibCheck] the packaged storefront is broken:");
            problems.forEach(p -> System.err.println("[WarLibCheck]   " + p));
            System.err.println("[WarLibCheck] rebuild it: ./mvnw -pl storefront-demo -am clean package -DskipTests");
            System.exit(1);
        }
        System.out.println("[WarLibCheck] " + war + (args[1].equals("-") ? "" : " and " + webapp) + ": WEB-INF/lib holds real jars, including "
                + String.join(", ", required));
    }

    private static void checkWar(Path war, List<String> required, List<String> problems) throws IOException {
        if (!Files.isRegularFile(war)) {
            problems.add(war + " is missing");
            return;
        }
        Set<String> jars = new TreeSet<>();
        Set<String> dirs = new TreeSet<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                String name = entry.getName();
                if (!name.startsWith("WEB-INF/lib/") || name.equals("WEB-INF/lib/")) {
                    continue;
                }
                String rest = name.substring("WEB-INF/lib/".length());
                int slash = rest.indexOf('/');
                String top = slash < 0 ? rest : rest.substring(0, slash);
                if (slash >= 0 || entry.isDirectory()) {
                    if (top.endsWith(".jar") && dirs.add(top)) {
                        problems.add(war.getFileName() + "!/WEB-INF/lib/" + top + " is a directory, not a jar");
                    }
                    continue;
                }
                if (!name.endsWith(".jar")) {
                    continue;
                }
                jars.add(top);
                try (InputStream in = zip.getInputStream(entry)) {
                    if (!isJar(in)) {
                        problems.add(war.getFileName() + "!/" + name + " is not a jar (empty or not a zip)");
                    }
                }
            }
        }
        for (String jar : required) {
            if (!jars.contains(jar) && !dirs.contains(jar)) {
                problems.add(war.getFileName() + "!/WEB-INF/lib/" + jar + " is missing");
            }
        }
    }

    private static void checkWebappDir(Path webapp, List<String> required, List<String> problems) throws IOException {
        Path lib = webapp.resolve("WEB-INF/lib");
        if (!Files.isDirectory(lib)) {
            problems.add(lib + " is missing");
            return;
        }
        try (var entries = Files.list(lib)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".jar")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    problems.add(p + " is a directory, not a jar");
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        if (!isJar(in)) {
                            problems.add(p + " is not a jar (empty or not a zip)");
                        }
                    }
                }
            }
        }
        for (String jar : required) {
            if (!Files.exists(lib.resolve(jar))) {
                problems.add(lib.resolve(jar) + " is missing");
            }
        }
    }

    /** @return whether the stream is a zip with at least one entry */
    private static boolean isJar(InputStream in) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(in)) {
            return zip.getNextEntry() != null;
        }
    }
}
