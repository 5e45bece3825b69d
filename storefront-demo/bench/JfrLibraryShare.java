import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much of the ON server's CPU the library spends itself, from a JFR recording made with
 * {@code BENCH_ON_JVM="-XX:StartFlightRecording=filename=/tmp/on.jfr,settings=profile"}:
 *
 * <pre>java storefront-demo/bench/JfrLibraryShare.java /tmp/on.jfr [JVM us per request]</pre>
 *
 * A sample on Liberty's executor threads (requests and the drain) is the library's when its
 * innermost {@code org.microconversions.interceptors} frame is doing work of its own: not a
 * filter's {@code doFilter} or the interceptor passing the call on to the shop's code, and not
 * a Weld client proxy. Prints the share, its us per request given the JVM's CPU per request
 * (from wrk-tracking.sh's table), and the library frames the samples fell in.
 */
public class JfrLibraryShare {

    private static final String LIBRARY = "org.microconversions.interceptors.";

    public static void main(String[] args) throws Exception {
        int executor = 0;
        int library = 0;
        Map<String, Integer> byFrame = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            String thread = e.getThread("sampledThread").getJavaName();
            if (thread == null || !thread.startsWith("Default Executor-thread")) {
                continue;
            }
            executor++;
            String own = ownFrame(e.getStackTrace().getFrames());
            if (own != null) {
                library++;
                byFrame.merge(own, 1, Integer::sum);
            }
        }
        double share = executor == 0 ? 0 : (double) library / executor;
        System.out.printf("executor samples %d, library's own %d (%.1f %%)%n", executor, library, share * 100);
        if (args.length > 1) {
            System.out.printf("at %s us of JVM CPU per request: about %.1f us per request in the library%n", args[1],
                    share * Double.parseDouble(args[1]));
        }
        byFrame.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(x -> System.out.printf("%7d  %s%n", x.getValue(), x.getKey()));
    }

    /** @return the innermost library frame doing its own work, or null (frames run innermost first) */
    private static String ownFrame(List<RecordedFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            String type = frames.get(i).getMethod().getType().getName();
            String method = frames.get(i).getMethod().getName();
            if (method.equals("proceed") && type.contains("InvocationContext")) {
                return null; // below this frame runs the shop's method, whatever the interceptor calls it from
            }
            if (!type.startsWith(LIBRARY) || type.contains("$Proxy$")) {
                continue;
            }
            if (method.equals("doFilter") && type.endsWith("Filter")) {
                return null; // passing the request on to the chain: the shop's work and Liberty's
            }
            return type.substring(type.lastIndexOf('.') + 1) + "." + method;
        }
        return null;
    }
}
